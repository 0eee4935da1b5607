@* Estimators.
@^estimators@>
This chapter implements the estimators with which the book compares transformers: ordinary least
squares, ridge regression, gradient descent, the Lasso, least squares on the true support (the
{\it oracle}), the Bayes posterior mean under a Gaussian prior, and preprocess-then-optimize. Each
is derived first, then coded, then the test that checks it is named.

All of them depend on the data only through the empirical moments
$$\Sh={1\over n}X\tp  X\in\Reals^{d\times d},\qquad \rh={1\over n}X\tp  y\in\Reals^d,$$
because the least-squares loss is
$$L(w)={1\over2n}\norm{y-Xw}^2={1\over2}w\tp \Sh w-\rh\tp  w+{1\over2n}\norm y^2 .$$
So a prompt is reduced once, at cost $O(nd^2)$, to a |moments| structure, and every estimator
works on $d\times d$ quantities.

@(generated/estimators.h@>=
#ifndef MHICL_ESTIMATORS_H
#define MHICL_ESTIMATORS_H
#include <stddef.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_eigen.h>
@<Estimator types@>@;
@<Estimator declarations@>@;
#endif

@ @(generated/estimators.c@>=
#include <float.h>
#include <math.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include "support.h"
#include "estimators.h"
@<Estimator functions@>@;

@*1 Moments and eigensystems.
The structure keeps $\Sh$, $\rh$ and $n$, and, computed on demand, the eigen-decomposition
$\Sh=V\Lambda V\tp $. It also carries the scratch space its estimators need, so that nothing is
allocated per task; one |moments| belongs to one thread.

@<Estimator types@>=
typedef struct {
  size_t d;
  gsl_matrix *V;  /* eigenvectors, columns */
  gsl_vector *lambda;  /* eigenvalues */
  gsl_matrix *copy;  /* |gsl_eigen_symmv| destroys its input */
  gsl_vector *work;
  gsl_eigen_symmv_workspace *ws;
} eigensystem;

typedef struct {
  size_t d, n;
  gsl_matrix *Sigma_hat;  /* $\Sh=X\tp  X/n$ */
  gsl_vector *r_hat;  /* $\rh=X\tp  y/n$ */
  eigensystem *eig;  /* of $\Sh$, valid when |have_eigen| */
  int have_eigen;
  gsl_matrix *A;  /* scratch $d\times d$: the PtO quadratic */
  gsl_vector *g, *w, *work;  /* scratch vectors */
} moments;

@ @<Estimator declarations@>=
eigensystem *eigensystem_alloc(size_t d);
void eigensystem_free(eigensystem *e);
void eigensystem_compute(eigensystem *e, const gsl_matrix *A);
moments *moments_alloc(size_t d);
void moments_free(moments *m);
void moments_compute(moments *m, const gsl_matrix *X, const gsl_vector *y, size_t n);
void moments_eigen(moments *m);

@ @<Estimator functions@>=
eigensystem *eigensystem_alloc(size_t d)
{
  eigensystem *e = xmalloc(sizeof *e);
  e->d = d;
  e->V = gsl_matrix_alloc(d, d);
  e->lambda = gsl_vector_alloc(d);
  e->copy = gsl_matrix_alloc(d, d);
  e->work = gsl_vector_alloc(d);
  e->ws = gsl_eigen_symmv_alloc(d);
  return e;
}

void eigensystem_free(eigensystem *e)
{
  if (e == NULL) return;
  gsl_matrix_free(e->V); gsl_vector_free(e->lambda); gsl_matrix_free(e->copy);
  gsl_vector_free(e->work); gsl_eigen_symmv_free(e->ws); free(e);
}

void eigensystem_compute(eigensystem *e, const gsl_matrix *A)
{
  gsl_matrix_memcpy(e->copy, A);
  gsl_eigen_symmv(e->copy, e->lambda, e->V, e->ws);
}

@ The moments of the first $n$ rows: one symmetric rank-$n$ update ($\.{dsyrk}$) and one
matrix--vector product. |dsyrk| fills only the lower triangle; we mirror it.

@<Estimator functions@>=
moments *moments_alloc(size_t d)
{
  moments *m = xmalloc(sizeof *m);
  m->d = d; m->n = 0;
  m->Sigma_hat = gsl_matrix_alloc(d, d);
  m->r_hat = gsl_vector_alloc(d);
  m->eig = eigensystem_alloc(d);
  m->have_eigen = 0;
  m->A = gsl_matrix_alloc(d, d);
  m->g = gsl_vector_alloc(d); m->w = gsl_vector_alloc(d); m->work = gsl_vector_alloc(d);
  return m;
}

void moments_free(moments *m)
{
  if (m == NULL) return;
  gsl_matrix_free(m->Sigma_hat); gsl_vector_free(m->r_hat); eigensystem_free(m->eig);
  gsl_matrix_free(m->A); gsl_vector_free(m->g); gsl_vector_free(m->w);
  gsl_vector_free(m->work); free(m);
}

void moments_compute(moments *m, const gsl_matrix *X, const gsl_vector *y, size_t n)
{
  size_t d = m->d;
  m->n = n; m->have_eigen = 0;
  if (n == 0) {
    gsl_matrix_set_zero(m->Sigma_hat); gsl_vector_set_zero(m->r_hat); return;
  }
  gsl_matrix_const_view Xn = gsl_matrix_const_submatrix(X, 0, 0, n, d);
  gsl_vector_const_view yn = gsl_vector_const_subvector(y, 0, n);
  double inv_n = 1.0 / (double) n;
  gsl_blas_dsyrk(CblasLower, CblasTrans, inv_n, &Xn.matrix, 0.0, m->Sigma_hat);
  for (size_t i = 0; i < d; i++)
    for (size_t j = i + 1; j < d; j++)
      gsl_matrix_set(m->Sigma_hat, i, j, gsl_matrix_get(m->Sigma_hat, j, i));
  gsl_blas_dgemv(CblasTrans, inv_n, &Xn.matrix, &yn.vector, 0.0, m->r_hat);
}

void moments_eigen(moments *m)
{
  if (m->have_eigen) return;
  eigensystem_compute(m->eig, m->Sigma_hat);
  m->have_eigen = 1;
}

@*1 Spectral filters.
@^least squares@>
@^ridge regression@>
@^gradient descent, estimator@>
Least squares, ridge, and the closed form of gradient descent.
@^spectral filter@>
Three of our estimators are {\it spectral filters} of the same matrix: with $\Sh=V\Lambda V\tp $,
$$\bh=V\,f(\Lambda)\,V\tp \rh$$
for a scalar function $f$ applied to each eigenvalue.

\item{$\bullet$} {\it Least squares.} $\Sh w=\rh$ are the normal equations. When $n<d$ (or $X$
is rank deficient) they have many solutions; the one of least norm is $\Sh^+\rh$, the filter
$f(\lambda)=1/\lambda$ for $\lambda>\tau$ and $0$ otherwise. The threshold
$\tau=d\,\epsilon_{\rm mach}\lambda_{\max}$ separates true zeros of the spectrum from rounding.

\item{$\bullet$} {\it Ridge.} The minimizer of $L(w)+{\mu\over2}\norm w^2$ solves
$(\Sh+\mu I)w=\rh$, the filter $f(\lambda)=1/(\lambda+\mu)$. (The penalty parameter is $\mu$ in
the prose, |lambda| in the code and the command line, as in every ridge library.)

\item{$\bullet$} {\it Gradient descent.} $t$ steps of size $\eta$ from $w_0=0$ on $L$,
$w_{k+1}=w_k+\eta(\rh-\Sh w_k)$. Unrolling, $w_t=\eta\sum_{k<t}(I-\eta\Sh)^k\rh$, and
summing the geometric series in each eigen-direction,
$$w_t=\bigl[I-(I-\eta\Sh)^t\bigr]\Sh^{-1}\rh,\qquad
f(\lambda)={1-(1-\eta\lambda)^t\over\lambda},$$
with $f(0)=\eta t$ (the series is well defined for singular $\Sh$). Early stopping is therefore a
spectral filter that keeps directions with $\eta t\lambda\gg1$ and damps the others, much as ridge
with $\mu\approx1/(\eta t)$ does. For $\vert\eta\lambda\vert<1/2$ we evaluate $1-(1-\eta\lambda)^t$ as
$-{\rm expm1}(t\,{\rm log1p}(-\eta\lambda))$, which has no cancellation when $\eta\lambda$ is tiny.

@<Estimator types@>=
typedef double (*spectral_fn)(double lambda, const double *param);

@ @<Estimator declarations@>=
void eigensystem_filter(const eigensystem *e, spectral_fn f, const double *param,
  const gsl_vector *b, gsl_vector *out);
double filter_pinv(double lambda, const double *param);
double filter_ridge(double lambda, const double *param);
double filter_gd(double lambda, const double *param);
void est_ols(moments *m, gsl_vector *beta_hat);
void est_ridge(moments *m, double lambda, gsl_vector *beta_hat);
void est_gd_closed_form(moments *m, double eta, unsigned t, gsl_vector *beta_hat);

@ @<Estimator functions@>=
void eigensystem_filter(const eigensystem *e, spectral_fn f, const double *param,
  const gsl_vector *b, gsl_vector *out)
{
  gsl_blas_dgemv(CblasTrans, 1.0, e->V, b, 0.0, e->work);  /* $V\tp  b$ */
  for (size_t i = 0; i < e->d; i++)
    gsl_vector_set(e->work, i, f(gsl_vector_get(e->lambda, i), param)
      * gsl_vector_get(e->work, i));
  gsl_blas_dgemv(CblasNoTrans, 1.0, e->V, e->work, 0.0, out);
}

double filter_pinv(double lambda, const double *param)
{
  return lambda > param[0] ? 1.0 / lambda : 0.0;  /* |param[0]| is the threshold $\tau$ */
}

double filter_ridge(double lambda, const double *param)
{
  return 1.0 / (lambda + param[0]);
}

double filter_gd(double lambda, const double *param)
{
  double eta = param[0], t = param[1], x = eta * lambda;
  if (x == 0.0) return eta * t;
  if (fabs(x) < 0.5) return -expm1(t * log1p(-x)) / lambda;
  return (1.0 - pow(1.0 - x, t)) / lambda;
}

@ @<Estimator functions@>=
static double pinv_threshold(const eigensystem *e)
{
  double lmax = 0.0;
  for (size_t i = 0; i < e->d; i++) lmax = fmax(lmax, fabs(gsl_vector_get(e->lambda, i)));
  return (double) e->d * DBL_EPSILON * lmax;
}

void est_ols(moments *m, gsl_vector *beta_hat)
{
  moments_eigen(m);
  double tau = pinv_threshold(m->eig);
  eigensystem_filter(m->eig, filter_pinv, &tau, m->r_hat, beta_hat);
}

void est_ridge(moments *m, double lambda, gsl_vector *beta_hat)
{
  moments_eigen(m);
  eigensystem_filter(m->eig, filter_ridge, &lambda, m->r_hat, beta_hat);
}

void est_gd_closed_form(moments *m, double eta, unsigned t, gsl_vector *beta_hat)
{
  double param[2] = { eta, (double) t };
  moments_eigen(m);
  eigensystem_filter(m->eig, filter_gd, param, m->r_hat, beta_hat);
}

@ Gradient descent itself, the algorithm a transformer layer will run, is the iteration, not its
closed form. We write it for a general quadratic ${1\over2}w\tp  Aw-g\tp  w$ because
preprocess-then-optimize runs the same iteration on a different quadratic. |quad_gd_path| records
the iterate after each of the step counts in the increasing array |ts|, which is how tuning over $t$
costs no more than running to the largest $t$ once.

@<Estimator declarations@>=
void quad_gd_path(const gsl_matrix *A, const gsl_vector *g, double eta,
  const unsigned *ts, size_t nts, gsl_matrix *W, gsl_vector *w, gsl_vector *work);
void est_gd(moments *m, double eta, unsigned t, gsl_vector *beta_hat);

@ @<Estimator functions@>=
void quad_gd_path(const gsl_matrix *A, const gsl_vector *g, double eta,
  const unsigned *ts, size_t nts, gsl_matrix *W, gsl_vector *w, gsl_vector *work)
{
  unsigned done = 0;
  gsl_vector_set_zero(w);
  for (size_t a = 0; a < nts; a++) {
    for (; done < ts[a]; done++) {  /* $w\gets w+\eta(g-Aw)$ */
      gsl_vector_memcpy(work, g);
      gsl_blas_dsymv(CblasLower, -1.0, A, w, 1.0, work);
      gsl_blas_daxpy(eta, work, w);
    }
    gsl_vector_view row = gsl_matrix_row(W, a);
    gsl_vector_memcpy(&row.vector, w);
  }
}

void est_gd(moments *m, double eta, unsigned t, gsl_vector *beta_hat)
{
  gsl_matrix_view W = gsl_matrix_view_vector(beta_hat, 1, m->d);
  quad_gd_path(m->Sigma_hat, m->r_hat, eta, &t, 1, &W.matrix, m->w, m->work);
}

@ Tests. |test_gd_iterates_equal_closed_form| runs |est_gd| and |est_gd_closed_form| on random
prompts with $n>d$ and $n<d$ and several $(\eta,t)$ and asserts agreement to $10^{-12}$ relative
(rounding in $t\le100$ steps of a contraction stays within a few hundred $\epsilon_{\rm mach}$).
|test_ridge_solves_normal_equations| asserts $\norm{(\Sh+\mu I)\bh-\rh}\le10^{-12}\norm\rh$.
|test_ols_min_norm| checks that for $n<d$ least squares interpolates ($X\bh=y$) and that $\bh$ is
orthogonal to the null space of $X$, and that for $n>d$ it solves the normal equations.

@*1 The Lasso.
@^estimators, Lasso@>
@^Lasso@>
The Lasso minimizes
$$F(w)={1\over2n}\norm{y-Xw}^2+\lambda\norm w_1={1\over2}w\tp \Sh w-\rh\tp  w+\lambda\norm w_1+{\rm
const},$$
the objective of scikit-learn's |Lasso| without intercept. $F$ is convex, and $w$ minimizes it if
and only if $0$ is in its subdifferential: with the {\it correlation} $c=\rh-\Sh w$,
$$c_j=\lambda\,\sign w_j\ \ (w_j\ne0),\qquad \vert c_j\vert\le\lambda\ \ (w_j=0).
\eqno{\rm(KKT)}$$
The largest violation of these conditions is our measure of how far $w$ is from optimal.

{\it Coordinate descent.} Minimizing $F$ over $w_j$ alone, the others fixed, is a
one-dimensional problem ${1\over2}\Sh_{jj}w_j^2-\rho_jw_j+\lambda\vert w_j\vert$ with
$\rho_j=c_j+\Sh_{jj}w_j$, whose solution is the soft threshold
$$w_j={S(\rho_j,\lambda)\over\Sh_{jj}},\qquad S(\rho,\lambda)=\sign\rho\,\max(\vert\rho\vert-\lambda,0).$$
Cycling over $j$ converges to the minimizer (Tseng 2001). We keep $c$ up to date: changing $w_j$ by
$\delta$ changes $c$ by $-\delta\,\Sh_{\cdot j}$, so a sweep costs $O(d^2)$. After each sweep
whose largest step is below the tolerance we recompute $c=\rh-\Sh w$ from scratch (removing drift)
and stop when the KKT violation is at most |tol|. A coordinate with $\Sh_{jj}=0$ (a column of
zeros) stays at zero, which satisfies KKT because its $c_j=0$.

If $\lambda\ge\norm\rh_\infty$ then $w=0$ satisfies KKT, so the path of solutions starts at
$\lambda_{\max}=\norm\rh_\infty$. Solving for a decreasing sequence of $\lambda$, each from the
previous solution ({\it warm start}), costs little more than one solve.

@<Estimator declarations@>=
double lasso_kkt_violation(const gsl_matrix *Sigma_hat, const gsl_vector *r_hat, double lambda,
  const gsl_vector *w, gsl_vector *c);
int lasso_cd(const gsl_matrix *Sigma_hat, const gsl_vector *r_hat, double lambda,
  gsl_vector *w, gsl_vector *c, double tol, unsigned max_sweeps);
size_t lasso_path(const gsl_matrix *Sigma_hat, const gsl_vector *r_hat, const double *lambdas,
  size_t nl, gsl_matrix *W, gsl_vector *w, gsl_vector *c);
@<Lasso constants@>@;

@ The tolerance is absolute, on the scale of $\rh$ (of order $\norm\beta$ here); $10^{-11}$ is
far below any statistical error and leaves room under the $10^{-9}$ that the test demands.

@<Lasso constants@>=
#define LASSO_TOL 1e-11
#define LASSO_MAX_SWEEPS 20000

@ @<Estimator functions@>=
static double soft_threshold(double rho, double lambda)
{
  if (rho > lambda) return rho - lambda;
  if (rho < -lambda) return rho + lambda;
  return 0.0;
}

double lasso_kkt_violation(const gsl_matrix *Sigma_hat, const gsl_vector *r_hat, double lambda,
  const gsl_vector *w, gsl_vector *c)
{
  gsl_vector_memcpy(c, r_hat);
  gsl_blas_dsymv(CblasLower, -1.0, Sigma_hat, w, 1.0, c);  /* $c=\rh-\Sh w$ */
  double worst = 0.0;
  for (size_t j = 0; j < w->size; j++) {
    double wj = gsl_vector_get(w, j), cj = gsl_vector_get(c, j);
    double v = (wj != 0.0) ? fabs(cj - (wj > 0 ? lambda : -lambda)) : fmax(fabs(cj) - lambda, 0.0);
    worst = fmax(worst, v);
  }
  return worst;
}

@ |lasso_cd| returns the number of sweeps, or $-1$ if |max_sweeps| were not enough.

{\it Performance.} The inner loop runs on the raw arrays of the GSL objects (the vectors must
have unit stride, which all of ours have; $\Sh$ is symmetric, so its row $j$ is its column $j$ and
is contiguous). Calling |gsl_blas_daxpy| on vectors of length 20 cost about 40\% of the time in
call overhead. And coordinate descent converges only linearly, while the Lasso solution is the
solution of a linear system once its support and signs are known: on the active set $A$ with
signs $\zeta$, $\Sh_{AA}w_A=\rh_A-\lambda\zeta$. So when the support and the signs have not changed
for two sweeps we solve that system (Cholesky) and accept its solution if it keeps the signs and
meets the KKT conditions to the tolerance; otherwise coordinate descent simply goes on. The
answer is the same minimizer; the test |test_lasso_meets_kkt| checks every solution either way.

@<Estimator functions@>=
static int lasso_active_set_finish(const gsl_matrix *S, const gsl_vector *r, double lambda,
  gsl_vector *w, gsl_vector *c, const signed char *sig, double tol);

int lasso_cd(const gsl_matrix *Sigma_hat, const gsl_vector *r_hat, double lambda,
  gsl_vector *w, gsl_vector *c, double tol, unsigned max_sweeps)
{
  size_t d = w->size, tda = Sigma_hat->tda;
  if (w->stride != 1 || c->stride != 1) mhicl_fatal("lasso_cd needs unit-stride vectors");
  double *wd = w->data, *cd = c->data;
  const double *S = Sigma_hat->data;
  signed char sig[4096], prev[4096];
  int stable = 0, tried = 0;
  if (d > 4096) mhicl_fatal("lasso_cd: dimension %zu exceeds 4096", d);
  memset(prev, 2, d);
  lasso_kkt_violation(Sigma_hat, r_hat, lambda, w, c);
  for (unsigned sweep = 1; sweep <= max_sweeps; sweep++) {
    double biggest = 0.0;
    for (size_t j = 0; j < d; j++) {
      const double *Sj = S + j * tda;
      double Sjj = Sj[j];
      if (Sjj <= 0.0) continue;
      double wj = wd[j];
      double wnew = soft_threshold(cd[j] + Sjj * wj, lambda) / Sjj;
      double delta = wnew - wj;
      if (delta == 0.0) continue;
      wd[j] = wnew;
      for (size_t i = 0; i < d; i++) cd[i] -= delta * Sj[i];
      double step = (delta > 0 ? delta : -delta) * Sjj;
      if (step > biggest) biggest = step;
    }
    if (biggest <= tol && lasso_kkt_violation(Sigma_hat, r_hat, lambda, w, c) <= tol)
      return (int) sweep;
    for (size_t j = 0; j < d; j++) sig[j] = (signed char) ((wd[j] > 0) - (wd[j] < 0));
    if (memcmp(sig, prev, d) == 0) stable++; else { stable = 0; tried = 0; memcpy(prev, sig, d); }
    if (stable >= 2 && !tried) {
      tried = 1;
      if (lasso_active_set_finish(Sigma_hat, r_hat, lambda, w, c, sig, tol) == 0) return (int) sweep;
    }
  }
  return -1;
}

@ The exact finish. On success |w| holds the solution and |c| its correlation; on failure
neither is changed.

@<Estimator functions@>=
static int lasso_active_set_finish(const gsl_matrix *S, const gsl_vector *r, double lambda,
  gsl_vector *w, gsl_vector *c, const signed char *sig, double tol)
{
  size_t d = w->size, k = 0, idx[4096];
  for (size_t j = 0; j < d; j++) if (sig[j]) idx[k++] = j;
  if (k == 0) return -1;
  gsl_matrix *A = gsl_matrix_alloc(k, k);
  gsl_vector *b = gsl_vector_alloc(k), *x = gsl_vector_alloc(k), *trial = gsl_vector_alloc(d);
  for (size_t a = 0; a < k; a++) {
    gsl_vector_set(b, a, gsl_vector_get(r, idx[a]) - lambda * sig[idx[a]]);
    for (size_t e = 0; e < k; e++) gsl_matrix_set(A, a, e, gsl_matrix_get(S, idx[a], idx[e]));
  }
  int status = -1;
  mhicl_gsl_expect_errors(1);
  if (gsl_linalg_cholesky_decomp1(A) == GSL_SUCCESS && gsl_linalg_cholesky_solve(A, b, x) == GSL_SUCCESS) {
    gsl_vector_set_zero(trial);
    int signs_kept = 1;
    for (size_t a = 0; a < k; a++) {
      double v = gsl_vector_get(x, a);
      if ((v > 0) - (v < 0) != sig[idx[a]]) signs_kept = 0;
      gsl_vector_set(trial, idx[a], v);
    }
    gsl_vector *ct = gsl_vector_alloc(d);
    if (signs_kept && lasso_kkt_violation(S, r, lambda, trial, ct) <= tol) {
      gsl_vector_memcpy(w, trial);
      gsl_vector_memcpy(c, ct);
      status = 0;
    }
    gsl_vector_free(ct);
  }
  mhicl_gsl_expect_errors(0);
  gsl_matrix_free(A); gsl_vector_free(b); gsl_vector_free(x); gsl_vector_free(trial);
  return status;
}

@ The path: |lambdas| must be decreasing; row $a$ of |W| receives the solution for |lambdas[a]|.
On a nearly singular $\Sh$ (prompt length close to $d$) and a tiny $\lambda$ coordinate descent
converges slowly; a solve that reaches the sweep limit keeps its last iterate (an approximate
solution, still far better than any statistical error) and is counted. |lasso_path| returns that
count, and the experiment reports it rather than stop a long run.

@<Estimator functions@>=
size_t lasso_path(const gsl_matrix *Sigma_hat, const gsl_vector *r_hat, const double *lambdas,
  size_t nl, gsl_matrix *W, gsl_vector *w, gsl_vector *c)
{
  size_t unconverged = 0;
  gsl_vector_set_zero(w);
  for (size_t a = 0; a < nl; a++) {
    if (lasso_cd(Sigma_hat, r_hat, lambdas[a], w, c, LASSO_TOL, LASSO_MAX_SWEEPS) < 0)
      unconverged++;
    gsl_vector_view row = gsl_matrix_row(W, a);
    gsl_vector_memcpy(&row.vector, w);
  }
  return unconverged;
}

@ Tests. |test_lasso_meets_kkt| solves random problems (with $n>d$ and $n<d$, along a
warm-started path) and asserts a KKT violation of at most $10^{-9}$.
|test_lasso_orthogonal_design_soft_threshold| builds a design with $\Sh=I$ exactly (orthonormal
columns scaled by $\sqrt n$), where the Lasso is the soft threshold $S(\rh_j,\lambda)$
coordinatewise, and asserts agreement to $10^{-12}$.

@*1 The oracle and the Bayes posterior mean.
@^oracle, support@>
@^Bayes posterior mean@>
The {\it oracle} knows the support $S$ and fits least squares on it:
$\bh_S=(\Sh_{SS})^+\rh_S$, $\bh_{S^c}=0$. With $n\ge s$ it is unbiased with risk
$\sigma^2 s/(n-s-1)$ (the least-squares formula of the risk chapter with $d=s$), the best any
estimator can do without knowing $\beta_S$ up to constants.

Under the prior $\beta\sim N(0,\tau^2I)$ and Gaussian noise the posterior of $\beta$ is Gaussian
with mean
$$\Ex[\beta\mid X,y]=(X\tp  X+(\sigma^2/\tau^2)I)^{-1}X\tp  y=(\Sh+\mu_B I)^{-1}\rh,\qquad
\mu_B={\sigma^2\over n\tau^2},$$
ridge with a particular penalty, and among all estimators it minimizes the risk averaged over the
prior. For the dense prior $\tau^2=b^2/d$. It knows $\sigma$ and $b$, which the other
estimators do not.

@<Estimator declarations@>=
void est_oracle(moments *m, const size_t *support, size_t s, gsl_vector *beta_hat);
double bayes_ridge_lambda(double sigma, double tau2, size_t n);

@ The oracle solves an $s\times s$ problem; it allocates its own eigensystem of that size
(once per task: it has no hyper-parameter to tune, so this is not in an inner loop).

@<Estimator functions@>=
void est_oracle(moments *m, const size_t *support, size_t s, gsl_vector *beta_hat)
{
  gsl_vector_set_zero(beta_hat);
  if (s == 0) return;
  gsl_matrix *S = gsl_matrix_alloc(s, s);
  gsl_vector *r = gsl_vector_alloc(s), *w = gsl_vector_alloc(s);
  for (size_t a = 0; a < s; a++) {
    gsl_vector_set(r, a, gsl_vector_get(m->r_hat, support[a]));
    for (size_t b = 0; b < s; b++)
      gsl_matrix_set(S, a, b, gsl_matrix_get(m->Sigma_hat, support[a], support[b]));
  }
  eigensystem *e = eigensystem_alloc(s);
  eigensystem_compute(e, S);
  double tau = pinv_threshold(e);
  eigensystem_filter(e, filter_pinv, &tau, r, w);
  for (size_t a = 0; a < s; a++) gsl_vector_set(beta_hat, support[a], gsl_vector_get(w, a));
  eigensystem_free(e);
  gsl_matrix_free(S); gsl_vector_free(r); gsl_vector_free(w);
}

double bayes_ridge_lambda(double sigma, double tau2, size_t n)
{
  return sigma * sigma / ((double) n * tau2);
}

@*1 Preprocess-then-optimize.
@^estimators, preprocess-then-optimize@>
@^preprocess-then-optimize@>
@^PtO@>
Chen, Zhao and Zou describe the trained transformer as doing two things: its first layer
{\it preprocesses} the context, reweighting the features, and its later layers {\it optimize}, each
a gradient step on the reweighted data. The paper's exact statement was not available to us; the
algorithm below is our reconstruction, chosen because it fits every claim the paper is known to
make and because a linear-attention layer can compute it (the constructions chapter will show how).

{\it Preprocess.} Compute $\rh=X\tp  y/n$, an unbiased estimate of $\Sigma\beta$ ($=\beta$ for
isotropic $x$), and reweight every input, context and query alike, by
$\Phi=\diag(\phi(\rh))$: $\tilde x=\Phi x$. The default is $\phi(r)=r$; the variants are
$\vert r\vert$, $r^2$, and the {\it residual form} $1+c\,r$ (a layer that adds to its input rather
than replacing it).

{\it Optimize.} Run $t$ steps of gradient descent with step $\eta$ from $w_0=0$ on
$\tilde L(w)={1\over2n}\sum_i(y_i-w\tp \tilde x_i)^2$, and predict $\hat y=w_t\tp \tilde x_q$. In
moment form $\tilde L$ is the quadratic with $A=\Phi\Sh\Phi$ and $g=\Phi\rh$, so by the closed form
of gradient descent
$$\bh_{\rm PtO}=\Phi w_t,\qquad w_t=\bigl[I-(I-\eta A)^t\bigr]A^{+}\Phi\rh .$$
Why this helps on sparse problems: when $\Sh\approx I$ and $\phi(r)=r$, coordinate $j$ of
$\bh_{\rm PtO}$ is about $r_j\bigl[1-(1-\eta r_j^2)^t\bigr]$. A coordinate with large $\vert r_j\vert$
(on the support) is fitted in a few steps; one with $r_j^2$ of the order of the noise level $v$
(off the support) moves by only about $\eta t r_j^3$. Early stopping becomes a smooth
threshold on $\vert r_j\vert$, as in the Lasso, which rotation-invariant methods like ridge and
gradient descent cannot do. The step must keep $\eta\lambda_{\max}(A)<2$, and as $t\to\infty$ (for
invertible $\Sh$ and nonzero $\rh_j$) $\bh_{\rm PtO}$ tends to least squares: the gain is at finite
$t$.

{\it The step size.} With a fixed $\eta$ the iteration diverges on a prompt where
$\eta\lambda_{\max}(A)>2$, and $\lambda_{\max}(A)$ is about $\max_j\rh_j^2$, which under a Gaussian
prior on the nonzeros is unbounded: a step that is safe on a thousand tuning prompts blows up
(to $10^{160}$ after $10^3$ steps, in one of our runs) on one prompt in ten thousand. We therefore
offer the classical remedy as a switch, the {\it relative step} $\eta/\lambda_{\max}(A)$ with
$0<\eta<2$, which is stable on every prompt; the risk experiments use it. The fixed step remains
the form a transformer with fixed weights computes, and the constructions use it.

@<Estimator types@>=
typedef enum { PTO_R, PTO_ABS, PTO_SQ, PTO_RESIDUAL } pto_variant;
typedef struct {
  pto_variant variant;  /* $\phi$ */
  double c;  /* of the residual form */
  int relative_step;  /* nonzero: the step is $\eta/\lambda_{\max}(A)$ */
} pto_preprocessing;

@ @<Estimator declarations@>=
void pto_preprocess(moments *m, const pto_preprocessing *pre, gsl_vector *phi);
double pto_step_scale(const eigensystem *eA);
void pto_path(moments *m, const pto_preprocessing *pre, double eta, const unsigned *ts, size_t nts,
  gsl_matrix *B);
void est_pto(moments *m, const pto_preprocessing *pre, double eta, unsigned t,
  gsl_vector *beta_hat);
void est_pto_closed_form(moments *m, const pto_preprocessing *pre, double eta, unsigned t,
  gsl_vector *beta_hat);

@ |pto_preprocess| computes $\phi(\rh)$ and leaves $A=\Phi\Sh\Phi$ in |m->A| and $g=\Phi\rh$ in
|m->g|.

@<Estimator functions@>=
void pto_preprocess(moments *m, const pto_preprocessing *pre, gsl_vector *phi)
{
  size_t d = m->d;
  for (size_t j = 0; j < d; j++) {
    double r = gsl_vector_get(m->r_hat, j), p = r;
    switch (pre->variant) {
    case PTO_R: p = r; break;
    case PTO_ABS: p = fabs(r); break;
    case PTO_SQ: p = r * r; break;
    case PTO_RESIDUAL: p = 1.0 + pre->c * r; break;
    }
    gsl_vector_set(phi, j, p);
  }
  for (size_t i = 0; i < d; i++) {
    double pi = gsl_vector_get(phi, i);
    gsl_vector_set(m->g, i, pi * gsl_vector_get(m->r_hat, i));
    for (size_t j = 0; j < d; j++)
      gsl_matrix_set(m->A, i, j, pi * gsl_matrix_get(m->Sigma_hat, i, j) * gsl_vector_get(phi, j));
  }
}

@ The scale of the relative step: $1/\lambda_{\max}(A)$, or 1 if $A=0$ (then every step is
zero anyway).

@<Estimator functions@>=
double pto_step_scale(const eigensystem *eA)
{
  double lmax = gsl_vector_max(eA->lambda);
  return lmax > 0.0 ? 1.0 / lmax : 1.0;
}

@ The path version returns $\bh_{\rm PtO}$ for each step count in |ts| as the rows of |B|; it is
gradient descent's |quad_gd_path| on the reweighted quadratic, then a rescaling by $\Phi$.

@<Estimator functions@>=
void pto_path(moments *m, const pto_preprocessing *pre, double eta, const unsigned *ts, size_t nts,
  gsl_matrix *B)
{
  gsl_vector *phi = gsl_vector_alloc(m->d);
  pto_preprocess(m, pre, phi);
  if (pre->relative_step) {
    eigensystem *e = eigensystem_alloc(m->d);
    eigensystem_compute(e, m->A);
    eta *= pto_step_scale(e);
    eigensystem_free(e);
  }
  quad_gd_path(m->A, m->g, eta, ts, nts, B, m->w, m->work);
  for (size_t a = 0; a < nts; a++) {
    gsl_vector_view row = gsl_matrix_row(B, a);
    gsl_vector_mul(&row.vector, phi);
  }
  gsl_vector_free(phi);
}

void est_pto(moments *m, const pto_preprocessing *pre, double eta, unsigned t,
  gsl_vector *beta_hat)
{
  gsl_matrix_view B = gsl_matrix_view_vector(beta_hat, 1, m->d);
  pto_path(m, pre, eta, &t, 1, &B.matrix);
}

@ The closed form, used only to check the iteration: an eigensystem of $A$, the gradient-descent
filter applied to $g$, and the rescaling.

@<Estimator functions@>=
void est_pto_closed_form(moments *m, const pto_preprocessing *pre, double eta, unsigned t,
  gsl_vector *beta_hat)
{
  gsl_vector *phi = gsl_vector_alloc(m->d);
  pto_preprocess(m, pre, phi);
  eigensystem *e = eigensystem_alloc(m->d);
  eigensystem_compute(e, m->A);
  if (pre->relative_step) eta *= pto_step_scale(e);
  double param[2] = { eta, (double) t };
  eigensystem_filter(e, filter_gd, param, m->g, beta_hat);
  gsl_vector_mul(beta_hat, phi);
  eigensystem_free(e);
  gsl_vector_free(phi);
}

@ Test. |test_pto_iterate_equals_closed_form| compares |est_pto| with |est_pto_closed_form| for
every variant on random prompts, to $10^{-12}$ relative, and checks with
|test_pto_is_gd_on_reweighted_data| that the iteration equals plain gradient descent run on the
explicitly reweighted prompt $(\Phi x_i,y_i)$, followed by the rescaling $\Phi$.

@*1 Further reading. R. Tibshirani, ``Regression shrinkage and selection via the lasso'' (1996);
J. Friedman, T. Hastie and R. Tibshirani, ``Regularization paths for generalized linear models via
coordinate descent'' (2010), for the warm-started path; P. Tseng (2001) for convergence of
cyclic coordinate descent. On early stopping as spectral filtering: L. Lo Gerfo, L. Rosasco et al.,
``Spectral algorithms for supervised learning'' (2008). Chen, Zhao and Zou (2024) for
preprocess-then-optimize.
