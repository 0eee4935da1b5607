/*1:*/
#line 27 "chapters/reproduce.w"

#ifndef MHICL_REPRODUCE_H
#define MHICL_REPRODUCE_H
#include <stddef.h> 
#include <stdint.h> 
#include <stdio.h> 
#include "train.h"
/*3:*/
#line 67 "chapters/reproduce.w"

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

/*:3*//*23:*/
#line 719 "chapters/reproduce.w"

typedef struct grid_plan grid_plan;
typedef struct{
char name[96];
double cost;
size_t item;
}grid_unit;
typedef struct{
const char*name;
int(*run)(const grid_plan*p,const grid_unit*u,char*err,size_t len);
int(*join)(const grid_plan*p,char*err,size_t len);
}grid_paper;
struct grid_plan{
const grid_paper*paper;
char dir[256];
char options[256];
char identity[160];
size_t threads;
size_t count;
grid_unit*units;
void*own;
void(*own_free)(void*own);
};

/*:23*//*32:*/
#line 951 "chapters/reproduce.w"

typedef struct{
const chen_scale*sc;
size_t seeds;
int family;
size_t n_runs;
chen_run*runs;
}chen_grid;

/*:32*/
#line 34 "chapters/reproduce.w"

/*5:*/
#line 99 "chapters/reproduce.w"

const chen_scale*chen_scale_named(const char*name);
size_t chen_run_list(const chen_scale*sc,size_t seeds,chen_run*out,size_t max);

/*:5*//*7:*/
#line 156 "chapters/reproduce.w"

void chen_train_config(const chen_scale*sc,const chen_run*r,size_t threads,train_config*c);
trainer*grid_train(train_config*c,const char*dir,const char*name,char*err,size_t len);
trainer*grid_trainer(train_config*c,const char*dir,const char*name,char*err,size_t len);

/*:7*//*15:*/
#line 433 "chapters/reproduce.w"

int chen_analyze_checkpoint(const char*ckpt,const char*scale,const char*dir,size_t threads,
char*err,size_t len);

/*:15*//*17:*/
#line 479 "chapters/reproduce.w"

int chen_baselines(const chen_scale*sc,double sigma,uint64_t seed,const char*dir,
char*err,size_t len);
int chen_reproduce_baselines(const char*scale,const char*dir,size_t seeds,char*err,
size_t len);

/*:17*//*24:*/
#line 743 "chapters/reproduce.w"

int grid_plan_init(grid_plan*p,const grid_paper*paper,const char*dir,size_t threads,
size_t count,char*err,size_t len);
void grid_plan_free(grid_plan*p);
const grid_unit*grid_unit_named(const grid_plan*p,const char*name);
int grid_unit_state(const grid_plan*p,const grid_unit*u,char*err,size_t len);
int grid_run_unit(const grid_plan*p,const grid_unit*u,double*seconds,char*err,size_t len);
int grid_join(const grid_plan*p,char*err,size_t len);
int grid_run_all(const grid_plan*p,char*err,size_t len);
void grid_plan_print(const grid_plan*p,const char*program,FILE*out);
int grid_absolute(const char*path,char*out,size_t size);
int grid_join_csv(const char*path,char(*srcs)[512],size_t n,char*err,size_t len);
FILE*grid_open_csv(atomic_file*af,const char*dir,const char*name,const char*kind,
const char*prefix,const char*columns,char*err,size_t len);
int grid_make_dirs(const char*dir,char*err,size_t len);

/*:24*//*33:*/
#line 960 "chapters/reproduce.w"

int chen_plan(const char*scale,size_t seeds,int family,size_t threads,const char*dir,
grid_plan*p,char*err,size_t len);
int chen_reproduce(const char*scale,const char*dir,size_t seeds,int family,size_t threads,
char*err,size_t len);

/*:33*/
#line 35 "chapters/reproduce.w"

#endif
#line 37 "chapters/reproduce.w"

/*:1*/
