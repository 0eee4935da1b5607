/*1:*/
#line 14 "chapters/construct.w"

#ifndef MHICL_CONSTRUCT_H
#define MHICL_CONSTRUCT_H
#include "tasks.h"
#include "estimators.h"
#include "transformer.h"
#include "train.h"
/*3:*/
#line 51 "chapters/construct.w"

model_config construct_config(size_t d,size_t n_max,size_t layers,size_t first_heads);
void construct_gd_layer(model*m,size_t l,size_t first_row,double eta,const gsl_matrix*P);

/*:3*//*6:*/
#line 105 "chapters/construct.w"

void construct_preprocess_layer(model*m,size_t H);
void construct_pto(model*m,size_t H,double eta,unsigned t);
void est_pto_grouped(moments*mo,size_t H,double eta,unsigned t,gsl_vector*beta_hat);

/*:6*//*9:*/
#line 195 "chapters/construct.w"

void pto_grouped_path(moments*mo,size_t H,double eta,int relative,const unsigned*ts,
size_t nts,gsl_matrix*B);
void grouped_head_risk(const task_spec*spec,size_t n,size_t H,size_t tune,size_t eval,
uint64_t seed,double*out);

/*:9*//*11:*/
#line 254 "chapters/construct.w"

double construct_predict(model*m,const task*t,size_t n);

/*:11*//*14:*/
#line 313 "chapters/construct.w"

double one_step_gd_optimal_risk(size_t d,size_t n,double b,double sigma);

/*:14*//*16:*/
#line 353 "chapters/construct.w"

typedef struct{double trained,trained_se,constructed,constructed_se,eta,cosine;}comparison;
comparison compare_trained_constructed(const train_config*base,size_t layers,size_t heads1,
size_t prompts);

/*:16*/
#line 21 "chapters/construct.w"

#endif
#line 23 "chapters/construct.w"

/*:1*/
