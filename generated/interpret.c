/*2:*/
#line 30 "chapters/interpret.w"

#include <math.h> 
#include <pthread.h> 
#include <stdlib.h> 
#include <string.h> 
#include <gsl/gsl_blas.h> 
#include <gsl/gsl_linalg.h> 
#include "support.h"
#include "estimators.h"
#include "interpret.h"
/*4:*/
#line 53 "chapters/interpret.w"

size_t probe_context(const train_config*c)
{
return c->arch.format==FORMAT_INTERLEAVED?c->n-1:c->n;
}

size_t probe_position(const train_config*c)
{
return c->arch.format==FORMAT_INTERLEAVED?2*probe_context(c):c->n;
}

void probe_fill(const train_config*c,uint64_t stream,uint64_t first,prompt_batch*bt,task*t,
double*signal)
{
size_t n= probe_context(c),d= c->d,q= probe_position(c);
task_spec spec= train_task_spec(c,d);
fill_batch(c,d,c->n,stream,first,bt,t);
for(size_t b= 0;b<bt->B;b++){
task_sample(&spec,n,c->seed,stream,first+b,t);
double*tok= bt->tokens+(b*bt->T+q)*bt->d_in,f= 0.0;
for(size_t j= 0;j<d;j++){
tok[j]= gsl_vector_get(t->x_q,j);
f+= tok[j]*gsl_vector_get(t->beta,j);
}
bt->target[b*bt->T+q]= t->y_q;
signal[b]= f;
}
task_spec_free(&spec);
}

/*:4*//*6:*/
#line 93 "chapters/interpret.w"

#define PROBE_BATCH 64
typedef struct{
model*m;const train_config*c;uint64_t stream;
size_t prompts,first_batch,step;
double*err;
}probe_job;

static void*probe_worker(void*arg)
{
probe_job*j= arg;
prompt_batch*bt= batch_alloc(&j->c->arch,PROBE_BATCH,j->c->n);
task*t= task_alloc(j->c->n,j->c->d);
double signal[PROBE_BATCH];
size_t q= probe_position(j->c);
for(size_t k= j->first_batch*PROBE_BATCH;k<j->prompts;k+= j->step*PROBE_BATCH){
bt->B= j->prompts-k<PROBE_BATCH?j->prompts-k:PROBE_BATCH;
probe_fill(j->c,j->stream,k,bt,t,signal);
model_forward(j->m,bt);
for(size_t b= 0;b<bt->B;b++){
double e= j->m->pred[b*bt->T+q]-signal[b];
j->err[k+b]= e*e;
}
}
batch_free(bt);task_free(t);
return NULL;
}

void probe_errors(model*m,const train_config*c,uint64_t stream,size_t prompts,
size_t threads,double*err)
{
if(threads<1)threads= 1;
if(threads> 64)threads= 64;
probe_job job[64];
pthread_t tid[64];
model*rep[64]= {NULL};
for(size_t i= 0;i<threads;i++){
rep[i]= model_alloc_replica(m,PROBE_BATCH);
job[i]= (probe_job){rep[i],c,stream,prompts,i,threads,err};
if(i> 0&&pthread_create(&tid[i],NULL,probe_worker,&job[i])!=0)
mhicl_fatal("cannot start a thread");
}
probe_worker(&job[0]);
for(size_t i= 1;i<threads;i++)pthread_join(tid[i],NULL);
for(size_t i= 0;i<threads;i++)model_free(rep[i]);
}

/*:6*//*9:*/
#line 161 "chapters/interpret.w"

static void mask_all(model*m,double v)
{
for(size_t l= 0;l<MAX_LAYERS;l++)
for(size_t h= 0;h<256;h++)m->head_mask[l][h]= v;
}

size_t head_importance(model*m,const train_config*c,size_t prompts,size_t threads,
mc_summary*full,head_effect*out)
{
double*base= xmalloc(prompts*sizeof(double)),*e= xmalloc(prompts*sizeof(double));
mask_all(m,1.0);
probe_errors(m,c,STREAM_EVAL,prompts,threads,base);
*full= mc_summarize(base,prompts,1);
size_t count= 0;
for(size_t l= 0;l<m->cfg.n_layers;l++){
size_t first= count;
double top= 0.0;
for(size_t h= 0;h<m->cfg.heads[l];h++){
m->head_mask[l][h]= 0.0;
probe_errors(m,c,STREAM_EVAL,prompts,threads,e);
m->head_mask[l][h]= 1.0;
mc_summary r= mc_summarize(e,prompts,1);
for(size_t p= 0;p<prompts;p++)e[p]-= base[p];
mc_summary dlt= mc_summarize(e,prompts,1);
out[count++]= (head_effect){l,h,r.mean,dlt.mean,dlt.se,0.0};
if(dlt.mean> top)top= dlt.mean;
}
for(size_t i= first;i<count;i++)out[i].share= top> 0.0?out[i].delta/top:0.0;
}
free(base);free(e);
return count;
}

size_t best_head(const head_effect*eff,size_t count,size_t layer)
{
size_t best= 0;
double top= -INFINITY;
for(size_t i= 0;i<count;i++)
if(eff[i].layer==layer&&eff[i].delta> top){top= eff[i].delta;best= eff[i].head;}
return best;
}

/*:9*//*12:*/
#line 224 "chapters/interpret.w"

const char*const prune_kind_names[]= {"full","pruned","pruned_layer","layer1_best_only"};

static void keep_best(model*m,const head_effect*eff,size_t count,size_t l)
{
size_t b= best_head(eff,count,l);
for(size_t h= 0;h<m->cfg.heads[l];h++)m->head_mask[l][h]= h==b?1.0:0.0;
}

size_t prune_heads(model*m,const train_config*c,const head_effect*eff,size_t count,
size_t prompts,size_t threads,prune_row*rows)
{
size_t L= m->cfg.n_layers,nr= 0;
double*base= xmalloc(prompts*sizeof(double)),*e= xmalloc(prompts*sizeof(double));
mask_all(m,1.0);
probe_errors(m,c,STREAM_EVAL,prompts,threads,base);
for(int kind= PRUNE_FULL;kind<=PRUNE_FIRST;kind++){
size_t lo= kind==PRUNE_ONE_LAYER?1:0,hi= kind==PRUNE_ONE_LAYER?L:1;
for(size_t l= lo;l<hi;l++){
mask_all(m,1.0);
if(kind==PRUNE_LATER)for(size_t k= 1;k<L;k++)keep_best(m,eff,count,k);
if(kind==PRUNE_ONE_LAYER)keep_best(m,eff,count,l);
if(kind==PRUNE_FIRST)keep_best(m,eff,count,0);
probe_errors(m,c,STREAM_EVAL,prompts,threads,e);
mc_summary r= mc_summarize(e,prompts,1);
for(size_t p= 0;p<prompts;p++)e[p]-= base[p];
mc_summary dlt= mc_summarize(e,prompts,1);
rows[nr++]= (prune_row){(prune_kind)kind,l,r.mean,r.se,dlt.mean,dlt.se};
}
}
mask_all(m,1.0);
free(base);free(e);
return nr;
}

/*:12*//*15:*/
#line 294 "chapters/interpret.w"

int ridge_probe_fit(const double*H,const double*y,size_t P,size_t C,double*w)
{
size_t F= C+1;
gsl_matrix*A= gsl_matrix_calloc(F,F);
gsl_vector*g= gsl_vector_calloc(F);
gsl_matrix*Ht= gsl_matrix_alloc(P,F);
for(size_t p= 0;p<P;p++){
for(size_t j= 0;j<C;j++)gsl_matrix_set(Ht,p,j,H[p*C+j]);
gsl_matrix_set(Ht,p,C,1.0);
}
gsl_blas_dsyrk(CblasLower,CblasTrans,1.0/(double)P,Ht,0.0,A);
gsl_vector_const_view yv= gsl_vector_const_view_array(y,P);
gsl_blas_dgemv(CblasTrans,1.0/(double)P,Ht,&yv.vector,0.0,g);
double tr= 0.0;
for(size_t j= 0;j<F;j++)tr+= gsl_matrix_get(A,j,j);
for(size_t j= 0;j<F;j++)gsl_matrix_set(A,j,j,gsl_matrix_get(A,j,j)+1e-6*tr/(double)F);
mhicl_gsl_expect_errors(1);
int bad= gsl_linalg_cholesky_decomp1(A)!=0;
if(!bad){
gsl_vector_view wv= gsl_vector_view_array(w,F);
bad= gsl_linalg_cholesky_solve(A,g,&wv.vector)!=0;
}
mhicl_gsl_expect_errors(0);
gsl_matrix_free(A);gsl_vector_free(g);gsl_matrix_free(Ht);
return bad;
}

double ridge_probe_predict(const double*w,const double*h,size_t C)
{
double s= w[C];
for(size_t j= 0;j<C;j++)s+= w[j]*h[j];
return s;
}

/*:15*//*16:*/
#line 334 "chapters/interpret.w"

typedef void(*probe_visit)(void*ctx,const model*r,const train_config*c,const prompt_batch*bt,
size_t first,const double*signal);
static const double*hidden_state(const model*m,size_t l)
{
return l<m->cfg.n_layers?m->acts[l].resid_pre:m->resid_final;
}

static void probe_pass(model*m,const train_config*c,uint64_t stream,size_t prompts,
int forward,probe_visit visit,void*ctx)
{
prompt_batch*bt= batch_alloc(&c->arch,PROBE_BATCH,c->n);
task*t= task_alloc(c->n,c->d);
double signal[PROBE_BATCH];
model*r= model_alloc_replica(m,PROBE_BATCH);
mask_all(r,1.0);
for(size_t k= 0;k<prompts;k+= PROBE_BATCH){
bt->B= prompts-k<PROBE_BATCH?prompts-k:PROBE_BATCH;
probe_fill(c,stream,k,bt,t,signal);
if(forward)model_forward(r,bt);
visit(ctx,r,c,bt,k,signal);
}
batch_free(bt);task_free(t);model_free(r);
}

typedef struct{double*H,*y,*f;size_t P;}query_states;

static void keep_query_states(void*ctx,const model*r,const train_config*c,const prompt_batch*bt,
size_t first,const double*signal)
{
query_states*qs= ctx;
size_t L= r->cfg.n_layers,C= r->cfg.d_model,q= probe_position(c);
for(size_t b= 0;b<bt->B;b++){
qs->y[first+b]= bt->target[b*bt->T+q];
qs->f[first+b]= signal[b];
for(size_t l= 0;l<=L;l++)
memcpy(qs->H+(l*qs->P+first+b)*C,hidden_state(r,l)+(b*bt->T+q)*C,
C*sizeof(double));
}
}

static void collect_query_states(model*m,const train_config*c,uint64_t stream,size_t P,
double*H,double*y,double*f)
{
query_states qs= {H,y,f,P};
probe_pass(m,c,stream,P,1,keep_query_states,&qs);
}

void linear_probe(model*m,const train_config*c,size_t train_prompts,size_t eval_prompts,
mc_summary*risk)
{
size_t L= m->cfg.n_layers,C= m->cfg.d_model;
double*Htr= xmalloc((L+1)*train_prompts*C*sizeof(double));
double*Hte= xmalloc((L+1)*eval_prompts*C*sizeof(double));
double*ytr= xmalloc(train_prompts*sizeof(double)),*ftr= xmalloc(train_prompts*sizeof(double));
double*yte= xmalloc(eval_prompts*sizeof(double)),*fte= xmalloc(eval_prompts*sizeof(double));
double*w= xmalloc((C+1)*sizeof(double)),*e= xmalloc(eval_prompts*sizeof(double));
collect_query_states(m,c,STREAM_TUNE,train_prompts,Htr,ytr,ftr);
collect_query_states(m,c,STREAM_EVAL,eval_prompts,Hte,yte,fte);
for(size_t l= 0;l<=L;l++){
if(ridge_probe_fit(Htr+l*train_prompts*C,ytr,train_prompts,C,w)!=0){
risk[l]= (mc_summary){NAN,NAN,eval_prompts};
continue;
}
for(size_t p= 0;p<eval_prompts;p++){
double r= ridge_probe_predict(w,Hte+(l*eval_prompts+p)*C,C)-fte[p];
e[p]= r*r;
}
risk[l]= mc_summarize(e,eval_prompts,1);
}
free(Htr);free(Hte);free(ytr);free(ftr);free(yte);free(fte);free(w);free(e);
}

/*:16*//*19:*/
#line 441 "chapters/interpret.w"

const char*const probe_source_names[PROBE_SOURCES]= {"raw_x","layer1_state","layer1_write"};
const double probe_etas[]= {0.1,0.25,0.5,0.75,1.0,1.5,1.9};
const size_t n_probe_etas= sizeof probe_etas/sizeof probe_etas[0];

static void features_of(const model*m,const train_config*c,const prompt_batch*bt,size_t b,
probe_source src,gsl_matrix*Phi,gsl_vector*phi_q)
{
size_t n= probe_context(c),C= m->cfg.d_model,T= bt->T,din= bt->d_in;
int inter= c->arch.format==FORMAT_INTERLEAVED;
const double*h= src==PROBE_RAW?bt->tokens:hidden_state(m,1);
const double*h0= hidden_state(m,0);
size_t width= src==PROBE_RAW?din:C,F= Phi->size2;
for(size_t i= 0;i<=n;i++){
size_t pos= i<n?(inter?2*i:i):probe_position(c);
const double*x= h+(b*T+pos)*width,*x0= h0+(b*T+pos)*C;
for(size_t j= 0,f= 0;f<F;j++){
if(!inter&&j==c->d)continue;
double v= src==PROBE_WRITE?x[j]-x0[j]:x[j];
if(i<n)gsl_matrix_set(Phi,i,f,v);else gsl_vector_set(phi_q,f,v);
f++;
}
}
}

typedef struct{
probe_source src;
const unsigned*ts;size_t nts;
double*err;
moments*mo;
gsl_matrix*Phi,*W;
gsl_vector*phi_q,*y,*w,*work;
}gd_probe_work;

static void gd_probe_batch(void*ctx,const model*r,const train_config*c,const prompt_batch*bt,
size_t first,const double*signal)
{
gd_probe_work*g= ctx;
size_t n= probe_context(c),d= c->d,nts= g->nts;
int inter= c->arch.format==FORMAT_INTERLEAVED;
for(size_t b= 0;b<bt->B;b++){
features_of(r,c,bt,b,g->src,g->Phi,g->phi_q);
for(size_t i= 0;i<n;i++)
gsl_vector_set(g->y,i,bt->tokens[(b*bt->T+(inter?2*i+1:i))*bt->d_in
+(inter?0:d)]);
moments_compute(g->mo,g->Phi,g->y,n);
moments_eigen(g->mo);
double scale= pto_step_scale(g->mo->eig);
for(size_t a= 0;a<n_probe_etas;a++){
quad_gd_path(g->mo->Sigma_hat,g->mo->r_hat,probe_etas[a]*scale,g->ts,nts,g->W,g->w,
g->work);
for(size_t s= 0;s<nts;s++){
gsl_vector_view ws= gsl_matrix_row(g->W,s);
double yh;
gsl_blas_ddot(&ws.vector,g->phi_q,&yh);
double e= (yh-signal[b])*(yh-signal[b]);
g->err[((first+b)*n_probe_etas+a)*nts+s]= isfinite(e)?e:INFINITY;
}
}
}
}

void gd_probe_errors(model*m,const train_config*c,uint64_t stream,size_t prompts,
probe_source src,const unsigned*ts,size_t nts,double*err)
{
size_t n= probe_context(c),C= m->cfg.d_model;
int inter= c->arch.format==FORMAT_INTERLEAVED;
size_t F= src==PROBE_RAW?c->d:(inter?C:C-1);
gd_probe_work g= {src,ts,nts,err,moments_alloc(F),gsl_matrix_alloc(n,F),
gsl_matrix_alloc(nts,F),gsl_vector_alloc(F),gsl_vector_alloc(n),gsl_vector_alloc(F),
gsl_vector_alloc(F)};
probe_pass(m,c,stream,prompts,src!=PROBE_RAW,gd_probe_batch,&g);
moments_free(g.mo);gsl_matrix_free(g.Phi);gsl_matrix_free(g.W);
gsl_vector_free(g.phi_q);gsl_vector_free(g.y);gsl_vector_free(g.w);gsl_vector_free(g.work);
}

/*:19*//*20:*/
#line 522 "chapters/interpret.w"

void gd_probe(model*m,const train_config*c,const unsigned*ts,size_t nts,size_t tune,
size_t prompts,mc_summary out[PROBE_SOURCES][32],mc_summary gain[PROBE_SOURCES][32])
{
size_t width= n_probe_etas*nts;
double*et= xmalloc(tune*width*sizeof(double)),*ee= xmalloc(prompts*width*sizeof(double));
double*raw= xmalloc(nts*prompts*sizeof(double)),*dif= xmalloc(prompts*sizeof(double));
for(int src= 0;src<PROBE_SOURCES;src++){
gd_probe_errors(m,c,STREAM_TUNE,tune,(probe_source)src,ts,nts,et);
gd_probe_errors(m,c,STREAM_EVAL,prompts,(probe_source)src,ts,nts,ee);
for(size_t s= 0;s<nts;s++){
size_t best= 0;
double top= INFINITY;
for(size_t a= 0;a<n_probe_etas;a++){
mc_summary u= mc_summarize(et+a*nts+s,tune,width);
if(isfinite(u.mean)&&u.mean<top){top= u.mean;best= a;}
}
out[src][s]= mc_summarize(ee+best*nts+s,prompts,width);
for(size_t p= 0;p<prompts;p++){
double e= ee[p*width+best*nts+s];
if(src==PROBE_RAW)raw[s*prompts+p]= e;
dif[p]= e-raw[s*prompts+p];
}
gain[src][s]= mc_summarize(dif,prompts,1);
}
}
free(et);free(ee);free(raw);free(dif);
}

/*:20*//*23:*/
#line 581 "chapters/interpret.w"

static void dump_rows(FILE*f,const char*hook,long layer,const model*m,const double*x,
size_t width,size_t heads)
{
size_t per= heads?width/heads:width;
for(size_t b= 0;b<m->B;b++)
for(size_t t= 0;t<m->T;t++)
for(size_t j= 0;j<width;j++)
fprintf(f,"%s,%ld,%zu,%zu,%ld,%zu,%.17g\n",hook,layer,b,t,
heads?(long)(j/per):-1L,heads?j%per:j,x[(b*m->T+t)*width+j]);
}

static void dump_square(FILE*f,const char*hook,long layer,const model*m,const double*x,
size_t H)
{
size_t T= m->T;
for(size_t b= 0;b<m->B;b++)
for(size_t h= 0;h<H;h++)
for(size_t t= 0;t<T;t++)
for(size_t j= 0;j<T;j++)
fprintf(f,"%s,%ld,%zu,%zu,%zu,%zu,%.17g\n",hook,layer,b,t,h,j,
x[((b*H+h)*T+t)*T+j]);
}

void dump_activations(const model*m,FILE*f)
{
const model_config*c= &m->cfg;
size_t C= c->d_model,L= c->n_layers;
fprintf(f,"hook,layer,prompt,position,head,index,value\n");
dump_rows(f,"hook_embed",-1,m,m->acts[0].resid_pre,C,0);
for(size_t l= 0;l<L;l++){
const layer_acts*a= &m->acts[l];
size_t H= c->heads[l],HD= H*c->d_head;
long ll= (long)l;
dump_rows(f,"hook_resid_pre",ll,m,a->resid_pre,C,0);
if(c->layernorm)dump_rows(f,"ln1.hook_normalized",ll,m,a->ln1,C,0);
dump_rows(f,"attn.hook_q",ll,m,a->q,HD,H);
dump_rows(f,"attn.hook_k",ll,m,a->k,HD,H);
dump_rows(f,"attn.hook_v",ll,m,a->v,HD,H);
dump_square(f,"attn.hook_attn_scores",ll,m,a->scores,H);
dump_square(f,"attn.hook_pattern",ll,m,a->pattern,H);
dump_rows(f,"attn.hook_z",ll,m,a->z,HD,H);
dump_rows(f,"hook_attn_out",ll,m,a->attn_out,C,0);
dump_rows(f,"hook_resid_mid",ll,m,a->resid_mid,C,0);
if(c->mlp){
if(c->layernorm)dump_rows(f,"ln2.hook_normalized",ll,m,a->ln2,C,0);
dump_rows(f,"mlp.hook_pre",ll,m,a->mlp_pre,4*C,0);
dump_rows(f,"mlp.hook_post",ll,m,a->mlp_post,4*C,0);
}
dump_rows(f,"hook_resid_post",ll,m,l+1<L?m->acts[l+1].resid_pre:m->resid_final,
C,0);
}
if(c->layernorm)dump_rows(f,"ln_final.hook_normalized",-1,m,m->lnf,C,0);
dump_rows(f,"prediction",-1,m,m->pred,1,0);
}

/*:23*/
#line 40 "chapters/interpret.w"


/*:2*/
