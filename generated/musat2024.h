/*1:*/
#line 16 "chapters/musat2024.w"

#ifndef MHICL_MUSAT2024_H
#define MHICL_MUSAT2024_H
#include <stddef.h> 
#include <stdint.h> 
#include <stdio.h> 
#include "transformer.h"
#include "retrieval.h"
#include "reproduce.h"
/*3:*/
#line 68 "chapters/musat2024.w"

typedef struct{
const char*name;
size_t V,N,K,d_model,d_head,heads;
size_t steps,warmup,batch,eval_every,eval_prompts,final_prompts;
double lr,init_std;
int cosine;
size_t ic_layers,ic_depth;
size_t n_pairs,pairs[12][2];
}musat_scale;

typedef struct{
int ic;
size_t layers,D;
uint64_t seed;
char name[96];
}musat_run;

/*:3*//*7:*/
#line 188 "chapters/musat2024.w"

enum{ROLE_PREV,ROLE_SAME,ROLE_HALF,ROLE_HOP,ROLE_ROOT,ROLES};

/*:7*//*20:*/
#line 590 "chapters/musat2024.w"

typedef struct{
const musat_scale*sc;
const musat_run*r;
const char*dir;
size_t threads,L,H;
int saved;
size_t saved_step;
double*hist,*acc_hist;
size_t*steps;
FILE**f;
char**body;
size_t*body_len;
}musat_unit_state;

/*:20*//*25:*/
#line 740 "chapters/musat2024.w"

typedef struct{
const musat_scale*sc;
size_t seeds,n_runs;
musat_run*runs;
}musat_grid;

/*:25*//*36:*/
#line 1242 "chapters/musat2024.w"

typedef struct{
char word[16];
size_t n,correct;
double*sum;
char(*names)[16];
}musat_layout;

/*:36*/
#line 25 "chapters/musat2024.w"

/*5:*/
#line 118 "chapters/musat2024.w"

const musat_scale*musat_scale_named(const char*name);
size_t musat_run_list(const musat_scale*sc,size_t seeds,musat_run*out,size_t max);
int musat_train_config(const musat_scale*sc,const musat_run*r,size_t threads,
train_config*c,char*err,size_t len);

/*:5*//*10:*/
#line 266 "chapters/musat2024.w"

extern const char*const musat_role_names[];
void musat_roles(model*m,const retrieval_spec*s,uint64_t seed,size_t count,double*score,
double*mean);
int musat_best_role(const double*score);
model*musat_ablation_model(const model*m);
void musat_ablate(model*ab,const model*m,size_t l,size_t h,const double*mean);

/*:10*//*21:*/
#line 605 "chapters/musat2024.w"

extern void(*musat_record_hook)(size_t records);

/*:21*//*26:*/
#line 747 "chapters/musat2024.w"

int musat_plan(const char*scale,size_t seeds,size_t threads,const char*dir,grid_plan*p,
char*err,size_t len);
int musat_reproduce(const char*scale,const char*dir,size_t seeds,size_t threads,char*err,
size_t len);
int musat_unit(const musat_scale*sc,const musat_run*r,const char*dir,size_t threads,
char*err,size_t len);
int musat_analyze_checkpoint(const char*ckpt,const char*dir,char*err,size_t len);

/*:26*//*31:*/
#line 1124 "chapters/musat2024.w"

typedef struct{
size_t T,D;
size_t*correct,*total;
int query_pos;
}musat_positions;
void musat_position_tally(model*m,const retrieval_spec*s,uint64_t seed,size_t count,
size_t batch,musat_positions*pt);
void musat_positions_free(musat_positions*pt);

/*:31*//*33:*/
#line 1193 "chapters/musat2024.w"

int musat_layout_applies(const retrieval_spec*s);
void musat_layout_of(const retrieval_seq*q,char*word);
void musat_slot_name(const retrieval_seq*q,size_t t,char*buf,size_t len);

/*:33*//*34:*/
#line 1202 "chapters/musat2024.w"

#define MUSAT_MAX_LAYOUTS 252  

/*:34*//*37:*/
#line 1250 "chapters/musat2024.w"

size_t musat_layout_collect(model*m,const retrieval_spec*s,uint64_t seed,size_t count,
size_t batch,musat_layout*lay);
void musat_layout_free(musat_layout*lay,size_t n);

/*:37*//*39:*/
#line 1317 "chapters/musat2024.w"

double musat_layout_carried(const musat_layout*y,size_t L,size_t H,size_t T,int*carrier);

/*:39*//*41:*/
#line 1362 "chapters/musat2024.w"

double musat_layout_homogeneity(const musat_layout*lay,size_t n,double*p);

/*:41*//*45:*/
#line 1457 "chapters/musat2024.w"

void musat_dump(model*m,const retrieval_spec*s,uint64_t seed,uint64_t first,size_t count,
FILE*f);

/*:45*/
#line 26 "chapters/musat2024.w"

#endif
#line 28 "chapters/musat2024.w"

/*:1*/
