/* Tests of the softmax chapter (chapters/softmax.w): the setting, the estimators, the pattern
   metrics, Propositions H1-H9 and the gradient flow.  Monte-Carlo tests use fixed seeds and
   assert at four standard errors (a false alarm rate of about 6e-5 per assertion if the code is
   right) and also assert that the check discriminates: that a wrong value would be rejected. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include "testutil.h"
#include "support.h"
#include "tasks.h"
#include "estimators.h"
#include "risk.h"
#include "softmax.h"

static const uint64_t SEED = 2025;

static sm_setting paper(void) { sm_setting s; sm_setting_paper(&s); return s; }

static sm_setting setting(size_t d, size_t L, double sigma2)
{
  sm_setting s = { d, L, sigma2 };
  return s;
}

static sm_estimator kernel(size_t H, const double *omega, const double *mu)
{
  sm_estimator e;
  memset(&e, 0, sizeof e);
  e.kind = SM_KERNEL; e.H = H; e.omega = omega; e.mu = mu;
  return e;
}

static sm_estimator linear(sm_kind kind, double eta, const gsl_matrix *Gamma)
{
  sm_estimator e;
  memset(&e, 0, sizeof e);
  e.kind = kind; e.eta = eta; e.Gamma = Gamma;
  return e;
}

/* Monte-Carlo risks of ne estimators on the same prompts: summaries out[j]. */
static void risks(const sm_estimator *e, size_t ne, const task_spec *spec, size_t L,
  size_t trials, uint64_t seed, mc_summary *out, double **keep)
{
  double *loss = malloc(trials * ne * sizeof(double));
  sm_losses(e, ne, spec, L, trials, seed, STREAM_EVAL, loss);
  for (size_t j = 0; j < ne; j++) out[j] = mc_summarize(loss + j, trials, ne);
  if (keep) *keep = loss; else free(loss);
}

/* The summary of loss[a] - loss[b] over the trials (paired differences). */
static mc_summary paired(const double *loss, size_t trials, size_t ne, size_t a, size_t b)
{
  double *diff = malloc(trials * sizeof(double));
  for (size_t k = 0; k < trials; k++) diff[k] = loss[k * ne + a] - loss[k * ne + b];
  mc_summary out = mc_summarize(diff, trials, 1);
  free(diff);
  return out;
}

/* ---------------------------------------------------------------- the setting */

/* The preset: E|beta|^2 = 1, E y_q^2 = 1 + sigma^2, E x_1 x_2 = rho, within four s.e.; a bad
   rho or sigma^2 is refused. */
static void test_he_setting_preset(void **state)
{
  (void) state;
  const size_t T = tu_quick() ? 20000 : 60000, L = 4;
  const double rhos[2] = { 0.0, 0.5 };
  for (int r = 0; r < 2; r++) {
    task_spec spec;
    sm_setting s = paper();
    assert_int_equal(sm_task_spec(&spec, &s, rhos[r]), 0);
    assert_true(spec.beta == BETA_DENSE);
    assert_close(spec.sigma * spec.sigma, 0.1, 1e-15, 0.0);
    task *t = task_alloc(L, s.d);
    double *b2 = malloc(T * sizeof(double)), *yq2 = malloc(T * sizeof(double)),
      *x12 = malloc(T * sizeof(double));
    for (size_t k = 0; k < T; k++) {
      task_sample(&spec, L, SEED, STREAM_TEST, k, t);
      gsl_blas_ddot(t->beta, t->beta, &b2[k]);
      yq2[k] = t->y_q * t->y_q;
      x12[k] = gsl_vector_get(t->x_q, 1) * gsl_vector_get(t->x_q, 2);
    }
    mc_summary mb = mc_summarize(b2, T, 1), my = mc_summarize(yq2, T, 1),
      mx = mc_summarize(x12, T, 1);
    print_message("rho %.1f: E|beta|^2 %.4f +- %.4f, E y_q^2 %.4f +- %.4f, E x1x2 %.4f +- %.4f\n",
      rhos[r], mb.mean, mb.se, my.mean, my.se, mx.mean, mx.se);
    assert_within_se(mb.mean, mb.se, 1.0, 4.0);
    assert_within_se(my.mean, my.se, 1.1, 4.0);
    assert_within_se(mx.mean, mx.se, rhos[r], 4.0);
    assert_less(4.0 * my.se, 0.1);  /* a noiseless query (E y_q^2 = 1) would be rejected */
    free(b2); free(yq2); free(x12); task_free(t); task_spec_free(&spec);
  }
  task_spec spec;
  sm_setting s = paper();
  assert_int_equal(sm_task_spec(&spec, &s, 1.0), -1);
  assert_int_equal(sm_task_spec(&spec, &s, -1.5), -1);
  assert_int_equal(sm_task_spec(&spec, &s, NAN), -1);
  assert_int_equal(task_spec_he2025(&spec, 5, -0.1, 0.0), -1);
  assert_int_equal(task_spec_he2025(&spec, 5, NAN, 0.0), -1);
}

/* ---------------------------------------------------------------- the estimators */

static void test_estimators_on_prompts(void **state)
{
  (void) state;
  sm_setting s = paper();
  task_spec spec;
  sm_task_spec(&spec, &s, 0.0);
  const size_t L = s.L, d = s.d;
  task *t = task_alloc(L, d);
  sm_work *ws = sm_work_alloc(d, L);
  gsl_matrix *Gamma = gsl_matrix_alloc(d, d);
  const double eta = 0.7;
  gsl_matrix_set_identity(Gamma); gsl_matrix_scale(Gamma, eta);
  for (uint64_t k = 0; k < 20; k++) {
    task_sample(&spec, L, SEED, STREAM_TEST, k, t);
    double ybar = 0.0, gd = 0.0, dgd = 0.0, sbar = 0.0;
    double s_i[64];
    for (size_t i = 0; i < L; i++) {
      gsl_vector_const_view row = gsl_matrix_const_row(t->X, i);
      gsl_blas_ddot(&row.vector, t->x_q, &s_i[i]);
      ybar += gsl_vector_get(t->y, i) / (double) L;
      sbar += s_i[i] / (double) L;
    }
    for (size_t i = 0; i < L; i++) {
      gd += eta / (double) L * gsl_vector_get(t->y, i) * s_i[i];
      dgd += eta / (double) L * gsl_vector_get(t->y, i) * (s_i[i] - sbar);
    }
    sm_estimator e_gd = linear(SM_GD, eta, NULL), e_dgd = linear(SM_DGD, eta, NULL),
      e_p = linear(SM_PDGD, 0.0, Gamma);
    assert_close(sm_predict(&e_gd, t, &spec, ws), gd, 1e-12, 1e-12);
    assert_close(sm_predict(&e_dgd, t, &spec, ws), dgd, 1e-12, 1e-12);
    assert_close(sm_predict(&e_p, t, &spec, ws), dgd, 1e-12, 1e-12);
    /* the kernel estimator: omega = 0 averages y; two heads are the sum of one-head ones */
    double w0 = 0.0, m0 = 1.7, w2[2] = { 0.3, -0.2 }, m2[2] = { 1.5, -2.5 };
    sm_estimator k0 = kernel(1, &w0, &m0), k2 = kernel(2, w2, m2),
      ka = kernel(1, &w2[0], &m2[0]), kb = kernel(1, &w2[1], &m2[1]);
    assert_close(sm_predict(&k0, t, &spec, ws), m0 * ybar, 1e-12, 1e-12);
    assert_close(sm_predict(&k2, t, &spec, ws),
      sm_predict(&ka, t, &spec, ws) + sm_predict(&kb, t, &spec, ws), 1e-12, 1e-12);
    /* direct softmax sum for one head */
    double num = 0.0, den = 0.0;
    for (size_t i = 0; i < L; i++) {
      double e = exp(w2[0] * s_i[i]);
      num += e * gsl_vector_get(t->y, i); den += e;
    }
    assert_close(sm_predict(&ka, t, &spec, ws), m2[0] * num / den, 1e-12, 1e-12);
    /* the Bayes predictor solves (X'X + sigma^2 d I) w = X'y */
    sm_estimator eb = linear(SM_BAYES, 0.0, NULL);
    gsl_vector *w = gsl_vector_alloc(d), *rhs = gsl_vector_alloc(d);
    assert_int_equal(sm_weights(&eb, t, &spec, ws, w), 1);
    gsl_matrix_const_view X = gsl_matrix_const_submatrix(t->X, 0, 0, L, d);
    gsl_vector_const_view y = gsl_vector_const_subvector(t->y, 0, L);
    gsl_matrix *A = gsl_matrix_alloc(d, d);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &X.matrix, &X.matrix, 0.0, A);
    for (size_t j = 0; j < d; j++) gsl_matrix_set(A, j, j, gsl_matrix_get(A, j, j) + 0.1 * (double) d);
    gsl_blas_dgemv(CblasTrans, 1.0, &X.matrix, &y.vector, 0.0, rhs);
    gsl_vector *Aw = gsl_vector_alloc(d);
    gsl_blas_dgemv(CblasNoTrans, 1.0, A, w, 0.0, Aw);
    assert_true(max_abs_diff(Aw, rhs) < 1e-10 * (1.0 + vec_norm_inf(rhs)));
    assert_int_equal(sm_weights(&k2, t, &spec, ws, w), 0);
    gsl_vector_free(w); gsl_vector_free(rhs); gsl_vector_free(Aw); gsl_matrix_free(A);
  }
  /* the conditional risk is an unbiased estimate of the squared error on noisy queries */
  const size_t T = tu_quick() ? 10000 : 40000;
  double *cond = malloc(T * sizeof(double)), *sq = malloc(T * sizeof(double));
  sm_estimator e = linear(SM_DGD, 0.88, NULL);
  for (size_t k = 0; k < T; k++) {
    task_sample(&spec, L, SEED, STREAM_TEST, 1000 + k, t);
    cond[k] = sm_loss(&e, t, &spec, ws);
    double r = sm_predict(&e, t, &spec, ws) - t->y_q;
    sq[k] = r * r;
  }
  mc_summary mc = mc_summarize(cond, T, 1), ms = mc_summarize(sq, T, 1);
  print_message("DGD at 0.88: conditional risk %.4f +- %.4f, squared error %.4f +- %.4f\n",
    mc.mean, mc.se, ms.mean, ms.se);
  assert_within_se(ms.mean - mc.mean, hypot(ms.se, mc.se), 0.0, 4.0);
  assert_less(mc.se, ms.se);  /* the conditional risk is the less noisy one */
  free(cond); free(sq);
  gsl_matrix_free(Gamma); sm_work_free(ws); task_free(t); task_spec_free(&spec);
}

/* Tuned steps against Proposition H6's optimal steps.  The standard error of the tuned step is
   measured over 8 independent tuning runs. */
static void test_tuned_step(void **state)
{
  (void) state;
  sm_setting s = paper();
  task_spec spec;
  sm_task_spec(&spec, &s, 0.0);
  const size_t runs = 8, T = tu_quick() ? 2000 : 8000;
  sm_kind kinds[2] = { SM_DGD, SM_GD };
  double exact[2] = { sm_eta_star(&s), sm_eta_star_gd(&s) }, mean[2], se[2];
  for (int k = 0; k < 2; k++) {
    double etas[8];
    for (size_t r = 0; r < runs; r++) etas[r] = sm_tune_eta(kinds[k], &spec, s.L, T, SEED + r);
    mc_summary m = mc_summarize(etas, runs, 1);
    mean[k] = m.mean; se[k] = m.se;
    print_message("tuned %s step %.4f +- %.4f (exact %.4f)\n", k == 0 ? "DGD" : "GD", m.mean,
      m.se, exact[k]);
    assert_within_se(m.mean, m.se, exact[k], 4.0);
  }
  assert_true(isnan(sm_tune_eta(SM_KERNEL, &spec, s.L, 10, SEED)));  /* no step to tune */
  assert_less(4.0 * hypot(se[0], se[1]), fabs(exact[0] - exact[1]));  /* the two differ */
  assert_less(4.0 * hypot(se[0], se[1]), fabs(mean[0] - mean[1]));
  task_spec_free(&spec);
}

/* ---------------------------------------------------------------- pattern metrics */

/* A random orthogonal matrix (QR of a Gaussian matrix). */
static gsl_matrix *random_orthogonal(size_t n, gsl_rng *rng)
{
  gsl_matrix *A = gsl_matrix_alloc(n, n), *Q = gsl_matrix_alloc(n, n), *R = gsl_matrix_alloc(n, n);
  gsl_vector *tau = gsl_vector_alloc(n);
  fill_gaussian(A, rng);
  gsl_linalg_QR_decomp(A, tau);
  gsl_linalg_QR_unpack(A, tau, Q, R);
  gsl_matrix_free(A); gsl_matrix_free(R); gsl_vector_free(tau);
  return Q;
}

/* Weights of one head with KQ = omega (I_d + 0) + P and OV = mu e_y + q, in the row convention,
   rotated inside the head by U: W_Q = sqrt(C) diag(1..1,0) U, W_K = (omega I + P) U, so that
   W_K W_Q' / sqrt(C) = (omega I_d + P) diag(1..1,0); W_V = U'-rotated identity, W_O = U' OV e_y'. */
static void build_head(size_t d, double omega, double mu, const gsl_matrix *P, const gsl_vector *q,
  const gsl_matrix *U, gsl_matrix *W_Q, gsl_matrix *W_K, gsl_matrix *W_V, gsl_matrix *W_O)
{
  size_t C = d + 1;
  gsl_matrix *D = gsl_matrix_calloc(C, C), *K = gsl_matrix_calloc(C, C), *O = gsl_matrix_calloc(C, C);
  for (size_t i = 0; i < d; i++) gsl_matrix_set(D, i, i, sqrt((double) C));
  for (size_t i = 0; i < C; i++)
    for (size_t j = 0; j < C; j++)
      gsl_matrix_set(K, i, j, (i == j && i < d ? omega : 0.0) + (P ? gsl_matrix_get(P, i, j) : 0.0));
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, D, U, 0.0, W_Q);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, K, U, 0.0, W_K);
  gsl_matrix_memcpy(W_V, U);  /* W_V = U, W_O = U' (OV column in column y) */
  for (size_t i = 0; i < C; i++)
    gsl_matrix_set(O, i, d, (i == d ? mu : 0.0) + (q ? gsl_vector_get(q, i) : 0.0));
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, U, O, 0.0, W_O);
  gsl_matrix_free(D); gsl_matrix_free(K); gsl_matrix_free(O);
}

static void test_pattern_metrics_hand_built(void **state)
{
  (void) state;
  const size_t d = 5, C = d + 1;
  gsl_rng *rng = tu_rng(301);
  gsl_matrix *U = random_orthogonal(C, rng);
  gsl_matrix *W_Q = gsl_matrix_alloc(C, C), *W_K = gsl_matrix_alloc(C, C),
    *W_V = gsl_matrix_alloc(C, C), *W_O = gsl_matrix_alloc(C, C), *KQ = gsl_matrix_alloc(C, C);
  gsl_vector *OV = gsl_vector_alloc(C);
  sm_head_pattern p;
  /* a clean head */
  build_head(d, -0.137, -2.04, NULL, NULL, U, W_Q, W_K, W_V, W_O);
  assert_int_equal(sm_head_circuits(W_Q, W_K, W_V, W_O, d, KQ, OV), 0);
  assert_int_equal(sm_head_metrics(KQ, OV, d, &p), 0);
  assert_close(p.omega, -0.137, 1e-12, 0.0);
  assert_close(p.mu, -2.04, 1e-12, 0.0);
  assert_close(p.diag_ratio, 1.0, 1e-12, 0.0);
  assert_close(p.diag_var, 0.0, 1e-12, 0.0);
  assert_close(p.ov_last_ratio, 1.0, 1e-12, 0.0);
  assert_close(p.y_row, 0.0, 1e-12, 0.0);
  /* a perturbed head: a diagonal spread, one off-diagonal entry, a y-row entry, an OV entry */
  gsl_matrix *P = gsl_matrix_calloc(C, C);
  gsl_vector *q = gsl_vector_calloc(C);
  gsl_matrix_set(P, 0, 0, 0.02); gsl_matrix_set(P, 1, 1, -0.02);
  gsl_matrix_set(P, 0, 2, 0.05); gsl_matrix_set(P, d, 3, 0.004);
  gsl_vector_set(q, 1, 0.3);
  build_head(d, 0.14, 3.2, P, q, U, W_Q, W_K, W_V, W_O);
  sm_head_circuits(W_Q, W_K, W_V, W_O, d, KQ, OV);
  sm_head_metrics(KQ, OV, d, &p);
  double diag[5] = { 0.16, 0.12, 0.14, 0.14, 0.14 }, s2 = 0.0, mean = 0.14, var = 0.0;
  for (int i = 0; i < 5; i++) { s2 += diag[i] * diag[i]; var += pow(diag[i] - mean, 2) / 5.0; }
  assert_close(p.omega, mean, 1e-12, 0.0);
  assert_close(p.diag_ratio, sqrt(s2 / (s2 + 0.05 * 0.05)), 1e-12, 0.0);
  assert_close(p.diag_var, var / (mean * mean), 1e-10, 0.0);
  assert_close(p.ov_last_ratio, 3.2 / hypot(3.2, 0.3), 1e-12, 0.0);
  assert_close(p.y_row, 0.004, 1e-12, 0.0);
  assert_less(p.diag_ratio, 1.0 - 1e-4);  /* the perturbation is seen */
  /* shapes that do not agree are refused */
  gsl_matrix *bad = gsl_matrix_alloc(C, C + 1);
  assert_int_equal(sm_head_circuits(W_Q, bad, W_V, W_O, d, KQ, OV), -1);
  assert_int_equal(sm_head_circuits(W_Q, W_K, W_V, W_O, C, KQ, OV), -1);
  gsl_vector *shortv = gsl_vector_alloc(d);
  assert_int_equal(sm_head_metrics(KQ, shortv, d, &p), -1);
  gsl_matrix_free(bad); gsl_vector_free(shortv);
  gsl_matrix_free(P); gsl_vector_free(q);
  gsl_matrix_free(U); gsl_matrix_free(W_Q); gsl_matrix_free(W_K); gsl_matrix_free(W_V);
  gsl_matrix_free(W_O); gsl_matrix_free(KQ); gsl_vector_free(OV); gsl_rng_free(rng);
}

/* A layer like the paper's eight-head one: six active heads, two dummies. */
static void test_layer_metrics_dummy_and_sign(void **state)
{
  (void) state;
  const size_t d = 5, C = d + 1, H = 8;
  const double omega[8] = { -0.13, 0.14, -0.135, 0.002, 0.138, -0.14, 0.132, -0.001 };
  const double mu[8] = { -1.1, 1.0, -0.9, 0.01, 1.2, -1.2, 0.97, 0.02 };
  gsl_rng *rng = tu_rng(302);
  gsl_matrix *W_Q = gsl_matrix_alloc(C, C), *W_K = gsl_matrix_alloc(C, C),
    *W_V = gsl_matrix_alloc(C, C), *W_O = gsl_matrix_alloc(C, C), *KQ = gsl_matrix_alloc(C, C),
    *P = gsl_matrix_alloc(C, C);
  gsl_vector *OV = gsl_vector_alloc(C);
  sm_head_pattern heads[8];
  for (size_t h = 0; h < H; h++) {
    gsl_matrix *U = random_orthogonal(C, rng);
    fill_gaussian(P, rng);
    gsl_matrix_scale(P, 0.002);  /* small noise everywhere, as in a trained layer */
    build_head(d, omega[h], mu[h], P, NULL, U, W_Q, W_K, W_V, W_O);
    sm_head_circuits(W_Q, W_K, W_V, W_O, d, KQ, OV);
    sm_head_metrics(KQ, OV, d, &heads[h]);
    gsl_matrix_free(U);
  }
  sm_layer_pattern lp;
  sm_layer_metrics(heads, H, &lp);
  print_message("active %zu, sign rule %d, mu+ %.3f, mu- %.3f, zero-sum %.4f, spread %.3f\n",
    lp.active, lp.sign_rule, lp.mu_plus, lp.mu_minus, lp.zero_sum, lp.omega_spread);
  assert_int_equal(lp.active, 6);
  assert_true(heads[3].dummy && heads[7].dummy && !heads[0].dummy && !heads[6].dummy);
  assert_int_equal(lp.sign_rule, 1);
  assert_close(lp.mu_plus, 1.0 + 1.2 + 0.97, 1e-12, 0.0);
  assert_close(lp.mu_minus, -1.1 - 0.9 - 1.2, 1e-12, 0.0);
  assert_close(lp.zero_sum, 0.03 / 6.37, 1e-12, 0.0);
  assert_close(lp.omega_spread, 0.14 / 0.13, 0.01, 0.0);  /* the noise moves the mean diagonal */
  /* a head of the wrong sign breaks the rule */
  heads[1].mu = -heads[1].mu;
  sm_layer_metrics(heads, H, &lp);
  assert_int_equal(lp.sign_rule, 0);
  gsl_matrix_free(W_Q); gsl_matrix_free(W_K); gsl_matrix_free(W_V); gsl_matrix_free(W_O);
  gsl_matrix_free(KQ); gsl_matrix_free(P); gsl_vector_free(OV); gsl_rng_free(rng);
}

/* ---------------------------------------------------------------- H1 */

/* The risk of the kernel estimator is measured with debiased GD at eta = 2 w m as a control
   variate: on each prompt and query, (yhat_K - f)^2 - (yhat_DGD - f)^2 with f = beta'x_q, whose
   mean plus the exact R_DGD of Proposition H6 is the kernel estimator's risk. */
static void test_approx_loss_gap_shrinks(void **state)
{
  (void) state;
  const double w[2] = { 0.13, -0.13 }, m[2] = { 3.45, -3.45 }, eta = 2.0 * 0.13 * 3.45;
  const size_t Ls[3] = { 40, 160, 640 };
  const size_t T[3] = { tu_quick() ? 10000 : 40000, tu_quick() ? 4000 : 16000,
    tu_quick() ? 1000 : 4000 };
  double gap[3], se[3];
  for (int a = 0; a < 3; a++) {
    sm_setting s = setting(5, Ls[a], 0.1);
    task_spec spec;
    sm_task_spec(&spec, &s, 0.0);
    sm_estimator k = kernel(2, w, m), dgd = linear(SM_DGD, eta, NULL);
    task *t = task_alloc(Ls[a], s.d);
    sm_work *ws = sm_work_alloc(s.d, Ls[a]);
    double *diff = malloc(T[a] * sizeof(double)), *plain = malloc(T[a] * sizeof(double));
    for (size_t i = 0; i < T[a]; i++) {
      task_sample(&spec, Ls[a], SEED + a, STREAM_EVAL, i, t);
      double f;
      gsl_blas_ddot(t->beta, t->x_q, &f);
      double ek = sm_predict(&k, t, &spec, ws) - f, ed = sm_predict(&dgd, t, &spec, ws) - f;
      diff[i] = ek * ek - ed * ed;
      plain[i] = ek * ek + s.sigma2;
    }
    mc_summary md = mc_summarize(diff, T[a], 1), mp = mc_summarize(plain, T[a], 1);
    double risk = sm_risk_dgd(&s, eta) + md.mean, approx = sm_approx_loss(&s, 2, w, m);
    gap[a] = risk - approx; se[a] = md.se;
    print_message("L = %zu: risk %.4f +- %.5f (plain MC %.4f +- %.4f), approximate %.4f, gap %.4f\n",
      Ls[a], risk, md.se, mp.mean, mp.se, approx, gap[a]);
    assert_within_se(mp.mean, hypot(mp.se, md.se), risk, 4.0);  /* the two estimates agree */
    free(diff); free(plain); sm_work_free(ws); task_free(t); task_spec_free(&spec);
  }
  assert_less(4.0 * se[0], gap[0]);
  assert_less(gap[1] + 4.0 * se[1], gap[0] / 2.5);
  assert_less(gap[2] + 4.0 * se[2], gap[1] / 2.5);
  assert_less(fabs(gap[2]) + 4.0 * se[2], 0.003);
}

static void test_approx_grad_finite_difference(void **state)
{
  (void) state;
  sm_setting s = paper();
  gsl_rng *rng = tu_rng(311);
  for (size_t H = 1; H <= 4; H++) {
    double w[4], m[4], gw[4], gm[4];
    for (size_t h = 0; h < H; h++) {
      w[h] = gsl_ran_gaussian(rng, 0.3); m[h] = gsl_ran_gaussian(rng, 2.0);
    }
    sm_approx_grad(&s, H, w, m, gw, gm);
    const double step = 1e-5;
    for (size_t h = 0; h < H; h++) {
      for (int which = 0; which < 2; which++) {
        double *x = which ? m : w, x0 = x[h];
        x[h] = x0 + step; double up = sm_approx_loss(&s, H, w, m);
        x[h] = x0 - step; double dn = sm_approx_loss(&s, H, w, m);
        x[h] = x0;
        double fd = 0.5 * (up - dn) / (2.0 * step);  /* of half the loss */
        assert_close(which ? gm[h] : gw[h], fd, 1e-7, 1e-7);
      }
    }
  }
  gsl_rng_free(rng);
}

/* ---------------------------------------------------------------- H2 */

static void test_mu_star_zero_sum_and_profile(void **state)
{
  (void) state;
  sm_setting s = paper();
  gsl_rng *rng = tu_rng(321);
  const double ws[4] = { 0.05, 0.13, 0.2, 0.5 };
  for (int a = 0; a < 4; a++) {
    double w[2] = { ws[a], -ws[a] }, mu[2], gw[2], gm[2];
    sm_mu_star(&s, 2, w, mu);
    sm_approx_grad(&s, 2, w, mu, gw, gm);
    assert_close(gm[0], 0.0, 1e-12, 0.0);
    assert_close(gm[1], 0.0, 1e-12, 0.0);
    assert_close(mu[0] + mu[1], 0.0, 1e-12 * fabs(mu[0]), 0.0);
    double best = sm_approx_loss(&s, 2, w, mu);
    assert_close(best, sm_profile_loss(&s, 2, w), 1e-13, 0.0);
    for (int r = 0; r < 100; r++) {
      double p[2] = { mu[0] + gsl_ran_gaussian(rng, 0.1), mu[1] + gsl_ran_gaussian(rng, 0.1) };
      assert_true(sm_approx_loss(&s, 2, w, p) >= best - 1e-14);
    }
  }
  /* an asymmetric omega: the sum of mu* is far from zero */
  double wa[2] = { 0.2, -0.05 }, ma[2];
  sm_mu_star(&s, 2, wa, ma);
  print_message("asymmetric omega (0.2, -0.05): mu* (%.4f, %.4f)\n", ma[0], ma[1]);
  assert_less(1e-4 * (fabs(ma[0]) + fabs(ma[1])), fabs(ma[0] + ma[1]));
  /* the profile values along the valley */
  double w0[2] = { 1e-4, -1e-4 }, w13[2] = { 0.13, -0.13 }, w20[2] = { 0.2, -0.2 };
  double p0 = sm_profile_loss(&s, 2, w0), p13 = sm_profile_loss(&s, 2, w13),
    p20 = sm_profile_loss(&s, 2, w20);
  print_message("profile loss: w -> 0 %.5f, 0.13 %.5f, 0.2 %.5f\n", p0, p13, p20);
  assert_close(p0, 0.22088, 0.5e-5, 0.0);
  assert_close(p13, 0.22101, 0.5e-5, 0.0);
  assert_close(p20, 0.22159, 0.5e-5, 0.0);
  assert_less(p0, p13);
  assert_less(p13, p20);
  gsl_rng_free(rng);
}

/* ---------------------------------------------------------------- H3 */

/* The loss is a sum of terms as large as |mu|^2 max E (kappa/L) and (mu'omega)^2: rounding in
   the sum is relative to their size. */
static double size_of_terms(const sm_setting *s, size_t H, const double *w, const double *m)
{
  double a = 0.0, q = 0.0;
  for (size_t h = 0; h < H; h++) {
    a += fabs(m[h] * w[h]);
    for (size_t k = 0; k < H; k++) q += fabs(m[h] * m[k]) * exp((double) s->d * w[h] * w[k]);
  }
  return 1.0 + a * a + (1.0 + s->sigma2) / (double) s->L * q;
}

static void test_lower_bound_all_heads(void **state)
{
  (void) state;
  sm_setting s = paper();
  const double bound = sm_lower_bound(&s);
  const size_t Hs[5] = { 1, 2, 3, 4, 8 }, N = tu_quick() ? 5000 : 20000;
  gsl_rng *rng = tu_rng(331);
  double closest = HUGE_VAL;
  for (int a = 0; a < 5; a++) {
    size_t H = Hs[a];
    double w[8], m[8];
    for (size_t k = 0; k < N; k++) {
      double scale = pow(10.0, -1.5 + 1.5 * gsl_rng_uniform(rng));
      for (size_t h = 0; h < H; h++) {
        w[h] = gsl_ran_gaussian(rng, scale); m[h] = gsl_ran_gaussian(rng, 1.0 / scale);
      }
      double l = sm_approx_loss(&s, H, w, m);
      assert_true(l >= bound - 1e-12 * size_of_terms(&s, H, w, m));
      sm_mu_star(&s, H, w, m);
      l = sm_approx_loss(&s, H, w, m);
      assert_true(l >= bound - 1e-12 * size_of_terms(&s, H, w, m));
      closest = fmin(closest, l - bound);
    }
  }
  print_message("bound %.6f; closest random draw %.2e from it (rounding may make it negative)\n", bound, closest);
  assert_less(closest, 1e-3);
  /* the two-head closed form, and the approach to the bound */
  const double eta = sm_eta_star(&s);
  double prev = HUGE_VAL;
  for (double w = 0.2; w > 1e-4; w /= 2.0) {
    double om[2] = { w, -w }, mu[2] = { eta / (2.0 * w), -eta / (2.0 * w) };
    double l2 = sm_two_head_loss(&s, w, eta);
    assert_close(l2, sm_approx_loss(&s, 2, om, mu), 1e-14 * size_of_terms(&s, 2, om, mu), 0.0);
    assert_true(l2 > bound);
    assert_less(l2 - bound, prev);
    prev = l2 - bound;
  }
  print_message("two heads at w = 1.2e-4: %.3e above the bound\n", prev);
  assert_less(prev, 1e-6);
  assert_close(sm_two_head_loss(&s, 0.0, eta), bound, 1e-15, 0.0);
  gsl_rng_free(rng);
}

/* ---------------------------------------------------------------- H4 */

static void test_single_head_optimum(void **state)
{
  (void) state;
  sm_setting s = paper();
  double wstar, mstar, lstar;
  sm_single_head_optimum(&s, &wstar, &mstar, &lstar);
  const size_t G = 4001;
  double best = HUGE_VAL, argbest = 0.0;
  for (size_t g = 1; g <= G; g++) {
    double w = 1.5 * (double) g / (double) G, l = sm_single_head_profile(&s, w);
    if (l < best) { best = l; argbest = w; }
  }
  print_message("single head: argmin %.4f (1/sqrt d = %.4f), min %.4f, closed form %.4f, mu %.4f\n",
    argbest, wstar, best, lstar, mstar);
  assert_close(argbest, wstar, 1.5 / (double) G, 0.0);
  assert_close(sm_single_head_profile(&s, wstar), lstar, 1e-12, 0.0);
  assert_close(lstar, 0.3721, 0.5e-4, 0.0);
  assert_true(best >= lstar - 1e-15);
  double mu1;
  sm_mu_star(&s, 1, &wstar, &mu1);
  assert_close(mu1, mstar, 1e-12, 1e-12);
  /* the factor e */
  for (size_t L = 40; L <= 1000000; L *= 5) {
    sm_setting t = setting(5, L, 0.1);
    double a, b, l1;
    sm_single_head_optimum(&t, &a, &b, &l1);
    double ratio = (l1 - t.sigma2) / (sm_lower_bound(&t) - t.sigma2);
    if (L == 40) { print_message("excess ratio at L = 40: %.4f\n", ratio); assert_less(ratio, exp(1.0) - 0.3); }
    if (L >= 1000000) { print_message("excess ratio at L = %zu: %.6f\n", L, ratio); assert_close(ratio, exp(1.0), 1e-4, 0.0); }
  }
  /* by Monte Carlo, the best single head is worse than the two-head pair */
  task_spec spec;
  sm_task_spec(&spec, &s, 0.0);
  const double w2[2] = { 0.13, -0.13 }, m2[2] = { 3.45, -3.45 };
  sm_estimator e[2] = { kernel(1, &wstar, &mstar), kernel(2, w2, m2) };
  mc_summary r[2];
  double *loss;
  const size_t T = tu_quick() ? 10000 : 40000;
  risks(e, 2, &spec, s.L, T, SEED, r, &loss);
  mc_summary diff = paired(loss, T, 2, 0, 1);
  print_message("MC single head %.4f +- %.4f, two heads %.4f +- %.4f\n", r[0].mean, r[0].se,
    r[1].mean, r[1].se);
  assert_less(4.0 * diff.se, diff.mean);
  free(loss); task_spec_free(&spec);
}

/* ---------------------------------------------------------------- H5 */

static void test_kernel_is_debiased_gd(void **state)
{
  (void) state;
  sm_setting s = paper();
  task_spec spec;
  sm_task_spec(&spec, &s, 0.0);
  const size_t T = 2000;
  const double eta = 0.88, ws[4] = { 0.2, 0.1, 0.05, 0.025 };
  task *t = task_alloc(s.L, s.d);
  sm_work *ws_ = sm_work_alloc(s.d, s.L);
  sm_estimator dgd = linear(SM_DGD, eta, NULL);
  double rms[4];
  for (int a = 0; a < 4; a++) {
    double om[2] = { ws[a], -ws[a] }, mu[2] = { eta / (2 * ws[a]), -eta / (2 * ws[a]) }, ss = 0.0;
    sm_estimator k = kernel(2, om, mu);
    for (size_t i = 0; i < T; i++) {
      task_sample(&spec, s.L, SEED, STREAM_TEST, i, t);
      double r = sm_predict(&k, t, &spec, ws_) - sm_predict(&dgd, t, &spec, ws_);
      ss += r * r;
    }
    rms[a] = sqrt(ss / (double) T);
    print_message("w = %.3f: rms difference %.5f\n", ws[a], rms[a]);
  }
  for (int a = 0; a < 3; a++) {
    assert_less(3.5, rms[a] / rms[a + 1]);
    assert_less(rms[a] / rms[a + 1], 4.5);
  }
  sm_work_free(ws_); task_free(t); task_spec_free(&spec);
}

/* ---------------------------------------------------------------- H6 */

static void test_dgd_gd_exact_risk(void **state)
{
  (void) state;
  const size_t T = tu_quick() ? 10000 : 40000;
  sm_setting cases[4] = { { 5, 10, 0.1 }, { 5, 40, 0.1 }, { 5, 100, 0.1 }, { 20, 100, 3.0 } };
  for (int c = 0; c < 4; c++) {
    sm_setting s = cases[c];
    task_spec spec;
    sm_task_spec(&spec, &s, 0.0);
    double es = sm_eta_star(&s), eg = sm_eta_star_gd(&s);
    sm_estimator e[4] = { linear(SM_DGD, es, NULL), linear(SM_DGD, 1.2 * es, NULL),
      linear(SM_GD, eg, NULL), linear(SM_GD, 0.897, NULL) };
    double exact[4] = { sm_risk_dgd(&s, es), sm_risk_dgd(&s, 1.2 * es), sm_risk_gd(&s, eg),
      sm_risk_gd(&s, 0.897) };
    mc_summary r[4];
    double *loss;
    risks(e, 4, &spec, s.L, T, SEED + c, r, &loss);
    for (int j = 0; j < 4; j++) {
      print_message("d %zu L %zu sigma2 %.1f, %s eta %.4f: MC %.4f +- %.4f, formula %.4f\n",
        s.d, s.L, s.sigma2, j < 2 ? "DGD" : "GD", e[j].eta, r[j].mean, r[j].se, exact[j]);
      assert_within_se(r[j].mean, r[j].se, exact[j], 4.0);
    }
    assert_close(exact[0], 1.0 + s.sigma2 - (double) (s.L - 1) / ((double) s.L
      + (1.0 + s.sigma2) * (double) s.d), 1e-14, 1e-14);
    mc_summary diff = paired(loss, T, 4, 1, 0);  /* eta* is told apart from 1.2 eta* */
    assert_within_se(diff.mean, diff.se, exact[1] - exact[0], 4.0);
    assert_less(4.0 * diff.se, diff.mean);
    free(loss); task_spec_free(&spec);
  }
}

/* ---------------------------------------------------------------- H7 */

static void test_proportional_limits(void **state)
{
  (void) state;
  /* the exact DGD risk tends to its proportional limit */
  const double xi = 0.2, sig2 = 3.0;
  double prev = HUGE_VAL;
  for (size_t L = 100; L <= 100000; L *= 10) {
    sm_setting s = setting((size_t) (xi * (double) L), L, sig2);
    double gap = fabs(sm_risk_dgd(&s, sm_eta_star(&s)) - sm_dgd_limit(xi, sig2));
    assert_less(gap, prev);
    prev = gap;
  }
  assert_less(prev, 1e-4);
  /* the Bayes limit against Monte Carlo, and Bayes beats DGD */
  sm_setting cases[2] = { { 5, 40, 0.1 }, { 20, 100, 3.0 } };
  const size_t T = tu_quick() ? 4000 : 16000;
  for (int c = 0; c < 2; c++) {
    sm_setting s = cases[c];
    task_spec spec;
    sm_task_spec(&spec, &s, 0.0);
    sm_estimator e[2] = { linear(SM_BAYES, 0.0, NULL), linear(SM_DGD, sm_eta_star(&s), NULL) };
    mc_summary r[2];
    double *loss;
    risks(e, 2, &spec, s.L, T, SEED + 70 + c, r, &loss);
    double lim = sm_bayes_limit((double) s.d / (double) s.L, s.sigma2);
    print_message("d %zu L %zu sigma2 %.1f: Bayes MC %.4f +- %.4f, limit %.4f; DGD MC %.4f, limit %.4f\n",
      s.d, s.L, s.sigma2, r[0].mean, r[0].se, lim, r[1].mean,
      sm_dgd_limit((double) s.d / (double) s.L, s.sigma2));
    assert_less(fabs(r[0].mean - lim), 4.0 * r[0].se + 0.01 * lim);
    mc_summary diff = paired(loss, T, 2, 1, 0);
    assert_less(4.0 * diff.se, diff.mean);
    free(loss); task_spec_free(&spec);
  }
  /* the excess ratio tends to (1 + sigma^2)/sigma^2 */
  const double sigmas[2] = { 0.1, 3.0 };
  for (int a = 0; a < 2; a++) {
    double x = 1e-4, sg = sigmas[a];
    double ratio = (sm_dgd_limit(x, sg) - sg) / (sm_bayes_limit(x, sg) - sg);
    print_message("sigma2 %.1f: excess ratio at xi = 1e-4 %.4f, predicted %.4f\n", sg, ratio,
      (1.0 + sg) / sg);
    assert_close(ratio, (1.0 + sg) / sg, 0.0, 0.01);
  }
  /* L -> infinity with d fixed: all risks tend to sigma^2 */
  sm_setting big = setting(5, 10000000, 0.1);
  double w1, m1, l1;
  sm_single_head_optimum(&big, &w1, &m1, &l1);
  assert_close(sm_risk_dgd(&big, sm_eta_star(&big)), 0.1, 1e-5, 0.0);
  assert_close(l1, 0.1, 1e-5, 0.0);
  assert_close(sm_bayes_limit(5e-7, 0.1), 0.1, 1e-5, 0.0);
}

/* ---------------------------------------------------------------- H9 */

static void test_preconditioned_dgd(void **state)
{
  (void) state;
  sm_setting s = paper();
  const size_t d = s.d;
  task_spec spec;
  assert_int_equal(sm_task_spec(&spec, &s, 0.5), 0);
  gsl_matrix *G = gsl_matrix_alloc(d, d), *I = gsl_matrix_alloc(d, d), *E = gsl_matrix_alloc(d, d);
  sm_gamma_star(&s, spec.Sigma, G);
  double es = sm_eta_star(&s), r012[3];
  for (int j = 0; j < 3; j++) {  /* R(eta I) is a quadratic in eta: its best scalar step */
    gsl_matrix_set_identity(I); gsl_matrix_scale(I, (double) j);
    r012[j] = sm_risk_pdgd(&s, spec.Sigma, I);
  }
  double A = 0.5 * (r012[2] - 2.0 * r012[1] + r012[0]), B = r012[1] - r012[0] - A;
  double eb = -B / (2.0 * A);
  gsl_matrix_set_identity(I); gsl_matrix_scale(I, eb);
  double rG = sm_risk_pdgd(&s, spec.Sigma, G), rI = sm_risk_pdgd(&s, spec.Sigma, I);
  gsl_matrix_set_identity(E); gsl_matrix_scale(E, es);
  print_message("rho 0.5: best scalar step %.4f (isotropic eta* %.4f, risk there %.4f)\n", eb, es,
    sm_risk_pdgd(&s, spec.Sigma, E));
  /* Monte Carlo on the same prompts */
  const size_t T = tu_quick() ? 10000 : 40000;
  sm_estimator e[2] = { linear(SM_PDGD, 0.0, G), linear(SM_PDGD, 0.0, I) };
  mc_summary r[2];
  double *loss;
  risks(e, 2, &spec, s.L, T, SEED + 90, r, &loss);
  mc_summary diff = paired(loss, T, 2, 1, 0);
  print_message("rho 0.5: Gamma* MC %.4f +- %.4f, formula %.4f; best eta I MC %.4f +- %.4f, formula %.4f; "
    "difference %.4f +- %.4f, formula %.4f\n", r[0].mean, r[0].se, rG, r[1].mean, r[1].se, rI,
    diff.mean, diff.se, rI - rG);
  assert_within_se(r[0].mean, r[0].se, rG, 4.0);
  assert_within_se(r[1].mean, r[1].se, rI, 4.0);
  assert_within_se(diff.mean, diff.se, rI - rG, 4.0);
  assert_less(4.0 * diff.se, diff.mean);  /* Gamma* is measurably better than eta* I */
  free(loss);
  /* Gamma* is the minimizer: perturbations raise R */
  gsl_rng *rng = tu_rng(391);
  for (int k = 0; k < 200; k++) {
    fill_gaussian(E, rng);
    gsl_matrix_scale(E, 0.01);
    gsl_matrix_add(E, G);
    assert_true(sm_risk_pdgd(&s, spec.Sigma, E) > rG);
  }
  /* the short form of R(Gamma*) */
  gsl_matrix *SG = gsl_matrix_alloc(d, d), *SGS = gsl_matrix_alloc(d, d);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, spec.Sigma, G, 0.0, SG);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, SG, spec.Sigma, 0.0, SGS);
  double tr = 0.0, trS = 0.0;
  for (size_t i = 0; i < d; i++) { tr += gsl_matrix_get(SGS, i, i); trS += gsl_matrix_get(spec.Sigma, i, i); }
  assert_close(rG, s.sigma2 + trS / (double) d - (double) (s.L - 1) / ((double) d * (double) s.L) * tr,
    1e-13, 1e-13);
  /* Sigma = I reduces to Proposition H6 */
  gsl_matrix *Id = gsl_matrix_alloc(d, d);
  gsl_matrix_set_identity(Id);
  for (double eta = 0.2; eta < 1.5; eta += 0.3) {
    gsl_matrix_memcpy(E, Id); gsl_matrix_scale(E, eta);
    assert_close(sm_risk_pdgd(&s, Id, E), sm_risk_dgd(&s, eta), 1e-13, 1e-13);
  }
  sm_gamma_star(&s, Id, E);
  assert_close(gsl_matrix_get(E, 0, 0), es, 1e-13, 1e-13);
  /* Gamma* -> Sigma^{-1} as L grows */
  gsl_matrix *Sinv = gsl_matrix_alloc(d, d);
  gsl_matrix_memcpy(SG, spec.Sigma);
  gsl_linalg_cholesky_decomp1(SG);
  gsl_linalg_cholesky_invert(SG);
  gsl_matrix_memcpy(Sinv, SG);
  double prev = HUGE_VAL;
  for (size_t L = 40; L <= 4000000; L *= 10) {
    sm_setting t = setting(d, L, s.sigma2);
    sm_gamma_star(&t, spec.Sigma, E);
    double m = 0.0;
    for (size_t i = 0; i < d; i++)
      for (size_t j = 0; j < d; j++) m = fmax(m, fabs(gsl_matrix_get(E, i, j) - gsl_matrix_get(Sinv, i, j)));
    assert_less(m, prev);
    prev = m;
  }
  assert_less(prev, 1e-4);
  gsl_matrix_free(Sinv); gsl_matrix_free(Id); gsl_matrix_free(SG); gsl_matrix_free(SGS);
  gsl_rng_free(rng); gsl_matrix_free(G); gsl_matrix_free(I); gsl_matrix_free(E);
  task_spec_free(&spec);
}

/* ---------------------------------------------------------------- H8 */

static void test_flow_three_phases(void **state)
{
  (void) state;
  sm_setting s = paper();
  const double kappa = 1.1;
  const size_t nt = 400;
  double times[400], path[400 * 5];
  for (size_t r = 0; r < 200; r++) times[r] = 0.1 * (double) r;  /* 0 .. 19.9 */
  for (size_t r = 200; r < nt; r++) times[r] = 20.0 * pow(500.0, (double) (r - 199) / 200.0);
  const double w0[2] = { 1e-3, -1e-3 }, m0[2] = { 1e-3, -1e-3 };
  assert_int_equal(sm_flow(&s, 2, w0, m0, times, nt, path), 0);
  double peak = 0.0; size_t rpeak = 0;
  for (size_t r = 0; r < nt; r++) {
    double *row = path + 5 * r;
    if (row[0] > peak) { peak = row[0]; rpeak = r; }
    assert_true(row[0] == -row[1] && row[2] == -row[3]);  /* exact sign pairing */
    if (r > 0) assert_true(row[4] <= path[5 * (r - 1) + 4] + 1e-12);
    if (times[r] <= 3.0) {
      assert_close(row[4], kappa, 0.0, 0.01);
      assert_close(row[2] / row[0], 1.0, 0.0, 0.01);
    }
  }
  double *end = path + 5 * (nt - 1), *at10 = path + 5 * 100;
  print_message("loss at t = 4: %.4f, at t = 10: %.4f; omega peak %.3f at t = %.2f; "
    "at t = 1e4: omega %.4f, mu %.4f, 2 omega mu %.4f (eta* %.4f), loss %.5f (bound %.5f)\n",
    path[5 * 40 + 4], at10[4], peak, times[rpeak], end[0], end[2], 2 * end[0] * end[2],
    sm_eta_star(&s), end[4], sm_lower_bound(&s));
  assert_less(at10[4], 0.3);
  assert_less(0.4, peak);
  assert_less(end[0], peak / 2.0);
  for (size_t r = rpeak + 1; r < nt; r++) assert_true(path[5 * r + 2] >= path[5 * (r - 1) + 2]);
  assert_close(2.0 * end[0] * end[2], sm_eta_star(&s), 0.0, 0.05);
  assert_true(end[4] > sm_lower_bound(&s));
}

static void test_flow_zero_sum_from_asymmetric_start(void **state)
{
  (void) state;
  sm_setting s = paper();
  const double w0[2] = { 0.01, -0.02 }, m0[2] = { 0.03, 0.01 };
  const double times[4] = { 10.0, 100.0, 1000.0, 1e4 };
  double path[4 * 5], defect[4];
  assert_int_equal(sm_flow(&s, 2, w0, m0, times, 4, path), 0);
  for (int r = 0; r < 4; r++) {
    double *row = path + 5 * r;
    defect[r] = fabs(row[2] + row[3]) / (fabs(row[2]) + fabs(row[3]));
    print_message("asymmetric start, t = %g: omega (%.4f, %.4f), mu (%.4f, %.4f), zero-sum defect %.2e\n",
      times[r], row[0], row[1], row[2], row[3], defect[r]);
  }
  double *end = path + 15;
  assert_less(defect[3], 0.02);
  assert_less(defect[3], defect[0]);
  assert_true((end[0] > 0) == (end[2] > 0) && (end[1] > 0) == (end[3] > 0));
}

static void test_flow_four_heads_split(void **state)
{
  (void) state;
  sm_setting s = setting(5, 40, 0.01);
  gsl_rng *rng = tu_rng(381);
  double w0[4], m0[4], path[9];
  for (int h = 0; h < 4; h++) w0[h] = gsl_ran_gaussian(rng, 0.1);
  for (int h = 0; h < 4; h++) m0[h] = gsl_ran_gaussian(rng, 0.1);
  const double times[1] = { 1e4 };
  assert_int_equal(sm_flow(&s, 4, w0, m0, times, 1, path), 0);
  sm_head_pattern heads[4];
  memset(heads, 0, sizeof heads);
  double a = 0.0;
  for (int h = 0; h < 4; h++) {
    heads[h].omega = path[h]; heads[h].mu = path[4 + h]; heads[h].diag_ratio = 1.0;
    a += path[h] * path[4 + h];
  }
  sm_layer_pattern lp;
  sm_layer_metrics(heads, 4, &lp);
  print_message("four heads at t = 1e4: omega (%.4f %.4f %.4f %.4f), mu (%.3f %.3f %.3f %.3f); "
    "active %zu, mu+ %.3f, mu- %.3f, spread %.4f, mu'omega %.4f (eta* %.4f)\n",
    path[0], path[1], path[2], path[3], path[4], path[5], path[6], path[7], lp.active,
    lp.mu_plus, lp.mu_minus, lp.omega_spread, a, sm_eta_star(&s));
  assert_true(lp.active >= 2);
  assert_true(lp.mu_plus > 0.0 && lp.mu_minus < 0.0);
  assert_int_equal(lp.sign_rule, 1);
  assert_less(lp.zero_sum, 0.02);
  assert_less(lp.omega_spread, 1.1);
  assert_close(a, sm_eta_star(&s), 0.0, 0.05);
  gsl_rng_free(rng);
}

/* The figure's CSV: deterministic, one row per time and head, and the same numbers as sm_flow. */
static void test_flow_csv(void **state)
{
  (void) state;
  char *buf[2] = { NULL, NULL };
  size_t len[2];
  for (int k = 0; k < 2; k++) {
    FILE *f = open_memstream(&buf[k], &len[k]);
    assert_int_equal(sm_flow_csv(f, 5, 7), 0);
    fclose(f);
  }
  assert_int_equal(len[0], len[1]);
  assert_int_equal(memcmp(buf[0], buf[1], len[0]), 0);
  size_t lines = 0;
  for (size_t i = 0; i < len[0]; i++) lines += buf[0][i] == '\n';
  assert_int_equal(lines, 1 + 5 * 2 + 5 * 4);
  const char *header = "variant,seed,d,L,sigma2,H,t,head,omega,mu,loss,key\n";
  assert_int_equal(strncmp(buf[0], header, strlen(header)), 0);
  /* row 10 (the last two-head row, head 1) against sm_flow at t = 1e4 */
  char *line = buf[0];
  for (int k = 0; k < 10; k++) line = strchr(line, '\n') + 1;
  double t, om, mu, loss;
  size_t head;
  assert_int_equal(sscanf(line, "paper_two_heads,7,5,40,%*g,2,%lg,%zu,%lg,%lg,%lg", &t, &head, &om, &mu,
    &loss), 5);
  sm_setting s = paper();
  const double w0[2] = { 1e-3, -1e-3 }, times[1] = { 1e4 };
  double path[5];
  sm_flow(&s, 2, w0, w0, times, 1, path);
  assert_close(t, 1e4, 1e-9, 0.0);
  assert_int_equal(head, 1);
  assert_close(om, path[1], 1e-12, 1e-12);
  assert_close(mu, path[3], 1e-12, 1e-12);
  assert_close(loss, path[4], 1e-12, 1e-12);
  free(buf[0]); free(buf[1]);
}

/* "mhicl softmax": a bad option or value gives one line on stderr, exit status 2 and no file; a
   good run writes the same bytes as sm_flow_csv. The program under test is $MHICL. */
static int run_flow(const char *args, const char *errfile)
{
  const char *prog = getenv("MHICL") ? getenv("MHICL") : "./mhicl";
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "'%s' softmax %s >/dev/null 2>'%s'", prog, args, errfile);
  int st = system(cmd);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static size_t file_lines(const char *path, char *first, size_t size)
{
  FILE *f = fopen(path, "r");
  if (f == NULL) return 0;
  size_t n = 0;
  int c;
  first[0] = '\0';
  if (fgets(first, (int) size, f) != NULL) n = 1;
  while ((c = fgetc(f)) != EOF) n += c == '\n';
  fclose(f);
  return n;
}

static void test_softmax_command(void **state)
{
  (void) state;
  char dir[64], out[128], err[128], args[512], line[512];
  mkstemp_template(dir, sizeof dir, "/tmp/mhicl-flow-");
  assert_non_null(mkdtemp(dir));
  snprintf(out, sizeof out, "%s/flow.csv", dir);
  snprintf(err, sizeof err, "%s/err.txt", dir);
  const char *bad[6] = { "flow --points x", "flow --points 1", "flow --seed -3",
    "flow --frobnicate 2", "risk --points 5", "rsik --trials 10" };
  for (int k = 0; k < 6; k++) {
    snprintf(args, sizeof args, "%s --out '%s'", bad[k], out);
    assert_int_equal(run_flow(args, err), 2);
    assert_int_equal(file_lines(err, line, sizeof line), 1);
    assert_int_equal(access(out, F_OK), -1);
  }
  assert_int_equal(run_flow("flow --points 5", err), 2);  /* --out is required */
  assert_int_equal(file_lines(err, line, sizeof line), 1);
  assert_non_null(strstr(line, "--out"));
  snprintf(args, sizeof args, "flow --points 5 --seed 7 --out '%s/none/flow.csv'", dir);
  assert_int_equal(run_flow(args, err), 2);  /* a directory that does not exist */
  snprintf(args, sizeof args, "flow --points 5 --seed 7 --out '%s'", out);
  assert_int_equal(run_flow(args, err), 0);
  char *buf = NULL, got[4096];
  size_t len;
  FILE *f = open_memstream(&buf, &len);
  sm_flow_csv(f, 5, 7);
  fclose(f);
  FILE *g = fopen(out, "r");
  assert_non_null(g);
  size_t n = fread(got, 1, sizeof got, g);
  fclose(g);
  assert_int_equal(n, len);
  assert_int_equal(memcmp(got, buf, len), 0);
  free(buf);
  unlink(out); unlink(err); rmdir(dir);
}

/* The estimator table: deterministic, one row per length and predictor, DGD within four s.e. of
   its closed form, and the same numbers as sm_risk on the same prompts. */
static void test_compare_csv(void **state)
{
  (void) state;
  const size_t Ls[2] = { 10, 40 }, T = tu_quick() ? 1000 : 4000;
  char *buf[2] = { NULL, NULL };
  size_t len[2];
  for (int k = 0; k < 2; k++) {
    FILE *f = open_memstream(&buf[k], &len[k]);
    assert_int_equal(sm_compare_csv(f, Ls, 2, T, 9), 0);
    fclose(f);
  }
  assert_int_equal(len[0], len[1]);
  assert_int_equal(memcmp(buf[0], buf[1], len[0]), 0);
  size_t lines = 0;
  for (size_t i = 0; i < len[0]; i++) lines += buf[0][i] == '\n';
  assert_int_equal(lines, 1 + 2 * 5);
  char *line = buf[0];
  for (int k = 0; k < 9; k++) line = strchr(line, '\n') + 1;  /* L = 40, dgd */
  double risk, se, closed, eta;
  assert_int_equal(sscanf(line, "40,dgd,%lg,%lg,%lg,%*u,9,5,%*g,nan,nan,%lg", &risk, &se, &closed, &eta), 4);
  sm_setting s = paper();
  assert_close(closed, sm_risk_dgd(&s, eta), 1e-15, 1e-15);
  assert_within_se(risk, se, closed, 4.0);
  task_spec spec;
  sm_task_spec(&spec, &s, 0.0);
  sm_estimator e = linear(SM_DGD, eta, NULL);
  mc_summary r = sm_risk(&e, &spec, 40, T, 9);
  assert_close(risk, r.mean, 0.0, 1e-15);
  assert_close(se, r.se, 0.0, 1e-12);
  task_spec_free(&spec);
  free(buf[0]); free(buf[1]);
}

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_he_setting_preset),
    cmocka_unit_test(test_estimators_on_prompts),
    cmocka_unit_test(test_tuned_step),
    cmocka_unit_test(test_pattern_metrics_hand_built),
    cmocka_unit_test(test_layer_metrics_dummy_and_sign),
    cmocka_unit_test(test_approx_loss_gap_shrinks),
    cmocka_unit_test(test_approx_grad_finite_difference),
    cmocka_unit_test(test_mu_star_zero_sum_and_profile),
    cmocka_unit_test(test_lower_bound_all_heads),
    cmocka_unit_test(test_single_head_optimum),
    cmocka_unit_test(test_kernel_is_debiased_gd),
    cmocka_unit_test(test_dgd_gd_exact_risk),
    cmocka_unit_test(test_proportional_limits),
    cmocka_unit_test(test_preconditioned_dgd),
    cmocka_unit_test(test_flow_three_phases),
    cmocka_unit_test(test_flow_zero_sum_from_asymmetric_start),
    cmocka_unit_test(test_flow_four_heads_split),
    cmocka_unit_test(test_flow_csv),
    cmocka_unit_test(test_softmax_command),
    cmocka_unit_test(test_compare_csv),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
