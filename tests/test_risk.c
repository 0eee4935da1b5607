/* Tests of the risk chapter (chapters/risk.w): Propositions 1-4, the regime claim, determinism.
   Every Monte-Carlo test uses a fixed seed and asserts at four standard errors (a false alarm
   rate of about 6e-5 per assertion if the code is right), and where possible also asserts that
   the check can discriminate. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include "testutil.h"
#include "support.h"
#include "tasks.h"
#include "estimators.h"
#include "risk.h"

/* Draw a prompt with a fixed beta: X Gaussian, y = X beta + sigma eps. */
static void draw_prompt(gsl_rng *rng, const gsl_vector *beta, double sigma, gsl_matrix *X,
  gsl_vector *y)
{
  fill_gaussian(X, rng);
  gsl_blas_dgemv(CblasNoTrans, 1.0, X, beta, 0.0, y);
  for (size_t i = 0; i < y->size; i++) gsl_vector_set(y, i, gsl_vector_get(y, i) + sigma * gsl_ran_gaussian(rng, 1.0));
}

static double norm2(const gsl_vector *v) { double s; gsl_blas_ddot(v, v, &s); return s; }

/* Proposition 1: E r = beta, Var r_j = (|beta|^2 + beta_j^2 + sigma^2)/n. */
static void test_rhat_mean_and_variance(void **state)
{
  (void) state;
  const size_t d = 5, n = 10, T = tu_quick() ? 20000 : 100000;
  const double sigma = 0.5, bvals[] = { 1.0, -0.5, 0.0, 0.0, 2.0 };
  gsl_rng *rng = tu_rng(11);
  gsl_vector *beta = gsl_vector_alloc(d), *y = gsl_vector_alloc(n);
  gsl_matrix *X = gsl_matrix_alloc(n, d);
  for (size_t j = 0; j < d; j++) gsl_vector_set(beta, j, bvals[j]);
  moments *m = moments_alloc(d);
  double *r = malloc(T * d * sizeof(double)), *dev2 = malloc(T * sizeof(double));
  for (size_t k = 0; k < T; k++) {
    draw_prompt(rng, beta, sigma, X, y);
    moments_compute(m, X, y, n);
    for (size_t j = 0; j < d; j++) r[k * d + j] = gsl_vector_get(m->r_hat, j);
  }
  double nb = norm2(beta);
  for (size_t j = 0; j < d; j++) {
    mc_summary mean = mc_summarize(r + j, T, d);
    assert_within_se(mean.mean, mean.se, bvals[j], 4.0);
    for (size_t k = 0; k < T; k++) dev2[k] = pow(r[k * d + j] - bvals[j], 2);
    mc_summary var = mc_summarize(dev2, T, 1);
    double exact = (nb + bvals[j] * bvals[j] + sigma * sigma) / (double) n;
    assert_within_se(var.mean, var.se, exact, 4.0);
    /* discrimination: the naive (|beta|^2 + sigma^2)/n is rejected where beta_j is large */
    if (fabs(bvals[j]) >= 1.0) assert_less(4.0 * var.se, fabs(var.mean - (nb + sigma * sigma) / (double) n));
  }
  free(r); free(dev2); moments_free(m);
  gsl_vector_free(beta); gsl_vector_free(y); gsl_matrix_free(X); gsl_rng_free(rng);
}

/* Proposition 1, off the support: E r_j^6 = 15 v^3 (1 + 2/n)(1 + 4/n). At n = 6 the correction
   factor is 2.22, and the test also checks that 15 v^3 alone would be rejected. */
static void test_rhat_sixth_moment_off_support(void **state)
{
  (void) state;
  const size_t d = 6, n = 6, T = tu_quick() ? 40000 : 200000;
  const double sigma = 0.7;
  gsl_rng *rng = tu_rng(12);
  gsl_vector *beta = gsl_vector_calloc(d), *y = gsl_vector_alloc(n);
  gsl_matrix *X = gsl_matrix_alloc(n, d);
  gsl_vector_set(beta, 0, 1.2); gsl_vector_set(beta, 1, -0.8);  /* support {0, 1} */
  moments *m = moments_alloc(d);
  double *r6 = malloc(T * sizeof(double));
  for (size_t k = 0; k < T; k++) {
    draw_prompt(rng, beta, sigma, X, y);
    moments_compute(m, X, y, n);
    double acc = 0.0;  /* average over the 4 off-support coordinates: one i.i.d. value per task */
    for (size_t j = 2; j < d; j++) acc += pow(gsl_vector_get(m->r_hat, j), 6);
    r6[k] = acc / (double) (d - 2);
  }
  double v = (norm2(beta) + sigma * sigma) / (double) n;
  double exact = 15.0 * v * v * v * (1.0 + 2.0 / n) * (1.0 + 4.0 / n);
  mc_summary s = mc_summarize(r6, T, 1);
  assert_within_se(s.mean, s.se, exact, 4.0);
  assert_less(4.0 * s.se, fabs(s.mean - 15.0 * v * v * v));
  free(r6); moments_free(m);
  gsl_vector_free(beta); gsl_vector_free(y); gsl_matrix_free(X); gsl_rng_free(rng);
}

/* Proposition 3: E risk(OLS) = sigma^2 d / (n - d - 1). */
static void test_ols_risk_exact(void **state)
{
  (void) state;
  const size_t d = 5, n = 16, T = tu_quick() ? 20000 : 100000;
  const double sigma = 0.8;
  gsl_rng *rng = tu_rng(13);
  gsl_vector *beta = gsl_vector_alloc(d), *y = gsl_vector_alloc(n), *bh = gsl_vector_alloc(d);
  gsl_matrix *X = gsl_matrix_alloc(n, d);
  for (size_t j = 0; j < d; j++) gsl_vector_set(beta, j, 1.0 / (1.0 + (double) j));
  moments *m = moments_alloc(d);
  double *risk = malloc(T * sizeof(double));
  for (size_t k = 0; k < T; k++) {
    draw_prompt(rng, beta, sigma, X, y);
    moments_compute(m, X, y, n);
    est_ols(m, bh);
    risk[k] = excess_risk(bh, beta, NULL);
  }
  mc_summary s = mc_summarize(risk, T, 1);
  double exact = sigma * sigma * (double) d / (double) (n - d - 1);
  assert_within_se(s.mean, s.se, exact, 4.0);
  assert_less(4.0 * s.se, fabs(s.mean - sigma * sigma * (double) d / (double) n));  /* not d/n */
  free(risk); moments_free(m);
  gsl_vector_free(beta); gsl_vector_free(y); gsl_vector_free(bh); gsl_matrix_free(X); gsl_rng_free(rng);
}

/* Proposition 2, computed independently of the code under test: eigenvalues of S by GSL, the
   bias by explicit matrix powers. */
typedef struct { size_t n, d; gsl_matrix *X; gsl_vector *beta; moments *m; gsl_vector *lam; } fixed_design;

static fixed_design fixed_design_make(gsl_rng *rng, size_t n, size_t d)
{
  fixed_design f = { n, d, gsl_matrix_alloc(n, d), gsl_vector_alloc(d), moments_alloc(d), gsl_vector_alloc(d) };
  fill_gaussian(f.X, rng);
  for (size_t j = 0; j < d; j++) gsl_vector_set(f.beta, j, j < 3 ? 1.0 - 0.4 * (double) j : 0.0);
  gsl_vector *y = gsl_vector_calloc(n);
  moments_compute(f.m, f.X, y, n);
  gsl_matrix *S = gsl_matrix_alloc(d, d);
  gsl_matrix_memcpy(S, f.m->Sigma_hat);
  gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(d);
  gsl_eigen_symm(S, f.lam, w);
  gsl_eigen_symm_free(w); gsl_matrix_free(S); gsl_vector_free(y);
  return f;
}

static void fixed_design_free(fixed_design *f)
{
  gsl_matrix_free(f->X); gsl_vector_free(f->beta); moments_free(f->m); gsl_vector_free(f->lam);
}

/* Mean risk over T noise draws of estimator `which` (0 GD, 1 ridge) at fixed X and beta. */
static mc_summary noise_risk(fixed_design *f, gsl_rng *rng, double sigma, size_t T, int which,
  double eta, unsigned t, double mu)
{
  gsl_vector *y = gsl_vector_alloc(f->n), *bh = gsl_vector_alloc(f->d);
  double *risk = malloc(T * sizeof(double));
  for (size_t k = 0; k < T; k++) {
    gsl_blas_dgemv(CblasNoTrans, 1.0, f->X, f->beta, 0.0, y);
    for (size_t i = 0; i < f->n; i++) gsl_vector_set(y, i, gsl_vector_get(y, i) + sigma * gsl_ran_gaussian(rng, 1.0));
    moments_compute(f->m, f->X, y, f->n);
    if (which == 0) est_gd(f->m, eta, t, bh); else est_ridge(f->m, mu, bh);
    risk[k] = excess_risk(bh, f->beta, NULL);
  }
  mc_summary s = mc_summarize(risk, T, 1);
  free(risk); gsl_vector_free(y); gsl_vector_free(bh);
  return s;
}

/* Apply the matrix polynomial M(S) = sum_k coef... : here (I - eta S)^t beta and
   mu (S + mu I)^{-1} beta by explicit iteration / linear solve. */
static void test_gd_conditional_risk(void **state)
{
  (void) state;
  const size_t n = 30, d = 8, T = tu_quick() ? 10000 : 40000;
  const double sigma = 0.6, eta = 0.3;
  const unsigned t = 6;
  gsl_rng *rng = tu_rng(14);
  fixed_design f = fixed_design_make(rng, n, d);
  gsl_vector *b = gsl_vector_alloc(d), *tmp = gsl_vector_alloc(d);
  gsl_vector_memcpy(b, f.beta);  /* b <- (I - eta S)^t beta */
  for (unsigned k = 0; k < t; k++) {
    gsl_vector_memcpy(tmp, b);
    gsl_blas_dsymv(CblasLower, -eta, f.m->Sigma_hat, tmp, 1.0, b);
  }
  double trace = 0.0;
  for (size_t i = 0; i < d; i++) {
    double l = gsl_vector_get(f.lam, i), g = 1.0 - pow(1.0 - eta * l, t);
    trace += g * g / l;
  }
  double exact = norm2(b) + sigma * sigma / (double) n * trace;
  mc_summary s = noise_risk(&f, rng, sigma, T, 0, eta, t, 0.0);
  assert_within_se(s.mean, s.se, exact, 4.0);
  assert_less(4.0 * s.se, fabs(s.mean - norm2(b)));  /* the variance term matters */
  gsl_vector_free(b); gsl_vector_free(tmp); fixed_design_free(&f); gsl_rng_free(rng);
}

static void test_ridge_conditional_risk(void **state)
{
  (void) state;
  const size_t n = 30, d = 8, T = tu_quick() ? 10000 : 40000;
  const double sigma = 0.6, mu = 0.4;
  gsl_rng *rng = tu_rng(15);
  fixed_design f = fixed_design_make(rng, n, d);
  gsl_matrix *A = gsl_matrix_alloc(d, d);  /* S + mu I, solved by Cholesky */
  gsl_matrix_memcpy(A, f.m->Sigma_hat);
  for (size_t i = 0; i < d; i++) gsl_matrix_set(A, i, i, gsl_matrix_get(A, i, i) + mu);
  gsl_linalg_cholesky_decomp1(A);
  gsl_vector *b = gsl_vector_alloc(d);
  gsl_linalg_cholesky_solve(A, f.beta, b);
  double trace = 0.0;
  for (size_t i = 0; i < d; i++) {
    double l = gsl_vector_get(f.lam, i);
    trace += l / ((l + mu) * (l + mu));
  }
  double exact = mu * mu * norm2(b) + sigma * sigma / (double) n * trace;
  mc_summary s = noise_risk(&f, rng, sigma, T, 1, 0.0, 0, mu);
  assert_within_se(s.mean, s.se, exact, 4.0);
  assert_less(4.0 * s.se, fabs(s.mean - mu * mu * norm2(b)));
  gsl_matrix_free(A); gsl_vector_free(b); fixed_design_free(&f); gsl_rng_free(rng);
}

/* Proposition 4: ridge and GD have the same risk at a sparse and a dense beta of equal norm
   (independent tasks: four standard errors of the difference); the Lasso, which is not
   rotation invariant, does not (the test can tell the difference). */
static void test_rotation_invariance_sparse_dense(void **state)
{
  (void) state;
  const size_t d = 20, n = 40, T = tu_quick() ? 4000 : 10000;
  const double sigma = 0.5;
  gsl_rng *rng = tu_rng(16);
  gsl_vector *bs = gsl_vector_calloc(d), *bd = gsl_vector_alloc(d), *y = gsl_vector_alloc(n);
  gsl_vector *bh = gsl_vector_alloc(d), *c = gsl_vector_alloc(d);
  gsl_matrix *X = gsl_matrix_alloc(n, d);
  for (size_t j = 0; j < 3; j++) gsl_vector_set(bs, j, 1.0 / sqrt(3.0));
  for (size_t j = 0; j < d; j++) gsl_vector_set(bd, j, ((j % 2) ? -1.0 : 1.0) / sqrt((double) d));
  moments *m = moments_alloc(d);
  double *risk = malloc(2 * 3 * T * sizeof(double));  /* [beta][method][task] */
  for (int which = 0; which < 2; which++) {
    const gsl_vector *beta = which ? bd : bs;
    for (size_t k = 0; k < T; k++) {
      draw_prompt(rng, beta, sigma, X, y);
      moments_compute(m, X, y, n);
      est_ridge(m, 0.3, bh); risk[(which * 3 + 0) * T + k] = excess_risk(bh, beta, NULL);
      est_gd(m, 0.3, 8, bh); risk[(which * 3 + 1) * T + k] = excess_risk(bh, beta, NULL);
      gsl_vector_set_zero(bh);
      lasso_cd(m->Sigma_hat, m->r_hat, 0.1, bh, c, LASSO_TOL, LASSO_MAX_SWEEPS);
      risk[(which * 3 + 2) * T + k] = excess_risk(bh, beta, NULL);
    }
  }
  for (int meth = 0; meth < 3; meth++) {
    mc_summary a = mc_summarize(risk + (0 * 3 + meth) * T, T, 1);
    mc_summary b = mc_summarize(risk + (1 * 3 + meth) * T, T, 1);
    double se = sqrt(a.se * a.se + b.se * b.se);
    if (meth < 2) assert_within_se(a.mean - b.mean, se, 0.0, 4.0);
    else assert_less(10.0 * se, b.mean - a.mean);  /* Lasso: much better on the sparse beta */
  }
  free(risk); moments_free(m);
  gsl_vector_free(bs); gsl_vector_free(bd); gsl_vector_free(y); gsl_vector_free(bh); gsl_vector_free(c);
  gsl_matrix_free(X); gsl_rng_free(rng);
}

/* A one-point experiment at d = 20, s = 3, n = 100 with the given methods. */
static void run_one(double sigma, const method_id *methods, size_t count, size_t trials,
  risk_config *cfg, risk_result *res)
{
  static size_t ns[1] = { 100 };
  risk_config_init(cfg);
  task_spec_init(&cfg->spec, 20, 3, BETA_SPARSE_GAUSS, 1.0, sigma);
  cfg->ns = ns; cfg->n_count = 1;
  cfg->trials = trials; cfg->tune_trials = trials / 2;
  cfg->threads = 2; cfg->seed = 7;
  for (int m = 0; m < M_COUNT; m++) cfg->use[m] = 0;
  for (size_t i = 0; i < count; i++) cfg->use[methods[i]] = 1;
  risk_run(cfg, res);
}

static mc_summary row_of(const risk_result *res, method_id m)
{
  for (size_t i = 0; i < res->n_rows; i++) if (res->rows[i].method == m) return res->rows[i].risk;
  fail_msg("no row for method %d", (int) m);
  mc_summary none = { 0, 0, 0 };
  return none;
}

/* mean and s.e. of a[k] - c * b[k] over paired tasks */
static mc_summary paired(const double *a, const double *b, double c, size_t T)
{
  double *dlt = malloc(T * sizeof(double));
  for (size_t k = 0; k < T; k++) dlt[k] = a[k] - c * b[k];
  mc_summary s = mc_summarize(dlt, T, 1);
  free(dlt);
  return s;
}

/* Proposition 4 for tuned ridge and tuned GD: above the Bayes bound (less 4 s.e.), and the bound
   is not vacuous: the tuned risks are below 1.5 times the bound. */
static void test_ridge_above_bayes_bound(void **state)
{
  (void) state;
  const method_id ms[] = { M_RIDGE, M_GD };
  risk_config cfg; risk_result res;
  run_one(0.5, ms, 2, tu_quick() ? 1000 : 4000, &cfg, &res);
  double bound = bayes_risk_lower_bound(20, 100, 0.5, 1.0);
  for (int i = 0; i < 2; i++) {
    mc_summary r = row_of(&res, ms[i]);
    assert_less(bound - 4.0 * r.se, r.mean);
    assert_less(r.mean, 1.5 * bound);
  }
  risk_result_free(&res); risk_grids_free(&cfg.grids);
}

/* The regime claim, noisy side (sigma = 0.5): tuned PtO below tuned ridge and tuned GD by more
   than five paired standard errors, and below twice the tuned Lasso (four paired s.e.). */
static void test_regime_pto_beats_ridge_and_gd_noisy(void **state)
{
  (void) state;
  const method_id ms[] = { M_RIDGE, M_GD, M_LASSO, M_PTO };
  risk_config cfg; risk_result res;
  run_one(0.5, ms, 4, 2000, &cfg, &res);
  size_t T = cfg.trials;
  const double *pto = risk_result_tasks(&cfg, &res, 0, M_PTO);
  mc_summary d1 = paired(risk_result_tasks(&cfg, &res, 0, M_RIDGE), pto, 1.0, T);
  mc_summary d2 = paired(risk_result_tasks(&cfg, &res, 0, M_GD), pto, 1.0, T);
  mc_summary d3 = paired(pto, risk_result_tasks(&cfg, &res, 0, M_LASSO), 2.0, T);
  print_message("# sigma 0.5: ridge %.4g gd %.4g lasso %.4g pto %.4g\n", row_of(&res, M_RIDGE).mean,
    row_of(&res, M_GD).mean, row_of(&res, M_LASSO).mean, row_of(&res, M_PTO).mean);
  assert_less(5.0 * d1.se, d1.mean);
  assert_less(5.0 * d2.se, d2.mean);
  assert_less(d3.mean, -4.0 * d3.se);
  risk_result_free(&res); risk_grids_free(&cfg.grids);
}

/* The regime claim, low-noise side (sigma = 0.1): tuned ridge below tuned PtO (four paired s.e.).
   PtO's risk is heavy-tailed at low noise (prompts with a small nonzero beta_j), hence 8000 tasks. */
static void test_regime_ridge_beats_pto_low_noise(void **state)
{
  (void) state;
  const method_id ms[] = { M_RIDGE, M_PTO };
  risk_config cfg; risk_result res;
  run_one(0.1, ms, 2, 8000, &cfg, &res);
  mc_summary d = paired(risk_result_tasks(&cfg, &res, 0, M_PTO),
    risk_result_tasks(&cfg, &res, 0, M_RIDGE), 1.0, cfg.trials);
  print_message("# sigma 0.1: ridge %.4g pto %.4g (paired diff %.3g +- %.2g)\n",
    row_of(&res, M_RIDGE).mean, row_of(&res, M_PTO).mean, d.mean, d.se);
  assert_less(4.0 * d.se, d.mean);
  risk_result_free(&res); risk_grids_free(&cfg.grids);
}

/* Determinism: the same seed gives a bitwise identical CSV with 1 and with 2 threads (and on a
   second run). Exact comparison of the bytes is the tolerance. */
static char *csv_of_run(unsigned threads)
{
  static size_t ns[2] = { 15, 30 };
  risk_config cfg; risk_result res;
  risk_config_init(&cfg);
  task_spec_init(&cfg.spec, 10, 2, BETA_SPARSE_GAUSS, 1.0, 0.5);
  cfg.ns = ns; cfg.n_count = 2; cfg.trials = 60; cfg.tune_trials = 40;
  cfg.threads = threads; cfg.seed = 3;
  risk_run(&cfg, &res);
  char *buf = NULL; size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  risk_write_csv(f, &cfg, &res);
  fclose(f);
  risk_result_free(&res); risk_grids_free(&cfg.grids);
  return buf;
}

static void test_risk_csv_deterministic_across_threads(void **state)
{
  (void) state;
  char *a = csv_of_run(1), *b = csv_of_run(2), *c = csv_of_run(2);
  assert_true(strlen(a) > 100);
  assert_string_equal(a, b);
  assert_string_equal(b, c);
  free(a); free(b); free(c);
}

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_rhat_mean_and_variance),
    cmocka_unit_test(test_rhat_sixth_moment_off_support),
    cmocka_unit_test(test_ols_risk_exact),
    cmocka_unit_test(test_gd_conditional_risk),
    cmocka_unit_test(test_ridge_conditional_risk),
    cmocka_unit_test(test_rotation_invariance_sparse_dense),
    cmocka_unit_test(test_ridge_above_bayes_bound),
    cmocka_unit_test(test_regime_pto_beats_ridge_and_gd_noisy),
    cmocka_unit_test(test_regime_ridge_beats_pto_low_noise),
    cmocka_unit_test(test_risk_csv_deterministic_across_threads),
  };
  return cmocka_run_group_tests_name("risk", tests, NULL, NULL);
}
