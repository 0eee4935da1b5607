/*2:*/
#line 19 "chapters/risk.w"

#include <math.h> 
#include <pthread.h> 
#include <string.h> 
#include <gsl/gsl_blas.h> 
#include "support.h"
#include "risk.h"
/*4:*/
#line 42 "chapters/risk.w"

double excess_risk(const gsl_vector*beta_hat,const gsl_vector*beta,const gsl_matrix*Sigma)
{
size_t d= beta->size;
double q= 0.0;
for(size_t i= 0;i<d;i++){
double ei= gsl_vector_get(beta_hat,i)-gsl_vector_get(beta,i);
if(Sigma==NULL){q+= ei*ei;continue;}
double row= 0.0;
for(size_t j= 0;j<d;j++)
row+= gsl_matrix_get(Sigma,i,j)*(gsl_vector_get(beta_hat,j)-gsl_vector_get(beta,j));
q+= ei*row;
}
return q;
}

/*:4*//*7:*/
#line 68 "chapters/risk.w"

mc_summary mc_summarize(const double*x,size_t count,size_t stride)
{
mc_summary out= {0.0,0.0,count};
if(count==0)return out;
double sum= 0.0;
for(size_t i= 0;i<count;i++)sum+= x[i*stride];
out.mean= sum/(double)count;
if(count<2)return out;
double ss= 0.0;
for(size_t i= 0;i<count;i++){
double e= x[i*stride]-out.mean;
ss+= e*e;
}
out.se= sqrt(ss/(double)(count-1)/(double)count);
return out;
}

/*:7*//*10:*/
#line 173 "chapters/risk.w"

double bayes_risk_lower_bound(size_t d,size_t n,double sigma,double b)
{
double s2= sigma*sigma,b2= b*b;
return(double)d*s2*b2/((double)n*b2+(double)d*s2);
}

/*:10*//*13:*/
#line 226 "chapters/risk.w"

const char*const method_names[M_COUNT]= {
"ols","ridge","gd","lasso","oracle","lmmse","bayes","pto"};

int method_from_name(const char*name)
{
for(int m= 0;m<M_COUNT;m++)
if(strcmp(name,method_names[m])==0)return m;
return-1;
}

/*:13*//*14:*/
#line 248 "chapters/risk.w"

static double*log_grid(double hi,double lo,size_t count)
{
double*x= xmalloc(count*sizeof(double));
for(size_t i= 0;i<count;i++)
x[i]= hi*pow(lo/hi,count> 1?(double)i/(double)(count-1):0.0);
return x;
}

static double*copy_grid(const double*src,size_t count)
{
double*x= xmalloc(count*sizeof(double));
memcpy(x,src,count*sizeof(double));
return x;
}

void risk_grids_default(risk_grids*g,unsigned t_max,int pto_relative)
{
static const double gd_etas[]= {0.05,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9};
static const double pto_fixed[]= {0.001,0.002,0.005,0.01,0.02,0.03,0.05,0.07,0.1,
0.15,0.2,0.3,0.5,0.7,1.0};
static const double pto_relative_etas[]= {0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0,
1.2,1.4,1.6,1.8,1.95};
static const unsigned ts[]= {1,2,3,4,5,6,8,10,13,16,20,25,32,40,50,64,80,
100,128,160,200,256,320,400,500,640,800,1000,1280,1600,2000,2560,3200,4000,
5000,6400,8000,10000};
g->n_ridge= 36;g->ridge_lambdas= log_grid(1e3,1e-4,g->n_ridge);
g->n_lasso= 31;g->lasso_lambdas= log_grid(1.0,1e-3,g->n_lasso);
g->n_gd_eta= sizeof gd_etas/sizeof gd_etas[0];
g->gd_etas= copy_grid(gd_etas,g->n_gd_eta);
g->pto_relative= pto_relative;
if(pto_relative){
g->n_pto_eta= sizeof pto_relative_etas/sizeof pto_relative_etas[0];
g->pto_etas= copy_grid(pto_relative_etas,g->n_pto_eta);
}else{
g->n_pto_eta= sizeof pto_fixed/sizeof pto_fixed[0];
g->pto_etas= copy_grid(pto_fixed,g->n_pto_eta);
}
g->ts= xmalloc((sizeof ts/sizeof ts[0]+1)*sizeof(unsigned));
g->n_t= 0;
for(size_t i= 0;i<sizeof ts/sizeof ts[0]&&ts[i]<=t_max;i++)g->ts[g->n_t++]= ts[i];
if(g->n_t==0||g->ts[g->n_t-1]!=t_max)g->ts[g->n_t++]= t_max;
}

void risk_grids_free(risk_grids*g)
{
free(g->ridge_lambdas);free(g->lasso_lambdas);free(g->gd_etas);free(g->pto_etas);
free(g->ts);
memset(g,0,sizeof*g);
}

/*:14*//*15:*/
#line 302 "chapters/risk.w"

size_t method_candidates(method_id m,const risk_grids*g)
{
switch(m){
case M_RIDGE:return g->n_ridge;
case M_LASSO:return g->n_lasso;
case M_GD:return g->n_gd_eta*g->n_t;
case M_PTO:return g->n_pto_eta*g->n_t;
default:return 1;
}
}

int method_has_step(method_id m)
{
return m==M_GD||m==M_PTO;
}

hyper method_hyper(method_id m,const risk_grids*g,size_t cand)
{
hyper h= {NAN,NAN,0};
switch(m){
case M_RIDGE:h.lambda= g->ridge_lambdas[cand];break;
case M_LASSO:h.lambda= g->lasso_lambdas[cand];break;
case M_GD:h.eta= g->gd_etas[cand/g->n_t];h.t= g->ts[cand%g->n_t];break;
case M_PTO:h.eta= g->pto_etas[cand/g->n_t];h.t= g->ts[cand%g->n_t];break;
default:break;
}
return h;
}

/*:15*//*18:*/
#line 365 "chapters/risk.w"

risk_workspace*risk_workspace_alloc(size_t d,const risk_grids*g)
{
risk_workspace*ws= xmalloc(sizeof*ws);
ws->m= moments_alloc(d);
ws->beta_hat= gsl_vector_alloc(d);
ws->phi= gsl_vector_alloc(d);
ws->work= gsl_vector_alloc(d);
ws->W= gsl_matrix_alloc(g->n_lasso,d);
ws->eigA= eigensystem_alloc(d);
ws->lasso_unconverged= 0;
return ws;
}

void risk_workspace_free(risk_workspace*ws)
{
if(ws==NULL)return;
moments_free(ws->m);gsl_vector_free(ws->beta_hat);gsl_vector_free(ws->phi);
gsl_vector_free(ws->work);gsl_matrix_free(ws->W);eigensystem_free(ws->eigA);free(ws);
}

/*:18*//*19:*/
#line 390 "chapters/risk.w"

static double step_lambda(method_id method,const pto_preprocessing*pre,risk_workspace*ws)
{
moments*m= ws->m;
if(method==M_GD){
moments_eigen(m);
return gsl_vector_max(m->eig->lambda);
}
pto_preprocess(m,pre,ws->phi);
eigensystem_compute(ws->eigA,m->A);
double scale= pre->relative_step?pto_step_scale(ws->eigA):1.0;
return scale*gsl_vector_max(ws->eigA->lambda);
}

/*:19*//*20:*/
#line 407 "chapters/risk.w"

sparse_prior risk_bayes_prior(const task_spec*spec)
{
sparse_prior p= {spec->s,spec->b/sqrt((double)spec->s),spec->beta==BETA_SPARSE_SIGN,
spec->sigma};
return p;
}

void candidate_risks(method_id method,const task*t,const task_spec*spec,
const risk_grids*g,const pto_preprocessing*pre,risk_workspace*ws,double*out)
{
moments*m= ws->m;
gsl_vector*bh= ws->beta_hat;
const gsl_matrix*Sigma= spec->Sigma;
#define RISK() excess_risk(bh, t->beta, Sigma)
switch(method){
case M_OLS:est_ols(m,bh);out[0]= RISK();break;
case M_ORACLE:est_oracle(m,t->support,t->s,bh);out[0]= RISK();break;
case M_LMMSE:
est_lmmse(m,spec->sigma,spec->b*spec->b/(double)spec->d,bh);
out[0]= RISK();
break;
case M_BAYES:{
sparse_prior p= risk_bayes_prior(spec);
if(est_bayes(m,&p,bh)!=0)
mhicl_fatal("bayes: cannot enumerate the prior (d = %zu, s = %zu, sigma = %g)",spec->d,
spec->s,spec->sigma);
out[0]= RISK();
}break;
case M_RIDGE:
for(size_t a= 0;a<g->n_ridge;a++){est_ridge(m,g->ridge_lambdas[a],bh);out[a]= RISK();}
break;
case M_LASSO:
ws->lasso_unconverged+= 
lasso_path(m->Sigma_hat,m->r_hat,g->lasso_lambdas,g->n_lasso,ws->W,m->w,ws->work);
for(size_t a= 0;a<g->n_lasso;a++){
gsl_vector_view row= gsl_matrix_row(ws->W,a);
gsl_vector_memcpy(bh,&row.vector);
out[a]= RISK();
}
break;
case M_GD:
out[g->n_gd_eta*g->n_t]= step_lambda(M_GD,pre,ws);
/*21:*/
#line 464 "chapters/risk.w"

for(size_t a= 0;a<g->n_gd_eta;a++)
for(size_t b= 0;b<g->n_t;b++){
double param[2]= {g->gd_etas[a],(double)g->ts[b]};
eigensystem_filter(m->eig,filter_gd,param,m->r_hat,bh);
out[a*g->n_t+b]= RISK();
}

/*:21*/
#line 450 "chapters/risk.w"

break;
case M_PTO:
out[g->n_pto_eta*g->n_t]= step_lambda(M_PTO,pre,ws);
{
double scale= pre->relative_step?pto_step_scale(ws->eigA):1.0;
/*22:*/
#line 472 "chapters/risk.w"

for(size_t a= 0;a<g->n_pto_eta;a++)
for(size_t b= 0;b<g->n_t;b++){
double param[2]= {scale*g->pto_etas[a],(double)g->ts[b]};
eigensystem_filter(ws->eigA,filter_gd,param,m->g,bh);
gsl_vector_mul(bh,ws->phi);
out[a*g->n_t+b]= RISK();
}

/*:22*/
#line 456 "chapters/risk.w"

}
break;
default:break;
}
#undef RISK
}

/*:20*//*25:*/
#line 564 "chapters/risk.w"

void risk_config_init(risk_config*cfg)
{
memset(cfg,0,sizeof*cfg);
task_spec_init(&cfg->spec,20,3,BETA_SPARSE_GAUSS,1.0,0.5);
cfg->trials= 2000;cfg->tune_trials= 1000;
cfg->threads= 1;cfg->seed= 1;
for(int m= 0;m<M_COUNT;m++)cfg->use[m]= 1;
cfg->rho= 0.0;
cfg->pto.variant= PTO_R;cfg->pto.c= 1.0;cfg->pto.relative_step= 0;
risk_grids_default(&cfg->grids,RISK_T_MAX,0);
cfg->progress= 0;
}

void risk_result_free(risk_result*res)
{
free(res->rows);free(res->eval_risk);
res->rows= NULL;res->eval_risk= NULL;res->n_rows= 0;
}

/*:25*//*26:*/
#line 592 "chapters/risk.w"

enum{PASS_EVAL,PASS_TUNE,PASS_SCREEN};
typedef struct{
const risk_config*cfg;
size_t n,T,width,thread;
int mode;

uint64_t stream;
const size_t*offset;
double*R;
size_t lasso_unconverged;
}pass_job;

static void*pass_worker(void*arg)
{
pass_job*job= arg;
const risk_config*cfg= job->cfg;
size_t d= cfg->spec.d;
task*t= task_alloc(job->n,d);
risk_workspace*ws= risk_workspace_alloc(d,&cfg->grids);
for(size_t k= job->thread;k<job->T;k+= cfg->threads){
task_sample(&cfg->spec,job->n,cfg->seed,job->stream,k,t);
moments_compute(ws->m,t->X,t->y,job->n);
if(job->mode==PASS_SCREEN){
for(int j= 0;j<2;j++)
if(cfg->use[j?M_PTO:M_GD])
job->R[k*2+(size_t)j]= step_lambda(j?M_PTO:M_GD,&cfg->pto,ws);
continue;
}
for(int m= 0;m<M_COUNT;m++)
if(cfg->use[m]&&!(job->mode==PASS_TUNE&&method_candidates((method_id)m,&cfg->grids)==1))
candidate_risks((method_id)m,t,&cfg->spec,&cfg->grids,&cfg->pto,ws,
job->R+k*job->width+job->offset[m]);
}
job->lasso_unconverged= ws->lasso_unconverged;
risk_workspace_free(ws);
task_free(t);
return NULL;
}

static size_t run_pass(const risk_config*cfg,size_t n,uint64_t stream,size_t T,size_t width,
const size_t*offset,double*R,int mode)
{
unsigned nt= cfg->threads?cfg->threads:1;
pthread_t*tid= xmalloc(nt*sizeof(pthread_t));
pass_job*jobs= xmalloc(nt*sizeof(pass_job));
for(unsigned i= 0;i<nt;i++){
jobs[i]= (pass_job){cfg,n,T,width,i,mode,stream,offset,R,0};
if(i> 0&&pthread_create(&tid[i],NULL,pass_worker,&jobs[i])!=0)
mhicl_fatal("cannot start thread %u",i);
}
pass_worker(&jobs[0]);
for(unsigned i= 1;i<nt;i++)pthread_join(tid[i],NULL);
size_t unconverged= 0;
for(unsigned i= 0;i<nt;i++)unconverged+= jobs[i].lasso_unconverged;
free(tid);free(jobs);
return unconverged;
}

/*:26*//*27:*/
#line 655 "chapters/risk.w"

void risk_run(const risk_config*cfg,risk_result*res)
{
size_t offset[M_COUNT+1],width= 0;
for(int m= 0;m<M_COUNT;m++){
offset[m]= width;
if(cfg->use[m])
width+= method_candidates((method_id)m,&cfg->grids)+(method_has_step((method_id)m)?1:0);
}
size_t rows_max= cfg->n_count*M_COUNT;
res->rows= xcalloc(rows_max,sizeof(risk_row));
res->n_rows= 0;
res->lasso_unconverged= 0;
res->eval_risk= xcalloc(cfg->n_count*M_COUNT*(cfg->trials?cfg->trials:1),
sizeof(double));
size_t T= cfg->tune_trials> cfg->trials?cfg->tune_trials:cfg->trials;
double*R= xmalloc((T?T:1)*width*sizeof(double));
double start= mhicl_seconds(),work_total= 0.0,work_done= 0.0;
size_t tasks_done= 0;
for(size_t i= 0;i<cfg->n_count;i++)work_total+= (double)cfg->ns[i]+20.0;
for(size_t i= 0;i<cfg->n_count;i++){
size_t n= cfg->ns[i];
size_t chosen[M_COUNT];
/*28:*/
#line 704 "chapters/risk.w"

res->lasso_unconverged+= run_pass(cfg,n,STREAM_TUNE,cfg->tune_trials,width,offset,R,PASS_TUNE);
size_t S= RISK_SCREEN_FACTOR*cfg->trials;
if(S<cfg->tune_trials)S= cfg->tune_trials;
double*Lam= xcalloc(2*S,sizeof(double));
if(cfg->use[M_GD]||(cfg->use[M_PTO]&&!cfg->grids.pto_relative))
run_pass(cfg,n,STREAM_TUNE,S,2,offset,Lam,PASS_SCREEN);
for(int m= 0;m<M_COUNT;m++){
if(!cfg->use[m])continue;
size_t nc= method_candidates((method_id)m,&cfg->grids),best= 0;
chosen[m]= 0;
if(nc==1)continue;
double lam= 0.0;
int screen= method_has_step((method_id)m)&&!(m==M_PTO&&cfg->grids.pto_relative);
if(screen)
for(size_t k= 0;k<S;k++)lam= fmax(lam,Lam[2*k+(m==M_PTO)]);
for(int pass= 0;pass<2;pass++){
double best_mean= INFINITY;
for(size_t c= 0;c<nc;c++){
hyper h= method_hyper((method_id)m,&cfg->grids,c);
if(screen&&pass==0&&h.eta*lam> RISK_STEP_MARGIN)continue;
if(screen&&pass==1&&h.eta*lam> 2.0
&&(double)h.t*log(h.eta*lam-1.0)> log(2.0))continue;
mc_summary s= mc_summarize(R+offset[m]+c,cfg->tune_trials,width);
if(isfinite(s.mean)&&s.mean<best_mean){best_mean= s.mean;best= c;}
}
if(best_mean<INFINITY)break;
}
chosen[m]= best;
}
free(Lam);

/*:28*/
#line 678 "chapters/risk.w"

/*29:*/
#line 736 "chapters/risk.w"

res->lasso_unconverged+= run_pass(cfg,n,STREAM_EVAL,cfg->trials,width,offset,R,PASS_EVAL);
for(int m= 0;m<M_COUNT;m++){
if(!cfg->use[m])continue;
double*dst= res->eval_risk+(i*M_COUNT+(size_t)m)*cfg->trials;
for(size_t k= 0;k<cfg->trials;k++)dst[k]= R[k*width+offset[m]+chosen[m]];
risk_row*row= &res->rows[res->n_rows++];
row->n= n;row->method= (method_id)m;
row->h= method_hyper((method_id)m,&cfg->grids,chosen[m]);
row->risk= mc_summarize(dst,cfg->trials,1);
row->unstable= 0;
if(method_has_step((method_id)m)){
size_t nc= method_candidates((method_id)m,&cfg->grids);
for(size_t k= 0;k<cfg->trials;k++)
if(row->h.eta*R[k*width+offset[m]+nc]>=2.0)row->unstable++;
}
}

/*:29*/
#line 679 "chapters/risk.w"

work_done+= (double)n+20.0;
if(cfg->progress){
double el= mhicl_seconds()-start;
tasks_done+= cfg->tune_trials+cfg->trials;
fprintf(stderr,"risk: n = %zu (%zu/%zu)  %.0f tasks/s  elapsed %.1f s  left ~%.1f s\n",
n,i+1,cfg->n_count,(double)tasks_done/el,el,
el*(work_total-work_done)/work_done);
}
}
if(cfg->progress&&res->lasso_unconverged){
fprintf(stderr,"risk: %zu Lasso solves stopped at the sweep limit (%d sweeps)\n",
res->lasso_unconverged,LASSO_MAX_SWEEPS);
}
free(R);
}

/*:27*//*30:*/
#line 754 "chapters/risk.w"

const double*risk_result_tasks(const risk_config*cfg,const risk_result*res,size_t n_index,
method_id m)
{
return res->eval_risk+(n_index*M_COUNT+(size_t)m)*cfg->trials;
}

/*:30*//*31:*/
#line 769 "chapters/risk.w"

static const char*const prior_names[]= {"dense","sparse","sign"};
static const char*const pto_variant_names[]= {"r","abs","sq","residual"};

const char*risk_prior_name(beta_kind k)
{
return prior_names[k];
}

void risk_write_csv(FILE*f,const risk_config*cfg,const risk_result*res)
{
const task_spec*sp= &cfg->spec;
fprintf(f,"version,prior,b,d,s,sigma,rho,n,method,lambda,eta,t,pto_step,pto_variant,pto_c,"
"t_max,risk_mean,risk_se,trials,tune_trials,seed,unstable\n");
for(size_t i= 0;i<res->n_rows;i++){
const risk_row*r= &res->rows[i];
fprintf(f,"%s,%s,%.17g,%zu,%zu,%.17g,%.17g,%zu,%s,%.17g,%.17g,",MHICL_VERSION,
prior_names[sp->beta],sp->b,sp->d,sp->s,sp->sigma,cfg->rho,r->n,
method_names[r->method],r->h.lambda,r->h.eta);
if(r->h.t)fprintf(f,"%u",r->h.t);else fprintf(f,"nan");
fprintf(f,",%s,%s,%.17g,%u,%.17g,%.17g,%zu,%zu,%llu,%zu\n",
cfg->pto.relative_step?"relative":"fixed",pto_variant_names[cfg->pto.variant],
cfg->pto.c,cfg->grids.ts[cfg->grids.n_t-1],r->risk.mean,r->risk.se,r->risk.count,
cfg->tune_trials,(unsigned long long)cfg->seed,r->unstable);
}
}

void risk_print_table(FILE*f,const risk_config*cfg,const risk_result*res)
{
fprintf(f,"excess risk, d = %zu, s = %zu, sigma = %g, %zu tasks per point (+- 1 s.e.);"
" PtO step %s, depth budget %u\n",cfg->spec.d,cfg->spec.s,cfg->spec.sigma,cfg->trials,
cfg->pto.relative_step?"relative":"fixed",cfg->grids.ts[cfg->grids.n_t-1]);
fprintf(f,"%6s","n");
for(int m= 0;m<M_COUNT;m++)if(cfg->use[m])fprintf(f," %20s",method_names[m]);
fputc('\n',f);
for(size_t i= 0;i<res->n_rows;){
size_t n= res->rows[i].n;
fprintf(f,"%6zu",n);
for(;i<res->n_rows&&res->rows[i].n==n;i++)
fprintf(f,"  %9.3e +- %7.1e",res->rows[i].risk.mean,res->rows[i].risk.se);
fputc('\n',f);
}
}

/*:31*/
#line 26 "chapters/risk.w"


/*:2*/
