/* Tests of the tasks chapter (chapters/tasks.w, section "Tests" there). */
#include <math.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "testutil.h"
#include "support.h"
#include "tasks.h"
#include "risk.h"

static int same_task(const task *a, const task *b, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    if (gsl_vector_get(a->y, i) != gsl_vector_get(b->y, i)) return 0;
    for (size_t j = 0; j < a->d; j++)
      if (gsl_matrix_get(a->X, i, j) != gsl_matrix_get(b->X, i, j)) return 0;
  }
  if (a->y_q != b->y_q || a->s != b->s) return 0;
  for (size_t j = 0; j < a->d; j++)
    if (gsl_vector_get(a->beta, j) != gsl_vector_get(b->beta, j)
        || gsl_vector_get(a->x_q, j) != gsl_vector_get(b->x_q, j)) return 0;
  return 1;
}

/* Task k depends on (seed, stream, k) only: drawing tasks in another order, or with a longer
   prompt, gives bitwise the same numbers (exact equality is the right tolerance: the same
   operations run on the same inputs). */
static void test_task_reproducible_from_seed_and_index(void **state)
{
  (void) state;
  task_spec spec;
  task_spec_init(&spec, 7, 2, BETA_SPARSE_GAUSS, 1.0, 0.3);
  task *a = task_alloc(40, 7), *b = task_alloc(40, 7), *c = task_alloc(20, 7);
  for (beta_kind kind = BETA_DENSE; kind <= BETA_SPARSE_SIGN; kind++) {
    spec.beta = kind; spec.s = kind == BETA_DENSE ? 7 : 2;
    for (uint64_t k = 0; k < 5; k++) {
      task_sample(&spec, 40, 99, STREAM_EVAL, k, a);
      task_sample(&spec, 40, 99, STREAM_EVAL, 4 - k, b);  /* another order in between */
      task_sample(&spec, 40, 99, STREAM_EVAL, k, b);
      assert_true(same_task(a, b, 40));
      task_sample(&spec, 20, 99, STREAM_EVAL, k, c);  /* prefix of the longer prompt */
      assert_true(same_task(a, c, 20));
      task_sample(&spec, 40, 100, STREAM_EVAL, k, b);  /* another seed differs */
      assert_false(same_task(a, b, 40));
    }
  }
  task_free(a); task_free(b); task_free(c);
}

/* Correlated x = L z is formed row by row as OpenBLAS's dtrmv forms it (the diagonal term plus
   the dot product of the row's leading entries; one block, d <= 64): the last point of a task
   equals dtrmv(L, z) of its z bit for bit, for d = 5 (He), 16 and 64. */
static void test_task_correlated_draw_matches_dtrmv(void **state)
{
  (void) state;
  const size_t dims[] = { 5, 16, 64 };
  for (size_t i = 0; i < 3; i++) {
    size_t d = dims[i];
    task_spec spec;
    task_spec_init(&spec, d, d, BETA_DENSE, 1.0, 0.1);
    assert_int_equal(task_spec_set_ar1(&spec, 0.5), 0);
    task *t = task_alloc(3, d);
    for (uint64_t k = 0; k < 20; k++) {
      task_sample(&spec, 3, 9, STREAM_TEST, k, t);
      gsl_vector *x = gsl_vector_alloc(d);
      gsl_vector_memcpy(x, t->z);  /* z of the last point drawn */
      gsl_blas_dtrmv(CblasLower, CblasNoTrans, CblasNonUnit, spec.L, x);
      for (size_t j = 0; j < d; j++)
        if (gsl_vector_get(x, j) != gsl_matrix_get(t->X, 2, j))
          fail_msg("d %zu, task %llu, coordinate %zu: %.17g against dtrmv's %.17g", d,
            (unsigned long long) k, j, gsl_matrix_get(t->X, 2, j), gsl_vector_get(x, j));
      gsl_vector_free(x);
    }
    task_free(t);
    task_spec_free(&spec);
  }
}

/* E||beta||^2 = b^2 for every prior, exactly s nonzeros for the sparse ones, and the sample
   covariance of x tends to a given AR(1) Sigma. Monte-Carlo checks at four standard errors. */
static void test_task_prior_and_covariance(void **state)
{
  (void) state;
  const size_t d = 6, s = 2, T = tu_quick() ? 4000 : 20000, n = 4;
  const double b = 1.7, rho = 0.6;
  task_spec spec;
  task_spec_init(&spec, d, s, BETA_DENSE, b, 0.2);
  task *t = task_alloc(n, d);
  double *norms = malloc(T * sizeof(double));
  for (beta_kind kind = BETA_DENSE; kind <= BETA_SPARSE_SIGN; kind++) {
    spec.beta = kind; spec.s = kind == BETA_DENSE ? d : s;
    for (size_t k = 0; k < T; k++) {
      task_sample(&spec, n, 5, STREAM_TEST, k, t);
      double nb = 0.0; size_t nz = 0;
      for (size_t j = 0; j < d; j++) {
        double v = gsl_vector_get(t->beta, j);
        nb += v * v; nz += v != 0.0;
      }
      norms[k] = nb;
      if (kind != BETA_DENSE) assert_int_equal(nz, s);
    }
    mc_summary m = mc_summarize(norms, T, 1);
    if (kind == BETA_SPARSE_SIGN) assert_close(m.mean, b * b, 0.0, 1e-12);  /* exact norm */
    else assert_within_se(m.mean, m.se, b * b, 4.0);
  }
  /* covariance: entries (0,0), (0,1), (0,2) against 1, rho, rho^2 */
  gsl_matrix *Sigma = gsl_matrix_alloc(d, d);
  for (size_t i = 0; i < d; i++)
    for (size_t j = 0; j < d; j++) gsl_matrix_set(Sigma, i, j, pow(rho, fabs((double) i - (double) j)));
  assert_int_equal(task_spec_set_covariance(&spec, Sigma), 0);
  for (size_t lag = 0; lag < 3; lag++) {
    for (size_t k = 0; k < T; k++) {
      task_sample(&spec, n, 6, STREAM_TEST, k, t);
      norms[k] = gsl_matrix_get(t->X, 0, 1) * gsl_matrix_get(t->X, 0, 1 + lag);
    }
    mc_summary m = mc_summarize(norms, T, 1);
    assert_within_se(m.mean, m.se, pow(rho, (double) lag), 4.0);
  }
  gsl_matrix_set(Sigma, 0, 1, 2.0);  /* not symmetric: refused */
  assert_int_equal(task_spec_set_covariance(&spec, Sigma), -1);
  gsl_matrix_set(Sigma, 1, 0, 2.0);  /* symmetric but indefinite: refused */
  assert_int_equal(task_spec_set_covariance(&spec, Sigma), -1);
  gsl_matrix_free(Sigma);
  free(norms);
  task_free(t);
  task_spec_free(&spec);
}

/* Multi-task prompts (He et al.'s d = 6, tasks on coordinates 1..4 and 3..6, noise_std^2 = 0.1):
   exact invariants (bitwise reproducibility and prefixes; beta_k zero off S_k; noiseless query
   targets to 1e-12 relative, the same dot product formed again; the single-task view), then
   Monte-Carlo moments at four standard errors, each standard error below a twentieth of its
   value (so the check is not vacuous): E|beta_k|^2 = d_k, the context noise's variance
   d_k noise_std^2 = 0.4 and its zero correlation between tasks, E y_qk^2 = d_k. */
static void test_multitask_moments_and_invariants(void **state)
{
  (void) state;
  const size_t d = 6, n = 12, T = tu_quick() ? 3000 : 12000;
  const double s0 = sqrt(0.1);
  mt_spec spec;
  assert_int_equal(mt_spec_init(&spec, d, 7, 4, s0), -1);
  assert_int_equal(mt_spec_init(&spec, d, 4, 0, s0), -1);
  assert_int_equal(mt_spec_init(&spec, d, 4, 4, NAN), -1);
  assert_int_equal(mt_spec_init(&spec, d, 4, 4, s0), 0);
  assert_int_equal(spec.first[1], 2);
  mt_task *a = mt_task_alloc(n, d, 2), *b = mt_task_alloc(2 * n, d, 2);
  mt_sample(&spec, n, 3, STREAM_TEST, 17, a);
  mt_sample(&spec, 2 * n, 3, STREAM_TEST, 5, b);
  mt_sample(&spec, 2 * n, 3, STREAM_TEST, 17, b);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < d; j++) assert_true(gsl_matrix_get(a->X, i, j) == gsl_matrix_get(b->X, i, j));
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < 2; k++) assert_true(gsl_matrix_get(a->Y, i, k) == gsl_matrix_get(b->Y, i, k));
  for (size_t k = 0; k < 2; k++) assert_true(a->y_q[k] == b->y_q[k]);
  mt_sample(&spec, n, 4, STREAM_TEST, 17, b);
  assert_false(a->y_q[0] == b->y_q[0]);
  task *view = task_alloc(n, 4), *whole = task_alloc(n, d);
  double *v[6];
  for (int q = 0; q < 6; q++) v[q] = malloc(T * sizeof(double));
  for (size_t k = 0; k < T; k++) {
    mt_sample(&spec, n, 9, STREAM_TEST, k, a);
    double nb[2] = { 0.0, 0.0 }, e[2];
    for (size_t t = 0; t < 2; t++) {
      double dot = 0.0;
      for (size_t j = 0; j < d; j++) {
        double bj = gsl_matrix_get(a->beta, t, j);
        int on = j >= spec.first[t] && j < spec.first[t] + spec.dim[t];
        if (!on) assert_true(bj == 0.0);
        nb[t] += bj * bj;
        dot += bj * gsl_vector_get(a->x_q, j);
      }
      assert_close(a->y_q[t], dot, 1e-12, 1e-12);
      double r = gsl_matrix_get(a->Y, 0, t);
      for (size_t j = 0; j < d; j++) r -= gsl_matrix_get(a->beta, t, j) * gsl_matrix_get(a->X, 0, j);
      e[t] = r;
      if (k == 0) {
        mt_task_view(&spec, a, t, 0, view);
        assert_true(view->n == n && view->y_q == a->y_q[t]);
        for (size_t i = 0; i < n; i++) {
          assert_true(gsl_vector_get(view->y, i) == gsl_matrix_get(a->Y, i, t));
          assert_true(gsl_matrix_get(view->X, i, 0) == gsl_matrix_get(a->X, i, spec.first[t]));
        }
        mt_task_view(&spec, a, t, 1, whole);  /* all six coordinates */
        for (size_t j = 0; j < d; j++) {
          assert_true(gsl_matrix_get(whole->X, n - 1, j) == gsl_matrix_get(a->X, n - 1, j));
          assert_true(gsl_vector_get(whole->beta, j) == gsl_matrix_get(a->beta, t, j));
        }
      }
    }
    v[0][k] = nb[0]; v[1][k] = nb[1]; v[2][k] = e[0] * e[0]; v[3][k] = e[1] * e[1];
    v[4][k] = e[0] * e[1]; v[5][k] = a->y_q[1] * a->y_q[1];
  }
  const double want[6] = { 4.0, 4.0, 0.4, 0.4, 0.0, 4.0 }, scale[6] = { 4.0, 4.0, 0.4, 0.4, 0.4, 4.0 };
  for (int q = 0; q < 6; q++) {
    mc_summary m = mc_summarize(v[q], T, 1);
    assert_within_se(m.mean, m.se, want[q], 4.0);
    assert_less(m.se, scale[q] / 20.0);
    free(v[q]);
  }
  task_free(view); task_free(whole);
  mt_task_free(a); mt_task_free(b);
}

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_task_reproducible_from_seed_and_index),
    cmocka_unit_test(test_task_prior_and_covariance),
    cmocka_unit_test(test_task_correlated_draw_matches_dtrmv),
    cmocka_unit_test(test_multitask_moments_and_invariants),
  };
  return cmocka_run_group_tests_name("tasks", tests, NULL, NULL);
}
