/*1:*/
#line 10 "chapters/he2025.w"

#ifndef MHICL_HE2025_H
#define MHICL_HE2025_H
#include <stddef.h> 
#include <stdint.h> 
#include "train.h"
#include "reproduce.h"
/*3:*/
#line 62 "chapters/he2025.w"

typedef struct{
const char*name;
size_t steps,batch;
size_t risk_prompts;
size_t length_prompts;
size_t seeds;
}he_scale;

typedef struct{
char name[64];
attn_kind attn;
size_t heads;
uint64_t seed;
double rho;
}he_run;

/*:3*//*6:*/
#line 158 "chapters/he2025.w"

typedef struct{
size_t H,C;
attn_kind attn;
size_t n_fixed;
gsl_matrix**KQ;
gsl_vector**OV;
}he_circuits;

/*:6*//*16:*/
#line 471 "chapters/he2025.w"

typedef struct{
const he_scale*sc;
size_t n_runs;
he_run*runs;
size_t n_mt;
he_run*mt;
}he_grid;

/*:16*//*39:*/
#line 1099 "chapters/he2025.w"

typedef struct{
size_t H,d;
gsl_matrix**KQ;
gsl_vector**OV[2];
}he_mt_circuits;

/*:39*/
#line 17 "chapters/he2025.w"

/*4:*/
#line 79 "chapters/he2025.w"

#define HE_D 5
#define HE_L 40
#define HE_SIGMA2 0.1
#define HE_RHO 0.5  
#define HE_MODELS 8  
const he_scale*he_scale_named(const char*name);
size_t he_run_list(size_t seeds,he_run*out,size_t max);
void he_train_config(const he_scale*sc,const he_run*r,size_t threads,train_config*c);
const char*he_attn_name(attn_kind a);

/*:4*//*7:*/
#line 167 "chapters/he2025.w"

he_circuits*he_circuits_of(const model*m);
void he_circuits_free(he_circuits*c);
double he_predict(const he_circuits*c,const task*t);
int he_is_paper_layer(const model_config*c);

/*:7*//*10:*/
#line 265 "chapters/he2025.w"

int he_analyze(const model*m,const he_scale*sc,const he_run*r,const char*dir,char*err,
size_t len);

/*:10*//*17:*/
#line 480 "chapters/he2025.w"

int he_plan(const char*scale,size_t seeds,size_t threads,const char*dir,grid_plan*p,
char*err,size_t len);
int he_analyze_checkpoint(const char*ckpt,const char*scale,const char*dir,char*err,
size_t len);

/*:17*//*21:*/
#line 659 "chapters/he2025.w"

void he_effective_preconditioner(const he_circuits*c,gsl_matrix*Gamma);
double he_cosine(const gsl_matrix*A,const gsl_matrix*B);

/*:21*//*29:*/
#line 887 "chapters/he2025.w"

#define HE_TRACE_POINTS 50
size_t he_trace_steps(size_t steps,size_t*out);

/*:29*//*40:*/
#line 1106 "chapters/he2025.w"

#define HE_MT_D 6
#define HE_MT_DK 4
#define HE_MT_L 48
size_t he_mt_run_list(size_t seeds,he_run*out,size_t max);
size_t he_mt_steps(const he_scale*sc);
void he_mt_train_config(const he_scale*sc,const he_run*r,size_t threads,train_config*c);
he_mt_circuits*he_mt_circuits_of(const model*m);
void he_mt_circuits_free(he_mt_circuits*c);
void he_mt_precond(const he_mt_circuits*c,size_t k,gsl_matrix*P);
int he_mt_unit(const he_scale*sc,const he_run*r,size_t threads,const char*dir,char*err,
size_t len);
int he_mt_join(const char*dir,const he_run*runs,size_t n,char*err,size_t len);
int he_mt_serves(const he_mt_circuits*c,size_t h);
int he_mt_splits(const he_mt_circuits*c);

/*:40*/
#line 18 "chapters/he2025.w"

#endif
#line 20 "chapters/he2025.w"

/*:1*/
