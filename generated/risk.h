/*1:*/
#line 8 "chapters/risk.w"

#ifndef MHICL_RISK_H
#define MHICL_RISK_H
#include <stdint.h> 
#include <stdio.h> 
#include "tasks.h"
#include "estimators.h"
/*5:*/
#line 62 "chapters/risk.w"

typedef struct{double mean,se;size_t count;}mc_summary;

/*:5*//*11:*/
#line 199 "chapters/risk.w"

typedef enum{M_OLS,M_RIDGE,M_GD,M_LASSO,M_ORACLE,M_LMMSE,M_BAYES,M_PTO,M_COUNT}
method_id;

typedef struct{
double*ridge_lambdas;size_t n_ridge;
double*lasso_lambdas;size_t n_lasso;
double*gd_etas;size_t n_gd_eta;
double*pto_etas;size_t n_pto_eta;
int pto_relative;
unsigned*ts;size_t n_t;
}risk_grids;

typedef struct{double lambda,eta;unsigned t;}hyper;
#define RISK_T_MAX 1000  
#define RISK_STEP_MARGIN 1.0  
#define RISK_SCREEN_FACTOR 4  

/*:11*//*16:*/
#line 349 "chapters/risk.w"

typedef struct{
moments*m;
gsl_vector*beta_hat,*phi,*work;
gsl_matrix*W;
eigensystem*eigA;
size_t lasso_unconverged;
}risk_workspace;

/*:16*//*23:*/
#line 521 "chapters/risk.w"

typedef struct{
task_spec spec;
size_t*ns;size_t n_count;
size_t trials,tune_trials;
unsigned threads;
uint64_t seed;
double rho;
int use[M_COUNT];
pto_preprocessing pto;
risk_grids grids;
int progress;
}risk_config;

typedef struct{
size_t n;method_id method;hyper h;mc_summary risk;
size_t unstable;
}risk_row;

typedef struct{
risk_row*rows;size_t n_rows;
double*eval_risk;
size_t lasso_unconverged;
}risk_result;

/*:23*/
#line 15 "chapters/risk.w"

/*3:*/
#line 39 "chapters/risk.w"

double excess_risk(const gsl_vector*beta_hat,const gsl_vector*beta,const gsl_matrix*Sigma);

/*:3*//*6:*/
#line 65 "chapters/risk.w"

mc_summary mc_summarize(const double*x,size_t count,size_t stride);

/*:6*//*9:*/
#line 170 "chapters/risk.w"

double bayes_risk_lower_bound(size_t d,size_t n,double sigma,double b);

/*:9*//*12:*/
#line 217 "chapters/risk.w"

extern const char*const method_names[M_COUNT];
int method_from_name(const char*name);
void risk_grids_default(risk_grids*g,unsigned t_max,int pto_relative);
void risk_grids_free(risk_grids*g);
size_t method_candidates(method_id m,const risk_grids*g);
int method_has_step(method_id m);
hyper method_hyper(method_id m,const risk_grids*g,size_t cand);

/*:12*//*17:*/
#line 358 "chapters/risk.w"

risk_workspace*risk_workspace_alloc(size_t d,const risk_grids*g);
void risk_workspace_free(risk_workspace*ws);
void candidate_risks(method_id method,const task*t,const task_spec*spec,
const risk_grids*g,const pto_preprocessing*pre,risk_workspace*ws,double*out);
sparse_prior risk_bayes_prior(const task_spec*spec);

/*:17*//*24:*/
#line 546 "chapters/risk.w"

void risk_config_init(risk_config*cfg);
void risk_run(const risk_config*cfg,risk_result*res);
void risk_result_free(risk_result*res);
const double*risk_result_tasks(const risk_config*cfg,const risk_result*res,size_t n_index,
method_id m);
void risk_write_csv(FILE*f,const risk_config*cfg,const risk_result*res);
const char*risk_prior_name(beta_kind k);
void risk_print_table(FILE*f,const risk_config*cfg,const risk_result*res);

/*:24*/
#line 16 "chapters/risk.w"

#endif
#line 18 "chapters/risk.w"

/*:1*/
