/*2:*/
#line 24 "chapters/construct.w"

#include <math.h> 
#include <string.h> 
#include <gsl/gsl_blas.h> 
#include "support.h"
#include "risk.h"
#include "construct.h"
/*4:*/
#line 58 "chapters/construct.w"

model_config construct_config(size_t d,size_t n_max,size_t layers,size_t first_heads)
{
model_config c;
memset(&c,0,sizeof c);
c.format= FORMAT_STACKED;c.d_x= d;c.n_max= n_max;c.extra_rows= d;
c.n_layers= layers;c.d_head= d;
for(size_t l= 0;l<MAX_LAYERS;l++){c.heads[l]= 1;c.attn[l]= ATTN_LINEAR;}
c.heads[0]= first_heads;
return c;
}

/*:4*//*5:*/
#line 74 "chapters/construct.w"

void construct_gd_layer(model*m,size_t l,size_t first_row,double eta,const gsl_matrix*P)
{
size_t d= m->cfg.d_x,D= m->cfg.d_model,dh= m->cfg.d_head;
double*WQ= m->p.W_Q[l],*WK= m->p.W_K[l],*WV= m->p.W_V[l],*WO= m->p.W_O[l];
for(size_t c= 0;c<d;c++){
WK[(first_row+c)*dh+c]= 1.0;
for(size_t c2= 0;c2<d;c2++)
WQ[(first_row+c)*dh+c2]= P?gsl_matrix_get(P,c,c2):(c==c2?1.0:0.0);
}
WV[d*dh+0]= 1.0;
WO[0*D+d]= -eta;
}

/*:5*//*7:*/
#line 110 "chapters/construct.w"

void construct_preprocess_layer(model*m,size_t H)
{
size_t d= m->cfg.d_x,D= m->cfg.d_model,dh= m->cfg.d_head;
for(size_t k= 0;k<d;k++){
size_t h= k*H/d;
m->p.W_Q[0][h*D*dh+k*dh+(k-(h*d+H-1)/H)]= 1.0;
m->p.W_K[0][h*D*dh+k*dh+(k-(h*d+H-1)/H)]= 1.0;
}
for(size_t h= 0;h<H;h++){
m->p.W_V[0][h*D*dh+d*dh+0]= 1.0;
m->p.W_O[0][h*dh*D+0*D+d+1+h]= 1.0;
}
}

void construct_pto(model*m,size_t H,double eta,unsigned t)
{
memset(m->params,0,m->n_params*sizeof(double));
construct_preprocess_layer(m,H);
for(unsigned l= 1;l<=t;l++)construct_gd_layer(m,l,m->cfg.d_x+1,eta,NULL);
}

/*:7*//*8:*/
#line 136 "chapters/construct.w"

void pto_grouped_path(moments*mo,size_t H,double eta,int relative,const unsigned*ts,
size_t nts,gsl_matrix*B)
{
size_t d= mo->d;
gsl_matrix*Phi= gsl_matrix_calloc(d,H),*SP= gsl_matrix_alloc(d,H);
gsl_matrix*A= gsl_matrix_alloc(H,H),*W= gsl_matrix_alloc(nts,H);
gsl_vector*g= gsl_vector_alloc(H),*w= gsl_vector_alloc(H),*work= gsl_vector_alloc(H);
for(size_t k= 0;k<d;k++)gsl_matrix_set(Phi,k,k*H/d,gsl_vector_get(mo->r_hat,k));
gsl_blas_dgemm(CblasNoTrans,CblasNoTrans,1.0,mo->Sigma_hat,Phi,0.0,SP);
gsl_blas_dgemm(CblasTrans,CblasNoTrans,1.0,Phi,SP,0.0,A);
gsl_blas_dgemv(CblasTrans,1.0,Phi,mo->r_hat,0.0,g);
if(relative){
eigensystem*e= eigensystem_alloc(H);
eigensystem_compute(e,A);
eta*= pto_step_scale(e);
eigensystem_free(e);
}
quad_gd_path(A,g,eta,ts,nts,W,w,work);
gsl_blas_dgemm(CblasNoTrans,CblasTrans,1.0,W,Phi,0.0,B);
gsl_matrix_free(Phi);gsl_matrix_free(SP);gsl_matrix_free(A);gsl_matrix_free(W);
gsl_vector_free(g);gsl_vector_free(w);gsl_vector_free(work);
}

void est_pto_grouped(moments*mo,size_t H,double eta,unsigned t,gsl_vector*beta_hat)
{
gsl_matrix_view B= gsl_matrix_view_vector(beta_hat,1,mo->d);
pto_grouped_path(mo,H,eta,0,&t,1,&B.matrix);
}

/*:8*//*10:*/
#line 201 "chapters/construct.w"

static double grouped_task_risks(const task_spec*spec,size_t n,size_t H,uint64_t seed,
uint64_t stream,uint64_t k,double*risk,task*t,moments*mo,gsl_matrix*B);
static const double head_etas[]= {0.2,0.4,0.6,0.8,1.0,1.3,1.6,1.9};
static const unsigned head_ts[]= {1,2,3,5,8,12,20,30,50,80,100};
#define N_HEAD_ETAS (sizeof head_etas / sizeof head_etas[0])
#define N_HEAD_TS (sizeof head_ts / sizeof head_ts[0])

void grouped_head_risk(const task_spec*spec,size_t n,size_t H,size_t tune,size_t eval,
uint64_t seed,double*out)
{
size_t d= spec->d,nc= N_HEAD_ETAS*N_HEAD_TS;
task*t= task_alloc(n,d);
moments*mo= moments_alloc(d);
gsl_matrix*B= gsl_matrix_alloc(N_HEAD_TS,d);
double*sum= xcalloc(nc,sizeof(double)),*risk= xmalloc(nc*sizeof(double));
for(size_t k= 0;k<tune;k++){
grouped_task_risks(spec,n,H,seed,STREAM_TUNE,k,risk,t,mo,B);
for(size_t c= 0;c<nc;c++)sum[c]+= risk[c];
}
size_t best= 0;
for(size_t c= 1;c<nc;c++)if(isfinite(sum[c])&&!(sum[c]>=sum[best]))best= c;
for(size_t k= 0;k<eval;k++){
grouped_task_risks(spec,n,H,seed,STREAM_EVAL,k,risk,t,mo,B);
out[k]= risk[best];
}
free(sum);free(risk);gsl_matrix_free(B);moments_free(mo);task_free(t);
}

static double grouped_task_risks(const task_spec*spec,size_t n,size_t H,uint64_t seed,
uint64_t stream,uint64_t k,double*risk,task*t,moments*mo,gsl_matrix*B)
{
task_sample(spec,n,seed,stream,k,t);
moments_compute(mo,t->X,t->y,n);
for(size_t a= 0;a<N_HEAD_ETAS;a++){
pto_grouped_path(mo,H,head_etas[a],1,head_ts,N_HEAD_TS,B);
for(size_t b= 0;b<N_HEAD_TS;b++){
double r= 0.0;
for(size_t j= 0;j<spec->d;j++){
double e= gsl_matrix_get(B,b,j)-gsl_vector_get(t->beta,j);
r+= e*e;
}
risk[a*N_HEAD_TS+b]= isfinite(r)?r:INFINITY;
}
}
return 0.0;
}

/*:10*//*12:*/
#line 257 "chapters/construct.w"

double construct_predict(model*m,const task*t,size_t n)
{
prompt_batch*bt= batch_alloc(&m->cfg,1,n);
size_t d= m->cfg.d_x,D= bt->d_in;
for(size_t i= 0;i<n;i++){
for(size_t j= 0;j<d;j++)bt->tokens[i*D+j]= gsl_matrix_get(t->X,i,j);
bt->tokens[i*D+d]= gsl_vector_get(t->y,i);
}
for(size_t j= 0;j<d;j++)bt->tokens[n*D+j]= gsl_vector_get(t->x_q,j);
bt->weight[n]= 1.0;
model_forward(m,bt);
double y= m->pred[n];
batch_free(bt);
return y;
}

/*:12*//*15:*/
#line 316 "chapters/construct.w"

double one_step_gd_optimal_risk(size_t d,size_t n,double b,double sigma)
{
double a= b*b,c= ((double)(d+1)*b*b+(double)d*sigma*sigma)/(double)n;
return a*c/(a+c);
}

/*:15*//*17:*/
#line 358 "chapters/construct.w"

static void build_construction(model*m,size_t heads1,double eta)
{
size_t L= m->cfg.n_layers,d= m->cfg.d_x;
memset(m->params,0,m->n_params*sizeof(double));
if(heads1==d&&L>=2)construct_pto(m,d,eta,(unsigned)(L-1));
else for(size_t l= 0;l<L;l++)construct_gd_layer(m,l,0,eta,NULL);
}

static void query_errors(model*m,const train_config*c,uint64_t stream,size_t prompts,
double*err,double*grad)
{
prompt_batch*bt= batch_alloc(&c->arch,c->batch,c->n);
task*t= task_alloc(c->n,c->d);
size_t n= c->n,D= bt->d_in,d= c->d;
for(size_t done= 0;done<prompts;done+= bt->B){
bt->B= prompts-done<c->batch?prompts-done:c->batch;
fill_batch(c,d,n,stream,done,bt,t);
model_forward(m,bt);
for(size_t b= 0;b<bt->B;b++){
double e= m->pred[b*bt->T+n]-bt->target[b*bt->T+n];
err[done+b]= e*e;
}
if(grad==NULL)continue;
for(size_t j= 0;j<d;j++){
double lo[1024],h= 1e-6;
for(int side= 0;side<2;side++){
for(size_t b= 0;b<bt->B;b++)bt->tokens[(b*bt->T+n)*D+j]+= side?2*h:-h;
model_forward(m,bt);
for(size_t b= 0;b<bt->B;b++){
if(!side)lo[b]= m->pred[b*bt->T+n];
else grad[(done+b)*d+j]= (m->pred[b*bt->T+n]-lo[b])/(2*h);
}
}
for(size_t b= 0;b<bt->B;b++)bt->tokens[(b*bt->T+n)*D+j]-= h;
}
}
batch_free(bt);task_free(t);
}

comparison compare_trained_constructed(const train_config*base,size_t layers,size_t heads1,
size_t prompts)
{
train_config c= *base;
char err[512];
c.arch= construct_config(c.d,c.n,layers,heads1);
c.query_only= 1;
if(c.batch> 1024)c.batch= 1024;
comparison out;
trainer*tr= trainer_new(&c);
model_init(tr->m,c.seed,c.init_std);
if(train_run(tr,c.steps,0,err,sizeof err)!=0)mhicl_fatal("%s",err);
model*k= model_alloc(&tr->m->cfg,c.batch);
static const double etas[]= {0.05,0.1,0.2,0.3,0.5,0.7,1.0,1.5,2.0,3.0,5.0};
double*e1= xmalloc(prompts*sizeof(double)),*e2= xmalloc(prompts*sizeof(double));
double*g1= xmalloc(prompts*c.d*sizeof(double)),*g2= xmalloc(prompts*c.d*sizeof(double));
double best= INFINITY;
out.eta= etas[0];
for(size_t a= 0;a<sizeof etas/sizeof etas[0];a++){
build_construction(k,heads1,etas[a]);
query_errors(k,&c,STREAM_TUNE,prompts,e2,NULL);
mc_summary s= mc_summarize(e2,prompts,1);
if(isfinite(s.mean)&&s.mean<best){best= s.mean;out.eta= etas[a];}
}
build_construction(k,heads1,out.eta);
query_errors(tr->m,&c,STREAM_EVAL,prompts,e1,g1);
query_errors(k,&c,STREAM_EVAL,prompts,e2,g2);
mc_summary s1= mc_summarize(e1,prompts,1),s2= mc_summarize(e2,prompts,1);
out.trained= s1.mean;out.trained_se= s1.se;out.constructed= s2.mean;out.constructed_se= s2.se;
double cs= 0.0;
for(size_t p= 0;p<prompts;p++){
double ab= 0,aa= 0,bb= 0;
for(size_t j= 0;j<c.d;j++){
double x= g1[p*c.d+j],y= g2[p*c.d+j];
ab+= x*y;aa+= x*x;bb+= y*y;
}
cs+= ab/sqrt(aa*bb+1e-300);
}
out.cosine= cs/(double)prompts;
free(e1);free(e2);free(g1);free(g2);
model_free(k);trainer_free(tr);
return out;
}

/*:17*/
#line 31 "chapters/construct.w"


/*:2*/
