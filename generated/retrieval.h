/*1:*/
#line 20 "chapters/retrieval.w"

#ifndef MHICL_RETRIEVAL_H
#define MHICL_RETRIEVAL_H
#include <stddef.h> 
#include <stdint.h> 
#include <stdio.h> 
#include "support.h"
#include "transformer.h"
/*5:*/
#line 98 "chapters/retrieval.w"

typedef struct{
size_t V,N,K,D;
int ic,query,marker,bos,shuffle,distinct_values;
}retrieval_spec;

/*:5*//*8:*/
#line 121 "chapters/retrieval.w"

typedef struct{
const char*key;
size_t offset;
int is_switch;
size_t lo,hi;
const char*doc;
}retrieval_key;

/*:8*//*13:*/
#line 254 "chapters/retrieval.w"

typedef struct{
size_t K,D;
size_t*values,*vars,*order,*within;
size_t query_chain;
}retrieval_draw;

typedef struct{
size_t T,K,D;
int*tok;
int*label;
int*depth;
int*chain,*slot;
int*slot_pos;
int query_pos;
retrieval_draw draw;
}retrieval_seq;

/*:13*//*20:*/
#line 448 "chapters/retrieval.w"

typedef struct{
size_t D;
size_t*correct,*total;
}retrieval_acc;

/*:20*//*32:*/
#line 752 "chapters/retrieval.w"

typedef struct{
size_t layers,T,D;
int*lo,*hi;
}retrieval_flow;

/*:32*/
#line 28 "chapters/retrieval.w"

/*6:*/
#line 104 "chapters/retrieval.w"

void retrieval_spec_default(retrieval_spec*s);
int retrieval_spec_set(retrieval_spec*s,const char*key,const char*value,char*err,
size_t len);
int retrieval_spec_check(const retrieval_spec*s,char*err,size_t len);
void retrieval_spec_help(FILE*f);

/*:6*//*11:*/
#line 213 "chapters/retrieval.w"

size_t retrieval_vocab(const retrieval_spec*s);
size_t retrieval_length(const retrieval_spec*s);
int retrieval_token_name(const retrieval_spec*s,int tok,char*buf,size_t len);

/*:11*//*14:*/
#line 272 "chapters/retrieval.w"

retrieval_seq*retrieval_seq_alloc(const retrieval_spec*s);
void retrieval_seq_free(retrieval_seq*q);
void retrieval_layout(const retrieval_spec*s,retrieval_seq*q);
void retrieval_sample(const retrieval_spec*s,uint64_t seed,uint64_t stream,uint64_t k,
retrieval_seq*q);
size_t retrieval_seq_text(const retrieval_spec*s,const retrieval_seq*q,char*buf,
size_t len);

/*:14*//*21:*/
#line 454 "chapters/retrieval.w"

void retrieval_acc_init(retrieval_acc*a,size_t D);
void retrieval_acc_free(retrieval_acc*a);
void retrieval_acc_add(retrieval_acc*a,const retrieval_seq*q,const int*pred);
interval wilson_interval(size_t successes,size_t trials,double z);
interval retrieval_acc_interval(const retrieval_acc*a,size_t bin,double z);
double retrieval_chance(const retrieval_spec*s);

/*:21*//*23:*/
#line 518 "chapters/retrieval.w"

int retrieval_key_known(const char*key);
void retrieval_spec_write(FILE*f,const retrieval_spec*s);
void retrieval_batch_row(const retrieval_seq*q,prompt_batch*bt,size_t b);
void retrieval_fill_batch(const retrieval_spec*s,uint64_t seed,uint64_t stream,
uint64_t first,prompt_batch*bt);

/*:23*//*26:*/
#line 575 "chapters/retrieval.w"

typedef void(*retrieval_visit)(model*m,retrieval_seq*const*q,size_t B,void*ctx);
void retrieval_run_stream(model*m,const retrieval_spec*s,uint64_t seed,uint64_t stream,
size_t count,size_t batch,retrieval_visit visit,void*ctx);
void retrieval_evaluate(model*m,const retrieval_spec*s,uint64_t seed,uint64_t stream,
size_t count,size_t batch,retrieval_acc*acc);
void retrieval_acc_write_csv(FILE*f,const retrieval_acc*a,const retrieval_spec*s,
uint64_t seed,double z);

/*:26*//*33:*/
#line 758 "chapters/retrieval.w"

int retrieval_flow_run(const retrieval_seq*q,size_t chain,size_t layers,int causal,
retrieval_flow*f);
void retrieval_flow_free(retrieval_flow*f);
size_t retrieval_flow_size(const retrieval_flow*f,size_t l,size_t p);
size_t retrieval_flow_max(const retrieval_flow*f,size_t l);
int retrieval_flow_holds(const retrieval_flow*f,size_t l,int p,int first,int last);

/*:33*//*37:*/
#line 897 "chapters/retrieval.w"

void retrieval_pointer_doubling(const retrieval_spec*s,const retrieval_seq*q,size_t layers,
int*ptr);

/*:37*//*40:*/
#line 993 "chapters/retrieval.w"

size_t retrieval_construction_layers(size_t D);
model*retrieval_construct(const retrieval_spec*s,size_t layers,double lambda,size_t B_max,
char*err,size_t len);

/*:40*//*44:*/
#line 1119 "chapters/retrieval.w"

model*retrieval_construct_elimination(const retrieval_spec*s,double lambda,int same_token,
size_t B_max,char*err,size_t len);

/*:44*/
#line 29 "chapters/retrieval.w"

#endif
#line 31 "chapters/retrieval.w"

/*:1*/
