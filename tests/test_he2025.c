/* Tests of the He experiments chapter (chapters/he2025.w): the circuit-level prediction against
   the forward pass, the smoke grid run whole and in units, and the refusal of a checkpoint of the
   wrong shape by --analyze. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "testutil.h"
#include "support.h"
#include "tasks.h"
#include "softmax.h"
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
    he_run r = { "t", kinds[k], 2, 3, 0.0 };
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

/* A multi-task layer built by hand: four heads, heads 0, 1 with KQ = +-omega on task 1's
   coordinates and mu_1 = +-mu, heads 2, 3 the same for task 2 (W_K = I, W_Q = sqrt(8) omega on
   the support, W_V = I, W_O putting -mu_k from response k to row k). (a) The circuits read back
   omega and mu_k exactly (1e-12: one product each), the preconditioner P_k is 2 omega mu on S_k
   and 0 off it, and the layer splits with every head serving its task. (b) The layer's two
   predictions (the forward pass) against debiased GD on S_k with the step 2 omega mu = 0.9, on
   200 prompts: the RMS difference falls like omega^2 (Proposition H5 for each row): at
   omega = 0.1 it is between 1e-4 and 0.05, and halving omega divides it by at least 3 (4 in the
   limit). */
static void test_mt_circuits_and_preconditioner(void **state)
{
  (void) state;
  const size_t P = 200, C = HE_MT_D + 2, d = HE_MT_D, H = 4;
  const double eta = 0.9, omegas[2] = { 0.1, 0.05 };
  he_run r = { "t", ATTN_SOFTMAX, H, 5, 0.0 };
  train_config c;
  he_mt_train_config(he_scale_named("smoke"), &r, 1, &c);
  c.batch = P;
  mt_spec spec;
  assert_int_equal(train_mt_spec(&c, &spec), 0);
  double rms[2];
  for (int w = 0; w < 2; w++) {
    double omega = omegas[w], mu = eta / (2.0 * omega);
    model *m = model_alloc(&c.arch, P);
    memset(m->params, 0, m->n_params * sizeof(double));
    for (size_t h = 0; h < H; h++) {
      size_t k = h / 2;
      double sign = h % 2 == 0 ? 1.0 : -1.0;
      for (size_t i = 0; i < C; i++) {
        m->p.W_K[0][(h * C + i) * C + i] = 1.0;
        m->p.W_V[0][(h * C + i) * C + i] = 1.0;
        if (i >= spec.first[k] && i < spec.first[k] + spec.dim[k])
          m->p.W_Q[0][(h * C + i) * C + i] = sqrt((double) C) * sign * omega;
      }
      m->p.W_O[0][(h * C + d + k) * C + d + k] = -sign * mu;
    }
    he_mt_circuits *hc = he_mt_circuits_of(m);
    gsl_matrix *Pk = gsl_matrix_alloc(d, d);
    for (size_t h = 0; h < H; h++) {
      size_t k = h / 2;
      double sign = h % 2 == 0 ? 1.0 : -1.0;
      assert_close(gsl_vector_get(hc->OV[k][h], d + k), sign * mu, 0.0, 1e-12);
      assert_true(gsl_vector_get(hc->OV[1 - k][h], d + 1 - k) == 0.0);
      assert_close(gsl_matrix_get(hc->KQ[h], spec.first[k], spec.first[k]), sign * omega, 0.0, 1e-12);
    }
    for (size_t k = 0; k < 2; k++) {
      he_mt_precond(hc, k, Pk);
      for (size_t j = 0; j < d; j++) {
        int on = j >= spec.first[k] && j < spec.first[k] + spec.dim[k];
        assert_close(gsl_matrix_get(Pk, j, j), on ? eta : 0.0, 1e-12, 1e-12);
      }
    }
    for (size_t h = 0; h < H; h++) assert_int_equal(he_mt_serves(hc, h), 1 + h / 2);
    assert_int_equal(he_mt_splits(hc), 1);
    gsl_matrix_free(Pk);
    he_mt_circuits_free(hc);
    prompt_batch *bt = batch_alloc(&c.arch, P, c.n);
    task *unused = task_alloc(c.n, c.d), *view = task_alloc(c.n, HE_MT_DK);
    fill_batch(&c, c.d, c.n, STREAM_TEST, 0, bt, unused);
    model_forward(m, bt);
    mt_task *mt = mt_task_alloc(c.n, d, 2);
    task_spec one;
    task_spec_init(&one, HE_MT_DK, HE_MT_DK, BETA_DENSE, 2.0, 0.6);
    sm_work *ws = sm_work_alloc(HE_MT_DK, c.n);
    sm_estimator dgd = { SM_DGD, eta, NULL, 0, NULL, NULL };
    double ss = 0.0;
    for (size_t p = 0; p < P; p++) {
      mt_sample(&spec, c.n, c.seed, STREAM_TEST, p, mt);
      for (size_t k = 0; k < 2; k++) {
        mt_task_view(&spec, mt, k, 0, view);
        double e = m->pred[(p * bt->T + c.n) * 2 + k] - sm_predict(&dgd, view, &one, ws);
        ss += e * e / (2.0 * (double) P);
      }
    }
    rms[w] = sqrt(ss);
    sm_work_free(ws); task_spec_free(&one); mt_task_free(mt);
    task_free(unused); task_free(view); batch_free(bt); model_free(m);
  }
  print_message("# RMS(model - DGD on S_k): %.4g at omega 0.1, %.4g at 0.05\n", rms[0], rms[1]);
  assert_less(1e-4, rms[0]);
  assert_less(rms[0], 0.05);
  assert_less(3.0 * rms[1], rms[0]);
}

/* Proposition H10: a layer of three heads with KQ x-blocks eps W_h (random, not symmetric, no
   response row or column) and OV mu_h e_{d+1} with mu = (1.5, -2, 0.7) (not zero-sum) predicts
   (sum mu) ybar + x_q' Gamma g up to O(eps^2), Gamma = sum_h mu_h (eps W_h)'. On 200 prompts the
   RMS of the remainder must shrink by 3.5 to 4.5 per halving of eps (0.2, 0.1, 0.05, 0.025; a
   first-order error would shrink by 2), and at eps = 0.025 be under 5% of the RMS of the
   first-order term x_q' Gamma g (so the statement is not vacuous). */
static void test_layer_first_order_is_preconditioned_dgd(void **state)
{
  (void) state;
  const size_t H = 3, d = HE_D, C = d + 1, L = HE_L, P = 200;
  const double mu[3] = { 1.5, -2.0, 0.7 };
  task_spec spec;
  assert_int_equal(task_spec_he2025(&spec, d, HE_SIGMA2, 0.5), 0);
  gsl_rng *rng = mhicl_rng_alloc();
  mhicl_rng_seek(rng, 5, STREAM_TEST, 0);
  double W[3][5][5];
  for (size_t h = 0; h < H; h++)
    for (size_t i = 0; i < d; i++)
      for (size_t j = 0; j < d; j++) W[h][i][j] = gsl_ran_gaussian(rng, 1.0);
  gsl_rng_free(rng);
  he_circuits *c = xcalloc(1, sizeof *c);
  c->H = H; c->C = C; c->attn = ATTN_SOFTMAX; c->n_fixed = L;
  c->KQ = xcalloc(H, sizeof *c->KQ); c->OV = xcalloc(H, sizeof *c->OV);
  for (size_t h = 0; h < H; h++) {
    c->KQ[h] = gsl_matrix_calloc(C, C); c->OV[h] = gsl_vector_calloc(C);
    gsl_vector_set(c->OV[h], d, mu[h]);
  }
  gsl_matrix *Gamma = gsl_matrix_alloc(d, d);
  sm_work *ws = sm_work_alloc(d, L);
  task *t = task_alloc(L, d);
  double rms[4], first = 0.0;
  for (int e = 0; e < 4; e++) {
    double eps = 0.2 / (double) (1 << e), sq = 0.0, fsq = 0.0;
    for (size_t h = 0; h < H; h++)
      for (size_t i = 0; i < d; i++)
        for (size_t j = 0; j < d; j++) gsl_matrix_set(c->KQ[h], i, j, eps * W[h][i][j]);
    he_effective_preconditioner(c, Gamma);
    sm_estimator pdgd = { SM_PDGD, 0.0, Gamma, 0, NULL, NULL };
    for (size_t k = 0; k < P; k++) {
      task_sample(&spec, L, 3, STREAM_TEST, k, t);
      double ybar = 0.0;
      for (size_t i = 0; i < L; i++) ybar += gsl_vector_get(t->y, i) / (double) L;
      double lin = sm_predict(&pdgd, t, &spec, ws);
      double rest = he_predict(c, t) - (mu[0] + mu[1] + mu[2]) * ybar - lin;
      sq += rest * rest; fsq += lin * lin;
    }
    rms[e] = sqrt(sq / (double) P);
    first = sqrt(fsq / (double) P);
    print_message("# eps %.3f: remainder RMS %.3e, first-order RMS %.3e\n", eps, rms[e], first);
  }
  for (int e = 1; e < 4; e++) {
    assert_in_range((long) (100.0 * rms[e - 1] / rms[e]), 350, 450);
  }
  assert_true(rms[3] < 0.05 * first);
  task_free(t); sm_work_free(ws); gsl_matrix_free(Gamma); he_circuits_free(c);
  task_spec_free(&spec);
}

static const char *const he_joined[] = { "he_runs.csv", "he_heads.csv", "he_layer.csv",
  "he_risk.csv", "he_length.csv", "he_corr.csv", "he_corr_risk.csv", "he_traj.csv",
  "he_weights.csv", "he_multitask_runs.csv", "he_multitask_heads.csv", "he_multitask.csv",
  "he_multitask_precond.csv" };
#define HE_JOINED (sizeof he_joined / sizeof he_joined[0])

/* The smoke grid in one process: every joined file has its rows (8 single-task models, two of
   them on correlated covariates; 1+2+4+8+2+2+2+4 heads; 6 predictors for each of the 6 isotropic
   models; 11 lengths each; for the two correlated models a row per head and three more, and 6
   predictors; one row per record and head of the 7 softmax models; (6x6 + 6) weights per head;
   2 multi-task models, 3+4 heads, 2 tasks each, 2 x 6 preconditioner entries each), and every row
   starts with the provenance columns. The row of Gamma* has cosine 1 with itself, that of
   Sigma^-1 too and the ratios of Sigma^-1 = tridiag(-rho, 1 + rho^2, -rho)/(1 - rho^2) except at the
   ends, 1/(1 + rho^2) = 0.8 and -5 rho/(2 + 3(1 + rho^2)) = -0.4347826087 (d = 5); and the closed
   form of preconditioned debiased GD with Gamma* is Proposition H9's risk at rho = 0.5 (0.23677).
   mhicl eval reads a multi-task checkpoint, one row per output.
   Then the plan's 10 units, each in its own process in reverse order, into a second directory: a
   join before the last unit names it and fails with status 1; after it, the joined files are
   byte-identical to the one-process run's. Last, a unit interrupted in its training (its last
   records and its .done file removed, its checkpoint put back to an earlier one) resumes to the
   same bytes. */
static void test_smoke_grid_runs_and_joins(void **state)
{
  (void) state;
  char base[64], prog[512];
  tu_program(prog, sizeof prog);
  tu_tmp_dir(base, sizeof base, "/tmp/mhicl-he-");
  assert_int_equal(tu_shell("'%s' reproduce he --scale smoke --out '%s/one' > /dev/null 2>&1", prog, base), 0);
  size_t steps[HE_TRACE_POINTS + 1];
  size_t records = he_trace_steps(he_scale_named("smoke")->steps, steps);
  const size_t rows[HE_JOINED] = { 8, 25, 8, 36, 66, 12, 12, records * 21, 25 * 42, 2, 7, 4, 24 };
  for (size_t k = 0; k < HE_JOINED; k++) {
    assert_int_equal(tu_shell("test $(wc -l < '%s/one/%s') -eq %zu", base, he_joined[k], rows[k] + 1), 0);
    assert_int_equal(tu_shell("test $(grep -c '^he2025,smoke,%s,' '%s/one/%s') -eq %zu", MHICL_VERSION,
      base, he_joined[k], rows[k]), 0);
  }
  assert_int_equal(tu_shell("'%s' eval --checkpoint '%s/one/runs/multitask_H3_seed0.ckpt' --prompts 40 "
    "| grep -c '^ *[12] ' | grep -qx 2", prog, base), 0);
  assert_int_equal(tu_shell("cd '%s' && '%s' reproduce he --scale smoke --out units --plan > plan.txt",
    base, prog), 0);
  assert_int_equal(tu_shell("grep -q ',gamma_star,nan,nan,1,' '%s/one/he_corr.csv'", base), 0);
  assert_int_equal(tu_shell("grep -q ',sigma_inv,nan,nan,[0-9.]*,1,.*,0.8,-0.4347826087$' "
    "'%s/one/he_corr.csv'", base), 0);
  assert_int_equal(tu_shell("grep -q ',pdgd_gamma_star,.*,0.2367[67][0-9]*,nan$' '%s/one/he_corr_risk.csv'",
    base), 0);
  assert_int_equal(tu_shell("test $(wc -l < '%s/plan.txt') -eq 10", base), 0);
  assert_int_equal(tu_shell("cd / && tail -n 9 '%s/plan.txt' | tac | sh > /dev/null 2>&1", base), 0);
  assert_int_equal(tu_shell("'%s' reproduce he --scale smoke --out '%s/units' --join > /dev/null "
    "2> '%s/join.err'", prog, base, base), 1);
  assert_int_equal(tu_shell("grep -qx 'mhicl: 1 of 10 units not finished: softmax_H1_seed0' '%s/join.err'",
    base), 0);
  assert_int_equal(tu_shell("test ! -e '%s/units/he_risk.csv'", base), 0);
  assert_int_equal(tu_shell("cd / && head -n 1 '%s/plan.txt' | sh > /dev/null 2>&1", base), 0);
  assert_int_equal(tu_shell("'%s' reproduce he --scale smoke --out '%s/units' --join > /dev/null 2>&1",
    prog, base), 0);
  for (size_t k = 0; k < HE_JOINED; k++)
    assert_int_equal(tu_shell("cmp -s '%s/one/%s' '%s/units/%s'", base, he_joined[k], base, he_joined[k]), 0);
  {  /* an interruption of softmax_H2_seed0 after the checkpoint at a record's step, before the record */
    char ckpt[600], err[512];
    snprintf(ckpt, sizeof ckpt, "%s/units/runs/softmax_H2_seed0.ckpt", base);
    size_t k = records / 2;
    for (int missing = 1; missing <= 2; missing++) {
      trainer *fin = checkpoint_load(ckpt, err, sizeof err);
      assert_non_null(fin);
      train_config c = fin->cfg;
      trainer_free(fin);
      c.log[0] = '\0';
      trainer *tr = trainer_new(&c);
      model_init(tr->m, c.seed, c.init_std);
      assert_int_equal(train_run(tr, steps[k], 0, err, sizeof err), 0);
      trainer_free(tr);
      assert_int_equal(tu_shell("cd '%s/units/runs' && rm softmax_H2_seed0.done && awk -F, "
        "'NR == 1 || $8 < %zu' softmax_H2_seed0.traj.csv > x && mv x softmax_H2_seed0.traj.csv",
        base, steps[k + 1 - (size_t) missing]), 0);
      int rc = tu_shell("sed -n 2p '%s/plan.txt' | sh > /dev/null 2> '%s/unit.err'", base, base);
      if (missing == 2) {  /* a record below the checkpoint's step: refused, named */
        assert_int_not_equal(rc, 0);
        assert_int_equal(tu_shell("grep -q 'lacks the record at step %zu' '%s/unit.err'",
          steps[k - 1], base), 0);
        break;
      }
      assert_int_equal(rc, 0);
      assert_int_equal(tu_shell("'%s' reproduce he --scale smoke --out '%s/units' --join > /dev/null 2>&1",
        prog, base), 0);
      for (size_t j = 0; j < HE_JOINED; j++)
        assert_int_equal(tu_shell("cmp -s '%s/one/%s' '%s/units/%s'", base, he_joined[j], base,
          he_joined[j]), 0);
    }
  }
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
    cmocka_unit_test(test_layer_first_order_is_preconditioned_dgd),
    cmocka_unit_test(test_mt_circuits_and_preconditioner),
    cmocka_unit_test(test_smoke_grid_runs_and_joins),
    cmocka_unit_test(test_analyze_refuses_wrong_shape),
  };
  return cmocka_run_group_tests_name("he2025", tests, NULL, NULL);
}
