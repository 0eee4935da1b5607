/*1:*/
#line 19 "chapters/tasks.w"

#ifndef MHICL_TASKS_H
#define MHICL_TASKS_H
#include <stddef.h> 
#include <stdint.h> 
#include <gsl/gsl_matrix.h> 
#include <gsl/gsl_rng.h> 
/*3:*/
#line 44 "chapters/tasks.w"

typedef enum{BETA_DENSE,BETA_SPARSE_GAUSS,BETA_SPARSE_SIGN}beta_kind;

typedef struct{
size_t d;
size_t s;
beta_kind beta;
double b;
double sigma;
gsl_matrix*Sigma;
gsl_matrix*L;
}task_spec;

typedef struct{
size_t n_max,d;
size_t n;
gsl_matrix*X;
gsl_vector*y;
gsl_vector*beta;
gsl_vector*x_q;
double y_q;
size_t*support;
size_t s;
gsl_vector*z;
}task;

/*:3*//*14:*/
#line 297 "chapters/tasks.w"

#define MT_MAX_TASKS 2
typedef struct{
size_t d;
size_t N;
size_t first[MT_MAX_TASKS],dim[MT_MAX_TASKS];
double noise_std;
}mt_spec;

typedef struct{
size_t n_max,d,N;
size_t n;
gsl_matrix*X;
gsl_matrix*Y;
gsl_matrix*beta;
gsl_vector*x_q;
double y_q[MT_MAX_TASKS];
}mt_task;

/*:14*/
#line 26 "chapters/tasks.w"

/*4:*/
#line 70 "chapters/tasks.w"

void task_spec_init(task_spec*spec,size_t d,size_t s,beta_kind beta,double b,
double sigma);
int task_spec_set_covariance(task_spec*spec,const gsl_matrix*Sigma);
void task_spec_free(task_spec*spec);
task*task_alloc(size_t n_max,size_t d);
void task_free(task*t);
void task_sample(const task_spec*spec,size_t n,uint64_t seed,uint64_t stream,uint64_t k,
task*t);

/*:4*//*7:*/
#line 132 "chapters/tasks.w"

int task_spec_set_ar1(task_spec*spec,double rho);
int task_spec_he2025(task_spec*spec,size_t d,double sigma2,double rho);

/*:7*//*15:*/
#line 316 "chapters/tasks.w"

int mt_spec_init(mt_spec*spec,size_t d,size_t d1,size_t d2,double noise_std);
mt_task*mt_task_alloc(size_t n_max,size_t d,size_t N);
void mt_task_free(mt_task*t);
void mt_sample(const mt_spec*spec,size_t n,uint64_t seed,uint64_t stream,uint64_t k,
mt_task*t);
void mt_task_view(const mt_spec*spec,const mt_task*t,size_t k,int whole,task*out);

/*:15*/
#line 27 "chapters/tasks.w"

#endif
#line 29 "chapters/tasks.w"

/*:1*/
