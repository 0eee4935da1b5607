/* Tests of the estimators chapter (chapters/estimators.w): closed forms, normal equations, KKT,
   the best linear estimator and the exact Bayes posterior mean. */
#include <stdlib.h>
#include <math.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include "testutil.h"
#include "support.h"
#include "estimators.h"

/* A random prompt with n points in dimension d, y = X beta + 0.5 noise; moments computed. */
static void random_prompt(gsl_rng *rng, size_t n, size_t d, gsl_matrix *X, gsl_vector *y,
  moments *m)
{
  fill_gaussian(X, rng);
  for (size_t i = 0; i < n; i++) {
    double yi = 0.5 * gsl_ran_gaussian(rng, 1.0);
    for (size_t j = 0; j < 3 && j < d; j++) yi += gsl_matrix_get(X, i, j) * (1.0 + (double) j);
    gsl_vector_set(y, i, yi);
  }
  moments_compute(m, X, y, n);
}

/* A drawn prompt with its moments and two d-vectors of scratch (a, b). */
typedef struct { size_t n, d; gsl_matrix *X; gsl_vector *y, *a, *b; moments *m; } prompt;

static prompt prompt_make(gsl_rng *rng, size_t n, size_t d)
{
  prompt p = { n, d, gsl_matrix_alloc(n, d), gsl_vector_alloc(n), gsl_vector_alloc(d),
    gsl_vector_alloc(d), moments_alloc(d) };
  random_prompt(rng, n, d, p.X, p.y, p.m);
  return p;
}

static void prompt_free(prompt *p)
{
  gsl_matrix_free(p->X); gsl_vector_free(p->y); gsl_vector_free(p->a); gsl_vector_free(p->b);
  moments_free(p->m);
}

static const size_t shapes[][2] = { { 50, 8 }, { 12, 8 }, { 40, 20 }, { 8, 20 } };  /* (n, d) */

/* Iterated GD = [I - (I - eta S)^t] S^+ r. The iteration accumulates a rounding error of
   a few ulps per step of a contraction; 1e-12 relative is about 4500 ulps, ample for t <= 100
   and far below any statistical effect. */
static void test_gd_iterates_equal_closed_form(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(1);
  for (size_t sh = 0; sh < 4; sh++) {
    prompt p = prompt_make(rng, shapes[sh][0], shapes[sh][1]);
    moments *m = p.m;
    gsl_vector *a = p.a, *b = p.b;
    const double etas[] = { 0.05, 0.2, 0.4 };
    const unsigned ts[] = { 1, 2, 7, 30, 100 };
    for (size_t e = 0; e < 3; e++)
      for (size_t k = 0; k < 5; k++) {
        est_gd(m, etas[e], ts[k], a);
        est_gd_closed_form(m, etas[e], ts[k], b);
        assert_close(max_abs_diff(a, b), 0.0, 1e-12 * vec_norm_inf(b), 0.0);
      }
    prompt_free(&p);
  }
  gsl_rng_free(rng);
}

/* Ridge through the eigen-decomposition solves (S + mu I) w = r to rounding (backward stable:
   residual <= 1e-12 ||r|| at these condition numbers). */
static void test_ridge_solves_normal_equations(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(2);
  for (size_t sh = 0; sh < 4; sh++) {
    prompt p = prompt_make(rng, shapes[sh][0], shapes[sh][1]);
    moments *m = p.m;
    gsl_vector *w = p.a, *res = p.b;
    const double mus[] = { 1e-3, 0.1, 1.0, 30.0 };
    for (size_t k = 0; k < 4; k++) {
      est_ridge(m, mus[k], w);
      gsl_vector_memcpy(res, m->r_hat);
      gsl_blas_dsymv(CblasLower, -1.0, m->Sigma_hat, w, 1.0, res);
      gsl_blas_daxpy(-mus[k], w, res);  /* res = r - (S + mu I) w */
      assert_close(vec_norm_inf(res), 0.0, 1e-12 * vec_norm_inf(m->r_hat), 0.0);
    }
    prompt_free(&p);
  }
  gsl_rng_free(rng);
}

/* Least squares: with n < d it interpolates (X w = y) and w is in the row space of X (so it has
   minimum norm); with n > d it solves the normal equations. Tolerances 1e-9 relative: the
   pseudo-inverse through the eigen-decomposition of X^T X/n squares the condition number
   (about 1e2 here), so errors of 1e-12 are expected. */
static void test_ols_min_norm(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(3);
  for (size_t sh = 0; sh < 4; sh++) {
    prompt p = prompt_make(rng, shapes[sh][0], shapes[sh][1]);
    size_t n = p.n, d = p.d;
    gsl_matrix *X = p.X;
    gsl_vector *y = p.y, *w = p.a, *fit = gsl_vector_alloc(n);
    moments *m = p.m;
    est_ols(m, w);
    if (n < d) {
      gsl_blas_dgemv(CblasNoTrans, 1.0, X, w, 0.0, fit);
      gsl_vector_sub(fit, y);
      assert_close(vec_norm_inf(fit), 0.0, 1e-9 * vec_norm_inf(y), 0.0);
      /* row space: w = X^T a for a = (X X^T)^{-1} X w; check the residual of that projection */
      gsl_matrix *G = gsl_matrix_alloc(n, n);
      gsl_vector *a = gsl_vector_alloc(n), *p = gsl_vector_alloc(d), *Xw = gsl_vector_alloc(n);
      gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, X, X, 0.0, G);
      gsl_blas_dgemv(CblasNoTrans, 1.0, X, w, 0.0, Xw);
      gsl_linalg_cholesky_decomp1(G);
      gsl_linalg_cholesky_solve(G, Xw, a);
      gsl_blas_dgemv(CblasTrans, 1.0, X, a, 0.0, p);
      assert_close(max_abs_diff(p, w), 0.0, 1e-9 * vec_norm_inf(w), 0.0);
      gsl_matrix_free(G); gsl_vector_free(a); gsl_vector_free(p); gsl_vector_free(Xw);
    } else {
      gsl_vector *res = p.b;
      gsl_vector_memcpy(res, m->r_hat);
      gsl_blas_dsymv(CblasLower, -1.0, m->Sigma_hat, w, 1.0, res);
      assert_close(vec_norm_inf(res), 0.0, 1e-12 * vec_norm_inf(m->r_hat), 0.0);
    }
    gsl_vector_free(fit);
    prompt_free(&p);
  }
  gsl_rng_free(rng);
}

/* The Lasso solution meets the KKT conditions to 1e-9 (the solver stops at 1e-11), along a
   warm-started path, for n > d and n < d. A solver that stopped early would fail it. */
static void test_lasso_meets_kkt(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(4);
  const double lambdas[] = { 2.0, 1.0, 0.3, 0.1, 0.03, 0.01, 0.001 };
  for (size_t sh = 0; sh < 4; sh++) {
    prompt p = prompt_make(rng, shapes[sh][0], shapes[sh][1]);
    gsl_matrix *W = gsl_matrix_alloc(7, p.d);
    gsl_vector *w = p.a, *c = p.b;
    moments *m = p.m;
    lasso_path(m->Sigma_hat, m->r_hat, lambdas, 7, W, w, c);
    for (size_t a = 0; a < 7; a++) {
      gsl_vector_view row = gsl_matrix_row(W, a);
      double kkt = lasso_kkt_violation(m->Sigma_hat, m->r_hat, lambdas[a], &row.vector, c);
      assert_close(kkt, 0.0, 1e-9, 0.0);
    }
    /* lambda >= ||r||_inf gives exactly zero */
    gsl_vector_set_zero(w);
    assert_true(lasso_cd(m->Sigma_hat, m->r_hat, 1.0001 * vec_norm_inf(m->r_hat), w, c,
      LASSO_TOL, LASSO_MAX_SWEEPS) > 0);
    assert_close(vec_norm_inf(w), 0.0, 0.0, 0.0);
    /* and a point that is not the solution is detected: the KKT measure is not vacuous */
    gsl_vector_set_all(w, 0.1);
    assert_less(1e-3, lasso_kkt_violation(m->Sigma_hat, m->r_hat, 0.1, w, c));
    gsl_matrix_free(W);
    prompt_free(&p);
  }
  gsl_rng_free(rng);
}

/* With S = I exactly the Lasso is the soft threshold of r, coordinatewise: agreement to 1e-12. */
static void test_lasso_orthogonal_design_soft_threshold(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(5);
  const size_t n = 30, d = 10;
  gsl_matrix *X = gsl_matrix_alloc(n, d), *Q = gsl_matrix_alloc(n, n), *R = gsl_matrix_alloc(n, d);
  gsl_vector *tau = gsl_vector_alloc(d), *y = gsl_vector_alloc(n);
  gsl_vector *w = gsl_vector_alloc(d), *c = gsl_vector_alloc(d);
  fill_gaussian(X, rng);
  gsl_linalg_QR_decomp(X, tau);
  gsl_linalg_QR_unpack(X, tau, Q, R);
  for (size_t i = 0; i < n; i++)  /* X = sqrt(n) Q[:, :d], so X^T X / n = I */
    for (size_t j = 0; j < d; j++) gsl_matrix_set(X, i, j, sqrt((double) n) * gsl_matrix_get(Q, i, j));
  for (size_t i = 0; i < n; i++) gsl_vector_set(y, i, gsl_ran_gaussian(rng, 1.0));
  moments *m = moments_alloc(d);
  moments_compute(m, X, y, n);
  const double lambdas[] = { 0.05, 0.3, 0.8 };
  for (size_t k = 0; k < 3; k++) {
    gsl_vector_set_zero(w);
    assert_true(lasso_cd(m->Sigma_hat, m->r_hat, lambdas[k], w, c, LASSO_TOL, LASSO_MAX_SWEEPS) > 0);
    for (size_t j = 0; j < d; j++) {
      double r = gsl_vector_get(m->r_hat, j);
      double st = r > lambdas[k] ? r - lambdas[k] : (r < -lambdas[k] ? r + lambdas[k] : 0.0);
      assert_close(gsl_vector_get(w, j), st, 1e-12, 0.0);
    }
  }
  moments_free(m);
  gsl_matrix_free(X); gsl_matrix_free(Q); gsl_matrix_free(R);
  gsl_vector_free(tau); gsl_vector_free(y); gsl_vector_free(w); gsl_vector_free(c);
  gsl_rng_free(rng);
}

/* The PtO iterate equals its closed form Phi [I - (I - eta A)^t] A^+ Phi r, every variant.
   Step sizes are scaled to keep eta * lambda_max(A) < 1.5 (a contraction), so the iteration's
   rounding stays at a few hundred ulps: 1e-12 relative. */
static void test_pto_iterate_equals_closed_form(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(6);
  const pto_variant variants[] = { PTO_R, PTO_ABS, PTO_SQ, PTO_RESIDUAL };
  for (size_t sh = 0; sh < 4; sh++) {
    prompt p = prompt_make(rng, shapes[sh][0], shapes[sh][1]);
    size_t d = p.d;
    gsl_vector *a = p.a, *b = p.b, *phi = gsl_vector_alloc(d);
    moments *m = p.m;
    for (size_t v = 0; v < 4; v++) {
      pto_preprocessing pre = { variants[v], 0.7, 0 };
      pto_preprocess(m, &pre, phi);
      eigensystem *e = eigensystem_alloc(d);
      eigensystem_compute(e, m->A);
      double lmax = gsl_vector_max(e->lambda);
      eigensystem_free(e);
      const double fr[] = { 0.1, 0.5, 1.5 };
      const unsigned ts[] = { 1, 5, 40 };
      for (size_t i = 0; i < 3; i++)
        for (size_t k = 0; k < 3; k++) {
          pre.relative_step = 0;
          est_pto(m, &pre, fr[i] / lmax, ts[k], a);
          est_pto_closed_form(m, &pre, fr[i] / lmax, ts[k], b);
          assert_close(max_abs_diff(a, b), 0.0, 1e-12 * vec_norm_inf(b), 0.0);
          pre.relative_step = 1;  /* the relative step fr[i] / lambda_max(A): the same numbers */
          est_pto(m, &pre, fr[i], ts[k], b);
          assert_close(max_abs_diff(a, b), 0.0, 1e-12 * vec_norm_inf(a), 0.0);
        }
    }
    gsl_vector_free(phi);
    prompt_free(&p);
  }
  gsl_rng_free(rng);
}

/* PtO is GD on the explicitly reweighted prompt (Phi x_i, y_i), rescaled by Phi: the moments of
   the reweighted prompt are (Phi S Phi, Phi r) up to rounding, so 1e-12 relative. */
static void test_pto_is_gd_on_reweighted_data(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(7);
  const size_t n = 60, d = 12;
  gsl_matrix *X = gsl_matrix_alloc(n, d), *Xt = gsl_matrix_alloc(n, d);
  gsl_vector *y = gsl_vector_alloc(n), *a = gsl_vector_alloc(d), *b = gsl_vector_alloc(d);
  gsl_vector *phi = gsl_vector_alloc(d);
  moments *m = moments_alloc(d), *mt = moments_alloc(d);
  random_prompt(rng, n, d, X, y, m);
  pto_preprocessing pre = { PTO_R, 1.0, 0 };
  pto_preprocess(m, &pre, phi);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < d; j++)
      gsl_matrix_set(Xt, i, j, gsl_vector_get(phi, j) * gsl_matrix_get(X, i, j));
  moments_compute(mt, Xt, y, n);
  est_pto(m, &pre, 0.05, 25, a);
  est_gd(mt, 0.05, 25, b);
  gsl_vector_mul(b, phi);
  assert_close(max_abs_diff(a, b), 0.0, 1e-12 * vec_norm_inf(b), 0.0);
  moments_free(m); moments_free(mt);
  gsl_matrix_free(X); gsl_matrix_free(Xt);
  gsl_vector_free(y); gsl_vector_free(a); gsl_vector_free(b); gsl_vector_free(phi);
  gsl_rng_free(rng);
}

/* The best linear estimator (lmmse) equals the dual form tau^2 X^T (tau^2 X X^T + sigma^2 I_n)^{-1}
   y, an n x n solve from the raw prompt that shares nothing with the code under test. Both are
   backward stable solves of systems with condition number below 1e3 here: 1e-10 relative. */
static void test_lmmse_equals_dual_form(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(8);
  const double sigma = 0.7, tau2 = 0.05;
  for (size_t sh = 0; sh < 4; sh++) {
    prompt p = prompt_make(rng, shapes[sh][0], shapes[sh][1]);
    size_t n = p.n;
    gsl_matrix *K = gsl_matrix_alloc(n, n);
    gsl_vector *u = gsl_vector_alloc(n);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, tau2, p.X, p.X, 0.0, K);  /* tau^2 X X^T */
    for (size_t i = 0; i < n; i++) gsl_matrix_set(K, i, i, gsl_matrix_get(K, i, i) + sigma * sigma);
    gsl_linalg_cholesky_decomp1(K);
    gsl_linalg_cholesky_solve(K, p.y, u);
    gsl_blas_dgemv(CblasTrans, tau2, p.X, u, 0.0, p.b);
    est_lmmse(p.m, sigma, tau2, p.a);
    assert_close(max_abs_diff(p.a, p.b), 0.0, 1e-10 * vec_norm_inf(p.b), 0.0);
    gsl_matrix_free(K); gsl_vector_free(u);
    prompt_free(&p);
  }
  gsl_rng_free(rng);
}

/* Brute-force posterior means at d = 4, from the definition: integrals of beta p(y | beta) p(beta)
   over beta_S in R^s for every support (GSL qagi; nested for s = 2), with the likelihood computed
   from X and y, not from the moments. */
typedef struct {
  const gsl_matrix *X; const gsl_vector *y;
  const size_t *S; size_t s;
  double tau, sigma, yy;
  int weight;  /* 0: 1; 1: beta_{S_0}; 2: beta_{S_1} */
  double b1;  /* the outer variable when s = 2 */
  gsl_integration_workspace *inner;
} quad_params;

static double quad_integrand(const double *b, const quad_params *q)
{
  double rss = 0.0, prior = 0.0;
  for (size_t i = 0; i < q->X->size1; i++) {
    double e = gsl_vector_get(q->y, i);
    for (size_t a = 0; a < q->s; a++) e -= gsl_matrix_get(q->X, i, q->S[a]) * b[a];
    rss += e * e;
  }
  for (size_t a = 0; a < q->s; a++) prior += b[a] * b[a];
  double w = q->weight == 0 ? 1.0 : b[q->weight - 1];
  return w * exp(-(rss - q->yy) / (2.0 * q->sigma * q->sigma) - prior / (2.0 * q->tau * q->tau))
    / pow(sqrt(2.0 * M_PI) * q->tau, (double) q->s);
}

static double quad_f1(double x, void *params)
{
  quad_params *q = params;
  if (q->s == 1) return quad_integrand(&x, q);
  double b[2] = { q->b1, x };
  return quad_integrand(b, q);
}

static double quad_f_outer(double x, void *params)
{
  quad_params *q = params;
  q->b1 = x;
  gsl_function F = { quad_f1, q };
  double r, err;
  gsl_integration_qagi(&F, 0.0, 1e-11, 1000, q->inner, &r, &err);
  return r;
}

static double quad_integral(quad_params *q, gsl_integration_workspace *outer)
{
  gsl_function F = { q->s == 1 ? quad_f1 : quad_f_outer, q };
  double r, err;
  gsl_integration_qagi(&F, 0.0, 1e-10, 1000, outer, &r, &err);
  return r;
}

/* Tolerance: the quadratures are asked for 1e-10 (outer) and 1e-11 (inner) relative accuracy;
   the posterior mean is a ratio of sums of such integrals, so 1e-7 absolute plus 1e-7 relative is
   generous and still four orders of magnitude below any plausible error of the formulas (a weight
   off by a factor, a missing log-determinant, a wrong kappa all move the mean by 1e-2 or more). */
static void test_bayes_equals_numerical_integration(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(9);
  const size_t d = 4, n = 6;
  const double sigma = 1.0;
  gsl_matrix *X = gsl_matrix_alloc(n, d);
  gsl_vector *y = gsl_vector_alloc(n), *bh = gsl_vector_alloc(d), *ref = gsl_vector_alloc(d);
  gsl_integration_workspace *wo = gsl_integration_workspace_alloc(1000);
  gsl_integration_workspace *wi = gsl_integration_workspace_alloc(1000);
  moments *m = moments_alloc(d);
  for (size_t s = 1; s <= 2; s++) {
    fill_gaussian(X, rng);
    for (size_t i = 0; i < n; i++)  /* beta = (0.9, -0.6, 0, 0) restricted to s nonzeros */
      gsl_vector_set(y, i, 0.9 * gsl_matrix_get(X, i, 0) - (s == 2 ? 0.6 * gsl_matrix_get(X, i, 1) : 0.0)
        + sigma * gsl_ran_gaussian(rng, 1.0));
    double yy; gsl_blas_ddot(y, y, &yy);
    moments_compute(m, X, y, n);
    sparse_prior p = { s, 1.0 / sqrt((double) s), 0, sigma };
    assert_int_equal(est_bayes(m, &p, bh), 0);
    size_t S[2] = { 0, 1 };
    double Z = 0.0;
    gsl_vector_set_zero(ref);
    do {
      quad_params q = { X, y, S, s, p.tau, sigma, yy, 0, 0.0, wi };
      double z = quad_integral(&q, wo);
      Z += z;
      for (size_t a = 0; a < s; a++) {
        q.weight = (int) a + 1;
        gsl_vector_set(ref, S[a], gsl_vector_get(ref, S[a]) + quad_integral(&q, wo));
      }
    } while (s == 1 ? (++S[0] < d) : (S[1] + 1 < d ? (++S[1], 1) : (S[0] + 2 < d ? (S[0]++, S[1] = S[0] + 1, 1) : 0)));
    gsl_vector_scale(ref, 1.0 / Z);
    for (size_t j = 0; j < d; j++) assert_close(gsl_vector_get(bh, j), gsl_vector_get(ref, j), 1e-7, 1e-7);
    assert_less(0.05, vec_norm_inf(ref));  /* the data moved the mean well away from the prior's 0 */
  }
  /* The sign prior: the sum over all beta in {0, +-tau}^d with exactly s nonzeros, from X and y. */
  for (size_t s = 1; s <= 3; s++) {
    sparse_prior p = { s, 1.0 / sqrt((double) s), 1, 0.5 };
    fill_gaussian(X, rng);
    for (size_t i = 0; i < n; i++)
      gsl_vector_set(y, i, p.tau * (gsl_matrix_get(X, i, 1) - gsl_matrix_get(X, i, 3) * (s > 1))
        + p.sigma * gsl_ran_gaussian(rng, 1.0));
    moments_compute(m, X, y, n);
    assert_int_equal(est_bayes(m, &p, bh), 0);
    double lw[81], bet[81][4], lmax = -INFINITY, Z = 0.0;
    size_t count = 0;
    for (size_t code = 0; code < 81; code++) {  /* base 3 digits: 0, +tau, -tau */
      size_t c = code, nz = 0;
      for (size_t j = 0; j < d; j++, c /= 3) {
        bet[count][j] = (c % 3 == 0) ? 0.0 : (c % 3 == 1 ? p.tau : -p.tau);
        nz += c % 3 != 0;
      }
      if (nz != s) continue;
      double rss = 0.0;
      for (size_t i = 0; i < n; i++) {
        double e = gsl_vector_get(y, i);
        for (size_t j = 0; j < d; j++) e -= gsl_matrix_get(X, i, j) * bet[count][j];
        rss += e * e;
      }
      lw[count] = -rss / (2.0 * p.sigma * p.sigma);
      lmax = fmax(lmax, lw[count]);
      count++;
    }
    gsl_vector_set_zero(ref);
    for (size_t k = 0; k < count; k++) {
      double w = exp(lw[k] - lmax);
      Z += w;
      for (size_t j = 0; j < d; j++) gsl_vector_set(ref, j, gsl_vector_get(ref, j) + w * bet[k][j]);
    }
    gsl_vector_scale(ref, 1.0 / Z);
    assert_close(max_abs_diff(bh, ref), 0.0, 1e-10 * vec_norm_inf(ref), 0.0);
  }
  moments_free(m);
  gsl_integration_workspace_free(wo); gsl_integration_workspace_free(wi);
  gsl_matrix_free(X); gsl_vector_free(y); gsl_vector_free(bh); gsl_vector_free(ref);
  gsl_rng_free(rng);
}

/* With s = d there is one support, and the posterior mean under N(0, tau^2 I) is the linear one:
   the enumeration's Cholesky solve and lmmse's eigen-filter agree to rounding (1e-12 relative). */
static void test_bayes_reduces_to_lmmse_when_s_equals_d(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(10);
  for (size_t sh = 0; sh < 4; sh++) {
    prompt p = prompt_make(rng, shapes[sh][0], shapes[sh][1]);
    size_t d = p.d;
    sparse_prior pr = { d, 1.3 / sqrt((double) d), 0, 0.5 };
    assert_int_equal(est_bayes(p.m, &pr, p.a), 0);
    est_lmmse(p.m, pr.sigma, pr.tau * pr.tau, p.b);
    assert_close(max_abs_diff(p.a, p.b), 0.0, 1e-12 * vec_norm_inf(p.b), 0.0);
    prompt_free(&p);
  }
  gsl_rng_free(rng);
}

/* The refusals: beyond the cap (C(30, 6) = 593775 supports times 2^6 signs), sigma = 0, s > d.
   And the count itself: C(20, 3) = 1140, times 8 under the sign prior. */
static void test_bayes_refuses_beyond_cap(void **state)
{
  (void) state;
  moments *m = moments_alloc(30);
  gsl_vector *bh = gsl_vector_alloc(30);
  gsl_matrix_set_identity(m->Sigma_hat); gsl_vector_set_all(m->r_hat, 0.1); m->n = 10;
  sparse_prior gauss = { 6, 0.5, 0, 0.5 }, sign = { 6, 0.5, 1, 0.5 }, noiseless = { 3, 0.5, 0, 0.0 };
  sparse_prior big = { 31, 0.5, 0, 0.5 };
  sparse_prior g20 = { 3, 0.5, 0, 0.5 }, s20 = { 3, 0.5, 1, 0.5 };
  assert_close(bayes_terms(20, &g20), 1140.0, 0.0, 0.0);
  assert_close(bayes_terms(20, &s20), 9120.0, 0.0, 0.0);
  assert_close(bayes_terms(30, &gauss), 593775.0, 0.0, 0.0);
  assert_int_equal(est_bayes(m, &gauss, bh), 0);
  assert_int_equal(est_bayes(m, &sign, bh), -1);
  assert_int_equal(est_bayes(m, &noiseless, bh), -1);
  assert_int_equal(est_bayes(m, &big, bh), -1);
  moments_free(m); gsl_vector_free(bh);
}

/* PtO's preprocessing and iterate against a computation that shares no code with the library:
   r = X^T y / n, phi(r) by its formula, A = (X Phi)^T (X Phi) / n and g = (X Phi)^T y / n from
   the reweighted data, and t gradient steps w <- w + eta (g - A w) from w = 0, by plain loops.
   pto_preprocess (phi, A, g) and est_pto (Phi w_t) must agree to 1e-12 relative (sums of n
   products in another order; a contraction, eta lambda_max(A) <= 1, keeps the iteration's
   rounding at that level). Every variant, on two shapes (n > d and n < d). */
static double phi_formula(pto_variant v, double c, double r)
{
  return v == PTO_R ? r : v == PTO_ABS ? fabs(r) : v == PTO_SQ ? r * r : 1.0 + c * r;
}

static void test_pto_preprocess_matches_independent_computation(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(8);
  const pto_variant variants[] = { PTO_R, PTO_ABS, PTO_SQ, PTO_RESIDUAL };
  const size_t sizes[2][2] = { { 50, 8 }, { 12, 20 } };  /* (n, d) */
  for (size_t sh = 0; sh < 2; sh++) {
    prompt p = prompt_make(rng, sizes[sh][0], sizes[sh][1]);
    size_t n = p.n, d = p.d;
    double *r = calloc(d, sizeof(double)), *ph = calloc(d, sizeof(double));
    double *A = calloc(d * d, sizeof(double)), *g = calloc(d, sizeof(double));
    double *w = calloc(d, sizeof(double)), *grad = calloc(d, sizeof(double));
    gsl_vector *phi = gsl_vector_alloc(d);
    for (size_t j = 0; j < d; j++) {
      for (size_t i = 0; i < n; i++) r[j] += gsl_matrix_get(p.X, i, j) * gsl_vector_get(p.y, i);
      r[j] /= (double) n;
    }
    for (size_t v = 0; v < 4; v++) {
      const pto_preprocessing pre = { variants[v], 0.7, 0 };
      for (size_t j = 0; j < d; j++) ph[j] = phi_formula(variants[v], pre.c, r[j]);
      for (size_t j = 0; j < d; j++) {
        g[j] = 0.0;
        for (size_t i = 0; i < n; i++) g[j] += ph[j] * gsl_matrix_get(p.X, i, j) * gsl_vector_get(p.y, i);
        g[j] /= (double) n;
        for (size_t k = 0; k < d; k++) {
          double sum = 0.0;
          for (size_t i = 0; i < n; i++)
            sum += ph[j] * gsl_matrix_get(p.X, i, j) * ph[k] * gsl_matrix_get(p.X, i, k);
          A[j * d + k] = sum / (double) n;
        }
      }
      pto_preprocess(p.m, &pre, phi);
      double scale_a = 0.0, scale_g = 0.0, scale_p = 0.0, trace = 0.0;
      for (size_t j = 0; j < d; j++) {
        scale_p = fmax(scale_p, fabs(ph[j])); scale_g = fmax(scale_g, fabs(g[j]));
        trace += A[j * d + j];
        for (size_t k = 0; k < d; k++) scale_a = fmax(scale_a, fabs(A[j * d + k]));
      }
      for (size_t j = 0; j < d; j++) {
        assert_close(gsl_vector_get(phi, j), ph[j], 1e-12 * scale_p, 0.0);
        assert_close(gsl_vector_get(p.m->g, j), g[j], 1e-12 * scale_g, 0.0);
        for (size_t k = 0; k < d; k++)
          assert_close(gsl_matrix_get(p.m->A, j, k), A[j * d + k], 1e-12 * scale_a, 0.0);
      }
      /* eta = 1 / trace(A) <= 1 / lambda_max(A): a contraction; 30 steps */
      const double eta = 1.0 / trace;
      const unsigned t = 30;
      for (size_t j = 0; j < d; j++) w[j] = 0.0;
      for (unsigned step = 0; step < t; step++) {
        for (size_t j = 0; j < d; j++) {
          grad[j] = g[j];
          for (size_t k = 0; k < d; k++) grad[j] -= A[j * d + k] * w[k];
        }
        for (size_t j = 0; j < d; j++) w[j] += eta * grad[j];
      }
      est_pto(p.m, &pre, eta, t, p.a);
      double scale_b = 0.0;
      for (size_t j = 0; j < d; j++) scale_b = fmax(scale_b, fabs(ph[j] * w[j]));
      for (size_t j = 0; j < d; j++)
        assert_close(gsl_vector_get(p.a, j), ph[j] * w[j], 1e-12 * scale_b, 0.0);
    }
    free(r); free(ph); free(A); free(g); free(w); free(grad);
    gsl_vector_free(phi);
    prompt_free(&p);
  }
  gsl_rng_free(rng);
}

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_gd_iterates_equal_closed_form),
    cmocka_unit_test(test_ridge_solves_normal_equations),
    cmocka_unit_test(test_ols_min_norm),
    cmocka_unit_test(test_lasso_meets_kkt),
    cmocka_unit_test(test_lasso_orthogonal_design_soft_threshold),
    cmocka_unit_test(test_pto_iterate_equals_closed_form),
    cmocka_unit_test(test_pto_is_gd_on_reweighted_data),
    cmocka_unit_test(test_lmmse_equals_dual_form),
    cmocka_unit_test(test_bayes_equals_numerical_integration),
    cmocka_unit_test(test_bayes_reduces_to_lmmse_when_s_equals_d),
    cmocka_unit_test(test_bayes_refuses_beyond_cap),
    cmocka_unit_test(test_pto_preprocess_matches_independent_computation),
  };
  return cmocka_run_group_tests_name("estimators", tests, NULL, NULL);
}
