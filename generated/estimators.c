/*2:*/
#line 25 "chapters/estimators.w"

#include <float.h> 
#include <math.h> 
#include <string.h> 
#include <gsl/gsl_blas.h> 
#include <gsl/gsl_errno.h> 
#include <gsl/gsl_linalg.h> 
#include "support.h"
#include "estimators.h"
/*5:*/
#line 70 "chapters/estimators.w"

eigensystem*eigensystem_alloc(size_t d)
{
eigensystem*e= xmalloc(sizeof*e);
e->d= d;
e->V= gsl_matrix_alloc(d,d);
e->lambda= gsl_vector_alloc(d);
e->copy= gsl_matrix_alloc(d,d);
e->work= gsl_vector_alloc(d);
e->ws= gsl_eigen_symmv_alloc(d);
return e;
}

void eigensystem_free(eigensystem*e)
{
if(e==NULL)return;
gsl_matrix_free(e->V);gsl_vector_free(e->lambda);gsl_matrix_free(e->copy);
gsl_vector_free(e->work);gsl_eigen_symmv_free(e->ws);free(e);
}

void eigensystem_compute(eigensystem*e,const gsl_matrix*A)
{
gsl_matrix_memcpy(e->copy,A);
gsl_eigen_symmv(e->copy,e->lambda,e->V,e->ws);
}

/*:5*//*6:*/
#line 99 "chapters/estimators.w"

moments*moments_alloc(size_t d)
{
moments*m= xmalloc(sizeof*m);
m->d= d;m->n= 0;
m->Sigma_hat= gsl_matrix_alloc(d,d);
m->r_hat= gsl_vector_alloc(d);
m->eig= eigensystem_alloc(d);
m->have_eigen= 0;
m->A= gsl_matrix_alloc(d,d);
m->g= gsl_vector_alloc(d);m->w= gsl_vector_alloc(d);m->work= gsl_vector_alloc(d);
return m;
}

void moments_free(moments*m)
{
if(m==NULL)return;
gsl_matrix_free(m->Sigma_hat);gsl_vector_free(m->r_hat);eigensystem_free(m->eig);
gsl_matrix_free(m->A);gsl_vector_free(m->g);gsl_vector_free(m->w);
gsl_vector_free(m->work);free(m);
}

void moments_compute(moments*m,const gsl_matrix*X,const gsl_vector*y,size_t n)
{
size_t d= m->d;
m->n= n;m->have_eigen= 0;
if(n==0){
gsl_matrix_set_zero(m->Sigma_hat);gsl_vector_set_zero(m->r_hat);return;
}
gsl_matrix_const_view Xn= gsl_matrix_const_submatrix(X,0,0,n,d);
gsl_vector_const_view yn= gsl_vector_const_subvector(y,0,n);
double inv_n= 1.0/(double)n;
gsl_blas_dsyrk(CblasLower,CblasTrans,inv_n,&Xn.matrix,0.0,m->Sigma_hat);
for(size_t i= 0;i<d;i++)
for(size_t j= i+1;j<d;j++)
gsl_matrix_set(m->Sigma_hat,i,j,gsl_matrix_get(m->Sigma_hat,j,i));
gsl_blas_dgemv(CblasTrans,inv_n,&Xn.matrix,&yn.vector,0.0,m->r_hat);
}

void moments_eigen(moments*m)
{
if(m->have_eigen)return;
eigensystem_compute(m->eig,m->Sigma_hat);
m->have_eigen= 1;
}

/*:6*//*9:*/
#line 187 "chapters/estimators.w"

void eigensystem_filter(const eigensystem*e,spectral_fn f,const double*param,
const gsl_vector*b,gsl_vector*out)
{
gsl_blas_dgemv(CblasTrans,1.0,e->V,b,0.0,e->work);
for(size_t i= 0;i<e->d;i++)
gsl_vector_set(e->work,i,f(gsl_vector_get(e->lambda,i),param)
*gsl_vector_get(e->work,i));
gsl_blas_dgemv(CblasNoTrans,1.0,e->V,e->work,0.0,out);
}

double filter_pinv(double lambda,const double*param)
{
return lambda> param[0]?1.0/lambda:0.0;
}

double filter_ridge(double lambda,const double*param)
{
return 1.0/(lambda+param[0]);
}

double filter_gd(double lambda,const double*param)
{
double eta= param[0],t= param[1],x= eta*lambda;
if(x==0.0)return eta*t;
if(fabs(x)<0.5)return-expm1(t*log1p(-x))/lambda;
return(1.0-pow(1.0-x,t))/lambda;
}

/*:9*//*10:*/
#line 216 "chapters/estimators.w"

static double pinv_threshold(const eigensystem*e)
{
double lmax= 0.0;
for(size_t i= 0;i<e->d;i++)lmax= fmax(lmax,fabs(gsl_vector_get(e->lambda,i)));
return(double)e->d*DBL_EPSILON*lmax;
}

void est_ols(moments*m,gsl_vector*beta_hat)
{
moments_eigen(m);
double tau= pinv_threshold(m->eig);
eigensystem_filter(m->eig,filter_pinv,&tau,m->r_hat,beta_hat);
}

void est_ridge(moments*m,double lambda,gsl_vector*beta_hat)
{
moments_eigen(m);
eigensystem_filter(m->eig,filter_ridge,&lambda,m->r_hat,beta_hat);
}

void est_gd_closed_form(moments*m,double eta,unsigned t,gsl_vector*beta_hat)
{
double param[2]= {eta,(double)t};
moments_eigen(m);
eigensystem_filter(m->eig,filter_gd,param,m->r_hat,beta_hat);
}

/*:10*//*12:*/
#line 255 "chapters/estimators.w"

void quad_gd_path(const gsl_matrix*A,const gsl_vector*g,double eta,
const unsigned*ts,size_t nts,gsl_matrix*W,gsl_vector*w,gsl_vector*work)
{
unsigned done= 0;
gsl_vector_set_zero(w);
for(size_t a= 0;a<nts;a++){
for(;done<ts[a];done++){
gsl_vector_memcpy(work,g);
gsl_blas_dsymv(CblasLower,-1.0,A,w,1.0,work);
gsl_blas_daxpy(eta,work,w);
}
gsl_vector_view row= gsl_matrix_row(W,a);
gsl_vector_memcpy(&row.vector,w);
}
}

void est_gd(moments*m,double eta,unsigned t,gsl_vector*beta_hat)
{
gsl_matrix_view W= gsl_matrix_view_vector(beta_hat,1,m->d);
quad_gd_path(m->Sigma_hat,m->r_hat,eta,&t,1,&W.matrix,m->w,m->work);
}

/*:12*//*16:*/
#line 327 "chapters/estimators.w"

static double soft_threshold(double rho,double lambda)
{
if(rho> lambda)return rho-lambda;
if(rho<-lambda)return rho+lambda;
return 0.0;
}

double lasso_kkt_violation(const gsl_matrix*Sigma_hat,const gsl_vector*r_hat,double lambda,
const gsl_vector*w,gsl_vector*c)
{
gsl_vector_memcpy(c,r_hat);
gsl_blas_dsymv(CblasLower,-1.0,Sigma_hat,w,1.0,c);
double worst= 0.0;
for(size_t j= 0;j<w->size;j++){
double wj= gsl_vector_get(w,j),cj= gsl_vector_get(c,j);
double v= (wj!=0.0)?fabs(cj-(wj> 0?lambda:-lambda)):fmax(fabs(cj)-lambda,0.0);
worst= fmax(worst,v);
}
return worst;
}

/*:16*//*17:*/
#line 361 "chapters/estimators.w"

static int lasso_active_set_finish(const gsl_matrix*S,const gsl_vector*r,double lambda,
gsl_vector*w,gsl_vector*c,const signed char*sig,double tol);

int lasso_cd(const gsl_matrix*Sigma_hat,const gsl_vector*r_hat,double lambda,
gsl_vector*w,gsl_vector*c,double tol,unsigned max_sweeps)
{
size_t d= w->size,tda= Sigma_hat->tda;
if(w->stride!=1||c->stride!=1)mhicl_fatal("lasso_cd needs unit-stride vectors");
double*wd= w->data,*cd= c->data;
const double*S= Sigma_hat->data;
signed char sig[4096],prev[4096];
int stable= 0,tried= 0;
if(d> 4096)mhicl_fatal("lasso_cd: dimension %zu exceeds 4096",d);
memset(prev,2,d);
lasso_kkt_violation(Sigma_hat,r_hat,lambda,w,c);
for(unsigned sweep= 1;sweep<=max_sweeps;sweep++){
double biggest= 0.0;
for(size_t j= 0;j<d;j++){
const double*Sj= S+j*tda;
double Sjj= Sj[j];
if(Sjj<=0.0)continue;
double wj= wd[j];
double wnew= soft_threshold(cd[j]+Sjj*wj,lambda)/Sjj;
double delta= wnew-wj;
if(delta==0.0)continue;
wd[j]= wnew;
for(size_t i= 0;i<d;i++)cd[i]-= delta*Sj[i];
double step= (delta> 0?delta:-delta)*Sjj;
if(step> biggest)biggest= step;
}
if(biggest<=tol&&lasso_kkt_violation(Sigma_hat,r_hat,lambda,w,c)<=tol)
return(int)sweep;
for(size_t j= 0;j<d;j++)sig[j]= (signed char)((wd[j]> 0)-(wd[j]<0));
if(memcmp(sig,prev,d)==0)stable++;else{stable= 0;tried= 0;memcpy(prev,sig,d);}
if(stable>=2&&!tried){
tried= 1;
if(lasso_active_set_finish(Sigma_hat,r_hat,lambda,w,c,sig,tol)==0)return(int)sweep;
}
}
return-1;
}

/*:17*//*18:*/
#line 407 "chapters/estimators.w"

static int lasso_active_set_finish(const gsl_matrix*S,const gsl_vector*r,double lambda,
gsl_vector*w,gsl_vector*c,const signed char*sig,double tol)
{
size_t d= w->size,k= 0,idx[4096];
for(size_t j= 0;j<d;j++)if(sig[j])idx[k++]= j;
if(k==0)return-1;
gsl_matrix*A= gsl_matrix_alloc(k,k);
gsl_vector*b= gsl_vector_alloc(k),*x= gsl_vector_alloc(k),*trial= gsl_vector_alloc(d);
for(size_t a= 0;a<k;a++){
gsl_vector_set(b,a,gsl_vector_get(r,idx[a])-lambda*sig[idx[a]]);
for(size_t e= 0;e<k;e++)gsl_matrix_set(A,a,e,gsl_matrix_get(S,idx[a],idx[e]));
}
int status= -1;
mhicl_gsl_expect_errors(1);
if(gsl_linalg_cholesky_decomp1(A)==GSL_SUCCESS&&gsl_linalg_cholesky_solve(A,b,x)==GSL_SUCCESS){
gsl_vector_set_zero(trial);
int signs_kept= 1;
for(size_t a= 0;a<k;a++){
double v= gsl_vector_get(x,a);
if((v> 0)-(v<0)!=sig[idx[a]])signs_kept= 0;
gsl_vector_set(trial,idx[a],v);
}
gsl_vector*ct= gsl_vector_alloc(d);
if(signs_kept&&lasso_kkt_violation(S,r,lambda,trial,ct)<=tol){
gsl_vector_memcpy(w,trial);
gsl_vector_memcpy(c,ct);
status= 0;
}
gsl_vector_free(ct);
}
mhicl_gsl_expect_errors(0);
gsl_matrix_free(A);gsl_vector_free(b);gsl_vector_free(x);gsl_vector_free(trial);
return status;
}

/*:18*//*19:*/
#line 449 "chapters/estimators.w"

size_t lasso_path(const gsl_matrix*Sigma_hat,const gsl_vector*r_hat,const double*lambdas,
size_t nl,gsl_matrix*W,gsl_vector*w,gsl_vector*c)
{
size_t unconverged= 0;
gsl_vector_set_zero(w);
for(size_t a= 0;a<nl;a++){
if(lasso_cd(Sigma_hat,r_hat,lambdas[a],w,c,LASSO_TOL,LASSO_MAX_SWEEPS)<0)
unconverged++;
gsl_vector_view row= gsl_matrix_row(W,a);
gsl_vector_memcpy(&row.vector,w);
}
return unconverged;
}

/*:19*//*22:*/
#line 493 "chapters/estimators.w"

void est_oracle(moments*m,const size_t*support,size_t s,gsl_vector*beta_hat)
{
gsl_vector_set_zero(beta_hat);
if(s==0)return;
gsl_matrix*S= gsl_matrix_alloc(s,s);
gsl_vector*r= gsl_vector_alloc(s),*w= gsl_vector_alloc(s);
for(size_t a= 0;a<s;a++){
gsl_vector_set(r,a,gsl_vector_get(m->r_hat,support[a]));
for(size_t b= 0;b<s;b++)
gsl_matrix_set(S,a,b,gsl_matrix_get(m->Sigma_hat,support[a],support[b]));
}
eigensystem*e= eigensystem_alloc(s);
eigensystem_compute(e,S);
double tau= pinv_threshold(e);
eigensystem_filter(e,filter_pinv,&tau,r,w);
for(size_t a= 0;a<s;a++)gsl_vector_set(beta_hat,support[a],gsl_vector_get(w,a));
eigensystem_free(e);
gsl_matrix_free(S);gsl_vector_free(r);gsl_vector_free(w);
}

double bayes_ridge_lambda(double sigma,double tau2,size_t n)
{
return sigma*sigma/((double)n*tau2);
}

/*:22*//*25:*/
#line 578 "chapters/estimators.w"

void pto_preprocess(moments*m,const pto_preprocessing*pre,gsl_vector*phi)
{
size_t d= m->d;
for(size_t j= 0;j<d;j++){
double r= gsl_vector_get(m->r_hat,j),p= r;
switch(pre->variant){
case PTO_R:p= r;break;
case PTO_ABS:p= fabs(r);break;
case PTO_SQ:p= r*r;break;
case PTO_RESIDUAL:p= 1.0+pre->c*r;break;
}
gsl_vector_set(phi,j,p);
}
for(size_t i= 0;i<d;i++){
double pi= gsl_vector_get(phi,i);
gsl_vector_set(m->g,i,pi*gsl_vector_get(m->r_hat,i));
for(size_t j= 0;j<d;j++)
gsl_matrix_set(m->A,i,j,pi*gsl_matrix_get(m->Sigma_hat,i,j)*gsl_vector_get(phi,j));
}
}

/*:25*//*26:*/
#line 603 "chapters/estimators.w"

double pto_step_scale(const eigensystem*eA)
{
double lmax= gsl_vector_max(eA->lambda);
return lmax> 0.0?1.0/lmax:1.0;
}

/*:26*//*27:*/
#line 613 "chapters/estimators.w"

void pto_path(moments*m,const pto_preprocessing*pre,double eta,const unsigned*ts,size_t nts,
gsl_matrix*B)
{
gsl_vector*phi= gsl_vector_alloc(m->d);
pto_preprocess(m,pre,phi);
if(pre->relative_step){
eigensystem*e= eigensystem_alloc(m->d);
eigensystem_compute(e,m->A);
eta*= pto_step_scale(e);
eigensystem_free(e);
}
quad_gd_path(m->A,m->g,eta,ts,nts,B,m->w,m->work);
for(size_t a= 0;a<nts;a++){
gsl_vector_view row= gsl_matrix_row(B,a);
gsl_vector_mul(&row.vector,phi);
}
gsl_vector_free(phi);
}

void est_pto(moments*m,const pto_preprocessing*pre,double eta,unsigned t,
gsl_vector*beta_hat)
{
gsl_matrix_view B= gsl_matrix_view_vector(beta_hat,1,m->d);
pto_path(m,pre,eta,&t,1,&B.matrix);
}

/*:27*//*28:*/
#line 643 "chapters/estimators.w"

void est_pto_closed_form(moments*m,const pto_preprocessing*pre,double eta,unsigned t,
gsl_vector*beta_hat)
{
gsl_vector*phi= gsl_vector_alloc(m->d);
pto_preprocess(m,pre,phi);
eigensystem*e= eigensystem_alloc(m->d);
eigensystem_compute(e,m->A);
if(pre->relative_step)eta*= pto_step_scale(e);
double param[2]= {eta,(double)t};
eigensystem_filter(e,filter_gd,param,m->g,beta_hat);
gsl_vector_mul(beta_hat,phi);
eigensystem_free(e);
gsl_vector_free(phi);
}

/*:28*/
#line 34 "chapters/estimators.w"


/*:2*/
