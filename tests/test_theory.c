/* Tests of the theory chapter (chapters/theory.w). */
#include <math.h>
#include <stdlib.h>
#include "testutil.h"
#include "support.h"
#include "tasks.h"
#include "estimators.h"
#include "risk.h"

/* Proposition 5: E sum_{j not in S} phi_j^2 <= 15 (d-s) (eta t)^2 v^3 (1+2/n)(1+4/n), checked
   within four standard errors; not vacuous (bound <= 1.5 x mean) where eta t v is small. */
static double off_support_term(const task *t, const moments *mo, double eta, unsigned steps,
  double *max_x)
{
  double sum = 0.0;
  for (size_t j = 0; j < t->d; j++) {
    if (gsl_vector_get(t->beta, j) != 0.0) continue;
    double r = gsl_vector_get(mo->r_hat, j), x = eta * r * r;
    if (x > *max_x) *max_x = x;
    double phi = r * (1.0 - pow(1.0 - x, steps));
    sum += phi * phi;
  }
  return sum;
}

static void check_bound(double eta, unsigned steps, size_t n, int tight)
{
  const size_t d = 10, s = 2, T = tu_quick() ? 20000 : 60000;
  const double sigma = 0.5;
  task_spec spec;
  task_spec_init(&spec, d, s, BETA_SPARSE_SIGN, 1.0, sigma);  /* |beta| = 1 exactly */
  task *t = task_alloc(n, d);
  moments *mo = moments_alloc(d);
  double *vals = malloc(T * sizeof(double)), max_x = 0.0;
  for (size_t k = 0; k < T; k++) {
    task_sample(&spec, n, 31, STREAM_TEST, k, t);
    moments_compute(mo, t->X, t->y, n);
    vals[k] = off_support_term(t, mo, eta, steps, &max_x);
  }
  assert_true(max_x <= 2.0);  /* the proposition's condition held on every draw */
  mc_summary m = mc_summarize(vals, T, 1);
  double v = (1.0 + sigma * sigma) / (double) n;
  double bound = 15.0 * (double) (d - s) * pow(eta * steps, 2) * v * v * v
    * (1.0 + 2.0 / (double) n) * (1.0 + 4.0 / (double) n);
  print_message("# eta t v = %.3f: off-support term %.4g +- %.2g, bound %.4g\n",
    eta * steps * v, m.mean, m.se, bound);
  assert_less(m.mean - 4.0 * m.se, bound);
  if (tight) assert_less(bound, 1.5 * m.mean);
  free(vals); moments_free(mo); task_free(t);
}

static void test_pto_off_support_bound(void **state)
{
  (void) state;
  check_bound(1.0, 2, 50, 1);   /* eta t v = 0.05: nearly tight */
  check_bound(1.0, 5, 50, 0);   /* eta t v = 0.125 */
  check_bound(2.0, 20, 50, 0);  /* eta t v = 1: the bound holds but is loose */
}

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_pto_off_support_bound),
  };
  return cmocka_run_group_tests_name("theory", tests, NULL, NULL);
}
