/*2:*/
#line 34 "chapters/reproduce.w"

#include <errno.h> 
#include <math.h> 
#include <stdio.h> 
#include <stdlib.h> 
#include <string.h> 
#include <sys/stat.h> 
#include "support.h"
#include "risk.h"
#include "train.h"
#include "interpret.h"
#include "reproduce.h"
/*4:*/
#line 83 "chapters/reproduce.w"

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
#line 102 "chapters/reproduce.w"

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
#line 146 "chapters/reproduce.w"

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
#line 172 "chapters/reproduce.w"

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

static int make_run_dirs(const char*dir,char*err,size_t len)
{
if(strlen(dir)> 150){
snprintf(err,len,"output directory name too long (%zu characters, at most 150)",strlen(dir));
return-1;
}
char sub[512];
snprintf(sub,sizeof sub,"%s/runs",dir);
return make_dir(dir,err,len)!=0||make_dir(sub,err,len)!=0?-1:0;
}

static int file_exists(const char*path)
{
struct stat st;
return stat(path,&st)==0;
}

static trainer*chen_train(const chen_scale*sc,const chen_run*r,const char*dir,
size_t threads,size_t*trained,char*err,size_t len)
{
train_config c;
chen_train_config(sc,r,threads,&c);
snprintf(c.checkpoint,sizeof c.checkpoint,"%s/runs/%s.ckpt",dir,r->name);
snprintf(c.log,sizeof c.log,"%s/runs/%s.log.csv",dir,r->name);
trainer*tr;
if(file_exists(c.checkpoint)){
tr= checkpoint_load(c.checkpoint,err,len);
if(tr==NULL)return NULL;
const train_config*k= &tr->cfg;
if(k->d!=c.d||k->s!=c.s||k->n!=c.n||k->steps!=c.steps||k->sigma!=c.sigma
||k->arch.format!=c.arch.format||k->arch.n_layers!=c.arch.n_layers
||k->arch.heads[0]!=c.arch.heads[0]||k->arch.d_model!=c.arch.d_model){
snprintf(err,len,"'%s' was made with another scale or grid; use another --out directory",
c.checkpoint);
trainer_free(tr);
return NULL;
}
}else{
tr= trainer_new(&c);
model_init(tr->m,c.seed,c.init_std);
}
size_t before= tr->step;
if(tr->step<tr->cfg.steps&&train_run(tr,tr->cfg.steps,1,err,len)!=0){
trainer_free(tr);
return NULL;
}
*trained= tr->step-before;
return tr;
}

/*:9*//*10:*/
#line 250 "chapters/reproduce.w"

static FILE*open_run_csv(atomic_file*af,const char*dir,const chen_run*r,const char*kind,
const char*columns,char*err,size_t len)
{
char path[512];
snprintf(path,sizeof path,"%s/runs/%s.%s.csv",dir,r->name,kind);
if(atomic_open(af,path)!=0){
snprintf(err,len,"cannot write '%s': %s",path,strerror(errno));
return NULL;
}
fprintf(af->f,"run,family,layers,heads,sigma,seed,%s\n",columns);
return af->f;
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
if(atomic_commit(af)!=0){snprintf(err,len,"cannot write '%s'",path);return-1;}
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
#line 303 "chapters/reproduce.w"

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
#line 290 "chapters/reproduce.w"

/*12:*/
#line 317 "chapters/reproduce.w"

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
#line 291 "chapters/reproduce.w"

/*13:*/
#line 353 "chapters/reproduce.w"

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
#line 292 "chapters/reproduce.w"

/*14:*/
#line 366 "chapters/reproduce.w"

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
#line 293 "chapters/reproduce.w"

free(e);
return 0;
fail:
free(e);
return-1;
}

/*:10*//*16:*/
#line 398 "chapters/reproduce.w"

int chen_analyze_checkpoint(const char*ckpt,const char*scale,const char*dir,size_t threads,
char*err,size_t len)
{
const chen_scale*named= scale_or_error(scale,err,len);
if(named==NULL)return-1;
trainer*tr= checkpoint_load(ckpt,err,len);
if(tr==NULL)return-1;
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
int rc= (make_run_dirs(dir,err,len)!=0
||chen_analyze(&sc,&r,tr,dir,threads,err,len)!=0)?-1:0;
trainer_free(tr);
return rc;
}

/*:16*//*18:*/
#line 475 "chapters/reproduce.w"

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
#line 504 "chapters/reproduce.w"

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
for(int k= 0;k<M_COUNT;k++)rc.use[k]= k!=M_BAYES;
size_t n_etas= rc.grids.n_gd_eta;
double*etas= rc.grids.gd_etas;
rc.grids.gd_etas= xmalloc((n_etas+1)*sizeof(double));
atomic_file af;
if(atomic_open(&af,path)!=0){
snprintf(err,len,"cannot write '%s': %s",path,strerror(errno));
free(etas);risk_grids_free(&rc.grids);
return-1;
}
fprintf(af.f,"sigma,seed,method,length,risk,se,key,lambda,eta,t\n");
for(size_t i= 1;i<=8;i++){
size_t n= i*sc->n/8;
if(n==0)continue;
stable_gd_steps(&rc.grids,etas,n_etas,
tuning_lambda_max(&rc.spec,n,seed,rc.tune_trials));
rc.ns= &n;rc.n_count= 1;
risk_result res;
risk_run(&rc,&res);
/*20:*/
#line 552 "chapters/reproduce.w"

for(size_t j= 0;j<res.n_rows;j++){
const risk_row*w= &res.rows[j];
fprintf(af.f,"%g,%llu,%s,%zu,%.10g,%.10g,%s_sigma%g_seed%llu,",sigma,
(unsigned long long)seed,method_names[w->method],w->n,w->risk.mean,w->risk.se,
method_names[w->method],sigma,(unsigned long long)seed);
if(isfinite(w->h.lambda))fprintf(af.f,"%.6g",w->h.lambda);
fputc(',',af.f);
if(isfinite(w->h.eta))fprintf(af.f,"%.6g,%u",w->h.eta,w->h.t);
else fputc(',',af.f);
fputc('\n',af.f);
}

/*:20*/
#line 544 "chapters/reproduce.w"

risk_result_free(&res);
}
free(etas);risk_grids_free(&rc.grids);
if(atomic_commit(&af)!=0){snprintf(err,len,"cannot write '%s'",path);return-1;}
return 0;
}

/*:19*//*21:*/
#line 574 "chapters/reproduce.w"

static int join_csv(const char*path,char(*srcs)[512],size_t n,char*err,size_t len);

int chen_reproduce_baselines(const char*scale,const char*dir,size_t seeds,char*err,
size_t len)
{
const chen_scale*sc= scale_or_error(scale,err,len);
if(sc==NULL||make_run_dirs(dir,err,len)!=0)return-1;
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
int rc= join_csv(path,srcs,nb,err,len);
free(srcs);
return rc;
}

/*:21*//*23:*/
#line 614 "chapters/reproduce.w"

static const char*const chen_kinds[]= {"length","heads","pruning","probe_linear",
"probe_gd"};
static int pruning_summary(const chen_scale*sc,const char*dir,size_t seeds,char*err,
size_t len);

static void append_csv(FILE*out,const char*src,int*header)
{
char line[1024];
FILE*in= fopen(src,"r");
if(in==NULL)return;
for(int first= 1;fgets(line,sizeof line,in);first= 0)
if(!first||!*header){fputs(line,out);if(first)*header= 1;}
fclose(in);
}

static int join_csv(const char*path,char(*srcs)[512],size_t n,char*err,size_t len)
{
atomic_file af;
if(atomic_open(&af,path)!=0){
snprintf(err,len,"cannot write '%s': %s",path,strerror(errno));
return-1;
}
int header= 0;
for(size_t i= 0;i<n;i++)append_csv(af.f,srcs[i],&header);
if(atomic_commit(&af)!=0){snprintf(err,len,"cannot write '%s'",path);return-1;}
return 0;
}

int chen_reproduce(const char*scale,const char*dir,size_t seeds,int family,size_t threads,
char*err,size_t len)
{
const chen_scale*sc= scale_or_error(scale,err,len);
if(sc==NULL||make_run_dirs(dir,err,len)!=0)return-1;
chen_run all[256],runs[256];
size_t count= 0,listed= chen_run_list(sc,seeds,all,256);
for(size_t i= 0;i<listed;i++)
if(family<0||all[i].family==family)runs[count++]= all[i];
size_t todo= 0,trained= 0;
for(size_t i= 0;i<count;i++)todo+= sc->steps[runs[i].family];
double start= mhicl_seconds();
char*table= NULL;size_t table_len= 0;
FILE*tf= open_memstream(&table,&table_len);
fprintf(tf,"run,family,layers,heads,sigma,seed,steps,heldout_loss,seconds\n");
for(size_t i= 0;i<count;i++){
const chen_run*r= &runs[i];
double t0= mhicl_seconds(),el= t0-start;
fprintf(stderr,"reproduce: run %zu/%zu %s  (%.0f s elapsed",i+1,count,r->name,el);
if(trained> 0)
fprintf(stderr,", about %.0f s left",el*(double)todo/(double)trained);
fprintf(stderr,")\n");
size_t now= 0;
trainer*tr= chen_train(sc,r,dir,threads,&now,err,len);
if(tr==NULL){fclose(tf);free(table);return-1;}
char done[512];
snprintf(done,sizeof done,"%s/runs/%s.probe_gd.csv",dir,r->name);
if(!file_exists(done)&&chen_analyze(sc,r,tr,dir,threads,err,len)!=0){
trainer_free(tr);fclose(tf);free(table);return-1;
}
run_prefix(tf,r);
fprintf(tf,"%zu,%.10g,%.1f\n",tr->step,heldout_loss(tr),mhicl_seconds()-t0);
trainer_free(tr);
trained+= now;
todo-= sc->steps[r->family];
}
fclose(tf);
for(uint64_t seed= 0;seed<seeds;seed++){
double sig[3]= {sc->sigma_main,sc->sigma_extra[0],sc->sigma_extra[1]};
for(int k= 0;k<3;k++)
if(chen_baselines(sc,sig[k],seed,dir,err,len)!=0){free(table);return-1;}
}
/*24:*/
#line 689 "chapters/reproduce.w"

{
char path[512];
char(*srcs)[512]= xmalloc((count+3*seeds)*sizeof*srcs);
snprintf(path,sizeof path,"%s/chen_runs.csv",dir);
atomic_file af;
int ok= atomic_open(&af,path)==0;
if(ok){
fwrite(table,1,table_len,af.f);
ok= atomic_commit(&af)==0;
}
if(!ok)snprintf(err,len,"cannot write '%s'",path);
for(size_t k= 0;ok&&k<sizeof chen_kinds/sizeof chen_kinds[0];k++){
for(size_t i= 0;i<count;i++)
snprintf(srcs[i],sizeof srcs[i],"%s/runs/%s.%s.csv",dir,runs[i].name,chen_kinds[k]);
snprintf(path,sizeof path,"%s/chen_%s.csv",dir,chen_kinds[k]);
ok= join_csv(path,srcs,count,err,len)==0;
}
size_t nb= 0;
for(uint64_t seed= 0;seed<seeds;seed++){
baseline_path(srcs[nb++],sizeof srcs[0],dir,sc->sigma_main,seed);
for(int k= 0;k<2;k++)baseline_path(srcs[nb++],sizeof srcs[0],dir,sc->sigma_extra[k],seed);
}
snprintf(path,sizeof path,"%s/chen_baselines.csv",dir);
if(ok)ok= join_csv(path,srcs,nb,err,len)==0;
free(srcs);free(table);
if(!ok||pruning_summary(sc,dir,seeds,err,len)!=0)return-1;
}

/*:24*/
#line 685 "chapters/reproduce.w"

return 0;
}

/*:23*//*25:*/
#line 723 "chapters/reproduce.w"

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

static int pruning_summary(const chen_scale*sc,const char*dir,size_t seeds,char*err,
size_t len)
{
char path[512],many[512],one[512];
snprintf(path,sizeof path,"%s/chen_pruning_summary.csv",dir);
atomic_file af;
if(atomic_open(&af,path)!=0){
snprintf(err,len,"cannot write '%s': %s",path,strerror(errno));
return-1;
}
fprintf(af.f,"family,sigma,seed,heads,full,full_se,pruned,pruned_se,pruned_delta,"
"pruned_delta_se,layer1_best_only,layer1_best_only_se,single_head,single_head_se\n");
double sig[3]= {sc->sigma_extra[0],sc->sigma_main,sc->sigma_extra[1]};
size_t hmax= sc->heads[sc->n_heads-1];
for(int f= 0;f<FAMILIES;f++)
for(uint64_t seed= 0;seed<seeds;seed++)
for(int k= 0;k<3;k++){
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
if(atomic_commit(&af)!=0){snprintf(err,len,"cannot write '%s'",path);return-1;}
return 0;
}

/*:25*/
#line 46 "chapters/reproduce.w"


/*:2*/
