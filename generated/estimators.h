/*1:*/
#line 15 "chapters/estimators.w"

#ifndef MHICL_ESTIMATORS_H
#define MHICL_ESTIMATORS_H
#include <stddef.h> 
#include <gsl/gsl_matrix.h> 
#include <gsl/gsl_eigen.h> 
/*3:*/
#line 41 "chapters/estimators.w"

typedef struct{
size_t d;
gsl_matrix*V;
gsl_vector*lambda;
gsl_matrix*copy;
gsl_vector*work;
gsl_eigen_symmv_workspace*ws;
}eigensystem;

typedef struct{
size_t d,n;
gsl_matrix*Sigma_hat;
gsl_vector*r_hat;
eigensystem*eig;
int have_eigen;
gsl_matrix*A;
gsl_vector*g,*w,*work;
}moments;

/*:3*//*7:*/
#line 174 "chapters/estimators.w"

typedef double(*spectral_fn)(double lambda,const double*param);

/*:7*//*23:*/
#line 557 "chapters/estimators.w"

typedef enum{PTO_R,PTO_ABS,PTO_SQ,PTO_RESIDUAL}pto_variant;
typedef struct{
pto_variant variant;
double c;
int relative_step;
}pto_preprocessing;

/*:23*/
#line 21 "chapters/estimators.w"

/*4:*/
#line 61 "chapters/estimators.w"

eigensystem*eigensystem_alloc(size_t d);
void eigensystem_free(eigensystem*e);
void eigensystem_compute(eigensystem*e,const gsl_matrix*A);
moments*moments_alloc(size_t d);
void moments_free(moments*m);
void moments_compute(moments*m,const gsl_matrix*X,const gsl_vector*y,size_t n);
void moments_eigen(moments*m);

/*:4*//*8:*/
#line 177 "chapters/estimators.w"

void eigensystem_filter(const eigensystem*e,spectral_fn f,const double*param,
const gsl_vector*b,gsl_vector*out);
double filter_pinv(double lambda,const double*param);
double filter_ridge(double lambda,const double*param);
double filter_gd(double lambda,const double*param);
void est_ols(moments*m,gsl_vector*beta_hat);
void est_ridge(moments*m,double lambda,gsl_vector*beta_hat);
void est_gd_closed_form(moments*m,double eta,unsigned t,gsl_vector*beta_hat);

/*:8*//*11:*/
#line 250 "chapters/estimators.w"

void quad_gd_path(const gsl_matrix*A,const gsl_vector*g,double eta,
const unsigned*ts,size_t nts,gsl_matrix*W,gsl_vector*w,gsl_vector*work);
void est_gd(moments*m,double eta,unsigned t,gsl_vector*beta_hat);

/*:11*//*14:*/
#line 311 "chapters/estimators.w"

double lasso_kkt_violation(const gsl_matrix*Sigma_hat,const gsl_vector*r_hat,double lambda,
const gsl_vector*w,gsl_vector*c);
int lasso_cd(const gsl_matrix*Sigma_hat,const gsl_vector*r_hat,double lambda,
gsl_vector*w,gsl_vector*c,double tol,unsigned max_sweeps);
size_t lasso_path(const gsl_matrix*Sigma_hat,const gsl_vector*r_hat,const double*lambdas,
size_t nl,gsl_matrix*W,gsl_vector*w,gsl_vector*c);
/*15:*/
#line 323 "chapters/estimators.w"

#define LASSO_TOL 1e-11
#define LASSO_MAX_SWEEPS 20000

/*:15*/
#line 318 "chapters/estimators.w"


/*:14*//*21:*/
#line 486 "chapters/estimators.w"

void est_oracle(moments*m,const size_t*support,size_t s,gsl_vector*beta_hat);
double bayes_ridge_lambda(double sigma,double tau2,size_t n);

/*:21*//*24:*/
#line 565 "chapters/estimators.w"

void pto_preprocess(moments*m,const pto_preprocessing*pre,gsl_vector*phi);
double pto_step_scale(const eigensystem*eA);
void pto_path(moments*m,const pto_preprocessing*pre,double eta,const unsigned*ts,size_t nts,
gsl_matrix*B);
void est_pto(moments*m,const pto_preprocessing*pre,double eta,unsigned t,
gsl_vector*beta_hat);
void est_pto_closed_form(moments*m,const pto_preprocessing*pre,double eta,unsigned t,
gsl_vector*beta_hat);

/*:24*/
#line 22 "chapters/estimators.w"

#endif
#line 24 "chapters/estimators.w"

/*:1*/
