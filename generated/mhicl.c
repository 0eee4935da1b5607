/*1:*/
#line 12 "chapters/cli.w"

/*2:*/
#line 18 "chapters/cli.w"

#include <errno.h> 
#include <math.h> 
#include <signal.h> 
#include <stdarg.h> 
#include <stdio.h> 
#include <stdlib.h> 
#include <string.h> 
#include <unistd.h> 
#include <sys/stat.h> 
#include "support.h"
#include "tasks.h"
#include "estimators.h"
#include "risk.h"
#include "train.h"
#include "evaluate.h"
#include "construct.h"
#include "interpret.h"
#include "reproduce.h"
#include "he2025.h"
#include "musat2024.h"
#include "softmax.h"

/*:2*/
#line 13 "chapters/cli.w"

/*3:*/
#line 41 "chapters/cli.w"

static const char usage_main[]= 
"usage: mhicl <command> [options]\n"
"\n"
"commands:\n"
"  risk    excess risk of PtO, GD, ridge, OLS, Lasso, the support oracle,\n"
"          the best linear estimator (lmmse) and the Bayes posterior mean\n"
"          on in-context sparse linear regression, tuned, against n\n"
"  train   train a transformer on fresh in-context regression tasks\n"
"  eval    evaluate a trained model (checkpoint) with the common protocol\n"
"  heads   risk of the H-head preprocessing against H (constructions chapter)\n"
"  compare trained linear-attention models against their constructions\n"
"  reproduce chen   train transformers and run masking, pruning and probing\n"
"  reproduce he     train He et al.'s one-layer softmax model and read its circuit\n"
"  reproduce musat  train retrieval models: IC or not, depth, head roles, emergence\n"
"  dump    write a trained model's named activations (TransformerLens names), tokens too\n"
"  softmax flow|risk  the reduced softmax model's gradient flow, or its\n"
"          estimators against the prompt length (softmax chapter), CSV\n"
"  info    the OpenBLAS kernels in use (see the support chapter)\n"
"\n"
"mhicl <command> --help describes a command's options.\n";

static const char usage_risk[]= 
"usage: mhicl risk [options]\n"
"\n"
"Tunes every method on independent tasks, then measures its excess risk\n"
"||beta_hat - beta||_Sigma^2 on fresh tasks, for each prompt length n.\n"
"Prints a table; --out also writes a CSV (one row per n and method).\n"
"\n"
"task options:\n"
"  --d N            dimension (default 20)\n"
"  --s N            nonzeros of beta for sparse priors (default 3)\n"
"  --beta KIND      prior of beta: sparse (Gaussian nonzeros, default),\n"
"                   sign (nonzeros +-b/sqrt(s)), dense (N(0, b^2/d I))\n"
"  --b X            signal scale, E||beta||^2 = b^2 (default 1; mhicl train\n"
"                   defaults to b = 0, unit-variance nonzeros, E||beta||^2 = s)\n"
"  --sigma X        noise level (default 0.5)\n"
"  --rho X          covariance Sigma_ij = rho^|i-j| (default 0: identity)\n"
"experiment options:\n"
"  --n-min N        smallest prompt length (default 30)\n"
"  --n-max N        largest prompt length (default 200)\n"
"  --n-step N       step between prompt lengths (default 10)\n"
"  --trials N       evaluation tasks per n (default 2000)\n"
"  --tune-trials N  tuning tasks per n (default 1000)\n"
"  --methods LIST   comma-separated subset of\n"
"                   ols,ridge,gd,lasso,oracle,lmmse,bayes,pto (default: all);\n"
"                   lmmse: ridge with mu = sigma^2 d/(n b^2), the best linear\n"
"                   estimator; bayes: the exact posterior mean under the prior,\n"
"                   by enumeration of supports (and signs), at most 1e6 terms\n"
"                   per prompt, needs sigma > 0\n"
"  --pto-variant V  preprocessing phi(r): r (default), abs, sq, residual\n"
"  --pto-c X        c of the residual form 1 + c r (default 1)\n"
"  --t-max N        most gradient steps for GD and PtO, the depth budget\n"
"                   (default 1000; step counts 1, 2, 3, 4, 5, 6, 8, 10, ... up to N)\n"
"  --pto-step S     fixed (eta, default; steps 0.005..1, kept only if\n"
"                   eta lambda_max(A) <= 1 on every tuning task) or\n"
"                   relative (eta / lambda_max(A), eta 0.1..1.95)\n"
"  --seed N         seed of all random streams (default 1)\n"
"  --threads N      worker threads; results do not depend on it (default 1)\n"
"  --out FILE       write the CSV to FILE (atomically)\n"
"  --quiet          no progress on stderr\n"
"  --help           this text\n";

/*:3*//*7:*/
#line 172 "chapters/cli.w"

static atomic_file out_file;

/*:7*//*10:*/
#line 241 "chapters/cli.w"

typedef struct{const char*opt,*path;int output;const char*may_be;}named_file;

/*:10*/
#line 14 "chapters/cli.w"

/*4:*/
#line 107 "chapters/cli.w"

static void usage_error(const char*format,...)__attribute__((noreturn,format(printf,1,2)));
static void usage_error(const char*format,...)
{
va_list args;
fputs("mhicl: ",stderr);
va_start(args,format);
vfprintf(stderr,format,args);
va_end(args);
fputs(" (see mhicl --help)\n",stderr);
exit(2);
}

/*:4*//*5:*/
#line 123 "chapters/cli.w"

static unsigned long long parse_count(const char*opt,const char*text,unsigned long long lo,
unsigned long long hi)
{
char*end;
errno= 0;
if(text[0]=='-'||text[0]=='\0')usage_error("%s: '%s' is not a count",opt,text);
unsigned long long v= strtoull(text,&end,10);
if(errno!=0||*end!='\0')usage_error("%s: '%s' is not a count",opt,text);
if(v<lo||v> hi)usage_error("%s: %llu is out of range [%llu, %llu]",opt,v,lo,hi);
return v;
}

static double parse_real(const char*opt,const char*text,double lo,double hi)
{
char*end;
errno= 0;
double v= strtod(text,&end);
if(errno!=0||*end!='\0'||end==text||!isfinite(v))
usage_error("%s: '%s' is not a finite number",opt,text);
if(v<lo||v> hi)usage_error("%s: %g is out of range [%g, %g]",opt,v,lo,hi);
return v;
}

/*:5*//*6:*/
#line 149 "chapters/cli.w"

static void parse_methods(const char*text,int*use)
{
char buf[256];
if(strlen(text)>=sizeof buf)usage_error("--methods: list too long");
strcpy(buf,text);
for(int m= 0;m<M_COUNT;m++)use[m]= 0;
int any= 0;
for(char*tok= strtok(buf,",");tok;tok= strtok(NULL,",")){
int m= method_from_name(tok);
if(m<0)usage_error("--methods: unknown method '%s'",tok);
use[m]= 1;any= 1;
}
if(!any)usage_error("--methods: empty list");
}

/*:6*//*8:*/
#line 175 "chapters/cli.w"

static void open_out(const char*out)
{
if(atomic_open(&out_file,out)!=0)usage_error("--out: cannot write '%s': %s",out,out_file.why);
}

static void commit_out(const char*out)
{
if(atomic_commit(&out_file)!=0)mhicl_fatal("cannot write '%s': %s",out,out_file.why);
printf("wrote %s\n",out);
}

/*:8*//*11:*/
#line 244 "chapters/cli.w"

static void check_files(const named_file*files,size_t n)
{
char why[400];
for(size_t i= 0;i<n;i++){
if(files[i].path==NULL||!files[i].output)continue;
if(atomic_check_target(files[i].path,why,sizeof why)!=0)
usage_error("%s: cannot write '%s': %s",files[i].opt,files[i].path,why);
for(size_t j= 0;j<n;j++){
if(j==i||files[j].path==NULL||(files[j].output&&j<i))continue;
if(files[i].may_be&&strcmp(files[i].may_be,files[j].opt)==0)continue;
if(same_file(files[i].path,files[j].path))
usage_error("%s and %s name the same file '%s'",files[i].opt,files[j].opt,
files[i].path);
}
}
}

/*:11*//*12:*/
#line 271 "chapters/cli.w"

static void check_output_dir(const char*opt,const char*dir)
{
struct stat st;
char why[400];
if(stat(dir,&st)!=0){
if(atomic_check_target(dir,why,sizeof why)==0)return;
if(stat(dir,&st)!=0)usage_error("%s: cannot make the folder '%s': %s",opt,dir,why);
}
if(!S_ISDIR(st.st_mode))
usage_error("%s: cannot make the folder '%s': it exists and is not a folder",opt,dir);
if(access(dir,W_OK|X_OK)!=0)
usage_error("%s: cannot write in '%s': %s",opt,dir,strerror(errno));
}

/*:12*//*13:*/
#line 288 "chapters/cli.w"

static int command_risk(int argc,char**argv)
{
risk_config cfg;
risk_config_init(&cfg);
size_t d= 20,s= 3,n_min= 30,n_max= 200,n_step= 10;
unsigned t_max= RISK_T_MAX;
double b= 1.0,sigma= 0.5,rho= 0.0;
beta_kind kind= BETA_SPARSE_GAUSS;
const char*out= NULL;
cfg.progress= 1;
for(int i= 0;i<argc;i++){
const char*opt= argv[i];
if(strcmp(opt,"--help")==0){fputs(usage_risk,stdout);return 0;}
if(strcmp(opt,"--quiet")==0){cfg.progress= 0;continue;}
if(strncmp(opt,"--",2)!=0)usage_error("risk: unexpected argument '%s'",opt);
if(i+1>=argc)usage_error("%s needs a value",opt);
const char*val= argv[++i];
/*14:*/
#line 313 "chapters/cli.w"

if(strcmp(opt,"--d")==0)d= parse_count(opt,val,1,1000);
else if(strcmp(opt,"--s")==0)s= parse_count(opt,val,1,1000);
else if(strcmp(opt,"--b")==0)b= parse_real(opt,val,0.0,1e6);
else if(strcmp(opt,"--sigma")==0)sigma= parse_real(opt,val,0.0,1e6);
else if(strcmp(opt,"--rho")==0)rho= parse_real(opt,val,-0.99,0.99);
else if(strcmp(opt,"--n-min")==0)n_min= parse_count(opt,val,1,1000000);
else if(strcmp(opt,"--n-max")==0)n_max= parse_count(opt,val,1,1000000);
else if(strcmp(opt,"--n-step")==0)n_step= parse_count(opt,val,1,1000000);
else if(strcmp(opt,"--trials")==0)cfg.trials= parse_count(opt,val,2,100000000);
else if(strcmp(opt,"--tune-trials")==0)
cfg.tune_trials= parse_count(opt,val,1,100000000);
else if(strcmp(opt,"--seed")==0)cfg.seed= parse_count(opt,val,0,UINT64_MAX);
else if(strcmp(opt,"--threads")==0)cfg.threads= (unsigned)parse_count(opt,val,1,256);
else if(strcmp(opt,"--methods")==0)parse_methods(val,cfg.use);
else if(strcmp(opt,"--pto-c")==0)cfg.pto.c= parse_real(opt,val,-1e6,1e6);
else if(strcmp(opt,"--out")==0)out= val;
else if(strcmp(opt,"--t-max")==0)t_max= (unsigned)parse_count(opt,val,1,100000);
else if(strcmp(opt,"--beta")==0){
if(strcmp(val,"sparse")==0)kind= BETA_SPARSE_GAUSS;
else if(strcmp(val,"sign")==0)kind= BETA_SPARSE_SIGN;
else if(strcmp(val,"dense")==0)kind= BETA_DENSE;
else usage_error("--beta: unknown prior '%s' (sparse, sign or dense)",val);
}else if(strcmp(opt,"--pto-step")==0){
if(strcmp(val,"relative")==0)cfg.pto.relative_step= 1;
else if(strcmp(val,"fixed")==0)cfg.pto.relative_step= 0;
else usage_error("--pto-step: unknown step rule '%s' (relative or fixed)",val);
}else if(strcmp(opt,"--pto-variant")==0){
if(strcmp(val,"r")==0)cfg.pto.variant= PTO_R;
else if(strcmp(val,"abs")==0)cfg.pto.variant= PTO_ABS;
else if(strcmp(val,"sq")==0)cfg.pto.variant= PTO_SQ;
else if(strcmp(val,"residual")==0)cfg.pto.variant= PTO_RESIDUAL;
else usage_error("--pto-variant: unknown variant '%s' (r, abs, sq or residual)",val);
}else usage_error("risk: unknown option '%s'",opt);

/*:14*/
#line 306 "chapters/cli.w"

}
/*15:*/
#line 352 "chapters/cli.w"

if(kind!=BETA_DENSE&&s> d)usage_error("--s: %zu nonzeros exceed the dimension %zu",s,d);
if(n_max<n_min)usage_error("--n-max %zu is below --n-min %zu",n_max,n_min);
size_t count= (n_max-n_min)/n_step+1;
if(count> 1000)usage_error("--n-min/--n-max/--n-step: %zu prompt lengths (at most 1000)",count);
task_spec_init(&cfg.spec,d,s,kind,b,sigma);
risk_grids_free(&cfg.grids);
risk_grids_default(&cfg.grids,t_max,cfg.pto.relative_step);
cfg.rho= rho;
if(cfg.use[M_BAYES]){
sparse_prior prior= risk_bayes_prior(&cfg.spec);
if(!(sigma> 0.0))
usage_error("--sigma 0: the Bayes posterior mean needs sigma > 0 (leave bayes out of --methods)");
if(bayes_terms(d,&prior)> BAYES_MAX_TERMS)
usage_error("bayes: %.4g terms per prompt exceed the enumeration cap %.0g (leave bayes out of --methods, or lower d or s)",
bayes_terms(d,&prior),BAYES_MAX_TERMS);
}
if(rho!=0.0){
gsl_matrix*Sigma= gsl_matrix_alloc(d,d);
for(size_t i= 0;i<d;i++)
for(size_t j= 0;j<d;j++)
gsl_matrix_set(Sigma,i,j,pow(rho,fabs((double)i-(double)j)));
if(task_spec_set_covariance(&cfg.spec,Sigma)!=0)
usage_error("--rho: covariance is not positive definite");
gsl_matrix_free(Sigma);
}
cfg.n_count= count;
cfg.ns= xmalloc(count*sizeof(size_t));
for(size_t i= 0;i<count;i++)cfg.ns[i]= n_min+i*n_step;
if(out!=NULL){
named_file files[]= {{"--out",out,1,NULL}};
check_files(files,1);
open_out(out);
}

/*:15*/
#line 308 "chapters/cli.w"

/*16:*/
#line 387 "chapters/cli.w"

risk_result res;
double t0= mhicl_seconds();
risk_run(&cfg,&res);
double elapsed= mhicl_seconds()-t0;
risk_print_table(stdout,&cfg,&res);
printf("time: %.1f s with %u thread%s\n",elapsed,cfg.threads,cfg.threads==1?"":"s");
if(out!=NULL){
risk_write_csv(out_file.f,&cfg,&res);
commit_out(out);
}
risk_result_free(&res);
risk_grids_free(&cfg.grids);
task_spec_free(&cfg.spec);
free(cfg.ns);

/*:16*/
#line 309 "chapters/cli.w"

return 0;
}

/*:13*//*17:*/
#line 415 "chapters/cli.w"

static void train_usage(FILE*f)
{
fputs("usage: mhicl train [--config FILE] [--resume CHECKPOINT] [--until STEP]\n"
"                   [--quiet] [--KEY VALUE]...\n\n"
"With --resume, the configuration is the checkpoint's; --config FILE and --KEY options\n"
"may change only the keys marked [may change on --resume]; any other key that differs\n"
"from the checkpoint's is refused. A resumed run writes the checkpoint it was resumed\n"
"from, and a log beside it (CKPT.log.csv for a copy), unless --checkpoint/--log say\n"
"otherwise. No output may be an input (checked before the first step).\n"
"\nkeys (also for the config file, key = value):\n",f);
train_config_help(f);
}

static int command_train(int argc,char**argv)
{
train_config cfg;
train_config_default(&cfg);
const char*resume= NULL,*config= NULL;
size_t until= (size_t)-1;
int progress= 1;
char err[512];
for(int i= 0;i<argc;i++){
if(strcmp(argv[i],"--help")==0){train_usage(stdout);return 0;}
const char**which= !strcmp(argv[i],"--config")?&config:!strcmp(argv[i],"--resume")?&resume:NULL;
if(which&&i+1<argc){
if(*which)usage_error("%s given twice",argv[i]);
*which= argv[++i];
}
}
trainer*tr= NULL;
if(resume){
tr= checkpoint_load(resume,err,sizeof err);
if(tr==NULL){fprintf(stderr,"mhicl: %s\n",err);return 1;}
cfg= tr->cfg;
}
if(config&&train_config_read(&cfg,config,err,sizeof err)!=0)usage_error("--config: %s",err);
for(int i= 0;i<argc;i++){
const char*opt= argv[i];
if(!strcmp(opt,"--quiet")){progress= 0;continue;}
if(strncmp(opt,"--",2)!=0)usage_error("train: unexpected argument '%s'",opt);
if(i+1>=argc)usage_error("%s needs a value",opt);
const char*val= argv[++i];
if(!strcmp(opt,"--config")||!strcmp(opt,"--resume"))continue;
if(!strcmp(opt,"--until")){until= parse_count(opt,val,1,(unsigned long long)1e12);continue;}
if(train_config_set(&cfg,opt+2,val,err,sizeof err)!=0)usage_error("%s",err);
}
const char*bad= train_config_check(&cfg);
if(bad)usage_error("train: %s",bad);
if(tr)/*18:*/
#line 485 "chapters/cli.w"

{
const char*key= train_config_resume_change(&tr->cfg,&cfg);
if(key)
usage_error("--resume: '%s' differs from the checkpoint's; only steps, eval_every, "
"eval_prompts, checkpoint_every, log, checkpoint and threads may change",key);
if(cfg.steps<tr->step)
usage_error("--steps: %zu is below step %zu, where the checkpoint is",cfg.steps,tr->step);
if(train_resume_outputs(&cfg,&tr->cfg,resume,err,sizeof err)!=0)usage_error("%s",err);
}

/*:18*/
#line 464 "chapters/cli.w"

named_file files[]= {{"--config",config,0,NULL},{"--resume",resume,0,NULL},
{"--log",cfg.log[0]?cfg.log:NULL,1,NULL},
{"--checkpoint",cfg.checkpoint[0]?cfg.checkpoint:NULL,1,"--resume"}};
check_files(files,4);
if(tr==NULL){
tr= trainer_new(&cfg);
model_init(tr->m,cfg.seed,cfg.init_std);
}else trainer_reconfigure(tr,&cfg);
if(progress)
fprintf(stderr,"train: %zu parameters, steps %zu to %zu\n",tr->m->n_params,tr->step,
until<cfg.steps?until:cfg.steps);
double t0= mhicl_seconds();
int status= train_run(tr,until,progress,err,sizeof err);
if(status!=0){fprintf(stderr,"mhicl: %s\n",err);trainer_free(tr);return 1;}
printf("trained to step %zu in %.1f s; held-out loss %.6g\n",tr->step,mhicl_seconds()-t0,
heldout_loss(tr));
trainer_free(tr);
return 0;
}

/*:17*//*19:*/
#line 501 "chapters/cli.w"

static int eval_retrieval(trainer*tr,size_t sequences,uint64_t seed,const char*out)
{
const retrieval_spec*s= &tr->cfg.retrieval;
retrieval_acc acc;
retrieval_evaluate(tr->m,s,seed,STREAM_EVAL,sequences,tr->cfg.batch,&acc);
printf("exact match per depth, %zu sequences (V = %zu, N = %zu, K = %zu, D = %zu), "
"chance %.3f\n%-12s %5s %9s %8s %17s\n",sequences,s->V,s->N,s->K,s->D,
retrieval_chance(s),"position","depth","trials","accuracy","95% Wilson");
for(size_t bin= 1;bin<=acc.D+1;bin++){
size_t k= bin<=acc.D?bin:0;
if(acc.total[k]==0)continue;
interval w= retrieval_acc_interval(&acc,k,1.96);
printf("%-12s %5zu %9zu %8.4f   [%.4f, %.4f]\n",k?"destination":"query",k?k:acc.D,
acc.total[k],w.mean,w.lo,w.hi);
}
if(out!=NULL){
retrieval_acc_write_csv(out_file.f,&acc,s,seed,1.96);
commit_out(out);
}
retrieval_acc_free(&acc);
trainer_free(tr);
return 0;
}

/*:19*//*20:*/
#line 531 "chapters/cli.w"

static int eval_outputs(trainer*tr,size_t prompts,uint64_t seed,const char*out)
{
size_t R= model_outputs(&tr->cfg.arch);
double*err= xmalloc(prompts*R*sizeof(double));
output_errors(tr,seed,STREAM_EVAL,prompts,err);
printf("risk per output at the query, %zu prompts\n%6s %12s %12s\n",prompts,"output","risk","se");
if(out!=NULL)fprintf(out_file.f,"output,risk,se,prompts,seed\n");
for(size_t r= 0;r<R;r++){
mc_summary m= mc_summarize(err+r,prompts,R);
printf("%6zu %12.6g %12.3g\n",r+1,m.mean,m.se);
if(out!=NULL)
fprintf(out_file.f,"%zu,%.17g,%.17g,%zu,%llu\n",r+1,m.mean,m.se,prompts,
(unsigned long long)seed);
}
if(out!=NULL)commit_out(out);
free(err);
trainer_free(tr);
return 0;
}

/*:20*//*21:*/
#line 556 "chapters/cli.w"

static int command_eval(int argc,char**argv)
{
const char*ckpt= NULL,*out= NULL;
size_t prompts= 1280;
uint64_t seed= 1;
for(int i= 0;i<argc;i++){
const char*opt= argv[i];
if(!strcmp(opt,"--help")){
puts("usage: mhicl eval --checkpoint FILE [--prompts N (1280)] [--seed S (1)] [--out CSV]");
return 0;
}
if(i+1>=argc)usage_error("%s needs a value",opt);
const char*val= argv[++i];
if(!strcmp(opt,"--checkpoint"))ckpt= val;
else if(!strcmp(opt,"--prompts"))prompts= parse_count(opt,val,2,100000000);
else if(!strcmp(opt,"--seed"))seed= parse_count(opt,val,0,UINT64_MAX);
else if(!strcmp(opt,"--out"))out= val;
else usage_error("eval: unknown option '%s'",opt);
}
if(ckpt==NULL)usage_error("eval: --checkpoint is required");
named_file files[]= {{"--checkpoint",ckpt,0,NULL},{"--out",out,1,NULL}};
check_files(files,2);
char err[512];
trainer*tr= checkpoint_load(ckpt,err,sizeof err);
if(tr==NULL){fprintf(stderr,"mhicl: %s\n",err);return 1;}
if(out!=NULL)open_out(out);
if(tr->cfg.task_kind==TASK_RETRIEVAL)return eval_retrieval(tr,prompts,seed,out);
if(tr->cfg.task_kind==TASK_MULTITASK)return eval_outputs(tr,prompts,seed,out);
eval_result res;
evaluate_model(tr,prompts,seed,&res);
/*22:*/
#line 597 "chapters/cli.w"

printf("normalized squared error (zero predictor = 1), mean over %zu prompts\n%6s",prompts,"prefix");
for(int meth= 0;meth<EV_COUNT;meth++)printf(" %13s",eval_method_names[meth]);
putchar('\n');
for(size_t k= 0;k<res.n_prefix;k++){
printf("%6zu",res.prefix[k]);
for(int meth= 0;meth<EV_COUNT;meth++){
mc_summary s= mc_summarize(res.err+((size_t)meth*res.n_prefix+k)*prompts,prompts,1);
printf(" %13.4g",s.mean);
}
putchar('\n');
}

/*:22*/
#line 587 "chapters/cli.w"

if(out!=NULL){
eval_write_csv(out_file.f,&res,seed);
commit_out(out);
}
eval_result_free(&res);
trainer_free(tr);
return 0;
}

/*:21*//*23:*/
#line 615 "chapters/cli.w"

static int command_heads(int argc,char**argv)
{
size_t d= 8,s= 2,n= 40,trials= 2000,tune= 500;
double sigma= 0.5;
uint64_t seed= 1;
const char*out= NULL;
for(int i= 0;i<argc;i++){
const char*opt= argv[i];
if(!strcmp(opt,"--help")){
puts("usage: mhicl heads [--d 8] [--s 2] [--sigma 0.5] [--n 40] [--trials 2000]\n"
"                   [--tune-trials 500] [--seed 1] [--out CSV]");
return 0;
}
if(i+1>=argc)usage_error("%s needs a value",opt);
const char*val= argv[++i];
if(!strcmp(opt,"--d"))d= parse_count(opt,val,1,256);
else if(!strcmp(opt,"--s"))s= parse_count(opt,val,1,256);
else if(!strcmp(opt,"--n"))n= parse_count(opt,val,1,1000000);
else if(!strcmp(opt,"--sigma"))sigma= parse_real(opt,val,0.0,1e6);
else if(!strcmp(opt,"--trials"))trials= parse_count(opt,val,2,100000000);
else if(!strcmp(opt,"--tune-trials"))tune= parse_count(opt,val,1,100000000);
else if(!strcmp(opt,"--seed"))seed= parse_count(opt,val,0,UINT64_MAX);
else if(!strcmp(opt,"--out"))out= val;
else usage_error("heads: unknown option '%s'",opt);
}
if(s> d)usage_error("--s: %zu nonzeros exceed the dimension %zu",s,d);
if(out!=NULL){
named_file files[]= {{"--out",out,1,NULL}};
check_files(files,1);
open_out(out);
}
task_spec spec;
task_spec_init(&spec,d,s,BETA_SPARSE_GAUSS,1.0,sigma);
double*r= xmalloc(trials*sizeof(double));
if(out)

fprintf(out_file.f,"version,prior,b,d,s,sigma,rho,n,H,pto_step,t_max,risk_mean,risk_se,"
"trials,tune_trials,seed\n");
printf("tuned excess risk of the H-head preprocessing, d = %zu, s = %zu, sigma = %g, n = %zu\n",
d,s,sigma,n);
for(size_t H= 1;H<=d;H++){
grouped_head_risk(&spec,n,H,tune,trials,seed,r);
mc_summary m= mc_summarize(r,trials,1);
printf("  H = %3zu  %.5f +- %.5f\n",H,m.mean,m.se);
if(out)fprintf(out_file.f,"%s,sparse,1,%zu,%zu,%.17g,0,%zu,%zu,relative,100,%.17g,%.17g,"
"%zu,%zu,%llu\n",MHICL_VERSION,d,s,sigma,n,H,m.mean,m.se,trials,tune,
(unsigned long long)seed);
}
free(r);
if(out!=NULL)commit_out(out);
return 0;
}

/*:23*//*24:*/
#line 674 "chapters/cli.w"

static int command_softmax(int argc,char**argv)
{
static const size_t Ls[19]= {10,15,20,25,30,35,40,45,50,55,60,65,70,75,80,
85,90,95,100};
size_t points= 200,trials= 20000;
uint64_t seed= 1;
const char*out= NULL;
if(argc<1||!strcmp(argv[0],"--help")){
puts("usage: mhicl softmax flow [--points 200] [--seed 1] --out CSV\n"
"       mhicl softmax risk [--trials 20000] [--seed 1] --out CSV");
return 0;
}
int flow= !strcmp(argv[0],"flow");
if(!flow&&strcmp(argv[0],"risk")!=0)
usage_error("softmax: unknown part '%s' (flow or risk)",argv[0]);
for(int i= 1;i<argc;i++){
const char*opt= argv[i];
if(i+1>=argc)usage_error("%s needs a value",opt);
const char*val= argv[++i];
if(flow&&!strcmp(opt,"--points"))points= parse_count(opt,val,2,100000);
else if(!flow&&!strcmp(opt,"--trials"))trials= parse_count(opt,val,2,100000000);
else if(!strcmp(opt,"--seed"))seed= parse_count(opt,val,0,UINT64_MAX);
else if(!strcmp(opt,"--out"))out= val;
else usage_error("softmax %s: unknown option '%s'",argv[0],opt);
}
if(out==NULL)usage_error("softmax: --out is required");
named_file files[]= {{"--out",out,1,NULL}};
check_files(files,1);
open_out(out);
if((flow?sm_flow_csv(out_file.f,points,seed):sm_compare_csv(out_file.f,Ls,19,trials,
seed))!=0)mhicl_fatal("softmax: the ODE solver failed");
commit_out(out);
return 0;
}

/*:24*//*25:*/
#line 714 "chapters/cli.w"

static int command_compare(int argc,char**argv)
{
train_config c;
train_config_default(&c);
char err[512];
const char*defaults[][2]= {{"d","8"},{"s","2"},{"beta","sparse"},{"b","1"},
{"sigma","0.5"},{"n","40"},{"steps","3000"},{"lr","0.005"},{"batch","64"},
{"eval_every","0"},{"eval_prompts","64"},{"format","stacked"},{"loss","query"}};
for(size_t i= 0;i<sizeof defaults/sizeof defaults[0];i++)
train_config_set(&c,defaults[i][0],defaults[i][1],err,sizeof err);
size_t prompts= 2000;
const char*out= NULL;
for(int i= 0;i<argc;i++){
const char*opt= argv[i];
if(!strcmp(opt,"--help")){
puts("usage: mhicl compare [--d 8] [--s 2] [--sigma 0.5] [--n 40] [--steps 3000]\n"
"                     [--lr 0.005] [--prompts 2000] [--seed 1] [--out CSV]");
return 0;
}
if(i+1>=argc)usage_error("%s needs a value",opt);
const char*val= argv[++i];
if(!strcmp(opt,"--out"))out= val;
else if(!strcmp(opt,"--prompts"))prompts= parse_count(opt,val,2,100000000);
else if(!strcmp(opt,"--d")||!strcmp(opt,"--s")||!strcmp(opt,"--sigma")||!strcmp(opt,"--n")
||!strcmp(opt,"--steps")||!strcmp(opt,"--lr")||!strcmp(opt,"--seed")){
if(train_config_set(&c,opt+2,val,err,sizeof err)!=0)usage_error("%s",err);
}else usage_error("compare: unknown option '%s'",opt);
}
c.arch= construct_config(c.d,c.n,1,1);
const char*bad= train_config_check(&c);
if(bad)usage_error("compare: %s",bad);
if(out!=NULL){
named_file files[]= {{"--out",out,1,NULL}};
check_files(files,1);
open_out(out);
fprintf(out_file.f,"model,layers,heads1,trained,trained_se,constructed,constructed_se,eta,cosine\n");
}
const size_t shapes[3][2]= {{1,1},{2,1},{2,c.d}};
printf("prediction risk E(y_hat - y_q)^2 (noise %g included), %zu prompts\n",c.sigma*c.sigma,prompts);
for(int i= 0;i<3;i++){
comparison r= compare_trained_constructed(&c,shapes[i][0],shapes[i][1],prompts);
printf("  L = %zu, H1 = %2zu: trained %.4f +- %.4f  constructed %.4f +- %.4f (eta %g)  cosine %.3f\n",
shapes[i][0],shapes[i][1],r.trained,r.trained_se,r.constructed,r.constructed_se,r.eta,r.cosine);
if(out)fprintf(out_file.f,"%d,%zu,%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n",i+1,
shapes[i][0],shapes[i][1],r.trained,r.trained_se,r.constructed,r.constructed_se,r.eta,r.cosine);
}
if(out!=NULL)commit_out(out);
return 0;
}

/*:25*//*26:*/
#line 783 "chapters/cli.w"

static int reproduce_musat(const char*scale,const char*out,const char*analyze,
const char*step,const char*unit,size_t seeds,size_t threads,const char*program);
static void plan_paths(const char*step,char*dir,size_t size,const char*program,char*prog,
size_t psize);
static int grid_command(grid_plan*p,const char*step,const char*unit,const char*prog,
const char*scale);
static int command_reproduce(int argc,char**argv,const char*program)
{
if(argc>=1&&!strcmp(argv[0],"--help")){
puts("usage: mhicl reproduce chen [--scale smoke|quick|paper (quick)] [--out DIR (chen-SCALE)]\n"
"                             [--family theory|gpt2|both (quick: theory; else both)]\n"
"                             [--seeds N (1)] [--only baselines]\n"
"                             [--threads K (2)]\n"
"                             [--plan | --unit NAME | --join]\n"
"         --plan: print one command per unit of the grid; --unit: run one unit;\n"
"         --join: join the finished units' files (as the run without these does)\n"
"       mhicl reproduce chen --analyze CHECKPOINT [--scale S (quick)] [--out DIR (chen-analyze)]\n"
"                             [--threads K (2)]\n"
"       mhicl reproduce he [--scale S (quick)] [--out DIR (he-SCALE)] [--seeds N (scale's)]\n"
"                          [--threads K (2)] [--plan | --unit NAME | --join]\n"
"       mhicl reproduce he --analyze CHECKPOINT [--scale S (quick)] [--out DIR (he-analyze)]\n"
"       mhicl reproduce musat [--scale S (quick)] [--seeds N (3)] [--threads K (2)]\n"
"                             [--out DIR (musat-SCALE)] [--plan | --unit NAME | --join]\n"
"       mhicl reproduce musat --analyze CHECKPOINT [--out DIR (musat-analyze)]");
return 0;
}
if(argc<1||(strcmp(argv[0],"chen")!=0&&strcmp(argv[0],"he")!=0
&&strcmp(argv[0],"musat")!=0))
usage_error("reproduce: the experiment to reproduce must be 'chen', 'he' or 'musat'");
const char*paper= argv[0];
int he= strcmp(paper,"he")==0,musat= strcmp(paper,"musat")==0;
const char*scale= "quick",*out= NULL,*analyze= NULL,*step= NULL,*unit= NULL;
const char*only= NULL;
size_t seeds= he?0:musat?3:1,threads= 2;
int grid_options= 0;
int family= -2;
for(int i= 1;i<argc;i++){
const char*opt= argv[i];
if(!strcmp(opt,"--plan")||!strcmp(opt,"--join")||!strcmp(opt,"--unit")){
if(step)usage_error("reproduce: %s and %s exclude each other",step,opt);
step= opt;
if(strcmp(opt,"--unit"))continue;
}
if(i+1>=argc)usage_error("%s needs a value",opt);
const char*val= argv[++i];
if(!strcmp(opt,"--scale")){
if((musat?musat_scale_named(val)!=NULL:chen_scale_named(val)!=NULL)==0)
usage_error("--scale: '%s' is not smoke, quick or paper",val);
scale= val;
}else if(!strcmp(opt,"--out"))out= val;
else if(!strcmp(opt,"--unit"))unit= val;
else if(!strcmp(opt,"--seeds")){seeds= parse_count(opt,val,1,10);grid_options= 1;}
else if(!strcmp(opt,"--analyze"))analyze= val;
else if(!strcmp(opt,"--only")&&!he&&!musat){
if(strcmp(val,"baselines")!=0)usage_error("--only: '%s' is not baselines",val);
only= val;
}
else if(!strcmp(opt,"--family")&&!he&&!musat){
grid_options= 1;
if(!strcmp(val,"theory"))family= FAMILY_THEORY;
else if(!strcmp(val,"gpt2"))family= FAMILY_GPT2;
else if(!strcmp(val,"both"))family= -1;
else usage_error("--family: '%s' is not theory, gpt2 or both",val);
}
else if(!strcmp(opt,"--threads"))threads= parse_count(opt,val,1,64);
else usage_error("reproduce: unknown option '%s'",opt);
}
if(musat)return reproduce_musat(scale,out,analyze,step,unit,seeds,threads,program);
char dir[256],err[8192];
if(analyze!=NULL){
if(grid_options)usage_error("reproduce: --analyze takes one model; --family and --seeds do not apply");
if(step)usage_error("reproduce: --analyze takes one model; %s does not apply",step);
if(only!=NULL)usage_error("reproduce: --analyze and --only baselines do not go together");
snprintf(dir,sizeof dir,"%s",out?out:he?"he-analyze":"chen-analyze");
check_output_dir("--out",dir);
int rc= he?he_analyze_checkpoint(analyze,scale,dir,err,sizeof err)
:chen_analyze_checkpoint(analyze,scale,dir,threads,err,sizeof err);
if(rc!=0){
fprintf(stderr,"mhicl: %s\n",err);
return rc==-2?2:1;
}
printf("reproduce %s: analyses of '%s' in %s/runs/\n",paper,analyze,dir);
return 0;
}
if(family==-2)family= strcmp(scale,"quick")==0?FAMILY_THEORY:-1;
snprintf(dir,sizeof dir,"%s-%s",paper,strcmp(scale,"quick")?"paper":"quick");
if(out)snprintf(dir,sizeof dir,"%s",out);
check_output_dir("--out",dir);
if(only!=NULL){
if(step)usage_error("reproduce: --only baselines and %s do not go together",step);
double t0= mhicl_seconds();
if(chen_reproduce_baselines(scale,dir,seeds,err,sizeof err)!=0){
fprintf(stderr,"mhicl: %s\n",err);
return 1;
}
printf("reproduce chen (%s): baselines in %s/chen_baselines.csv, %.0f s\n",scale,dir,
mhicl_seconds()-t0);
return 0;
}
/*27:*/
#line 890 "chapters/cli.w"

char prog[512];
plan_paths(step,dir,sizeof dir,program,prog,sizeof prog);
grid_plan p;
if((he?he_plan(scale,seeds,threads,dir,&p,err,sizeof err)
:chen_plan(scale,seeds,family,threads,dir,&p,err,sizeof err))!=0)usage_error("%s",err);
return grid_command(&p,step,unit,prog,scale);

/*:27*/
#line 883 "chapters/cli.w"

}

/*:26*//*28:*/
#line 898 "chapters/cli.w"

static void plan_paths(const char*step,char*dir,size_t size,const char*program,char*prog,
size_t psize)
{
snprintf(prog,psize,"%s",program);
if(!step||strcmp(step,"--plan"))return;
char given[256];
snprintf(given,sizeof given,"%s",dir);
if(grid_absolute(given,dir,size)!=0)
usage_error("--out: '%s' made absolute does not fit in 255 characters",given);
if(strchr(program,'/')==NULL||grid_absolute(program,prog,psize)!=0)
snprintf(prog,psize,"%s",program);
}

static int grid_command(grid_plan*p,const char*step,const char*unit,const char*prog,
const char*scale)
{
const char*paper= p->paper->name;
char err[8192];
const grid_unit*u= NULL;
if(unit&&(u= grid_unit_named(p,unit))==NULL){
grid_plan_free(p);
usage_error("--unit: no unit '%s' in this grid (--plan lists them)",unit);
}
double t0= mhicl_seconds(),seconds= 0;
int rc= 0;
if(step&&!strcmp(step,"--plan"))grid_plan_print(p,prog,stdout);
else if(u){
rc= grid_run_unit(p,u,&seconds,err,sizeof err);
if(rc>=0)printf("reproduce %s: unit %s %s\n",paper,unit,rc?"was finished already":"finished");
}else if(step){
rc= grid_join(p,err,sizeof err);
if(rc==0)
printf("reproduce %s (%s): %zu units joined into %s/%s_*.csv\n",paper,scale,p->count,p->dir,
paper);
}else{
rc= grid_run_all(p,err,sizeof err);
if(rc==0)
printf("reproduce %s (%s): results in %s/%s_*.csv, %.0f s\n",paper,scale,p->dir,paper,
mhicl_seconds()-t0);
}
grid_plan_free(p);
if(rc<0){fprintf(stderr,"mhicl: %s\n",err);return 1;}
return 0;
}

/*:28*//*29:*/
#line 950 "chapters/cli.w"

static int reproduce_musat(const char*scale,const char*out,const char*analyze,
const char*step,const char*unit,size_t seeds,size_t threads,const char*program)
{
char dir[256],err[8192];
if(analyze!=NULL){
if(step)usage_error("reproduce: --analyze takes one model; %s does not apply",step);
snprintf(dir,sizeof dir,"%s",out?out:"musat-analyze");
check_output_dir("--out",dir);
int rc= musat_analyze_checkpoint(analyze,dir,err,sizeof err);
if(rc==-2)usage_error("%s",err);
if(rc!=0){fprintf(stderr,"mhicl: %s\n",err);return 1;}
printf("reproduce musat: analyses of '%s' in %s/runs/\n",analyze,dir);
return 0;
}
snprintf(dir,sizeof dir,"%s",out?out:(strcmp(scale,"quick")?"musat-paper":"musat-quick"));
check_output_dir("--out",dir);
char prog[512];
plan_paths(step,dir,sizeof dir,program,prog,sizeof prog);
grid_plan p;
if(musat_plan(scale,seeds,threads,dir,&p,err,sizeof err)!=0)usage_error("%s",err);
return grid_command(&p,step,unit,prog,scale);
}

/*:29*//*30:*/
#line 981 "chapters/cli.w"

static int command_dump(int argc,char**argv)
{
const char*ckpt= NULL,*out= NULL;
size_t prompts= 1;
uint64_t seed= 1,first= 0;
int seed_given= 0;
for(int i= 0;i<argc;i++){
const char*opt= argv[i];
if(!strcmp(opt,"--help")){
puts("usage: mhicl dump --checkpoint FILE --out CSV [--prompts N (1)] [--first K (0)]\n"
"                  [--seed S (1; a retrieval model: its own)]\n"
"  prompts K..K+N-1 of the evaluation stream: their activations, TransformerLens names;\n"
"  for a retrieval model also the rows tokens, labels, depth and logits");
return 0;
}
if(i+1>=argc)usage_error("%s needs a value",opt);
const char*val= argv[++i];
if(!strcmp(opt,"--checkpoint"))ckpt= val;
else if(!strcmp(opt,"--out"))out= val;
else if(!strcmp(opt,"--prompts"))prompts= parse_count(opt,val,1,1024);
else if(!strcmp(opt,"--first"))first= parse_count(opt,val,0,UINT64_MAX/2);
else if(!strcmp(opt,"--seed")){seed= parse_count(opt,val,0,UINT64_MAX);seed_given= 1;}
else usage_error("dump: unknown option '%s'",opt);
}
if(ckpt==NULL||out==NULL)usage_error("dump: --checkpoint and --out are required");
named_file files[]= {{"--checkpoint",ckpt,0,NULL},{"--out",out,1,NULL}};
check_files(files,2);
char err[512];
trainer*tr= checkpoint_load(ckpt,err,sizeof err);
if(tr==NULL){fprintf(stderr,"mhicl: %s\n",err);return 1;}
if(tr->cfg.task_kind==TASK_MULTITASK){
fprintf(stderr,"mhicl: dump: '%s' is a model of the multi-task task; dump reads single-task "
"regression and retrieval models\n",ckpt);
trainer_free(tr);
return 2;
}
if(prompts> tr->m->B_max){
fprintf(stderr,"mhicl: dump: --prompts %zu exceeds the model's batch size %zu\n",prompts,
tr->m->B_max);
trainer_free(tr);
return 2;
}
open_out(out);
train_config c= tr->cfg;
if(c.task_kind==TASK_RETRIEVAL){
musat_dump(tr->m,&c.retrieval,seed_given?seed:c.seed,first,prompts,out_file.f);
commit_out(out);
trainer_free(tr);
return 0;
}
c.seed= seed;
prompt_batch*bt= batch_alloc(&c.arch,prompts,c.n);
task*t= task_alloc(c.n,c.d);
double*signal= xmalloc(prompts*sizeof(double));
bt->B= prompts;
probe_fill(&c,STREAM_EVAL,first,bt,t,signal);
model_forward(tr->m,bt);
dump_activations(tr->m,out_file.f);
commit_out(out);
free(signal);task_free(t);batch_free(bt);trainer_free(tr);
return 0;
}

/*:30*/
#line 15 "chapters/cli.w"

/*31:*/
#line 1047 "chapters/cli.w"

int main(int argc,char**argv)
{
mhicl_blas_choose_kernels(argv);
mhicl_install_gsl_handler();
mhicl_blas_single_thread();
atomic_remove_on_signals();
if(argc<2){fputs(usage_main,stderr);return 2;}
const char*cmd= argv[1];
if(strcmp(cmd,"--help")==0||strcmp(cmd,"-h")==0||strcmp(cmd,"help")==0){
fputs(usage_main,stdout);return 0;
}
if(strcmp(cmd,"risk")==0)return command_risk(argc-2,argv+2);
if(strcmp(cmd,"train")==0)return command_train(argc-2,argv+2);
if(strcmp(cmd,"eval")==0)return command_eval(argc-2,argv+2);
if(strcmp(cmd,"heads")==0)return command_heads(argc-2,argv+2);
if(strcmp(cmd,"compare")==0)return command_compare(argc-2,argv+2);
if(strcmp(cmd,"reproduce")==0)return command_reproduce(argc-2,argv+2,argv[0]);
if(strcmp(cmd,"dump")==0)return command_dump(argc-2,argv+2);
if(strcmp(cmd,"softmax")==0)return command_softmax(argc-2,argv+2);
if(strcmp(cmd,"info")==0){
if(argc> 2)usage_error("mhicl info takes no options");
const char*forced= getenv("OPENBLAS_CORETYPE"),*own= getenv("MHICL_OPENBLAS_OWN_CHOICE");
if(own)printf("OpenBLAS kernels: %s (chosen by mhicl; OpenBLAS chose %s)\n",mhicl_blas_core(),own);
else printf("OpenBLAS kernels: %s (OPENBLAS_CORETYPE %s%s)\n",mhicl_blas_core(),
forced?"= ":"unset",forced?forced:"");
return 0;
}
usage_error("unknown command '%s'",cmd);
}

/*:31*/
#line 16 "chapters/cli.w"


/*:1*/
