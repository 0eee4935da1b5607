/*2:*/
#line 22 "chapters/evaluate.w"

#include <math.h> 
#include <stdlib.h> 
#include <string.h> 
#include <gsl/gsl_blas.h> 
#include "support.h"
#include "estimators.h"
#include "risk.h"
#include "evaluate.h"
/*5:*/
#line 51 "chapters/evaluate.w"

const char*const eval_method_names[EV_COUNT]= {
"model","zero","least_squares","averaging","ridge_0.1","lasso_0.01"};

void eval_result_free(eval_result*res)
{
free(res->prefix);free(res->err);
res->prefix= NULL;res->err= NULL;
}

/*:5*//*6:*/
#line 64 "chapters/evaluate.w"

void evaluate_model(trainer*tr,size_t prompts,uint64_t seed,eval_result*res)
{
train_config c= tr->cfg;
c.seed= seed;
int inter= c.arch.format==FORMAT_INTERLEAVED;
size_t n= c.n,d= c.d;
res->prompts= prompts;
res->n_prefix= inter?n:1;
res->prefix= xmalloc(res->n_prefix*sizeof(size_t));
for(size_t k= 0;k<res->n_prefix;k++)res->prefix[k]= inter?k:n;
res->err= xcalloc(EV_COUNT*res->n_prefix*prompts,sizeof(double));
double scale= signal_scale(&c,d),ey2= scale*scale+c.sigma*c.sigma;
task_spec spec= train_task_spec(&c,d);
prompt_batch*bt= batch_alloc(&c.arch,c.batch,n);
task*t= task_alloc(n,d);
moments*m= moments_alloc(d);
gsl_vector*bh= gsl_vector_alloc(d),*w= gsl_vector_alloc(d),*cv= gsl_vector_alloc(d);
int was= trainer_query_only(tr,1);
#define ERR(meth, k, p) res->err[((size_t) (meth) * res->n_prefix + (k)) * prompts + (p)]
for(size_t done= 0;done<prompts;){
size_t B= prompts-done<c.batch?prompts-done:c.batch;
bt->B= B;
fill_batch(&c,d,n,STREAM_EVAL,done,bt,t);
model_forward(tr->m,bt);
for(size_t b= 0;b<B;b++){
size_t p= done+b;
task_sample(&spec,n,seed,STREAM_EVAL,p,t);
for(size_t k= 0;k<res->n_prefix;k++){
size_t kk= res->prefix[k];
gsl_vector_const_view row= gsl_matrix_const_row(t->X,inter?kk:0);
const gsl_vector*xq= inter?&row.vector:t->x_q;
double yq= inter?gsl_vector_get(t->y,kk):t->y_q;
size_t pos= inter?2*kk:n;
double e= tr->m->pred[b*bt->T+pos]-yq;
ERR(EV_MODEL,k,p)= e*e/ey2;
ERR(EV_ZERO,k,p)= yq*yq/ey2;
/*7:*/
#line 112 "chapters/evaluate.w"

{
moments_compute(m,t->X,t->y,kk);
double yh;
est_ols(m,bh);gsl_blas_ddot(bh,xq,&yh);ERR(EV_OLS,k,p)= (yh-yq)*(yh-yq)/ey2;
gsl_blas_ddot(m->r_hat,xq,&yh);ERR(EV_AVERAGE,k,p)= (yh-yq)*(yh-yq)/ey2;
est_ridge(m,0.1,bh);gsl_blas_ddot(bh,xq,&yh);ERR(EV_RIDGE,k,p)= (yh-yq)*(yh-yq)/ey2;
gsl_vector_set_zero(w);
lasso_cd(m->Sigma_hat,m->r_hat,0.01,w,cv,LASSO_TOL,LASSO_MAX_SWEEPS);
gsl_blas_ddot(w,xq,&yh);ERR(EV_LASSO,k,p)= (yh-yq)*(yh-yq)/ey2;
}

/*:7*/
#line 101 "chapters/evaluate.w"

}
}
done+= B;
}
#undef ERR
trainer_query_only(tr,was);
gsl_vector_free(bh);gsl_vector_free(w);gsl_vector_free(cv);
moments_free(m);task_free(t);batch_free(bt);task_spec_free(&spec);
}

/*:6*//*8:*/
#line 128 "chapters/evaluate.w"

static int cmp_double(const void*a,const void*b)
{
double x= *(const double*)a,y= *(const double*)b;
return(x> y)-(x<y);
}

interval bootstrap_mean(const double*x,size_t count,size_t resamples,uint64_t seed)
{
interval out= {0.0,0.0,0.0};
mc_summary s= mc_summarize(x,count,1);
out.mean= s.mean;
double*means= xmalloc(resamples*sizeof(double));
gsl_rng*rng= mhicl_rng_alloc();
mhicl_rng_seek(rng,seed,STREAM_TEST,0);
for(size_t r= 0;r<resamples;r++){
double sum= 0.0;
for(size_t i= 0;i<count;i++)sum+= x[gsl_rng_uniform_int(rng,count)];
means[r]= sum/(double)count;
}
qsort(means,resamples,sizeof(double),cmp_double);
out.lo= means[(size_t)floor(0.05*(double)(resamples-1))];
out.hi= means[(size_t)ceil(0.95*(double)(resamples-1))];
gsl_rng_free(rng);
free(means);
return out;
}

/*:8*//*9:*/
#line 158 "chapters/evaluate.w"

void eval_write_csv(FILE*f,const eval_result*res,uint64_t seed)
{
fprintf(f,"prefix,method,error_mean,error_lo90,error_hi90,prompts\n");
for(size_t k= 0;k<res->n_prefix;k++)
for(int meth= 0;meth<EV_COUNT;meth++){
interval iv= bootstrap_mean(res->err+((size_t)meth*res->n_prefix+k)*res->prompts,
res->prompts,1000,seed);
fprintf(f,"%zu,%s,%.17g,%.17g,%.17g,%zu\n",res->prefix[k],eval_method_names[meth],
iv.mean,iv.lo,iv.hi,res->prompts);
}
}

/*:9*/
#line 31 "chapters/evaluate.w"


/*:2*/
