/*1:*/
#line 12 "chapters/evaluate.w"

#ifndef MHICL_EVALUATE_H
#define MHICL_EVALUATE_H
#include <stdio.h> 
#include "support.h"
#include "train.h"
/*3:*/
#line 36 "chapters/evaluate.w"

enum{EV_MODEL,EV_ZERO,EV_OLS,EV_AVERAGE,EV_RIDGE,EV_LASSO,EV_COUNT};
typedef struct{
size_t prompts,n_prefix;
size_t*prefix;
double*err;
}eval_result;

/*:3*/
#line 18 "chapters/evaluate.w"

/*4:*/
#line 44 "chapters/evaluate.w"

extern const char*const eval_method_names[EV_COUNT];
void evaluate_model(trainer*tr,size_t prompts,uint64_t seed,eval_result*res);
void eval_result_free(eval_result*res);
interval bootstrap_mean(const double*x,size_t count,size_t resamples,uint64_t seed);
void eval_write_csv(FILE*f,const eval_result*res,uint64_t seed);

/*:4*/
#line 19 "chapters/evaluate.w"

#endif
#line 21 "chapters/evaluate.w"

/*:1*/
