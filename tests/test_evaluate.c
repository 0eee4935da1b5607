/* Tests of the evaluation chapter (chapters/evaluate.w). */
#include <math.h>
#include <string.h>
#include "testutil.h"
#include "support.h"
#include "risk.h"
#include "evaluate.h"

/* A model whose read-out is zero predicts 0: its errors equal the zero predictor's, whose mean is
   1 within four standard errors at every prefix (the normalization by E y^2); least squares on
   noiseless data interpolates once k >= d + 2 (errors below 1e-20, rounding only); the bootstrap
   90% interval contains the mean and is 2 x 1.645 standard errors wide, within 25%. */
static void test_eval_protocol_baselines(void **state)
{
  (void) state;
  train_config c;
  train_config_default(&c);
  c.arch.n_layers = 1; c.arch.d_model = 8; c.arch.d_head = 4;
  c.d = 3; c.s = 3; c.n = 8; c.batch = 50;
  assert_null(train_config_check(&c));
  trainer *tr = trainer_new(&c);
  model_init(tr->m, 1, 0.5);
  memset(tr->m->p.W_U, 0, 8 * sizeof(double));
  tr->m->p.b_U[0] = 0.0;
  const size_t P = 4000;
  eval_result res;
  evaluate_model(tr, P, 77, &res);
  assert_int_equal(res.n_prefix, 8);
  for (size_t k = 0; k < res.n_prefix; k++) {
    const double *model_err = res.err + ((size_t) EV_MODEL * res.n_prefix + k) * P;
    const double *zero_err = res.err + ((size_t) EV_ZERO * res.n_prefix + k) * P;
    assert_memory_equal(model_err, zero_err, P * sizeof(double));
    mc_summary s = mc_summarize(zero_err, P, 1);
    assert_within_se(s.mean, s.se, 1.0, 4.0);
    interval iv = bootstrap_mean(zero_err, P, 1000, 5);
    assert_true(iv.lo <= s.mean && s.mean <= iv.hi);
    assert_close(iv.hi - iv.lo, 2 * 1.645 * s.se, 0.0, 0.25);
    if (res.prefix[k] >= c.d + 2) {
      mc_summary ols = mc_summarize(res.err + ((size_t) EV_OLS * res.n_prefix + k) * P, P, 1);
      assert_less(ols.mean, 1e-20);
    }
  }
  eval_result_free(&res);
  trainer_free(tr);
}

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_eval_protocol_baselines),
  };
  return cmocka_run_group_tests_name("evaluate", tests, NULL, NULL);
}
