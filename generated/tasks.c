/*2:*/
#line 30 "chapters/tasks.w"

#include <math.h> 
#include <string.h> 
#include <gsl/gsl_blas.h> 
#include <gsl/gsl_linalg.h> 
#include <gsl/gsl_randist.h> 
#include "support.h"
#include "tasks.h"
/*5:*/
#line 80 "chapters/tasks.w"

void task_spec_init(task_spec*spec,size_t d,size_t s,beta_kind beta,double b,
double sigma)
{
spec->d= d;spec->s= (beta==BETA_DENSE)?d:s;
spec->beta= beta;spec->b= b;spec->sigma= sigma;
spec->Sigma= NULL;spec->L= NULL;
}

void task_spec_free(task_spec*spec)
{
if(spec->Sigma)gsl_matrix_free(spec->Sigma);
if(spec->L)gsl_matrix_free(spec->L);
spec->Sigma= spec->L= NULL;
}

/*:5*//*6:*/
#line 100 "chapters/tasks.w"

int task_spec_set_covariance(task_spec*spec,const gsl_matrix*Sigma)
{
size_t d= spec->d;
if(Sigma->size1!=d||Sigma->size2!=d)return-1;
for(size_t i= 0;i<d;i++)
for(size_t j= 0;j<i;j++)
if(gsl_matrix_get(Sigma,i,j)!=gsl_matrix_get(Sigma,j,i))return-1;
gsl_matrix*L= gsl_matrix_alloc(d,d);
gsl_matrix_memcpy(L,Sigma);
mhicl_gsl_expect_errors(1);
int status= gsl_linalg_cholesky_decomp1(L);
mhicl_gsl_expect_errors(0);
if(status!=GSL_SUCCESS){gsl_matrix_free(L);return-1;}
for(size_t i= 0;i<d;i++)
for(size_t j= i+1;j<d;j++)gsl_matrix_set(L,i,j,0.0);
task_spec_free(spec);
spec->Sigma= gsl_matrix_alloc(d,d);
gsl_matrix_memcpy(spec->Sigma,Sigma);
spec->L= L;
return 0;
}

/*:6*//*8:*/
#line 136 "chapters/tasks.w"

int task_spec_set_ar1(task_spec*spec,double rho)
{
if(!(rho> -1.0&&rho<1.0))return-1;
size_t d= spec->d;
gsl_matrix*Sigma= gsl_matrix_alloc(d,d);
for(size_t i= 0;i<d;i++)
for(size_t j= 0;j<d;j++)
gsl_matrix_set(Sigma,i,j,pow(rho,fabs((double)i-(double)j)));
int status= task_spec_set_covariance(spec,Sigma);
gsl_matrix_free(Sigma);
return status;
}

int task_spec_he2025(task_spec*spec,size_t d,double sigma2,double rho)
{
if(!(rho> -1.0&&rho<1.0)||!(sigma2>=0.0))return-1;
task_spec_init(spec,d,d,BETA_DENSE,1.0,sqrt(sigma2));
return rho==0.0?0:task_spec_set_ar1(spec,rho);
}

/*:8*//*9:*/
#line 157 "chapters/tasks.w"

task*task_alloc(size_t n_max,size_t d)
{
task*t= xmalloc(sizeof*t);
t->n_max= n_max;t->d= d;t->n= 0;
t->X= gsl_matrix_alloc(n_max,d);
t->y= gsl_vector_alloc(n_max);
t->beta= gsl_vector_alloc(d);
t->x_q= gsl_vector_alloc(d);
t->z= gsl_vector_alloc(d);
t->support= xmalloc(d*sizeof(size_t));
t->s= 0;t->y_q= 0.0;
return t;
}

void task_free(task*t)
{
if(t==NULL)return;
gsl_matrix_free(t->X);gsl_vector_free(t->y);gsl_vector_free(t->beta);
gsl_vector_free(t->x_q);gsl_vector_free(t->z);free(t->support);free(t);
}

/*:9*//*10:*/
#line 187 "chapters/tasks.w"

static void draw_beta(const task_spec*spec,gsl_rng*rng,task*t);
static void draw_x(const task_spec*spec,gsl_rng*rng,task*t,gsl_vector*x);

void task_sample(const task_spec*spec,size_t n,uint64_t seed,uint64_t stream,uint64_t k,
task*t)
{
gsl_rng*rng= mhicl_rng_alloc();
mhicl_rng_seek(rng,seed,stream,k);
draw_beta(spec,rng,t);
draw_x(spec,rng,t,t->x_q);
double dot;
gsl_blas_ddot(t->beta,t->x_q,&dot);
t->y_q= dot+spec->sigma*gsl_ran_gaussian_ziggurat(rng,1.0);
for(size_t i= 0;i<n;i++){
gsl_vector_view row= gsl_matrix_row(t->X,i);
draw_x(spec,rng,t,&row.vector);
gsl_blas_ddot(t->beta,&row.vector,&dot);
gsl_vector_set(t->y,i,dot+spec->sigma*gsl_ran_gaussian_ziggurat(rng,1.0));
}
t->n= n;
gsl_rng_free(rng);
}

/*:10*//*11:*/
#line 214 "chapters/tasks.w"

static void draw_beta(const task_spec*spec,gsl_rng*rng,task*t)
{
size_t d= spec->d;
gsl_vector_set_zero(t->beta);
if(spec->beta==BETA_DENSE){
double sd= spec->b/sqrt((double)d);
for(size_t j= 0;j<d;j++){
t->support[j]= j;
gsl_vector_set(t->beta,j,sd*gsl_ran_gaussian_ziggurat(rng,1.0));
}
t->s= d;
return;
}
size_t s= spec->s;
size_t*all= xmalloc(d*sizeof(size_t));
for(size_t j= 0;j<d;j++)all[j]= j;
gsl_ran_choose(rng,t->support,s,all,d,sizeof(size_t));
free(all);
t->s= s;
double scale= spec->b/sqrt((double)s);
for(size_t a= 0;a<s;a++){
double v= (spec->beta==BETA_SPARSE_GAUSS)?gsl_ran_gaussian_ziggurat(rng,1.0)
:(gsl_rng_uniform(rng)<0.5?-1.0:1.0);
gsl_vector_set(t->beta,t->support[a],scale*v);
}
}

/*:11*//*12:*/
#line 249 "chapters/tasks.w"

static void draw_x(const task_spec*spec,gsl_rng*rng,task*t,gsl_vector*x)
{
if(spec->L==NULL){
for(size_t j= 0;j<spec->d;j++)gsl_vector_set(x,j,gsl_ran_gaussian_ziggurat(rng,1.0));
return;
}
for(size_t j= 0;j<spec->d;j++)gsl_vector_set(t->z,j,gsl_ran_gaussian_ziggurat(rng,1.0));
for(size_t i= 0;i<spec->d;i++){
double xi= gsl_matrix_get(spec->L,i,i)*gsl_vector_get(t->z,i);
if(i> 0){
gsl_vector_const_view row= gsl_matrix_const_subrow(spec->L,i,0,i);
gsl_vector_const_view head= gsl_vector_const_subvector(t->z,0,i);
double dot;
gsl_blas_ddot(&row.vector,&head.vector,&dot);
xi+= dot;
}
gsl_vector_set(x,i,xi);
}
}

/*:12*//*16:*/
#line 324 "chapters/tasks.w"

int mt_spec_init(mt_spec*spec,size_t d,size_t d1,size_t d2,double noise_std)
{
if(d<1||d1<1||d2<1||d1> d||d2> d||!(noise_std>=0.0))return-1;
spec->d= d;spec->N= 2;spec->noise_std= noise_std;
spec->first[0]= 0;spec->dim[0]= d1;
spec->first[1]= d-d2;spec->dim[1]= d2;
return 0;
}

mt_task*mt_task_alloc(size_t n_max,size_t d,size_t N)
{
mt_task*t= xmalloc(sizeof*t);
t->n_max= n_max;t->d= d;t->N= N;t->n= 0;
t->X= gsl_matrix_alloc(n_max,d);
t->Y= gsl_matrix_alloc(n_max,N);
t->beta= gsl_matrix_calloc(N,d);
t->x_q= gsl_vector_alloc(d);
for(size_t k= 0;k<MT_MAX_TASKS;k++)t->y_q[k]= 0.0;
return t;
}

void mt_task_free(mt_task*t)
{
if(t==NULL)return;
gsl_matrix_free(t->X);gsl_matrix_free(t->Y);gsl_matrix_free(t->beta);
gsl_vector_free(t->x_q);free(t);
}

/*:16*//*17:*/
#line 358 "chapters/tasks.w"

static double mt_response(const mt_spec*spec,const mt_task*t,const gsl_vector*x,size_t k)
{
double dot;
gsl_vector_const_view xs= gsl_vector_const_subvector(x,spec->first[k],spec->dim[k]);
gsl_vector_const_view bs= gsl_matrix_const_subrow(t->beta,k,spec->first[k],spec->dim[k]);
gsl_blas_ddot(&xs.vector,&bs.vector,&dot);
return dot;
}

void mt_sample(const mt_spec*spec,size_t n,uint64_t seed,uint64_t stream,uint64_t k,
mt_task*t)
{
gsl_rng*rng= mhicl_rng_alloc();
mhicl_rng_seek(rng,seed,stream,k);
gsl_matrix_set_zero(t->beta);
for(size_t a= 0;a<spec->N;a++)
for(size_t j= 0;j<spec->dim[a];j++)
gsl_matrix_set(t->beta,a,spec->first[a]+j,gsl_ran_gaussian_ziggurat(rng,1.0));
for(size_t j= 0;j<spec->d;j++)gsl_vector_set(t->x_q,j,gsl_ran_gaussian_ziggurat(rng,1.0));
for(size_t a= 0;a<spec->N;a++)t->y_q[a]= mt_response(spec,t,t->x_q,a);
for(size_t i= 0;i<n;i++){
gsl_vector_view row= gsl_matrix_row(t->X,i);
for(size_t j= 0;j<spec->d;j++)gsl_vector_set(&row.vector,j,gsl_ran_gaussian_ziggurat(rng,1.0));
for(size_t a= 0;a<spec->N;a++){
double sd= sqrt((double)spec->dim[a])*spec->noise_std;
gsl_matrix_set(t->Y,i,a,mt_response(spec,t,&row.vector,a)
+sd*gsl_ran_gaussian_ziggurat(rng,1.0));
}
}
t->n= n;
gsl_rng_free(rng);
}

/*:17*//*18:*/
#line 398 "chapters/tasks.w"

void mt_task_view(const mt_spec*spec,const mt_task*t,size_t k,int whole,task*out)
{
size_t f= whole?0:spec->first[k],dk= whole?spec->d:spec->dim[k];
for(size_t i= 0;i<t->n;i++){
for(size_t j= 0;j<dk;j++)gsl_matrix_set(out->X,i,j,gsl_matrix_get(t->X,i,f+j));
gsl_vector_set(out->y,i,gsl_matrix_get(t->Y,i,k));
}
for(size_t j= 0;j<dk;j++){
gsl_vector_set(out->beta,j,gsl_matrix_get(t->beta,k,f+j));
gsl_vector_set(out->x_q,j,gsl_vector_get(t->x_q,f+j));
out->support[j]= j;
}
out->s= dk;out->n= t->n;out->y_q= t->y_q[k];
}

/*:18*/
#line 38 "chapters/tasks.w"


/*:2*/
