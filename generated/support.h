/*1:*/
#line 6 "chapters/support.w"

#ifndef MHICL_SUPPORT_H
#define MHICL_SUPPORT_H
#include <stddef.h> 
#include <stdint.h> 
#include <stdio.h> 
#include <gsl/gsl_rng.h> 
/*3:*/
#line 42 "chapters/support.w"

void*xmalloc(size_t bytes);
void*xcalloc(size_t count,size_t size);
void mhicl_fatal(const char*format,...)
__attribute__((noreturn,format(printf,1,2)));

/*:3*//*5:*/
#line 87 "chapters/support.w"

void mhicl_install_gsl_handler(void);
void mhicl_gsl_expect_errors(int on);

/*:5*//*7:*/
#line 126 "chapters/support.w"

extern const gsl_rng_type*mhicl_rng_xoshiro256;
uint64_t mhicl_mix64(uint64_t x);
uint64_t mhicl_stream_seed(uint64_t seed,uint64_t stream,uint64_t k);
gsl_rng*mhicl_rng_alloc(void);
void mhicl_rng_seek(gsl_rng*rng,uint64_t seed,uint64_t stream,uint64_t k);

/*:7*//*11:*/
#line 219 "chapters/support.w"

enum{STREAM_TUNE= 1,STREAM_EVAL= 2,STREAM_TEST= 3,STREAM_INIT= 4,STREAM_TRAIN= 5,
STREAM_HELDOUT= 6};

/*:11*//*12:*/
#line 226 "chapters/support.w"

typedef struct{double mean,lo,hi;}interval;

/*:12*//*13:*/
#line 268 "chapters/support.w"

double mhicl_seconds(void);
typedef struct atomic_io atomic_io;
typedef struct{
FILE*f;
char*path,*tmp;
atomic_io*io;
int slot;
char why[320];
}atomic_file;
int atomic_open(atomic_file*af,const char*path);
void mkstemp_template(char*buf,size_t size,const char*prefix);
int atomic_commit(atomic_file*af);
void atomic_abort(atomic_file*af);
void atomic_remove_on_signals(void);
int atomic_check_target(const char*path,char*why,size_t len);
int same_file(const char*a,const char*b);

/*:13*//*24:*/
#line 611 "chapters/support.w"

void mhicl_blas_single_thread(void);

/*:24*//*26:*/
#line 647 "chapters/support.w"

const char*mhicl_blas_core(void);
const char*mhicl_blas_better_core(const char*core);
void mhicl_blas_choose_kernels(char**argv);

/*:26*//*28:*/
#line 708 "chapters/support.w"

void mhicl_exp_array(double*x,size_t n);

/*:28*/
#line 13 "chapters/support.w"

#endif
#line 15 "chapters/support.w"

/*:1*/
