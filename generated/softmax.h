/*1:*/
#line 18 "chapters/softmax.w"

#ifndef MHICL_SOFTMAX_H
#define MHICL_SOFTMAX_H
#include <stddef.h> 
#include <stdint.h> 
#include <stdio.h> 
#include <gsl/gsl_matrix.h> 
#include "tasks.h"
#include "estimators.h"
#include "risk.h"
/*3:*/
#line 54 "chapters/softmax.w"

typedef struct{
size_t d;
size_t L;
double sigma2;
}sm_setting;

/*:3*//*6:*/
#line 102 "chapters/softmax.w"

typedef enum{SM_GD,SM_DGD,SM_PDGD,SM_KERNEL,SM_BAYES}sm_kind;

typedef struct{
sm_kind kind;
double eta;
const gsl_matrix*Gamma;
size_t H;
const double*omega,*mu;
}sm_estimator;

typedef struct{
size_t d,n_max;
moments*m;
gsl_vector*xbar,*w,*g;
double*score,*weight;
}sm_work;

/*:6*//*16:*/
#line 362 "chapters/softmax.w"

typedef struct{
double omega,mu;
double diag_ratio,diag_var,ov_last_ratio;
double y_row;
int dummy;
}sm_head_pattern;

typedef struct{
size_t active;
int sign_rule;
double mu_plus,mu_minus;
double zero_sum;
double omega_spread;
}sm_layer_pattern;

/*:16*//*19:*/
#line 429 "chapters/softmax.w"

#define SM_DIAG_RATIO_MIN 0.7 
#define SM_DUMMY_FRACTION 0.05 

/*:19*/
#line 28 "chapters/softmax.w"

/*4:*/
#line 61 "chapters/softmax.w"

void sm_setting_paper(sm_setting*s);
int sm_task_spec(task_spec*spec,const sm_setting*s,double rho);

/*:4*//*7:*/
#line 125 "chapters/softmax.w"

sm_work*sm_work_alloc(size_t d,size_t n_max);
void sm_work_free(sm_work*ws);
int sm_weights(const sm_estimator*e,const task*t,const task_spec*spec,sm_work*ws,
gsl_vector*w);
double sm_kernel_predict(size_t H,const double*omega,const double*mu,const task*t,
sm_work*ws);
double sm_predict(const sm_estimator*e,const task*t,const task_spec*spec,sm_work*ws);

/*:7*//*11:*/
#line 243 "chapters/softmax.w"

double sm_loss(const sm_estimator*e,const task*t,const task_spec*spec,sm_work*ws);
void sm_losses(const sm_estimator*e,size_t ne,const task_spec*spec,size_t L,
size_t trials,uint64_t seed,uint64_t stream,double*loss);
mc_summary sm_risk(const sm_estimator*e,const task_spec*spec,size_t L,size_t trials,
uint64_t seed);

/*:11*//*13:*/
#line 292 "chapters/softmax.w"

double sm_tune_eta(sm_kind kind,const task_spec*spec,size_t L,size_t trials,
uint64_t seed);

/*:13*//*17:*/
#line 384 "chapters/softmax.w"

int sm_head_circuits(const gsl_matrix*W_Q,const gsl_matrix*W_K,const gsl_matrix*W_V,
const gsl_matrix*W_O,size_t y,gsl_matrix*KQ,gsl_vector*OV);
int sm_head_metrics(const gsl_matrix*KQ,const gsl_vector*OV,size_t d,sm_head_pattern*p);
void sm_layer_metrics(sm_head_pattern*heads,size_t H,sm_layer_pattern*out);

/*:17*//*22:*/
#line 499 "chapters/softmax.w"

double sm_approx_loss(const sm_setting*s,size_t H,const double*omega,const double*mu);
void sm_approx_grad(const sm_setting*s,size_t H,const double*omega,const double*mu,
double*g_omega,double*g_mu);

/*:22*//*25:*/
#line 584 "chapters/softmax.w"

void sm_mu_star(const sm_setting*s,size_t H,const double*omega,double*mu);
double sm_profile_loss(const sm_setting*s,size_t H,const double*omega);

/*:25*//*28:*/
#line 651 "chapters/softmax.w"

double sm_lower_bound(const sm_setting*s);
double sm_eta_star(const sm_setting*s);
double sm_two_head_loss(const sm_setting*s,double w,double eta);

/*:28*//*31:*/
#line 706 "chapters/softmax.w"

double sm_single_head_profile(const sm_setting*s,double omega);
void sm_single_head_optimum(const sm_setting*s,double*omega,double*mu,double*loss);

/*:31*//*34:*/
#line 769 "chapters/softmax.w"

double sm_risk_dgd(const sm_setting*s,double eta);
double sm_risk_gd(const sm_setting*s,double eta);
double sm_eta_star_gd(const sm_setting*s);

/*:34*//*37:*/
#line 830 "chapters/softmax.w"

double sm_dgd_limit(double xi,double sigma2);
double sm_bayes_limit(double xi,double sigma2);

/*:37*//*40:*/
#line 879 "chapters/softmax.w"

int sm_compare_csv(FILE*f,const size_t*Ls,size_t nL,size_t trials,uint64_t seed);

/*:40*//*43:*/
#line 988 "chapters/softmax.w"

void sm_gamma_star(const sm_setting*s,const gsl_matrix*Sigma,gsl_matrix*Gamma);
double sm_risk_pdgd(const sm_setting*s,const gsl_matrix*Sigma,const gsl_matrix*Gamma);

/*:43*//*46:*/
#line 1082 "chapters/softmax.w"

int sm_flow(const sm_setting*s,size_t H,const double*omega0,const double*mu0,
const double*times,size_t nt,double*path);

/*:46*//*49:*/
#line 1158 "chapters/softmax.w"

int sm_flow_csv(FILE*f,size_t points,uint64_t seed);

/*:49*/
#line 29 "chapters/softmax.w"

#endif
#line 31 "chapters/softmax.w"

/*:1*/
