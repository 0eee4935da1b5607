@* Softmax attention on linear regression: the reduced model.
@^softmax attention@>
@^reduced model@>
This chapter begins the second result of the book, that of He, Pan, Chen and Yang (2025): a
trained one-layer multi-head {\it softmax} attention on linear regression collapses to two heads
of opposite sign whose output weights cancel, and these two heads compute one step of gradient
descent on centred data, a {\it debiased} gradient step. Everything here is mathematics and GSL
code: the paper's task setting, the estimators a trained layer is compared with, the pattern
metrics that read the circuit off a layer's weights, the closed forms of a $2H$-parameter reduced
model, and its gradient flow. No transformer is trained in this chapter.

The paper's body was not available to us; we know its setting and its code, and its claims from
the abstract and the reviews. The propositions below are numbered H1--H9. Each says whether the
statement is the paper's (as far as its code and abstract show) or our reconstruction; every proof
is ours, and every proposition has a Monte-Carlo or numerical test in \.{tests/test\_softmax.c}
that fails when the statement, or the code, is wrong.

@(generated/softmax.h@>=
#ifndef MHICL_SOFTMAX_H
#define MHICL_SOFTMAX_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <gsl/gsl_matrix.h>
#include "tasks.h"
#include "estimators.h"
#include "risk.h"
@<Softmax types@>@;
@<Softmax declarations@>@;
#endif

@ @(generated/softmax.c@>=
#include <math.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_randist.h>
#include "support.h"
#include "softmax.h"
@<Softmax functions@>@;

@*1 The setting.
@^He et al.\ setting@>
A prompt has $L$ context points (the paper's $L$ is the book's $n$) and a query:
$x_i,x_q\sim N(0,\Sigma)$, $\beta\sim N(0,I_d/d)$, $y_i=\beta\tp x_i+\epsilon_i$ and
$y_q=\beta\tp x_q+\epsilon_q$ with $\epsilon\sim N(0,\sigma^2)$: the query's response is noisy,
so no predictor has risk below $\sigma^2$, and the trivial predictor $\hat y=0$ has risk
$\Ex y_q^2=1+\sigma^2$. The paper's main runs take $d=5$, $L=40$, $\sigma^2=0.1$ and
$\Sigma=I$; its extension to correlated covariates takes $\Sigma_{ij}=\rho^{\vert i-j\vert}$.
The tasks chapter draws these prompts (|task_spec_he2025|); an |sm_setting| carries the three
numbers that the closed forms below depend on, and |sm_setting_paper| fills in the paper's.

@<Softmax types@>=
typedef struct {
  size_t d;  /* dimension of $x$ */
  size_t L;  /* context points */
  double sigma2;  /* noise variance $\sigma^2$ */
} sm_setting;

@ @<Softmax declarations@>=
void sm_setting_paper(sm_setting *s);
int sm_task_spec(task_spec *spec, const sm_setting *s, double rho);

@ @<Softmax functions@>=
void sm_setting_paper(sm_setting *s)
{
  s->d = 5; s->L = 40; s->sigma2 = 0.1;
}

int sm_task_spec(task_spec *spec, const sm_setting *s, double rho)
{
  return task_spec_he2025(spec, s->d, s->sigma2, rho);
}

@*1 The estimators.
@^debiased gradient descent@>
@^kernel estimator@>
With $s_i=x_i\tp x_q$, $\bar x={1\over L}\sum_ix_i$ and $\bar y={1\over L}\sum_iy_i$, the
estimators of this part of the book are:
\item{$\bullet$} {\it one step of gradient descent} from $0$ on ${1\over2L}\norm{y-Xw}^2$,
$\hat y_{\rm GD}={\eta\over L}\sum_iy_i\,x_i\tp x_q=\eta\,\rh\tp x_q$;
\item{$\bullet$} {\it debiased gradient descent}, the same step on centred covariates,
$$\hat y_{\rm DGD}={\eta\over L}\sum_{i=1}^Ly_i\,(x_i-\bar x)\tp x_q=\eta\,(\rh-\bar y\,\bar x)\tp x_q;$$
\item{$\bullet$} {\it preconditioned} debiased gradient descent,
$\hat y_{\rm PDGD}=x_q\tp\Gamma(\rh-\bar y\,\bar x)$ for a $d\times d$ matrix $\Gamma$
(debiased gradient descent is $\Gamma=\eta I$);
\item{$\bullet$} the {\it kernel estimator} of the reduced model, $H$ heads with key--query
scales $\omega\in\Reals^H$ and output weights $\mu\in\Reals^H$,
$$\hat y(\omega,\mu)=\sum_{h=1}^H\mu_h\sum_{i=1}^Ly_i\,
{e^{\omega_hs_i}\over\sum_{j=1}^Le^{\omega_hs_j}},$$
which is what a softmax layer computes once its weights have the pattern of the next section;
the {\it single-head optimum} is the case $H=1$ with the $(\omega,\mu)$ of Proposition H4;
\item{$\bullet$} the {\it Bayes} predictor, the posterior mean of $\beta$ under the prior
$N(0,I_d/d)$, which is ridge regression with penalty $\sigma^2d$ on $X\tp X$ (the estimators
chapter's |lmmse_lambda| with $\tau^2=1/d$).

\noindent Gradient descent and the Bayes predictor are the estimators chapter's |est_gd| (one
step) and |est_ridge|; the other three are new here. An |sm_estimator| names one of them with its
parameters.

@<Softmax types@>=
typedef enum { SM_GD, SM_DGD, SM_PDGD, SM_KERNEL, SM_BAYES } sm_kind;

typedef struct {
  sm_kind kind;
  double eta;  /* GD and DGD: the step $\eta$ */
  const gsl_matrix *Gamma;  /* PDGD: the preconditioner $\Gamma$ */
  size_t H;  /* kernel: heads */
  const double *omega, *mu;  /* kernel: $\omega$ and $\mu$, $H$ each */
} sm_estimator;

typedef struct {
  size_t d, n_max;
  moments *m;
  gsl_vector *xbar, *w, *g;  /* $\bar x$; the weights $w$; the centred gradient */
  double *score, *weight;  /* $s_i$ and the softmax weights, |n_max| each */
} sm_work;

@ Every estimator but the kernel one is linear in the query: $\hat y=w\tp x_q$ for a vector
$w$ computed from the context. |sm_weights| returns that $w$ (and 1), or 0 for the kernel
estimator; |sm_predict| returns $\hat y$ for any of them. The scratch space of an |sm_work|
serves prompts of up to |n_max| points.

@<Softmax declarations@>=
sm_work *sm_work_alloc(size_t d, size_t n_max);
void sm_work_free(sm_work *ws);
int sm_weights(const sm_estimator *e, const task *t, const task_spec *spec, sm_work *ws,
  gsl_vector *w);
double sm_kernel_predict(size_t H, const double *omega, const double *mu, const task *t,
  sm_work *ws);
double sm_predict(const sm_estimator *e, const task *t, const task_spec *spec, sm_work *ws);

@ @<Softmax functions@>=
sm_work *sm_work_alloc(size_t d, size_t n_max)
{
  sm_work *ws = xmalloc(sizeof *ws);
  ws->d = d; ws->n_max = n_max;
  ws->m = moments_alloc(d);
  ws->xbar = gsl_vector_alloc(d); ws->w = gsl_vector_alloc(d); ws->g = gsl_vector_alloc(d);
  ws->score = xmalloc(n_max * sizeof(double));
  ws->weight = xmalloc(n_max * sizeof(double));
  return ws;
}

void sm_work_free(sm_work *ws)
{
  if (ws == NULL) return;
  moments_free(ws->m); gsl_vector_free(ws->xbar); gsl_vector_free(ws->w); gsl_vector_free(ws->g);
  free(ws->score); free(ws->weight); free(ws);
}

@ The centred gradient $\rh-\bar y\,\bar x={1\over L}\sum_iy_i(x_i-\bar x)$ is computed
from the moments; the linear estimators then differ only in what multiplies it.

@<Softmax functions@>=
static void centred_gradient(const task *t, sm_work *ws, gsl_vector *g)
{
  size_t n = t->n, d = t->d;
  double ybar = 0.0;
  gsl_vector_set_zero(ws->xbar);
  for (size_t i = 0; i < n; i++) {
    ybar += gsl_vector_get(t->y, i);
    gsl_vector_const_view row = gsl_matrix_const_row(t->X, i);
    gsl_vector_add(ws->xbar, &row.vector);
  }
  ybar /= (double) n;
  gsl_vector_scale(ws->xbar, 1.0 / (double) n);
  gsl_vector_memcpy(g, ws->m->r_hat);
  for (size_t j = 0; j < d; j++)
    gsl_vector_set(g, j, gsl_vector_get(g, j) - ybar * gsl_vector_get(ws->xbar, j));
}

int sm_weights(const sm_estimator *e, const task *t, const task_spec *spec, sm_work *ws,
  gsl_vector *w)
{
  if (e->kind == SM_KERNEL) return 0;
  moments_compute(ws->m, t->X, t->y, t->n);
  switch (e->kind) {
  case SM_GD: est_gd(ws->m, e->eta, 1, w); break;
  case SM_DGD: centred_gradient(t, ws, w); gsl_vector_scale(w, e->eta); break;
  case SM_PDGD:
    centred_gradient(t, ws, ws->g);
    gsl_blas_dgemv(CblasNoTrans, 1.0, e->Gamma, ws->g, 0.0, w);
    break;
  case SM_BAYES:
    est_ridge(ws->m, lmmse_lambda(spec->sigma, spec->b * spec->b / (double) spec->d,
      t->n), w);
    break;
  default: break;
  }
  return 1;
}

@ The softmax is computed stably: subtracting $\max_i\omega s_i$ from every exponent changes
no weight. The exponentials are the support chapter's |mhicl_exp_array|.

@<Softmax functions@>=
double sm_kernel_predict(size_t H, const double *omega, const double *mu, const task *t,
  sm_work *ws)
{
  size_t n = t->n;
  for (size_t i = 0; i < n; i++) {
    gsl_vector_const_view row = gsl_matrix_const_row(t->X, i);
    gsl_blas_ddot(&row.vector, t->x_q, &ws->score[i]);
  }
  double yhat = 0.0;
  for (size_t h = 0; h < H; h++) {
    double top = -HUGE_VAL;
    for (size_t i = 0; i < n; i++) top = fmax(top, omega[h] * ws->score[i]);
    for (size_t i = 0; i < n; i++) ws->weight[i] = omega[h] * ws->score[i] - top;
    mhicl_exp_array(ws->weight, n);
    double num = 0.0, den = 0.0;
    for (size_t i = 0; i < n; i++) {
      num += ws->weight[i] * gsl_vector_get(t->y, i);
      den += ws->weight[i];
    }
    yhat += mu[h] * num / den;
  }
  return yhat;
}

double sm_predict(const sm_estimator *e, const task *t, const task_spec *spec, sm_work *ws)
{
  if (e->kind == SM_KERNEL) return sm_kernel_predict(e->H, e->omega, e->mu, t, ws);
  double yhat;
  sm_weights(e, t, spec, ws, ws->w);
  gsl_blas_ddot(ws->w, t->x_q, &yhat);
  return yhat;
}

@ Risk on a prompt. The risk of a predictor is $\Ex(\hat y-y_q)^2$. Given the prompt and
$\beta$, the query's noise can be integrated exactly, and so can the query itself when $\hat y$
is linear in it: the {\it conditional risk} of a prompt is
$$\norm{w-\beta}_\Sigma^2+\sigma^2\quad\hbox{(linear estimators)},\qquad
(\hat y-\beta\tp x_q)^2+\sigma^2\quad\hbox{(the kernel estimator)},$$
an unbiased estimate of the risk with a smaller variance than the squared error on the drawn
$y_q$. |sm_losses| evaluates several estimators on the same prompts (common random numbers, so
that their differences are measured with little noise), task $k$ of stream |stream| for
$k<|trials|$, and writes the conditional risk of estimator $j$ on task $k$ to
|loss[k*ne+j]|; |sm_risk| summarizes one estimator.

@<Softmax declarations@>=
double sm_loss(const sm_estimator *e, const task *t, const task_spec *spec, sm_work *ws);
void sm_losses(const sm_estimator *e, size_t ne, const task_spec *spec, size_t L,
  size_t trials, uint64_t seed, uint64_t stream, double *loss);
mc_summary sm_risk(const sm_estimator *e, const task_spec *spec, size_t L, size_t trials,
  uint64_t seed);

@ @<Softmax functions@>=
double sm_loss(const sm_estimator *e, const task *t, const task_spec *spec, sm_work *ws)
{
  double sigma2 = spec->sigma * spec->sigma;
  if (sm_weights(e, t, spec, ws, ws->w))
    return excess_risk(ws->w, t->beta, spec->Sigma) + sigma2;
  double f;
  gsl_blas_ddot(t->beta, t->x_q, &f);
  double r = sm_kernel_predict(e->H, e->omega, e->mu, t, ws) - f;
  return r * r + sigma2;
}

void sm_losses(const sm_estimator *e, size_t ne, const task_spec *spec, size_t L,
  size_t trials, uint64_t seed, uint64_t stream, double *loss)
{
  task *t = task_alloc(L, spec->d);
  sm_work *ws = sm_work_alloc(spec->d, L);
  for (size_t k = 0; k < trials; k++) {
    task_sample(spec, L, seed, stream, k, t);
    for (size_t j = 0; j < ne; j++) loss[k * ne + j] = sm_loss(&e[j], t, spec, ws);
  }
  sm_work_free(ws); task_free(t);
}

mc_summary sm_risk(const sm_estimator *e, const task_spec *spec, size_t L, size_t trials,
  uint64_t seed)
{
  double *loss = xmalloc(trials * sizeof(double));
  sm_losses(e, 1, spec, L, trials, seed, STREAM_EVAL, loss);
  mc_summary out = mc_summarize(loss, trials, 1);
  free(loss);
  return out;
}

@ Tuning the step. For gradient descent and debiased gradient descent the prediction is
$\eta$ times the prediction at $\eta=1$, so the conditional risk of a prompt is a quadratic
$A\eta^2+B\eta+C$ in $\eta$, and so is its average over the tuning prompts. Three evaluations,
at $\eta=0,1,2$, give the coefficients ($A=(\ell_2-2\ell_1+\ell_0)/2$, $B=\ell_1-\ell_0-A$),
and the tuned step $-B/(2A)$ minimizes the empirical risk exactly; no grid is needed.
|sm_tune_eta| does this on tasks of the tuning stream, for |SM_GD| and |SM_DGD| (any other kind
has no step, and gives a NaN).

@<Softmax declarations@>=
double sm_tune_eta(sm_kind kind, const task_spec *spec, size_t L, size_t trials,
  uint64_t seed);

@ @<Softmax functions@>=
double sm_tune_eta(sm_kind kind, const task_spec *spec, size_t L, size_t trials,
  uint64_t seed)
{
  if (kind != SM_GD && kind != SM_DGD) return NAN;
  sm_estimator e[3];
  memset(e, 0, sizeof e);
  for (int j = 0; j < 3; j++) { e[j].kind = kind; e[j].eta = (double) j; }
  double *loss = xmalloc(3 * trials * sizeof(double)), l[3];
  sm_losses(e, 3, spec, L, trials, seed, STREAM_TUNE, loss);
  for (int j = 0; j < 3; j++) l[j] = mc_summarize(loss + j, trials, 3).mean;
  free(loss);
  double A = 0.5 * (l[2] - 2.0 * l[1] + l[0]), B = l[1] - l[0] - A;
  return -B / (2.0 * A);
}

@ Tests: |test_estimators_on_prompts| checks, on drawn prompts, that |sm_predict| of gradient
descent is $\eta\rh\tp x_q$, that debiased gradient descent equals the direct sum
${\eta\over L}\sum_iy_i(x_i-\bar x)\tp x_q$ and equals the preconditioned form with $\Gamma=\eta I$,
that the kernel estimator with one head and $\omega=0$ is $\mu\bar y$ and with two heads is the
sum of two one-head estimators and equals the softmax sum written out, and that the Bayes
predictor solves $(X\tp X+\sigma^2dI)w=X\tp y$; all to $10^{-12}$ (rounding). It also checks that
the conditional risk of a linear estimator agrees with the mean squared error on noisy queries,
by Monte Carlo within four standard errors: for debiased gradient descent at $\eta=0.88$, 40000
prompts give $0.2426\pm0.0007$ and $0.2402\pm0.0020$, the conditional risk with a third of the
standard error. |test_tuned_step| checks that the tuned steps of gradient descent and debiased
gradient descent agree with the optimal steps of Proposition H6 within four standard errors of the
tuned step (measured over 8 independent tuning runs of 8000 prompts), and that the two are told
apart: measured $0.8799\pm0.0012$ against $\eta^*=0.8791$ for debiased gradient descent,
$0.8611\pm0.0011$ against $\eta^*_{\rm GD}=0.8602$ for gradient descent.

The setting itself is checked by |test_he_setting_preset|: over 60000 prompts
$\Ex\norm\beta^2=0.9986\pm0.0026$, $\Ex y_q^2=1.109\pm0.008$ (noisy query: a noiseless one would
give 1) and, at $\rho=0.5$, $\Ex x_1x_2=0.499\pm0.005$.

@*1 Reading the circuit off a layer: pattern metrics.
@^pattern metrics@>
@^dummy head@>
A head of the paper's layer has query, key and value matrices of size $(d+1)\times(d+1)$ and an
output row; it reads the context tokens $z_i=(x_i;y_i)$ and the query token $z_q=(x_q;0)$. In
the book's row convention (the transformer chapter's: a token is a row $a$, and $q=aW_Q$,
$k=aW_K$, $v=aW_V$, the head writes $zW_O$), with head width $d_h$, the score of context token
$i$ is $a_iW_KW_Q\tp a_q\tp/\sqrt{d_h}$, so the head's two circuits are
$${\rm KQ}={1\over\sqrt{d_h}}W_KW_Q\tp\in\Reals^{C\times C},\qquad
{\rm OV}=W_VW_O\,e_y\in\Reals^C,$$
with rows of KQ indexing the key's coordinates and columns the query's, and $e_y$ the unit vector
of the output coordinate that carries the prediction. In the paper's column convention (PyTorch's,
$q=W_Qz$) these are $W_K\tp W_Q/\sqrt{d+1}$ and the $y$-row of $W_OW_V$: the same matrices. The
paper's code plots $\omega$ with $\sqrt{d+2}$ in place of $\sqrt{d+1}$, which reads about 7\% low;
we use the scale of the softmax.

The paper reports that trained heads have ${\rm KQ}\approx\omega\,(I_d\oplus0)$ and
${\rm OV}\approx(0,\ldots,0,\mu)$. Its code measures this with three numbers per head, which we
adopt: with $B$ the top-left $d\times d$ block of KQ,
$$\hbox{diagonal ratio }{\norm{\diag B}_2\over\norm B_F},\qquad
\hbox{diagonal variance }{\Var(\diag B)\over({\rm mean}\,\diag B)^2},\qquad
\hbox{last-entry ratio }{\vert{\rm OV}_{d+1}\vert\over\norm{\rm OV}_2},$$
and it reads $\omega$ as the mean of $\diag B$ and $\mu$ as ${\rm OV}_{d+1}$. (We take the
population variance of the $d$ diagonal entries; which one the paper's code takes is not known to
us, and the unbiased one is $d/(d-1)$ times larger.) The code keeps only heads whose diagonal ratio
exceeds 0.7. We call a head a {\it dummy} when it fails that, or when its contribution
$\vert\omega_h\mu_h\vert$ to the debiased step is below 5\% of the largest head's (our
threshold: the paper's eight-head layers have two heads with $\omega\approx\mu\approx0$). Over the
active heads, the {\it sign rule} is $\sign\mu_h=\sign\omega_h$ for every head, and the
{\it zero-sum} defect is $\vert\sum_h\mu_h\vert/\sum_h\vert\mu_h\vert$.

@<Softmax types@>=
typedef struct {
  double omega, mu;  /* mean of $\diag B$; ${\rm OV}_{d+1}$ */
  double diag_ratio, diag_var, ov_last_ratio;
  double y_row;  /* largest $\vert{\rm KQ}_{d+1,j}\vert$, $j\le d$: the key's $y$-slot */
  int dummy;
} sm_head_pattern;

typedef struct {
  size_t active;  /* heads that are not dummies */
  int sign_rule;  /* 1 if $\sign\mu_h=\sign\omega_h$ for every active head */
  double mu_plus, mu_minus;  /* sums of $\mu_h$ over active heads with $\omega_h>0$, $<0$ */
  double zero_sum;  /* $\vert\sum\mu_h\vert/\sum\vert\mu_h\vert$ over active heads */
  double omega_spread;  /* $\max\vert\omega_h\vert/\min\vert\omega_h\vert$ over active heads */
} sm_layer_pattern;

@ |sm_head_circuits| forms KQ and OV from one head's weights, given as plain matrices
($W_Q,W_K,W_V$ of size $C\times d_h$, $W_O$ of size $d_h\times C$), and returns $-1$ if the
shapes do not agree. |sm_head_metrics| reads the numbers above from KQ and OV, with $d$ the
number of $x$-coordinates ($C=d+1$ in the paper's layer; the $y$ coordinate is $d$).
|sm_layer_metrics| marks the dummies among $H$ heads and summarizes the rest.

@<Softmax declarations@>=
int sm_head_circuits(const gsl_matrix *W_Q, const gsl_matrix *W_K, const gsl_matrix *W_V,
  const gsl_matrix *W_O, size_t y, gsl_matrix *KQ, gsl_vector *OV);
int sm_head_metrics(const gsl_matrix *KQ, const gsl_vector *OV, size_t d, sm_head_pattern *p);
void sm_layer_metrics(sm_head_pattern *heads, size_t H, sm_layer_pattern *out);

@ @<Softmax functions@>=
int sm_head_circuits(const gsl_matrix *W_Q, const gsl_matrix *W_K, const gsl_matrix *W_V,
  const gsl_matrix *W_O, size_t y, gsl_matrix *KQ, gsl_vector *OV)
{
  size_t C = W_Q->size1, dh = W_Q->size2;
  if (W_K->size1 != C || W_K->size2 != dh || W_V->size1 != C || W_V->size2 != dh
      || W_O->size1 != dh || W_O->size2 != C || KQ->size1 != C || KQ->size2 != C
      || OV->size != C || y >= C) return -1;
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0 / sqrt((double) dh), W_K, W_Q, 0.0, KQ);
  gsl_vector *o = gsl_vector_alloc(dh);
  gsl_vector_const_view col = gsl_matrix_const_column(W_O, y);
  gsl_vector_memcpy(o, &col.vector);
  gsl_blas_dgemv(CblasNoTrans, 1.0, W_V, o, 0.0, OV);
  gsl_vector_free(o);
  return 0;
}

int sm_head_metrics(const gsl_matrix *KQ, const gsl_vector *OV, size_t d, sm_head_pattern *p)
{
  if (KQ->size1 < d + 1 || KQ->size2 < d + 1 || OV->size < d + 1 || d == 0) return -1;
  double sum = 0.0, sum2 = 0.0, frob = 0.0, ov2 = 0.0, yrow = 0.0;
  for (size_t i = 0; i < d; i++) {
    double b = gsl_matrix_get(KQ, i, i);
    sum += b; sum2 += b * b;
    for (size_t j = 0; j < d; j++) frob += pow(gsl_matrix_get(KQ, i, j), 2);
    yrow = fmax(yrow, fabs(gsl_matrix_get(KQ, d, i)));
  }
  for (size_t i = 0; i < OV->size; i++) ov2 += pow(gsl_vector_get(OV, i), 2);
  double mean = sum / (double) d, var = sum2 / (double) d - mean * mean;
  p->omega = mean;
  p->mu = gsl_vector_get(OV, d);
  p->diag_ratio = frob > 0.0 ? sqrt(sum2 / frob) : 0.0;
  p->diag_var = mean != 0.0 ? fmax(var, 0.0) / (mean * mean) : HUGE_VAL;
  p->ov_last_ratio = ov2 > 0.0 ? fabs(p->mu) / sqrt(ov2) : 0.0;
  p->y_row = yrow;
  p->dummy = 0;
  return 0;
}

@ @<Softmax types@>=
#define SM_DIAG_RATIO_MIN 0.7 /* the paper's code keeps heads above this diagonal ratio */
#define SM_DUMMY_FRACTION 0.05 /* ours: a head below 5\% of the largest $\vert\omega\mu\vert$ */

@ @<Softmax functions@>=
void sm_layer_metrics(sm_head_pattern *heads, size_t H, sm_layer_pattern *out)
{
  double top = 0.0;
  for (size_t h = 0; h < H; h++)
    if (heads[h].diag_ratio > SM_DIAG_RATIO_MIN)
      top = fmax(top, fabs(heads[h].omega * heads[h].mu));
  memset(out, 0, sizeof *out);
  out->sign_rule = 1;
  double abs_sum = 0.0, wmin = HUGE_VAL, wmax = 0.0;
  for (size_t h = 0; h < H; h++) {
    sm_head_pattern *p = &heads[h];
    p->dummy = !(p->diag_ratio > SM_DIAG_RATIO_MIN)
      || !(fabs(p->omega * p->mu) >= SM_DUMMY_FRACTION * top) || top == 0.0;
    if (p->dummy) continue;
    out->active++;
    if ((p->mu > 0.0) != (p->omega > 0.0)) out->sign_rule = 0;
    if (p->omega > 0.0) out->mu_plus += p->mu; else out->mu_minus += p->mu;
    abs_sum += fabs(p->mu);
    wmin = fmin(wmin, fabs(p->omega)); wmax = fmax(wmax, fabs(p->omega));
  }
  out->zero_sum = abs_sum > 0.0 ? fabs(out->mu_plus + out->mu_minus) / abs_sum : 0.0;
  out->omega_spread = out->active > 0 ? wmax / wmin : 0.0;
}

@ Tests: |test_pattern_metrics_hand_built| builds heads whose KQ is $\omega(I_d\oplus0)$ and
whose OV is $\mu e_{d+1}$ from weight matrices (with a random orthogonal rotation inside the head,
which changes the weights but not the circuits) and checks that $\omega$ and $\mu$ are read back
to $10^{-12}$, that the three ratios are 1, 0 and 1, that a perturbed head has the ratios the
formulas give, and that a mismatched shape is refused. |test_layer_metrics_dummy_and_sign| builds
a layer like the paper's eight-head one (six active heads at $\vert\omega\vert\approx0.13$, two
dummies), and checks the dummy detection, the sign rule, the zero-sum defect and the split
$\mu_\pm$, and that a head of the wrong sign breaks the sign rule. Measured on that layer: six
active heads, $\mu_+=3.17$, $\mu_-=-3.20$, a zero-sum defect of $0.0047$ and an $\vert\omega\vert$
spread of $1.08$.

@*1 The reduced model and its approximate loss.
@^approximate population loss@>
Substituting the pattern into the layer leaves the kernel estimator, a model with $2H$ parameters
$(\omega,\mu)$. Its risk has a closed form in the limit of long prompts. Write $\kappa=1+\sigma^2$
and let $E\in\Reals^{H\times H}$ be $E_{hk}=e^{d\omega_h\omega_k}$.

@^Proposition H1 (approximate population loss)@>\proclaim Proposition H1 (approximate population loss; the paper's code, our derivation). For
fixed $d$ and $(\omega,\mu)$, as $L\to\infty$ the risk of the kernel estimator is
$$\tilde{\cal L}(\omega,\mu)=\kappa-2\mu\tp\omega+\mu\tp\Bigl(\omega\omega\tp+{\kappa\over L}E
\Bigr)\mu$$
up to terms of order $1/L$ beyond the one kept, and up to the replacement of $\norm{x_q}^2$ by its
mean $d$.

{\it Proof (heuristic, ours).} Head $h$ averages the $y_i$ with weights
$S_h(i)=e^{\omega_hs_i}/\sum_je^{\omega_hs_j}$. Given $x_q$, $\Ex e^{\omega x\tp x_q}=
e^{\omega^2\norm{x_q}^2/2}$, so by the law of large numbers the denominator is
$Le^{\omega^2\norm{x_q}^2/2}(1+O(L^{-1/2}))$. By Stein's lemma
$\Ex[e^{\omega x\tp x_q}x]=\omega x_qe^{\omega^2\norm{x_q}^2/2}$, so
$\Ex\sum_iS_h(i)y_i\approx\omega_h\beta\tp x_q$: the mean of the prediction is
$(\mu\tp\omega)\beta\tp x_q$. Its fluctuation is a sum of $L$ weighted terms $y_i$ with
$\Ex y_i^2=\kappa$ and covariance across heads $\sum_iS_h(i)S_k(i)\kappa\approx\kappa
\Ex[e^{(\omega_h+\omega_k)x\tp x_q}]/(L\,e^{(\omega_h^2+\omega_k^2)\norm{x_q}^2/2})
=\kappa e^{\omega_h\omega_k\norm{x_q}^2}/L$, and $\norm{x_q}^2\approx d$. With
$\Ex(\beta\tp x_q)^2=1$, $\Ex y_q^2=\kappa$ and $\Ex y_q\beta\tp x_q=1$ the three terms of
$\tilde{\cal L}$ follow. \quad$\square$

The approximation drops terms of order $1/L$ (the fluctuation of the denominator, the correlation
of $y_i$'s weight with $y_i$ itself) and the spread of $\norm{x_q}^2$; its error at the paper's
length is a few hundredths.

@<Softmax declarations@>=
double sm_approx_loss(const sm_setting *s, size_t H, const double *omega, const double *mu);
void sm_approx_grad(const sm_setting *s, size_t H, const double *omega, const double *mu,
  double *g_omega, double *g_mu);

@ The gradient is that of ${1\over2}\tilde{\cal L}$ (the paper's code's flow uses half the loss):
$$\nabla_\mu=-\omega+\Bigl(\omega\omega\tp+{\kappa\over L}E\Bigr)\mu,\qquad
\nabla_\omega=-\mu+(\mu\tp\omega)\mu+{d\kappa\over L}(E\circ\mu\mu\tp)\omega,$$
the last because $\partial E_{jk}/\partial\omega_h=d(\omega_k[j=h]+\omega_j[k=h])E_{jk}$.

@<Softmax functions@>=
static double E_entry(const sm_setting *s, double a, double b)
{
  return exp((double) s->d * a * b);
}

double sm_approx_loss(const sm_setting *s, size_t H, const double *omega, const double *mu)
{
  double kappa = 1.0 + s->sigma2, a = 0.0, q = 0.0;
  for (size_t h = 0; h < H; h++) {
    a += mu[h] * omega[h];
    for (size_t k = 0; k < H; k++) q += mu[h] * mu[k] * E_entry(s, omega[h], omega[k]);
  }
  return kappa - 2.0 * a + a * a + kappa / (double) s->L * q;
}

void sm_approx_grad(const sm_setting *s, size_t H, const double *omega, const double *mu,
  double *g_omega, double *g_mu)
{
  double kappa = 1.0 + s->sigma2, c = kappa / (double) s->L, a = 0.0;
  for (size_t h = 0; h < H; h++) a += mu[h] * omega[h];
  for (size_t h = 0; h < H; h++) {
    double Emu = 0.0, Emuw = 0.0;
    for (size_t k = 0; k < H; k++) {
      double e = E_entry(s, omega[h], omega[k]);
      Emu += e * mu[k]; Emuw += e * mu[k] * omega[k];
    }
    g_mu[h] = -omega[h] + omega[h] * a + c * Emu;
    g_omega[h] = -mu[h] + a * mu[h] + c * (double) s->d * mu[h] * Emuw;
  }
}

@ Tests: |test_approx_loss_gap_shrinks| measures the risk of the two-head kernel estimator at
$(\omega,\mu)=(\pm0.13,\pm3.45)$ by Monte Carlo at $L=40$, 160 and 640, with debiased gradient
descent at $\eta=2\omega\mu$ as a control variate: on each prompt and query it averages
$(\hat y-\beta\tp x_q)^2-(\hat y_{\rm DGD}-\beta\tp x_q)^2$ and adds the exact risk of
Proposition H6, which cuts the standard error tenfold. It checks that this agrees with the plain
Monte Carlo, that the gap to $\tilde{\cal L}$ is positive at $L=40$ (four standard errors), that it
shrinks by at least a factor 2.5 from each length to the next (a $1/L$ decay shrinks it by 4),
and that at $L=640$ it is below 0.003. Measured (40000, 16000 and 4000 prompts):
$$\vbox{\halign{\hfil#\quad&\hfil#\quad&\hfil#\quad&\hfil#\cr
$L$&risk&$\tilde{\cal L}$&gap\cr
40&$0.2434\pm0.0002$&0.2214&0.0220\cr
160&$0.1445\pm0.0001$&0.1383&0.0062\cr
640&$0.1191\pm0.0000$&0.1175&0.0016\cr}}$$
against 0.2446, 0.1439 and 0.1182 (plain Monte Carlo) in the notes: the gaps shrink by 3.5 and
3.9, close to the factor 4 of a $1/L$ term. |test_approx_grad_finite_difference| checks the gradient against central
differences of |sm_approx_loss| ($10^{-7}$, the differencing error at step $10^{-5}$).

@*1 The optimal output weights, and why they sum to zero.
@^zero-sum output weights@>
For fixed $\omega$, $\tilde{\cal L}$ is a convex quadratic in $\mu$ with Hessian
$2A(\omega)$, $A=\omega\omega\tp+{\kappa\over L}E$.

@^Proposition H2 (optimal OV and zero-sum)@>\proclaim Proposition H2 (optimal OV and zero-sum; the paper's code computes $\mu^*$, the
zero-sum reading is the paper's, the proof ours). The minimizer over $\mu$ is
$\mu^*(\omega)=A(\omega)^{-1}\omega$, and the profile loss is
$\min_\mu\tilde{\cal L}(\omega,\mu)=\kappa-\omega\tp A(\omega)^{-1}\omega$. If
$\omega=(w,-w)$ then $\mu^*_1=-\mu^*_2$: the output weights sum to zero.

{\it Proof.} Setting $\nabla_\mu\tilde{\cal L}=2(A\mu-\omega)=0$ gives $\mu^*$, and substituting,
$\kappa-2\omega\tp A^{-1}\omega+\omega\tp A^{-1}AA^{-1}\omega$. $E$ is positive semi-definite (the
entrywise exponential of the positive semi-definite $d\,\omega\omega\tp$, by the Schur product
theorem) with positive diagonal, so $A$ is positive definite whenever the $\omega_h$ are distinct.
For $\omega=(w,-w)$ let $P$ swap the two heads: $P\omega=-\omega$ and $PEP=E$ (since
$E_{hk}$ depends on $\omega_h\omega_k$ only), so $PAP=A$, and $P\mu^*=PA^{-1}\omega=A^{-1}P\omega=
-\mu^*$. \quad$\square$

Why zero-sum matters: with $\mu\tp E\mu=\sum_{k\ge0}{d^k\over k!}\bigl(\sum_h\mu_h\omega_h^k
\bigr)^2$, the $k=0$ term ${\kappa\over L}(\sum_h\mu_h)^2$ is the variance of the bias
$\bar y\sum_h\mu_h$ that every head adds; zero-sum output weights remove it.

The code solves $A\mu=\omega$ with the estimators chapter's eigensystem and pseudo-inverse filter,
which also gives the least-norm solution when two heads share an $\omega$ and $A$ is singular.

@<Softmax declarations@>=
void sm_mu_star(const sm_setting *s, size_t H, const double *omega, double *mu);
double sm_profile_loss(const sm_setting *s, size_t H, const double *omega);

@ @<Softmax functions@>=
void sm_mu_star(const sm_setting *s, size_t H, const double *omega, double *mu)
{
  double c = (1.0 + s->sigma2) / (double) s->L;
  gsl_matrix *A = gsl_matrix_alloc(H, H);
  for (size_t h = 0; h < H; h++)
    for (size_t k = 0; k < H; k++)
      gsl_matrix_set(A, h, k, omega[h] * omega[k] + c * E_entry(s, omega[h], omega[k]));
  eigensystem *e = eigensystem_alloc(H);
  eigensystem_compute(e, A);
  double lmax = 0.0;
  for (size_t h = 0; h < H; h++) lmax = fmax(lmax, fabs(gsl_vector_get(e->lambda, h)));
  double tau = 1e-14 * (double) H * lmax;
  gsl_vector_const_view w = gsl_vector_const_view_array(omega, H);
  gsl_vector_view m = gsl_vector_view_array(mu, H);
  eigensystem_filter(e, filter_pinv, &tau, &w.vector, &m.vector);
  eigensystem_free(e); gsl_matrix_free(A);
}

double sm_profile_loss(const sm_setting *s, size_t H, const double *omega)
{
  double *mu = xmalloc(H * sizeof(double)), q = 0.0;
  sm_mu_star(s, H, omega, mu);
  for (size_t h = 0; h < H; h++) q += omega[h] * mu[h];
  free(mu);
  return 1.0 + s->sigma2 - q;
}

@ Tests: |test_mu_star_zero_sum_and_profile| checks, at the paper's setting, that $\mu^*$ zeroes
the gradient of |sm_approx_loss| ($10^{-12}$), that random perturbations of $\mu^*$ never lower
$\tilde{\cal L}$, that $\tilde{\cal L}(\omega,\mu^*)$ equals the profile formula ($10^{-13}$), that
$\mu^*_1+\mu^*_2=0$ for $\omega=(w,-w)$ at several $w$ (to $10^{-12}$ relative) while an
asymmetric $\omega$ gives a sum that is not zero (more than $10^{-4}$ of $\sum\vert\mu^*_h\vert$),
and it computes the profile values at $w\to0$, $0.13$ and $0.2$, which increase with $w$: the
valley is nearly flat. Measured: 0.22088, 0.22101 and 0.22159, the notes' values to their five
decimals. For the asymmetric $\omega=(0.2,-0.05)$, $\mu^*=(3.4874,-3.5047)$: the optimum is
nearly zero-sum even then, because the $k=0$ term penalizes $(\sum_h\mu_h)^2$ whatever $\omega$
is; symmetry makes it exact.

@*1 Two heads are enough.
@^two heads suffice@>

@^Proposition H3 (lower bound for every H)@>\proclaim Proposition H3 (lower bound for every $H$; ours, after the paper's claim that any
$H\ge2$ behaves like two heads). For every $H$ and every $(\omega,\mu)$,
$$\tilde{\cal L}(\omega,\mu)\ \ge\ \kappa-{1\over1+\kappa d/L}.$$
Two heads $\omega=(w,-w)$, $\mu=(m,-m)$ with $\eta=2wm$ have
$$\tilde{\cal L}=\kappa-2\eta+\eta^2\Bigl(1+{\kappa\,\sinh(dw^2)\over L\,w^2}\Bigr),$$
which tends to the bound as $w\to0$ with $\eta$ fixed at $\eta^*=L/(L+\kappa d)$; the bound is
not attained at any $w>0$.

{\it Proof.} Expand $E_{hk}=\sum_{j\ge0}{d^j\over j!}(\omega_h\omega_k)^j$ to get
$\mu\tp E\mu=\sum_{j\ge0}{d^j\over j!}(\sum_h\mu_h\omega_h^j)^2\ge d\,a^2$ with $a=\mu\tp\omega$
(keep the term $j=1$). Then $\tilde{\cal L}\ge\kappa-2a+a^2(1+\kappa d/L)$, a quadratic in $a$
whose minimum is the bound. For the pair, $\mu\tp\omega=\eta$ and
$\mu\tp E\mu=m^2(2e^{dw^2}-2e^{-dw^2})=\eta^2\sinh(dw^2)/w^2$; since $\sinh(x)/x$ increases
from 1 at $x=0$, the loss is strictly above its limit $\kappa-2\eta+\eta^2(1+\kappa d/L)$,
which at $\eta=\eta^*$ is the bound. \quad$\square$

So the minimum is approached along a valley, $w\downarrow0$ and $m\uparrow\infty$ with
$2wm\to\eta^*$, and never reached: a reviewer's remark that the paper's analysis suggests
$w\to0$ while its trained models stop near $w\approx0.13$ is explained by how flat that valley is
(the profile values of the previous section).

@<Softmax declarations@>=
double sm_lower_bound(const sm_setting *s);
double sm_eta_star(const sm_setting *s);
double sm_two_head_loss(const sm_setting *s, double w, double eta);

@ @<Softmax functions@>=
double sm_lower_bound(const sm_setting *s)
{
  double kappa = 1.0 + s->sigma2;
  return kappa - 1.0 / (1.0 + kappa * (double) s->d / (double) s->L);
}

double sm_eta_star(const sm_setting *s)
{
  return (double) s->L / ((double) s->L + (1.0 + s->sigma2) * (double) s->d);
}

double sm_two_head_loss(const sm_setting *s, double w, double eta)
{
  double kappa = 1.0 + s->sigma2, x = (double) s->d * w * w;
  double shx = x == 0.0 ? (double) s->d : sinh(x) / (w * w);
  return kappa - 2.0 * eta + eta * eta * (1.0 + kappa * shx / (double) s->L);
}

@ Tests: |test_lower_bound_all_heads| draws 20000 random $(\omega,\mu)$ for each
$H\in\{1,2,3,4,8\}$, with $\mu$ both random and equal to $\mu^*(\omega)$, and checks that none
beats the bound by more than rounding ($10^{-12}$ times the size of the terms of
$\tilde{\cal L}$, which cancel when $\mu$ is large); that the bound is not vacuous, since the best
draws come within $10^{-3}$ of it; that the closed two-head form equals |sm_approx_loss| (to
rounding); and that along $w=0.2,0.1,\ldots$ at $\eta=\eta^*$ the gap to the bound decreases to
below $10^{-6}$ and stays positive. Measured: the bound is 0.220879 at the paper's setting, the
closest of the 200000 evaluations lies $1.3\cdot10^{-9}$ below it, within the rounding allowance
(a $\mu^*$ at nearly equal $\omega_h$, whose large entries cancel in $\tilde{\cal L}$), and the two-head gap at $w=1.2\cdot10^{-4}$ is $6\cdot10^{-16}$.

@*1 One head against two.
@^single head@>

@^Proposition H4 (single-head optimum)@>\proclaim Proposition H4 (single-head optimum; the paper's code uses these values, the factor
$e$ reading is ours). For $H=1$,
$$\min_\mu\tilde{\cal L}_1(\omega,\mu)=\kappa-{1\over1+\kappa e^{d\omega^2}/(L\omega^2)},$$
minimized at $\omega^2=1/d$, where
$$\min\tilde{\cal L}_1=\kappa-{1\over1+e\,\kappa d/L},\qquad\mu={\sqrt d\over1+e\kappa d/L}
\quad(\omega=1/\sqrt d).$$
Hence the excess of the best single head over $\sigma^2$, $e\kappa\xi/(1+e\kappa\xi)$ with
$\xi=d/L$, is $e$ times that of the two-head bound, $\kappa\xi/(1+\kappa\xi)$, as $\xi\to0$.

{\it Proof.} With one head, $A=\omega^2+\kappa e^{d\omega^2}/L$ and the profile loss is
$\kappa-\omega^2/A$, the formula. It is smallest where $e^{du}/u$ is, $u=\omega^2$; the
derivative $e^{du}(du-1)/u^2$ vanishes at $u=1/d$, where $e^{du}/u=ed$. Then
$\mu^*=\omega/A$ gives the stated $\mu$. The excess risks are the bounds minus $\sigma^2$, and
their ratio is $e(1+\kappa\xi)/(1+e\kappa\xi)\to e$. \quad$\square$

A single head cannot cancel the bias $\mu\bar y$, and pays for it with a smaller $\omega$'s worth
of signal: the factor $e$ is the cost of the uncancelled $k=0$ term.

@<Softmax declarations@>=
double sm_single_head_profile(const sm_setting *s, double omega);
void sm_single_head_optimum(const sm_setting *s, double *omega, double *mu, double *loss);

@ @<Softmax functions@>=
double sm_single_head_profile(const sm_setting *s, double omega)
{
  return sm_profile_loss(s, 1, &omega);
}

void sm_single_head_optimum(const sm_setting *s, double *omega, double *mu, double *loss)
{
  double kappa = 1.0 + s->sigma2, xi = (double) s->d / (double) s->L;
  *omega = 1.0 / sqrt((double) s->d);
  *mu = sqrt((double) s->d) / (1.0 + exp(1.0) * kappa * xi);
  *loss = kappa - 1.0 / (1.0 + exp(1.0) * kappa * xi);
}

@ Tests: |test_single_head_optimum| minimizes |sm_single_head_profile| over a grid of 4001
values of $\omega\in(0,1.5]$ and checks that the argmin is $1/\sqrt d$ within the grid step and the
minimum is the closed form ($10^{-12}$, 0.3721 at the paper's setting), that $\mu$ is $\mu^*$,
that the ratio of single-head to two-head excess tends to $e$ (within $10^{-4}$ at $L=10^6$)
while at $L=40$ it is well below $e$, and that by Monte Carlo the single-head kernel estimator
at the paper's setting is worse than the two-head one at $(\pm0.13,\pm3.45)$. Measured: the grid's
argmin 0.4473 ($1/\sqrt5=0.4472$), the minimum 0.3721 with $\mu=1.6277$ (the notes: 0.3721 and
1.63; the paper's trained single head has $\vert\omega\vert=0.52$, $\vert\mu\vert=1.55$); the
excess ratio 2.25 at $L=40$ and $e$ to $10^{-4}$ at $L=10^6$; by Monte Carlo (40000 prompts)
$0.4084\pm0.0030$ for the single head (the notes: 0.4056) against $0.2447\pm0.0015$ for the pair.

@*1 The debiased gradient step, exactly.
@^exact risk@>

@^Proposition H5 (debiased GD equivalence)@>\proclaim Proposition H5 (debiased GD equivalence; the paper's claim, our proof). For the
sign-symmetric pair $\omega=(w,-w)$, $\mu=(m,-m)$ with $\eta=2wm$ fixed, the kernel estimator
differs from debiased gradient descent with step $\eta$ by $O(\eta w^2)$ on every prompt:
$$\hat y(\omega,\mu)=\hat y_{\rm DGD}+O(\eta\,w^2).$$

{\it Proof.} $\hat y(\omega,\mu)=m\sum_iy_i[S_w(i)-S_{-w}(i)]$ with $S_w={\rm softmax}(ws)$.
The map $w\mapsto S_w(i)-S_{-w}(i)$ is odd and smooth, so its Taylor series has odd powers only;
its linear term is $2w(s_i-\bar s)/L$ (the derivative of softmax at $0$ is
$(I-{1\over L}{\bf 1}{\bf 1}\tp)/L$). So $S_w(i)-S_{-w}(i)=2w(s_i-\bar s)/L+O(w^3)$ and,
multiplying by $m=\eta/(2w)$, $\hat y=(\eta/L)\sum_iy_i(s_i-\bar s)+O(\eta w^2)$, where
$\sum_iy_i(s_i-\bar s)=\sum_iy_i(x_i-\bar x)\tp x_q$. \quad$\square$

@^Proposition H6 (exact finite-L risks)@>\proclaim Proposition H6 (exact finite-$L$ risks; ours, the paper's code has the optimal step).
For $x\sim N(0,I_d)$, $\beta\sim N(0,I_d/d)$,
$$\eqalign{R_{\rm DGD}(\eta)&=\kappa-2\eta{L-1\over L}+\eta^2{(L-1)(L+\kappa d)\over L^2},\qquad
\eta^*={L\over L+\kappa d},\qquad R_{\rm DGD}(\eta^*)=\kappa-{L-1\over L+\kappa d},\cr
R_{\rm GD}(\eta)&=\kappa-2\eta+\eta^2{L+1+\kappa d\over L},\qquad
\eta^*_{\rm GD}={L\over L+1+\kappa d}.\cr}$$

{\it Proof.} Debiased GD predicts $\eta g\tp x_q$ with $g={1\over L}(W\beta+X_c\tp\epsilon)$,
where $X_c$ is the centred design and $W=X_c\tp X_c$ is Wishart with $L-1$ degrees of freedom and
scale $I$, independent of $\beta$. Its risk is $\Ex\norm{\eta g-\beta}^2+\sigma^2$. With
$\Ex W=(L-1)I$ and $\Ex W^2=(L-1)(L+d)I$ (the Wishart second moment
$m(m+1)I+m\,\tr(I)I$, $m=L-1$), $\Ex g\tp\beta=(L-1)/L$ and
$\Ex\norm g^2=[(L-1)(L+d)+\sigma^2(L-1)d]/L^2$. Expanding the square gives $R_{\rm DGD}$;
minimizing the quadratic gives $\eta^*$ and its value. Gradient descent is the same with the
uncentred $X\tp X$, Wishart with $L$ degrees of freedom. \quad$\square$

The optimal step of debiased gradient descent is the $\eta^*$ of Proposition H3: the two-head
valley and the best debiased step are the same number, $0.879$ at the paper's setting.

@<Softmax declarations@>=
double sm_risk_dgd(const sm_setting *s, double eta);
double sm_risk_gd(const sm_setting *s, double eta);
double sm_eta_star_gd(const sm_setting *s);

@ @<Softmax functions@>=
double sm_risk_dgd(const sm_setting *s, double eta)
{
  double L = (double) s->L, kappa = 1.0 + s->sigma2, d = (double) s->d;
  return kappa - 2.0 * eta * (L - 1.0) / L + eta * eta * (L - 1.0) * (L + kappa * d) / (L * L);
}

double sm_risk_gd(const sm_setting *s, double eta)
{
  double L = (double) s->L, kappa = 1.0 + s->sigma2, d = (double) s->d;
  return kappa - 2.0 * eta + eta * eta * (L + 1.0 + kappa * d) / L;
}

double sm_eta_star_gd(const sm_setting *s)
{
  double L = (double) s->L;
  return L / (L + 1.0 + (1.0 + s->sigma2) * (double) s->d);
}

@ Tests: |test_kernel_is_debiased_gd| measures on 2000 prompts of the paper's setting the root
mean square of $\hat y(\omega,\mu)-\hat y_{\rm DGD}$ at $\eta=0.88$ and $w=0.2,0.1,0.05,0.025$
and checks that each halving of $w$ divides it by between 3.5 and 4.5 (a $w^2$ law divides by
4; a $w$ law, by 2). Measured: 0.0448, 0.0127, 0.0033, 0.0008 (the notes, on other prompts:
0.0411, 0.0110, 0.0028, 0.0007), ratios 3.53, 3.89 and 3.99. |test_dgd_gd_exact_risk| checks
$R_{\rm DGD}$ and $R_{\rm GD}$ against Monte Carlo within four standard errors at $L=10,40,100$
(and at $d=20$, $L=100$, $\sigma^2=3$), at $\eta^*$ and at a step away from it, and checks that
the Monte Carlo separates $\eta^*$ from $1.2\eta^*$. Measured with 40000 prompts each:
$$\vbox{\halign{#\hfil\quad&\hfil#\quad&\hfil#\cr
case&Monte Carlo&formula\cr
DGD, $L=10$, $\eta^*$&$0.5203\pm0.0017$&0.5194\cr
DGD, $L=40$, $\eta^*$&$0.2436\pm0.0007$&0.2429\cr
DGD, $L=100$, $\eta^*$&$0.1614\pm0.0003$&0.1616\cr
DGD, $d=20$, $L=100$, $\sigma^2=3$, $\eta^*$&$3.4499\pm0.0007$&3.4500\cr
GD, $L=40$, $\eta=0.897$&$0.2423\pm0.0007$&0.2414\cr}}$$
(the notes' Monte Carlo: 0.5220, 0.2418, 0.1629, 3.4488 and 0.2399).

@*1 Limits, and the Bayes risk.
@^Bayes risk, proportional limit@>

@^Proposition H7 (limits)@>\proclaim Proposition H7 (limits; ours, the paper states a comparison with the Bayes risk whose
form we do not know). As $L\to\infty$ with $d$ fixed the risks of debiased gradient descent at
$\eta^*$, of the best single head and of the Bayes predictor all tend to $\sigma^2$. As
$d,L\to\infty$ with $d/L\to\xi$,
$$R_{\rm DGD}(\eta^*)\to\sigma^2+{\xi\kappa\over1+\xi\kappa},\qquad
R_{\rm Bayes}\to{1\over2}\Bigl[\sigma^2+1-{1\over\xi}+\sqrt{4\sigma^2+(\sigma^2+1/\xi-1)^2}\Bigr].$$
As $\xi\to0$ the excess risks over $\sigma^2$ are $\kappa\xi$ and $\sigma^2\xi$ to first order:
debiased gradient descent is within the factor $(1+\sigma^2)/\sigma^2$ of Bayes in excess risk.

{\it Proof.} The first limit is Proposition H6 with $d=\xi L$. The Bayes predictor is ridge
with $\lambda=\sigma^2d$, whose excess risk given $X$ is the posterior variance
$\sigma^2\tr((X\tp X+\sigma^2dI)^{-1})=\sigma^2\xi\cdot{1\over d}\tr((\Sh+\lambda' I)^{-1})$ with
$\lambda'=\sigma^2\xi$. The normalized trace tends to the Stieltjes transform $m$ of the
Marchenko--Pastur law of ratio $\xi$ at $-\lambda'$, the positive root of
$\xi\lambda'm^2+(1-\xi+\lambda')m-1=0$; substituting gives the formula. Expanding both limits to
first order in $\xi$ gives the last claim. \quad$\square$

@<Softmax declarations@>=
double sm_dgd_limit(double xi, double sigma2);
double sm_bayes_limit(double xi, double sigma2);

@ @<Softmax functions@>=
double sm_dgd_limit(double xi, double sigma2)
{
  double k = (1.0 + sigma2) * xi;
  return sigma2 + k / (1.0 + k);
}

double sm_bayes_limit(double xi, double sigma2)
{
  double a = sigma2 + 1.0 / xi - 1.0;
  return 0.5 * (sigma2 + 1.0 - 1.0 / xi + sqrt(4.0 * sigma2 + a * a));
}

@ Tests: |test_proportional_limits| checks that the exact $R_{\rm DGD}(\eta^*)$ at $d=\xi L$
tends to its limit (gap below $10^{-4}$ at $L=10^5$, and falling), that the Bayes limit is the
Monte-Carlo risk of the Bayes predictor at $d=5$, $L=40$, $\sigma^2=0.1$ (0.1141) and at $d=20$,
$L=100$, $\sigma^2=3$ (3.4051) within four standard errors plus a finite-size allowance of 1\%,
that the Bayes predictor beats debiased gradient descent on the same prompts, and that the ratio
of excess risks tends to $(1+\sigma^2)/\sigma^2$ as $\xi\to0$ (within 1\% at $\xi=10^{-4}$), and
that all three risks reach $\sigma^2$ as $L\to\infty$. Measured (16000 prompts): the Bayes
predictor's risk is $0.1144\pm0.0001$ at $d=5$, $L=40$ (limit 0.1141, the notes' Monte Carlo
0.1142) and $3.4092\pm0.0011$ at $d=20$, $L=100$, $\sigma^2=3$ (limit 3.4051, the notes' 3.404),
finite-size offsets of 0.3\% and 0.1\%; debiased gradient descent there is 0.2427 and 3.4537. The
excess ratios at $\xi=10^{-4}$ are 10.998 ($\sigma^2=0.1$, predicted 11) and 1.3331
($\sigma^2=3$, predicted 4/3). In the paper's own low-noise setting the Bayes predictor is thus
far better than the debiased step (0.114 against 0.243); ``nearly Bayes-optimal'' holds only up to
the factor $(1+\sigma^2)/\sigma^2$ in excess risk, which is small only at high noise.

@*1 The estimators against the prompt length.
@^length generalization@>
The paper's code compares five predictors at $d=5$, $\sigma^2=0.1$ over prompt lengths
$L=10,\ldots,100$: the two-head kernel estimator at the plug-in values $(\omega,\mu)=(\pm0.13,
\pm3.45)$, gradient descent and debiased gradient descent at the same step $\eta=2\omega\mu=0.897$,
the single head that is best at $L=40$ (Proposition H4: $\omega=1/\sqrt d$, $\mu=1.628$), and the
Bayes predictor. All keep their parameters fixed as $L$ changes, as a model trained at $L=40$
would (the Bayes predictor's penalty $\sigma^2d$ does not depend on $L$): softmax
attention divides by the actual length, so a fixed $\eta$ keeps acting on an average, and the
risk keeps falling beyond the training length.

|sm_compare_csv| measures the five on the same prompts (for each $L$, tasks $0,\ldots,|trials|-1$
of the evaluation stream, nested across lengths) and writes one row per length and predictor: the
Monte-Carlo risk, its standard error, and beside it the closed form that applies (Proposition H6
for the two gradient steps, $\tilde{\cal L}$ of Proposition H1 for the kernel estimators, the
proportional limit of Proposition H7 at $\xi=d/L$ for Bayes).

@<Softmax declarations@>=
int sm_compare_csv(FILE *f, const size_t *Ls, size_t nL, size_t trials, uint64_t seed);

@ @<Softmax functions@>=
int sm_compare_csv(FILE *f, const size_t *Ls, size_t nL, size_t trials, uint64_t seed)
{
  enum { NE = 5 };
  static const char *const names[NE] = { "multi_head", "single_head", "gd", "dgd", "bayes" };
  const double w2[2] = { 0.13, -0.13 }, m2[2] = { 3.45, -3.45 }, eta = 2.0 * 0.13 * 3.45;
  double *loss = xmalloc(trials * NE * sizeof(double)), w1, m1, l1;
  sm_setting s40;
  sm_setting_paper(&s40);
  sm_single_head_optimum(&s40, &w1, &m1, &l1);
  fprintf(f, "L,estimator,risk,se,closed_form,trials,seed,d,sigma2,omega,mu,eta\n");
  for (size_t a = 0; a < nL; a++) {
    sm_setting s;
    sm_setting_paper(&s);
    s.L = Ls[a];
    task_spec spec;
    sm_task_spec(&spec, &s, 0.0);
    sm_estimator e[NE];
    memset(e, 0, sizeof e);
    e[0].kind = SM_KERNEL; e[0].H = 2; e[0].omega = w2; e[0].mu = m2;
    e[1].kind = SM_KERNEL; e[1].H = 1; e[1].omega = &w1; e[1].mu = &m1;
    e[2].kind = SM_GD; e[2].eta = eta;
    e[3].kind = SM_DGD; e[3].eta = eta;
    e[4].kind = SM_BAYES;
    double closed[NE] = { sm_approx_loss(&s, 2, w2, m2), sm_approx_loss(&s, 1, &w1, &m1),
      sm_risk_gd(&s, eta),
      sm_risk_dgd(&s, eta), sm_bayes_limit((double) s.d / (double) s.L, s.sigma2) };
    sm_losses(e, NE, &spec, s.L, trials, seed, STREAM_EVAL, loss);
    for (int j = 0; j < NE; j++) {
      mc_summary r = mc_summarize(loss + j, trials, NE);
      fprintf(f, "%zu,%s,%.17g,%.17g,%.17g,%zu,%llu,%zu,%.17g,%.17g,%.17g,%.17g\n", s.L,
        names[j], r.mean, r.se, closed[j], trials, (unsigned long long) seed, s.d, s.sigma2,
        j == 0 ? w2[0] : j == 1 ? w1 : NAN, j == 0 ? m2[0] : j == 1 ? m1 : NAN,
        j == 2 || j == 3 ? eta : NAN);
    }
    task_spec_free(&spec);
  }
  free(loss);
  return 0;
}

@ The committed file \.{generated/he2025-estimators.csv} (written by \.{mhicl softmax risk}, 20000
prompts per length, seed 1) gives this picture (Figure~\figref{softmax-risk}). Debiased gradient descent and the two-head kernel
estimator are indistinguishable at every length, plain gradient descent is close to both, the
single head is far above, and the Bayes predictor, which knows $\sigma^2$ and the prior, is far
below: at $\sigma^2=0.1$ one debiased step is a long way from optimal. Measured, beside the
notes' values from the paper's code (50000 prompts per length there):
$$\vbox{\halign{\hfil#\quad&\hfil#\quad&\hfil#\quad&\hfil#\quad&\hfil#\quad&\hfil#\cr
$L$&two heads&single head&GD&debiased GD&Bayes\cr
\noalign{\smallskip}
10&$0.602\pm0.009$ (0.604)&$0.870\pm0.010$ (0.875)&$0.628$ (0.643)&$0.603$ (0.614)&$0.196$ (0.194)\cr
40&$0.246\pm0.002$ (0.243)&$0.410\pm0.004$ (0.405)&$0.241$ (0.241)&$0.243$ (0.243)&$0.115$ (0.115)\cr
70&$0.189\pm0.001$ (0.187)&$0.322\pm0.003$ (0.32)&$0.185$ (0.186)&$0.187$ (0.187)&$0.108$ (0.108)\cr
100&$0.164\pm0.001$ (0.165)&$0.283\pm0.003$ (0.28)&$0.162$ (0.165)&$0.164$ (0.165)&$0.105$ (0.104)\cr}}$$
The standard errors of the three linear predictors are at most 0.004 (at $L=10$) and below 0.001
from $L=40$ on; their closed forms (in the file) agree with them. The one difference beyond the
noise is gradient descent at $L=10$, where the notes' 0.643 is above both our measurement and the
exact 0.634 of Proposition H6.

\figlabel{softmax-risk}
\mhiclfigure{\tikzpicture
\axis[width=10cm,height=7cm,xlabel={prompt length $L$},ylabel={risk $\Ex(\hat y-y_q)^2$},
  legend pos=outer north east,ymin=0,
  table/col sep=comma,table/x=L,table/y=risk]
\pgfplotsinvokeforeach{multi_head,single_head,gd,dgd,bayes}{
  \addplot[method #1,discard if not={estimator}{#1}] table {generated/he2025-estimators.csv};
  \addlegendentry{\methodname{#1}}}
\endaxis
\endtikzpicture}{Risk against the prompt length, $d=5$, $\sigma^2=0.1$, every predictor's
parameters fixed as $L$ varies: the two heads at $(\omega,\mu)=(\pm0.13,\pm3.45)$, the single
head at its best for $L=40$, both forms of gradient descent with $\eta=0.897$, and the Bayes
predictor; 20000 prompts per length, the same for every predictor (the two heads and debiased
gradient descent lie on one curve).}

|test_compare_csv| runs |sm_compare_csv| twice at two lengths with 4000 prompts, checks that
the output is identical, has one row per length and predictor, that the debiased gradient
descent row agrees with its closed form within four standard errors, and that its numbers are
those of |sm_risk| called directly on the same prompts.

@*1 Correlated covariates: preconditioned debiased gradient descent.
@^preconditioned gradient descent@>
With $x\sim N(0,\Sigma)$ a sign pair whose KQ block is $\pm W$ computes, to first order,
$x_q\tp W\tp{2m\over L}\sum_i(x_i-\bar x)y_i$: preconditioned debiased gradient descent with
$\Gamma=2mW\tp$. The abstract says multi-head attention learns ``a form of preconditioned gradient
descent''; which preconditioner is ours.

@^Proposition H9 (optimal preconditioner)@>\proclaim Proposition H9 (optimal preconditioner; ours). For $x\sim N(0,\Sigma)$ and
$\beta\sim N(0,I_d/d)$, with $c=(\tr\Sigma+\sigma^2d)/L$, the risk of preconditioned debiased
gradient descent is
$$R(\Gamma)=\sigma^2+{\tr\Sigma\over d}-{2(L-1)\over dL}\tr(\Sigma\Gamma\Sigma)
+{L-1\over dL}\tr\bigl(\Sigma\Gamma(\Sigma+cI)\Sigma\Gamma\tp\bigr),$$
minimized at $\Gamma^*=(\Sigma+cI)^{-1}$, with
$R(\Gamma^*)=\sigma^2+\tr\Sigma/d-{L-1\over dL}\tr(\Sigma\Gamma^*\Sigma)$. For $\Sigma=I$ this is
Proposition H6; as $L\to\infty$, $\Gamma^*\to\Sigma^{-1}$.

{\it Proof.} As in H6, $g={1\over L}(W\beta+X_c\tp\epsilon)$ with $W$ Wishart of scale
$\Sigma$ and $m=L-1$ degrees of freedom, and the risk is $\Ex\norm{\Gamma g-\beta}_\Sigma^2+
\sigma^2$. With $\Ex[WAW]=m(m+1)\Sigma A\Sigma+m\tr(A\Sigma)\Sigma$ at $A=\Ex\beta\beta\tp=I/d$,
$\Ex gg\tp={m\over dL^2}\bigl(L\Sigma^2+(\tr\Sigma+\sigma^2d)\Sigma\bigr)={m\over dL}
(\Sigma+cI)\Sigma$ and $\Ex g\beta\tp={m\over dL}\Sigma$. Expanding the square gives $R$; it is a
convex quadratic in $\Gamma$ with gradient ${2m\over dL}[\Sigma\Gamma(\Sigma+cI)\Sigma-\Sigma^2]$,
which vanishes at $\Gamma^*$ (the matrices commute). At the minimum the quadratic term is half the
linear one. \quad$\square$

(Proposition H8 is the gradient flow of the next section.)

@<Softmax declarations@>=
void sm_gamma_star(const sm_setting *s, const gsl_matrix *Sigma, gsl_matrix *Gamma);
double sm_risk_pdgd(const sm_setting *s, const gsl_matrix *Sigma, const gsl_matrix *Gamma);

@ Both use $\Sigma$'s eigensystem (from the estimators chapter): $\Gamma^*=V(\Lambda+cI)^{-1}V\tp$,
and the traces are computed with two matrix products.

@<Softmax functions@>=
static double trace_of(const gsl_matrix *A)
{
  double t = 0.0;
  for (size_t i = 0; i < A->size1; i++) t += gsl_matrix_get(A, i, i);
  return t;
}

void sm_gamma_star(const sm_setting *s, const gsl_matrix *Sigma, gsl_matrix *Gamma)
{
  size_t d = s->d;
  double c = (trace_of(Sigma) + s->sigma2 * (double) d) / (double) s->L;
  eigensystem *e = eigensystem_alloc(d);
  eigensystem_compute(e, Sigma);
  gsl_vector *col = gsl_vector_alloc(d);
  for (size_t j = 0; j < d; j++) {
    gsl_vector_view unit = gsl_matrix_column(Gamma, j);
    gsl_vector_set_basis(col, j);
    eigensystem_filter(e, filter_ridge, &c, col, &unit.vector);
  }
  gsl_vector_free(col); eigensystem_free(e);
}

double sm_risk_pdgd(const sm_setting *s, const gsl_matrix *Sigma, const gsl_matrix *Gamma)
{
  size_t d = s->d;
  double L = (double) s->L, m = L - 1.0, trS = trace_of(Sigma);
  double c = (trS + s->sigma2 * (double) d) / L;
  gsl_matrix *SG = gsl_matrix_alloc(d, d), *M = gsl_matrix_alloc(d, d),
    *P = gsl_matrix_alloc(d, d);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, Sigma, Gamma, 0.0, SG);  /* $\Sigma\Gamma$ */
  gsl_matrix_memcpy(M, Sigma);
  for (size_t i = 0; i < d; i++) gsl_matrix_set(M, i, i, gsl_matrix_get(M, i, i) + c);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, SG, M, 0.0, P);  /* $\Sigma\Gamma(\Sigma+cI)$ */
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, P, Sigma, 0.0, M);  /* $\cdots\Sigma$ */
  double quad = 0.0, lin = 0.0;
  for (size_t i = 0; i < d; i++)
    for (size_t j = 0; j < d; j++) {
      quad += gsl_matrix_get(M, i, j) * gsl_matrix_get(Gamma, i, j);  /* $\tr(M\Gamma\tp)$ */
      lin += gsl_matrix_get(SG, i, j) * gsl_matrix_get(Sigma, j, i);  /* $\tr(\Sigma\Gamma\Sigma)$ */
    }
  gsl_matrix_free(SG); gsl_matrix_free(M); gsl_matrix_free(P);
  return s->sigma2 + trS / (double) d - 2.0 * m / ((double) d * L) * lin
    + m / ((double) d * L) * quad;
}

@ Tests: |test_preconditioned_dgd| takes $\Sigma_{ij}=0.5^{\vert i-j\vert}$ at $d=5$, $L=40$,
$\sigma^2=0.1$ and checks $R(\Gamma^*)$ and $R(\eta I)$ at the best scalar step $\eta$ (the
minimizer of the quadratic $R(\eta I)$) against Monte Carlo on the same prompts (four standard
errors each, and the measured difference against the closed-form one, which must be positive
beyond four standard errors), that random
symmetric and non-symmetric perturbations of $\Gamma^*$ raise $R$, that the $\Sigma=I$ case equals
$R_{\rm DGD}$ ($10^{-13}$), that $R(\Gamma^*)$ equals its stated short form, and that $\Gamma^*$
approaches $\Sigma^{-1}$ as $L$ grows. Measured (40000 prompts): $R(\Gamma^*)=0.2368$ against
$0.2368\pm0.0007$; the best scalar step is $\eta=0.499$ (the isotropic $\eta^*=0.879$ would give
0.797 here), with $R=0.3760$ against $0.3757\pm0.0011$; the preconditioner gains $0.1392$
(measured $0.1390\pm0.0008$).

@*1 Gradient flow on the reduced model.
@^gradient flow@>
@^training dynamics@>
The paper trains its transformer with Adam; its code also integrates the gradient flow
$\dot\theta=-\nabla{1\over2}\tilde{\cal L}(\theta)$ of the reduced model, $\theta=(\omega,\mu)$,
with a fixed Euler step of 0.01. We integrate the same flow with GSL's adaptive Runge--Kutta
Prince--Dormand (8,9) method, which takes long steps where the flow is slow.

@^Proposition H8 (gradient flow)@>\proclaim Proposition H8 (gradient flow; the three phases are the paper's code's, the statements
are our reconstruction). From a small sign-symmetric initialization at the paper's setting, the
flow (i) stays on a plateau at $\tilde{\cal L}\approx\kappa$ (the paper's code plots half the loss,
$0.55$) while $\mu/\omega$ stays 1, (ii)
then drops sharply as $\omega$ and $\mu$ grow together, and (iii) then drifts slowly along the
valley of Proposition H3, $\vert\omega\vert$ decreasing and $\vert\mu\vert$ increasing, with
$2\vert\omega\mu\vert\to\eta^*$; the loss decreases throughout, the heads stay sign-paired
($\omega_1=-\omega_2$, $\mu_1=-\mu_2$), and from an asymmetric start $\sum_h\mu_h\to0$. With
four heads from a random start the heads split into two groups of opposite sign with nearly equal
$\vert\omega\vert$.

{\it Proof of what is proved (ours).} The loss is non-increasing along any gradient flow:
${d\over dt}\tilde{\cal L}=-2\norm{\nabla{1\over2}\tilde{\cal L}}^2$. The swap $P$ of Proposition H2
with the sign change $(\omega,\mu)\mapsto(-P\omega,-P\mu)$ leaves $\tilde{\cal L}$ invariant, so
the flow preserves its fixed set, the sign-paired states. The rest (the plateau's length, the
drift's rate) is measured, not proved. \quad$\square$

The plateau is a saddle: at the origin $\nabla_\mu=-\omega$ and $\nabla_\omega=-\mu$, so near it
$\dot\omega\approx\mu$, $\dot\mu\approx\omega$, and a small start grows like $e^t$ along
$\omega=\mu$, taking about $\log(1/\epsilon)$ to leave.

@<Softmax declarations@>=
int sm_flow(const sm_setting *s, size_t H, const double *omega0, const double *mu0,
  const double *times, size_t nt, double *path);

@ The flow records, for each of the |nt| increasing times, a row of $2H+1$ numbers
$(\omega_1..\omega_H,\mu_1..\mu_H,\tilde{\cal L})$ in |path|. The tolerances ($10^{-10}$ absolute
and relative) are well below what the tests measure. It returns GSL's status.

@<Softmax functions@>=
typedef struct { const sm_setting *s; size_t H; } flow_params;

static int flow_rhs(double t, const double y[], double f[], void *params)
{
  (void) t;
  const flow_params *p = params;
  size_t H = p->H;
  sm_approx_grad(p->s, H, y, y + H, f, f + H);
  for (size_t i = 0; i < 2 * H; i++) f[i] = -f[i];
  return GSL_SUCCESS;
}

int sm_flow(const sm_setting *s, size_t H, const double *omega0, const double *mu0,
  const double *times, size_t nt, double *path)
{
  flow_params p = { s, H };
  gsl_odeiv2_system sys = { flow_rhs, NULL, 2 * H, &p };
  gsl_odeiv2_driver *drv = gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd,
    1e-3, 1e-10, 1e-10);
  double *y = xmalloc(2 * H * sizeof(double)), t = 0.0;
  memcpy(y, omega0, H * sizeof(double));
  memcpy(y + H, mu0, H * sizeof(double));
  int status = GSL_SUCCESS;
  for (size_t r = 0; r < nt && status == GSL_SUCCESS; r++) {
    if (times[r] > t) status = gsl_odeiv2_driver_apply(drv, &t, times[r], y);
    double *row = path + r * (2 * H + 1);
    memcpy(row, y, 2 * H * sizeof(double));
    row[2 * H] = sm_approx_loss(s, H, y, y + H);
  }
  free(y); gsl_odeiv2_driver_free(drv);
  return status;
}

@ Tests. The test |test_flow_three_phases| integrates the two-head flow from the start of the
paper's code, where $\omega=\mu=(10^{-3},-10^{-3})$, and checks: the loss within 1\% of $\kappa$ and $\mu/\omega$
within 1\% of 1 on the plateau ($t\le3$); a drop below $0.3$ by $t=10$; $\omega$'s peak above 0.4
and then its decay, with $\omega(10^4)$ below half its peak and $\mu$ increasing after the peak;
the loss non-increasing at every recorded time (to $10^{-12}$); the exact sign pairing; and
$2\omega\mu$ at $t=10^4$ within 5\% of $\eta^*$. |test_flow_zero_sum_from_asymmetric_start| starts
from $\omega=(0.01,-0.02)$, $\mu=(0.03,0.01)$, whose $\mu$ sums to $0.04$, and checks that
$\vert\mu_1+\mu_2\vert/(\vert\mu_1\vert+\vert\mu_2\vert)$ falls below 2\% by $t=10^4$.
|test_flow_four_heads_split| starts four heads at $N(0,0.1^2)$ (fixed seed) with
$\sigma^2=0.01$ and checks that at $t=10^4$ the pattern metrics of |sm_layer_metrics| find both
signs among the active heads, the sign rule, a zero-sum defect below 2\%, $\vert\omega\vert$ of
the active heads within 10\% of each other, and $\mu\tp\omega=\sum_h\omega_h\mu_h$ (the debiased
step of the whole layer, $2wm$ for a pair) within 5\% of $\eta^*$.

Measured. Two heads: the loss is 1.088 at $t=4$ and 0.263 at $t=10$; $\omega$ peaks at 0.576 at
$t=7.7$ (the notes: about 0.58); at $t=10^4$, $\omega=0.1394$, $\mu=3.1510$ (the notes: 0.14,
3.15; the trained transformer's $\pm0.14$, $\pm3.2$), $2\omega\mu=0.8786$ against
$\eta^*=0.8791$, and the loss 0.22105 against the bound 0.22088. From the asymmetric start the
zero-sum defect is 0.17 at $t=10$, $6\cdot10^{-4}$ at $t=100$ and zero to double precision by
$t=1000$. Four heads ($\sigma^2=0.01$): at $t=10^4$ one head is positive and three negative,
$\omega=(-0.1324,-0.1323,+0.1323,-0.1323)$, $\mu=(-1.02,-1.09,+3.35,-1.24)$, no dummy head, the
groups' sums $\mu_\pm=\pm3.353$ (the notes: $\pm3.5$), an $\vert\omega\vert$ spread of 1.0005 and
$\mu\tp\omega=0.8875$ against $\eta^*=0.8879$. The split need not be two against two: the flow
only fixes the groups' sums.

@ The figures. |sm_flow_csv| integrates the two flows of the tests, the two-head flow of
the paper's setting from $\omega=\mu=(10^{-3},-10^{-3})$ and the four-head flow with
$\sigma^2=0.01$ from $N(0,0.1^2)$ starting values (stream |STREAM_INIT| of |seed|), at |points|
times spread evenly in $\log t$ over $[10^{-1},10^4]$, and writes one CSV row per time and head:
the variant, the seed, the setting, the time, the head, $\omega_h$, $\mu_h$, the loss, and a
|key| naming the curve. It returns GSL's status of the first flow that fails (nothing is written
then). \.{mhicl softmax flow --out generated/he2025-flow.csv} writes the committed file the
figures below read.

@<Softmax declarations@>=
int sm_flow_csv(FILE *f, size_t points, uint64_t seed);

@ @<Softmax functions@>=
int sm_flow_csv(FILE *f, size_t points, uint64_t seed)
{
  sm_setting two, four;
  sm_setting_paper(&two);
  four = two; four.sigma2 = 0.01;
  double w2[2] = { 1e-3, -1e-3 }, m2[2] = { 1e-3, -1e-3 }, w4[4], m4[4];
  gsl_rng *rng = mhicl_rng_alloc();
  mhicl_rng_seek(rng, seed, STREAM_INIT, 0);
  for (int h = 0; h < 4; h++) w4[h] = 0.1 * gsl_ran_gaussian_ziggurat(rng, 1.0);
  for (int h = 0; h < 4; h++) m4[h] = 0.1 * gsl_ran_gaussian_ziggurat(rng, 1.0);
  gsl_rng_free(rng);
  double *times = xmalloc(points * sizeof(double));
  for (size_t r = 0; r < points; r++)
    times[r] = pow(10.0, -1.0 + 5.0 * (double) r / (double) (points > 1 ? points - 1 : 1));
  double *p2 = xmalloc(points * 5 * sizeof(double)), *p4 = xmalloc(points * 9 * sizeof(double));
  int status = sm_flow(&two, 2, w2, m2, times, points, p2);
  if (status == GSL_SUCCESS) status = sm_flow(&four, 4, w4, m4, times, points, p4);
  if (status == GSL_SUCCESS) {
    fprintf(f, "variant,seed,d,L,sigma2,H,t,head,omega,mu,loss,key\n");
    for (int v = 0; v < 2; v++) {
      size_t H = v == 0 ? 2 : 4;
      const sm_setting *s = v == 0 ? &two : &four;
      const double *p = v == 0 ? p2 : p4;
      for (size_t r = 0; r < points; r++)
        for (size_t h = 0; h < H; h++) {
          const double *row = p + r * (2 * H + 1);
          fprintf(f, "%s,%llu,%zu,%zu,%.17g,%zu,%.17g,%zu,%.17g,%.17g,%.17g,%s%zu\n",
            v == 0 ? "paper_two_heads" : "four_heads", (unsigned long long) seed, s->d, s->L,
            s->sigma2, H, times[r], h, row[h], row[H + h], row[2 * H],
            v == 0 ? "pair" : "four", h);
        }
    }
  }
  free(times); free(p2); free(p4);
  return status;
}

@ The three phases of the two-head flow at the paper's setting (Figure~\figref{softmax-flow} shows
head 1; head 2 is its mirror image): the plateau at $\tilde{\cal L}\approx\kappa=1.1$ until $t\approx5$, the drop as $\omega$
and $\mu$ grow together, the peak of $\omega$ near $t\approx8$, and the slow drift, $\omega$
falling and $\mu$ rising, with $\tilde{\cal L}$ creeping down towards the bound 0.22088 of
Proposition H3.

\figlabel{softmax-flow}
\mhiclfigure{\tikzpicture
\semilogxaxis[width=11cm,height=7cm,xlabel={time $t$ of the gradient flow},
  legend pos=north west,legend cell align=left,ymin=0,ymax=3.5,
  table/col sep=comma,table/x=t]
\addplot+[no marks,discard if not={key}{pair0}] table[y=omega] {generated/he2025-flow.csv};
\addlegendentry{$\omega_1$}
\addplot+[no marks,discard if not={key}{pair0}] table[y=mu] {generated/he2025-flow.csv};
\addlegendentry{$\mu_1$}
\addplot+[no marks,dashed,discard if not={key}{pair0}] table[y=loss] {generated/he2025-flow.csv};
\addlegendentry{$\tilde{\cal L}$}
\endsemilogxaxis
\endtikzpicture}{Gradient flow of the two-head reduced model, $d=5$, $L=40$, $\sigma^2=0.1$, from
$\omega=\mu=(10^{-3},-10^{-3})$ (\.{generated/he2025-flow.csv}, written by \.{mhicl softmax flow}).}

@ The four-head flow from a random start ($\sigma^2=0.01$, Figure~\figref{softmax-four}): the heads settle into two groups of
opposite sign with the same $\vert\omega\vert$, which then drift down together.

\figlabel{softmax-four}
\mhiclfigure{\tikzpicture
\semilogxaxis[width=11cm,height=6cm,xlabel={time $t$ of the gradient flow},
  ylabel={$\omega_h$},legend pos=outer north east,legend cell align=left,
  table/col sep=comma,table/x=t,table/y=omega]
\addplot+[no marks,discard if not={key}{four0}] table {generated/he2025-flow.csv};
\addlegendentry{head 1}
\addplot+[no marks,discard if not={key}{four1}] table {generated/he2025-flow.csv};
\addlegendentry{head 2}
\addplot+[no marks,discard if not={key}{four2}] table {generated/he2025-flow.csv};
\addlegendentry{head 3}
\addplot+[no marks,discard if not={key}{four3}] table {generated/he2025-flow.csv};
\addlegendentry{head 4}
\endsemilogxaxis
\endtikzpicture}{Key--query scales $\omega_h$ of the four-head reduced model, $\sigma^2=0.01$, from
$N(0,0.1^2)$ starting values (same file).}

|test_flow_csv| writes the CSV of a short run twice and checks that the two are identical, that
it has the header and one row per time and head, and that its last two-head row agrees with
|sm_flow| called directly. |test_softmax_command| runs \.{mhicl softmax}: a bad value, an unknown
option, a missing \.{--out} or a directory that does not exist each give one line on the error
stream, exit status~2 and no file, and so does an unknown part; a good run writes the bytes of
|sm_flow_csv|.

@*1 Further reading. J. He, X. Pan, S. Chen and Z. Yang, ``In-context linear regression
demystified: training dynamics and mechanistic interpretability of multi-head softmax attention''
(ICML 2025; arXiv 2503.12734), and its public code, which fixes the setting, the pattern metrics,
the reduced model's loss and gradient flow, and the single-head values used here. S. Chen,
H. Sheen, T. Wang and Z. Yang (COLT 2024): the gradient-flow theory of multi-head softmax attention
on multi-task regression that this paper extends. L. Dicker (2016) and E. Dobriban and S. Wager
(2018): the proportional-limit risk of ridge regression used for the Bayes limit.
