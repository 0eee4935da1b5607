/* Tests of the He experiments chapter (chapters/he2025.w): the circuit-level prediction against
   the forward pass, the smoke grid run whole and in units, and the refusal of a checkpoint of the
   wrong shape by --analyze. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "support.h"
#include "tasks.h"
#include "he2025.h"

/* |he_predict| on 5 prompts of length 7 (not the normalization length 40, so the two linear
   kinds differ) against the forward pass's prediction at the query, for the three attention
   kinds of the grid at H = 2 with PyTorch's initialization. The two compute the same sums in
   different orders: relative 1e-12, rounding only (a wrong sign, scale or normalization is off
   by order one). */
static void test_he_predict_matches_forward(void **state)
{
  (void) state;
  const attn_kind kinds[3] = { ATTN_SOFTMAX, ATTN_LINEAR, ATTN_LINEAR_FIXED };
  const size_t n = 7, B = 5;
  task_spec spec;
  assert_int_equal(task_spec_he2025(&spec, HE_D, HE_SIGMA2, 0.0), 0);
  task *t = task_alloc(n, HE_D);
  for (int k = 0; k < 3; k++) {
    he_run r = { "t", kinds[k], 2, 3 };
    train_config c;
    he_train_config(he_scale_named("smoke"), &r, 1, &c);
    assert_null(train_config_check(&c));
    assert_true(he_is_paper_layer(&c.arch));
    model *m = model_alloc(&c.arch, B);
    model_init(m, 7 + k, c.init_std);
    prompt_batch *bt = batch_alloc(&c.arch, B, n);
    size_t T = bt->T, din = bt->d_in;
    memset(bt->tokens, 0, B * T * din * sizeof(double));
    for (size_t i = 0; i < B * T; i++) { bt->target[i] = 0.0; bt->weight[i] = 1.0; }
    double want[5];
    he_circuits *hc = he_circuits_of(m);
    for (size_t b = 0; b < B; b++) {
      task_sample(&spec, n, 11, STREAM_TEST, b, t);
      double *tok = bt->tokens + b * T * din;
      for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < HE_D; j++) tok[i * din + j] = gsl_matrix_get(t->X, i, j);
        tok[i * din + HE_D] = gsl_vector_get(t->y, i);
      }
      for (size_t j = 0; j < HE_D; j++) tok[n * din + j] = gsl_vector_get(t->x_q, j);
      want[b] = he_predict(hc, t);
    }
    model_forward(m, bt);
    for (size_t b = 0; b < B; b++) {
      double got = m->pred[b * T + n];
      assert_true(fabs(got) > 1e-6);
      assert_close(got, want[b], 0.0, 1e-12);
    }
    he_circuits_free(hc);
    batch_free(bt);
    model_free(m);
  }
  task_free(t);
  task_spec_free(&spec);
}

static const char *const he_joined[] = { "he_runs.csv", "he_heads.csv", "he_layer.csv",
  "he_risk.csv", "he_length.csv" };

/* The smoke grid in one process: every joined file has its rows (6 models; 1+2+4+8+2+2 heads;
   6 predictors each; 11 lengths each), every row starts with the provenance columns. Then the
   plan's 6 units, each in its own process in reverse order, into a second directory: a join
   before the last unit names it and fails with status 1; after it, the joined files are
   byte-identical to the one-process run's. */
static void test_smoke_grid_runs_and_joins(void **state)
{
  (void) state;
  char base[64], prog[512];
  tu_program(prog, sizeof prog);
  tu_tmp_dir(base, sizeof base, "/tmp/mhicl-he-");
  assert_int_equal(tu_shell("'%s' reproduce he --scale smoke --out '%s/one' > /dev/null 2>&1", prog, base), 0);
  const size_t rows[5] = { 6, 19, 6, 36, 66 };
  for (int k = 0; k < 5; k++) {
    assert_int_equal(tu_shell("test $(wc -l < '%s/one/%s') -eq %zu", base, he_joined[k], rows[k] + 1), 0);
    assert_int_equal(tu_shell("test $(grep -c '^he2025,smoke,%s,' '%s/one/%s') -eq %zu", MHICL_VERSION,
      base, he_joined[k], rows[k]), 0);
  }
  assert_int_equal(tu_shell("cd '%s' && '%s' reproduce he --scale smoke --out units --plan > plan.txt",
    base, prog), 0);
  assert_int_equal(tu_shell("test $(wc -l < '%s/plan.txt') -eq 6", base), 0);
  assert_int_equal(tu_shell("cd / && tail -n 5 '%s/plan.txt' | tac | sh > /dev/null 2>&1", base), 0);
  assert_int_equal(tu_shell("'%s' reproduce he --scale smoke --out '%s/units' --join > /dev/null "
    "2> '%s/join.err'", prog, base, base), 1);
  assert_int_equal(tu_shell("grep -qx 'mhicl: 1 of 6 units not finished: softmax_H1_seed0' '%s/join.err'",
    base), 0);
  assert_int_equal(tu_shell("test ! -e '%s/units/he_risk.csv'", base), 0);
  assert_int_equal(tu_shell("cd / && head -n 1 '%s/plan.txt' | sh > /dev/null 2>&1", base), 0);
  assert_int_equal(tu_shell("'%s' reproduce he --scale smoke --out '%s/units' --join > /dev/null 2>&1",
    prog, base), 0);
  for (int k = 0; k < 5; k++)
    assert_int_equal(tu_shell("cmp -s '%s/one/%s' '%s/units/%s'", base, he_joined[k], base, he_joined[k]), 0);
  tu_remove_tree(base);
}

/* --analyze: a checkpoint of another shape (the training chapter's default model, stacked)
   refused with one line and status 2, nothing written; the grid's own checkpoint accepted, its
   pattern rows those of its unit (same weights; only the run column differs). */
static void test_analyze_refuses_wrong_shape(void **state)
{
  (void) state;
  char base[64], prog[512];
  tu_program(prog, sizeof prog);
  tu_tmp_dir(base, sizeof base, "/tmp/mhicl-he-");
  assert_int_equal(tu_shell("'%s' train --format stacked --loss query --steps 1 --batch 2 "
    "--eval_prompts 2 --checkpoint '%s/wrong.ckpt' --quiet > /dev/null 2>&1", prog, base), 0);
  assert_int_equal(tu_shell("'%s' reproduce he --analyze '%s/wrong.ckpt' --scale smoke --out '%s/a' "
    "> /dev/null 2> '%s/err'", prog, base, base, base), 2);
  assert_int_equal(tu_shell("test $(wc -l < '%s/err') -eq 1 && grep -q 'not the paper' '%s/err'",
    base, base), 0);
  assert_int_equal(tu_shell("test ! -e '%s/a/runs/analyze.heads.csv'", base), 0);
  assert_int_equal(tu_shell("'%s' reproduce he --scale smoke --out '%s/g' > /dev/null 2>&1", prog, base), 0);
  assert_int_equal(tu_shell("'%s' reproduce he --analyze '%s/g/runs/softmax_H2_seed0.ckpt' --scale smoke "
    "--out '%s/a' > /dev/null 2>&1", prog, base, base), 0);
  assert_int_equal(tu_shell("cut -d, -f8- '%s/a/runs/analyze.heads.csv' > '%s/x' && "
    "cut -d, -f8- '%s/g/runs/softmax_H2_seed0.heads.csv' > '%s/y' && cmp -s '%s/x' '%s/y'",
    base, base, base, base, base, base), 0);
  tu_remove_tree(base);
}

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_he_predict_matches_forward),
    cmocka_unit_test(test_smoke_grid_runs_and_joins),
    cmocka_unit_test(test_analyze_refuses_wrong_shape),
  };
  return cmocka_run_group_tests_name("he2025", tests, NULL, NULL);
}
