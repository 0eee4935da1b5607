/*1:*/
#line 20 "chapters/interpret.w"

#ifndef MHICL_INTERPRET_H
#define MHICL_INTERPRET_H
#include <stdio.h> 
#include "risk.h"
#include "train.h"
/*7:*/
#line 150 "chapters/interpret.w"

typedef struct{size_t layer,head;double risk,delta,delta_se,share;}head_effect;

/*:7*//*10:*/
#line 212 "chapters/interpret.w"

typedef enum{PRUNE_FULL,PRUNE_LATER,PRUNE_ONE_LAYER,PRUNE_FIRST}prune_kind;
typedef struct{prune_kind kind;size_t layer;double risk,risk_se,delta,delta_se;}prune_row;

/*:10*//*17:*/
#line 426 "chapters/interpret.w"

typedef enum{PROBE_RAW,PROBE_STATE,PROBE_WRITE,PROBE_SOURCES}probe_source;

/*:17*/
#line 26 "chapters/interpret.w"

/*3:*/
#line 47 "chapters/interpret.w"

size_t probe_context(const train_config*c);
size_t probe_position(const train_config*c);
void probe_fill(const train_config*c,uint64_t stream,uint64_t first,prompt_batch*bt,task*t,
double*signal);

/*:3*//*5:*/
#line 89 "chapters/interpret.w"

void probe_errors(model*m,const train_config*c,uint64_t stream,size_t prompts,
size_t threads,double*err);

/*:5*//*8:*/
#line 153 "chapters/interpret.w"

size_t head_importance(model*m,const train_config*c,size_t prompts,size_t threads,
mc_summary*full,head_effect*out);
size_t best_head(const head_effect*eff,size_t count,size_t layer);

/*:8*//*11:*/
#line 216 "chapters/interpret.w"

extern const char*const prune_kind_names[];
size_t prune_heads(model*m,const train_config*c,const head_effect*eff,size_t count,
size_t prompts,size_t threads,prune_row*rows);

/*:11*//*14:*/
#line 283 "chapters/interpret.w"

void linear_probe(model*m,const train_config*c,size_t train_prompts,size_t eval_prompts,
mc_summary*risk);
int ridge_probe_fit(const double*H,const double*y,size_t P,size_t C,double*w);
double ridge_probe_predict(const double*w,const double*h,size_t C);

/*:14*//*18:*/
#line 429 "chapters/interpret.w"

extern const char*const probe_source_names[PROBE_SOURCES];
extern const double probe_etas[];
extern const size_t n_probe_etas;
void gd_probe_errors(model*m,const train_config*c,uint64_t stream,size_t prompts,
probe_source src,const unsigned*ts,size_t nts,double*err);
void gd_probe(model*m,const train_config*c,const unsigned*ts,size_t nts,size_t tune,
size_t prompts,mc_summary out[PROBE_SOURCES][32],mc_summary gain[PROBE_SOURCES][32]);

/*:18*//*22:*/
#line 578 "chapters/interpret.w"

void dump_activations(const model*m,FILE*f);

/*:22*/
#line 27 "chapters/interpret.w"

#endif
#line 29 "chapters/interpret.w"

/*:1*/
