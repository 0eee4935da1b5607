/* What bench_train and bench_tokens share: the FLOPs of a training step, and the one-thread dgemm
   rate in GFLOP/s on 768 x 768 matrices (best of five), the peak against which they state the
   fraction a training step reaches. */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "support.h"
#include "bench_common.h"

/* Multiply-adds of one training step, counted from the shapes (forward; backward is twice): the
   read-in and read-out (for a token model the unembedding to its classes; the embedding is a
   lookup), the Q, K, V and O projections, the scores and P V over the full T x T products as
   mhicl and PyTorch compute them, and the MLP. */
double bench_step_flops(const train_config *c)
{
  const model_config *m = &c->arch;
  double B = (double) c->batch, T = (double) model_tokens(m, c->n), C = (double) m->d_model;
  double f = m->format == FORMAT_TOKENS ? 2 * B * T * C * (double) m->n_classes
    : 2 * B * T * (double) c->d * C + 2 * B * T * C;
  for (size_t l = 0; l < m->n_layers; l++) {
    double H = (double) m->heads[l], dh = (double) m->d_head;
    f += 2 * B * T * C * 3 * H * dh + 2 * B * T * H * dh * C;  /* Q, K, V, O */
    f += 2 * 2 * B * H * T * T * dh;  /* scores and P V */
    if (m->mlp) f += 2 * 2 * B * T * C * 4 * C;
  }
  return 3.0 * f;
}

static double dgemm_peak(void)
{
  const size_t N = 768;
  gsl_matrix *A = gsl_matrix_alloc(N, N), *B = gsl_matrix_alloc(N, N), *C = gsl_matrix_alloc(N, N);
  for (size_t i = 0; i < N * N; i++) { A->data[i] = 1.0 / (double) (i + 1); B->data[i] = 1.0; }
  double best = 0.0;
  for (int r = 0; r < 5; r++) {
    double t0 = mhicl_seconds();
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
    double t = mhicl_seconds() - t0;
    best = fmax(best, 2.0 * N * N * N / t / 1e9);
  }
  gsl_matrix_free(A); gsl_matrix_free(B); gsl_matrix_free(C);
  return best;
}

/* The start of every driver: the kernels mhicl chooses, one OpenBLAS thread, GSL's errors
   reported, then the peak measured once. */
double bench_start(char **argv)
{
  mhicl_blas_choose_kernels(argv);
  mhicl_install_gsl_handler();
  mhicl_blas_single_thread();
  return dgemm_peak();
}
