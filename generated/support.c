/*2:*/
#line 16 "chapters/support.w"

#include <errno.h> 
#include <stdarg.h> 
#include <stdlib.h> 
#include <string.h> 
#include <time.h> 
#include <unistd.h> 
#include <sys/stat.h> 
#include <gsl/gsl_errno.h> 
#include "support.h"
/*5:*/
#line 45 "chapters/support.w"

void mhicl_fatal(const char*format,...)
{
va_list args;
fputs("mhicl: ",stderr);
va_start(args,format);
vfprintf(stderr,format,args);
va_end(args);
fputc('\n',stderr);
exit(1);
}

void*xmalloc(size_t bytes)
{
void*p= malloc(bytes?bytes:1);
if(p==NULL)mhicl_fatal("out of memory (%zu bytes)",bytes);
return p;
}

void*xcalloc(size_t count,size_t size)
{
void*p= calloc(count?count:1,size?size:1);
if(p==NULL)mhicl_fatal("out of memory (%zu x %zu bytes)",count,size);
return p;
}

/*:5*//*7:*/
#line 88 "chapters/support.w"

static _Thread_local int gsl_errors_expected= 0;

void mhicl_gsl_expect_errors(int on)
{
gsl_errors_expected= on;
}

static void mhicl_gsl_handler(const char*reason,const char*file,int line,
int gsl_errno)
{
if(gsl_errors_expected)return;
mhicl_fatal("GSL error %d (%s) at %s:%d",gsl_errno,reason,file,line);
}

void mhicl_install_gsl_handler(void)
{
gsl_set_error_handler(mhicl_gsl_handler);
}

/*:7*//*9:*/
#line 133 "chapters/support.w"

uint64_t mhicl_mix64(uint64_t x)
{
x+= 0x9e3779b97f4a7c15ULL;
x= (x^(x>>30))*0xbf58476d1ce4e5b9ULL;
x= (x^(x>>27))*0x94d049bb133111ebULL;
return x^(x>>31);
}

uint64_t mhicl_stream_seed(uint64_t seed,uint64_t stream,uint64_t k)
{
return mhicl_mix64(mhicl_mix64(mhicl_mix64(seed)^stream)^k);
}

/*:9*//*10:*/
#line 151 "chapters/support.w"

typedef struct{uint64_t s[4];}xoshiro_state;

static inline uint64_t rotl64(uint64_t x,int k){return(x<<k)|(x>>(64-k));}

static uint64_t xoshiro_next(xoshiro_state*st)
{
uint64_t*s= st->s;
const uint64_t result= rotl64(s[1]*5,7)*9;
const uint64_t t= s[1]<<17;
s[2]^= s[0];s[3]^= s[1];s[1]^= s[2];s[0]^= s[3];
s[2]^= t;
s[3]= rotl64(s[3],45);
return result;
}

static void xoshiro_set(void*vstate,unsigned long seed)
{
xoshiro_state*st= vstate;
uint64_t z= (uint64_t)seed;
for(int i= 0;i<4;i++){
z+= 0x9e3779b97f4a7c15ULL;
st->s[i]= mhicl_mix64(z);
}
}

static unsigned long xoshiro_get(void*vstate)
{
return(unsigned long)(xoshiro_next(vstate)>>32);
}

static double xoshiro_get_double(void*vstate)
{
return(double)(xoshiro_next(vstate)>>11)*0x1.0p-53;
}

static const gsl_rng_type xoshiro_type= {
"xoshiro256**",0xffffffffUL,0,sizeof(xoshiro_state),
xoshiro_set,xoshiro_get,xoshiro_get_double};

const gsl_rng_type*mhicl_rng_xoshiro256= &xoshiro_type;

/*:10*//*11:*/
#line 197 "chapters/support.w"

_Static_assert(sizeof(unsigned long)==8,"mhicl needs 64-bit unsigned long seeds");

gsl_rng*mhicl_rng_alloc(void)
{
gsl_rng*rng= gsl_rng_alloc(mhicl_rng_xoshiro256);
if(rng==NULL)mhicl_fatal("out of memory (random generator)");
return rng;
}

void mhicl_rng_seek(gsl_rng*rng,uint64_t seed,uint64_t stream,uint64_t k)
{
gsl_rng_set(rng,(unsigned long)mhicl_stream_seed(seed,stream,k));
}

/*:11*//*14:*/
#line 236 "chapters/support.w"

double mhicl_seconds(void)
{
struct timespec ts;
clock_gettime(CLOCK_MONOTONIC,&ts);
return(double)ts.tv_sec+1e-9*(double)ts.tv_nsec;
}

int atomic_open(atomic_file*af,const char*path)
{
size_t len= strlen(path);
af->path= xmalloc(len+1);
memcpy(af->path,path,len+1);
af->tmp= xmalloc(len+16);
snprintf(af->tmp,len+16,"%s.tmp.",path);
mkstemp_template(af->tmp,len+16,af->tmp);
int fd= mkstemp(af->tmp);
if(fd<0){
free(af->path);free(af->tmp);
af->path= af->tmp= NULL;af->f= NULL;
return-1;
}
mode_t mask= umask(0);
umask(mask);
fchmod(fd,0666&~mask);
af->f= fdopen(fd,"w");
if(af->f==NULL){close(fd);unlink(af->tmp);return-1;}
return 0;
}

void mkstemp_template(char*buf,size_t size,const char*prefix)
{
size_t k= strlen(prefix);
if(buf!=prefix)memmove(buf,prefix,k);
if(k+7> size)mhicl_fatal("temporary name too long");
memset(buf+k,'X',6);
buf[k+6]= '\0';
}

int atomic_commit(atomic_file*af)
{
int status= 0;
if(fflush(af->f)!=0||ferror(af->f)||fsync(fileno(af->f))!=0)status= -1;
if(fclose(af->f)!=0)status= -1;
if(status==0&&rename(af->tmp,af->path)!=0)status= -1;
if(status!=0)unlink(af->tmp);
free(af->path);free(af->tmp);
af->path= af->tmp= NULL;af->f= NULL;
return status;
}

void atomic_abort(atomic_file*af)
{
if(af->f)fclose(af->f);
if(af->tmp)unlink(af->tmp);
free(af->path);free(af->tmp);
af->path= af->tmp= NULL;af->f= NULL;
}

/*:14*//*16:*/
#line 304 "chapters/support.w"

extern void openblas_set_num_threads(int num_threads);
void mhicl_blas_single_thread(void){openblas_set_num_threads(1);}

/*:16*//*18:*/
#line 342 "chapters/support.w"

extern char*openblas_get_corename(void);
const char*mhicl_blas_core(void){return openblas_get_corename();}

const char*mhicl_blas_better_core(const char*core)
{
if(core==NULL||strcmp(core,"Prescott")!=0)return NULL;
#if defined(__x86_64__) && defined(__GNUC__)
__builtin_cpu_init();
if(__builtin_cpu_supports("avx512f")&&__builtin_cpu_supports("avx512dq")&&
__builtin_cpu_supports("avx512cd")&&__builtin_cpu_supports("avx512bw")&&
__builtin_cpu_supports("avx512vl"))
return"SkylakeX";
if(__builtin_cpu_supports("avx2")&&__builtin_cpu_supports("fma"))return"Haswell";
#endif
#line 357 "chapters/support.w"
 return NULL;
}

void mhicl_blas_choose_kernels(char**argv)
{
if(argv==NULL||getenv("OPENBLAS_CORETYPE")!=NULL)return;
unsetenv("MHICL_OPENBLAS_OWN_CHOICE");
const char*own= mhicl_blas_core(),*better= mhicl_blas_better_core(own);
if(better==NULL||setenv("MHICL_OPENBLAS_OWN_CHOICE",own,1)!=0||
setenv("OPENBLAS_CORETYPE",better,1)!=0)return;
execv("/proc/self/exe",argv);
unsetenv("OPENBLAS_CORETYPE");
unsetenv("MHICL_OPENBLAS_OWN_CHOICE");
}

/*:18*//*20:*/
#line 416 "chapters/support.w"

#define VECTOR8 __attribute__((vector_size(64)))
#define INLINE_ALWAYS __attribute__((always_inline)) inline
typedef double v8d VECTOR8;
typedef long long v8i VECTOR8;

static INLINE_ALWAYS void exp_v8d(double*x)
{
const double log2e= 0x1.71547652b82fep0,shifter= 0x1.8p52;
const double ln2_hi= 0x1.62e42fee00000p-1,ln2_lo= 0x1.a39ef35793c76p-33;
v8d v,lo,hi,sh;
memcpy(&v,x,sizeof v);
for(int i= 0;i<8;i++){lo[i]= -708.0;hi[i]= 709.0;sh[i]= shifter;}
v8i below= v<lo,above= v> hi;
v= (v8d)(((v8i)v&~below)|((v8i)lo&below));
v= (v8d)(((v8i)v&~above)|((v8i)hi&above));
v8d t= v*log2e+sh;
v8d k= t-sh;
v8d r= (v-k*ln2_hi)-k*ln2_lo;
v8d p= 1.0/479001600.0+r*(1.0/6227020800.0);
p= 1.0/39916800.0+r*p;
p= 1.0/3628800.0+r*p;
p= 1.0/362880.0+r*p;
p= 1.0/40320.0+r*p;
p= 1.0/5040.0+r*p;
p= 1.0/720.0+r*p;
p= 1.0/120.0+r*p;
p= 1.0/24.0+r*p;
p= 1.0/6.0+r*p;
p= 0.5+r*p;
p= 1.0+r*p;
p= 1.0+r*p;
v8i ki= (v8i)t-(v8i)sh;
v8d scale= (v8d)((ki+1023)<<52);
v= p*scale;
memcpy(x,&v,sizeof v);
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("avx512f","avx2","default")))
#endif
#line 457 "chapters/support.w"
 void mhicl_exp_array(double*x,size_t n)
{
size_t i= 0;
for(;i+8<=n;i+= 8)exp_v8d(x+i);
if(i<n){
double tail[8]= {0};
memcpy(tail,x+i,(n-i)*sizeof(double));
exp_v8d(tail);
memcpy(x+i,tail,(n-i)*sizeof(double));
}
}

/*:20*/
#line 26 "chapters/support.w"


/*:2*/
