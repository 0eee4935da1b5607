/*2:*/
#line 19 "chapters/transformer.w"

#include <math.h> 
#include <stdio.h> 
#include <string.h> 
#include <gsl/gsl_blas.h> 
#include <gsl/gsl_randist.h> 
#include "support.h"
#include "transformer.h"
/*6:*/
#line 114 "chapters/transformer.w"

size_t model_outputs(const model_config*c)
{
return c->n_out> 1?c->n_out:1;
}

size_t model_tokens(const model_config*c,size_t n)
{
return c->format==FORMAT_INTERLEAVED?2*n:c->format==FORMAT_TOKENS?n:n+1;
}

size_t model_width(const model_config*c)
{
return c->format==FORMAT_STACKED?c->d_x+model_outputs(c)+c->extra_rows:c->d_model;
}

size_t model_input_width(const model_config*c)
{
return c->format==FORMAT_INTERLEAVED?c->d_x:c->format==FORMAT_TOKENS?1
:c->d_x+model_outputs(c)+c->extra_rows;
}

/*:6*//*7:*/
#line 138 "chapters/transformer.w"

const char*model_config_check(const model_config*c)
{
if(c->n_layers<1||c->n_layers> MAX_LAYERS)return"layers must be between 1 and 16";
if(c->format!=FORMAT_TOKENS&&(c->d_x<1||c->d_x> 4096))
return"d_x must be between 1 and 4096";
if(c->format==FORMAT_TOKENS&&(c->vocab<1||c->vocab> 1000000))
return"the vocabulary must have between 1 and 1000000 tokens";
if(c->format==FORMAT_TOKENS&&(c->n_classes<1||c->n_classes> 1000000))
return"the read-out must have between 1 and 1000000 classes";
if(c->n_max<1||c->n_max> 100000)return"n_max must be between 1 and 100000";
if(c->n_out> 64)return"read-out rows must be between 1 and 64";
if(model_outputs(c)> 1&&c->format!=FORMAT_STACKED)
return"several read-out rows need the stacked format";
if(c->d_head<1||c->d_head> 4096)return"d_head must be between 1 and 4096";
if(c->format!=FORMAT_STACKED&&(c->d_model<1||c->d_model> 8192))
return"d_model must be between 1 and 8192";
for(size_t l= 0;l<c->n_layers;l++){
if(c->heads[l]<1||c->heads[l]> 256)return"heads per layer must be between 1 and 256";
if(c->attn[l]!=ATTN_SOFTMAX&&c->attn[l]!=ATTN_LINEAR&&c->attn[l]!=ATTN_RELU
&&c->attn[l]!=ATTN_LINEAR_FIXED)
return"unknown attention kind";
if(c->attn[l]==ATTN_LINEAR_FIXED&&(c->n_fixed<1||c->n_fixed> 100000))
return"linear_fixed attention needs a normalization length between 1 and 100000";
}
return NULL;
}

/*:7*//*11:*/
#line 204 "chapters/transformer.w"

static void add_tensor(tensor_info*table,size_t*count,size_t*offset,const char*name,
size_t a,size_t b,size_t c,size_t ndim,init_kind init)
{
tensor_info*t= &table[(*count)++];
snprintf(t->name,sizeof t->name,"%s",name);
t->shape[0]= a;t->shape[1]= b;t->shape[2]= c;t->ndim= ndim;
t->size= a*(ndim> 1?b:1)*(ndim> 2?c:1);
t->offset= *offset;t->init= init;
*offset+= t->size;
}

size_t model_table(const model_config*c,tensor_info*table,size_t max)
{
(void)max;
size_t count= 0,off= 0,C= model_width(c),dh= c->d_head,M= 4*C;
size_t T= model_tokens(c,c->n_max);
char nm[48];
if(c->format==FORMAT_INTERLEAVED){
add_tensor(table,&count,&off,"embed.W_E",c->d_x,C,0,2,INIT_FANIN);
add_tensor(table,&count,&off,"embed.b_E",C,0,0,1,INIT_FANIN);
}
if(c->format==FORMAT_TOKENS)
add_tensor(table,&count,&off,"embed.W_E",c->vocab,C,0,2,INIT_NORMAL);
if(c->pos_embed)add_tensor(table,&count,&off,"pos_embed.W_pos",T,C,0,2,INIT_NORMAL);
for(size_t l= 0;l<c->n_layers;l++){
size_t H= c->heads[l];
#define T1(s, a, init) (snprintf(nm, sizeof nm, "blocks.%zu." s, l), \
      add_tensor(table, &count, &off, nm, a, 0, 0, 1, init))
#define T2(s, a, b) (snprintf(nm, sizeof nm, "blocks.%zu." s, l), \
      add_tensor(table, &count, &off, nm, a, b, 0, 2, INIT_NORMAL))
#define T2B(s, a, b) (snprintf(nm, sizeof nm, "blocks.%zu." s, l), \
      add_tensor(table, &count, &off, nm, a, b, 0, 2, INIT_ZERO))
#define T3(s, a, b, cc) (snprintf(nm, sizeof nm, "blocks.%zu." s, l), \
      add_tensor(table, &count, &off, nm, a, b, cc, 3, INIT_NORMAL))
if(c->layernorm){T1("ln1.w",C,INIT_ONE);T1("ln1.b",C,INIT_ZERO);}
T3("attn.W_Q",H,C,dh);T3("attn.W_K",H,C,dh);T3("attn.W_V",H,C,dh);
T3("attn.W_O",H,dh,C);
if(c->attn_bias){
T2B("attn.b_Q",H,dh);T2B("attn.b_K",H,dh);T2B("attn.b_V",H,dh);
T1("attn.b_O",C,INIT_ZERO);
}
if(c->mlp){
if(c->layernorm){T1("ln2.w",C,INIT_ONE);T1("ln2.b",C,INIT_ZERO);}
T2("mlp.W_in",C,M);T1("mlp.b_in",M,INIT_ZERO);
T2("mlp.W_out",M,C);T1("mlp.b_out",C,INIT_ZERO);
}
#undef T1
#undef T2
#undef T2B
#undef T3
}
if(c->format!=FORMAT_STACKED&&c->layernorm){
add_tensor(table,&count,&off,"ln_final.w",C,0,0,1,INIT_ONE);
add_tensor(table,&count,&off,"ln_final.b",C,0,0,1,INIT_ZERO);
}
if(c->format==FORMAT_INTERLEAVED){
add_tensor(table,&count,&off,"unembed.W_U",C,1,0,2,INIT_FANIN);
add_tensor(table,&count,&off,"unembed.b_U",1,0,0,1,INIT_FANIN);
}
if(c->format==FORMAT_TOKENS){
add_tensor(table,&count,&off,"unembed.W_U",C,c->n_classes,0,2,INIT_FANIN);
add_tensor(table,&count,&off,"unembed.b_U",c->n_classes,0,0,1,INIT_ZERO);
}
return count;
}

/*:11*//*12:*/
#line 273 "chapters/transformer.w"

void param_view_bind(const model_config*c,double*base,param_view*v)
{
tensor_info table[MODEL_MAX_TENSORS];
size_t count= model_table(c,table,MODEL_MAX_TENSORS);
memset(v,0,sizeof*v);
for(size_t i= 0;i<count;i++){
const char*nm= table[i].name;
double*p= base+table[i].offset;
size_t l= 0;
char rest[48];
if(sscanf(nm,"blocks.%zu.%47s",&l,rest)==2){
if(!strcmp(rest,"ln1.w"))v->ln1_w[l]= p;
else if(!strcmp(rest,"ln1.b"))v->ln1_b[l]= p;
else if(!strcmp(rest,"attn.W_Q"))v->W_Q[l]= p;
else if(!strcmp(rest,"attn.W_K"))v->W_K[l]= p;
else if(!strcmp(rest,"attn.W_V"))v->W_V[l]= p;
else if(!strcmp(rest,"attn.W_O"))v->W_O[l]= p;
else if(!strcmp(rest,"attn.b_Q"))v->b_Q[l]= p;
else if(!strcmp(rest,"attn.b_K"))v->b_K[l]= p;
else if(!strcmp(rest,"attn.b_V"))v->b_V[l]= p;
else if(!strcmp(rest,"attn.b_O"))v->b_O[l]= p;
else if(!strcmp(rest,"ln2.w"))v->ln2_w[l]= p;
else if(!strcmp(rest,"ln2.b"))v->ln2_b[l]= p;
else if(!strcmp(rest,"mlp.W_in"))v->W_in[l]= p;
else if(!strcmp(rest,"mlp.b_in"))v->b_in[l]= p;
else if(!strcmp(rest,"mlp.W_out"))v->W_out[l]= p;
else if(!strcmp(rest,"mlp.b_out"))v->b_out[l]= p;
}else if(!strcmp(nm,"embed.W_E"))v->W_E= p;
else if(!strcmp(nm,"embed.b_E"))v->b_E= p;
else if(!strcmp(nm,"pos_embed.W_pos"))v->W_pos= p;
else if(!strcmp(nm,"ln_final.w"))v->lnf_w= p;
else if(!strcmp(nm,"ln_final.b"))v->lnf_b= p;
else if(!strcmp(nm,"unembed.W_U"))v->W_U= p;
else if(!strcmp(nm,"unembed.b_U"))v->b_U= p;
}
}

/*:12*//*15:*/
#line 363 "chapters/transformer.w"

static int blas_family_of(const char*core);
model*model_alloc(const model_config*c,size_t B_max)
{
model*m= xcalloc(1,sizeof*m);
m->cfg= *c;
if(c->format==FORMAT_STACKED)m->cfg.d_model= model_width(c);
tensor_info table[MODEL_MAX_TENSORS];
size_t count= model_table(&m->cfg,table,MODEL_MAX_TENSORS);
m->n_params= table[count-1].offset+table[count-1].size;
m->params= xcalloc(m->n_params,sizeof(double));
m->grads= xcalloc(m->n_params,sizeof(double));
param_view_bind(&m->cfg,m->params,&m->p);
param_view_bind(&m->cfg,m->grads,&m->g);
for(size_t l= 0;l<MAX_LAYERS;l++)
for(size_t h= 0;h<256;h++)m->head_mask[l][h]= 1.0;
size_t C= model_width(c),T= model_tokens(c,c->n_max),BT= B_max*T,Hb= 1;
for(size_t l= 0;l<c->n_layers;l++)Hb= c->heads[l]> Hb?c->heads[l]:Hb;
size_t HD= Hb*c->d_head,M= 4*C;
m->B_max= B_max;m->T_max= T;
for(size_t l= 0;l<c->n_layers;l++){
layer_acts*a= &m->acts[l];
size_t HDl= c->heads[l]*c->d_head;
a->resid_pre= xcalloc(BT*C,sizeof(double));
a->ln1= xcalloc(BT*C,sizeof(double));
a->ln1_mean= xcalloc(BT,sizeof(double));a->ln1_rstd= xcalloc(BT,sizeof(double));
a->q= xcalloc(BT*HDl,sizeof(double));a->k= xcalloc(BT*HDl,sizeof(double));
a->v= xcalloc(BT*HDl,sizeof(double));a->z= xcalloc(BT*HDl,sizeof(double));
a->scores= xcalloc(B_max*c->heads[l]*T*T,sizeof(double));
a->pattern= xcalloc(B_max*c->heads[l]*T*T,sizeof(double));
a->attn_out= xcalloc(BT*C,sizeof(double));
a->resid_mid= xcalloc(BT*C,sizeof(double));
a->ln2= xcalloc(BT*C,sizeof(double));
a->ln2_mean= xcalloc(BT,sizeof(double));a->ln2_rstd= xcalloc(BT,sizeof(double));
a->mlp_pre= xcalloc(c->mlp?BT*M:1,sizeof(double));
a->mlp_post= xcalloc(c->mlp?BT*M:1,sizeof(double));
a->mlp_tanh= xcalloc(c->mlp?BT*M:1,sizeof(double));
}
m->resid_final= xcalloc(BT*C,sizeof(double));
m->lnf= xcalloc(BT*C,sizeof(double));
m->lnf_mean= xcalloc(BT,sizeof(double));m->lnf_rstd= xcalloc(BT,sizeof(double));
m->pred= xcalloc(BT*model_outputs(c),sizeof(double));
m->d_resid= xcalloc(BT*C,sizeof(double));m->d_tmp= xcalloc(BT*C,sizeof(double));
m->d_a= xcalloc(BT*C,sizeof(double));
m->d_q= xcalloc(BT*HD,sizeof(double));m->d_k= xcalloc(BT*HD,sizeof(double));
m->d_v= xcalloc(BT*HD,sizeof(double));m->d_z= xcalloc(BT*HD,sizeof(double));
m->d_p= xcalloc(T*T,sizeof(double));
m->d_h4= xcalloc(c->mlp?BT*M:1,sizeof(double));
m->w_cat= xcalloc(C*HD,sizeof(double));m->w_tmp= xcalloc(C*HD,sizeof(double));
size_t NC= c->format==FORMAT_TOKENS?BT*c->n_classes:1;
m->logits= xcalloc(NC,sizeof(double));m->probs= xcalloc(NC,sizeof(double));
m->d_logits= xcalloc(NC,sizeof(double));
m->blas= blas_family_of(mhicl_blas_core());
m->q_dout= xcalloc(BT*C,sizeof(double));
m->q_dq= xcalloc(BT*HD,sizeof(double));
return m;
}

void model_free(model*m)
{
if(m==NULL)return;
for(size_t l= 0;l<m->cfg.n_layers;l++){
layer_acts*a= &m->acts[l];
free(a->resid_pre);free(a->ln1);free(a->ln1_mean);free(a->ln1_rstd);
free(a->q);free(a->k);free(a->v);free(a->z);free(a->scores);free(a->pattern);
free(a->attn_out);free(a->resid_mid);free(a->ln2);free(a->ln2_mean);free(a->ln2_rstd);
free(a->mlp_pre);free(a->mlp_post);free(a->mlp_tanh);
}
free(m->resid_final);free(m->lnf);free(m->lnf_mean);free(m->lnf_rstd);free(m->pred);
free(m->d_resid);free(m->d_tmp);free(m->d_a);free(m->d_q);free(m->d_k);free(m->d_v);
free(m->d_z);free(m->d_p);free(m->d_h4);free(m->w_cat);free(m->w_tmp);
free(m->logits);free(m->probs);free(m->d_logits);free(m->q_dout);free(m->q_dq);
if(!m->shared_params)free(m->params);
free(m->grads);free(m);
}

/*:15*//*16:*/
#line 442 "chapters/transformer.w"

model*model_alloc_replica(model*master,size_t B_max)
{
model*r= model_alloc(&master->cfg,B_max);
free(r->params);
r->params= master->params;
r->shared_params= 1;
param_view_bind(&r->cfg,r->params,&r->p);
memcpy(r->head_mask,master->head_mask,sizeof r->head_mask);
return r;
}

/*:16*//*17:*/
#line 471 "chapters/transformer.w"

static int is_residual_output(const tensor_info*t)
{
size_t len= strlen(t->name);
return(len> 8&&strcmp(t->name+len-8,"attn.W_O")==0)
||(len> 9&&strcmp(t->name+len-9,"mlp.W_out")==0);
}

static size_t torch_fan_in(const tensor_info*t)
{
if(t->ndim==3)return is_residual_output(t)?t->shape[0]*t->shape[1]:t->shape[1];
return t->shape[0];
}

static size_t fan_in(const model_config*c,const tensor_info*t)
{
return strncmp(t->name,"embed.",6)==0?c->d_x:c->d_model;
}


void model_init(model*m,uint64_t seed,double std)
{
tensor_info table[MODEL_MAX_TENSORS];
size_t count= model_table(&m->cfg,table,MODEL_MAX_TENSORS);
gsl_rng*rng= mhicl_rng_alloc();
for(size_t i= 0;i<count;i++){
mhicl_rng_seek(rng,seed,STREAM_INIT,i);
double*p= m->params+table[i].offset;
double bound= 1.0/sqrt((double)fan_in(&m->cfg,&table[i]));
double sd= is_residual_output(&table[i])?std/sqrt(2.0*(double)m->cfg.n_layers):std;
init_kind kind= table[i].init;
if(m->cfg.init_torch&&kind==INIT_NORMAL&&strstr(table[i].name,"W_pos")==NULL){
kind= INIT_FANIN;
bound= 1.0/sqrt((double)torch_fan_in(&table[i]));
}
for(size_t j= 0;j<table[i].size;j++)
p[j]= kind==INIT_ONE?1.0
:kind==INIT_ZERO?0.0
:kind==INIT_FANIN?bound*(2.0*gsl_rng_uniform(rng)-1.0)
:sd*gsl_ran_gaussian_ziggurat(rng,1.0);
}
gsl_rng_free(rng);
}

void model_zero_grads(model*m)
{
memset(m->grads,0,m->n_params*sizeof(double));
}

/*:17*//*18:*/
#line 525 "chapters/transformer.w"

static void mm(int ta,int tb,double alpha,const double*A,size_t ar,size_t ac,size_t lda,
const double*Bm,size_t br,size_t bc,size_t ldb,double beta,double*Cm,size_t ldc)
{
gsl_matrix_const_view Av= gsl_matrix_const_view_array_with_tda(A,ar,ac,lda);
gsl_matrix_const_view Bv= gsl_matrix_const_view_array_with_tda(Bm,br,bc,ldb);
size_t cr= ta?ac:ar,cc= tb?br:bc;
gsl_matrix_view Cv= gsl_matrix_view_array_with_tda(Cm,cr,cc,ldc);
gsl_blas_dgemm(ta?CblasTrans:CblasNoTrans,tb?CblasTrans:CblasNoTrans,alpha,
&Av.matrix,&Bv.matrix,beta,&Cv.matrix);
}

/*:18*//*19:*/
#line 551 "chapters/transformer.w"

#define LN_EPS 1e-5
#define LN_ROWS 8
static void layernorm_forward(double*out,double*mean,double*rstd,const double*in,
const double*w,const double*b,size_t N,size_t C)
{
for(size_t i0= 0;i0<N;i0+= LN_ROWS){
size_t R= N-i0<LN_ROWS?N-i0:LN_ROWS;
const double*x= in+i0*C;
double mu[LN_ROWS]= {0.0},var[LN_ROWS]= {0.0};
for(size_t c= 0;c<C;c++)
for(size_t r= 0;r<R;r++)mu[r]+= x[r*C+c];
for(size_t r= 0;r<R;r++)mu[r]/= (double)C;
for(size_t c= 0;c<C;c++)
for(size_t r= 0;r<R;r++)var[r]+= (x[r*C+c]-mu[r])*(x[r*C+c]-mu[r]);
for(size_t r= 0;r<R;r++){
double rs= 1.0/sqrt(var[r]/(double)C+LN_EPS);
double*o= out+(i0+r)*C;
for(size_t c= 0;c<C;c++)o[c]= (x[r*C+c]-mu[r])*rs*w[c]+b[c];
mean[i0+r]= mu[r];rstd[i0+r]= rs;
}
}
}

static void layernorm_backward(double*din,double*dw,double*db,const double*dout,
const double*in,const double*w,const double*mean,const double*rstd,size_t N,size_t C)
{
for(size_t i0= 0;i0<N;i0+= LN_ROWS){
size_t R= N-i0<LN_ROWS?N-i0:LN_ROWS;
const double*x= in+i0*C,*d= dout+i0*C;
double gm[LN_ROWS]= {0.0},ghm[LN_ROWS]= {0.0};
for(size_t c= 0;c<C;c++)
for(size_t r= 0;r<R;r++){
double xh= (x[r*C+c]-mean[i0+r])*rstd[i0+r],g= w[c]*d[r*C+c];
gm[r]+= g;ghm[r]+= g*xh;
}
for(size_t r= 0;r<R;r++){gm[r]/= (double)C;ghm[r]/= (double)C;}
for(size_t r= 0;r<R;r++){
const double*xr= x+r*C,*dr= d+r*C;
double mu= mean[i0+r],rs= rstd[i0+r];
double*di= din+(i0+r)*C;
for(size_t c= 0;c<C;c++){
double xh= (xr[c]-mu)*rs,g= w[c]*dr[c];
di[c]+= rs*(g-gm[r]-xh*ghm[r]);
dw[c]+= xh*dr[c];
db[c]+= dr[c];
}
}
}
}

/*:19*//*20:*/
#line 620 "chapters/transformer.w"

static size_t keys_of(const model_config*c,size_t t,size_t T)
{
return c->format==FORMAT_STACKED?T-1:t+1;
}

static double row_max_scaled(const double*s,size_t K,double scale)
{
double lane[8],mx;
for(size_t r= 0;r<8;r++)lane[r]= -INFINITY;
size_t j8= K-K%8;
for(size_t j= 0;j<j8;j+= 8)
for(size_t r= 0;r<8;r++)if(s[j+r]*scale> lane[r])lane[r]= s[j+r]*scale;
for(size_t j= j8;j<K;j++)if(s[j]*scale> lane[0])lane[0]= s[j]*scale;
mx= lane[0];
for(size_t r= 1;r<8;r++)if(lane[r]> mx)mx= lane[r];
return mx;
}

static void pattern_forward(const model_config*c,attn_kind kind,double*P,const double*S,
size_t T,size_t dh,double*scratch,size_t t0)
{
double scale= 1.0/sqrt((double)dh);
if(kind==ATTN_SOFTMAX){
size_t n= 0;
for(size_t t= t0;t<T;t++){
size_t K= keys_of(c,t,T);
const double*s= S+t*T;
double mx= row_max_scaled(s,K,scale);
for(size_t j= 0;j<K;j++)scratch[n+j]= s[j]*scale-mx;
n+= K;
}
mhicl_exp_array(scratch,n);
n= 0;
for(size_t t= t0;t<T;t++){
size_t K= keys_of(c,t,T);
double*p= P+t*T,sum= 0.0;
for(size_t j= 0;j<K;j++)sum+= scratch[n+j];
for(size_t j= 0;j<K;j++)p[j]= scratch[n+j]/sum;
for(size_t j= K;j<T;j++)p[j]= 0.0;
n+= K;
}
return;
}
for(size_t t= t0;t<T;t++){
size_t K= keys_of(c,t,T);
const double*s= S+t*T;
double*p= P+t*T;
for(size_t j= 0;j<K;j++)
p[j]= kind==ATTN_LINEAR_FIXED?s[j]/(double)c->n_fixed
:(kind==ATTN_LINEAR?s[j]:fmax(s[j],0.0))/(double)K;
for(size_t j= K;j<T;j++)p[j]= 0.0;
}
}

static void pattern_backward(const model_config*c,attn_kind kind,double*dS,const double*dP,
const double*P,const double*S,size_t T,size_t dh,size_t t0)
{
double scale= 1.0/sqrt((double)dh);
for(size_t t= t0;t<T;t++){
size_t K= keys_of(c,t,T);
const double*dp= dP+t*T,*p= P+t*T,*s= S+t*T;
double*ds= dS+t*T;
if(kind==ATTN_SOFTMAX){
double dot= 0.0;
for(size_t j= 0;j<K;j++)dot+= p[j]*dp[j];
for(size_t j= 0;j<K;j++)ds[j]= p[j]*(dp[j]-dot)*scale;
}else if(kind==ATTN_LINEAR_FIXED){
for(size_t j= 0;j<K;j++)ds[j]= dp[j]/(double)c->n_fixed;
}else{
for(size_t j= 0;j<K;j++)
ds[j]= (kind==ATTN_LINEAR||s[j]> 0.0)?dp[j]/(double)K:0.0;
}
for(size_t j= K;j<T;j++)ds[j]= 0.0;
}
}

/*:20*//*21:*/
#line 705 "chapters/transformer.w"

static void heads_gather(const double*W,size_t H,size_t C,size_t dh,double*out)
{
for(size_t h= 0;h<H;h++)
for(size_t c= 0;c<C;c++)
memcpy(out+c*H*dh+h*dh,W+(h*C+c)*dh,dh*sizeof(double));
}

static void heads_scatter_add(const double*in,size_t H,size_t C,size_t dh,double*W)
{
for(size_t h= 0;h<H;h++)
for(size_t c= 0;c<C;c++)
for(size_t e= 0;e<dh;e++)W[(h*C+c)*dh+e]+= in[c*H*dh+h*dh+e];
}

static void masked_out_weights(const model*m,size_t l,double*out)
{
size_t C= m->cfg.d_model,dh= m->cfg.d_head;
for(size_t h= 0;h<m->cfg.heads[l];h++)
for(size_t i= h*dh*C;i<(h+1)*dh*C;i++)
out[i]= m->head_mask[l][h]*m->p.W_O[l][i];
}

static void attention_forward(model*m,size_t l,const double*a,double*out)
{
const model_config*c= &m->cfg;
layer_acts*A= &m->acts[l];
size_t B= m->B,T= m->T,C= c->d_model,H= c->heads[l],dh= c->d_head,HD= H*dh;
size_t BT= B*T;
double beta0= c->attn_bias?1.0:0.0;
if(c->attn_bias)
for(size_t i= 0;i<BT;i++){
memcpy(A->q+i*HD,m->p.b_Q[l],HD*sizeof(double));
memcpy(A->k+i*HD,m->p.b_K[l],HD*sizeof(double));
memcpy(A->v+i*HD,m->p.b_V[l],HD*sizeof(double));
}
const double*W[3]= {m->p.W_Q[l],m->p.W_K[l],m->p.W_V[l]};
double*dst[3]= {A->q,A->k,A->v};
for(int p= 0;p<3;p++){
heads_gather(W[p],H,C,dh,m->w_cat);
mm(0,0,1.0,a,BT,C,C,m->w_cat,C,HD,HD,beta0,dst[p],HD);
}
for(size_t b= 0;b<B;b++)
for(size_t h= 0;h<H;h++){
size_t row= b*T*HD+h*dh;
double*S= A->scores+(b*H+h)*T*T,*P= A->pattern+(b*H+h)*T*T;
mm(0,1,1.0,A->q+row,T,dh,HD,A->k+row,T,dh,HD,0.0,S,T);
pattern_forward(c,c->attn[l],P,S,T,dh,m->d_p,0);
mm(0,0,1.0,P,T,T,T,A->v+row,T,dh,HD,0.0,A->z+row,HD);
}
for(size_t i= 0;i<BT;i++)
if(c->attn_bias)memcpy(out+i*C,m->p.b_O[l],C*sizeof(double));
else memset(out+i*C,0,C*sizeof(double));
masked_out_weights(m,l,m->w_cat);
mm(0,0,1.0,A->z,BT,HD,HD,m->w_cat,HD,C,C,1.0,out,C);
}

/*:21*//*22:*/
#line 766 "chapters/transformer.w"

static void projections_backward(model*m,size_t l,const double*a,const double*d_q,
double*da)
{

const model_config*c= &m->cfg;
size_t BT= m->B*m->T,C= c->d_model,H= c->heads[l],dh= c->d_head,HD= H*dh;
if(c->attn_bias)
for(size_t i= 0;i<BT;i++)
for(size_t j= 0;j<HD;j++){
m->g.b_Q[l][j]+= d_q[i*HD+j];
m->g.b_K[l][j]+= m->d_k[i*HD+j];
m->g.b_V[l][j]+= m->d_v[i*HD+j];
}
const double*W[3]= {m->p.W_Q[l],m->p.W_K[l],m->p.W_V[l]};
double*gW[3]= {m->g.W_Q[l],m->g.W_K[l],m->g.W_V[l]};
const double*dsrc[3]= {d_q,m->d_k,m->d_v};
for(int p= 0;p<3;p++){
mm(1,0,1.0,a,BT,C,C,dsrc[p],BT,HD,HD,0.0,m->w_tmp,HD);
heads_scatter_add(m->w_tmp,H,C,dh,gW[p]);
if(da==NULL)continue;
heads_gather(W[p],H,C,dh,m->w_cat);
mm(0,1,1.0,dsrc[p],BT,HD,HD,m->w_cat,C,HD,HD,1.0,da,C);
}
}

static void attention_backward(model*m,size_t l,const double*a,const double*dout,
double*da)
{
const model_config*c= &m->cfg;
layer_acts*A= &m->acts[l];
size_t B= m->B,T= m->T,C= c->d_model,H= c->heads[l],dh= c->d_head,HD= H*dh;
size_t BT= B*T;
if(c->attn_bias)
for(size_t i= 0;i<BT;i++)
for(size_t j= 0;j<C;j++)m->g.b_O[l][j]+= dout[i*C+j];
masked_out_weights(m,l,m->w_cat);
mm(0,1,1.0,dout,BT,C,C,m->w_cat,HD,C,C,0.0,m->d_z,HD);
mm(1,0,1.0,A->z,BT,HD,HD,dout,BT,C,C,0.0,m->w_tmp,C);
for(size_t h= 0;h<H;h++)
for(size_t i= h*dh*C;i<(h+1)*dh*C;i++)
m->g.W_O[l][i]+= m->head_mask[l][h]*m->w_tmp[i];
for(size_t b= 0;b<B;b++)
for(size_t h= 0;h<H;h++){
size_t row= b*T*HD+h*dh;
const double*S= A->scores+(b*H+h)*T*T,*P= A->pattern+(b*H+h)*T*T;
mm(0,1,1.0,m->d_z+row,T,dh,HD,A->v+row,T,dh,HD,0.0,m->d_p,T);
mm(1,0,1.0,P,T,T,T,m->d_z+row,T,dh,HD,0.0,m->d_v+row,HD);
pattern_backward(c,c->attn[l],m->d_p,m->d_p,P,S,T,dh,0);
mm(0,0,1.0,m->d_p,T,T,T,A->k+row,T,dh,HD,0.0,m->d_q+row,HD);
mm(1,0,1.0,m->d_p,T,T,T,A->q+row,T,dh,HD,0.0,m->d_k+row,HD);
}
projections_backward(m,l,a,m->d_q,da);
}

/*:22*//*24:*/
#line 871 "chapters/transformer.w"

typedef enum{DOT_NONE,DOT_SEQ,DOT_FMA,DOT_PAIRS,DOT_QUADS_NEAR,DOT_QUADS_FAR}dot_order;
typedef enum{BLAS_OTHER,BLAS_PRESCOTT,BLAS_SKYLAKEX}blas_family;

static int blas_family_of(const char*core)
{
if(core==NULL)return BLAS_OTHER;
if(strcmp(core,"Prescott")==0)return BLAS_PRESCOTT;
if(strcmp(core,"SkylakeX")==0||strcmp(core,"Cooperlake")==0)return BLAS_SKYLAKEX;
return BLAS_OTHER;
}

static size_t edge_block(size_t i,size_t n)
{
size_t full= n&~(size_t)3;
return i<full?4:((n&2)&&i<full+2)?2:1;
}

static dot_order blas_order(int family,int trans_b,size_t R,size_t r,size_t Cn,size_t c,
size_t K)
{
if(family==BLAS_PRESCOTT){
if(K> 128)return DOT_NONE;
size_t nb= edge_block(r,R),mb= edge_block(c,Cn);
if(nb==4||(nb==2&&mb==4))return DOT_SEQ;
if((nb==2&&mb==2)||(nb==1&&mb==4))return DOT_PAIRS;
return nb==1&&mb==1?DOT_QUADS_FAR:DOT_QUADS_NEAR;
}
if(family==BLAS_SKYLAKEX){
double mnk= (double)R*(double)Cn*(double)K;
if(K> 128)return DOT_NONE;
if(mnk> 1e6)return DOT_FMA;
if(trans_b)return K<32?DOT_FMA:DOT_NONE;
size_t rest= Cn%8;
return(rest==0||rest> 4||K<16)?DOT_FMA:DOT_NONE;
}
return DOT_NONE;
}

/*:24*//*25:*/
#line 920 "chapters/transformer.w"

#if defined(__x86_64__) && defined(__GNUC__)
#define MHICL_FMA_TARGET __attribute__((target("fma")))
#else
#line 924 "chapters/transformer.w"
#define MHICL_FMA_TARGET
#endif
#line 926 "chapters/transformer.w"
 MHICL_FMA_TARGET static double fma_chain(const double*a,size_t sa,const double*b,size_t sb,
size_t K)
{
double s= 0.0;
for(size_t k= 0;k<K;k++)s= fma(a[k*sa],b[k*sb],s);
return s;
}

#define FMA_BLOCK 4
MHICL_FMA_TARGET static inline void fma_block(size_t w,int trans_b,const double*x,
const double*Y,size_t ld,size_t K,double*acc)
{
double s[FMA_BLOCK]= {0.0,0.0,0.0,0.0};
for(size_t k= 0;k<K;k++)
for(size_t i= 0;i<w;i++)
s[i]= fma(x[k],trans_b?Y[i*ld+k]:Y[k*ld+i],s[i]);
for(size_t i= 0;i<w;i++)acc[i]= s[i];
}

MHICL_FMA_TARGET static void fma_row(int trans_b,const double*x,const double*Y,size_t ld,
size_t n,size_t K,double*acc)
{
size_t c= 0;
for(;c+4<=n;c+= 4)
fma_block(4,trans_b,x,trans_b?Y+c*ld:Y+c,ld,K,acc+c);
if(n-c>=2){fma_block(2,trans_b,x,trans_b?Y+c*ld:Y+c,ld,K,acc+c);c+= 2;}
if(c<n)fma_block(1,trans_b,x,trans_b?Y+c*ld:Y+c,ld,K,acc+c);
}

static double blas_dot(dot_order o,const double*a,size_t sa,const double*b,size_t sb,
size_t K)
{
if(o==DOT_FMA)return fma_chain(a,sa,b,sb,K);
double s[4]= {0.0,0.0,0.0,0.0};
size_t lanes= o==DOT_SEQ?1:o==DOT_PAIRS?2:4;
size_t k8= o==DOT_SEQ?0:K&~(size_t)7,k;
for(k= 0;k<k8;k++)s[k%lanes]+= a[k*sa]*b[k*sb];
for(;k<K;k++)s[0]+= a[k*sa]*b[k*sb];
return o==DOT_SEQ?s[0]:o==DOT_PAIRS?s[0]+s[1]
:o==DOT_QUADS_NEAR?(s[0]+s[1])+(s[2]+s[3]):(s[0]+s[2])+(s[1]+s[3]);
}

static void row_product(int family,int trans_b,size_t R,size_t r,const double*x,
const double*Y,size_t ld,size_t n,size_t K,const double*init,double*out)
{
if(family==BLAS_SKYLAKEX&&blas_order(family,trans_b,R,r,n,0,K)==DOT_FMA){
fma_row(trans_b,x,Y,ld,n,K,out);
for(size_t c= 0;c<n;c++)out[c]= (init?init[c]:0.0)+out[c];
return;
}
for(size_t c= 0;c<n;c++)
out[c]= (init?init[c]:0.0)+blas_dot(blas_order(family,trans_b,R,r,n,c,K),x,1,
trans_b?Y+c*ld:Y+c,trans_b?1:ld,K);
}

/*:25*//*27:*/
#line 989 "chapters/transformer.w"

int blas_row_product(int trans_b,size_t R,size_t r,const double*x,const double*Y,size_t ld,
size_t n,size_t K,double*out)
{
int family= blas_family_of(mhicl_blas_core());
if(blas_order(family,trans_b,R,r,n,0,K)==DOT_NONE)return 0;
row_product(family,trans_b,R,r,x,Y,ld,n,K,NULL,out);
return 1;
}

/*:27*//*29:*/
#line 1011 "chapters/transformer.w"

int model_set_query_only(model*m,int on)
{
int was= m->query_only;
m->query_only= on;
return was;
}

static int query_path_ok(const model*m,const prompt_batch*bt)
{
const model_config*c= &m->cfg;
size_t T= bt->T,BT= bt->B*bt->T,l= c->n_layers-1,dh= c->d_head;
size_t HD= c->heads[l]*dh,C= c->d_model;
if(!m->query_only||c->format!=FORMAT_STACKED||c->mlp)return 0;
for(size_t i= 0;i<BT;i++)
if(bt->weight[i]!=0.0&&i%T!=T-1)return 0;
int f= m->blas;
return blas_order(f,0,BT,0,HD,0,C)!=DOT_NONE
&&blas_order(f,1,T,0,T,0,dh)!=DOT_NONE
&&blas_order(f,0,T,0,dh,0,T)!=DOT_NONE
&&blas_order(f,0,BT,0,C,0,HD)!=DOT_NONE
&&blas_order(f,1,BT,0,HD,0,C)!=DOT_NONE;
}

/*:29*//*30:*/
#line 1039 "chapters/transformer.w"

static void attention_forward_query(model*m,size_t l,const double*a,double*out)
{
const model_config*c= &m->cfg;
layer_acts*A= &m->acts[l];
size_t B= m->B,T= m->T,C= c->d_model,H= c->heads[l],dh= c->d_head,HD= H*dh;
size_t BT= B*T,t= T-1;
double beta0= c->attn_bias?1.0:0.0;
if(c->attn_bias)
for(size_t i= 0;i<BT;i++){
memcpy(A->k+i*HD,m->p.b_K[l],HD*sizeof(double));
memcpy(A->v+i*HD,m->p.b_V[l],HD*sizeof(double));
}
heads_gather(m->p.W_K[l],H,C,dh,m->w_cat);
mm(0,0,1.0,a,BT,C,C,m->w_cat,C,HD,HD,beta0,A->k,HD);
heads_gather(m->p.W_V[l],H,C,dh,m->w_cat);
mm(0,0,1.0,a,BT,C,C,m->w_cat,C,HD,HD,beta0,A->v,HD);
heads_gather(m->p.W_Q[l],H,C,dh,m->w_cat);
for(size_t b= 0;b<B;b++){
size_t row= b*T+t;
row_product(m->blas,0,BT,row,a+row*C,m->w_cat,HD,HD,C,
c->attn_bias?m->p.b_Q[l]:NULL,A->q+row*HD);
}
/*31:*/
#line 1071 "chapters/transformer.w"

for(size_t b= 0;b<B;b++)
for(size_t h= 0;h<H;h++){
size_t base= b*T*HD+h*dh;
double*S= A->scores+(b*H+h)*T*T,*P= A->pattern+(b*H+h)*T*T;
row_product(m->blas,1,T,t,A->q+base+t*HD,A->k+base,HD,T,dh,NULL,S+t*T);
pattern_forward(c,c->attn[l],P,S,T,dh,m->d_p,t);
row_product(m->blas,0,T,t,P+t*T,A->v+base,HD,dh,T,NULL,A->z+base+t*HD);
}

/*:31*/
#line 1062 "chapters/transformer.w"

masked_out_weights(m,l,m->w_cat);
for(size_t b= 0;b<B;b++){
size_t row= b*T+t;
row_product(m->blas,0,BT,row,A->z+row*HD,m->w_cat,C,C,HD,
c->attn_bias?m->p.b_O[l]:NULL,out+row*C);
}
}

/*:30*//*32:*/
#line 1086 "chapters/transformer.w"

static void attention_backward_query(model*m,size_t l,const double*a,const double*dout,
double*da)
{
const model_config*c= &m->cfg;
layer_acts*A= &m->acts[l];
size_t B= m->B,T= m->T,C= c->d_model,H= c->heads[l],dh= c->d_head,HD= H*dh;
size_t BT= B*T,t= T-1;
if(c->attn_bias)
for(size_t b= 0;b<B;b++)
for(size_t j= 0;j<C;j++)m->g.b_O[l][j]+= dout[(b*T+t)*C+j];
masked_out_weights(m,l,m->w_cat);
for(size_t b= 0;b<B;b++){
size_t row= b*T+t;
row_product(m->blas,1,BT,row,dout+row*C,m->w_cat,C,HD,C,NULL,m->d_z+row*HD);
}
mm(1,0,1.0,A->z,BT,HD,HD,dout,BT,C,C,0.0,m->w_tmp,C);
for(size_t h= 0;h<H;h++)
for(size_t i= h*dh*C;i<(h+1)*dh*C;i++)
m->g.W_O[l][i]+= m->head_mask[l][h]*m->w_tmp[i];
/*33:*/
#line 1113 "chapters/transformer.w"

for(size_t b= 0;b<B;b++)
for(size_t h= 0;h<H;h++){
size_t base= b*T*HD+h*dh;
const double*S= A->scores+(b*H+h)*T*T,*P= A->pattern+(b*H+h)*T*T;
const double*g= m->d_z+base+t*HD,*q= A->q+base+t*HD;
double*dp= m->d_p+t*T;
row_product(m->blas,1,T,t,g,A->v+base,HD,T,dh,NULL,dp);
for(size_t j= 0;j<T;j++)
for(size_t e= 0;e<dh;e++)m->d_v[base+j*HD+e]= P[t*T+j]*g[e];
pattern_backward(c,c->attn[l],m->d_p,m->d_p,P,S,T,dh,t);
row_product(m->blas,0,T,t,dp,A->k+base,HD,dh,T,NULL,m->q_dq+base+t*HD);
for(size_t j= 0;j<T;j++)
for(size_t e= 0;e<dh;e++)m->d_k[base+j*HD+e]= dp[j]*q[e];
}

/*:33*/
#line 1106 "chapters/transformer.w"

projections_backward(m,l,a,m->q_dq,da);
}

/*:32*//*35:*/
#line 1167 "chapters/transformer.w"

#define GELU_C 0.7978845608028654  
static void mlp_forward(model*m,size_t l,const double*a,double*out)
{
layer_acts*A= &m->acts[l];
size_t BT= m->B*m->T,C= m->cfg.d_model,M= 4*C;
mm(0,0,1.0,a,BT,C,C,m->p.W_in[l],C,M,M,0.0,A->mlp_pre,M);
for(size_t i= 0;i<BT;i++){
double*x= A->mlp_pre+i*M,*th= A->mlp_tanh+i*M,*g= A->mlp_post+i*M;
for(size_t j= 0;j<M;j++){
x[j]+= m->p.b_in[l][j];
th[j]= 2.0*GELU_C*(x[j]+0.044715*x[j]*x[j]*x[j]);
}
mhicl_exp_array(th,M);
for(size_t j= 0;j<M;j++){
th[j]= 1.0-2.0/(th[j]+1.0);
g[j]= 0.5*x[j]*(1.0+th[j]);
}
}
for(size_t i= 0;i<BT;i++)memcpy(out+i*C,m->p.b_out[l],C*sizeof(double));
mm(0,0,1.0,A->mlp_post,BT,M,M,m->p.W_out[l],M,C,C,1.0,out,C);
}

static void mlp_backward(model*m,size_t l,const double*a,const double*dout,double*da)
{
layer_acts*A= &m->acts[l];
size_t BT= m->B*m->T,C= m->cfg.d_model,M= 4*C;
mm(1,0,1.0,A->mlp_post,BT,M,M,dout,BT,C,C,1.0,m->g.W_out[l],C);
for(size_t i= 0;i<BT;i++)
for(size_t c= 0;c<C;c++)m->g.b_out[l][c]+= dout[i*C+c];
mm(0,1,1.0,dout,BT,C,C,m->p.W_out[l],M,C,C,0.0,m->d_h4,M);
for(size_t i= 0;i<BT*M;i++){
double x= A->mlp_pre[i],th= A->mlp_tanh[i];
double dg= 0.5*(1.0+th)+0.5*x*(1.0-th*th)*GELU_C*(1.0+3.0*0.044715*x*x);
m->d_h4[i]*= dg;
}
mm(1,0,1.0,a,BT,C,C,m->d_h4,BT,M,M,1.0,m->g.W_in[l],M);
for(size_t i= 0;i<BT;i++)
for(size_t c= 0;c<M;c++)m->g.b_in[l][c]+= m->d_h4[i*M+c];
mm(0,1,1.0,m->d_h4,BT,M,M,m->p.W_in[l],C,M,M,1.0,da,C);
}

/*:35*//*37:*/
#line 1241 "chapters/transformer.w"

static size_t class_of(double y,size_t V,size_t row)
{
if(!(y>=0.0&&y<(double)V&&y==floor(y)))
mhicl_fatal("row %zu: label %g is not a class index below %zu",row,y,V);
return(size_t)y;
}

double cross_entropy_forward(const double*logits,size_t N,size_t V,const double*target,
const double*weight,double wsum,double*probs,double*pred)
{
double loss= 0.0;
for(size_t i= 0;i<N;i++){
const double*l= logits+i*V;
double*p= probs+i*V,mx= l[0],sum= 0.0;
size_t arg= 0;
for(size_t k= 1;k<V;k++)if(l[k]> mx){mx= l[k];arg= k;}
for(size_t k= 0;k<V;k++){p[k]= exp(l[k]-mx);sum+= p[k];}
for(size_t k= 0;k<V;k++)p[k]/= sum;
pred[i]= (double)arg;
if(weight[i]!=0.0)
loss+= weight[i]*(log(sum)+mx-l[class_of(target[i],V,i)]);
}
return wsum> 0.0?loss/wsum:0.0;
}

void cross_entropy_backward(const double*probs,size_t N,size_t V,const double*target,
const double*weight,double wsum,double*dlogits)
{
for(size_t i= 0;i<N;i++){
double*d= dlogits+i*V;
if(weight[i]==0.0||wsum<=0.0){memset(d,0,V*sizeof(double));continue;}
double s= weight[i]/wsum;
for(size_t k= 0;k<V;k++)d[k]= s*probs[i*V+k];
d[class_of(target[i],V,i)]-= s;
}
}

/*:37*//*38:*/
#line 1282 "chapters/transformer.w"

static size_t token_id(const model*m,const prompt_batch*bt,size_t i)
{
double x= bt->tokens[i*bt->d_in];
if(!(x>=0.0&&x<(double)m->cfg.vocab&&x==floor(x)))
mhicl_fatal("row %zu: token id %g is outside the vocabulary of %zu",i,x,m->cfg.vocab);
return(size_t)x;
}

static void embed_forward(model*m,const prompt_batch*bt,double*h)
{
size_t C= m->cfg.d_model;
for(size_t i= 0;i<bt->B*bt->T;i++)
memcpy(h+i*C,m->p.W_E+token_id(m,bt,i)*C,C*sizeof(double));
}

static void embed_backward(model*m,const prompt_batch*bt,const double*dh)
{
size_t C= m->cfg.d_model;
for(size_t i= 0;i<bt->B*bt->T;i++){
double*g= m->g.W_E+token_id(m,bt,i)*C;
for(size_t k= 0;k<C;k++)g[k]+= dh[i*C+k];
}
}

/*:38*//*39:*/
#line 1310 "chapters/transformer.w"

static double batch_weight(const prompt_batch*bt)
{
double W= 0.0;
for(size_t i= 0;i<bt->B*bt->T;i++)W+= bt->weight[i];
return bt->weight_total> 0.0?bt->weight_total:W;
}

static double unembed_forward(model*m,const prompt_batch*bt,const double*f)
{
size_t BT= bt->B*bt->T,C= m->cfg.d_model,V= m->cfg.n_classes;
for(size_t i= 0;i<BT;i++)memcpy(m->logits+i*V,m->p.b_U,V*sizeof(double));
mm(0,0,1.0,f,BT,C,C,m->p.W_U,C,V,V,1.0,m->logits,V);
return cross_entropy_forward(m->logits,BT,V,bt->target,bt->weight,batch_weight(bt),
m->probs,m->pred);
}

static void unembed_backward(model*m,const prompt_batch*bt,const double*f,double wsum,
double*df)
{
size_t BT= bt->B*bt->T,C= m->cfg.d_model,V= m->cfg.n_classes;
cross_entropy_backward(m->probs,BT,V,bt->target,bt->weight,wsum,m->d_logits);
mm(1,0,1.0,f,BT,C,C,m->d_logits,BT,V,V,1.0,m->g.W_U,V);
for(size_t i= 0;i<BT;i++)
for(size_t k= 0;k<V;k++)m->g.b_U[k]+= m->d_logits[i*V+k];
mm(0,1,1.0,m->d_logits,BT,V,V,m->p.W_U,C,V,V,1.0,df,C);
}

/*:39*//*43:*/
#line 1372 "chapters/transformer.w"

prompt_batch*batch_alloc(const model_config*c,size_t B,size_t n)
{
prompt_batch*bt= xmalloc(sizeof*bt);
bt->B= B;bt->n= n;bt->T= model_tokens(c,n);bt->d_in= model_input_width(c);
bt->R= model_outputs(c);
bt->tokens= xcalloc(B*bt->T*bt->d_in,sizeof(double));
bt->target= xcalloc(B*bt->T*bt->R,sizeof(double));
bt->weight= xcalloc(B*bt->T,sizeof(double));
bt->weight_total= 0.0;
return bt;
}

void batch_free(prompt_batch*bt)
{
if(bt==NULL)return;
free(bt->tokens);free(bt->target);free(bt->weight);free(bt);
}

/*:43*//*44:*/
#line 1395 "chapters/transformer.w"

double model_forward(model*m,const prompt_batch*bt)
{
const model_config*c= &m->cfg;
size_t B= bt->B,T= bt->T,C= c->d_model,BT= B*T;
if(B> m->B_max||T> m->T_max)mhicl_fatal("batch larger than the model was allocated for");
m->B= B;m->T= T;m->n= bt->n;
m->reduced= query_path_ok(m,bt);
double*h= m->acts[0].resid_pre;
/*45:*/
#line 1439 "chapters/transformer.w"

if(c->format==FORMAT_INTERLEAVED){
for(size_t i= 0;i<BT;i++)memcpy(h+i*C,m->p.b_E,C*sizeof(double));
mm(0,0,1.0,bt->tokens,BT,bt->d_in,bt->d_in,m->p.W_E,bt->d_in,C,C,1.0,h,C);
}else if(c->format==FORMAT_TOKENS)embed_forward(m,bt,h);
else memcpy(h,bt->tokens,BT*C*sizeof(double));
if(c->pos_embed)
for(size_t b= 0;b<B;b++)
for(size_t t= 0;t<T;t++)
for(size_t k= 0;k<C;k++)h[(b*T+t)*C+k]+= m->p.W_pos[t*C+k];

/*:45*/
#line 1404 "chapters/transformer.w"

for(size_t l= 0;l<c->n_layers;l++){
layer_acts*A= &m->acts[l];
if(h!=A->resid_pre)memcpy(A->resid_pre,h,BT*C*sizeof(double));
h= A->resid_pre;
const double*a= h;
if(c->layernorm){
layernorm_forward(A->ln1,A->ln1_mean,A->ln1_rstd,h,m->p.ln1_w[l],m->p.ln1_b[l],BT,C);
a= A->ln1;
}
if(m->reduced&&l+1==c->n_layers){
attention_forward_query(m,l,a,A->attn_out);
for(size_t i= (T-1)*C;i<BT*C;i+= T*C)
for(size_t k= i;k<i+C;k++)A->resid_mid[k]= h[k]+A->attn_out[k];
}else{
attention_forward(m,l,a,A->attn_out);
for(size_t i= 0;i<BT*C;i++)A->resid_mid[i]= h[i]+A->attn_out[i];
}
h= A->resid_mid;
if(c->mlp){
const double*a2= h;
if(c->layernorm){
layernorm_forward(A->ln2,A->ln2_mean,A->ln2_rstd,h,m->p.ln2_w[l],m->p.ln2_b[l],BT,C);
a2= A->ln2;
}
double*next= l+1<c->n_layers?m->acts[l+1].resid_pre:m->resid_final;
mlp_forward(m,l,a2,m->d_tmp);
for(size_t i= 0;i<BT*C;i++)next[i]= h[i]+m->d_tmp[i];
h= next;
}
}
if(h!=m->resid_final)memcpy(m->resid_final,h,BT*C*sizeof(double));
/*46:*/
#line 1450 "chapters/transformer.w"

{
const double*f= m->resid_final;
if(c->layernorm&&c->format!=FORMAT_STACKED){
layernorm_forward(m->lnf,m->lnf_mean,m->lnf_rstd,f,m->p.lnf_w,m->p.lnf_b,BT,C);
f= m->lnf;
}
if(c->format==FORMAT_TOKENS)return unembed_forward(m,bt,f);
size_t R= model_outputs(c);
double loss= 0.0,wsum= 0.0;
for(size_t i= m->reduced?T-1:0;i<BT;i+= m->reduced?T:1){
for(size_t r= 0;r<R;r++){
double y;
if(c->format==FORMAT_INTERLEAVED){
y= m->p.b_U[0];
for(size_t k= 0;k<C;k++)y+= f[i*C+k]*m->p.W_U[k];
}else y= -f[i*C+c->d_x+r];
m->pred[i*R+r]= y;
double e= y-bt->target[i*R+r];
loss+= bt->weight[i]*e*e;
}
wsum+= bt->weight[i];
}
if(bt->weight_total> 0.0)wsum= bt->weight_total;
return wsum> 0.0?loss/(wsum*(double)R):0.0;
}

/*:46*/
#line 1436 "chapters/transformer.w"

}

/*:44*//*47:*/
#line 1485 "chapters/transformer.w"

static void positions_backward(model*m,const double*dh)
{
size_t C= m->cfg.d_model;
for(size_t b= 0;b<m->B;b++)
for(size_t t= 0;t<m->T;t++)
for(size_t k= 0;k<C;k++)m->g.W_pos[t*C+k]+= dh[(b*m->T+t)*C+k];
}

typedef void(*sublayer_backward_fn)(model*m,size_t l,const double*a,const double*dout,
double*da);

static void sublayer_backward(model*m,size_t l,sublayer_backward_fn backward,
const double*x,const double*ln_out,const double*ln_w,const double*ln_mean,
const double*ln_rstd,double*g_ln_w,double*g_ln_b,double*dh)
{
const model_config*c= &m->cfg;
size_t BT= m->B*m->T,C= c->d_model;
const double*a= c->layernorm?ln_out:x,*dout= dh;
double*da= c->layernorm?m->d_a:dh;
if(c->layernorm)memset(m->d_a,0,BT*C*sizeof(double));
else dout= memcpy(m->d_tmp,dh,BT*C*sizeof(double));
backward(m,l,a,dout,da);
if(c->layernorm)
layernorm_backward(dh,g_ln_w,g_ln_b,m->d_a,x,ln_w,ln_mean,ln_rstd,BT,C);
}

static void layer_backward(model*m,size_t l,double*dh)
{
layer_acts*A= &m->acts[l];
if(m->cfg.mlp)
sublayer_backward(m,l,mlp_backward,A->resid_mid,A->ln2,m->p.ln2_w[l],A->ln2_mean,
A->ln2_rstd,m->g.ln2_w[l],m->g.ln2_b[l],dh);
sublayer_backward(m,l,attention_backward,A->resid_pre,A->ln1,m->p.ln1_w[l],A->ln1_mean,
A->ln1_rstd,m->g.ln1_w[l],m->g.ln1_b[l],dh);
}

static void model_backward_query(model*m,const prompt_batch*bt);
void model_backward(model*m,const prompt_batch*bt)
{
if(m->reduced){model_backward_query(m,bt);return;}
const model_config*c= &m->cfg;
size_t B= m->B,T= m->T,C= c->d_model,BT= B*T;
double*dh= m->d_resid;
memset(dh,0,BT*C*sizeof(double));
/*48:*/
#line 1541 "chapters/transformer.w"

{
double wsum= 0.0;
for(size_t i= 0;i<BT;i++)wsum+= bt->weight[i];
if(bt->weight_total> 0.0)wsum= bt->weight_total;
if(wsum<=0.0)return;
size_t R= model_outputs(c);
wsum*= (double)R;
double*df= (c->layernorm&&c->format!=FORMAT_STACKED)?m->d_a:dh;
memset(df,0,BT*C*sizeof(double));
if(c->format==FORMAT_TOKENS)
unembed_backward(m,bt,c->layernorm?m->lnf:m->resid_final,wsum,df);
else for(size_t i= 0;i<BT*R;i++){
double dy= 2.0*bt->weight[i/R]*(m->pred[i]-bt->target[i])/wsum;
if(dy==0.0)continue;
if(c->format==FORMAT_INTERLEAVED){
const double*f= (c->layernorm?m->lnf:m->resid_final)+i*C;
m->g.b_U[0]+= dy;
for(size_t k= 0;k<C;k++){m->g.W_U[k]+= dy*f[k];df[i*C+k]+= dy*m->p.W_U[k];}
}else df[(i/R)*C+c->d_x+i%R]-= dy;
}
if(c->layernorm&&c->format!=FORMAT_STACKED)
layernorm_backward(dh,m->g.lnf_w,m->g.lnf_b,df,m->resid_final,m->p.lnf_w,m->lnf_mean,
m->lnf_rstd,BT,C);
}

/*:48*/
#line 1530 "chapters/transformer.w"

for(size_t l= c->n_layers;l--> 0;)layer_backward(m,l,dh);
/*49:*/
#line 1567 "chapters/transformer.w"

if(c->pos_embed)positions_backward(m,dh);
if(c->format==FORMAT_INTERLEAVED){
mm(1,0,1.0,bt->tokens,BT,bt->d_in,bt->d_in,dh,BT,C,C,1.0,m->g.W_E,C);
for(size_t i= 0;i<BT;i++)
for(size_t k= 0;k<C;k++)m->g.b_E[k]+= dh[i*C+k];
}else if(c->format==FORMAT_TOKENS)embed_backward(m,bt,dh);

/*:49*/
#line 1532 "chapters/transformer.w"

}

/*:47*//*50:*/
#line 1583 "chapters/transformer.w"

static void model_backward_query(model*m,const prompt_batch*bt)
{
const model_config*c= &m->cfg;
size_t B= m->B,T= m->T,C= c->d_model,BT= B*T,l= c->n_layers-1,Hb= 1;
double wsum= 0.0;
for(size_t i= T-1;i<BT;i+= T)wsum+= bt->weight[i];
if(bt->weight_total> 0.0)wsum= bt->weight_total;
if(wsum<=0.0)return;
if(m->q_B!=B||m->q_T!=T){
for(size_t k= 0;k<c->n_layers;k++)Hb= c->heads[k]> Hb?c->heads[k]:Hb;
memset(m->q_dout,0,m->B_max*m->T_max*C*sizeof(double));
memset(m->q_dq,0,m->B_max*m->T_max*Hb*c->d_head*sizeof(double));
m->q_B= B;m->q_T= T;
}
int input= c->layernorm||c->pos_embed||c->n_layers> 1;
double*dh= m->d_resid;
if(input)memset(dh,0,BT*C*sizeof(double));
size_t R= model_outputs(c);
wsum*= (double)R;
for(size_t i= T-1;i<BT;i+= T)
for(size_t r= 0;r<R;r++){
double dy= 2.0*bt->weight[i]*(m->pred[i*R+r]-bt->target[i*R+r])/wsum;
m->q_dout[i*C+c->d_x+r]= dy==0.0?0.0:-dy;
if(input)dh[i*C+c->d_x+r]= m->q_dout[i*C+c->d_x+r];
}
layer_acts*A= &m->acts[l];
if(c->layernorm)memset(m->d_a,0,BT*C*sizeof(double));
attention_backward_query(m,l,c->layernorm?A->ln1:A->resid_pre,m->q_dout,
c->layernorm?m->d_a:input?dh:NULL);
if(c->layernorm)
layernorm_backward(dh,m->g.ln1_w[l],m->g.ln1_b[l],m->d_a,A->resid_pre,m->p.ln1_w[l],
A->ln1_mean,A->ln1_rstd,BT,C);
while(l--> 0)layer_backward(m,l,dh);
if(c->pos_embed)positions_backward(m,dh);
}

/*:50*/
#line 27 "chapters/transformer.w"


/*:2*/
