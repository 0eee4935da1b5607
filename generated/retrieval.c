/*2:*/
#line 32 "chapters/retrieval.w"

#include <errno.h> 
#include <math.h> 
#include <stdlib.h> 
#include <string.h> 
#include <gsl/gsl_randist.h> 
#include "support.h"
#include "retrieval.h"
/*7:*/
#line 111 "chapters/retrieval.w"

void retrieval_spec_default(retrieval_spec*s)
{
s->V= 10;s->N= 26;s->K= 2;s->D= 3;
s->ic= 1;s->query= 0;s->marker= 1;s->bos= 0;s->shuffle= 0;s->distinct_values= 1;
}

/*:7*//*9:*/
#line 130 "chapters/retrieval.w"

#define ROFF(f) offsetof(retrieval_spec, f)
static const retrieval_key retrieval_keys[]= {
{"values",ROFF(V),0,1,100000,"V, value tokens v0..v(V-1) (at least 2)"},
{"variables",ROFF(N),0,1,100000,"N, variable tokens x0..x(N-1)"},
{"chains",ROFF(K),0,1,1000,"K, chains per sequence"},
{"depth",ROFF(D),0,0,100000,"D, facts (hops) per chain (at least 1)"},
{"ic",ROFF(ic),1,0,1,
"implicit curriculum: label every destination (1), or the query only (0)"},
{"query",ROFF(query),1,0,1,"append a query for a random chain (needed when ic = 0)"},
{"marker",ROFF(marker),1,0,1,"the query is 'Q x' (1) or 'x' (0)"},
{"bos",ROFF(bos),1,0,1,"a beginning-of-sequence token first"},
{"shuffle",ROFF(shuffle),1,0,1,"shuffle the order of the facts within each chain"},
{"distinct_values",ROFF(distinct_values),1,0,1,
"the chains' root values are distinct (needs values >= chains)"},
};
#define N_RETRIEVAL_KEYS (sizeof retrieval_keys / sizeof retrieval_keys[0])

int retrieval_spec_set(retrieval_spec*s,const char*key,const char*value,char*err,
size_t len)
{
const retrieval_key*k= NULL;
for(size_t i= 0;i<N_RETRIEVAL_KEYS;i++)
if(strcmp(retrieval_keys[i].key,key)==0)k= &retrieval_keys[i];
if(k==NULL){snprintf(err,len,"unknown retrieval key '%s'",key);return-1;}
char*end;
errno= 0;
unsigned long long u= strtoull(value,&end,10);
if(errno||end==value||*end!='\0'||value[0]<'0'||value[0]> '9'
||u<k->lo||u> k->hi){
snprintf(err,len,"%s: '%s' is not an integer in [%zu, %zu]",key,value,k->lo,k->hi);
return-1;
}
char*base= (char*)s+k->offset;
if(k->is_switch)*(int*)base= (int)u;else*(size_t*)base= (size_t)u;
return 0;
}

void retrieval_spec_help(FILE*f)
{
for(size_t i= 0;i<N_RETRIEVAL_KEYS;i++)
fprintf(f,"  %-17s %s\n",retrieval_keys[i].key,retrieval_keys[i].doc);
}

/*:9*//*10:*/
#line 181 "chapters/retrieval.w"

int retrieval_spec_check(const retrieval_spec*s,char*err,size_t len)
{
if(s->V<2){snprintf(err,len,"values = %zu: a task needs at least 2 values",s->V);return-1;}
if(s->D==0){snprintf(err,len,"depth = 0: a chain needs at least one fact");return-1;}
if(s->K==0){snprintf(err,len,"chains = 0: a sequence needs at least one chain");return-1;}
if(s->K> s->N/s->D){
snprintf(err,len,"chains x depth = %zu x %zu exceeds the %zu variables "
"(variables are distinct within a sequence)",s->K,s->D,s->N);
return-1;
}
if(s->distinct_values&&s->K> s->V){
snprintf(err,len,"chains = %zu exceeds values = %zu, but distinct_values = 1",s->K,s->V);
return-1;
}
if(!s->ic&&!s->query){
snprintf(err,len,"ic = 0 labels the query only, but query = 0");
return-1;
}
return 0;
}

/*:10*//*12:*/
#line 218 "chapters/retrieval.w"

size_t retrieval_vocab(const retrieval_spec*s){return s->V+s->N+2;}

size_t retrieval_length(const retrieval_spec*s)
{
return(s->bos?1:0)+2*s->K*s->D+(s->query?1+(s->marker?1:0):0);
}

int retrieval_token_name(const retrieval_spec*s,int tok,char*buf,size_t len)
{
size_t V= s->V,N= s->N;
if(tok<0||(size_t)tok>=V+N+2)return snprintf(buf,len,"?");
if((size_t)tok<V)return snprintf(buf,len,"v%d",tok);
if((size_t)tok<V+N)return snprintf(buf,len,"x%zu",(size_t)tok-V);
return snprintf(buf,len,(size_t)tok==V+N?"Q":"BOS");
}

/*:12*//*15:*/
#line 283 "chapters/retrieval.w"

retrieval_seq*retrieval_seq_alloc(const retrieval_spec*s)
{
retrieval_seq*q= xmalloc(sizeof*q);
size_t T= retrieval_length(s),K= s->K,D= s->D;
q->T= T;q->K= K;q->D= D;
q->tok= xmalloc(T*sizeof(int));q->label= xmalloc(T*sizeof(int));
q->depth= xmalloc(T*sizeof(int));q->chain= xmalloc(T*sizeof(int));
q->slot= xmalloc(T*sizeof(int));
q->slot_pos= xmalloc(K*(2*D+1)*sizeof(int));
q->draw.K= K;q->draw.D= D;
q->draw.values= xmalloc(K*sizeof(size_t));
q->draw.vars= xmalloc(K*D*sizeof(size_t));
q->draw.order= xmalloc(K*D*sizeof(size_t));
q->draw.within= xmalloc(K*D*sizeof(size_t));
q->draw.query_chain= 0;
q->query_pos= -1;
return q;
}

void retrieval_seq_free(retrieval_seq*q)
{
if(q==NULL)return;
free(q->tok);free(q->label);free(q->depth);free(q->chain);free(q->slot);
free(q->slot_pos);free(q->draw.values);free(q->draw.vars);free(q->draw.order);
free(q->draw.within);free(q);
}

/*:15*//*16:*/
#line 324 "chapters/retrieval.w"

void retrieval_sample(const retrieval_spec*s,uint64_t seed,uint64_t stream,uint64_t k,
retrieval_seq*q)
{
size_t V= s->V,N= s->N,K= s->K,D= s->D;
retrieval_draw*d= &q->draw;
gsl_rng*rng= mhicl_rng_alloc();
mhicl_rng_seek(rng,seed,stream,k);
if(s->distinct_values){
size_t*all= xmalloc(V*sizeof(size_t));
for(size_t i= 0;i<V;i++)all[i]= i;
gsl_ran_shuffle(rng,all,V,sizeof(size_t));
memcpy(d->values,all,K*sizeof(size_t));
free(all);
}else
for(size_t c= 0;c<K;c++)d->values[c]= (size_t)gsl_rng_uniform_int(rng,V);
size_t*vars= xmalloc(N*sizeof(size_t));
for(size_t i= 0;i<N;i++)vars[i]= i;
gsl_ran_shuffle(rng,vars,N,sizeof(size_t));
memcpy(d->vars,vars,K*D*sizeof(size_t));
free(vars);
for(size_t i= 0;i<K*D;i++)d->order[i]= i/D;
gsl_ran_shuffle(rng,d->order,K*D,sizeof(size_t));
for(size_t c= 0;c<K;c++){
for(size_t r= 0;r<D;r++)d->within[c*D+r]= r;
if(s->shuffle)gsl_ran_shuffle(rng,d->within+c*D,D,sizeof(size_t));
}
d->query_chain= s->query?(size_t)gsl_rng_uniform_int(rng,K):0;
gsl_rng_free(rng);
retrieval_layout(s,q);
}

/*:16*//*17:*/
#line 360 "chapters/retrieval.w"

void retrieval_layout(const retrieval_spec*s,retrieval_seq*q)
{
size_t V= s->V,N= s->N,K= s->K,D= s->D,S= 2*D+1,t= 0;
const retrieval_draw*d= &q->draw;
size_t*seen= xcalloc(K,sizeof(size_t));
for(size_t i= 0;i<K*S;i++)q->slot_pos[i]= -1;
if(s->bos){
q->tok[t]= (int)(V+N+1);q->label[t]= -1;q->depth[t]= 0;
q->chain[t]= -1;q->slot[t]= -1;t++;
}
for(size_t i= 0;i<K*D;i++){
size_t c= d->order[i],j= d->within[c*D+seen[c]++];
int src= j==0?(int)d->values[c]:(int)(V+d->vars[c*D+j-1]);
int dst= (int)(V+d->vars[c*D+j]);
q->tok[t]= src;q->label[t]= -1;q->depth[t]= 0;
q->chain[t]= (int)c;q->slot[t]= (int)(2*j);q->slot_pos[c*S+2*j]= (int)t;
t++;
q->tok[t]= dst;q->label[t]= s->ic?(int)d->values[c]:-1;
q->depth[t]= s->ic?(int)(j+1):0;
q->chain[t]= (int)c;q->slot[t]= (int)(2*j+1);
q->slot_pos[c*S+2*j+1]= (int)t;
t++;
}
q->query_pos= -1;
if(s->query){
size_t c= d->query_chain;
if(s->marker){
q->tok[t]= (int)(V+N);q->label[t]= -1;q->depth[t]= 0;
q->chain[t]= -1;q->slot[t]= -1;t++;
}
q->tok[t]= (int)(V+d->vars[c*D+D-1]);
q->label[t]= (int)d->values[c];q->depth[t]= (int)D;
q->chain[t]= (int)c;q->slot[t]= (int)(2*D);q->slot_pos[c*S+2*D]= (int)t;
q->query_pos= (int)t;
t++;
}
free(seen);
}

/*:17*//*18:*/
#line 404 "chapters/retrieval.w"

size_t retrieval_seq_text(const retrieval_spec*s,const retrieval_seq*q,char*buf,
size_t len)
{
size_t used= 0;
char name[32];
if(len> 0)buf[0]= '\0';
for(size_t t= 0;t<q->T;t++){
retrieval_token_name(s,q->tok[t],name,sizeof name);
int n= snprintf(used<len?buf+used:NULL,used<len?len-used:0,"%s%s",
t?" ":"",name);
used+= (size_t)n;
}
return used;
}

/*:18*//*22:*/
#line 464 "chapters/retrieval.w"

void retrieval_acc_init(retrieval_acc*a,size_t D)
{
a->D= D;
a->correct= xcalloc(D+1,sizeof(size_t));
a->total= xcalloc(D+1,sizeof(size_t));
}

void retrieval_acc_free(retrieval_acc*a)
{
free(a->correct);free(a->total);
a->correct= a->total= NULL;
}

void retrieval_acc_add(retrieval_acc*a,const retrieval_seq*q,const int*pred)
{
for(size_t t= 0;t<q->T;t++){
if(q->label[t]<0)continue;
size_t bin= (int)t==q->query_pos?0:(size_t)q->depth[t];
a->total[bin]++;
a->correct[bin]+= pred[t]==q->label[t];
}
}

interval wilson_interval(size_t successes,size_t trials,double z)
{
interval r= {0.0,0.0,1.0};
if(trials==0)return r;
double n= (double)trials,p= (double)successes/n,z2= z*z;
double centre= (p+z2/(2*n))/(1+z2/n);
double half= z/(1+z2/n)*sqrt(p*(1-p)/n+z2/(4*n*n));
r.mean= p;
r.lo= fmax(0.0,centre-half);
r.hi= fmin(1.0,centre+half);
return r;
}

interval retrieval_acc_interval(const retrieval_acc*a,size_t bin,double z)
{
return wilson_interval(a->correct[bin],a->total[bin],z);
}

double retrieval_chance(const retrieval_spec*s){return 1.0/(double)s->V;}

/*:22*//*24:*/
#line 525 "chapters/retrieval.w"

int retrieval_key_known(const char*key)
{
for(size_t i= 0;i<N_RETRIEVAL_KEYS;i++)
if(strcmp(retrieval_keys[i].key,key)==0)return 1;
return 0;
}

void retrieval_spec_write(FILE*f,const retrieval_spec*s)
{
for(size_t i= 0;i<N_RETRIEVAL_KEYS;i++){
const retrieval_key*k= &retrieval_keys[i];
const char*base= (const char*)s+k->offset;
if(k->is_switch)fprintf(f,"%s = %d\n",k->key,*(const int*)base);
else fprintf(f,"%s = %zu\n",k->key,*(const size_t*)base);
}
}

/*:24*//*25:*/
#line 547 "chapters/retrieval.w"

void retrieval_batch_row(const retrieval_seq*q,prompt_batch*bt,size_t b)
{
for(size_t t= 0;t<q->T;t++){
size_t i= b*q->T+t;
bt->tokens[i*bt->d_in]= (double)q->tok[t];
bt->target[i]= q->label[t]>=0?(double)q->label[t]:0.0;
bt->weight[i]= q->label[t]>=0?1.0:0.0;
}
}

void retrieval_fill_batch(const retrieval_spec*s,uint64_t seed,uint64_t stream,
uint64_t first,prompt_batch*bt)
{
retrieval_seq*q= retrieval_seq_alloc(s);
bt->n= bt->T= q->T;
for(size_t b= 0;b<bt->B;b++){
retrieval_sample(s,seed,stream,first+b,q);
retrieval_batch_row(q,bt,b);
}
retrieval_seq_free(q);
}

/*:25*//*27:*/
#line 590 "chapters/retrieval.w"

void retrieval_run_stream(model*m,const retrieval_spec*s,uint64_t seed,uint64_t stream,
size_t count,size_t batch,retrieval_visit visit,void*ctx)
{
size_t T= retrieval_length(s);
retrieval_seq**q= xmalloc(batch*sizeof*q);
for(size_t b= 0;b<batch;b++)q[b]= retrieval_seq_alloc(s);
prompt_batch*bt= batch_alloc(&m->cfg,batch,T);
for(size_t done= 0;done<count;done+= bt->B){
bt->B= count-done<batch?count-done:batch;
for(size_t b= 0;b<bt->B;b++){
retrieval_sample(s,seed,stream,done+b,q[b]);
retrieval_batch_row(q[b],bt,b);
}
model_forward(m,bt);
visit(m,q,bt->B,ctx);
}
for(size_t b= 0;b<batch;b++)retrieval_seq_free(q[b]);
free(q);batch_free(bt);
}

static void count_predictions(model*m,retrieval_seq*const*q,size_t B,void*ctx)
{
size_t T= q[0]->T;
int*pred= xmalloc(T*sizeof(int));
for(size_t b= 0;b<B;b++){
for(size_t t= 0;t<T;t++)pred[t]= (int)m->pred[b*T+t];
retrieval_acc_add(ctx,q[b],pred);
}
free(pred);
}

void retrieval_evaluate(model*m,const retrieval_spec*s,uint64_t seed,uint64_t stream,
size_t count,size_t batch,retrieval_acc*acc)
{
retrieval_acc_init(acc,s->D);
retrieval_run_stream(m,s,seed,stream,count,batch,count_predictions,acc);
}

/*:27*//*28:*/
#line 633 "chapters/retrieval.w"

void retrieval_acc_write_csv(FILE*f,const retrieval_acc*a,const retrieval_spec*s,
uint64_t seed,double z)
{
fprintf(f,"position,depth,correct,total,accuracy,wilson_lo,wilson_hi,z,chance,"
"values,variables,chains,task_depth,ic,seed\n");
for(size_t bin= 1;bin<=a->D+1;bin++){
size_t k= bin<=a->D?bin:0;
if(a->total[k]==0)continue;
interval w= retrieval_acc_interval(a,k,z);
fprintf(f,"%s,%zu,%zu,%zu,%.6f,%.6f,%.6f,%.2f,%.6f,%zu,%zu,%zu,%zu,%d,%llu\n",
k?"destination":"query",k?k:a->D,a->correct[k],a->total[k],w.mean,w.lo,w.hi,
z,retrieval_chance(s),s->V,s->N,s->K,s->D,s->ic,(unsigned long long)seed);
}
}

/*:28*//*34:*/
#line 769 "chapters/retrieval.w"

int retrieval_flow_run(const retrieval_seq*q,size_t chain,size_t layers,int causal,
retrieval_flow*f)
{
size_t T= q->T,D= q->D,S= 2*D+1;
for(size_t c= 0;c<q->K;c++)
for(size_t e= 0;e<c;e++)
if(q->draw.values[c]==q->draw.values[e])return-1;
f->layers= layers;f->T= T;f->D= D;
f->lo= xmalloc((layers+1)*T*sizeof(int));
f->hi= xmalloc((layers+1)*T*sizeof(int));
int*pos= xmalloc(S*sizeof(int));
size_t m= 0;
for(size_t i= 0;i<S;i++)if(q->slot_pos[chain*S+i]>=0)pos[m++]= q->slot_pos[chain*S+i];
for(size_t p= 0;p<T;p++){
int own= q->chain[p]==(int)chain;
f->lo[p]= own?q->slot[p]:1;f->hi[p]= own?q->slot[p]:0;
}
for(size_t l= 0;l<layers;l++){
const int*lo= f->lo+l*T,*hi= f->hi+l*T;
int*nlo= f->lo+(l+1)*T,*nhi= f->hi+(l+1)*T;
memcpy(nlo,lo,T*sizeof(int));memcpy(nhi,hi,T*sizeof(int));
for(size_t a= 0;a<m;a++){
int p= pos[a];
for(size_t b= 0;b<m;b++){
int r= pos[b];
if(causal&&r> p)continue;
if(lo[r]<=hi[p]+1&&lo[p]<=hi[r]+1){
if(lo[r]<nlo[p])nlo[p]= lo[r];
if(hi[r]> nhi[p])nhi[p]= hi[r];
}
}
}
}
free(pos);
return 0;
}

void retrieval_flow_free(retrieval_flow*f)
{
free(f->lo);free(f->hi);
f->lo= f->hi= NULL;
}

size_t retrieval_flow_size(const retrieval_flow*f,size_t l,size_t p)
{
int lo= f->lo[l*f->T+p],hi= f->hi[l*f->T+p];
return lo> hi?0:(size_t)(hi-lo+1);
}

size_t retrieval_flow_max(const retrieval_flow*f,size_t l)
{
size_t m= 0;
for(size_t p= 0;p<f->T;p++){
size_t s= retrieval_flow_size(f,l,p);
if(s> m)m= s;
}
return m;
}

/*:34*//*35:*/
#line 832 "chapters/retrieval.w"

int retrieval_flow_holds(const retrieval_flow*f,size_t l,int p,int first,int last)
{
for(size_t r= 0;r<f->T;r++){
if(p>=0&&(int)r!=p)continue;
if(f->lo[l*f->T+r]<=first&&f->hi[l*f->T+r]>=last)return 1;
}
return 0;
}

/*:35*//*38:*/
#line 905 "chapters/retrieval.w"

void retrieval_pointer_doubling(const retrieval_spec*s,const retrieval_seq*q,size_t layers,
int*ptr)
{
size_t T= q->T,V= s->V,N= s->N;
int*dst_pos= xmalloc(N*sizeof(int)),*prev= xmalloc(T*sizeof(int));
for(size_t j= 0;j<N;j++)dst_pos[j]= -1;
for(size_t t= 0;t<T;t++){
ptr[t]= (int)t==q->query_pos?q->tok[t]:-1;
if(q->slot[t]>=0&&q->slot[t]%2==1&&(int)t!=q->query_pos)
dst_pos[q->tok[t]-(int)V]= (int)t;
}
for(size_t l= 1;l<=layers;l++){
memcpy(prev,ptr,T*sizeof(int));
for(size_t t= 0;t<T;t++){
if(l==1){
if(q->slot[t]>=0&&q->slot[t]%2==1&&(int)t!=q->query_pos)ptr[t]= q->tok[t-1];
continue;
}
int y= prev[t];
if(y<(int)V||y>=(int)(V+N))continue;
int r= dst_pos[y-(int)V];
if(r>=0&&r<=(int)t&&prev[r]>=0)ptr[t]= prev[r];
}
}
free(dst_pos);free(prev);
}

/*:38*//*41:*/
#line 998 "chapters/retrieval.w"

size_t retrieval_construction_layers(size_t D)
{
size_t L= 1;
while(((size_t)1<<(L-1))<D+1)L++;
return L;
}

/*:41*//*42:*/
#line 1011 "chapters/retrieval.w"

model*retrieval_construct(const retrieval_spec*s,size_t layers,double lambda,size_t B_max,
char*err,size_t len)
{
if(s->shuffle){snprintf(err,len,"the construction needs each chain's facts in order");return NULL;}
if(layers<1||layers> MAX_LAYERS){
snprintf(err,len,"layers = %zu: the construction takes 1 to %d",layers,MAX_LAYERS);
return NULL;
}
size_t Vt= retrieval_vocab(s),T= retrieval_length(s),L= layers;
size_t ONE= Vt,ROLE= Vt+1,POS= Vt+2,P0= POS+T,C= P0+L*Vt;
size_t dh= T> Vt+1?T:Vt+1,o= s->bos?1:0,facts= 2*s->K*s->D;
model_config c;
memset(&c,0,sizeof c);
c.format= FORMAT_TOKENS;c.vocab= Vt;c.n_classes= s->V;c.n_max= T;
c.n_layers= L;c.d_model= C;c.d_head= dh;c.pos_embed= 1;
for(size_t l= 0;l<L;l++){c.heads[l]= 1;c.attn[l]= ATTN_SOFTMAX;}
model*m= model_alloc(&c,B_max);
double big= lambda*sqrt((double)dh);
#define AT(W, row, col) (W)[(row) * dh + (col)]  
for(size_t x= 0;x<Vt;x++){
m->p.W_E[x*C+x]= 1.0;
m->p.W_E[x*C+ONE]= 1.0;
if(x<s->V)m->p.W_E[x*C+ROLE]= 1.0;
}
for(size_t t= 0;t<T;t++){
int dest= t>=o&&t<o+facts&&(t-o)%2==1;
m->p.W_pos[t*C+POS+t]= 1.0;
if(dest)m->p.W_pos[t*C+ROLE]= 1.0;
AT(m->p.W_Q[0],POS+t,dest?t-1:t)= big;
AT(m->p.W_K[0],POS+t,t)= 1.0;
}
for(size_t x= 0;x<Vt;x++){
AT(m->p.W_V[0],x,x)= 1.0;
m->p.W_O[0][x*C+P0+x]= 1.0;
}
for(size_t l= 1;l<L;l++){
size_t prev= P0+(l-1)*Vt,cur= P0+l*Vt;
for(size_t x= 0;x<Vt;x++){
AT(m->p.W_Q[l],prev+x,x)= big;
AT(m->p.W_K[l],x,x)= 1.0;
AT(m->p.W_V[l],prev+x,x)= 1.0;
m->p.W_O[l][x*C+cur+x]= 1.0;
}
AT(m->p.W_Q[l],ONE,Vt)= big;
AT(m->p.W_K[l],ROLE,Vt)= 1.0;
}
#undef AT
for(size_t v= 0;v<s->V;v++)m->p.W_U[(P0+(L-1)*Vt+v)*s->V+v]= 1.0;
return m;
}

/*:42*//*45:*/
#line 1126 "chapters/retrieval.w"

model*retrieval_construct_elimination(const retrieval_spec*s,double lambda,int same_token,
size_t B_max,char*err,size_t len)
{
if(s->D!=1||!s->query){
snprintf(err,len,"the one-layer construction answers a query of depth 1 (D = %zu, query = %d)",
s->D,s->query);
return NULL;
}
size_t Vt= retrieval_vocab(s),T= retrieval_length(s),K= s->K;
size_t POS= Vt,ANS= Vt+T,C= ANS+s->V,dh= T+Vt,o= s->bos?1:0;
model_config c;
memset(&c,0,sizeof c);
c.format= FORMAT_TOKENS;c.vocab= Vt;c.n_classes= s->V;c.n_max= T;
c.n_layers= 1;c.d_model= C;c.d_head= dh;c.pos_embed= 1;
c.heads[0]= K;c.attn[0]= ATTN_SOFTMAX;
model*m= model_alloc(&c,B_max);
double big= lambda*sqrt((double)dh);
#define AT(W, h, row, col) (W)[((h) * C + (row)) * dh + (col)]  
for(size_t x= 0;x<Vt;x++)m->p.W_E[x*C+x]= 1.0;
for(size_t t= 0;t<T;t++)m->p.W_pos[t*C+POS+t]= 1.0;
for(size_t j= 0;j<K;j++){
for(size_t t= 0;t<T;t++){
int dest= t>=o&&t<o+2*K&&(t-o)%2==1;
AT(m->p.W_K[0],j,POS+t,t)= 1.0;
if(t==T-1){
AT(m->p.W_Q[0],j,POS+t,o+2*j)= big;
AT(m->p.W_Q[0],j,POS+t,o+2*j+1)= 2.0*big;
}else if(j==0&&dest)AT(m->p.W_Q[0],j,POS+t,t-1)= big;
else AT(m->p.W_Q[0],j,POS+t,t)= 3.0*big;
}
for(size_t x= 0;x<Vt;x++){
AT(m->p.W_K[0],j,x,T+x)= 1.0;
if(same_token)AT(m->p.W_Q[0],j,x,T+x)= -2.0*big;
}
for(size_t v= 0;v<s->V;v++){
AT(m->p.W_V[0],j,v,v)= 1.0;
m->p.W_O[0][(j*dh+v)*C+ANS+v]= 1.0;
}
}
#undef AT
for(size_t v= 0;v<s->V;v++)m->p.W_U[(ANS+v)*s->V+v]= 1.0;
return m;
}

/*:45*/
#line 40 "chapters/retrieval.w"


/*:2*/
