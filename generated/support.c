/*2:*/
#line 19 "chapters/support.w"

#define _GNU_SOURCE
#include <dirent.h> 
#include <errno.h> 
#include <fcntl.h> 
#include <signal.h> 
#include <stdatomic.h> 
#include <stdarg.h> 
#include <stdlib.h> 
#include <string.h> 
#include <time.h> 
#include <unistd.h> 
#include <sys/file.h> 
#include <sys/stat.h> 
#include <gsl/gsl_errno.h> 
#include "support.h"
/*4:*/
#line 48 "chapters/support.w"

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

/*:4*//*6:*/
#line 91 "chapters/support.w"

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

/*:6*//*8:*/
#line 136 "chapters/support.w"

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

/*:8*//*9:*/
#line 154 "chapters/support.w"

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

/*:9*//*10:*/
#line 200 "chapters/support.w"

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

/*:10*//*14:*/
#line 286 "chapters/support.w"

double mhicl_seconds(void)
{
struct timespec ts;
clock_gettime(CLOCK_MONOTONIC,&ts);
return(double)ts.tv_sec+1e-9*(double)ts.tv_nsec;
}

void mkstemp_template(char*buf,size_t size,const char*prefix)
{
size_t k= strlen(prefix);
if(buf!=prefix)memmove(buf,prefix,k);
if(k+7> size)mhicl_fatal("temporary name too long");
memset(buf+k,'X',6);
buf[k+6]= '\0';
}

/*:14*//*15:*/
#line 307 "chapters/support.w"

static char*atomic_target(const char*path,char*why,size_t len)
{
struct stat st;
char*target;
if(lstat(path,&st)==0&&S_ISLNK(st.st_mode)){
target= realpath(path,NULL);
if(target==NULL){
snprintf(why,len,"a symbolic link to a file that cannot be reached (%s)",strerror(errno));
return NULL;
}
}else{
size_t n= strlen(path);
target= xmalloc(n+1);
memcpy(target,path,n+1);
}
if(stat(target,&st)==0&&!S_ISREG(st.st_mode)){
snprintf(why,len,"it exists and is not a regular file (%s); only regular files are replaced",
S_ISDIR(st.st_mode)?"a folder":S_ISCHR(st.st_mode)||S_ISBLK(st.st_mode)?"a device"
:S_ISFIFO(st.st_mode)?"a named pipe":S_ISSOCK(st.st_mode)?"a socket":"not a file");
free(target);
return NULL;
}
return target;
}

/*:15*//*16:*/
#line 335 "chapters/support.w"

static void split_path(const char*path,char*dir,size_t dsize,const char**base)
{
const char*slash= strrchr(path,'/');
*base= slash?slash+1:path;
if(slash==NULL)snprintf(dir,dsize,".");
else if(slash==path)snprintf(dir,dsize,"/");
else snprintf(dir,dsize,"%.*s",(int)(slash-path),path);
}

/*:16*//*17:*/
#line 352 "chapters/support.w"

static void remove_stale_temps(const char*target)
{
char dir[4096],name[4096+260];
const char*base;
split_path(target,dir,sizeof dir,&base);
size_t blen= strlen(base);
DIR*d= opendir(dir);
if(d==NULL)return;
for(struct dirent*e;(e= readdir(d))!=NULL;){
if(strlen(e->d_name)!=blen+11||strncmp(e->d_name,base,blen)!=0
||strncmp(e->d_name+blen,".tmp.",5)!=0)continue;
snprintf(name,sizeof name,"%s/%s",dir,e->d_name);
int fd= open(name,O_RDONLY|O_NOFOLLOW|O_NONBLOCK);
if(fd<0)continue;
struct stat st;
if(fstat(fd,&st)==0&&S_ISREG(st.st_mode)&&flock(fd,LOCK_EX|LOCK_NB)==0)
unlink(name);
close(fd);
}
closedir(d);
}

/*:17*//*18:*/
#line 383 "chapters/support.w"

enum{ATOMIC_SLOTS= 64};
static struct{atomic_int state;char name[4096];}pending[ATOMIC_SLOTS];

static int register_temp(const char*tmp)
{
if(strlen(tmp)>=sizeof pending[0].name)return-1;
for(int i= 0;i<ATOMIC_SLOTS;i++){
int free_slot= 0;
if(atomic_compare_exchange_strong(&pending[i].state,&free_slot,1)){
strcpy(pending[i].name,tmp);
atomic_store(&pending[i].state,2);
return i;
}
}
return-1;
}

static void unregister_temp(int slot)
{
if(slot>=0)atomic_store(&pending[slot].state,0);
}

static void remove_pending_temps(void)
{
for(int i= 0;i<ATOMIC_SLOTS;i++)
if(atomic_load(&pending[i].state)==2)unlink(pending[i].name);
}

static void remove_temps_and_die(int sig)
{
remove_pending_temps();
signal(sig,SIG_DFL);
raise(sig);
}

void atomic_remove_on_signals(void)
{
static int installed= 0;
if(installed++)return;
atexit(remove_pending_temps);
struct sigaction sa;
memset(&sa,0,sizeof sa);
sa.sa_handler= remove_temps_and_die;
sigemptyset(&sa.sa_mask);
int sigs[3]= {SIGINT,SIGTERM,SIGHUP};
for(int i= 0;i<3;i++)sigaction(sigs[i],&sa,NULL);
}

/*:18*//*19:*/
#line 436 "chapters/support.w"

struct atomic_io{int fd,err;};

static ssize_t atomic_write(void*cookie,const char*buf,size_t n)
{
atomic_io*io= cookie;
size_t done= 0;
while(done<n){
ssize_t w= write(io->fd,buf+done,n-done);
if(w<0&&errno==EINTR)continue;
if(w<=0){
if(io->err==0)io->err= w<0?errno:EIO;
errno= io->err;
return-1;
}
done+= (size_t)w;
}
return(ssize_t)n;
}

static int atomic_close(void*cookie)
{
atomic_io*io= cookie;
int status= close(io->fd);
if(status!=0&&io->err==0)io->err= errno;
return status;
}

/*:19*//*20:*/
#line 466 "chapters/support.w"

static void atomic_reset(atomic_file*af)
{
free(af->path);free(af->tmp);free(af->io);
af->path= af->tmp= NULL;af->f= NULL;af->io= NULL;af->slot= -1;
}

int atomic_open(atomic_file*af,const char*path)
{
af->path= af->tmp= NULL;af->f= NULL;af->io= NULL;af->slot= -1;af->why[0]= '\0';
af->path= atomic_target(path,af->why,sizeof af->why);
if(af->path==NULL){errno= EINVAL;return-1;}
remove_stale_temps(af->path);
size_t len= strlen(af->path);
af->tmp= xmalloc(len+16);
snprintf(af->tmp,len+16,"%s.tmp.",af->path);
mkstemp_template(af->tmp,len+16,af->tmp);
int fd= mkstemp(af->tmp);
if(fd<0){
int e= errno;
snprintf(af->why,sizeof af->why,"cannot create the temporary '%s': %s",af->tmp,
strerror(e));
atomic_reset(af);
errno= e;
return-1;
}
flock(fd,LOCK_EX);
af->slot= register_temp(af->tmp);
mode_t mask= umask(0);
umask(mask);
fchmod(fd,0666&~mask);
af->io= xmalloc(sizeof*af->io);
af->io->fd= fd;af->io->err= 0;
cookie_io_functions_t fns= {NULL,atomic_write,NULL,atomic_close};
af->f= fopencookie(af->io,"w",fns);
if(af->f==NULL){
snprintf(af->why,sizeof af->why,"%s",strerror(errno));
close(fd);unlink(af->tmp);unregister_temp(af->slot);
atomic_reset(af);
return-1;
}
return 0;
}

/*:20*//*21:*/
#line 513 "chapters/support.w"

int atomic_commit(atomic_file*af)
{
int e= 0;
if(fflush(af->f)!=0||ferror(af->f))e= af->io->err?af->io->err:errno?errno:EIO;
if(e==0&&fsync(af->io->fd)!=0)e= errno;
if(fclose(af->f)!=0&&e==0)e= af->io->err?af->io->err:errno;
if(e==0&&rename(af->tmp,af->path)!=0)e= errno;
if(e!=0){
unlink(af->tmp);
snprintf(af->why,sizeof af->why,"%s",strerror(e));
}
unregister_temp(af->slot);
af->f= NULL;
atomic_reset(af);
if(e!=0)errno= e;
return e?-1:0;
}

void atomic_abort(atomic_file*af)
{
if(af->f)fclose(af->f);
if(af->tmp)unlink(af->tmp);
unregister_temp(af->slot);
af->f= NULL;
atomic_reset(af);
}

/*:21*//*22:*/
#line 547 "chapters/support.w"

int atomic_check_target(const char*path,char*why,size_t len)
{
char*target= atomic_target(path,why,len),dir[4096];
if(target==NULL)return-1;
const char*base;
split_path(target,dir,sizeof dir,&base);
struct stat st;
int status= -1;
if(*base=='\0')snprintf(why,len,"the name ends in a slash");
else if(stat(dir,&st)!=0)snprintf(why,len,"folder '%s': %s",dir,strerror(errno));
else if(!S_ISDIR(st.st_mode))snprintf(why,len,"'%s' is not a folder",dir);
else if(access(dir,W_OK|X_OK)!=0)
snprintf(why,len,"folder '%s': %s",dir,strerror(errno));
else{
long name_max= pathconf(dir,_PC_NAME_MAX);
if(name_max<=0)name_max= 255;
if(strlen(base)+11> (size_t)name_max)
snprintf(why,len,"name too long: %zu characters, and %ld at most with the '.tmp.' and six "
"letters of its temporary",strlen(base),name_max-11);
else if(strlen(target)+11>=4096)snprintf(why,len,"path too long");
else{status= 0;remove_stale_temps(target);}
}
free(target);
return status;
}

/*:22*//*23:*/
#line 579 "chapters/support.w"

static char*resolved_name(const char*path)
{
char dir[4096];
const char*base;
split_path(path,dir,sizeof dir,&base);
char*rdir= realpath(dir,NULL);
size_t n= (rdir?strlen(rdir):strlen(dir))+strlen(base)+2;
char*out= xmalloc(n);
snprintf(out,n,"%s/%s",rdir?rdir:dir,base);
free(rdir);
return out;
}

int same_file(const char*a,const char*b)
{
struct stat sa,sb;
int ea= stat(a,&sa)==0,eb= stat(b,&sb)==0;
if(ea&&eb)return sa.st_dev==sb.st_dev&&sa.st_ino==sb.st_ino;
if(ea||eb)return 0;
char*ra= resolved_name(a),*rb= resolved_name(b);
int same= strcmp(ra,rb)==0;
free(ra);free(rb);
return same;
}

/*:23*//*25:*/
#line 614 "chapters/support.w"

extern void openblas_set_num_threads(int num_threads);
void mhicl_blas_single_thread(void){openblas_set_num_threads(1);}

/*:25*//*27:*/
#line 652 "chapters/support.w"

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
#line 667 "chapters/support.w"
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

/*:27*//*29:*/
#line 726 "chapters/support.w"

#define VECTOR8 __attribute__((vector_size(64)))
#define INLINE_ALWAYS __attribute__((always_inline)) inline

/*:29*//*30:*/
#line 730 "chapters/support.w"

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
#line 769 "chapters/support.w"
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

/*:30*/
#line 35 "chapters/support.w"


/*:2*/
