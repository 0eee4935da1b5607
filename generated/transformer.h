/*1:*/
#line 10 "chapters/transformer.w"

#ifndef MHICL_TRANSFORMER_H
#define MHICL_TRANSFORMER_H
#include <stddef.h> 
#include <stdint.h> 
/*4:*/
#line 81 "chapters/transformer.w"

#define MAX_LAYERS 16
typedef enum{ATTN_SOFTMAX,ATTN_LINEAR,ATTN_RELU,ATTN_LINEAR_FIXED}attn_kind;
typedef enum{FORMAT_INTERLEAVED,FORMAT_STACKED,FORMAT_TOKENS}prompt_format;

typedef struct{
prompt_format format;
size_t d_x;
size_t n_max;
size_t extra_rows;
size_t n_layers;
size_t heads[MAX_LAYERS];
attn_kind attn[MAX_LAYERS];
size_t d_model,d_head;
int mlp,layernorm,pos_embed;
int attn_bias;
size_t vocab,n_classes;
int init_torch;
size_t n_fixed;
size_t n_out;
}model_config;

/*:4*//*8:*/
#line 175 "chapters/transformer.w"

typedef enum{INIT_ZERO,INIT_ONE,INIT_NORMAL,INIT_FANIN}init_kind;
typedef struct{
char name[48];
size_t shape[3],ndim,offset,size;
init_kind init;
}tensor_info;

typedef struct{
double*W_E,*b_E,*W_pos;
double*ln1_w[MAX_LAYERS],*ln1_b[MAX_LAYERS];
double*W_Q[MAX_LAYERS],*W_K[MAX_LAYERS],*W_V[MAX_LAYERS],*W_O[MAX_LAYERS];
double*b_Q[MAX_LAYERS],*b_K[MAX_LAYERS],*b_V[MAX_LAYERS],*b_O[MAX_LAYERS];
double*ln2_w[MAX_LAYERS],*ln2_b[MAX_LAYERS];
double*W_in[MAX_LAYERS],*b_in[MAX_LAYERS],*W_out[MAX_LAYERS],*b_out[MAX_LAYERS];
double*lnf_w,*lnf_b,*W_U,*b_U;
}param_view;

/*:8*//*10:*/
#line 201 "chapters/transformer.w"

#define MODEL_MAX_TENSORS (8 + 18 * MAX_LAYERS)

/*:10*//*13:*/
#line 318 "chapters/transformer.w"

typedef struct{
double*resid_pre;
double*ln1,*ln1_mean,*ln1_rstd;
double*q,*k,*v;
double*scores;
double*pattern;
double*z;
double*attn_out;
double*resid_mid;
double*ln2,*ln2_mean,*ln2_rstd;
double*mlp_pre,*mlp_post;
double*mlp_tanh;
}layer_acts;

typedef struct{
model_config cfg;
size_t n_params;
double*params,*grads;
int shared_params;
param_view p,g;
double head_mask[MAX_LAYERS][256];
size_t B_max,T_max;
size_t B,T,n;
layer_acts acts[MAX_LAYERS];
double*resid_final;
double*lnf,*lnf_mean,*lnf_rstd;
double*pred;
double*d_resid,*d_tmp,*d_a,*d_q,*d_k,*d_v,*d_z,*d_p,*d_h4;
double*w_cat,*w_tmp;
double*logits,*probs,*d_logits;
int query_only;
int reduced;
int blas;
double*q_dout,*q_dq;
size_t q_B,q_T;
}model;

/*:13*//*41:*/
#line 1356 "chapters/transformer.w"

typedef struct{
size_t B,n,T,d_in;
size_t R;
double*tokens;
double*target;
double*weight;
double weight_total;
}prompt_batch;

/*:41*/
#line 15 "chapters/transformer.w"

/*5:*/
#line 107 "chapters/transformer.w"

size_t model_outputs(const model_config*c);
size_t model_tokens(const model_config*c,size_t n);
size_t model_width(const model_config*c);
size_t model_input_width(const model_config*c);
const char*model_config_check(const model_config*c);

/*:5*//*9:*/
#line 193 "chapters/transformer.w"

size_t model_table(const model_config*c,tensor_info*table,size_t max);
void param_view_bind(const model_config*c,double*base,param_view*v);

/*:9*//*14:*/
#line 356 "chapters/transformer.w"

model*model_alloc(const model_config*c,size_t B_max);
void model_free(model*m);
model*model_alloc_replica(model*master,size_t B_max);
void model_init(model*m,uint64_t seed,double std);
void model_zero_grads(model*m);

/*:14*//*26:*/
#line 985 "chapters/transformer.w"

int blas_row_product(int trans_b,size_t R,size_t r,const double*x,const double*Y,size_t ld,
size_t n,size_t K,double*out);

/*:26*//*28:*/
#line 1008 "chapters/transformer.w"

int model_set_query_only(model*m,int on);

/*:28*//*36:*/
#line 1230 "chapters/transformer.w"

double cross_entropy_forward(const double*logits,size_t N,size_t V,const double*target,
const double*weight,double wsum,double*probs,double*pred);
void cross_entropy_backward(const double*probs,size_t N,size_t V,const double*target,
const double*weight,double wsum,double*dlogits);

/*:36*//*42:*/
#line 1366 "chapters/transformer.w"

prompt_batch*batch_alloc(const model_config*c,size_t B,size_t n);
void batch_free(prompt_batch*bt);
double model_forward(model*m,const prompt_batch*bt);
void model_backward(model*m,const prompt_batch*bt);

/*:42*/
#line 16 "chapters/transformer.w"

#endif
#line 18 "chapters/transformer.w"

/*:1*/
