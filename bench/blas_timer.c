/* For the bench only: link with -Wl,--wrap=gsl_blas_dgemm and every matrix product of the
   program goes through this wrapper, which adds its wall time to a total.  bench_train built with
   -DBENCH_BLAS_TIMER reports that total as a fraction of the threads' time, which bounds how fast
   a step could be if everything outside the products cost nothing.  A lock guards the total;
   uncontended on one thread, it costs tens of nanoseconds a call, a few thousand calls a step. */
#include <pthread.h>
#include <gsl/gsl_blas.h>
#include "support.h"

int __real_gsl_blas_dgemm(CBLAS_TRANSPOSE_t ta, CBLAS_TRANSPOSE_t tb, double alpha,
  const gsl_matrix *A, const gsl_matrix *B, double beta, gsl_matrix *C);
int __wrap_gsl_blas_dgemm(CBLAS_TRANSPOSE_t ta, CBLAS_TRANSPOSE_t tb, double alpha,
  const gsl_matrix *A, const gsl_matrix *B, double beta, gsl_matrix *C);
double bench_blas_seconds(int reset);

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static double total;

int __wrap_gsl_blas_dgemm(CBLAS_TRANSPOSE_t ta, CBLAS_TRANSPOSE_t tb, double alpha,
  const gsl_matrix *A, const gsl_matrix *B, double beta, gsl_matrix *C)
{
  double t0 = mhicl_seconds();
  int status = __real_gsl_blas_dgemm(ta, tb, alpha, A, B, beta, C);
  double t = mhicl_seconds() - t0;
  pthread_mutex_lock(&lock);
  total += t;
  pthread_mutex_unlock(&lock);
  return status;
}

/* The products' seconds so far, summed over threads; with reset, start again from zero. */
double bench_blas_seconds(int reset)
{
  pthread_mutex_lock(&lock);
  double t = total;
  if (reset) total = 0.0;
  pthread_mutex_unlock(&lock);
  return t;
}
