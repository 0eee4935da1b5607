/*2:*/
#line 38 "chapters/reproduce.w"

#include <errno.h> 
#include <math.h> 
#include <stdio.h> 
#include <stdlib.h> 
#include <string.h> 
#include <sys/stat.h> 
#include <unistd.h> 
#include "support.h"
#include "risk.h"
#include "train.h"
#include "interpret.h"
#include "reproduce.h"
/*4:*/
#line 88 "chapters/reproduce.w"

static const chen_scale chen_scales[]= {
{"smoke",4,1,8,16,{2},1,{1,4},2,0.1,{0.0,0.5},2,
{30,30},5,16,{2e-3,1e-3},128,128,128,50},
{"quick",8,2,20,32,{2,3},2,{1,2,4,8},4,0.1,{0.0,0.5},3,
{6000,20000},200,64,{2e-3,1e-3},2048,2048,2048,500},
{"paper",16,3,40,64,{2,3,4},3,{1,2,4,8},4,0.1,{0.0,0.5},3,
{6000,40000},200,64,{2e-3,1e-3},2048,4096,2048,1000},
};
static const char*const family_names[FAMILIES]= {"theory","gpt2"};

/*:4*//*6:*/
#line 107 "chapters/reproduce.w"

const chen_scale*chen_scale_named(const char*name)
{
for(size_t i= 0;i<sizeof chen_scales/sizeof chen_scales[0];i++)
if(strcmp(chen_scales[i].name,name)==0)return&chen_scales[i];
return NULL;
}

static void add_run(chen_run*out,size_t*count,size_t max,int f,size_t L,size_t h,
double sigma,uint64_t seed)
{
if(*count>=max)return;
chen_run*r= &out[(*count)++];
r->family= f;r->layers= L;r->heads= h;r->sigma= sigma;r->seed= seed;
snprintf(r->name,sizeof r->name,"%s_L%zu_H%zu_sigma%g_seed%llu",family_names[f],L,h,sigma,
(unsigned long long)seed);
}

size_t chen_run_list(const chen_scale*sc,size_t seeds,chen_run*out,size_t max)
{
size_t count= 0,hmax= sc->heads[sc->n_heads-1];
for(uint64_t seed= 0;seed<seeds;seed++)
for(int f= 0;f<FAMILIES;f++){
for(size_t a= 0;a<sc->n_layers;a++)
for(size_t b= 0;b<sc->n_heads;b++)
add_run(out,&count,max,f,sc->layers[a],sc->heads[b],sc->sigma_main,seed);
for(size_t e= 0;e<2;e++){
add_run(out,&count,max,f,sc->prune_layers,1,sc->sigma_extra[e],seed);
add_run(out,&count,max,f,sc->prune_layers,hmax,sc->sigma_extra[e],seed);
}
}
return count;
}

/*:6*//*8:*/
#line 161 "chapters/reproduce.w"

void chen_train_config(const chen_scale*sc,const chen_run*r,size_t threads,train_config*c)
{
train_config_default(c);
c->d= sc->d;c->s= sc->s;c->beta= BETA_SPARSE_GAUSS;c->b= 1.0;c->sigma= r->sigma;
c->steps= sc->steps[r->family];c->batch= sc->batch;c->lr= sc->lr[r->family];
c->warmup= sc->warmup;c->cosine= 1;c->clip= 1.0;c->seed= r->seed;c->threads= threads;
c->eval_every= 250;c->eval_prompts= 512;c->checkpoint_every= 250;
model_config*m= &c->arch;
memset(m,0,sizeof*m);
m->d_x= sc->d;m->n_layers= r->layers;
for(size_t l= 0;l<MAX_LAYERS;l++)m->heads[l]= r->heads;
if(r->family==FAMILY_THEORY){
c->n= sc->n;c->query_only= 1;
m->format= FORMAT_STACKED;m->extra_rows= sc->d;m->d_head= sc->d;
m->d_model= 2*sc->d+1;
for(size_t l= 0;l<MAX_LAYERS;l++)m->attn[l]= ATTN_LINEAR;
}else{
c->n= sc->n+1;c->query_only= 0;
m->format= FORMAT_INTERLEAVED;m->d_model= sc->width;m->d_head= sc->width/r->heads;
m->mlp= m->layernorm= m->pos_embed= m->attn_bias= 1;
for(size_t l= 0;l<MAX_LAYERS;l++)m->attn[l]= ATTN_SOFTMAX;
}
m->n_max= c->n;
}

/*:8*//*9:*/
#line 187 "chapters/reproduce.w"

static int make_dir(const char*path,char*err,size_t len)
{
if(mkdir(path,0777)!=0&&errno!=EEXIST){
snprintf(err,len,"cannot create directory '%s': %s",path,strerror(errno));
return-1;
}
return 0;
}

static const chen_scale*scale_or_error(const char*scale,char*err,size_t len)
{
const chen_scale*sc= chen_scale_named(scale);
if(sc==NULL)snprintf(err,len,"unknown scale '%s' (smoke, quick or paper)",scale);
return sc;
}

static int dir_length_ok(const char*dir,char*err,size_t len)
{
if(strlen(dir)<=150)return 1;
snprintf(err,len,"output directory name too long (%zu characters, at most 150)",strlen(dir));
return 0;
}

int grid_make_dirs(const char*dir,char*err,size_t len)
{
if(!dir_length_ok(dir,err,len))return-1;
char sub[512];
snprintf(sub,sizeof sub,"%s/runs",dir);
return make_dir(dir,err,len)!=0||make_dir(sub,err,len)!=0?-1:0;
}

static int file_exists(const char*path)
{
struct stat st;
return stat(path,&st)==0;
}

trainer*grid_trainer(train_config*c,const char*dir,const char*name,char*err,size_t len)
{
if(snprintf(c->checkpoint,sizeof c->checkpoint,"%s/runs/%s.ckpt",dir,name)
>=(int)sizeof c->checkpoint
||snprintf(c->log,sizeof c->log,"%s/runs/%s.log.csv",dir,name)>=(int)sizeof c->log){
snprintf(err,len,"output directory name too long for the files of '%s'",name);
return NULL;
}
trainer*tr;
if(file_exists(c->checkpoint)){
tr= checkpoint_load(c->checkpoint,err,len);
if(tr==NULL)return NULL;
if(train_config_resume_change(&tr->cfg,c)!=NULL||tr->cfg.steps!=c->steps
||tr->cfg.threads!=c->threads){
snprintf(err,len,"'%s' was made with another scale, grid or thread count; use another "
"--out directory",c->checkpoint);
trainer_free(tr);
return NULL;
}
memcpy(tr->cfg.checkpoint,c->checkpoint,sizeof c->checkpoint);
memcpy(tr->cfg.log,c->log,sizeof c->log);
}else{
tr= trainer_new(c);
model_init(tr->m,c->seed,c->init_std);
}
return tr;
}

trainer*grid_train(train_config*c,const char*dir,const char*name,char*err,size_t len)
{
trainer*tr= grid_trainer(c,dir,name,err,len);
if(tr!=NULL&&tr->step<tr->cfg.steps&&train_run(tr,tr->cfg.steps,1,err,len)!=0){
trainer_free(tr);
return NULL;
}
return tr;
}

static trainer*chen_train(const chen_scale*sc,const chen_run*r,const char*dir,
size_t threads,char*err,size_t len)
{
train_config c;
chen_train_config(sc,r,threads,&c);
return grid_train(&c,dir,r->name,err,len);
}

/*:9*//*10:*/
#line 282 "chapters/reproduce.w"

FILE*grid_open_csv(atomic_file*af,const char*dir,const char*name,const char*kind,
const char*prefix,const char*columns,char*err,size_t len)
{
char path[512];
snprintf(path,sizeof path,"%s/runs/%s.%s.csv",dir,name,kind);
if(atomic_open(af,path)!=0){
snprintf(err,len,"cannot write '%s': %s",path,af->why);
return NULL;
}
fprintf(af->f,"%s%s\n",prefix,columns);
return af->f;
}

static FILE*open_run_csv(atomic_file*af,const char*dir,const chen_run*r,const char*kind,
const char*columns,char*err,size_t len)
{
return grid_open_csv(af,dir,r->name,kind,"run,family,layers,heads,sigma,seed,",columns,err,
len);
}

static void run_prefix(FILE*f,const chen_run*r)
{
fprintf(f,"%s,%s,%zu,%zu,%g,%llu,",r->name,family_names[r->family],r->layers,r->heads,
r->sigma,(unsigned long long)r->seed);
}

static int close_run_csv(atomic_file*af,char*err,size_t len)
{
char path[512];
snprintf(path,sizeof path,"%s",af->path);
if(atomic_commit(af)!=0){snprintf(err,len,"cannot write '%s': %s",path,af->why);return-1;}
return 0;
}

static const unsigned probe_ts[]= {1,2,3,5,10,20};
#define N_PROBE_TS (sizeof probe_ts / sizeof probe_ts[0])

static int chen_analyze(const chen_scale*sc,const chen_run*r,trainer*tr,const char*dir,
size_t threads,char*err,size_t len)
{
train_config*c= &tr->cfg;
model*m= tr->m;
atomic_file af;
FILE*f;
size_t P= sc->length_prompts> sc->mask_prompts?sc->length_prompts:sc->mask_prompts;
double*e= xmalloc(P*sizeof(double));
/*11:*/
#line 342 "chapters/reproduce.w"

if((f= open_run_csv(&af,dir,r,"length","length,risk,se",err,len))==NULL)goto fail;
for(size_t i= 1;i<=8;i++){
size_t k= i*sc->n/8;
if(k==0)continue;
train_config cc= *c;
cc.n= c->arch.format==FORMAT_INTERLEAVED?k+1:k;
probe_errors(m,&cc,STREAM_EVAL,sc->length_prompts,threads,e);
mc_summary s= mc_summarize(e,sc->length_prompts,1);
run_prefix(f,r);
fprintf(f,"%zu,%.10g,%.10g\n",k,s.mean,s.se);
}
if(close_run_csv(&af,err,len)!=0)goto fail;

/*:11*/
#line 329 "chapters/reproduce.w"

/*12:*/
#line 356 "chapters/reproduce.w"

{
size_t total= 0;
for(size_t l= 0;l<m->cfg.n_layers;l++)total+= m->cfg.heads[l];
head_effect*eff= xmalloc(total*sizeof*eff);
prune_row rows[MAX_LAYERS+3];
mc_summary full;
size_t count= head_importance(m,c,sc->mask_prompts,threads,&full,eff);
size_t nr= prune_heads(m,c,eff,count,sc->mask_prompts,threads,rows);
int ok= (f= open_run_csv(&af,dir,r,"heads",
"layer,head,risk,delta,delta_se,share,run_layer",err,len))!=NULL;
if(ok){
for(size_t i= 0;i<count;i++){
run_prefix(f,r);
fprintf(f,"%zu,%zu,%.10g,%.10g,%.10g,%.6f,%s/%zu\n",eff[i].layer+1,eff[i].head,
eff[i].risk,eff[i].delta,eff[i].delta_se,eff[i].share,r->name,eff[i].layer+1);
}
ok= close_run_csv(&af,err,len)==0;
}
if(ok)ok= (f= open_run_csv(&af,dir,r,"pruning","kind,layer,risk,se,delta,delta_se",
err,len))!=NULL;
if(ok){
for(size_t i= 0;i<nr;i++){
run_prefix(f,r);
fprintf(f,"%s,%zu,%.10g,%.10g,%.10g,%.10g\n",prune_kind_names[rows[i].kind],
rows[i].layer+1,rows[i].risk,rows[i].risk_se,rows[i].delta,rows[i].delta_se);
}
ok= close_run_csv(&af,err,len)==0;
}
free(eff);
if(!ok)goto fail;
}

/*:12*/
#line 330 "chapters/reproduce.w"

/*13:*/
#line 392 "chapters/reproduce.w"

{
mc_summary risk[MAX_LAYERS+1];
linear_probe(m,c,sc->probe_prompts,sc->probe_prompts,risk);
if((f= open_run_csv(&af,dir,r,"probe_linear","after_layer,risk,se",err,len))==NULL)
goto fail;
for(size_t l= 0;l<=m->cfg.n_layers;l++){
run_prefix(f,r);
fprintf(f,"%zu,%.10g,%.10g\n",l,risk[l].mean,risk[l].se);
}
if(close_run_csv(&af,err,len)!=0)goto fail;
}

/*:13*/
#line 331 "chapters/reproduce.w"

/*14:*/
#line 405 "chapters/reproduce.w"

{
mc_summary out[PROBE_SOURCES][32],gain[PROBE_SOURCES][32];
gd_probe(m,c,probe_ts,N_PROBE_TS,sc->probe_prompts/2,sc->probe_prompts,out,gain);
if((f= open_run_csv(&af,dir,r,"probe_gd","features,t,risk,se,gain,gain_se,run_features",
err,len))
==NULL)goto fail;
for(int src= 0;src<PROBE_SOURCES;src++)
for(size_t s= 0;s<N_PROBE_TS;s++){
run_prefix(f,r);
fprintf(f,"%s,%u,%.10g,%.10g,%.10g,%.10g,%s/%s\n",probe_source_names[src],probe_ts[s],
out[src][s].mean,out[src][s].se,gain[src][s].mean,gain[src][s].se,r->name,
probe_source_names[src]);
}
if(close_run_csv(&af,err,len)!=0)goto fail;
}

/*:14*/
#line 332 "chapters/reproduce.w"

free(e);
return 0;
fail:
free(e);
return-1;
}

/*:10*//*16:*/
#line 437 "chapters/reproduce.w"

int chen_analyze_checkpoint(const char*ckpt,const char*scale,const char*dir,size_t threads,
char*err,size_t len)
{
const chen_scale*named= scale_or_error(scale,err,len);
if(named==NULL)return-1;
trainer*tr= checkpoint_load(ckpt,err,len);
if(tr==NULL)return-1;
if(tr->cfg.task_kind!=TASK_REGRESSION){
snprintf(err,len,"'%s' is a model of the %s task; --analyze reads single-task regression "
"models",ckpt,tr->cfg.task_kind==TASK_RETRIEVAL?"retrieval":"multi-task");
trainer_free(tr);
return-1;
}
const train_config*c= &tr->cfg;
chen_scale sc= *named;
sc.d= c->d;sc.s= c->s;
sc.n= c->arch.format==FORMAT_INTERLEAVED?c->n-1:c->n;
chen_run r;
r.family= c->arch.format==FORMAT_INTERLEAVED?FAMILY_GPT2:FAMILY_THEORY;
r.layers= c->arch.n_layers;r.heads= c->arch.heads[0];r.sigma= c->sigma;r.seed= c->seed;
const char*base= strrchr(ckpt,'/');
base= base?base+1:ckpt;
size_t nl= strlen(base);
if(nl> 5&&strcmp(base+nl-5,".ckpt")==0)nl-= 5;
if(nl>=sizeof r.name)nl= sizeof r.name-1;
memcpy(r.name,base,nl);
r.name[nl]= '\0';
int rc= (grid_make_dirs(dir,err,len)!=0
||chen_analyze(&sc,&r,tr,dir,threads,err,len)!=0)?-1:0;
trainer_free(tr);
return rc;
}

/*:16*//*18:*/
#line 523 "chapters/reproduce.w"

static double tuning_lambda_max(const task_spec*spec,size_t n,uint64_t seed,size_t T)
{
task*t= task_alloc(n,spec->d);
moments*m= moments_alloc(spec->d);
double top= 0.0;
for(size_t k= 0;k<T;k++){
task_sample(spec,n,seed,STREAM_TUNE,k,t);
moments_compute(m,t->X,t->y,n);
moments_eigen(m);
top= fmax(top,gsl_vector_max(m->eig->lambda));
}
moments_free(m);task_free(t);
return top;
}

static void stable_gd_steps(risk_grids*g,const double*etas,size_t count,double Lambda)
{
g->n_gd_eta= 0;
for(size_t a= 0;a<count;a++)
if(etas[a]*Lambda<1.0)g->gd_etas[g->n_gd_eta++]= etas[a];
g->gd_etas[g->n_gd_eta++]= 1.0/Lambda;
}

/*:18*//*19:*/
#line 554 "chapters/reproduce.w"

static void baseline_path(char*path,size_t size,const char*dir,double sigma,uint64_t seed)
{
snprintf(path,size,"%s/runs/baselines_sigma%g_seed%llu.csv",dir,sigma,
(unsigned long long)seed);
}

int chen_baselines(const chen_scale*sc,double sigma,uint64_t seed,const char*dir,
char*err,size_t len)
{
char path[512];
baseline_path(path,sizeof path,dir,sigma,seed);
if(file_exists(path))return 0;
risk_config rc;
risk_config_init(&rc);
train_config tc;
chen_run r= {FAMILY_THEORY,1,1,sigma,seed,""};
chen_train_config(sc,&r,1,&tc);
rc.spec= train_task_spec(&tc,sc->d);
rc.trials= sc->length_prompts;rc.tune_trials= sc->baseline_tune;
rc.seed= seed;rc.threads= 2;
for(int k= 0;k<M_COUNT;k++)rc.use[k]= k!=M_LMMSE&&k!=M_BAYES;
size_t n_etas= rc.grids.n_gd_eta;
double*etas= rc.grids.gd_etas;
rc.grids.gd_etas= xmalloc((n_etas+1)*sizeof(double));
atomic_file af;
if(atomic_open(&af,path)!=0){
snprintf(err,len,"cannot write '%s': %s",path,af.why);
free(etas);risk_grids_free(&rc.grids);
return-1;
}
fprintf(af.f,"sigma,seed,method,length,risk,se,key,lambda,eta,t,version,prior,b,rho,pto_step,"
"t_max\n");
for(size_t i= 1;i<=8;i++){
size_t n= i*sc->n/8;
if(n==0)continue;
stable_gd_steps(&rc.grids,etas,n_etas,
tuning_lambda_max(&rc.spec,n,seed,rc.tune_trials));
rc.ns= &n;rc.n_count= 1;
risk_result res;
risk_run(&rc,&res);
/*20:*/
#line 603 "chapters/reproduce.w"

for(size_t j= 0;j<res.n_rows;j++){
const risk_row*w= &res.rows[j];
fprintf(af.f,"%g,%llu,%s,%zu,%.10g,%.10g,%s_sigma%g_seed%llu,",sigma,
(unsigned long long)seed,method_names[w->method],w->n,w->risk.mean,w->risk.se,
method_names[w->method],sigma,(unsigned long long)seed);
if(isfinite(w->h.lambda))fprintf(af.f,"%.6g",w->h.lambda);
fputc(',',af.f);
if(isfinite(w->h.eta))fprintf(af.f,"%.6g,%u",w->h.eta,w->h.t);
else fputc(',',af.f);
fprintf(af.f,",%s,%s,%.17g,%.17g,%s,%u\n",MHICL_VERSION,risk_prior_name(rc.spec.beta),
rc.spec.b,rc.rho,rc.pto.relative_step?"relative":"fixed",
rc.grids.ts[rc.grids.n_t-1]);
}

/*:20*/
#line 595 "chapters/reproduce.w"

risk_result_free(&res);
}
free(etas);risk_grids_free(&rc.grids);
if(atomic_commit(&af)!=0){snprintf(err,len,"cannot write '%s': %s",path,af.why);return-1;}
return 0;
}

/*:19*//*21:*/
#line 628 "chapters/reproduce.w"

int chen_reproduce_baselines(const char*scale,const char*dir,size_t seeds,char*err,
size_t len)
{
const chen_scale*sc= scale_or_error(scale,err,len);
if(sc==NULL||grid_make_dirs(dir,err,len)!=0)return-1;
double sig[3]= {sc->sigma_main,sc->sigma_extra[0],sc->sigma_extra[1]};
char(*srcs)[512]= xmalloc(3*seeds*sizeof*srcs);
size_t nb= 0;
for(uint64_t seed= 0;seed<seeds;seed++)
for(int k= 0;k<3;k++){
if(chen_baselines(sc,sig[k],seed,dir,err,len)!=0){free(srcs);return-1;}
baseline_path(srcs[nb++],sizeof srcs[0],dir,sig[k],seed);
}
char path[512];
snprintf(path,sizeof path,"%s/chen_baselines.csv",dir);
int rc= grid_join_csv(path,srcs,nb,err,len);
free(srcs);
return rc;
}

/*:21*//*25:*/
#line 761 "chapters/reproduce.w"

int grid_plan_init(grid_plan*p,const grid_paper*paper,const char*dir,size_t threads,
size_t count,char*err,size_t len)
{
memset(p,0,sizeof*p);
if(!dir_length_ok(dir,err,len))return-1;
p->paper= paper;p->threads= threads;
snprintf(p->dir,sizeof p->dir,"%s",dir);
p->units= xmalloc((count> 0?count:1)*sizeof*p->units);
return 0;
}

void grid_plan_free(grid_plan*p)
{
if(p->own_free)p->own_free(p->own);
free(p->units);
p->units= NULL;p->own= NULL;p->count= 0;
}

const grid_unit*grid_unit_named(const grid_plan*p,const char*name)
{
for(size_t i= 0;i<p->count;i++)
if(strcmp(p->units[i].name,name)==0)return&p->units[i];
return NULL;
}

/*:25*//*26:*/
#line 790 "chapters/reproduce.w"

static void unit_file(char*path,size_t size,const grid_plan*p,const char*name,
const char*ext)
{
snprintf(path,size,"%s/runs/%s.%s",p->dir,name,ext);
}

int grid_unit_state(const grid_plan*p,const grid_unit*u,char*err,size_t len)
{
char path[512],line[256]= "";
unit_file(path,sizeof path,p,u->name,"done");
FILE*f= fopen(path,"r");
if(f==NULL){
if(errno==ENOENT||errno==ENOTDIR)return 0;
snprintf(err,len,"cannot read '%s': %s",path,strerror(errno));
return-1;
}
if(fgets(line,sizeof line,f)==NULL)line[0]= '\0';
fclose(f);
line[strcspn(line,"\n")]= '\0';
if(strcmp(line,p->identity)==0)return 1;
snprintf(err,len,"'%s' was made with another scale, grid or thread count (%s, not %s); use "
"another --out directory",path,line,p->identity);
return-1;
}

/*:26*//*27:*/
#line 820 "chapters/reproduce.w"

int grid_run_unit(const grid_plan*p,const grid_unit*u,double*seconds,char*err,size_t len)
{
int state= grid_unit_state(p,u,err,len);
if(state!=0)return state;
double t0= mhicl_seconds();
if(grid_make_dirs(p->dir,err,len)!=0||p->paper->run(p,u,err,len)!=0)return-1;
*seconds= mhicl_seconds()-t0;
char path[512];
unit_file(path,sizeof path,p,u->name,"done");
atomic_file af;
if(atomic_open(&af,path)!=0){
snprintf(err,len,"cannot write '%s': %s",path,af.why);
return-1;
}
fprintf(af.f,"%s\n%.1f s\n",p->identity,*seconds);
if(atomic_commit(&af)!=0){snprintf(err,len,"cannot write '%s': %s",path,af.why);return-1;}
return 0;
}

/*:27*//*28:*/
#line 843 "chapters/reproduce.w"

int grid_join(const grid_plan*p,char*err,size_t len)
{
size_t missing= 0;
for(size_t i= 0;i<p->count;i++){
int state= grid_unit_state(p,&p->units[i],err,len);
if(state<0)return-1;
missing+= state==0;
}
if(missing==0)return p->paper->join(p,err,len);
size_t at= (size_t)snprintf(err,len,"%zu of %zu units not finished:",missing,p->count);
size_t named= 0;
for(size_t i= 0;i<p->count&&at<len;i++){
const grid_unit*u= &p->units[i];
char scratch[8];
if(grid_unit_state(p,u,scratch,sizeof scratch)!=0)continue;
if(at+strlen(u->name)+32>=len)break;
at+= (size_t)snprintf(err+at,len-at,"%s %s",named?",":"",u->name);
named++;
}
if(named<missing&&at<len)
snprintf(err+at,len-at," and %zu more",missing-named);
return-1;
}

/*:28*//*29:*/
#line 872 "chapters/reproduce.w"

int grid_run_all(const grid_plan*p,char*err,size_t len)
{
double left= 0,done= 0,start= mhicl_seconds();
for(size_t i= 0;i<p->count;i++)left+= p->units[i].cost;
for(size_t i= 0;i<p->count;i++){
const grid_unit*u= &p->units[i];
double el= mhicl_seconds()-start,seconds= 0;
fprintf(stderr,"reproduce: unit %zu/%zu %s  (%.0f s elapsed",i+1,p->count,u->name,el);
if(done> 0)fprintf(stderr,", about %.0f s left",el*left/done);
fprintf(stderr,")\n");
int state= grid_run_unit(p,u,&seconds,err,len);
if(state<0)return-1;
if(state==0)done+= u->cost;
left-= u->cost;
}
return grid_join(p,err,len);
}

/*:29*//*30:*/
#line 893 "chapters/reproduce.w"

static void shell_word(FILE*out,const char*w)
{
const char*plain= "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./,:=+@%";
if(*w!='\0'&&strspn(w,plain)==strlen(w)){fputs(w,out);return;}
fputc('\'',out);
for(;*w;w++)
if(*w=='\'')fputs("'\\''",out);
else fputc(*w,out);
fputc('\'',out);
}

void grid_plan_print(const grid_plan*p,const char*program,FILE*out)
{
for(size_t i= 0;i<p->count;i++){
shell_word(out,program);
fprintf(out," reproduce %s %s --out ",p->paper->name,p->options);
shell_word(out,p->dir);
fprintf(out," --unit %s\n",p->units[i].name);
}
}

/*:30*//*31:*/
#line 919 "chapters/reproduce.w"

int grid_absolute(const char*path,char*out,size_t size)
{
if(path[0]=='/')return snprintf(out,size,"%s",path)<(int)size?0:-1;
char cwd[4096];
const char*pwd= getenv("PWD");
struct stat a,b;
if(pwd&&pwd[0]=='/'&&strlen(pwd)<sizeof cwd&&stat(pwd,&a)==0
&&stat(".",&b)==0&&a.st_dev==b.st_dev&&a.st_ino==b.st_ino)
snprintf(cwd,sizeof cwd,"%s",pwd);
else if(getcwd(cwd,sizeof cwd)==NULL)return-1;
while(path[0]=='.'&&path[1]=='/')path+= 2;
size_t k= strlen(cwd);
if(k> 0&&cwd[k-1]=='/')cwd[k-1]= '\0';
if(strcmp(path,".")==0)path= "";
int n= snprintf(out,size,"%s/%s",cwd,path);
if(n<0||n>=(int)size)return-1;
if(path[0]=='\0'&&n> 1)out[n-1]= '\0';
return 0;
}

/*:31*//*34:*/
#line 966 "chapters/reproduce.w"

static int chen_unit_run(const grid_plan*p,const grid_unit*u,char*err,size_t len);
static int chen_join(const grid_plan*p,char*err,size_t len);
static const grid_paper chen_paper= {"chen",chen_unit_run,chen_join};

static double chen_sigma(const chen_scale*sc,size_t k)
{
return k==0?sc->sigma_main:sc->sigma_extra[k-1];
}

static void chen_grid_free(void*own)
{
chen_grid*g= own;
if(g)free(g->runs);
free(g);
}

int chen_plan(const char*scale,size_t seeds,int family,size_t threads,const char*dir,
grid_plan*p,char*err,size_t len)
{
const chen_scale*sc= scale_or_error(scale,err,len);
if(sc==NULL)return-1;
size_t max= seeds*FAMILIES*(sc->n_layers*sc->n_heads+4);
chen_run*all= xmalloc(max*sizeof*all);
size_t listed= chen_run_list(sc,seeds,all,max),n_runs= 0;
for(size_t i= 0;i<listed;i++)
if(family<0||all[i].family==family)all[n_runs++]= all[i];
if(grid_plan_init(p,&chen_paper,dir,threads,n_runs+3*seeds,err,len)!=0){
free(all);
return-1;
}
chen_grid*g= xmalloc(sizeof*g);
g->sc= sc;g->seeds= seeds;g->family= family;g->n_runs= n_runs;g->runs= all;
p->own= g;p->own_free= chen_grid_free;
for(size_t i= 0;i<n_runs;i++){
grid_unit*u= &p->units[p->count++];
snprintf(u->name,sizeof u->name,"%s",all[i].name);
u->cost= (double)sc->steps[all[i].family];u->item= i;
}
for(size_t b= 0;b<3*seeds;b++){
grid_unit*u= &p->units[p->count++];
snprintf(u->name,sizeof u->name,"baselines_sigma%g_seed%zu",chen_sigma(sc,b%3),b/3);
u->cost= 0;u->item= n_runs+b;
}
snprintf(p->options,sizeof p->options,"--scale %s --family %s --seeds %zu --threads %zu",
sc->name,family<0?"both":family_names[family],seeds,threads);
snprintf(p->identity,sizeof p->identity,"chen --scale %s --threads %zu",sc->name,threads);
return 0;
}

int chen_reproduce(const char*scale,const char*dir,size_t seeds,int family,size_t threads,
char*err,size_t len)
{
grid_plan p;
if(chen_plan(scale,seeds,family,threads,dir,&p,err,len)!=0)return-1;
int rc= grid_run_all(&p,err,len);
grid_plan_free(&p);
return rc;
}

/*:34*//*35:*/
#line 1029 "chapters/reproduce.w"

static int chen_unit_run(const grid_plan*p,const grid_unit*u,char*err,size_t len)
{
const chen_grid*g= p->own;
if(u->item>=g->n_runs){
size_t b= u->item-g->n_runs;
return chen_baselines(g->sc,chen_sigma(g->sc,b%3),b/3,p->dir,err,len);
}
const chen_run*r= &g->runs[u->item];
trainer*tr= chen_train(g->sc,r,p->dir,p->threads,err,len);
if(tr==NULL)return-1;
char path[512];
unit_file(path,sizeof path,p,r->name,"probe_gd.csv");
int ok= file_exists(path)||chen_analyze(g->sc,r,tr,p->dir,p->threads,err,len)==0;
atomic_file af;
FILE*f;
if(ok)ok= (f= open_run_csv(&af,p->dir,r,"run","steps,heldout_loss",err,len))!=NULL;
if(ok){
run_prefix(f,r);
fprintf(f,"%zu,%.10g\n",tr->step,heldout_loss(tr));
ok= close_run_csv(&af,err,len)==0;
}
trainer_free(tr);
return ok?0:-1;
}

/*:35*//*36:*/
#line 1061 "chapters/reproduce.w"

static int pruning_summary(const chen_grid*g,const char*dir,char*err,size_t len);

static int append_csv(FILE*out,const char*src,int*header)
{
char*line= NULL;
size_t cap= 0;
FILE*in= fopen(src,"r");
if(in==NULL)return-1;
for(int first= 1;getline(&line,&cap,in)> 0;first= 0)
if(!first||!*header){fputs(line,out);if(first)*header= 1;}
free(line);
fclose(in);
return 0;
}

int grid_join_csv(const char*path,char(*srcs)[512],size_t n,char*err,size_t len)
{
atomic_file af;
if(atomic_open(&af,path)!=0){
snprintf(err,len,"cannot write '%s': %s",path,af.why);
return-1;
}
int header= 0;
for(size_t i= 0;i<n;i++)
if(append_csv(af.f,srcs[i],&header)!=0){
snprintf(err,len,"cannot read '%s': %s (rerun its unit after deleting its .done file)",
srcs[i],strerror(errno));
atomic_abort(&af);
return-1;
}
if(atomic_commit(&af)!=0){snprintf(err,len,"cannot write '%s': %s",path,af.why);return-1;}
return 0;
}

static int chen_join(const grid_plan*p,char*err,size_t len)
{
static const char*const kinds[][2]= {{"run","runs"},{"length","length"},
{"heads","heads"},{"pruning","pruning"},{"probe_linear","probe_linear"},
{"probe_gd","probe_gd"}};
const chen_grid*g= p->own;
char path[512];
char(*srcs)[512]= xmalloc((g->n_runs+3*g->seeds+1)*sizeof*srcs);
int ok= 1;
for(size_t k= 0;ok&&k<sizeof kinds/sizeof kinds[0];k++){
for(size_t i= 0;i<g->n_runs;i++)
snprintf(srcs[i],sizeof srcs[i],"%s/runs/%s.%s.csv",p->dir,g->runs[i].name,kinds[k][0]);
snprintf(path,sizeof path,"%s/chen_%s.csv",p->dir,kinds[k][1]);
ok= grid_join_csv(path,srcs,g->n_runs,err,len)==0;
}
for(size_t b= 0;b<3*g->seeds;b++)
baseline_path(srcs[b],sizeof srcs[b],p->dir,chen_sigma(g->sc,b%3),b/3);
snprintf(path,sizeof path,"%s/chen_baselines.csv",p->dir);
if(ok)ok= grid_join_csv(path,srcs,3*g->seeds,err,len)==0;
free(srcs);
return ok&&pruning_summary(g,p->dir,err,len)==0?0:-1;
}

/*:36*//*37:*/
#line 1125 "chapters/reproduce.w"

static int pruning_row(const char*path,const char*kind,double*v)
{
char line[1024];
FILE*f= fopen(path,"r");
if(f==NULL)return-1;
int found= -1;
while(found!=0&&fgets(line,sizeof line,f)){
char*field[12],*save= NULL;
int k= 0;
for(char*tok= strtok_r(line,",\n",&save);tok&&k<12;tok= strtok_r(NULL,",\n",&save))
field[k++]= tok;
if(k==12&&strcmp(field[6],kind)==0){
for(int j= 0;j<4;j++)v[j]= strtod(field[8+j],NULL);
found= 0;
}
}
fclose(f);
return found;
}

static int pruning_summary(const chen_grid*g,const char*dir,char*err,size_t len)
{
const chen_scale*sc= g->sc;
char path[512],many[512],one[512];
snprintf(path,sizeof path,"%s/chen_pruning_summary.csv",dir);
atomic_file af;
if(atomic_open(&af,path)!=0){
snprintf(err,len,"cannot write '%s': %s",path,af.why);
return-1;
}
fprintf(af.f,"family,sigma,seed,heads,full,full_se,pruned,pruned_se,pruned_delta,"
"pruned_delta_se,layer1_best_only,layer1_best_only_se,single_head,single_head_se\n");
double sig[3]= {sc->sigma_extra[0],sc->sigma_main,sc->sigma_extra[1]};
size_t hmax= sc->heads[sc->n_heads-1];
for(int f= 0;f<FAMILIES;f++)
for(uint64_t seed= 0;seed<g->seeds;seed++)
for(int k= 0;k<3&&(g->family<0||g->family==f);k++){
chen_run a,b;
size_t unused= 0;
add_run(&a,&unused,1,f,sc->prune_layers,hmax,sig[k],seed);
unused= 0;
add_run(&b,&unused,1,f,sc->prune_layers,1,sig[k],seed);
snprintf(many,sizeof many,"%s/runs/%s.pruning.csv",dir,a.name);
snprintf(one,sizeof one,"%s/runs/%s.pruning.csv",dir,b.name);
double full[4],pruned[4],first[4],single[4];
if(pruning_row(many,"full",full)||pruning_row(many,"pruned",pruned)
||pruning_row(many,"layer1_best_only",first)||pruning_row(one,"full",single))
continue;
fprintf(af.f,"%s,%g,%llu,%zu,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g\n",
family_names[f],sig[k],(unsigned long long)seed,hmax,full[0],full[1],pruned[0],
pruned[1],pruned[2],pruned[3],first[0],first[1],single[0],single[1]);
}
if(atomic_commit(&af)!=0){snprintf(err,len,"cannot write '%s': %s",path,af.why);return-1;}
return 0;
}

/*:37*/
#line 51 "chapters/reproduce.w"


/*:2*/
