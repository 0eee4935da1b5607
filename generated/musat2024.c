/*2:*/
#line 29 "chapters/musat2024.w"

#include <dirent.h> 
#include <errno.h> 
#include <unistd.h> 
#include <sys/stat.h> 
#include <math.h> 
#include <stdio.h> 
#include <stdlib.h> 
#include <string.h> 
#include <gsl/gsl_cdf.h> 
#include "support.h"
#include "train.h"
#include "interpret.h"
#include "musat2024.h"
/*4:*/
#line 86 "chapters/musat2024.w"

static const musat_scale musat_scales[]= {
{"smoke",5,12,2,16,8,2,40,5,8,20,32,64,3e-3,0.1,0,2,1,2,{{1,1},{2,1}}},
{"quick",10,26,2,64,32,2,5000,100,64,250,256,1000,1e-3,0.1,0,3,3,5,
{{1,1},{2,1},{2,2},{3,3},{3,4}}},
{"paper",10,26,2,128,32,4,20000,1000,64,500,256,1000,1e-3,0.1,1,3,3,9,
{{1,1},{2,1},{2,2},{3,2},{3,3},{3,4},{4,4},{4,6},{4,8}}},
};

const musat_scale*musat_scale_named(const char*name)
{
for(size_t i= 0;i<sizeof musat_scales/sizeof musat_scales[0];i++)
if(strcmp(musat_scales[i].name,name)==0)return&musat_scales[i];
return NULL;
}

size_t musat_run_list(const musat_scale*sc,size_t seeds,musat_run*out,size_t max)
{
size_t n= 0;
for(size_t i= 0;i<=sc->n_pairs;i++)
for(uint64_t s= 0;s<seeds&&n<max;s++){
musat_run*r= &out[n++];
r->ic= i<sc->n_pairs;
r->layers= r->ic?sc->pairs[i][0]:sc->ic_layers;
r->D= r->ic?sc->pairs[i][1]:sc->ic_depth;
r->seed= s;
snprintf(r->name,sizeof r->name,"%s_L%zu_D%zu_seed%llu",r->ic?"ic":"noic",r->layers,
r->D,(unsigned long long)s);
}
return n;
}

/*:4*//*6:*/
#line 128 "chapters/musat2024.w"

int musat_train_config(const musat_scale*sc,const musat_run*r,size_t threads,
train_config*c,char*err,size_t len)
{
train_config_default(c);
char kv[28][2][32];
size_t n= 0;
#define KV(k, fmt, v) (snprintf(kv[n][0], 32, "%s", k), snprintf(kv[n][1], 32, fmt, v), n++)
KV("task","%s","retrieval");KV("format","%s","tokens");KV("layers","%zu",r->layers);
KV("heads","%zu",sc->heads);KV("d_model","%zu",sc->d_model);KV("d_head","%zu",sc->d_head);
KV("mlp","%d",0);KV("attn_bias","%d",0);KV("values","%zu",sc->V);
KV("variables","%zu",sc->N);KV("chains","%zu",sc->K);KV("depth","%zu",r->D);
KV("ic","%d",r->ic);KV("query","%d",1);KV("batch","%zu",sc->batch);
KV("steps","%zu",sc->steps);KV("warmup","%zu",sc->warmup);KV("lr","%.17g",sc->lr);
KV("init_std","%.17g",sc->init_std);KV("eval_every","%d",0);
if(sc->cosine)KV("schedule","%s","cosine");
KV("eval_prompts","%zu",sc->eval_prompts);KV("checkpoint_every","%d",0);
KV("seed","%llu",(unsigned long long)r->seed+1);KV("threads","%zu",threads);
#undef KV
for(size_t i= 0;i<n;i++)
if(train_config_set(c,kv[i][0],kv[i][1],err,len)!=0)return-1;
const char*why= train_config_check(c);
if(why){snprintf(err,len,"%s",why);return-1;}
return 0;
}

/*:6*//*8:*/
#line 191 "chapters/musat2024.w"

const char*const musat_role_names[ROLES]= {"previous_token","same_token","other_half",
"previous_hop","resolved_source"};

static void role_add(const retrieval_seq*q,const double*P,double*sum,double*cnt)
{
size_t T= q->T,S= 2*q->D+1;
for(size_t t= 0;t<T;t++){
int c= q->chain[t],j= q->slot[t];
if(c<0)continue;
const double*a= P+t*T;
const int*sp= q->slot_pos+(size_t)c*S;
if(j%2==0&&j>=2&&j<(int)(2*q->D)){sum[ROLE_PREV]+= a[t-1];cnt[ROLE_PREV]++;}
if(j>=2&&j%2==0){
double w= 0.0;
for(size_t r= 0;r<t;r++)if(q->tok[r]==q->tok[t])w+= a[r];
sum[ROLE_SAME]+= w;cnt[ROLE_SAME]++;
}
if(j%2==1){sum[ROLE_HALF]+= a[sp[j-1]];cnt[ROLE_HALF]++;}
if(j%2==1&&j>=3){sum[ROLE_HOP]+= a[sp[j-2]];cnt[ROLE_HOP]++;}
if((j%2==1&&j>=3)||j==(int)(2*q->D)){sum[ROLE_ROOT]+= a[sp[0]];cnt[ROLE_ROOT]++;}
}
}

/*:8*//*9:*/
#line 220 "chapters/musat2024.w"

void musat_roles(model*m,const retrieval_spec*s,uint64_t seed,size_t count,double*score,
double*mean)
{
const model_config*c= &m->cfg;
size_t T= retrieval_length(s),L= c->n_layers,H= c->heads[0],C= c->d_model,dh= c->d_head;
if(count> m->B_max)count= m->B_max;
prompt_batch*bt= batch_alloc(c,count,T);
retrieval_seq**q= xmalloc(count*sizeof*q);
for(size_t b= 0;b<count;b++){
q[b]= retrieval_seq_alloc(s);
retrieval_sample(s,seed,STREAM_TEST,b,q[b]);
retrieval_batch_row(q[b],bt,b);
}
bt->B= count;
model_forward(m,bt);
for(size_t l= 0;l<L;l++)
for(size_t h= 0;h<H;h++){
double sum[ROLES]= {0},cnt[ROLES]= {0},*zbar= xcalloc(dh,sizeof*zbar);
for(size_t b= 0;b<count;b++){
role_add(q[b],m->acts[l].pattern+(b*H+h)*T*T,sum,cnt);
for(size_t t= 0;t<T;t++)
for(size_t e= 0;e<dh;e++)
zbar[e]+= m->acts[l].z[(b*T+t)*H*dh+h*dh+e]/(double)(count*T);
}
for(int k= 0;k<ROLES;k++)
score[(l*H+h)*ROLES+k]= cnt[k]> 0?sum[k]/cnt[k]:0.0;
if(mean)
for(size_t j= 0;j<C;j++){
double v= 0.0;
for(size_t e= 0;e<dh;e++)v+= zbar[e]*m->p.W_O[l][(h*dh+e)*C+j];
mean[(l*H+h)*C+j]= v;
}
free(zbar);
}
for(size_t b= 0;b<count;b++)retrieval_seq_free(q[b]);
free(q);batch_free(bt);
}

int musat_best_role(const double*score)
{
int best= 0;
for(int k= 1;k<ROLES;k++)if(score[k]> score[best])best= k;
return best;
}

/*:9*//*11:*/
#line 279 "chapters/musat2024.w"

model*musat_ablation_model(const model*m)
{
model_config c= m->cfg;
c.attn_bias= 1;
model*ab= model_alloc(&c,m->B_max);
tensor_info from[MODEL_MAX_TENSORS],to[MODEL_MAX_TENSORS];
size_t nf= model_table(&m->cfg,from,MODEL_MAX_TENSORS),nt= model_table(&c,to,MODEL_MAX_TENSORS);
memset(ab->params,0,ab->n_params*sizeof(double));
for(size_t i= 0;i<nt;i++)
for(size_t j= 0;j<nf;j++)
if(strcmp(to[i].name,from[j].name)==0)
memcpy(ab->params+to[i].offset,m->params+from[j].offset,to[i].size*sizeof(double));
return ab;
}

void musat_ablate(model*ab,const model*m,size_t l,size_t h,const double*mean)
{
size_t H= m->cfg.heads[0],C= m->cfg.d_model;
for(size_t k= 0;k<m->cfg.n_layers;k++){
for(size_t g= 0;g<H;g++)ab->head_mask[k][g]= 1.0;
memset(ab->p.b_O[k],0,C*sizeof(double));
}
ab->head_mask[l][h]= 0.0;
memcpy(ab->p.b_O[l],mean+(l*H+h)*C,C*sizeof(double));
}

/*:11*//*13:*/
#line 331 "chapters/musat2024.w"

static void prefix(FILE*f,const musat_scale*sc,const musat_run*r)
{
fprintf(f,"musat2024,%s,%s,%s,%zu,%zu,%llu,%s,",sc->name,r->name,r->ic?"ic":"noic",
r->layers,r->D,(unsigned long long)r->seed,MHICL_VERSION);
}

#define PREFIX_HEADER "paper,scale,run,variant,layers,D,seed,program,"

static void acc_rows(FILE*f,const musat_scale*sc,const musat_run*r,const char*set,
size_t step,int layer,int head,const retrieval_acc*a)
{
for(size_t bin= 1;bin<=a->D+1;bin++){
size_t k= bin<=a->D?bin:0;
if(a->total[k]==0)continue;
interval w= retrieval_acc_interval(a,k,1.96);
prefix(f,sc,r);
fprintf(f,"%s,%zu,%d,%d,%s,%zu,%zu,%zu,%.6f,%.6f,%.6f\n",set,step,layer,head,
k?"destination":"query",k?k:a->D,a->correct[k],a->total[k],w.mean,w.lo,w.hi);
}
}

/*:13*//*14:*/
#line 356 "chapters/musat2024.w"

static void record(FILE*acc,FILE*roles,const musat_scale*sc,const musat_run*r,trainer*tr,
const retrieval_spec*s,const char*set,uint64_t stream,size_t count,double*score)
{
model*m= tr->m;
size_t L= m->cfg.n_layers,H= m->cfg.heads[0],C= m->cfg.d_model;
retrieval_acc a;
uint64_t seed= r->seed+1;
retrieval_evaluate(m,s,seed,stream,count,sc->batch,&a);
acc_rows(acc,sc,r,set,tr->step,-1,-1,&a);
retrieval_acc_free(&a);
double*mean= xmalloc(L*H*C*sizeof*mean);
musat_roles(m,s,seed,sc->batch,score,mean);
model*ab= musat_ablation_model(m);
for(size_t l= 0;l<L;l++)
for(size_t h= 0;h<H;h++){
musat_ablate(ab,m,l,h,mean);
retrieval_evaluate(ab,s,seed,stream,count,sc->batch,&a);
acc_rows(acc,sc,r,set,tr->step,(int)l+1,(int)h,&a);
retrieval_acc_free(&a);
const double*sc5= score+(l*H+h)*ROLES;
prefix(roles,sc,r);
fprintf(roles,"%s,%zu,%zu,%zu",set,tr->step,l+1,h);
for(int k= 0;k<ROLES;k++)fprintf(roles,",%.6f",sc5[k]);
fprintf(roles,",%s\n",musat_role_names[musat_best_role(sc5)]);
}
model_free(ab);
free(mean);
}

/*:14*//*15:*/
#line 392 "chapters/musat2024.w"

#define MUSAT_TAU 0.5
#define MUSAT_LEARNED 0.9
static void emergence_rows(FILE*f,const musat_scale*sc,const musat_run*r,size_t L,size_t H,
size_t records,const size_t*steps,const double*hist,const double*acc_hist)
{
const double*last= hist+(records-1)*L*H*ROLES;
for(size_t l= 0;l<L;l++)
for(size_t h= 0;h<H;h++){
int role= musat_best_role(last+(l*H+h)*ROLES);
long at= -1;
for(size_t i= 0;i<records&&at<0;i++)
if(hist[(i*L*H+l*H+h)*ROLES+role]>=MUSAT_TAU)at= (long)steps[i];
prefix(f,sc,r);
fprintf(f,"head,%zu,%zu,-1,%s,%.6f,%ld\n",l+1,h,musat_role_names[role],
last[(l*H+h)*ROLES+role],at);
}
for(size_t k= 0;k<=r->D;k++){
long at= -1;
for(size_t i= 0;i<records&&at<0;i++)
if(acc_hist[i*(r->D+1)+k]>=MUSAT_LEARNED)at= (long)steps[i];
prefix(f,sc,r);
fprintf(f,"depth,-1,-1,%zu,%s,%.6f,%ld\n",k?k:r->D,k?"destination":"query",
acc_hist[(records-1)*(r->D+1)+k],at);
}
}

/*:15*//*16:*/
#line 422 "chapters/musat2024.w"

static void map_rows(FILE*f,const musat_scale*sc,const musat_run*r,model*m,
const retrieval_spec*s)
{
size_t T= retrieval_length(s),H= m->cfg.heads[0];
retrieval_seq*q= retrieval_seq_alloc(s);
retrieval_sample(s,r->seed+1,STREAM_EVAL,0,q);
prompt_batch*bt= batch_alloc(&m->cfg,1,T);
retrieval_batch_row(q,bt,0);
bt->B= 1;
model_forward(m,bt);
char a[16],b[16];
for(size_t l= 0;l<m->cfg.n_layers;l++)
for(size_t h= 0;h<H;h++)
for(size_t t= 0;t<T;t++)
for(size_t u= 0;u<=t;u++){
retrieval_token_name(s,q->tok[t],a,sizeof a);
retrieval_token_name(s,q->tok[u],b,sizeof b);
prefix(f,sc,r);
fprintf(f,"%zu,%zu,%zu,%zu,%s,%s,%.6f\n",l+1,h,t,u,a,b,
m->acts[l].pattern[(h*T+t)*T+u]);
}
retrieval_seq_free(q);batch_free(bt);
}

/*:16*//*17:*/
#line 452 "chapters/musat2024.w"

static FILE*open_csv(atomic_file*af,const char*dir,const char*name,const char*kind,
const char*header,char*err,size_t len)
{
return grid_open_csv(af,dir,name,kind,PREFIX_HEADER,header,err,len);
}

static const char*const musat_kinds[][2]= {
{"acc","set,step,ablated_layer,ablated_head,position,depth,correct,total,accuracy,"
"wilson_lo,wilson_hi"},
{"roles","set,step,layer,head,previous_token,same_token,other_half,previous_hop,"
"resolved_source,role"},
{"emerge","kind,layer,head,depth,role,final_value,step"},
{"solved","min_accuracy,solved,log3_bound_D,construction_D"},
{"map","layer,head,t,r,token_t,token_r,attention"}};
#define MUSAT_KINDS 5

static int musat_resume_load(musat_unit_state*st,trainer*tr,size_t*records,char*err,
size_t len);
static int musat_resume_save(musat_unit_state*st,const trainer*tr,size_t records,char*err,
size_t len);
static void musat_resume_clear(const musat_unit_state*st);

int musat_unit(const musat_scale*sc,const musat_run*r,const char*dir,size_t threads,
char*err,size_t len)
{
train_config c;
if(musat_train_config(sc,r,threads,&c,err,len)!=0)return-1;
trainer*tr= trainer_new(&c);
model_init(tr->m,c.seed,sc->init_std);
tr->report_to= sc->steps;
size_t L= r->layers,H= sc->heads,records= 0,most= sc->steps/sc->eval_every+2;
double*hist= xmalloc(most*L*H*ROLES*sizeof*hist),score[16*16*ROLES];
double*acc_hist= xmalloc(most*(r->D+1)*sizeof*acc_hist);
size_t*steps= xmalloc(most*sizeof*steps);
char*body[MUSAT_KINDS];
size_t body_len[MUSAT_KINDS];
FILE*f[MUSAT_KINDS];
for(int k= 0;k<MUSAT_KINDS;k++)f[k]= open_memstream(&body[k],&body_len[k]);
musat_unit_state st= {sc,r,dir,threads,L,H,0,0,hist,acc_hist,steps,f,body,body_len};
int ok= 1,resumed= musat_resume_load(&st,tr,&records,err,len);
if(resumed<0)ok= 0;
/*18:*/
#line 522 "chapters/musat2024.w"

while(ok){
if(!resumed){
retrieval_acc a;
retrieval_evaluate(tr->m,&c.retrieval,r->seed+1,STREAM_HELDOUT,sc->eval_prompts,
sc->batch,&a);
for(size_t k= 0;k<=r->D;k++)
acc_hist[records*(r->D+1)+k]= a.total[k]?(double)a.correct[k]/(double)a.total[k]:0.0;
retrieval_acc_free(&a);
steps[records]= tr->step;
record(f[0],f[1],sc,r,tr,&c.retrieval,"curve",STREAM_HELDOUT,sc->eval_prompts,score);
memcpy(hist+records*L*H*ROLES,score,L*H*ROLES*sizeof*score);
records++;
if(tr->step<sc->steps&&musat_resume_save(&st,tr,records,err,len)!=0){ok= 0;break;}
}
resumed= 0;
if(tr->step>=sc->steps)break;
size_t until= tr->step+sc->eval_every<sc->steps?tr->step+sc->eval_every:sc->steps;
ok= train_run(tr,until,1,err,len)==0;
}

/*:18*/
#line 494 "chapters/musat2024.w"

/*19:*/
#line 543 "chapters/musat2024.w"

if(ok){
retrieval_acc a;
record(f[0],f[1],sc,r,tr,&c.retrieval,"final",STREAM_EVAL,sc->final_prompts,score);
emergence_rows(f[2],sc,r,L,H,records,steps,hist,acc_hist);
retrieval_evaluate(tr->m,&c.retrieval,r->seed+1,STREAM_EVAL,sc->final_prompts,sc->batch,&a);
double least= 1.0;
for(size_t k= 0;k<=r->D;k++)
if(a.total[k])least= fmin(least,(double)a.correct[k]/(double)a.total[k]);
retrieval_acc_free(&a);
size_t log3= 1,cons= 0;
for(size_t i= 0;i<L;i++)log3*= 3;
while(retrieval_construction_layers(cons+1)<=L)cons++;
prefix(f[3],sc,r);
fprintf(f[3],"%.6f,%d,%zu,%zu\n",least,least>=0.99,log3/2,cons);
if(r->ic&&r->layers==sc->ic_layers&&r->D==sc->ic_depth)
map_rows(f[4],sc,r,tr->m,&c.retrieval);
}

/*:19*/
#line 495 "chapters/musat2024.w"

for(int k= 0;k<MUSAT_KINDS;k++)fclose(f[k]);
for(int k= 0;ok&&k<MUSAT_KINDS;k++){
atomic_file af;
FILE*out= open_csv(&af,dir,r->name,musat_kinds[k][0],musat_kinds[k][1],err,len);
if(out==NULL){ok= 0;break;}
fwrite(body[k],1,body_len[k],out);
ok= atomic_commit(&af)==0||(snprintf(err,len,"cannot write a file of '%s'",r->name),0);
}
if(ok){
char path[512];
snprintf(path,sizeof path,"%s/runs/%s.ckpt",dir,r->name);
ok= checkpoint_save(tr,path,err,len)==0;
}
if(ok)musat_resume_clear(&st);
for(int k= 0;k<MUSAT_KINDS;k++)free(body[k]);
free(hist);free(acc_hist);free(steps);
trainer_free(tr);
return ok?0:-1;
}

/*:17*//*22:*/
#line 608 "chapters/musat2024.w"

void(*musat_record_hook)(size_t records)= NULL;

static void resume_paths(const musat_unit_state*st,size_t step,char*state,char*ckpt,
size_t n)
{
snprintf(state,n,"%s/runs/%s.resume",st->dir,st->r->name);
snprintf(ckpt,n,"%s/runs/%s.resume-%zu.ckpt",st->dir,st->r->name,step);
}

static void resume_identity(const musat_unit_state*st,char*buf,size_t n)
{
snprintf(buf,n,"mhicl musat resume: scale %s run %s threads %zu program %s\n",st->sc->name,
st->r->name,st->threads,MHICL_VERSION);
}

static int musat_resume_save(musat_unit_state*st,const trainer*tr,size_t records,char*err,
size_t len)
{
char state[512],ckpt[512],id[256];
resume_paths(st,tr->step,state,ckpt,sizeof state);
if(checkpoint_save(tr,ckpt,err,len)!=0)return-1;
fflush(st->f[0]);fflush(st->f[1]);
atomic_file af;
if(atomic_open(&af,state)!=0){snprintf(err,len,"cannot write '%s': %s",state,af.why);return-1;}
resume_identity(st,id,sizeof id);
fprintf(af.f,"%s%zu %zu %zu %zu\n",id,tr->step,records,st->body_len[0],st->body_len[1]);
for(size_t i= 0;i<records*st->L*st->H*ROLES;i++)fprintf(af.f,"%a\n",st->hist[i]);
for(size_t i= 0;i<records*(st->r->D+1);i++)fprintf(af.f,"%a\n",st->acc_hist[i]);
for(size_t i= 0;i<records;i++)fprintf(af.f,"%zu\n",st->steps[i]);
fwrite(st->body[0],1,st->body_len[0],af.f);
fwrite(st->body[1],1,st->body_len[1],af.f);
if(atomic_commit(&af)!=0){snprintf(err,len,"cannot write '%s': %s",state,af.why);return-1;}
if(st->saved&&st->saved_step!=tr->step){
resume_paths(st,st->saved_step,state,ckpt,sizeof state);
unlink(ckpt);
}
st->saved= 1;st->saved_step= tr->step;
if(musat_record_hook)musat_record_hook(records);
return 0;
}

/*:22*//*23:*/
#line 653 "chapters/musat2024.w"

static int resume_fail(const char*state,FILE*in,char*err,size_t len)
{
snprintf(err,len,"'%s' is not a readable state of this unit (delete it to start the unit "
"over)",state);
if(in)fclose(in);
return-1;
}

static int musat_resume_load(musat_unit_state*st,trainer*tr,size_t*records,char*err,
size_t len)
{
char state[512],ckpt[512],id[256],line[256];
resume_paths(st,0,state,ckpt,sizeof state);
FILE*in= fopen(state,"rb");
if(in==NULL)return 0;
resume_identity(st,id,sizeof id);
if(fgets(line,sizeof line,in)==NULL||strcmp(line,id)!=0){fclose(in);return 0;}
size_t step,rec,la,lr,most= st->sc->steps/st->sc->eval_every+2;
if(fscanf(in,"%zu %zu %zu %zu",&step,&rec,&la,&lr)!=4||rec<1||rec> most
||step>=st->sc->steps||la> (1u<<30)||lr> (1u<<30))
return resume_fail(state,in,err,len);
for(size_t i= 0;i<rec*st->L*st->H*ROLES;i++)
if(fscanf(in,"%la",&st->hist[i])!=1)return resume_fail(state,in,err,len);
for(size_t i= 0;i<rec*(st->r->D+1);i++)
if(fscanf(in,"%la",&st->acc_hist[i])!=1)return resume_fail(state,in,err,len);
for(size_t i= 0;i<rec;i++)
if(fscanf(in,"%zu",&st->steps[i])!=1)return resume_fail(state,in,err,len);
if(fgetc(in)!='\n'||st->steps[rec-1]!=step)return resume_fail(state,in,err,len);
char*text= xmalloc(la+lr+1);
int ok= fread(text,1,la+lr,in)==la+lr&&fgetc(in)==EOF;
if(ok){fwrite(text,1,la,st->f[0]);fwrite(text+la,1,lr,st->f[1]);}
free(text);
if(!ok)return resume_fail(state,in,err,len);
fclose(in);
resume_paths(st,step,state,ckpt,sizeof state);
trainer*old= checkpoint_load(ckpt,err,len);
if(old==NULL)return-1;
if(old->m->n_params!=tr->m->n_params||old->step!=step){
snprintf(err,len,"'%s' does not hold this unit at step %zu",ckpt,step);
trainer_free(old);
return-1;
}
size_t np= tr->m->n_params*sizeof(double);
memcpy(tr->m->params,old->m->params,np);
memcpy(tr->adam_m,old->adam_m,np);
memcpy(tr->adam_v,old->adam_v,np);
tr->step= step;
trainer_free(old);
st->saved= 1;st->saved_step= step;
*records= rec;
return 1;
}

/*:23*//*24:*/
#line 707 "chapters/musat2024.w"

static void musat_resume_clear(const musat_unit_state*st)
{
char state[512],ckpt[512],prefix[160],runs[512],path[800];
resume_paths(st,0,state,ckpt,sizeof state);
unlink(state);
snprintf(prefix,sizeof prefix,"%s.resume-",st->r->name);
snprintf(runs,sizeof runs,"%s/runs",st->dir);
DIR*d= opendir(runs);
if(d==NULL)return;
size_t n= strlen(prefix);
for(struct dirent*e;(e= readdir(d))!=NULL;){
size_t k= strlen(e->d_name);
if(strncmp(e->d_name,prefix,n)==0&&k> 5&&strcmp(e->d_name+k-5,".ckpt")==0){
snprintf(path,sizeof path,"%s/%s",runs,e->d_name);
unlink(path);
}
}
closedir(d);
}

/*:24*//*27:*/
#line 756 "chapters/musat2024.w"

static int musat_unit_run(const grid_plan*p,const grid_unit*u,char*err,size_t len)
{
const musat_grid*g= p->own;
return musat_unit(g->sc,&g->runs[u->item],p->dir,p->threads,err,len);
}

static int musat_join(const grid_plan*p,char*err,size_t len);
static const grid_paper musat_paper= {"musat",musat_unit_run,musat_join};

static void musat_grid_free(void*own)
{
musat_grid*g= own;
if(g)free(g->runs);
free(g);
}

int musat_plan(const char*scale,size_t seeds,size_t threads,const char*dir,grid_plan*p,
char*err,size_t len)
{
const musat_scale*sc= musat_scale_named(scale);
if(sc==NULL){snprintf(err,len,"unknown scale '%s' (smoke, quick or paper)",scale);return-1;}
size_t max= seeds*(sc->n_pairs+1);
musat_run*runs= xmalloc(max*sizeof*runs);
size_t n= musat_run_list(sc,seeds,runs,max);
if(grid_plan_init(p,&musat_paper,dir,threads,n,err,len)!=0){free(runs);return-1;}
musat_grid*g= xmalloc(sizeof*g);
g->sc= sc;g->seeds= seeds;g->n_runs= n;g->runs= runs;
p->own= g;p->own_free= musat_grid_free;
for(size_t i= 0;i<n;i++){
grid_unit*u= &p->units[p->count++];
snprintf(u->name,sizeof u->name,"%s",runs[i].name);
u->cost= (double)sc->steps*(double)(2*sc->K*runs[i].D+2)*(double)runs[i].layers;
u->item= i;
}
snprintf(p->options,sizeof p->options,"--scale %s --seeds %zu --threads %zu",sc->name,seeds,
threads);
snprintf(p->identity,sizeof p->identity,"musat --scale %s --threads %zu",sc->name,threads);
return 0;
}

int musat_reproduce(const char*scale,const char*dir,size_t seeds,size_t threads,char*err,
size_t len)
{
grid_plan p;
if(musat_plan(scale,seeds,threads,dir,&p,err,len)!=0)return-1;
int rc= grid_run_all(&p,err,len);
grid_plan_free(&p);
return rc;
}

/*:27*//*28:*/
#line 810 "chapters/musat2024.w"

static int cat_files(const char*out,const musat_grid*g,const char*dir,const char*kind,
char*err,size_t len)
{
char(*srcs)[512]= xmalloc((g->n_runs+1)*sizeof*srcs);
for(size_t i= 0;i<g->n_runs;i++)
snprintf(srcs[i],sizeof srcs[i],"%s/runs/%s.%s.csv",dir,g->runs[i].name,kind);
int rc= grid_join_csv(out,srcs,g->n_runs,err,len);
free(srcs);
return rc;
}

static int solved_of(const char*dir,const musat_run*r,int*solved)
{
char path[512],line[1024];
snprintf(path,sizeof path,"%s/runs/%s.solved.csv",dir,r->name);
FILE*in= fopen(path,"r");
if(in==NULL)return-1;
int ok= fgets(line,sizeof line,in)&&fgets(line,sizeof line,in);
fclose(in);
if(!ok)return-1;
char*p= line;
for(int comma= 0;*p&&comma<9;p++)comma+= *p==',';
return sscanf(p,"%d",solved)==1?0:-1;
}

static int musat_join(const grid_plan*p,char*err,size_t len)
{
const musat_grid*g= p->own;
char out[512];
for(int k= 0;k<MUSAT_KINDS;k++){
snprintf(out,sizeof out,"%s/musat_%s.csv",p->dir,musat_kinds[k][0]);
if(cat_files(out,g,p->dir,musat_kinds[k][0],err,len)!=0)return-1;
}
snprintf(out,sizeof out,"%s/musat_depth.csv",p->dir);
atomic_file af;
if(atomic_open(&af,out)!=0){snprintf(err,len,"cannot write '%s': %s",out,af.why);return-1;}
fprintf(af.f,"paper,scale,program,layers,seed,largest_D_solved,largest_D_tried,log3_bound_D,"
"construction_D\n");
const musat_scale*sc= g->sc;
for(size_t t= 1;t<=16;t++)
for(uint64_t seed= 0;seed<g->seeds;seed++){
size_t best= 0,tried= 0,log3= 1,cons= 0;
for(size_t i= 0;i<g->n_runs;i++){
const musat_run*r= &g->runs[i];
int solved;
if(!r->ic||r->layers!=t||r->seed!=seed)continue;
if(solved_of(p->dir,r,&solved)!=0){
snprintf(err,len,"cannot read the solved row of '%s'",r->name);
atomic_abort(&af);
return-1;
}
if(r->D> tried)tried= r->D;
if(solved&&r->D> best)best= r->D;
}
if(tried==0)continue;
for(size_t i= 0;i<t;i++)log3*= 3;
while(retrieval_construction_layers(cons+1)<=t)cons++;
fprintf(af.f,"musat2024,%s,%s,%zu,%llu,%zu,%zu,%zu,%zu\n",sc->name,MHICL_VERSION,t,
(unsigned long long)seed,best,tried,log3/2,cons);
}
if(atomic_commit(&af)!=0){snprintf(err,len,"cannot write '%s': %s",out,af.why);return-1;}
return 0;
}

/*:28*//*30:*/
#line 1056 "chapters/musat2024.w"

#define MUSAT_LAYOUT_HEADER "layout,sequences,query_correct,layer,head,t,t_slot,r,r_slot,attention"
#define MUSAT_CARRY_HEADER "layout,sequences,query_correct,carriers,root_mass,homogeneity_chi2,"\
  "homogeneity_df,homogeneity_p"
#define MUSAT_POSITION_HEADER "position,kind,depth,correct,total,accuracy,wilson_lo,wilson_hi"
static void musat_layout_rows(FILE*f,FILE*carry,const musat_scale*sc,const musat_run*r,
model*m,const retrieval_spec*s,uint64_t seed,size_t count);
static void musat_position_rows(FILE*f,const musat_scale*sc,const musat_run*r,model*m,
const retrieval_spec*s,uint64_t seed,size_t count);

int musat_analyze_checkpoint(const char*ckpt,const char*dir,char*err,size_t len)
{
trainer*tr= checkpoint_load(ckpt,err,len);
if(tr==NULL)return-1;
if(tr->cfg.task_kind!=TASK_RETRIEVAL){
snprintf(err,len,"'%s' is a checkpoint of a regression model; --analyze reads retrieval "
"models",ckpt);
trainer_free(tr);
return-2;
}
const retrieval_spec*s= &tr->cfg.retrieval;
musat_scale sc= musat_scales[1];
sc.name= "analyze";sc.heads= tr->m->cfg.heads[0];sc.batch= tr->cfg.batch;
musat_run r= {s->ic,tr->m->cfg.n_layers,s->D,tr->cfg.seed-1,""};
const char*base= strrchr(ckpt,'/')?strrchr(ckpt,'/')+1:ckpt;
size_t stem= strlen(base)> 5&&strcmp(base+strlen(base)-5,".ckpt")==0
?strlen(base)-5:strlen(base);
snprintf(r.name,sizeof r.name,"%.*s",(int)(stem<95?stem:95),base);
char sub[512];
snprintf(sub,sizeof sub,"%s/runs",dir);
if((mkdir(dir,0777)!=0&&errno!=EEXIST)||(mkdir(sub,0777)!=0&&errno!=EEXIST)){
snprintf(err,len,"cannot create '%s': %s",sub,strerror(errno));
trainer_free(tr);
return-1;
}
const char*kinds[5][2]= {{musat_kinds[0][0],musat_kinds[0][1]},
{musat_kinds[1][0],musat_kinds[1][1]},{"position",MUSAT_POSITION_HEADER},
{"layout",MUSAT_LAYOUT_HEADER},{"carry",MUSAT_CARRY_HEADER}};
int files= musat_layout_applies(s)?5:3;
atomic_file af[5];
FILE*f[5];
int ok= 1,opened= 0;
for(;ok&&opened<files;opened++)
ok= (f[opened]= open_csv(&af[opened],dir,"analyze",kinds[opened][0],kinds[opened][1],
err,len))!=NULL;
if(!ok)opened--;
double*score= xmalloc(tr->m->cfg.n_layers*sc.heads*ROLES*sizeof*score);
if(ok)record(f[0],f[1],&sc,&r,tr,s,"final",STREAM_EVAL,sc.final_prompts,score);
if(ok)musat_position_rows(f[2],&sc,&r,tr->m,s,r.seed+1,sc.final_prompts);
if(ok&&files==5)
musat_layout_rows(f[3],f[4],&sc,&r,tr->m,s,r.seed+1,sc.final_prompts);
for(int k= 0;k<opened;k++)
if(ok)ok= atomic_commit(&af[k])==0||(snprintf(err,len,"cannot write into '%s'",dir),0);
else atomic_abort(&af[k]);
free(score);
trainer_free(tr);
return ok?0:-1;
}

/*:30*//*32:*/
#line 1134 "chapters/musat2024.w"

static void tally_positions(model*m,retrieval_seq*const*q,size_t B,void*ctx)
{
musat_positions*pt= ctx;
for(size_t b= 0;b<B;b++){
pt->query_pos= q[b]->query_pos;
for(size_t t= 0;t<pt->T;t++){
if(q[b]->label[t]<0)continue;
size_t k= t*(pt->D+1)+(size_t)q[b]->depth[t];
pt->total[k]++;
pt->correct[k]+= (int)m->pred[b*pt->T+t]==q[b]->label[t];
}
}
}

void musat_position_tally(model*m,const retrieval_spec*s,uint64_t seed,size_t count,
size_t batch,musat_positions*pt)
{
pt->T= retrieval_length(s);pt->D= s->D;pt->query_pos= -1;
pt->correct= xcalloc(pt->T*(pt->D+1),sizeof(size_t));
pt->total= xcalloc(pt->T*(pt->D+1),sizeof(size_t));
retrieval_run_stream(m,s,seed,STREAM_EVAL,count,batch,tally_positions,pt);
}

void musat_positions_free(musat_positions*pt){free(pt->correct);free(pt->total);}

static void musat_position_rows(FILE*f,const musat_scale*sc,const musat_run*r,model*m,
const retrieval_spec*s,uint64_t seed,size_t count)
{
musat_positions pt;
musat_position_tally(m,s,seed,count,sc->batch,&pt);
for(size_t t= 0;t<pt.T;t++)
for(size_t d= 0;d<=pt.D;d++){
size_t k= t*(pt.D+1)+d;
if(pt.total[k]==0)continue;
interval w= wilson_interval(pt.correct[k],pt.total[k],1.96);
prefix(f,sc,r);
fprintf(f,"%zu,%s,%zu,%zu,%zu,%.6f,%.6f,%.6f\n",t,
(int)t==pt.query_pos?"query":"destination",d,pt.correct[k],pt.total[k],
(double)pt.correct[k]/(double)pt.total[k],w.lo,w.hi);
}
musat_positions_free(&pt);
}

/*:32*//*35:*/
#line 1205 "chapters/musat2024.w"

int musat_layout_applies(const retrieval_spec*s)
{
if(s->K!=2||!s->query||s->shuffle||!s->distinct_values)return 0;
double n= 1.0;
for(size_t i= 1;i<=s->D;i++)n= n*(double)(s->D+i)/(double)i;
return n<=MUSAT_MAX_LAYOUTS+0.5;
}

void musat_layout_of(const retrieval_seq*q,char*word)
{
size_t n= 0;
for(size_t t= 0;t<q->T;t++)
if(q->chain[t]>=0&&(int)t!=q->query_pos&&q->slot[t]%2==0)
word[n++]= (size_t)q->chain[t]==q->draw.query_chain?'q':'o';
word[n]= '\0';
}

void musat_slot_name(const retrieval_seq*q,size_t t,char*buf,size_t len)
{
if((int)t==q->query_pos)snprintf(buf,len,"query");
else if(q->chain[t]<0)snprintf(buf,len,(int)t+1==q->query_pos?"marker":"bos");
else snprintf(buf,len,"%c%d%c",(size_t)q->chain[t]==q->draw.query_chain?'q':'o',
q->slot[t]/2+1,q->slot[t]%2?'d':'s');
}

/*:35*//*38:*/
#line 1255 "chapters/musat2024.w"

static int layout_cmp(const void*a,const void*b)
{
return strcmp(((const musat_layout*)a)->word,((const musat_layout*)b)->word);
}

typedef struct{musat_layout*lay;size_t n;}layout_sort;

static void sort_by_layout(model*m,retrieval_seq*const*q,size_t B,void*ctx)
{
layout_sort*ls= ctx;
size_t T= q[0]->T,L= m->cfg.n_layers,H= m->cfg.heads[0];
char word[16];
for(size_t b= 0;b<B;b++){
musat_layout_of(q[b],word);
size_t i= 0;
while(i<ls->n&&strcmp(ls->lay[i].word,word)!=0)i++;
musat_layout*y= &ls->lay[i];
if(i==ls->n){
ls->n++;
strcpy(y->word,word);
y->n= y->correct= 0;
y->sum= xcalloc(L*H*T*T,sizeof(double));
y->names= xmalloc(T*sizeof*y->names);
for(size_t t= 0;t<T;t++)musat_slot_name(q[b],t,y->names[t],sizeof y->names[t]);
}
size_t qp= (size_t)q[b]->query_pos;
y->n++;
y->correct+= (int)m->pred[b*T+qp]==q[b]->label[qp];
for(size_t lh= 0;lh<L*H;lh++){
const double*P= m->acts[lh/H].pattern+(b*H+lh%H)*T*T;
for(size_t k= 0;k<T*T;k++)y->sum[lh*T*T+k]+= P[k];
}
}
}

size_t musat_layout_collect(model*m,const retrieval_spec*s,uint64_t seed,size_t count,
size_t batch,musat_layout*lay)
{
layout_sort ls= {lay,0};
retrieval_run_stream(m,s,seed,STREAM_EVAL,count,batch,sort_by_layout,&ls);
qsort(lay,ls.n,sizeof*lay,layout_cmp);
return ls.n;
}

void musat_layout_free(musat_layout*lay,size_t n)
{
for(size_t i= 0;i<n;i++){free(lay[i].sum);free(lay[i].names);}
}

/*:38*//*40:*/
#line 1320 "chapters/musat2024.w"

double musat_layout_carried(const musat_layout*y,size_t L,size_t H,size_t T,int*carrier)
{
size_t root= T,query= T;
for(size_t t= 0;t<T;t++){
if(strcmp(y->names[t],"q1s")==0)root= t;
if(strcmp(y->names[t],"query")==0)query= t;
}
for(size_t t= 0;t<T;t++)carrier[t]= t==root;
for(size_t l= 0;l+1<L;l++){
int*next= xmalloc(T*sizeof*next);
for(size_t t= 0;t<T;t++){
next[t]= carrier[t];
for(size_t h= 0;h<H&&!next[t]&&t!=query;h++){
const double*P= y->sum+((l*H+h)*T+t)*T;
double on= 0.0;
for(size_t u= 0;u<=t;u++)if(carrier[u])on+= P[u];
next[t]= on>=0.5*(double)y->n;
}
}
memcpy(carrier,next,T*sizeof*next);
free(next);
}
double mass= 0.0;
for(size_t h= 0;h<H;h++){
const double*P= y->sum+(((L-1)*H+h)*T+query)*T;
for(size_t u= 0;u<=query;u++)if(carrier[u])mass+= P[u];
}
return mass/((double)H*(double)y->n);
}

/*:40*//*42:*/
#line 1365 "chapters/musat2024.w"

double musat_layout_homogeneity(const musat_layout*lay,size_t n,double*p)
{
double right= 0.0,all= 0.0,chi2= 0.0;
for(size_t i= 0;i<n;i++){right+= (double)lay[i].correct;all+= (double)lay[i].n;}
double ph= right/all;
*p= 1.0;
if(n<2||ph<=0.0||ph>=1.0)return 0.0;
for(size_t i= 0;i<n;i++){
double e= (double)lay[i].n*ph,d= (double)lay[i].correct-e;
chi2+= d*d/(e*(1.0-ph));
}
*p= gsl_cdf_chisq_Q(chi2,(double)(n-1));
return chi2;
}

/*:42*//*43:*/
#line 1385 "chapters/musat2024.w"

static void musat_layout_rows(FILE*f,FILE*carry,const musat_scale*sc,const musat_run*r,
model*m,const retrieval_spec*s,uint64_t seed,size_t count)
{
size_t T= retrieval_length(s),L= m->cfg.n_layers,H= m->cfg.heads[0];
musat_layout*lay= xmalloc(MUSAT_MAX_LAYOUTS*sizeof*lay);
size_t n= musat_layout_collect(m,s,seed,count,sc->batch,lay);
int*carrier= xmalloc(T*sizeof*carrier);
double p,chi2= musat_layout_homogeneity(lay,n,&p);
for(size_t i= 0;i<n;i++){
double mass= musat_layout_carried(&lay[i],L,H,T,carrier);
prefix(carry,sc,r);
fprintf(carry,"%s,%zu,%zu,",lay[i].word,lay[i].n,lay[i].correct);
for(size_t t= 0,k= 0;t<T;t++)
if(carrier[t])fprintf(carry,"%s%s@%zu",k++?";":"",lay[i].names[t],t);
fprintf(carry,",%.6f,%.4f,%zu,%.4g\n",mass,chi2,n-1,p);
}
free(carrier);
for(size_t i= 0;i<n;i++)
for(size_t lh= 0;lh<L*H;lh++)
for(size_t t= 0;t<T;t++)
for(size_t u= 0;u<=t;u++){
double a= lay[i].sum[(lh*T+t)*T+u]/(double)lay[i].n;
if(a<0.01)continue;
prefix(f,sc,r);
fprintf(f,"%s,%zu,%zu,%zu,%zu,%zu,%s,%zu,%s,%.6f\n",lay[i].word,lay[i].n,
lay[i].correct,lh/H+1,lh%H,t,lay[i].names[t],u,lay[i].names[u],a);
}
musat_layout_free(lay,n);
free(lay);
}

/*:43*//*44:*/
#line 1430 "chapters/musat2024.w"

void musat_dump(model*m,const retrieval_spec*s,uint64_t seed,uint64_t first,size_t count,
FILE*f)
{
size_t T= retrieval_length(s),V= m->cfg.n_classes;
prompt_batch*bt= batch_alloc(&m->cfg,count,T);
retrieval_seq**q= xmalloc(count*sizeof*q);
for(size_t b= 0;b<count;b++){
q[b]= retrieval_seq_alloc(s);
retrieval_sample(s,seed,STREAM_EVAL,first+b,q[b]);
retrieval_batch_row(q[b],bt,b);
}
bt->B= count;
model_forward(m,bt);
dump_activations(m,f);
for(size_t b= 0;b<count;b++)
for(size_t t= 0;t<T;t++){
fprintf(f,"tokens,-1,%zu,%zu,-1,0,%d\n",b,t,q[b]->tok[t]);
fprintf(f,"labels,-1,%zu,%zu,-1,0,%d\n",b,t,q[b]->label[t]);
fprintf(f,"depth,-1,%zu,%zu,-1,0,%d\n",b,t,q[b]->depth[t]);
for(size_t k= 0;k<V;k++)
fprintf(f,"logits,-1,%zu,%zu,-1,%zu,%.17g\n",b,t,k,m->logits[(b*T+t)*V+k]);
}
for(size_t b= 0;b<count;b++)retrieval_seq_free(q[b]);
free(q);batch_free(bt);
}

/*:44*/
#line 43 "chapters/musat2024.w"


/*:2*/
