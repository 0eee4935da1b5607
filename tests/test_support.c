/* Tests of the support chapter (chapters/support.w): the array exponential. */
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include "testutil.h"
#include "support.h"

/* Distance in units in the last place between a computed value and the C library's exp, which is
   itself correctly rounded to within one ulp; the method's error bound (a few ulp from the
   rounding of Horner's rule, truncation below 5e-18) makes four ulp the right tolerance. */
static double ulps(double got, double want)
{
  return fabs(got - want) / (nextafter(want, INFINITY) - want);
}

static void test_exp_array_within_four_ulp(void **state)
{
  (void) state;
  enum { N = 200001 };
  double *x = malloc(N * sizeof(double)), *y = malloc(N * sizeof(double));
  assert_non_null(x); assert_non_null(y);
  for (size_t i = 0; i < N; i++) x[i] = -708.0 + 1417.0 * (double) i / (double) (N - 1);
  x[7] = 0.0; x[8] = -0.0; x[9] = 1e-300; x[10] = -1e-17; x[11] = 0.34657359027997264; x[12] = -0.34657359027997264;
  memcpy(y, x, N * sizeof(double));
  mhicl_exp_array(y, N);  /* odd length: the last value goes through the tail */
  double worst = 0.0;
  for (size_t i = 0; i < N; i++) worst = fmax(worst, ulps(y[i], exp(x[i])));
  assert_true(worst <= 4.0);
  assert_true(y[7] == 1.0 && y[8] == 1.0 && y[9] == 1.0);
  /* Outside the clamp: small and large arguments saturate, NaN propagates. */
  double z[5] = { -1000.0, -INFINITY, 1000.0, INFINITY, NAN };
  mhicl_exp_array(z, 5);
  assert_true(z[0] == z[1] && z[0] > 0.0 && z[0] < 1e-300);
  assert_true(z[2] == z[3] && z[2] > 1e307 && isfinite(z[2]));
  assert_true(isnan(z[4]));
  free(x); free(y);
}

/* The value of an entry does not depend on its neighbours or its position (the property that
   makes results independent of how arrays are split among threads): exact equality. */
static void test_exp_array_independent_of_alignment(void **state)
{
  (void) state;
  double a[9], b[10];
  for (int i = 0; i < 9; i++) a[i] = b[i + 1] = 0.37 * i - 1.3;
  b[0] = 123.0;
  mhicl_exp_array(a, 9); mhicl_exp_array(b, 10);
  for (int i = 0; i < 9; i++) assert_true(a[i] == b[i + 1]);
}

/* The GELU's hyperbolic tangent (transformer chapter) is 1 - 2/(e^{2u} + 1) with this exponential.
   Its absolute error against the C library's tanh stays within a few units of 1e-16 (the
   subtraction from 1 costs relative, not absolute, accuracy: 4e-16 is four ulp of numbers near 1),
   and it is exactly +-1 far out. */
static void test_tanh_from_exp_array_absolute_error(void **state)
{
  (void) state;
  enum { N = 100001 };
  double *u = malloc(N * sizeof(double)), *e = malloc(N * sizeof(double));
  assert_non_null(u); assert_non_null(e);
  for (size_t i = 0; i < N; i++) { u[i] = -20.0 + 40.0 * (double) i / (double) (N - 1); e[i] = 2.0 * u[i]; }
  mhicl_exp_array(e, N);
  double worst = 0.0;
  for (size_t i = 0; i < N; i++) worst = fmax(worst, fabs((1.0 - 2.0 / (e[i] + 1.0)) - tanh(u[i])));
  assert_true(worst <= 4e-16);
  double far[2] = { 2.0 * 400.0, 2.0 * -400.0 };
  mhicl_exp_array(far, 2);
  assert_true(1.0 - 2.0 / (far[0] + 1.0) == 1.0 && 1.0 - 2.0 / (far[1] + 1.0) == -1.0);
  free(u); free(e);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_exp_array_within_four_ulp),
    cmocka_unit_test(test_exp_array_independent_of_alignment),
    cmocka_unit_test(test_tanh_from_exp_array_absolute_error),
  };
  return cmocka_run_group_tests_name("support", tests, NULL, NULL);
}
