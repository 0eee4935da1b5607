/* bench_lasso: time mhicl's Lasso (and the estimator suite) on 1280 fixed prompts.

   usage: bench_lasso OUTDIR TAG [--write-prompts]

   Prompts: d = 20, n = 40, x ~ N(0, I), beta sparse Gaussian with s = 3 (b = 1), sigma = 0.1;
   prompt k is task_sample(spec, n, BENCH_SEED, STREAM_TEST, k), so it is reproducible.

   Lasso timing: for every prompt and every alpha, separately and from a cold start (w = 0),
   form the moments from (X, y) and run lasso_cd with LASSO_TOL, as sklearn's Lasso.fit does per
   call.  Best of 3 repeats of the whole loop, monotonic clock (mhicl_seconds).

   Estimator suite: per prompt, moments + est_ols + est_ridge + est_gd + est_pto + one Lasso.

   Files written atomically (temp file, then rename) under OUTDIR:
     prompts.bin      (only with --write-prompts) header, then X[P][n][d], then y[P][n]
     coef_TAG.bin     header, then W[P][nalpha][d]
   header: 8 bytes "MHICLBN1", uint64 P, n, d, nalpha, then nalpha doubles (the alphas);
   all numbers little-endian (native) doubles / uint64.

   Machine-readable results go to stdout as lines "RESULT name value unit". */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "support.h"
#include "tasks.h"
#include "estimators.h"

#define P 1280
#define N 40
#define D 20
#define S 3
#define SIGMA 0.1
#define BENCH_SEED 20240601u
#define REPEATS 3
#define NALPHA 5
static const double alphas[NALPHA] = { 1.0, 0.1, 0.01, 0.001, 0.0001 };

#define SUITE_RIDGE_LAMBDA 0.1
#define SUITE_GD_ETA 0.5
#define SUITE_PTO_ETA 1.0
#define SUITE_T 20u
#define SUITE_LASSO_ALPHA 0.01

static void write_header(FILE *f)
{
  uint64_t h[4] = { P, N, D, NALPHA };
  fwrite("MHICLBN1", 1, 8, f);
  fwrite(h, sizeof h[0], 4, f);
  fwrite(alphas, sizeof alphas[0], NALPHA, f);
}

static void write_file(const char *dir, const char *name, const double *a, size_t na,
  const double *b, size_t nb)
{
  char path[4096];
  atomic_file af;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (atomic_open(&af, path) != 0) mhicl_fatal("cannot create %s", path);
  write_header(af.f);
  if (fwrite(a, sizeof *a, na, af.f) != na || (nb && fwrite(b, sizeof *b, nb, af.f) != nb)) {
    atomic_abort(&af);
    mhicl_fatal("cannot write %s", path);
  }
  if (atomic_commit(&af) != 0) mhicl_fatal("cannot write %s", path);
}

/* One pass of the Lasso benchmark; returns the number of unconverged solves. */
static size_t lasso_pass(moments *m, double *X, double *y, double *W, gsl_vector *c)
{
  size_t unconverged = 0;
  for (size_t k = 0; k < P; k++) {
    gsl_matrix_view Xk = gsl_matrix_view_array(X + k * N * D, N, D);
    gsl_vector_view yk = gsl_vector_view_array(y + k * N, N);
    for (size_t a = 0; a < NALPHA; a++) {
      gsl_vector_view w = gsl_vector_view_array(W + (k * NALPHA + a) * D, D);
      moments_compute(m, &Xk.matrix, &yk.vector, N);
      gsl_vector_set_zero(&w.vector);
      if (lasso_cd(m->Sigma_hat, m->r_hat, alphas[a], &w.vector, c, LASSO_TOL,
            LASSO_MAX_SWEEPS) < 0)
        unconverged++;
    }
  }
  return unconverged;
}

/* One pass of the estimator suite; returns a checksum (and counts non-finite outputs). */
static double suite_pass(moments *m, double *X, double *y, gsl_vector *b, gsl_vector *c,
  size_t *bad)
{
  pto_preprocessing pre = { PTO_R, 1.0, 1 };
  double sum = 0.0;
  for (size_t k = 0; k < P; k++) {
    gsl_matrix_view Xk = gsl_matrix_view_array(X + k * N * D, N, D);
    gsl_vector_view yk = gsl_vector_view_array(y + k * N, N);
    moments_compute(m, &Xk.matrix, &yk.vector, N);
    est_ols(m, b); sum += gsl_vector_get(b, 0);
    est_ridge(m, SUITE_RIDGE_LAMBDA, b); sum += gsl_vector_get(b, 0);
    est_gd(m, SUITE_GD_ETA, SUITE_T, b); sum += gsl_vector_get(b, 0);
    est_pto(m, &pre, SUITE_PTO_ETA, SUITE_T, b); sum += gsl_vector_get(b, 0);
    gsl_vector_set_zero(b);
    if (lasso_cd(m->Sigma_hat, m->r_hat, SUITE_LASSO_ALPHA, b, c, LASSO_TOL, LASSO_MAX_SWEEPS) < 0)
      (*bad)++;
    sum += gsl_vector_get(b, 0);
  }
  if (!isfinite(sum)) (*bad)++;
  return sum;
}

int main(int argc, char **argv)
{
  if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "--write-prompts") != 0)) {
    fprintf(stderr, "usage: %s OUTDIR TAG [--write-prompts]\n", argv[0]);
    return 2;
  }
  const char *outdir = argv[1], *tag = argv[2];
  int write_prompts = (argc == 4);
  mhicl_blas_choose_kernels(argv);
  mhicl_install_gsl_handler();
  mhicl_blas_single_thread();

  task_spec spec;
  task_spec_init(&spec, D, S, BETA_SPARSE_GAUSS, 1.0, SIGMA);
  task *t = task_alloc(N, D);
  double *X = xmalloc(sizeof(double) * P * N * D);
  double *y = xmalloc(sizeof(double) * P * N);
  double *W = xmalloc(sizeof(double) * P * NALPHA * D);
  for (size_t k = 0; k < P; k++) {
    task_sample(&spec, N, BENCH_SEED, STREAM_TEST, k, t);
    for (size_t i = 0; i < N; i++) {
      for (size_t j = 0; j < D; j++) X[(k * N + i) * D + j] = gsl_matrix_get(t->X, i, j);
      y[k * N + i] = gsl_vector_get(t->y, i);
    }
  }

  moments *m = moments_alloc(D);
  gsl_vector *c = gsl_vector_alloc(D), *b = gsl_vector_alloc(D);

  /* The Lasso: P * NALPHA independent cold-start solves. */
  double best = INFINITY;
  size_t unconverged = 0;
  for (int r = 0; r < REPEATS; r++) {
    double t0 = mhicl_seconds();
    unconverged = lasso_pass(m, X, y, W, c);
    double el = mhicl_seconds() - t0;
    if (el < best) best = el;
  }
  size_t fits = (size_t) P * NALPHA;
  printf("[%s] lasso: %d prompts x %d alphas = %zu cold-start fits, best of %d: %.6f s "
    "(%.3f us/fit), unconverged %zu\n", tag, P, NALPHA, fits, REPEATS, best,
    1e6 * best / (double) fits, unconverged);
  printf("RESULT lasso_mhicl_%s_s %.9g s\n", tag, best);
  printf("RESULT lasso_mhicl_%s_us_per_fit %.9g us\n", tag, 1e6 * best / (double) fits);
  printf("RESULT lasso_mhicl_%s_unconverged %zu count\n", tag, unconverged);

  /* The estimator suite. */
  double sbest = INFINITY, checksum = 0.0;
  size_t bad = 0;
  for (int r = 0; r < REPEATS; r++) {
    bad = 0;
    double t0 = mhicl_seconds();
    checksum = suite_pass(m, X, y, b, c, &bad);
    double el = mhicl_seconds() - t0;
    if (el < sbest) sbest = el;
  }
  printf("[%s] suite (moments+ols+ridge+gd+pto+lasso): best of %d: %.6f s, %.0f prompts/s "
    "(checksum %.6g, problems %zu)\n", tag, REPEATS, sbest, (double) P / sbest, checksum, bad);
  printf("RESULT suite_%s_prompts_per_s %.9g prompts/s\n", tag, (double) P / sbest);
  printf("RESULT suite_%s_problems %zu count\n", tag, bad);

  if (write_prompts) write_file(outdir, "prompts.bin", X, (size_t) P * N * D, y, (size_t) P * N);
  char name[256];
  snprintf(name, sizeof name, "coef_%s.bin", tag);
  write_file(outdir, name, W, (size_t) P * NALPHA * D, NULL, 0);

  gsl_vector_free(c); gsl_vector_free(b);
  moments_free(m);
  free(X); free(y); free(W);
  task_free(t);
  task_spec_free(&spec);
  return 0;
}
