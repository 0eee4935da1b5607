/*1:*/
#line 24 "chapters/reproduce.w"

#ifndef MHICL_REPRODUCE_H
#define MHICL_REPRODUCE_H
#include <stddef.h> 
#include <stdint.h> 
#include "train.h"
/*3:*/
#line 62 "chapters/reproduce.w"

enum{FAMILY_THEORY,FAMILY_GPT2,FAMILIES};
typedef struct{
const char*name;
size_t d,s,n,width;
size_t layers[4],n_layers,heads[4],n_heads;
double sigma_main,sigma_extra[2];
size_t prune_layers;
size_t steps[FAMILIES],warmup,batch;
double lr[FAMILIES];
size_t length_prompts,mask_prompts,probe_prompts,baseline_tune;
}chen_scale;

typedef struct{
int family;
size_t layers,heads;
double sigma;
uint64_t seed;
char name[96];
}chen_run;

/*:3*/
#line 30 "chapters/reproduce.w"

/*5:*/
#line 94 "chapters/reproduce.w"

const chen_scale*chen_scale_named(const char*name);
size_t chen_run_list(const chen_scale*sc,size_t seeds,chen_run*out,size_t max);

/*:5*//*7:*/
#line 143 "chapters/reproduce.w"

void chen_train_config(const chen_scale*sc,const chen_run*r,size_t threads,train_config*c);

/*:7*//*15:*/
#line 394 "chapters/reproduce.w"

int chen_analyze_checkpoint(const char*ckpt,const char*scale,const char*dir,size_t threads,
char*err,size_t len);

/*:15*//*17:*/
#line 434 "chapters/reproduce.w"

int chen_baselines(const chen_scale*sc,double sigma,uint64_t seed,const char*dir,
char*err,size_t len);
int chen_reproduce_baselines(const char*scale,const char*dir,size_t seeds,char*err,
size_t len);

/*:17*//*22:*/
#line 607 "chapters/reproduce.w"

int chen_reproduce(const char*scale,const char*dir,size_t seeds,int family,size_t threads,
char*err,size_t len);

/*:22*/
#line 31 "chapters/reproduce.w"

#endif
#line 33 "chapters/reproduce.w"

/*:1*/
