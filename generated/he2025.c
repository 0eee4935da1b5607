/*2:*/
#line 21 "chapters/he2025.w"

#include <errno.h> 
#include <math.h> 
#include <stdio.h> 
#include <stdlib.h> 
#include <string.h> 
#include <sys/stat.h> 
#include <gsl/gsl_blas.h> 
#include <gsl/gsl_linalg.h> 
#include <gsl/gsl_matrix.h> 
#include "support.h"
#include "tasks.h"
#include "risk.h"
#include "softmax.h"
#include "he2025.h"
/*24:*/
#line 723 "chapters/he2025.w"

static int he_write_corr(const he_circuits*c,const he_scale*sc,const he_run*r,
const char*dir,char*err,size_t len);

/*:24*//*33:*/
#line 961 "chapters/he2025.w"

static trainer*he_train_traced(const he_scale*sc,const he_run*r,train_config*c,
const char*dir,char*err,size_t len);

/*:33*//*35:*/
#line 1016 "chapters/he2025.w"

static int he_write_weights(const he_circuits*c,const he_scale*sc,const he_run*r,
const char*dir,char*err,size_t len);

/*:35*//*37:*/
#line 1046 "chapters/he2025.w"

static int he_run_writes(const he_run*r,const char*kind);

/*:37*/
#line 36 "chapters/he2025.w"

/*5:*/
#line 90 "chapters/he2025.w"

static const he_scale he_scales[]= {
{"smoke",40,16,300,100,1},
{"quick",5000,128,20000,4000,2},
{"paper",500000,256,50000,20000,3},
};

const he_scale*he_scale_named(const char*name)
{
for(size_t i= 0;i<sizeof he_scales/sizeof he_scales[0];i++)
if(strcmp(he_scales[i].name,name)==0)return&he_scales[i];
return NULL;
}

const char*he_attn_name(attn_kind a)
{
return a==ATTN_SOFTMAX?"softmax":a==ATTN_LINEAR?"linear":"linear_fixed";
}

size_t he_run_list(size_t seeds,he_run*out,size_t max)
{
static const struct{attn_kind a;size_t h;}models[]= {{ATTN_SOFTMAX,1},
{ATTN_SOFTMAX,2},{ATTN_SOFTMAX,4},{ATTN_SOFTMAX,8},{ATTN_LINEAR,2},
{ATTN_LINEAR_FIXED,2}};
size_t n= 0;
for(uint64_t s= 0;s<seeds;s++){
for(size_t i= 0;i<sizeof models/sizeof models[0]&&n<max;i++){
he_run*r= &out[n++];
r->attn= models[i].a;r->heads= models[i].h;r->seed= s;r->rho= 0.0;
snprintf(r->name,sizeof r->name,"%s_H%zu_seed%llu",he_attn_name(r->attn),r->heads,
(unsigned long long)s);
}
/*23:*/
#line 692 "chapters/he2025.w"

static const size_t corr_heads[]= {2,4};
for(size_t i= 0;i<sizeof corr_heads/sizeof corr_heads[0]&&n<max;i++){
he_run*r= &out[n++];
r->attn= ATTN_SOFTMAX;r->heads= corr_heads[i];r->seed= s;r->rho= HE_RHO;
snprintf(r->name,sizeof r->name,"softmax_H%zu_rho%g_seed%llu",r->heads,r->rho,
(unsigned long long)s);
}

/*:23*/
#line 122 "chapters/he2025.w"

}
return n;
}

void he_train_config(const he_scale*sc,const he_run*r,size_t threads,train_config*c)
{
train_config_default(c);
c->d= HE_D;c->beta= BETA_DENSE;c->b= 1.0;c->sigma= sqrt(HE_SIGMA2);c->n= HE_L;
c->query_only= 1;c->steps= sc->steps;c->batch= sc->batch;c->lr= 1e-3;
c->seed= r->seed;c->threads= threads;c->rho= r->rho;
c->eval_every= sc->steps/10;c->eval_prompts= 512;c->checkpoint_every= 1000;
model_config*m= &c->arch;
memset(m,0,sizeof*m);
m->format= FORMAT_STACKED;m->n_layers= 1;m->heads[0]= r->heads;m->attn[0]= r->attn;
m->d_head= HE_D+1;m->d_model= HE_D+1;m->init_torch= 1;
m->d_x= HE_D;m->n_max= HE_L;m->n_fixed= HE_L;
}

/*:5*//*8:*/
#line 173 "chapters/he2025.w"

int he_is_paper_layer(const model_config*c)
{
return c->format==FORMAT_STACKED&&c->n_layers==1&&!c->mlp&&!c->layernorm
&&!c->attn_bias&&!c->pos_embed&&c->extra_rows==0&&c->d_head==c->d_x+1
&&(c->attn[0]==ATTN_SOFTMAX||c->attn[0]==ATTN_LINEAR
||c->attn[0]==ATTN_LINEAR_FIXED);
}

he_circuits*he_circuits_of(const model*m)
{
const model_config*mc= &m->cfg;
size_t C= mc->d_x+1,dh= mc->d_head,H= mc->heads[0];
he_circuits*c= xcalloc(1,sizeof*c);
c->H= H;c->C= C;c->attn= mc->attn[0];c->n_fixed= mc->n_fixed;
c->KQ= xcalloc(H,sizeof*c->KQ);c->OV= xcalloc(H,sizeof*c->OV);
for(size_t h= 0;h<H;h++){
gsl_matrix_const_view Q= gsl_matrix_const_view_array(m->p.W_Q[0]+h*C*dh,C,dh);
gsl_matrix_const_view K= gsl_matrix_const_view_array(m->p.W_K[0]+h*C*dh,C,dh);
gsl_matrix_const_view V= gsl_matrix_const_view_array(m->p.W_V[0]+h*C*dh,C,dh);
gsl_matrix_const_view O= gsl_matrix_const_view_array(m->p.W_O[0]+h*dh*C,dh,C);
c->KQ[h]= gsl_matrix_alloc(C,C);c->OV[h]= gsl_vector_alloc(C);
sm_head_circuits(&Q.matrix,&K.matrix,&V.matrix,&O.matrix,C-1,c->KQ[h],c->OV[h]);
gsl_vector_scale(c->OV[h],-1.0);
}
return c;
}

void he_circuits_free(he_circuits*c)
{
if(c==NULL)return;
for(size_t h= 0;h<c->H;h++){gsl_matrix_free(c->KQ[h]);gsl_vector_free(c->OV[h]);}
free(c->KQ);free(c->OV);free(c);
}

/*:8*//*9:*/
#line 211 "chapters/he2025.w"

double he_predict(const he_circuits*c,const task*t)
{
size_t C= c->C,d= C-1,L= t->n;
double*s= xmalloc((2*L+C)*sizeof(double)),*val= s+L,*a= val+L,yhat= 0.0;
for(size_t h= 0;h<c->H;h++){
for(size_t i= 0;i<C;i++){
a[i]= 0.0;
for(size_t j= 0;j<d;j++)a[i]+= gsl_matrix_get(c->KQ[h],i,j)*gsl_vector_get(t->x_q,j);
}
double mx= -INFINITY;
for(size_t j= 0;j<L;j++){
double y= gsl_vector_get(t->y,j),sc= a[d]*y,v= gsl_vector_get(c->OV[h],d)*y;
for(size_t i= 0;i<d;i++){
double x= gsl_matrix_get(t->X,j,i);
sc+= a[i]*x;v+= gsl_vector_get(c->OV[h],i)*x;
}
s[j]= sc;val[j]= v;
if(sc> mx)mx= sc;
}
double num= 0.0,den= 0.0;
if(c->attn==ATTN_SOFTMAX){
for(size_t j= 0;j<L;j++){double e= exp(s[j]-mx);num+= e*val[j];den+= e;}
yhat+= num/den;
}else{
double scale= sqrt((double)C)/(double)(c->attn==ATTN_LINEAR?L:c->n_fixed);
for(size_t j= 0;j<L;j++)num+= s[j]*val[j];
yhat+= scale*num;
}
}
free(s);
return yhat;
}

/*:9*//*11:*/
#line 269 "chapters/he2025.w"

static FILE*he_open(atomic_file*af,const char*dir,const char*name,const char*kind,
const char*columns,char*err,size_t len)
{
return grid_open_csv(af,dir,name,kind,"paper,scale,version,run,attention,heads,seed,",
columns,err,len);
}

static void he_prefix(FILE*f,const he_scale*sc,const he_run*r)
{
fprintf(f,"he2025,%s,%s,%s,%s,%zu,%llu,",sc->name,MHICL_VERSION,r->name,
he_attn_name(r->attn),r->heads,(unsigned long long)r->seed);
}

static int he_close(atomic_file*af,char*err,size_t len)
{
char path[512];
snprintf(path,sizeof path,"%s",af->path);
if(atomic_commit(af)!=0){snprintf(err,len,"cannot write '%s': %s",path,af->why);return-1;}
return 0;
}

/*:11*//*12:*/
#line 293 "chapters/he2025.w"

static int he_write_patterns(const he_circuits*c,const he_scale*sc,const he_run*r,
const char*dir,double*omega,double*mu,char*err,size_t len)
{
size_t H= c->H;
sm_head_pattern*hp= xcalloc(H,sizeof*hp);
for(size_t h= 0;h<H;h++){
sm_head_metrics(c->KQ[h],c->OV[h],c->C-1,&hp[h]);
omega[h]= hp[h].omega;mu[h]= hp[h].mu;
}
sm_layer_pattern lp;
sm_layer_metrics(hp,H,&lp);
atomic_file af;
FILE*f= he_open(&af,dir,r->name,"heads",
"head,omega,mu,diag_ratio,diag_var,ov_last_ratio,y_row,dummy",err,len);
if(f==NULL){free(hp);return-1;}
for(size_t h= 0;h<H;h++){
he_prefix(f,sc,r);
fprintf(f,"%zu,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%d\n",h,hp[h].omega,hp[h].mu,
hp[h].diag_ratio,hp[h].diag_var,hp[h].ov_last_ratio,hp[h].y_row,hp[h].dummy);
}
free(hp);
if(he_close(&af,err,len)!=0)return-1;
double eta= 0.0;
for(size_t h= 0;h<H;h++)eta+= omega[h]*mu[h];
if((f= he_open(&af,dir,r->name,"layer",
"active,sign_rule,mu_plus,mu_minus,zero_sum,omega_spread,eta",err,len))==NULL)return-1;
he_prefix(f,sc,r);
fprintf(f,"%zu,%d,%.10g,%.10g,%.10g,%.10g,%.10g\n",lp.active,lp.sign_rule,lp.mu_plus,
lp.mu_minus,lp.zero_sum,lp.omega_spread,eta);
return he_close(&af,err,len);
}

/*:12*//*13:*/
#line 329 "chapters/he2025.w"

static double model_loss(const he_circuits*c,const task*t,double sigma2)
{
double f;
gsl_blas_ddot(t->beta,t->x_q,&f);
double r= he_predict(c,t)-f;
return r*r+sigma2;
}

static void he_losses(const he_circuits*c,const sm_estimator*e,size_t ne,
const task_spec*spec,size_t n,uint64_t seed,double*loss,double*mloss)
{
sm_losses(e,ne,spec,HE_L,n,seed,STREAM_EVAL,loss);
task*t= task_alloc(HE_L,HE_D);
for(size_t k= 0;k<n;k++){
task_sample(spec,HE_L,seed,STREAM_EVAL,k,t);
mloss[k]= model_loss(c,t,HE_SIGMA2);
}
task_free(t);
}

static void he_paired(FILE*f,const char*what,const double*loss,const double*base,
size_t n)
{
double*diff= xmalloc(n*sizeof(double));
for(size_t k= 0;k<n;k++)diff[k]= loss[k]-base[k];
mc_summary a= mc_summarize(loss,n,1),b= mc_summarize(diff,n,1);
free(diff);
fprintf(f,"%s,%zu,%.10g,%.10g,%.10g,%.10g",what,n,a.mean,a.se,b.mean,b.se);
}

static void he_row(FILE*f,const he_scale*sc,const he_run*r,const char*what,
const double*loss,const double*base,size_t n)
{
he_prefix(f,sc,r);
he_paired(f,what,loss,base,n);
fputc('\n',f);
}

static int he_write_risk(const he_circuits*c,const he_scale*sc,const he_run*r,
const char*dir,const double*omega,const double*mu,char*err,size_t len)
{
sm_setting st;
sm_setting_paper(&st);
task_spec spec;
task_spec_he2025(&spec,HE_D,HE_SIGMA2,0.0);
double w1,mu1,unused;
sm_single_head_optimum(&st,&w1,&mu1,&unused);
sm_estimator e[5]= {
{SM_DGD,sm_eta_star(&st),NULL,0,NULL,NULL},
{SM_GD,sm_eta_star_gd(&st),NULL,0,NULL,NULL},
{SM_KERNEL,0.0,NULL,c->H,omega,mu},
{SM_KERNEL,0.0,NULL,1,&w1,&mu1},
{SM_BAYES,0.0,NULL,0,NULL,NULL}};
static const char*const names[5]= {"dgd","gd","kernel_learned","single_head","bayes"};
size_t n= sc->risk_prompts;
double*loss= xmalloc(6*n*sizeof(double)),*mloss= loss+5*n,*col= xmalloc(n*sizeof(double));
he_losses(c,e,5,&spec,n,r->seed,loss,mloss);
atomic_file af;
FILE*f= he_open(&af,dir,r->name,"risk","predictor,prompts,risk,se,minus_model,minus_model_se",
err,len);
int ok= f!=NULL;
if(ok){
he_row(f,sc,r,"model",mloss,mloss,n);
for(size_t j= 0;j<5;j++){
for(size_t k= 0;k<n;k++)col[k]= loss[k*5+j];
he_row(f,sc,r,names[j],col,mloss,n);
}
ok= he_close(&af,err,len)==0;
}
free(loss);free(col);task_spec_free(&spec);
return ok?0:-1;
}

/*:13*//*14:*/
#line 405 "chapters/he2025.w"

static const size_t he_lengths[]= {10,20,30,40,50,60,70,80,90,100,500};
static const size_t he_n_lengths= sizeof he_lengths/sizeof he_lengths[0];

static int he_write_length(const he_circuits*c,const he_scale*sc,const he_run*r,
const char*dir,char*err,size_t len)
{
sm_setting st;
sm_setting_paper(&st);
task_spec spec;
task_spec_he2025(&spec,HE_D,HE_SIGMA2,0.0);
sm_estimator dgd= {SM_DGD,sm_eta_star(&st),NULL,0,NULL,NULL};
size_t n= sc->length_prompts;
double*mloss= xmalloc(2*n*sizeof(double)),*ref= mloss+n;
atomic_file af;
FILE*f= he_open(&af,dir,r->name,"length","L,prompts,risk,se,dgd_risk,dgd_se",err,len);
if(f==NULL){free(mloss);task_spec_free(&spec);return-1;}
task*t= task_alloc(he_lengths[he_n_lengths-1],HE_D);
for(size_t i= 0;i<he_n_lengths;i++){
size_t L= he_lengths[i];
sm_losses(&dgd,1,&spec,L,n,r->seed,STREAM_TEST,ref);
for(size_t k= 0;k<n;k++){
task_sample(&spec,L,r->seed,STREAM_TEST,k,t);
mloss[k]= model_loss(c,t,HE_SIGMA2);
}
mc_summary a= mc_summarize(mloss,n,1),b= mc_summarize(ref,n,1);
he_prefix(f,sc,r);
fprintf(f,"%zu,%zu,%.10g,%.10g,%.10g,%.10g\n",L,n,a.mean,a.se,b.mean,b.se);
}
task_free(t);free(mloss);task_spec_free(&spec);
return he_close(&af,err,len);
}

/*:14*//*15:*/
#line 440 "chapters/he2025.w"

int he_analyze(const model*m,const he_scale*sc,const he_run*r,const char*dir,char*err,
size_t len)
{
he_circuits*c= he_circuits_of(m);
double*omega= xmalloc(2*c->H*sizeof(double)),*mu= omega+c->H;
int rc= he_write_patterns(c,sc,r,dir,omega,mu,err,len)==0
&&(r->rho!=0.0?he_write_corr(c,sc,r,dir,err,len)==0
:he_write_risk(c,sc,r,dir,omega,mu,err,len)==0
&&he_write_length(c,sc,r,dir,err,len)==0)
&&he_write_weights(c,sc,r,dir,err,len)==0?0:-1;
free(omega);
he_circuits_free(c);
return rc;
}

/*:15*//*18:*/
#line 486 "chapters/he2025.w"

static int he_unit_run(const grid_plan*p,const grid_unit*u,char*err,size_t len);
static int he_join(const grid_plan*p,char*err,size_t len);
static const grid_paper he_paper= {"he",he_unit_run,he_join};

static void he_grid_free(void*own)
{
he_grid*g= own;
if(g){free(g->runs);free(g->mt);}
free(g);
}

int he_plan(const char*scale,size_t seeds,size_t threads,const char*dir,grid_plan*p,
char*err,size_t len)
{
const he_scale*sc= he_scale_named(scale);
if(sc==NULL){snprintf(err,len,"unknown scale '%s' (smoke, quick or paper)",scale);return-1;}
if(seeds==0)seeds= sc->seeds;
size_t max= HE_MODELS*seeds;
he_run*runs= xmalloc(max*sizeof*runs);
size_t n= he_run_list(seeds,runs,max);
he_run*mt= xmalloc(2*seeds*sizeof*mt);
size_t n_mt= he_mt_run_list(seeds,mt,2*seeds);
if(grid_plan_init(p,&he_paper,dir,threads,n+n_mt,err,len)!=0){
free(runs);free(mt);return-1;
}
he_grid*g= xmalloc(sizeof*g);
g->sc= sc;g->n_runs= n;g->runs= runs;g->n_mt= n_mt;g->mt= mt;
p->own= g;p->own_free= he_grid_free;
for(size_t i= 0;i<n;i++){
grid_unit*u= &p->units[p->count++];
snprintf(u->name,sizeof u->name,"%s",runs[i].name);
u->cost= (double)sc->steps*(double)runs[i].heads;u->item= i;
}
for(size_t i= 0;i<n_mt;i++){
grid_unit*u= &p->units[p->count++];
snprintf(u->name,sizeof u->name,"%s",mt[i].name);
u->cost= (double)he_mt_steps(sc)*(double)mt[i].heads;u->item= n+i;
}
snprintf(p->options,sizeof p->options,"--scale %s --seeds %zu --threads %zu",sc->name,seeds,
threads);
snprintf(p->identity,sizeof p->identity,"he --scale %s --threads %zu",sc->name,threads);
return 0;
}

static int he_unit_run(const grid_plan*p,const grid_unit*u,char*err,size_t len)
{
const he_grid*g= p->own;
if(u->item>=g->n_runs)
return he_mt_unit(g->sc,&g->mt[u->item-g->n_runs],p->threads,p->dir,err,len);
const he_run*r= &g->runs[u->item];
train_config c;
he_train_config(g->sc,r,p->threads,&c);
trainer*tr= r->attn==ATTN_SOFTMAX?he_train_traced(g->sc,r,&c,p->dir,err,len)
:grid_train(&c,p->dir,r->name,err,len);
if(tr==NULL)return-1;
int ok= he_analyze(tr->m,g->sc,r,p->dir,err,len)==0;
atomic_file af;
FILE*f;
if(ok)ok= (f= he_open(&af,p->dir,r->name,"run","steps,batch,heldout_loss",err,len))!=NULL;
if(ok){
he_prefix(f,g->sc,r);
fprintf(f,"%zu,%zu,%.10g\n",tr->step,tr->cfg.batch,heldout_loss(tr));
ok= he_close(&af,err,len)==0;
}
trainer_free(tr);
return ok?0:-1;
}

static int he_join(const grid_plan*p,char*err,size_t len)
{
static const char*const kinds[]= {"run","heads","layer","risk","length",
"corr","corr_risk","traj","weights"};
static const char*const joined[]= {"runs","heads","layer","risk","length",
"corr","corr_risk","traj","weights"};
const he_grid*g= p->own;
char path[512];
char(*srcs)[512]= xmalloc((g->n_runs+1)*sizeof*srcs);
int ok= 1;
for(size_t k= 0;ok&&k<sizeof kinds/sizeof kinds[0];k++){
size_t n= 0;
for(size_t i= 0;i<g->n_runs;i++)
if(he_run_writes(&g->runs[i],kinds[k]))
snprintf(srcs[n++],sizeof srcs[0],"%s/runs/%s.%s.csv",p->dir,g->runs[i].name,kinds[k]);
snprintf(path,sizeof path,"%s/he_%s.csv",p->dir,joined[k]);
ok= grid_join_csv(path,srcs,n,err,len)==0;
}
free(srcs);
if(ok&&g->n_mt> 0)ok= he_mt_join(p->dir,g->mt,g->n_mt,err,len)==0;
return ok?0:-1;
}

/*:18*//*19:*/
#line 585 "chapters/he2025.w"

int he_analyze_checkpoint(const char*ckpt,const char*scale,const char*dir,char*err,
size_t len)
{
const he_scale*sc= he_scale_named(scale);
if(sc==NULL){snprintf(err,len,"unknown scale '%s' (smoke, quick or paper)",scale);return-2;}
trainer*tr= checkpoint_load(ckpt,err,len);
if(tr==NULL)return-1;
if(!he_is_paper_layer(&tr->cfg.arch)){
snprintf(err,len,"'%s' is not the paper's layer (stacked, one layer, no MLP, LayerNorm or "
"biases, head width d + 1)",ckpt);
trainer_free(tr);
return-2;
}
he_run r;
snprintf(r.name,sizeof r.name,"analyze");
r.attn= tr->cfg.arch.attn[0];r.heads= tr->cfg.arch.heads[0];r.seed= tr->cfg.seed;
r.rho= tr->cfg.rho;
int rc= grid_make_dirs(dir,err,len)==0&&he_analyze(tr->m,sc,&r,dir,err,len)==0?0:-1;
trainer_free(tr);
return rc;
}

/*:19*//*22:*/
#line 663 "chapters/he2025.w"

void he_effective_preconditioner(const he_circuits*c,gsl_matrix*Gamma)
{
size_t d= c->C-1;
gsl_matrix_set_zero(Gamma);
for(size_t h= 0;h<c->H;h++){
double mu= gsl_vector_get(c->OV[h],d);
for(size_t i= 0;i<d;i++)
for(size_t j= 0;j<d;j++)
gsl_matrix_set(Gamma,i,j,gsl_matrix_get(Gamma,i,j)
+mu*gsl_matrix_get(c->KQ[h],j,i));
}
}

double he_cosine(const gsl_matrix*A,const gsl_matrix*B)
{
double ab= 0.0,aa= 0.0,bb= 0.0;
for(size_t i= 0;i<A->size1;i++)
for(size_t j= 0;j<A->size2;j++){
double a= gsl_matrix_get(A,i,j),b= gsl_matrix_get(B,i,j);
ab+= a*b;aa+= a*a;bb+= b*b;
}
return ab/sqrt(aa*bb);
}

/*:22*//*25:*/
#line 727 "chapters/he2025.w"

static double frobenius(const gsl_matrix*A)
{
double s= 0.0;
for(size_t i= 0;i<A->size1;i++)
for(size_t j= 0;j<A->size2;j++)s+= gsl_matrix_get(A,i,j)*gsl_matrix_get(A,i,j);
return sqrt(s);
}

static void he_corr_row(FILE*f,const he_scale*sc,const he_run*r,const char*which,
double omega,double mu,const gsl_matrix*A,gsl_matrix*const ref[3],int up_to_sign)
{
size_t d= A->size1;
double ends= 0.5*(gsl_matrix_get(A,0,0)+gsl_matrix_get(A,d-1,d-1)),inner= 0.0,
diag= 0.0,off= 0.0;
for(size_t i= 0;i<d;i++){
diag+= gsl_matrix_get(A,i,i)/(double)d;
if(i> 0&&i+1<d)inner+= gsl_matrix_get(A,i,i)/(double)(d-2);
if(i+1<d)
off+= (gsl_matrix_get(A,i,i+1)+gsl_matrix_get(A,i+1,i))/(double)(2*(d-1));
}
he_prefix(f,sc,r);
fprintf(f,"%s,%.10g,%.10g",which,omega,mu);
for(int k= 0;k<3;k++){
double cs= he_cosine(A,ref[k]);
fprintf(f,",%.10g",up_to_sign?fabs(cs):cs);
}
fprintf(f,",%.10g,%.10g,%.10g\n",frobenius(A),ends/inner,off/diag);
}

/*:25*//*26:*/
#line 760 "chapters/he2025.w"

static void he_corr_references(const task_spec*spec,gsl_matrix*ref[3])
{
sm_setting st;
sm_setting_paper(&st);
size_t d= spec->d;
for(int k= 0;k<3;k++)ref[k]= gsl_matrix_alloc(d,d);
sm_gamma_star(&st,spec->Sigma,ref[0]);
gsl_matrix_memcpy(ref[1],spec->Sigma);
gsl_linalg_cholesky_decomp1(ref[1]);
gsl_linalg_cholesky_invert(ref[1]);
gsl_matrix_set_identity(ref[2]);
}

static int he_write_corr_patterns(const he_circuits*c,const he_scale*sc,const he_run*r,
const char*dir,const gsl_matrix*Gamma,gsl_matrix*const ref[3],char*err,size_t len)
{
size_t d= c->C-1;
atomic_file af;
FILE*f= he_open(&af,dir,r->name,"corr",
"head,omega,mu,cos_gamma_star,cos_sigma_inv,cos_identity,norm,end_ratio,off_ratio",err,len);
if(f==NULL)return-1;
for(size_t h= 0;h<c->H;h++){
gsl_matrix_const_view W= gsl_matrix_const_submatrix(c->KQ[h],0,0,d,d);
sm_head_pattern hp;
sm_head_metrics(c->KQ[h],c->OV[h],d,&hp);
char which[24];
snprintf(which,sizeof which,"%zu",h);
he_corr_row(f,sc,r,which,hp.omega,hp.mu,&W.matrix,ref,1);
}
he_corr_row(f,sc,r,"sum",NAN,NAN,Gamma,ref,0);
he_corr_row(f,sc,r,"gamma_star",NAN,NAN,ref[0],ref,0);
he_corr_row(f,sc,r,"sigma_inv",NAN,NAN,ref[1],ref,0);
return he_close(&af,err,len);
}

/*:26*//*27:*/
#line 798 "chapters/he2025.w"

static int he_write_corr(const he_circuits*c,const he_scale*sc,const he_run*r,
const char*dir,char*err,size_t len)
{
sm_setting st;
sm_setting_paper(&st);
task_spec spec;
task_spec_he2025(&spec,HE_D,HE_SIGMA2,r->rho);
size_t d= HE_D,n= sc->risk_prompts;
gsl_matrix*ref[3],*Gamma= gsl_matrix_alloc(d,d),*etaI= gsl_matrix_alloc(d,d);
he_corr_references(&spec,ref);
he_effective_preconditioner(c,Gamma);
int ok= he_write_corr_patterns(c,sc,r,dir,Gamma,ref,err,len)==0;
double eta= sm_tune_eta(SM_DGD,&spec,HE_L,n,r->seed),q[3];
gsl_matrix*sInv= gsl_matrix_alloc(d,d);
for(int k= 0;k<3;k++){
gsl_matrix_memcpy(sInv,ref[1]);
gsl_matrix_scale(sInv,(double)k);
q[k]= sm_risk_pdgd(&st,spec.Sigma,sInv);
}
double A= 0.5*(q[2]-2.0*q[1]+q[0]),B= q[1]-q[0]-A,scale= -B/(2.0*A);
gsl_matrix_memcpy(sInv,ref[1]);
gsl_matrix_scale(sInv,scale);
gsl_matrix_set_identity(etaI);
gsl_matrix_scale(etaI,eta);
enum{NE= 5};
const sm_estimator e[NE]= {
{SM_PDGD,0.0,Gamma,0,NULL,NULL},{SM_PDGD,0.0,ref[0],0,NULL,NULL},
{SM_PDGD,0.0,sInv,0,NULL,NULL},{SM_DGD,eta,NULL,0,NULL,NULL},
{SM_BAYES,0.0,NULL,0,NULL,NULL}};
static const char*const names[NE]= {"pdgd_learned","pdgd_gamma_star","pdgd_sigma_inv",
"dgd_tuned","bayes"};
const double closed[NE]= {sm_risk_pdgd(&st,spec.Sigma,Gamma),
sm_risk_pdgd(&st,spec.Sigma,ref[0]),sm_risk_pdgd(&st,spec.Sigma,sInv),
sm_risk_pdgd(&st,spec.Sigma,etaI),NAN},step[NE]= {NAN,NAN,scale,eta,NAN};
double*loss= xmalloc((NE+2)*n*sizeof(double)),*mloss= loss+NE*n,
*col= mloss+n;
if(ok){
he_losses(c,e,NE,&spec,n,r->seed,loss,mloss);
atomic_file af;
FILE*f= he_open(&af,dir,r->name,"corr_risk",
"predictor,prompts,risk,se,minus_model,minus_model_se,closed_form,eta",err,len);
ok= f!=NULL;
if(ok){
he_prefix(f,sc,r);
he_paired(f,"model",mloss,mloss,n);
fprintf(f,",nan,nan\n");
for(size_t j= 0;j<NE;j++){
for(size_t k= 0;k<n;k++)col[k]= loss[k*NE+j];
he_prefix(f,sc,r);
he_paired(f,names[j],col,mloss,n);
fprintf(f,",%.10g,%.10g\n",closed[j],step[j]);
}
ok= he_close(&af,err,len)==0;
}
}
free(loss);
for(int k= 0;k<3;k++)gsl_matrix_free(ref[k]);
gsl_matrix_free(Gamma);gsl_matrix_free(etaI);gsl_matrix_free(sInv);task_spec_free(&spec);
return ok?0:-1;
}

/*:27*//*30:*/
#line 894 "chapters/he2025.w"

size_t he_trace_steps(size_t steps,size_t*out)
{
size_t n= 0;
out[n++]= 0;
for(size_t k= 0;k<HE_TRACE_POINTS;k++){
double x= (double)steps*pow(10.0,-3.0*(double)(HE_TRACE_POINTS-1-k)
/(double)(HE_TRACE_POINTS-1));
size_t s= k+1==HE_TRACE_POINTS?steps:(size_t)llround(x);
if(s> out[n-1])out[n++]= s;
}
return n;
}

/*:30*//*31:*/
#line 910 "chapters/he2025.w"

static void he_trace_record(FILE*f,const model*m,const he_scale*sc,const he_run*r,
size_t step)
{
he_circuits*c= he_circuits_of(m);
for(size_t h= 0;h<c->H;h++){
sm_head_pattern hp;
sm_head_metrics(c->KQ[h],c->OV[h],c->C-1,&hp);
he_prefix(f,sc,r);
fprintf(f,"%zu,%zu,%s_h%zu,%.10g,%.10g,%.10g,%.10g\n",step,h,r->name,h,hp.omega,
hp.mu,hp.diag_ratio,hp.ov_last_ratio);
}
he_circuits_free(c);
}

/*:31*//*32:*/
#line 928 "chapters/he2025.w"

#define HE_TRACE_COLUMNS "step,head,key,omega,mu,diag_ratio,ov_last_ratio"
static int he_trace_read(const char*path,char**rows,size_t*rows_len,size_t*last,
int*any,char*err,size_t len)
{
*any= 0;*last= 0;
FILE*mem= open_memstream(rows,rows_len),*f= fopen(path,"r");
int ok= 1;
if(f!=NULL){
char*line= NULL;
size_t cap= 0;
ssize_t got= getline(&line,&cap,f);
ok= got> 0&&strstr(line,HE_TRACE_COLUMNS)!=NULL;
while(ok&&(got= getline(&line,&cap,f))> 0){
const char*p= line;
for(int k= 0;k<7&&p;k++)p= strchr(p,','),p= p?p+1:NULL;
char*end;
unsigned long long s= p?strtoull(p,&end,10):0;
ok= p!=NULL&&end!=p&&*end==',';
if(ok){fputs(line,mem);*last= (size_t)s;*any= 1;}
}
free(line);
fclose(f);
}else if(errno!=ENOENT)ok= 0;
fclose(mem);
if(!ok)snprintf(err,len,"'%s' is not a trace of this grid (delete the unit's files to rerun "
"it)",path);
return ok?0:-1;
}

/*:32*//*34:*/
#line 965 "chapters/he2025.w"

static trainer*he_train_traced(const he_scale*sc,const he_run*r,train_config*c,
const char*dir,char*err,size_t len)
{
trainer*tr= grid_trainer(c,dir,r->name,err,len);
if(tr==NULL)return NULL;
char path[512],*rows= NULL;
size_t rows_len= 0,last,steps[HE_TRACE_POINTS+1];
int any,ok;
snprintf(path,sizeof path,"%s/runs/%s.traj.csv",dir,r->name);
ok= he_trace_read(path,&rows,&rows_len,&last,&any,err,len)==0;
size_t n= he_trace_steps(tr->cfg.steps,steps);
tr->report_to= tr->cfg.steps;
for(size_t k= 0;ok&&k<n;k++){
if(any&&steps[k]<=last)continue;
if(tr->step> steps[k]){
snprintf(err,len,"'%s' lacks the record at step %zu, which its checkpoint (step %zu) has "
"passed; delete the unit's files to rerun it",path,steps[k],tr->step);
ok= 0;break;
}
if(train_run(tr,steps[k],1,err,len)!=0){ok= 0;break;}
char*rec= NULL;
size_t rec_len= 0;
FILE*mem= open_memstream(&rec,&rec_len);
he_trace_record(mem,tr->m,sc,r,steps[k]);
fclose(mem);
char*grown= realloc(rows,rows_len+rec_len+1);
if(grown==NULL)mhicl_fatal("out of memory (the trace of %s)",r->name);
rows= grown;
memcpy(rows+rows_len,rec,rec_len+1);
rows_len+= rec_len;
free(rec);
atomic_file af;
FILE*f= he_open(&af,dir,r->name,"traj",HE_TRACE_COLUMNS,err,len);
if(f==NULL){ok= 0;break;}
fwrite(rows,1,rows_len,f);
if(he_close(&af,err,len)!=0){ok= 0;break;}
}
free(rows);
if(!ok){trainer_free(tr);return NULL;}
return tr;
}

/*:34*//*36:*/
#line 1020 "chapters/he2025.w"

static int he_write_weights(const he_circuits*c,const he_scale*sc,const he_run*r,
const char*dir,char*err,size_t len)
{
atomic_file af;
FILE*f= he_open(&af,dir,r->name,"weights","head,matrix,row,col,value,key",err,len);
if(f==NULL)return-1;
for(size_t h= 0;h<c->H;h++){
for(size_t i= 0;i<c->C;i++)
for(size_t j= 0;j<c->C;j++){
he_prefix(f,sc,r);
fprintf(f,"%zu,KQ,%zu,%zu,%.10g,%s_h%zu_KQ\n",h,i,j,gsl_matrix_get(c->KQ[h],i,j),
r->name,h);
}
for(size_t i= 0;i<c->C;i++){
he_prefix(f,sc,r);
fprintf(f,"%zu,OV,%zu,0,%.10g,%s_h%zu_OV\n",h,i,gsl_vector_get(c->OV[h],i),r->name,h);
}
}
return he_close(&af,err,len);
}

/*:36*//*38:*/
#line 1049 "chapters/he2025.w"

static int he_run_writes(const he_run*r,const char*kind)
{
if(strcmp(kind,"risk")==0||strcmp(kind,"length")==0)return r->rho==0.0;
if(strcmp(kind,"corr")==0||strcmp(kind,"corr_risk")==0)return r->rho!=0.0;
if(strcmp(kind,"traj")==0)return r->attn==ATTN_SOFTMAX;
return 1;
}

/*:38*//*41:*/
#line 1129 "chapters/he2025.w"

size_t he_mt_steps(const he_scale*sc)
{
return strcmp(sc->name,"quick")==0?10000:sc->steps;
}

size_t he_mt_run_list(size_t seeds,he_run*out,size_t max)
{
static const size_t heads[]= {3,4};
size_t n= 0;
for(uint64_t s= 0;s<seeds;s++)
for(size_t i= 0;i<2&&n<max;i++){
he_run*r= &out[n++];
r->attn= ATTN_SOFTMAX;r->heads= heads[i];r->seed= s;
snprintf(r->name,sizeof r->name,"multitask_H%zu_seed%llu",r->heads,(unsigned long long)s);
}
return n;
}

void he_mt_train_config(const he_scale*sc,const he_run*r,size_t threads,train_config*c)
{
train_config_default(c);
c->task_kind= TASK_MULTITASK;c->d= HE_MT_D;c->d_1= c->d_2= HE_MT_DK;
c->beta= BETA_DENSE;c->b= 0.0;c->sigma= sqrt(HE_SIGMA2);c->n= HE_MT_L;
c->query_only= 1;c->steps= he_mt_steps(sc);c->batch= sc->batch;c->lr= 1e-3;
c->seed= r->seed;c->threads= threads;
c->eval_every= c->steps/10;c->eval_prompts= 512;c->checkpoint_every= 1000;
model_config*m= &c->arch;
memset(m,0,sizeof*m);
m->format= FORMAT_STACKED;m->n_layers= 1;m->heads[0]= r->heads;m->attn[0]= ATTN_SOFTMAX;
m->d_head= HE_MT_D+2;m->d_model= HE_MT_D+2;m->init_torch= 1;
if(train_config_check(c)!=NULL)mhicl_fatal("the multi-task configuration is refused");
}

/*:41*//*42:*/
#line 1166 "chapters/he2025.w"

he_mt_circuits*he_mt_circuits_of(const model*m)
{
const model_config*mc= &m->cfg;
size_t d= mc->d_x,C= d+2,dh= mc->d_head,H= mc->heads[0];
he_mt_circuits*c= xcalloc(1,sizeof*c);
c->H= H;c->d= d;
c->KQ= xcalloc(H,sizeof*c->KQ);
for(size_t k= 0;k<2;k++)c->OV[k]= xcalloc(H,sizeof*c->OV[k]);
for(size_t h= 0;h<H;h++){
gsl_matrix_const_view Q= gsl_matrix_const_view_array(m->p.W_Q[0]+h*C*dh,C,dh);
gsl_matrix_const_view K= gsl_matrix_const_view_array(m->p.W_K[0]+h*C*dh,C,dh);
gsl_matrix_const_view V= gsl_matrix_const_view_array(m->p.W_V[0]+h*C*dh,C,dh);
gsl_matrix_const_view O= gsl_matrix_const_view_array(m->p.W_O[0]+h*dh*C,dh,C);
c->KQ[h]= gsl_matrix_alloc(C,C);
for(size_t k= 0;k<2;k++){
c->OV[k][h]= gsl_vector_alloc(C);
sm_head_circuits(&Q.matrix,&K.matrix,&V.matrix,&O.matrix,d+k,c->KQ[h],c->OV[k][h]);
gsl_vector_scale(c->OV[k][h],-1.0);
}
}
return c;
}

void he_mt_circuits_free(he_mt_circuits*c)
{
if(c==NULL)return;
for(size_t h= 0;h<c->H;h++){
gsl_matrix_free(c->KQ[h]);
for(size_t k= 0;k<2;k++)gsl_vector_free(c->OV[k][h]);
}
free(c->KQ);free(c->OV[0]);free(c->OV[1]);free(c);
}

void he_mt_precond(const he_mt_circuits*c,size_t k,gsl_matrix*P)
{
gsl_matrix_set_zero(P);
for(size_t h= 0;h<c->H;h++){
gsl_matrix_const_view B= gsl_matrix_const_submatrix(c->KQ[h],0,0,c->d,c->d);
gsl_matrix*tmp= gsl_matrix_alloc(c->d,c->d);
gsl_matrix_memcpy(tmp,&B.matrix);
gsl_matrix_scale(tmp,gsl_vector_get(c->OV[k][h],c->d+k));
gsl_matrix_add(P,tmp);
gsl_matrix_free(tmp);
}
}

/*:42*//*43:*/
#line 1227 "chapters/he2025.w"

int he_mt_serves(const he_mt_circuits*c,size_t h)
{
double a= fabs(gsl_vector_get(c->OV[0][h],c->d)),b= fabs(gsl_vector_get(c->OV[1][h],c->d+1));
return a+b> 0.0&&a>=0.9*(a+b)?1:a+b> 0.0&&b>=0.9*(a+b)?2:0;
}

int he_mt_splits(const he_mt_circuits*c)
{
size_t plus[2]= {0,0},minus[2]= {0,0};
for(size_t h= 0;h<c->H;h++){
int k= he_mt_serves(c,h);
if(k==0)return 0;
if(gsl_vector_get(c->OV[k-1][h],c->d+k-1)> 0.0)plus[k-1]++;else minus[k-1]++;
}
return plus[0]==1&&minus[0]==1&&plus[1]==1&&minus[1]==1;
}

static int he_mt_write_heads(const he_mt_circuits*c,const he_scale*sc,const he_run*r,
const char*dir,char*err,size_t len)
{
size_t d= c->d;
atomic_file af;
FILE*f= he_open(&af,dir,r->name,"mtheads","head,kq1,kq2,kq3,kq4,kq5,kq6,diag_ratio,"
"y_rows,mu1,mu2,cross1,cross2,ov_ratio1,ov_ratio2,serves",err,len);
if(f==NULL)return-1;
for(size_t h= 0;h<c->H;h++){
double diag2= 0.0,frob= 0.0,yrow= 0.0;
he_prefix(f,sc,r);
fprintf(f,"%zu",h);
for(size_t i= 0;i<d;i++){
fprintf(f,",%.10g",gsl_matrix_get(c->KQ[h],i,i));
diag2+= pow(gsl_matrix_get(c->KQ[h],i,i),2);
for(size_t j= 0;j<d;j++)frob+= pow(gsl_matrix_get(c->KQ[h],i,j),2);
for(size_t k= 0;k<2;k++)yrow= fmax(yrow,fabs(gsl_matrix_get(c->KQ[h],d+k,i)));
}
fprintf(f,",%.10g,%.10g",frob> 0.0?sqrt(diag2/frob):0.0,yrow);
for(size_t k= 0;k<2;k++)fprintf(f,",%.10g",gsl_vector_get(c->OV[k][h],d+k));
for(size_t k= 0;k<2;k++)fprintf(f,",%.10g",gsl_vector_get(c->OV[k][h],d+1-k));
for(size_t k= 0;k<2;k++)
fprintf(f,",%.10g",fabs(gsl_vector_get(c->OV[k][h],d+k))/gsl_blas_dnrm2(c->OV[k][h]));
fprintf(f,",%d\n",he_mt_serves(c,h));
}
return he_close(&af,err,len);
}

/*:43*//*44:*/
#line 1281 "chapters/he2025.w"

static void he_mt_dgd(const mt_spec*spec,size_t k,int whole,size_t n,uint64_t seed,
double*eta,double*loss)
{
size_t dk= whole?spec->d:spec->dim[k];
mt_task*mt= mt_task_alloc(HE_MT_L,spec->d,2);
task*t= task_alloc(HE_MT_L,dk);
task_spec one;
task_spec_init(&one,dk,dk,BETA_DENSE,sqrt((double)dk),sqrt((double)spec->dim[k])*spec->noise_std);
sm_work*ws= sm_work_alloc(dk,HE_MT_L);
gsl_vector*g= gsl_vector_alloc(dk);
sm_estimator unit= {SM_DGD,1.0,NULL,0,NULL,NULL};
double num= 0.0,den= 0.0;
for(int pass= 0;pass<2;pass++)
for(size_t p= 0;p<n;p++){
mt_sample(spec,HE_MT_L,seed,pass==0?STREAM_TUNE:STREAM_EVAL,p,mt);
mt_task_view(spec,mt,k,whole,t);
sm_weights(&unit,t,&one,ws,g);
double gb,gx;
gsl_blas_ddot(g,t->beta,&gb);
gsl_blas_ddot(g,t->x_q,&gx);
if(pass==0){num+= gb;den+= gsl_blas_dnrm2(g)*gsl_blas_dnrm2(g);}
else loss[p]= pow(num/den*gx-t->y_q,2);
}
*eta= num/den;
gsl_vector_free(g);sm_work_free(ws);task_spec_free(&one);task_free(t);mt_task_free(mt);
}

/*:44*//*45:*/
#line 1311 "chapters/he2025.w"

static int he_mt_write_tasks(trainer*tr,const he_mt_circuits*c,const he_scale*sc,
const he_run*r,const char*dir,char*err,size_t len)
{
mt_spec spec;
train_mt_spec(&tr->cfg,&spec);
size_t d= c->d,n= sc->risk_prompts;
double*merr= xmalloc(2*n*sizeof(double)),*loss= xmalloc(3*n*sizeof(double));
output_errors(tr,r->seed,STREAM_EVAL,n,merr);
gsl_matrix*P= gsl_matrix_alloc(d,d);
atomic_file af,ap;
FILE*f= he_open(&af,dir,r->name,"mttask","task,sum_mu,zero_sum,precond_on,precond_on_min,"
"precond_on_max,precond_off,precond_offdiag,splits,prompts,risk,se,dgd_eta,dgd_risk,dgd_se,"
"minus_dgd,minus_dgd_se,dgd_all_eta,dgd_all_risk,dgd_all_se",err,len);
FILE*g= f?he_open(&ap,dir,r->name,"mtprecond","task,coord,on_support,precond",err,len):NULL;
if(f&&!g)atomic_abort(&af);
int ok= f&&g;
for(size_t k= 0;ok&&k<2;k++){
double sum= 0.0,abs= 0.0,on= 0.0,lo= HUGE_VAL,hi= -HUGE_VAL,off= 0.0,offd= 0.0;
for(size_t h= 0;h<c->H;h++){
double mu= gsl_vector_get(c->OV[k][h],d+k);
sum+= mu;abs+= fabs(mu);
}
he_mt_precond(c,k,P);
for(size_t j= 0;j<d;j++){
double p= gsl_matrix_get(P,j,j);
int in= j>=spec.first[k]&&j<spec.first[k]+spec.dim[k];
if(in){on+= p/(double)spec.dim[k];lo= fmin(lo,p);hi= fmax(hi,p);}
else off= fmax(off,fabs(p));
for(size_t i= 0;i<d;i++)if(i!=j)offd= fmax(offd,fabs(gsl_matrix_get(P,i,j)));
he_prefix(g,sc,r);
fprintf(g,"%zu,%zu,%d,%.10g\n",k+1,j+1,in,p);
}
double eta,eta_all,*dgd= loss,*diff= loss+n,*all= loss+2*n;
for(size_t p= 0;p<n;p++)diff[p]= merr[2*p+k];
he_mt_dgd(&spec,k,0,n,r->seed,&eta,dgd);
he_mt_dgd(&spec,k,1,n,r->seed,&eta_all,all);
mc_summary m= mc_summarize(diff,n,1),a= mc_summarize(dgd,n,1),b= mc_summarize(all,n,1);
for(size_t p= 0;p<n;p++)diff[p]-= dgd[p];
mc_summary dd= mc_summarize(diff,n,1);
he_prefix(f,sc,r);
fprintf(f,"%zu,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%d,%zu,%.10g,%.10g,%.10g,%.10g,%.10g,"
"%.10g,%.10g,%.10g,%.10g,%.10g\n",k+1,sum,abs> 0.0?fabs(sum)/abs:0.0,on,lo,hi,
off,offd,he_mt_splits(c),n,m.mean,m.se,eta,a.mean,a.se,dd.mean,dd.se,eta_all,
b.mean,b.se);
}
if(ok)ok= he_close(&af,err,len)==0&&he_close(&ap,err,len)==0;
gsl_matrix_free(P);free(merr);free(loss);
return ok?0:-1;
}

/*:45*//*46:*/
#line 1364 "chapters/he2025.w"

int he_mt_unit(const he_scale*sc,const he_run*r,size_t threads,const char*dir,
char*err,size_t len)
{
train_config c;
he_mt_train_config(sc,r,threads,&c);
trainer*tr= grid_train(&c,dir,r->name,err,len);
if(tr==NULL)return-1;
he_mt_circuits*hc= he_mt_circuits_of(tr->m);
int ok= he_mt_write_heads(hc,sc,r,dir,err,len)==0
&&he_mt_write_tasks(tr,hc,sc,r,dir,err,len)==0;
he_mt_circuits_free(hc);
atomic_file af;
FILE*f;
if(ok)ok= (f= he_open(&af,dir,r->name,"mtrun",
"steps,batch,heldout_loss,heldout_out1,heldout_out2",err,len))!=NULL;
if(ok){
double*e= xmalloc(2*c.eval_prompts*sizeof(double));
output_errors(tr,tr->cfg.seed,STREAM_HELDOUT,c.eval_prompts,e);
he_prefix(f,sc,r);
fprintf(f,"%zu,%zu,%.10g,%.10g,%.10g\n",tr->step,tr->cfg.batch,heldout_loss(tr),
mc_summarize(e,c.eval_prompts,2).mean,mc_summarize(e+1,c.eval_prompts,2).mean);
free(e);
ok= he_close(&af,err,len)==0;
}
trainer_free(tr);
return ok?0:-1;
}

/*:46*//*47:*/
#line 1396 "chapters/he2025.w"

int he_mt_join(const char*dir,const he_run*runs,size_t n,char*err,size_t len)
{
static const char*const kinds[]= {"mtrun","mtheads","mttask","mtprecond"};
static const char*const joined[]= {"_runs","_heads","","_precond"};
char path[512];
char(*srcs)[512]= xmalloc((n+1)*sizeof*srcs);
int ok= 1;
for(size_t k= 0;ok&&k<4;k++){
for(size_t i= 0;i<n;i++)
snprintf(srcs[i],sizeof srcs[i],"%s/runs/%s.%s.csv",dir,runs[i].name,kinds[k]);
snprintf(path,sizeof path,"%s/he_multitask%s.csv",dir,joined[k]);
ok= grid_join_csv(path,srcs,n,err,len)==0;
}
free(srcs);
return ok?0:-1;
}

/*:47*/
#line 37 "chapters/he2025.w"


/*:2*/
