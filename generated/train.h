/*1:*/
#line 9 "chapters/train.w"

#ifndef MHICL_TRAIN_H
#define MHICL_TRAIN_H
#include <stddef.h> 
#include <stdint.h> 
#include <stdio.h> 
#include "tasks.h"
#include "transformer.h"
#include "retrieval.h"
/*3:*/
#line 43 "chapters/train.w"

typedef struct{
model_config arch;
size_t d,s;
beta_kind beta;
double b,sigma;
double rho;
size_t n;
size_t norm_length;
int curriculum;
size_t d_start,n_start,d_step,n_step,curriculum_every;
size_t steps,batch,warmup;
double lr,beta1,beta2,eps,weight_decay,clip,init_std;
int cosine;
int query_only;
size_t eval_every,eval_prompts,checkpoint_every;
uint64_t seed;
size_t threads;
char log[256],checkpoint[256];
size_t heads_listed,attn_listed;
int task_kind;
retrieval_spec retrieval;
size_t d_1,d_2;
}train_config;
enum{TASK_REGRESSION,TASK_RETRIEVAL,TASK_MULTITASK};

/*:3*//*6:*/
#line 107 "chapters/train.w"

typedef enum{KEY_SIZE,KEY_REAL,KEY_SEED,KEY_BOOL,KEY_CHOICE,KEY_SIZE_LIST,
KEY_CHOICE_LIST,KEY_PATH}key_type;
typedef struct{
const char*key;key_type type;size_t offset;double lo,hi;
const char*choices;
const char*doc;
unsigned flags;
}key_spec;
enum{KEY_OPEN_LOW= 1,KEY_RESUMABLE= 2,KEY_OPEN_HIGH= 4,KEY_WRITTEN_IF_SET= 8,
KEY_MULTITASK= 16};

/*:6*//*21:*/
#line 747 "chapters/train.w"

typedef struct{
train_config cfg;
model*m;
model*replica[64];
task*slice_task[64];
double*adam_m,*adam_v;
task_spec spec;
size_t step;
char log_before[256];
size_t report_to;
}trainer;

/*:21*/
#line 18 "chapters/train.w"

/*4:*/
#line 69 "chapters/train.w"

void train_config_default(train_config*c);
int train_config_set(train_config*c,const char*key,const char*value,char*err,size_t len);
int train_config_read(train_config*c,const char*path,char*err,size_t len);
void train_config_write(FILE*f,const train_config*c);
const char*train_config_check(train_config*c);
const char*train_config_resume_change(const train_config*stored,const train_config*wanted);
void train_config_help(FILE*f);

/*:4*//*16:*/
#line 607 "chapters/train.w"

void curriculum_at(const train_config*c,size_t step,size_t*d_act,size_t*n_act);
void fill_batch(const train_config*c,size_t d_act,size_t n_act,uint64_t stream,
uint64_t first_task,prompt_batch*bt,task*t);
void fill_batch_with(const train_config*c,const task_spec*spec,size_t n_act,
uint64_t stream,uint64_t first_task,prompt_batch*bt,task*t);
double signal_scale(const train_config*c,size_t d_act);
task_spec train_task_spec(const train_config*c,size_t d_act);

/*:16*//*19:*/
#line 700 "chapters/train.w"

int train_mt_spec(const train_config*c,mt_spec*spec);

/*:19*//*22:*/
#line 760 "chapters/train.w"

double learning_rate(const train_config*c,size_t step);
double grad_norm(const model*m);
void adam_step(trainer*tr,double lr);

/*:22*//*24:*/
#line 813 "chapters/train.w"

double batch_gradients(trainer*tr,const prompt_batch*bt);
double batch_fill_gradients(trainer*tr,size_t d_act,size_t n_act,uint64_t first,
prompt_batch*bt,task*t);

/*:24*//*26:*/
#line 949 "chapters/train.w"

int checkpoint_save(const trainer*tr,const char*path,char*err,size_t len);
trainer*checkpoint_load(const char*path,char*err,size_t len);
int train_resume_outputs(train_config*c,const train_config*stored,const char*resumed,
char*err,size_t len);
trainer*trainer_new(const train_config*c);
void trainer_reconfigure(trainer*tr,const train_config*c);
void trainer_free(trainer*tr);

/*:26*//*34:*/
#line 1200 "chapters/train.w"

double heldout_loss(trainer*tr);
int train_run(trainer*tr,size_t until,int progress,char*err,size_t len);
int trainer_query_only(trainer*tr,int on);

/*:34*//*37:*/
#line 1251 "chapters/train.w"

void output_errors(trainer*tr,uint64_t seed,uint64_t stream,size_t prompts,double*err);

/*:37*/
#line 19 "chapters/train.w"

#endif
#line 21 "chapters/train.w"

/*:1*/
