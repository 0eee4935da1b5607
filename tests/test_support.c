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

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_exp_array_within_four_ulp),
    cmocka_unit_test(test_exp_array_independent_of_alignment),
  };
  return cmocka_run_group_tests_name("support", tests, NULL, NULL);
}
