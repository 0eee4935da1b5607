@* Risk.
@^excess risk@>
This chapter measures estimators. It states the exact risk formulas that the tests check, then
builds the experiment behind \.{mhicl risk}: tune every method's hyper-parameters on one set of
tasks, measure its excess risk on another, for each prompt length $n$, and write one CSV row per
measurement.

@(generated/risk.h@>=
#ifndef MHICL_RISK_H
#define MHICL_RISK_H
#include <stdint.h>
#include <stdio.h>
#include "tasks.h"
#include "estimators.h"
@<Risk types@>@;
@<Risk declarations@>@;
#endif

@ @(generated/risk.c@>=
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "support.h"
#include "risk.h"
@<Risk functions@>@;

@*1 Excess risk of a linear predictor.
A predictor $\hat y=\bh\tp  x_q$ on a fresh query $x_q\sim N(0,\Sigma)$, $y_q=\beta\tp 
x_q+\sigma\varepsilon_q$, has prediction risk
$\Ex(\hat y-y_q)^2=(\bh-\beta)\tp \Sigma(\bh-\beta)+\sigma^2$. The noise term is the same for every
estimator; the rest is the {\it excess risk}
$$R(\bh)=\norm{\bh-\beta}_\Sigma^2,$$
exact given $\bh$ and $\beta$, so a Monte-Carlo estimate of its mean averages only over tasks,
never over queries. |test_excess_risk_uses_sigma| checks it against an independent computation
of the quadratic form with the AR(1) covariance $\Sigma_{ij}=0.5^{\vert i-j\vert}$ (and that the
two norms differ there, so that the check can tell them apart).

@<Risk declarations@>=
double excess_risk(const gsl_vector *beta_hat, const gsl_vector *beta, const gsl_matrix *Sigma);

@ @<Risk functions@>=
double excess_risk(const gsl_vector *beta_hat, const gsl_vector *beta, const gsl_matrix *Sigma)
{
  size_t d = beta->size;
  double q = 0.0;
  for (size_t i = 0; i < d; i++) {
    double ei = gsl_vector_get(beta_hat, i) - gsl_vector_get(beta, i);
    if (Sigma == NULL) { q += ei * ei; continue; }
    double row = 0.0;
    for (size_t j = 0; j < d; j++)
      row += gsl_matrix_get(Sigma, i, j) * (gsl_vector_get(beta_hat, j) - gsl_vector_get(beta, j));
    q += ei * row;
  }
  return q;
}

@ Monte-Carlo summaries: the mean of $N$ independent draws and its standard error
$\hat s/\sqrt N$, where $\hat s$ is the sample standard deviation. Sums run in index order, so a
summary depends only on the values, never on which thread computed them.

@<Risk types@>=
typedef struct { double mean, se; size_t count; } mc_summary;

@ @<Risk declarations@>=
mc_summary mc_summarize(const double *x, size_t count, size_t stride);

@ @<Risk functions@>=
mc_summary mc_summarize(const double *x, size_t count, size_t stride)
{
  mc_summary out = { 0.0, 0.0, count };
  if (count == 0) return out;
  double sum = 0.0;
  for (size_t i = 0; i < count; i++) sum += x[i * stride];
  out.mean = sum / (double) count;
  if (count < 2) return out;
  double ss = 0.0;
  for (size_t i = 0; i < count; i++) {
    double e = x[i * stride] - out.mean;
    ss += e * e;
  }
  out.se = sqrt(ss / (double) (count - 1) / (double) count);
  return out;
}

@*1 What the tests check: exact risks.
@^least squares, risk of@>
Throughout this section $x\sim N(0,I_d)$. Conditionally on $X$, the noise enters $\rh$ linearly:
$$\Ex[\rh\mid X]=\Sh\beta,\qquad {\rm Cov}[\rh\mid X]={\sigma^2\over n}\Sh .$$

@^Proposition 1 (moments of $\rh$)@>
\proclaim Proposition 1 (moments of $\rh$). $\Ex\rh=\beta$, and
$\Var\rh_j=(\norm\beta^2+\beta_j^2+\sigma^2)/n$. For $j\notin S$, with
$v=(\norm\beta^2+\sigma^2)/n$, $\Ex\rh_j^2=v$ and $\Ex\rh_j^6=15v^3(1+2/n)(1+4/n)$.

{\it Proof.} $\rh_j$ is the mean of the $n$ independent terms $x_{ij}y_i$. Each has mean
$\Ex x_jx\tp \beta=\beta_j$ and second moment $\Ex x_j^2(\beta\tp  x)^2+\sigma^2=
\norm\beta^2+2\beta_j^2+\sigma^2$ (Isserlis), hence the variance. Off the support $x_{\cdot j}$ is
independent of $y$, so given $y$, $\rh_j\sim N(0,\norm y^2/n^2)$ and
$\Ex[\rh_j^6\mid y]=15\norm y^6/n^6$. Since $\norm y^2\sim(\norm\beta^2+\sigma^2)\chi^2_n$ and
$\Ex(\chi^2_n)^3=n(n+2)(n+4)$, the claim follows. \quad$\square$

Tests: |test_rhat_mean_and_variance| and |test_rhat_sixth_moment_off_support| (within four
Monte-Carlo standard errors, fixed seeds).

@^Proposition 2 (conditional risks given $X$)@>
\proclaim Proposition 2 (conditional risks given $X$). For gradient descent with step $\eta$
and $t$ steps, and for ridge with penalty $\mu$,
$$\eqalign{\Ex[R(\bh_{{\rm GD}})\mid X]&=\norm{(I-\eta\Sh)^t\beta}^2
+{\sigma^2\over n}\tr\bigl([I-(I-\eta\Sh)^t]^2\Sh^{-1}\bigr),\cr
\Ex[R(\bh_{\rm ridge})\mid X]&=\mu^2\norm{(\Sh+\mu I)^{-1}\beta}^2
+{\sigma^2\over n}\tr\bigl(\Sh(\Sh+\mu I)^{-2}\bigr).\cr}$$

{\it Proof.} Both estimators are $F\rh$ for a matrix $F=f(\Sh)$ that commutes with $\Sh$. The
bias is $(F\Sh-I)\beta$ and the noise covariance $F{\sigma^2\over n}\Sh F$; the risk is the squared
bias plus the trace of the covariance. For gradient descent $F\Sh-I=-(I-\eta\Sh)^t$, for ridge
$F\Sh-I=-\mu(\Sh+\mu I)^{-1}$. \quad$\square$

Tests: |test_gd_conditional_risk| and |test_ridge_conditional_risk| fix $X$ and $\beta$, draw the
noise many times, and compare the mean risk with the formula (four standard errors).

@^Proposition 3 (least squares)@>
\proclaim Proposition 3 (least squares). If $n>d+1$,
$\Ex R(\bh_{\rm OLS})=\sigma^2 d/(n-d-1)$, whatever $\beta$.

{\it Proof.} Ridge with $\mu=0$ in Proposition 2 gives $\Ex[R\mid X]={\sigma^2\over
n}\tr\Sh^{-1}=\sigma^2\tr(X\tp  X)^{-1}$, and the inverse of a Wishart matrix $W_d(n,I)$ has mean
$I/(n-d-1)$. \quad$\square$

Test: |test_ols_risk_exact|. Least squares is equivariant under $x\mapsto\Sigma^{-1/2}x$, so in
the $\Sigma$-norm its risk is $\sigma^2d/(n-d-1)$ for {\it every} covariance (the Euclidean risk
would be $\sigma^2\tr\Sigma^{-1}/(n-d-1)$); |test_ols_risk_exact_correlated_design| checks this
through the whole experiment of this chapter at $\rho=0.5$, which is how a run that measured the
wrong norm would be caught. With $d=s$ and the design restricted to the support, Proposition~3
is the risk $\sigma^2s/(n-s-1)$ of the oracle, checked by |test_oracle_risk_exact| at $d=20$,
$s=3$, $n=12$ (where it is $1.5$ times the naive $\sigma^2s/n$).

@ \proclaim Proposition 4 (rotation invariance and the Bayes lower bound). Let $\bh=f(\Sh)\rh$ be
@^Proposition 4 (rotation invariance, Bayes lower bound)@>
any spectral filter (least squares, ridge with any $\mu$, gradient descent with any $\eta,t$). Then
$\Ex R(\bh)=a\norm\beta^2+c$ with $a,c$ independent of $\beta$; in particular a sparse and a dense
$\beta$ of equal norm have equal risk. Moreover for every such estimator and every $\beta$ with
$\norm\beta=b$,
$$\Ex R(\bh)\ \ge\ {d\sigma^2b^2\over nb^2+d\sigma^2}\ \approx\ {d\sigma^2\over n}.$$

{\it Proof.} The law of $X$ is invariant under $X\mapsto XQ$ for orthogonal $Q$, and
$f(Q\tp \Sh Q)=Q\tp  f(\Sh)Q$, so the bias term of Proposition 2,
$\Ex\norm{(f(\Sh)\Sh-I)\beta}^2=\beta\tp  M\beta$, has $M=Q\tp  MQ$ for all $Q$: $M=aI$. The noise
term does not involve $\beta$. So the risk at any $\beta$ of norm $b$ equals the average risk
under the prior $N(0,(b^2/d)I)$, and that is at least the Bayes risk of the posterior mean,
$\sigma^2\Ex\tr(X\tp  X+(d\sigma^2/b^2)I)^{-1}$. The map $A\mapsto\tr A^{-1}$ is convex on positive
definite matrices, so by Jensen this is at least
$\sigma^2d^2/\tr(\Ex X\tp  X+(d\sigma^2/b^2)I)=\sigma^2d^2/(nd+d^2\sigma^2/b^2)$.
\quad$\square$

So no amount of tuning lets ridge or gradient descent exploit sparsity: their risk is of order
$d\sigma^2/n$ whatever $s$ is. This is the lower bound that preprocess-then-optimize escapes.

Tests: |test_rotation_invariance_sparse_dense| (ridge and gradient descent, risks at a sparse and
a dense $\beta$ of the same norm agree within four standard errors of their difference) and
|test_ridge_above_bayes_bound| (tuned ridge and tuned gradient descent are above the bound less
four standard errors, and at most 1.5 times the bound, so the bound is not vacuous). A window of
1.5 would let a wrong constant pass, so the same test also checks the bound where Jensen's
inequality is nearly an equality: at low signal-to-noise ($d=n=20$, $\sigma=2$, $b=1$) the
matrix $X\tp X+(d\sigma^2/b^2)I$ is dominated by its ridge, and the risk of the posterior mean
itself (|lmmse| under the dense prior) must lie between the bound less four standard errors and
$1.1$ times the bound. Measured: $0.832\pm0.002$ against the bound $0.800$ (ratio 1.04); the
bound with $\sigma^2$ in place of $d\sigma^2$ in the denominator would be $3.33$, and fails.

@<Risk declarations@>=
double bayes_risk_lower_bound(size_t d, size_t n, double sigma, double b);

@ @<Risk functions@>=
double bayes_risk_lower_bound(size_t d, size_t n, double sigma, double b)
{
  double s2 = sigma * sigma, b2 = b * b;
  return (double) d * s2 * b2 / ((double) n * b2 + (double) d * s2);
}

@*1 Methods and their hyper-parameters.
A {\it method} is an estimator together with a grid of hyper-parameters; a {\it candidate} is one
point of the grid. Ridge has a grid of penalties, the Lasso a decreasing grid of $\lambda$ (solved
as one warm-started path), gradient descent and preprocess-then-optimize a grid of step sizes
crossed with a grid of step counts. Least squares, the oracle, the best linear estimator
(\.{lmmse}) and the Bayes posterior mean (\.{bayes}) have a single candidate; the last two are
given the prior's $b$ and the noise level $\sigma$, which the tuned methods must find for
themselves. The penalty grids are wide enough that the tuned penalties of ridge and the Lasso are
inside them at the sizes of this book. For the iterative methods the {\it depth budget}, the
largest step count (\.{--t-max}, default |RISK_T_MAX|${}=1000$, since each step is one layer of
the transformer that runs it), is part of the method: in the default run of the risk figure gradient descent picks $\eta=0.05$ and $t\le100$ at every
$n$ (its best $\eta t$ is about 5, far inside the budget), and fixed-step PtO picks $\eta$ from
$0.02$ to $0.1$ and $t$ from 320 to 1000, products $\eta t$ from 20 at $n=30$ to 56 at $n=200$;
such products are reachable with a larger admissible step and fewer steps, and a budget of 4000
steps gives the same risks (checked at $n=40$: $0.0810$ with both), so the budget does not decide
the figure. A budget of 100 would: fixed-step PtO then has $0.123$ at $n=40$ and $0.053$ at
$n=100$, against $0.081$ and $0.0245$.
The CSV records every chosen value, so a value on the edge of its grid is easy to spot.

@<Risk types@>=
typedef enum { M_OLS, M_RIDGE, M_GD, M_LASSO, M_ORACLE, M_LMMSE, M_BAYES, M_PTO, M_COUNT }
  method_id;

typedef struct {
  double *ridge_lambdas; size_t n_ridge;
  double *lasso_lambdas; size_t n_lasso;  /* decreasing */
  double *gd_etas; size_t n_gd_eta;
  double *pto_etas; size_t n_pto_eta;  /* fixed steps, or relative ones (|pto_relative|) */
  int pto_relative;
  unsigned *ts; size_t n_t;  /* increasing step counts, shared by GD and PtO */
} risk_grids;

typedef struct { double lambda, eta; unsigned t; } hyper;
#define RISK_T_MAX 1000  /* default depth budget: at most this many gradient steps */
#define RISK_STEP_MARGIN 1.0  /* a step is kept only if $\eta\lambda_{\max}\le$ this on every screening task */
#define RISK_SCREEN_FACTOR 4  /* screening tasks: this many times the evaluation tasks */

@ @<Risk declarations@>=
extern const char *const method_names[M_COUNT];
int method_from_name(const char *name);
void risk_grids_default(risk_grids *g, unsigned t_max, int pto_relative);
void risk_grids_free(risk_grids *g);
size_t method_candidates(method_id m, const risk_grids *g);
int method_has_step(method_id m);
hyper method_hyper(method_id m, const risk_grids *g, size_t cand);

@ @<Risk functions@>=
const char *const method_names[M_COUNT] = {
  "ols", "ridge", "gd", "lasso", "oracle", "lmmse", "bayes", "pto" };

int method_from_name(const char *name)
{
  for (int m = 0; m < M_COUNT; m++)
    if (strcmp(name, method_names[m]) == 0) return m;
  return -1;
}

@ Log-spaced grids: five points per decade for the penalties; step sizes on grids that cover
the stable range of each quadratic; step counts roughly geometric from 1 to the depth budget.
For gradient descent $\eta<2/\lambda_{\max}(\Sh)\approx2/(1+\sqrt{d/n})^2$.
For preprocess-then-optimize the scale is $\lambda_{\max}(A)\approx\max_j\rh_j^2$, of the order of
the largest $\beta_j^2$, which under Gaussian nonzeros is unbounded: a step that suits a typical
prompt is unstable on a rare one. The {\it fixed} step (the default, the algorithm a transformer
with fixed weights runs) therefore has a grid of small steps, from $0.001$ to $1$, and a depth
budget to match; since for small $\eta$ the filter $1-(1-\eta r^2)^t\approx1-e^{-\eta tr^2}$
depends on $\eta t$ alone, small steps cost nothing but depth. The {\it relative} step
$\eta/\lambda_{\max}(A)$, a labelled variant, has the grid $0<\eta<2$.

@<Risk functions@>=
static double *log_grid(double hi, double lo, size_t count)
{
  double *x = xmalloc(count * sizeof(double));
  for (size_t i = 0; i < count; i++)
    x[i] = hi * pow(lo / hi, count > 1 ? (double) i / (double) (count - 1) : 0.0);
  return x;
}

static double *copy_grid(const double *src, size_t count)
{
  double *x = xmalloc(count * sizeof(double));
  memcpy(x, src, count * sizeof(double));
  return x;
}

void risk_grids_default(risk_grids *g, unsigned t_max, int pto_relative)
{
  static const double gd_etas[] = { 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 };
  static const double pto_fixed[] = { 0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.07, 0.1,
    0.15, 0.2, 0.3, 0.5, 0.7, 1.0 };
  static const double pto_relative_etas[] = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0,
    1.2, 1.4, 1.6, 1.8, 1.95 };
  static const unsigned ts[] = { 1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 32, 40, 50, 64, 80,
    100, 128, 160, 200, 256, 320, 400, 500, 640, 800, 1000, 1280, 1600, 2000, 2560, 3200, 4000,
    5000, 6400, 8000, 10000 };
  g->n_ridge = 36; g->ridge_lambdas = log_grid(1e3, 1e-4, g->n_ridge);
  g->n_lasso = 31; g->lasso_lambdas = log_grid(1.0, 1e-3, g->n_lasso);
  g->n_gd_eta = sizeof gd_etas / sizeof gd_etas[0];
  g->gd_etas = copy_grid(gd_etas, g->n_gd_eta);
  g->pto_relative = pto_relative;
  if (pto_relative) {
    g->n_pto_eta = sizeof pto_relative_etas / sizeof pto_relative_etas[0];
    g->pto_etas = copy_grid(pto_relative_etas, g->n_pto_eta);
  } else {
    g->n_pto_eta = sizeof pto_fixed / sizeof pto_fixed[0];
    g->pto_etas = copy_grid(pto_fixed, g->n_pto_eta);
  }
  g->ts = xmalloc((sizeof ts / sizeof ts[0] + 1) * sizeof(unsigned));
  g->n_t = 0;
  for (size_t i = 0; i < sizeof ts / sizeof ts[0] && ts[i] <= t_max; i++) g->ts[g->n_t++] = ts[i];
  if (g->n_t == 0 || g->ts[g->n_t - 1] != t_max) g->ts[g->n_t++] = t_max;
}

void risk_grids_free(risk_grids *g)
{
  free(g->ridge_lambdas); free(g->lasso_lambdas); free(g->gd_etas); free(g->pto_etas);
  free(g->ts);
  memset(g, 0, sizeof *g);
}

@ Candidates of the two-parameter methods are numbered step-count fastest:
candidate $a\,n_t+b$ is step size $a$ and step count $b$.

@<Risk functions@>=
size_t method_candidates(method_id m, const risk_grids *g)
{
  switch (m) {
  case M_RIDGE: return g->n_ridge;
  case M_LASSO: return g->n_lasso;
  case M_GD: return g->n_gd_eta * g->n_t;
  case M_PTO: return g->n_pto_eta * g->n_t;
  default: return 1;
  }
}

int method_has_step(method_id m)
{
  return m == M_GD || m == M_PTO;
}

hyper method_hyper(method_id m, const risk_grids *g, size_t cand)
{
  hyper h = { NAN, NAN, 0 };
  switch (m) {
  case M_RIDGE: h.lambda = g->ridge_lambdas[cand]; break;
  case M_LASSO: h.lambda = g->lasso_lambdas[cand]; break;
  case M_GD: h.eta = g->gd_etas[cand / g->n_t]; h.t = g->ts[cand % g->n_t]; break;
  case M_PTO: h.eta = g->pto_etas[cand / g->n_t]; h.t = g->ts[cand % g->n_t]; break;
  default: break;
  }
  return h;
}

@*1 The risk of every candidate on one task.
|candidate_risks| computes, for one drawn task and one method, the excess risk of every candidate,
writing them to |out|. This is the one place where an estimator meets the data in an experiment;
tuning and evaluation both call it. For the two methods with a step size it also writes, after
the candidates, the largest eigenvalue of the quadratic the steps descend ($\Sh$ for gradient
descent, $A$ for PtO), which the tuning uses to keep the step stable (below).

The Bayes posterior mean is given the prior the tasks are drawn from: $s$, the scale
$\tau=b/\sqrt s$ of the nonzeros (Gaussian or sign), and $\sigma$; the best linear estimator is
given $\tau^2=b^2/d$ and $\sigma$. Neither has anything to tune.

{\it Performance.} For gradient descent and PtO we use the closed forms of the estimators chapter
rather than the iteration: one eigen-decomposition per task (of $\Sh$, or of $A$ for PtO) and then
$O(d^2)$ per candidate, instead of $O(d^2t)$ per step size. The test
|test_gd_iterates_equal_closed_form| and |test_pto_iterate_equals_closed_form| are what make this
substitution safe: the two agree to $10^{-12}$.

@<Risk types@>=
typedef struct {
  moments *m;
  gsl_vector *beta_hat, *phi, *work;
  gsl_matrix *W;  /* Lasso path solutions, one row per $\lambda$ */
  eigensystem *eigA;  /* of the PtO quadratic */
  size_t lasso_unconverged;  /* Lasso solves that hit the sweep limit */
} risk_workspace;

@ @<Risk declarations@>=
risk_workspace *risk_workspace_alloc(size_t d, const risk_grids *g);
void risk_workspace_free(risk_workspace *ws);
void candidate_risks(method_id method, const task *t, const task_spec *spec,
  const risk_grids *g, const pto_preprocessing *pre, risk_workspace *ws, double *out);
sparse_prior risk_bayes_prior(const task_spec *spec);

@ @<Risk functions@>=
risk_workspace *risk_workspace_alloc(size_t d, const risk_grids *g)
{
  risk_workspace *ws = xmalloc(sizeof *ws);
  ws->m = moments_alloc(d);
  ws->beta_hat = gsl_vector_alloc(d);
  ws->phi = gsl_vector_alloc(d);
  ws->work = gsl_vector_alloc(d);
  ws->W = gsl_matrix_alloc(g->n_lasso, d);
  ws->eigA = eigensystem_alloc(d);
  ws->lasso_unconverged = 0;
  return ws;
}

void risk_workspace_free(risk_workspace *ws)
{
  if (ws == NULL) return;
  moments_free(ws->m); gsl_vector_free(ws->beta_hat); gsl_vector_free(ws->phi);
  gsl_vector_free(ws->work); gsl_matrix_free(ws->W); eigensystem_free(ws->eigA); free(ws);
}

@ The largest eigenvalue that a step of |method| (gradient descent or PtO) is multiplied by, on
the task whose moments are in |ws->m|; it leaves the eigensystem it computed in |ws->m->eig| or
|ws->eigA| for the filters. For the relative step the product is $\eta$ itself.

@<Risk functions@>=
static double step_lambda(method_id method, const pto_preprocessing *pre, risk_workspace *ws)
{
  moments *m = ws->m;
  if (method == M_GD) {
    moments_eigen(m);
    return gsl_vector_max(m->eig->lambda);
  }
  pto_preprocess(m, pre, ws->phi);
  eigensystem_compute(ws->eigA, m->A);
  double scale = pre->relative_step ? pto_step_scale(ws->eigA) : 1.0;
  return scale * gsl_vector_max(ws->eigA->lambda);
}

@ The moments must already be computed for the task (|ws->m|); the caller does that once per
task for all methods.

@<Risk functions@>=
sparse_prior risk_bayes_prior(const task_spec *spec)
{
  sparse_prior p = { spec->s, spec->b / sqrt((double) spec->s), spec->beta == BETA_SPARSE_SIGN,
    spec->sigma };
  return p;
}

void candidate_risks(method_id method, const task *t, const task_spec *spec,
  const risk_grids *g, const pto_preprocessing *pre, risk_workspace *ws, double *out)
{
  moments *m = ws->m;
  gsl_vector *bh = ws->beta_hat;
  const gsl_matrix *Sigma = spec->Sigma;
#define RISK() excess_risk(bh, t->beta, Sigma)
  switch (method) {
  case M_OLS: est_ols(m, bh); out[0] = RISK(); break;
  case M_ORACLE: est_oracle(m, t->support, t->s, bh); out[0] = RISK(); break;
  case M_LMMSE:
    est_lmmse(m, spec->sigma, spec->b * spec->b / (double) spec->d, bh);
    out[0] = RISK();
    break;
  case M_BAYES: {
    sparse_prior p = risk_bayes_prior(spec);
    if (est_bayes(m, &p, bh) != 0)
      mhicl_fatal("bayes: cannot enumerate the prior (d = %zu, s = %zu, sigma = %g)", spec->d,
        spec->s, spec->sigma);
    out[0] = RISK();
  } break;
  case M_RIDGE:
    for (size_t a = 0; a < g->n_ridge; a++) { est_ridge(m, g->ridge_lambdas[a], bh); out[a] = RISK(); }
    break;
  case M_LASSO:
    ws->lasso_unconverged +=
      lasso_path(m->Sigma_hat, m->r_hat, g->lasso_lambdas, g->n_lasso, ws->W, m->w, ws->work);
    for (size_t a = 0; a < g->n_lasso; a++) {
      gsl_vector_view row = gsl_matrix_row(ws->W, a);
      gsl_vector_memcpy(bh, &row.vector);
      out[a] = RISK();
    }
    break;
  case M_GD:
    out[g->n_gd_eta * g->n_t] = step_lambda(M_GD, pre, ws);
    @<Risks of the gradient-descent filter of |m->eig| on |m->r_hat|, step sizes |g->gd_etas|@>@;
    break;
  case M_PTO:
    out[g->n_pto_eta * g->n_t] = step_lambda(M_PTO, pre, ws);
    {
      double scale = pre->relative_step ? pto_step_scale(ws->eigA) : 1.0;
      @<Risks of the PtO filter of |ws->eigA| on |m->g|@>@;
    }
    break;
  default: break;
  }
#undef RISK
}

@ @<Risks of the gradient-descent filter...@>=
for (size_t a = 0; a < g->n_gd_eta; a++)
  for (size_t b = 0; b < g->n_t; b++) {
    double param[2] = { g->gd_etas[a], (double) g->ts[b] };
    eigensystem_filter(m->eig, filter_gd, param, m->r_hat, bh);
    out[a * g->n_t + b] = RISK();
  }

@ @<Risks of the PtO filter...@>=
for (size_t a = 0; a < g->n_pto_eta; a++)
  for (size_t b = 0; b < g->n_t; b++) {
    double param[2] = { scale * g->pto_etas[a], (double) g->ts[b] };
    eigensystem_filter(ws->eigA, filter_gd, param, m->g, bh);
    gsl_vector_mul(bh, ws->phi);
    out[a * g->n_t + b] = RISK();
  }

@*1 The experiment.
For each prompt length $n$ in the run:
\item{1.} {\it Tune.} Draw |tune_trials| tasks from the tuning stream; for every method with
more than one candidate compute the risk of every candidate; average over tasks; keep the
candidate of least mean risk among the {\it admissible} ones.
\item{2.} {\it Evaluate.} Draw |trials| fresh tasks from the evaluation stream and report, for
every method, the mean excess risk of its chosen candidate and the standard error. The two
streams share no task, so the reported risk is not the tuning's own minimum;
|test_tuning_uses_its_own_tasks| checks that the choice is the tuning stream's.

\noindent{\it Admissible steps.} Gradient descent on a quadratic with largest eigenvalue
$\lambda_{\max}$ converges iff $\eta\lambda_{\max}<2$ and is monotone (no oscillation along any
eigen-direction) iff $\eta\lambda_{\max}\le1$. A fixed step must hold on prompts the tuning never
saw, so we keep a margin of two, and we check it on many prompts: a step size $\eta$ of gradient
descent or of fixed-step PtO is admissible only if $\eta\lambda_{\max}\le|RISK_STEP_MARGIN|=1$ on
{\it every} one of $\max(|tune_trials|,4\,|trials|)$ {\it screening} tasks of the tuning stream
(the tuning tasks and more; only $\lambda_{\max}$ is computed on them, one eigen-decomposition
each, so they cost a fraction of a tuning task). An evaluation prompt then diverges only if its
$\lambda_{\max}$ is more than twice the largest of four times as many independent prompts. The
evaluation counts such prompts ($\eta\lambda_{\max}\ge2$ for the chosen step) and the CSV reports
the count in the column \.{unstable}, which in every run of this chapter is 0. The tails of
$\lambda_{\max}(A)$ are what make this necessary: at $d=8$, $s=2$, $n\le20$ with 500 tuning and 2048
evaluation prompts, a screen on the tuning prompts alone left 1 to 5 unstable evaluation prompts at
several $n$, each with a risk above $10^{120}$; with the screen there are none, and no tuned method
is worse than the zero predictor at any $n$ from 2 to 20. Strictly, no fixed step is safe: under
Gaussian nonzeros $\lambda_{\max}(A)$ is unbounded, so every fixed $\eta$ diverges on a set of
prompts of positive probability, and the mean risk of a deep fixed-step PtO (or gradient descent)
is, in principle, dominated by prompts too rare to be drawn. What the experiment measures, and
the screen protects, is the risk on all prompts but a fraction far below one in
$4\,|trials|$. The relative step is stable by construction ($\eta<2$ after the scaling), and is not
screened. Refusing only a step whose mean tuning risk is not finite is not enough: a step that is
unstable on a few tuning prompts but stopped early enough has a finite mean, and then a rare
evaluation prompt with a larger $\lambda_{\max}$ blows up.

\noindent The tasks of the two streams are independent, so the reported risk is an unbiased
estimate of the tuned method's risk. The same evaluation tasks serve every method (common random
numbers), so differences between methods are measured more precisely than the methods
themselves; the result keeps the per-task risks so that the tests can compute paired standard
errors.

@<Risk types@>=
typedef struct {
  task_spec spec;
  size_t *ns; size_t n_count;  /* prompt lengths */
  size_t trials, tune_trials;
  unsigned threads;
  uint64_t seed;
  double rho;  /* for the record: $\Sigma_{ij}=\rho^{\vert i-j\vert}$ ($0$: identity) */
  int use[M_COUNT];  /* which methods run */
  pto_preprocessing pto;
  risk_grids grids;
  int progress;  /* report progress on |stderr| */
} risk_config;

typedef struct {
  size_t n; method_id method; hyper h; mc_summary risk;
  size_t unstable;  /* evaluation tasks with $\eta\lambda_{\max}\ge2$ for the chosen step */
} risk_row;

typedef struct {
  risk_row *rows; size_t n_rows;
  double *eval_risk;  /* |[n_count][M_COUNT][trials]|: per-task risk of the chosen candidate */
  size_t lasso_unconverged;  /* Lasso solves stopped at the sweep limit, all passes */
} risk_result;

@ @<Risk declarations@>=
void risk_config_init(risk_config *cfg);
void risk_run(const risk_config *cfg, risk_result *res);
void risk_result_free(risk_result *res);
const double *risk_result_tasks(const risk_config *cfg, const risk_result *res, size_t n_index,
  method_id m);
void risk_write_csv(FILE *f, const risk_config *cfg, const risk_result *res);
const char *risk_prior_name(beta_kind k);
void risk_print_table(FILE *f, const risk_config *cfg, const risk_result *res);

@ The defaults are the book's main experiment: $d=20$, $s=3$, $\sigma=0.5$, sparse Gaussian
$\beta$ with $b=1$, $n=30,40,\ldots,200$, all methods, fixed-step PtO with the depth budget
|RISK_T_MAX|. A caller that changes |pto.relative_step| remakes the grids to match
(|risk_grids_default|). The two commands differ in one default that matters when their numbers
are compared: here $b=1$ ($\Ex\norm\beta^2=1$), while \.{mhicl train} defaults to $b=0$, which
the training chapter defines as unit-variance nonzeros ($\Ex\norm\beta^2=s$, the convention of
Garg et al.); both \.{--help} texts say so, and every CSV records $b$.

@<Risk functions@>=
void risk_config_init(risk_config *cfg)
{
  memset(cfg, 0, sizeof *cfg);
  task_spec_init(&cfg->spec, 20, 3, BETA_SPARSE_GAUSS, 1.0, 0.5);
  cfg->trials = 2000; cfg->tune_trials = 1000;
  cfg->threads = 1; cfg->seed = 1;
  for (int m = 0; m < M_COUNT; m++) cfg->use[m] = 1;
  cfg->rho = 0.0;
  cfg->pto.variant = PTO_R; cfg->pto.c = 1.0; cfg->pto.relative_step = 0;
  risk_grids_default(&cfg->grids, RISK_T_MAX, 0);
  cfg->progress = 0;
}

void risk_result_free(risk_result *res)
{
  free(res->rows); free(res->eval_risk);
  res->rows = NULL; res->eval_risk = NULL; res->n_rows = 0;
}

@ One {\it pass} computes the risks of all candidates of all used methods on tasks $0,\ldots,T-1$
of a stream, into the table |R|, one row of |width| numbers per task. Threads take tasks
$k\equiv i\pmod{\rm threads}$ and write only their own rows; nothing is summed until every thread
has finished, and then in task order. That is why the numbers are bitwise the same for any
thread count. (OpenBLAS runs single-threaded inside each of our threads, as set in the support
chapter.)
@^determinism@>

@<Risk functions@>=
enum { PASS_EVAL, PASS_TUNE, PASS_SCREEN };
typedef struct {
  const risk_config *cfg;
  size_t n, T, width, thread;
  int mode;  /* tuning skips the methods with nothing to tune; screening computes only
    $\lambda_{\max}$ of gradient descent and PtO, into two columns */
  uint64_t stream;
  const size_t *offset;  /* first column of each method in a row */
  double *R;
  size_t lasso_unconverged;  /* out */
} pass_job;

static void *pass_worker(void *arg)
{
  pass_job *job = arg;
  const risk_config *cfg = job->cfg;
  size_t d = cfg->spec.d;
  task *t = task_alloc(job->n, d);
  risk_workspace *ws = risk_workspace_alloc(d, &cfg->grids);
  for (size_t k = job->thread; k < job->T; k += cfg->threads) {
    task_sample(&cfg->spec, job->n, cfg->seed, job->stream, k, t);
    moments_compute(ws->m, t->X, t->y, job->n);
    if (job->mode == PASS_SCREEN) {
      for (int j = 0; j < 2; j++)
        if (cfg->use[j ? M_PTO : M_GD])
          job->R[k * 2 + (size_t) j] = step_lambda(j ? M_PTO : M_GD, &cfg->pto, ws);
      continue;
    }
    for (int m = 0; m < M_COUNT; m++)
      if (cfg->use[m] && !(job->mode == PASS_TUNE && method_candidates((method_id) m, &cfg->grids) == 1))
        candidate_risks((method_id) m, t, &cfg->spec, &cfg->grids, &cfg->pto, ws,
          job->R + k * job->width + job->offset[m]);
  }
  job->lasso_unconverged = ws->lasso_unconverged;
  risk_workspace_free(ws);
  task_free(t);
  return NULL;
}

static size_t run_pass(const risk_config *cfg, size_t n, uint64_t stream, size_t T, size_t width,
  const size_t *offset, double *R, int mode)
{
  unsigned nt = cfg->threads ? cfg->threads : 1;
  pthread_t *tid = xmalloc(nt * sizeof(pthread_t));
  pass_job *jobs = xmalloc(nt * sizeof(pass_job));
  for (unsigned i = 0; i < nt; i++) {
    jobs[i] = (pass_job) { cfg, n, T, width, i, mode, stream, offset, R, 0 };
    if (i > 0 && pthread_create(&tid[i], NULL, pass_worker, &jobs[i]) != 0)
      mhicl_fatal("cannot start thread %u", i);
  }
  pass_worker(&jobs[0]);
  for (unsigned i = 1; i < nt; i++) pthread_join(tid[i], NULL);
  size_t unconverged = 0;
  for (unsigned i = 0; i < nt; i++) unconverged += jobs[i].lasso_unconverged;
  free(tid); free(jobs);
  return unconverged;
}

@ The run itself. Progress goes to |stderr| after each prompt length: how many are done, the
rate in tasks (tuning and evaluation) per second, the elapsed time and an estimate of the time left (proportional to the sum of $n$ still to do, a fair
proxy since the cost per task is dominated by forming the moments and the candidate filters).

@<Risk functions@>=
void risk_run(const risk_config *cfg, risk_result *res)
{
  size_t offset[M_COUNT + 1], width = 0;
  for (int m = 0; m < M_COUNT; m++) {
    offset[m] = width;
    if (cfg->use[m])
      width += method_candidates((method_id) m, &cfg->grids) + (method_has_step((method_id) m) ? 1 : 0);
  }
  size_t rows_max = cfg->n_count * M_COUNT;
  res->rows = xcalloc(rows_max, sizeof(risk_row));
  res->n_rows = 0;
  res->lasso_unconverged = 0;
  res->eval_risk = xcalloc(cfg->n_count * M_COUNT * (cfg->trials ? cfg->trials : 1),
    sizeof(double));
  size_t T = cfg->tune_trials > cfg->trials ? cfg->tune_trials : cfg->trials;
  double *R = xmalloc((T ? T : 1) * width * sizeof(double));
  double start = mhicl_seconds(), work_total = 0.0, work_done = 0.0;
  size_t tasks_done = 0;
  for (size_t i = 0; i < cfg->n_count; i++) work_total += (double) cfg->ns[i] + 20.0;
  for (size_t i = 0; i < cfg->n_count; i++) {
    size_t n = cfg->ns[i];
    size_t chosen[M_COUNT];
    @<Tune: choose the candidate of least mean risk for each method@>@;
    @<Evaluate the chosen candidates on fresh tasks@>@;
    work_done += (double) n + 20.0;
    if (cfg->progress) {
      double el = mhicl_seconds() - start;
      tasks_done += cfg->tune_trials + cfg->trials;
      fprintf(stderr, "risk: n = %zu (%zu/%zu)  %.0f tasks/s  elapsed %.1f s  left ~%.1f s\n",
        n, i + 1, cfg->n_count, (double) tasks_done / el, el,
        el * (work_total - work_done) / work_done);
    }
  }
  if (cfg->progress && res->lasso_unconverged) {
    fprintf(stderr, "risk: %zu Lasso solves stopped at the sweep limit (%d sweeps)\n",
      res->lasso_unconverged, LASSO_MAX_SWEEPS);
  }
  free(R);
}

@ A candidate's step is |method_hyper(...).eta|; its product with the largest $\lambda_{\max}$ of
the screening tasks decides admissibility. If no step of the grid is admissible (it happens at
$n=2$, $d=8$, where $\lambda_{\max}(A)$ exceeds $10^3$ on some screening prompt), the method falls
back to the candidates $(\eta,t)$ whose error grows by at most a factor 2 on every screening task,
$\vert1-\eta\lambda_{\max}\vert^t\le2$: few steps of a small step size. The evaluation's
\.{unstable} count then shows how many prompts had $\eta\lambda_{\max}\ge2$; their risk stays
bounded because $t$ is small.

@<Tune: choose...@>=
res->lasso_unconverged += run_pass(cfg, n, STREAM_TUNE, cfg->tune_trials, width, offset, R, PASS_TUNE);
size_t S = RISK_SCREEN_FACTOR * cfg->trials;
if (S < cfg->tune_trials) S = cfg->tune_trials;
double *Lam = xcalloc(2 * S, sizeof(double));  /* $\lambda_{\max}$ of GD and PtO, per screening task */
if (cfg->use[M_GD] || (cfg->use[M_PTO] && !cfg->grids.pto_relative))
  run_pass(cfg, n, STREAM_TUNE, S, 2, offset, Lam, PASS_SCREEN);
for (int m = 0; m < M_COUNT; m++) {
  if (!cfg->use[m]) continue;
  size_t nc = method_candidates((method_id) m, &cfg->grids), best = 0;
  chosen[m] = 0;
  if (nc == 1) continue;
  double lam = 0.0;  /* the largest $\lambda_{\max}$ over the screening tasks */
  int screen = method_has_step((method_id) m) && !(m == M_PTO && cfg->grids.pto_relative);
  if (screen)
    for (size_t k = 0; k < S; k++) lam = fmax(lam, Lam[2 * k + (m == M_PTO)]);
  for (int pass = 0; pass < 2; pass++) {  /* pass 1 only if no candidate was admissible */
    double best_mean = INFINITY;
    for (size_t c = 0; c < nc; c++) {
      hyper h = method_hyper((method_id) m, &cfg->grids, c);
      if (screen && pass == 0 && h.eta * lam > RISK_STEP_MARGIN) continue;
      if (screen && pass == 1 && h.eta * lam > 2.0
          && (double) h.t * log(h.eta * lam - 1.0) > log(2.0)) continue;
      mc_summary s = mc_summarize(R + offset[m] + c, cfg->tune_trials, width);
      if (isfinite(s.mean) && s.mean < best_mean) { best_mean = s.mean; best = c; }
    }
    if (best_mean < INFINITY) break;
  }
  chosen[m] = best;
}
free(Lam);

@ @<Evaluate the chosen...@>=
res->lasso_unconverged += run_pass(cfg, n, STREAM_EVAL, cfg->trials, width, offset, R, PASS_EVAL);
for (int m = 0; m < M_COUNT; m++) {
  if (!cfg->use[m]) continue;
  double *dst = res->eval_risk + (i * M_COUNT + (size_t) m) * cfg->trials;
  for (size_t k = 0; k < cfg->trials; k++) dst[k] = R[k * width + offset[m] + chosen[m]];
  risk_row *row = &res->rows[res->n_rows++];
  row->n = n; row->method = (method_id) m;
  row->h = method_hyper((method_id) m, &cfg->grids, chosen[m]);
  row->risk = mc_summarize(dst, cfg->trials, 1);
  row->unstable = 0;
  if (method_has_step((method_id) m)) {
    size_t nc = method_candidates((method_id) m, &cfg->grids);
    for (size_t k = 0; k < cfg->trials; k++)
      if (row->h.eta * R[k * width + offset[m] + nc] >= 2.0) row->unstable++;
  }
}

@ @<Risk functions@>=
const double *risk_result_tasks(const risk_config *cfg, const risk_result *res, size_t n_index,
  method_id m)
{
  return res->eval_risk + (n_index * M_COUNT + (size_t) m) * cfg->trials;
}

@ Output. The CSV has one row per (prompt length, method). Each row carries everything needed
to rerun it: the program's version, the prior and its scale $b$, $d$, $s$, $\sigma$, $\rho$, the
PtO step rule and preprocessing, the depth budget, the numbers of evaluation and tuning tasks and
the seed; then the chosen hyper-parameters (|nan| where a method has none), the mean risk with its
standard error, and the count of unstable evaluation prompts. Numbers are printed with 17
significant digits so that the file is a bitwise record of the run. The table on |stdout| is the
same data for a person.

@<Risk functions@>=
static const char *const prior_names[] = { "dense", "sparse", "sign" };
static const char *const pto_variant_names[] = { "r", "abs", "sq", "residual" };

const char *risk_prior_name(beta_kind k)
{  /* the name of a prior in the CSVs, for other chapters' writers */
  return prior_names[k];
}

void risk_write_csv(FILE *f, const risk_config *cfg, const risk_result *res)
{
  const task_spec *sp = &cfg->spec;
  fprintf(f, "version,prior,b,d,s,sigma,rho,n,method,lambda,eta,t,pto_step,pto_variant,pto_c,"
    "t_max,risk_mean,risk_se,trials,tune_trials,seed,unstable\n");
  for (size_t i = 0; i < res->n_rows; i++) {
    const risk_row *r = &res->rows[i];
    fprintf(f, "%s,%s,%.17g,%zu,%zu,%.17g,%.17g,%zu,%s,%.17g,%.17g,", MHICL_VERSION,
      prior_names[sp->beta], sp->b, sp->d, sp->s, sp->sigma, cfg->rho, r->n,
      method_names[r->method], r->h.lambda, r->h.eta);
    if (r->h.t) fprintf(f, "%u", r->h.t); else fprintf(f, "nan");
    fprintf(f, ",%s,%s,%.17g,%u,%.17g,%.17g,%zu,%zu,%llu,%zu\n",
      cfg->pto.relative_step ? "relative" : "fixed", pto_variant_names[cfg->pto.variant],
      cfg->pto.c, cfg->grids.ts[cfg->grids.n_t - 1], r->risk.mean, r->risk.se, r->risk.count,
      cfg->tune_trials, (unsigned long long) cfg->seed, r->unstable);
  }
}

void risk_print_table(FILE *f, const risk_config *cfg, const risk_result *res)
{
  fprintf(f, "excess risk, d = %zu, s = %zu, sigma = %g, %zu tasks per point (+- 1 s.e.);"
    " PtO step %s, depth budget %u\n", cfg->spec.d, cfg->spec.s, cfg->spec.sigma, cfg->trials,
    cfg->pto.relative_step ? "relative" : "fixed", cfg->grids.ts[cfg->grids.n_t - 1]);
  fprintf(f, "%6s", "n");
  for (int m = 0; m < M_COUNT; m++) if (cfg->use[m]) fprintf(f, " %20s", method_names[m]);
  fputc('\n', f);
  for (size_t i = 0; i < res->n_rows; ) {
    size_t n = res->rows[i].n;
    fprintf(f, "%6zu", n);
    for (; i < res->n_rows && res->rows[i].n == n; i++)
      fprintf(f, "  %9.3e +- %7.1e", res->rows[i].risk.mean, res->rows[i].risk.se);
    fputc('\n', f);
  }
}

@*1 The regime claim.
@^preprocess-then-optimize, against ridge@>
@^regimes of PtO@>
Chen, Zhao and Zou claim that preprocess-then-optimize has lower excess risk than gradient
descent and ridge ``in many regimes'' and is comparable to the Lasso. Proposition 4 says why it can:
ridge and gradient descent pay $d\sigma^2/n$ whatever the sparsity. Whether it can lose is a
question about {\it depth}. With a fixed step, a coordinate with small $\vert\beta_j\vert$ is learned
at rate $\eta\rh_j^2$ per step, and $\eta$ is capped by the largest $\rh_j^2$ (the admissible steps
above), so fitting it needs about $1/(\eta\beta_j^2)$ steps; at low noise the rotation-invariant
methods are nearly exact, and a PtO that stops before it has fitted the small coordinates keeps a
bias that does not vanish with the noise. Given enough steps it does not: as $t\to\infty$ it tends
to least squares, and on the way it passes below it, because its early stopping shrinks the
coordinates with the smallest $\vert\rh_j\vert$, most of them off the support.

The tests check both sides at $d=20$, $s=3$, $n=100$ with fixed-step PtO:
|test_regime_pto_beats_ridge_and_gd_noisy| ($\sigma=0.5$, default budget: tuned PtO below tuned
ridge and tuned gradient descent by more than five paired standard errors, and within a factor two
of the tuned Lasso); |test_regime_ridge_beats_pto_low_noise| ($\sigma=0.1$, at most 1000 steps:
tuned ridge below tuned PtO by more than four paired standard errors); and
|test_regime_low_noise_depth_decides| ($\sigma=0.1$, the same prompts with at most $10^4$ steps:
PtO below its own 1000-step risk by more than four paired standard errors, and ridge no longer
below it). |test_fixed_step_screen_prevents_divergence| runs fixed-step PtO and gradient descent
with only 50 tuning tasks (the screen covers $4\times4000$) and 4000 evaluation tasks and checks
that no evaluation prompt is unstable
for the chosen step and the risks are finite and small, while the grid's largest PtO step would
have been unstable on some evaluation prompt. |test_risk_csv_deterministic_across_threads| runs a
small experiment with one and with two threads and asserts that the two CSV files are bitwise
identical.

What we measured (seed 1, \.{mhicl risk --n-min 100 --n-max 100} with 8000 evaluation and
4000 tuning tasks, \.{--trials 8000 --tune-trials 4000}). At $\sigma=0.5$ the risks are $0.0592$ (ridge),
$0.0603$ (gradient descent), $0.0590$ (\.{lmmse}), $0.0245$ (fixed-step PtO, $\eta=0.05$, $t=800$),
$0.0222$ (Lasso) and $0.0117$ (Bayes), standard errors $\le2.6\times10^{-4}$: PtO has $0.41$ times the
risk of the rotation-invariant methods and $1.10$ times the Lasso's, and the Bayes posterior mean,
the floor for every estimator that sees only the prompt, is half the Lasso's. The relative step
(\.{--pto-step relative}, with the former budget of 100 steps) gives $0.0276\pm0.0003$, $13\%$ more than
the fixed step: it is not the better algorithm, only the one that needs no depth. At $\sigma=0.1$
ridge has $2.54\times10^{-3}$, the Lasso $0.95\times10^{-3}$ and the Bayes posterior mean
$0.35\times10^{-3}$; fixed-step PtO has $4.84\times10^{-3}\pm0.11\times10^{-3}$ with at most 1000
steps (it takes the largest admissible step, $0.07$, and all 1000 steps), and
$2.41\times10^{-3}\pm0.06\times10^{-3}$ with at most $10^4$, below ridge; with $3\times10^4$ and
$10^5$ steps the tuned risk no longer changes ($2.33$ and $2.34\times10^{-3}$, seed 7).

So the regime claim, restated: {\it at $\sigma=0.5$ fixed-step PtO beats ridge and gradient descent
by a factor of 2 or more at every budget from 256 steps up (2.4 from 512 steps; only 1.1 with 100
steps); at $\sigma=0.1$ ridge beats PtO only when PtO is limited to about 1000 steps or fewer} (at
4000 steps PtO is within two standard errors of ridge, and beyond that ahead by 5 to 8\%). The low-noise ``counterexample'' is a statement about a transformer with a
bounded number of layers, not about the algorithm. And neither PtO nor the Lasso is near the floor:
at both noise levels the Bayes posterior mean has half the Lasso's risk or less, which is the room a
transformer trained on this prior has below the algorithms it is said to implement.

The main experiment, \.{mhicl risk} with its defaults, wrote the file behind Figure~\figref{risk}; to
remake it run \.{make figures} (which runs \.{./mhicl risk --threads 2 --out
generated/risk\_vs\_n.csv}; about 70 CPU-seconds, of which the Bayes enumeration takes 7 and the
screening of the steps about 20).
The curves, from the top at $n=100$: least squares, gradient descent, ridge and \.{lmmse} (almost
on top of each other), fixed-step PtO ($0.117$ at $n=30$, $0.0245$ at $n=100$, $0.0105$ at
$n=200$), the Lasso (which PtO meets at $n\approx170$ and stays level with up to $n=200$, $0.0108$,
within two standard errors), the Bayes posterior mean ($0.056$, $0.0114$, $0.0052$), and the
oracle. The Bayes risk is 1.9 times the oracle's at $n=30$ and 1.3 times at $n=200$: the price of
not knowing the support, which no prompt-only method can avoid.

\figlabel{risk}
\riskfigure{generated/risk_vs_n.csv}{ols,ridge,gd,lasso,oracle,lmmse,bayes,pto}
{Excess risk against the number of context points $n$ at
$d=20$, $s=3$, $\sigma=0.5$, sparse Gaussian $\beta$ with $b=1$: every method tuned on independent
tasks, PtO with the fixed step and at most 1000 steps, \.{bayes} the exact posterior mean (2000
evaluation tasks per point; bars are one standard error).}

@*1 Further reading. On the Bayes risk of linear regression and the inverse-Wishart moments:
T.~W. Anderson, {\sl An Introduction to Multivariate Statistical Analysis}. On ridge versus
Lasso on sparse problems and the $s\log d/n$ rate: P. Bickel, Y. Ritov and A. Tsybakov,
``Simultaneous analysis of Lasso and Dantzig selector'' (2009).
