@* Trained multi-head softmax attention: the experiments.
@^He, Pan, Chen and Yang (2025)@>
The previous chapter reduced He, Pan, Chen and Yang's one-layer model to $2H$ numbers
$(\omega,\mu)$ and derived what those numbers should be. This chapter trains the model itself and
reads the numbers off its weights: the pattern metrics of every head, the trained model's risk
beside the estimators it is supposed to implement, on the same prompts, and its risk at prompt
lengths it was not trained on, against linear attention normalized in the two ways a linear layer
can be. \.{mhicl reproduce he} runs it all, as a grid of units like the Chen reproduction's.

@(generated/he2025.h@>=
#ifndef MHICL_HE2025_H
#define MHICL_HE2025_H
#include <stddef.h>
#include <stdint.h>
#include "train.h"
#include "reproduce.h"
@<He types@>@;
@<He declarations@>@;
#endif

@ @(generated/he2025.c@>=
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include "support.h"
#include "tasks.h"
#include "risk.h"
#include "softmax.h"
#include "he2025.h"
@<He static declarations@>@;
@<He functions@>@;

@*1 The model and the grid.
The paper's layer (its authors' code) is the stacked format of the transformer chapter with one
layer of $H$ heads of width $d+1$, no MLP, no LayerNorm, no biases, PyTorch's initialization, the
loss at the query only, and the task preset of the tasks chapter: $x\sim N(0,I_5)$,
$\beta\sim N(0,I_5/5)$, noise variance $\sigma^2=0.1$ on every response including the query's,
$L=40$ context points. The stacked format predicts $-h_q[d]$, so a head's output weight on the
response, the paper's $\mu_h$, is {\it minus} the last entry of its $W_VW_O$ column $d$ (the
transformer chapter's sign convention); the key--query circuit
$KQ=W_KW_Q\tp/\sqrt{d+1}$ is the paper's.

Optimization is the authors': Adam at $10^{-3}$, $(0.9,0.999)$, no decay, fresh prompts every
step. A scale fixes the steps, the batch and the prompt counts of the analyses:
\item{$\bullet$} {\it smoke}: 40 steps of 16 prompts, for the tests;
\item{$\bullet$} {\it quick}: 5000 steps of 128 prompts, two seeds by default (the measured cost
is in the section on the quick scale);
\item{$\bullet$} {\it paper}: the authors' 500000 steps of 256 prompts, three seeds.

\noindent The grid's models, for every seed: softmax attention with $H\in\{1,2,4,8\}$, and two
heads of linear attention normalized by the actual length and by the fixed training length; and
softmax attention with $H\in\{2,4\}$ on correlated covariates, $\rho=0.5$ (the section on
correlated covariates below); and the multi-task models of the section on superposition, $H=3$
and $H=4$.

@<He types@>=
typedef struct {
  const char *name;
  size_t steps, batch;
  size_t risk_prompts;  /* prompts of the risk comparison at the training length */
  size_t length_prompts;  /* prompts per length of the length sweep */
  size_t seeds;  /* the scale's default number of seeds */
} he_scale;

typedef struct {
  char name[64];
  attn_kind attn;  /* |ATTN_SOFTMAX|, |ATTN_LINEAR| or |ATTN_LINEAR_FIXED| */
  size_t heads;
  uint64_t seed;
  double rho;  /* the covariates' correlation ($0$: $x\sim N(0,I)$) */
} he_run;

@ @<He declarations@>=
#define HE_D 5
#define HE_L 40
#define HE_SIGMA2 0.1
#define HE_RHO 0.5  /* the correlated models' $\rho$ */
#define HE_MODELS 8  /* models per seed */
const he_scale *he_scale_named(const char *name);
size_t he_run_list(size_t seeds, he_run *out, size_t max);
void he_train_config(const he_scale *sc, const he_run *r, size_t threads, train_config *c);
const char *he_attn_name(attn_kind a);

@ @<He functions@>=
static const he_scale he_scales[] = {
  { "smoke", 40, 16, 300, 100, 1 },
  { "quick", 5000, 128, 20000, 4000, 2 },
  { "paper", 500000, 256, 50000, 20000, 3 },
};

const he_scale *he_scale_named(const char *name)
{
  for (size_t i = 0; i < sizeof he_scales / sizeof he_scales[0]; i++)
    if (strcmp(he_scales[i].name, name) == 0) return &he_scales[i];
  return NULL;
}

const char *he_attn_name(attn_kind a)
{
  return a == ATTN_SOFTMAX ? "softmax" : a == ATTN_LINEAR ? "linear" : "linear_fixed";
}

size_t he_run_list(size_t seeds, he_run *out, size_t max)
{
  static const struct { attn_kind a; size_t h; } models[] = { { ATTN_SOFTMAX, 1 },
    { ATTN_SOFTMAX, 2 }, { ATTN_SOFTMAX, 4 }, { ATTN_SOFTMAX, 8 }, { ATTN_LINEAR, 2 },
    { ATTN_LINEAR_FIXED, 2 } };
  size_t n = 0;
  for (uint64_t s = 0; s < seeds; s++) {
    for (size_t i = 0; i < sizeof models / sizeof models[0] && n < max; i++) {
      he_run *r = &out[n++];
      r->attn = models[i].a; r->heads = models[i].h; r->seed = s; r->rho = 0.0;
      snprintf(r->name, sizeof r->name, "%s_H%zu_seed%llu", he_attn_name(r->attn), r->heads,
        (unsigned long long) s);
    }
    @<Add the seed's models on correlated covariates@>@;
  }
  return n;
}

void he_train_config(const he_scale *sc, const he_run *r, size_t threads, train_config *c)
{
  train_config_default(c);
  c->d = HE_D; c->beta = BETA_DENSE; c->b = 1.0; c->sigma = sqrt(HE_SIGMA2); c->n = HE_L;
  c->query_only = 1; c->steps = sc->steps; c->batch = sc->batch; c->lr = 1e-3;
  c->seed = r->seed; c->threads = threads; c->rho = r->rho;
  c->eval_every = sc->steps / 10; c->eval_prompts = 512; c->checkpoint_every = 1000;
  model_config *m = &c->arch;
  memset(m, 0, sizeof *m);
  m->format = FORMAT_STACKED; m->n_layers = 1; m->heads[0] = r->heads; m->attn[0] = r->attn;
  m->d_head = HE_D + 1; m->d_model = HE_D + 1; m->init_torch = 1;
  m->d_x = HE_D; m->n_max = HE_L; m->n_fixed = HE_L;
}

@*1 Reading the layer.
@^pattern metrics@>
A head's circuits come from the softmax chapter's |sm_head_circuits| on views of the parameter
block, with OV negated (the sign convention above), and its metrics from |sm_head_metrics| and
|sm_layer_metrics|: $\omega_h$, $\mu_h$, the KQ diagonal ratio and variance, the OV last-entry
ratio, the dummy heads, the sign rule and the zero sum.

The same circuits give the prediction of a one-layer stacked model directly: the score of
context token $z_j=(x_j;y_j)$ for head $h$ is $z_j\tp KQ_hz_q$ (the scale $1/\sqrt{d_h}$ is in
KQ), its weight $p_{hj}$ the softmax of the scores, or the raw score $\sqrt{d_h}\,z_j\tp KQ_hz_q$
over $L$ (linear) or over $n_0$ (fixed), and
$$\hat y=-\sum_h\sum_j p_{hj}\,z_j\tp OV_h=\sum_h\sum_jp_{hj}\,z_j\tp\tilde\mu_h,$$
with $\tilde\mu_h=-OV_h$, whose last entry is $\mu_h$. |he_predict| evaluates it in
$O(HLd)$ memory, which the batched forward pass (its score arrays are $T\times T$ per prompt and
head) does not at $L=500$. |test_he_predict_matches_forward| checks it against |model_forward|
for every attention kind of the grid.

@<He types@>=
typedef struct {
  size_t H, C;
  attn_kind attn;
  size_t n_fixed;
  gsl_matrix **KQ;  /* per head, $C\times C$ */
  gsl_vector **OV;  /* per head, $C$, already negated: $\tilde\mu_h$ */
} he_circuits;

@ @<He declarations@>=
he_circuits *he_circuits_of(const model *m);
void he_circuits_free(he_circuits *c);
double he_predict(const he_circuits *c, const task *t);
int he_is_paper_layer(const model_config *c);

@ @<He functions@>=
int he_is_paper_layer(const model_config *c)
{
  return c->format == FORMAT_STACKED && c->n_layers == 1 && !c->mlp && !c->layernorm
    && !c->attn_bias && !c->pos_embed && c->extra_rows == 0 && c->d_head == c->d_x + 1
    && (c->attn[0] == ATTN_SOFTMAX || c->attn[0] == ATTN_LINEAR
      || c->attn[0] == ATTN_LINEAR_FIXED);
}

he_circuits *he_circuits_of(const model *m)
{
  const model_config *mc = &m->cfg;
  size_t C = mc->d_x + 1, dh = mc->d_head, H = mc->heads[0];
  he_circuits *c = xcalloc(1, sizeof *c);
  c->H = H; c->C = C; c->attn = mc->attn[0]; c->n_fixed = mc->n_fixed;
  c->KQ = xcalloc(H, sizeof *c->KQ); c->OV = xcalloc(H, sizeof *c->OV);
  for (size_t h = 0; h < H; h++) {
    gsl_matrix_const_view Q = gsl_matrix_const_view_array(m->p.W_Q[0] + h * C * dh, C, dh);
    gsl_matrix_const_view K = gsl_matrix_const_view_array(m->p.W_K[0] + h * C * dh, C, dh);
    gsl_matrix_const_view V = gsl_matrix_const_view_array(m->p.W_V[0] + h * C * dh, C, dh);
    gsl_matrix_const_view O = gsl_matrix_const_view_array(m->p.W_O[0] + h * dh * C, dh, C);
    c->KQ[h] = gsl_matrix_alloc(C, C); c->OV[h] = gsl_vector_alloc(C);
    sm_head_circuits(&Q.matrix, &K.matrix, &V.matrix, &O.matrix, C - 1, c->KQ[h], c->OV[h]);
    gsl_vector_scale(c->OV[h], -1.0);
  }
  return c;
}

void he_circuits_free(he_circuits *c)
{
  if (c == NULL) return;
  for (size_t h = 0; h < c->H; h++) { gsl_matrix_free(c->KQ[h]); gsl_vector_free(c->OV[h]); }
  free(c->KQ); free(c->OV); free(c);
}

@ The prediction, prompt by prompt: $a=KQ_h\,z_q$ once per head (only the $x$ part of $z_q$ is
nonzero), then the scores $z_j\tp a$ and values $z_j\tp\tilde\mu_h$ of every context token.

@<He functions@>=
double he_predict(const he_circuits *c, const task *t)
{
  size_t C = c->C, d = C - 1, L = t->n;
  double *s = xmalloc((2 * L + C) * sizeof(double)), *val = s + L, *a = val + L, yhat = 0.0;
  for (size_t h = 0; h < c->H; h++) {
    for (size_t i = 0; i < C; i++) {
      a[i] = 0.0;
      for (size_t j = 0; j < d; j++) a[i] += gsl_matrix_get(c->KQ[h], i, j) * gsl_vector_get(t->x_q, j);
    }
    double mx = -INFINITY;
    for (size_t j = 0; j < L; j++) {
      double y = gsl_vector_get(t->y, j), sc = a[d] * y, v = gsl_vector_get(c->OV[h], d) * y;
      for (size_t i = 0; i < d; i++) {
        double x = gsl_matrix_get(t->X, j, i);
        sc += a[i] * x; v += gsl_vector_get(c->OV[h], i) * x;
      }
      s[j] = sc; val[j] = v;
      if (sc > mx) mx = sc;
    }
    double num = 0.0, den = 0.0;
    if (c->attn == ATTN_SOFTMAX) {
      for (size_t j = 0; j < L; j++) { double e = exp(s[j] - mx); num += e * val[j]; den += e; }
      yhat += num / den;
    } else {
      double scale = sqrt((double) C) / (double) (c->attn == ATTN_LINEAR ? L : c->n_fixed);
      for (size_t j = 0; j < L; j++) num += s[j] * val[j];
      yhat += scale * num;
    }
  }
  free(s);
  return yhat;
}

@*1 The analyses of one model.
Every analysis file of a run, \.{runs/NAME.KIND.csv}, starts its rows with the provenance
columns \.{paper,scale,version,run,attention,heads,seed}; the files are written atomically.
\item{$\bullet$} \.{.heads.csv}: per head, $\omega$, $\mu$, the diagonal ratio and variance, the
OV last-entry ratio, the largest entry of KQ's response row, and whether it is a dummy;
\item{$\bullet$} \.{.layer.csv}: the active heads, the sign rule, $\mu_\pm$, the zero sum
$\vert\mu_++\mu_-\vert/(\vert\mu_+\vert+\vert\mu_-\vert)$, the spread of $\vert\omega\vert$, and
the effective step $\eta=\sum_h\omega_h\mu_h$ (for a sign pair $2\omega\mu$);
\item{$\bullet$} \.{.risk.csv}: at $L=40$, on |risk_prompts| prompts of the evaluation stream,
the risk ${\Ex}(\hat y-y_q)^2$ of the model and of debiased GD and GD at their optimal steps
(Proposition H6), the kernel estimator with the model's own $(\omega,\mu)$, the best single head
(Proposition H4) and the Bayes predictor, each with its standard error and the paired difference
from the model with its standard error (same prompts: common random numbers);
\item{$\bullet$} \.{.length.csv}: at $L\in\{10,20,\ldots,100,500\}$, |length_prompts| prompts
each, the model's risk and that of debiased GD at the step $\eta^*(40)$, fixed as the model's
weights are, paired.

\noindent The risk of a predictor on a prompt is its conditional risk given the prompt,
$(\hat y-x_q\tp\beta)^2+\sigma^2$, as in the softmax chapter.

@<He declarations@>=
int he_analyze(const model *m, const he_scale *sc, const he_run *r, const char *dir, char *err,
  size_t len);

@ @<He functions@>=
static FILE *he_open(atomic_file *af, const char *dir, const char *name, const char *kind,
  const char *columns, char *err, size_t len)
{
  return grid_open_csv(af, dir, name, kind, "paper,scale,version,run,attention,heads,seed,",
    columns, err, len);
}

static void he_prefix(FILE *f, const he_scale *sc, const he_run *r)
{
  fprintf(f, "he2025,%s,%s,%s,%s,%zu,%llu,", sc->name, MHICL_VERSION, r->name,
    he_attn_name(r->attn), r->heads, (unsigned long long) r->seed);
}

static int he_close(atomic_file *af, char *err, size_t len)
{
  char path[512];
  snprintf(path, sizeof path, "%s", af->path);
  if (atomic_commit(af) != 0) { snprintf(err, len, "cannot write '%s': %s", path, af->why); return -1; }
  return 0;
}

@ The pattern files.

@<He functions@>=
static int he_write_patterns(const he_circuits *c, const he_scale *sc, const he_run *r,
  const char *dir, double *omega, double *mu, char *err, size_t len)
{
  size_t H = c->H;
  sm_head_pattern *hp = xcalloc(H, sizeof *hp);
  for (size_t h = 0; h < H; h++) {
    sm_head_metrics(c->KQ[h], c->OV[h], c->C - 1, &hp[h]);
    omega[h] = hp[h].omega; mu[h] = hp[h].mu;
  }
  sm_layer_pattern lp;
  sm_layer_metrics(hp, H, &lp);
  atomic_file af;
  FILE *f = he_open(&af, dir, r->name, "heads",
    "head,omega,mu,diag_ratio,diag_var,ov_last_ratio,y_row,dummy", err, len);
  if (f == NULL) { free(hp); return -1; }
  for (size_t h = 0; h < H; h++) {
    he_prefix(f, sc, r);
    fprintf(f, "%zu,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%d\n", h, hp[h].omega, hp[h].mu,
      hp[h].diag_ratio, hp[h].diag_var, hp[h].ov_last_ratio, hp[h].y_row, hp[h].dummy);
  }
  free(hp);
  if (he_close(&af, err, len) != 0) return -1;
  double eta = 0.0;
  for (size_t h = 0; h < H; h++) eta += omega[h] * mu[h];
  if ((f = he_open(&af, dir, r->name, "layer",
      "active,sign_rule,mu_plus,mu_minus,zero_sum,omega_spread,eta", err, len)) == NULL) return -1;
  he_prefix(f, sc, r);
  fprintf(f, "%zu,%d,%.10g,%.10g,%.10g,%.10g,%.10g\n", lp.active, lp.sign_rule, lp.mu_plus,
    lp.mu_minus, lp.zero_sum, lp.omega_spread, eta);
  return he_close(&af, err, len);
}

@ The risk comparison. The estimators are the softmax chapter's, at the setting's closed-form
steps; the kernel estimator takes the model's $(\omega,\mu)$ as read above.

@<He functions@>=
static double model_loss(const he_circuits *c, const task *t, double sigma2)
{
  double f;
  gsl_blas_ddot(t->beta, t->x_q, &f);
  double r = he_predict(c, t) - f;
  return r * r + sigma2;
}

static void he_losses(const he_circuits *c, const sm_estimator *e, size_t ne,
  const task_spec *spec, size_t n, uint64_t seed, double *loss, double *mloss)
{  /* the estimators' losses and the model's, on prompts $0..n-1$ of the evaluation stream */
  sm_losses(e, ne, spec, HE_L, n, seed, STREAM_EVAL, loss);
  task *t = task_alloc(HE_L, HE_D);
  for (size_t k = 0; k < n; k++) {
    task_sample(spec, HE_L, seed, STREAM_EVAL, k, t);
    mloss[k] = model_loss(c, t, HE_SIGMA2);
  }
  task_free(t);
}

static void he_paired(FILE *f, const char *what, const double *loss, const double *base,
  size_t n)
{  /* the columns \.{predictor,prompts,risk,se,minus\_model,minus\_model\_se} */
  double *diff = xmalloc(n * sizeof(double));
  for (size_t k = 0; k < n; k++) diff[k] = loss[k] - base[k];
  mc_summary a = mc_summarize(loss, n, 1), b = mc_summarize(diff, n, 1);
  free(diff);
  fprintf(f, "%s,%zu,%.10g,%.10g,%.10g,%.10g", what, n, a.mean, a.se, b.mean, b.se);
}

static void he_row(FILE *f, const he_scale *sc, const he_run *r, const char *what,
  const double *loss, const double *base, size_t n)
{
  he_prefix(f, sc, r);
  he_paired(f, what, loss, base, n);
  fputc('\n', f);
}

static int he_write_risk(const he_circuits *c, const he_scale *sc, const he_run *r,
  const char *dir, const double *omega, const double *mu, char *err, size_t len)
{
  sm_setting st;
  sm_setting_paper(&st);
  task_spec spec;
  task_spec_he2025(&spec, HE_D, HE_SIGMA2, 0.0);
  double w1, mu1, unused;
  sm_single_head_optimum(&st, &w1, &mu1, &unused);
  sm_estimator e[5] = {
    { SM_DGD, sm_eta_star(&st), NULL, 0, NULL, NULL },
    { SM_GD, sm_eta_star_gd(&st), NULL, 0, NULL, NULL },
    { SM_KERNEL, 0.0, NULL, c->H, omega, mu },
    { SM_KERNEL, 0.0, NULL, 1, &w1, &mu1 },
    { SM_BAYES, 0.0, NULL, 0, NULL, NULL } };
  static const char *const names[5] = { "dgd", "gd", "kernel_learned", "single_head", "bayes" };
  size_t n = sc->risk_prompts;
  double *loss = xmalloc(6 * n * sizeof(double)), *mloss = loss + 5 * n, *col = xmalloc(n * sizeof(double));
  he_losses(c, e, 5, &spec, n, r->seed, loss, mloss);
  atomic_file af;
  FILE *f = he_open(&af, dir, r->name, "risk", "predictor,prompts,risk,se,minus_model,minus_model_se",
    err, len);
  int ok = f != NULL;
  if (ok) {
    he_row(f, sc, r, "model", mloss, mloss, n);
    for (size_t j = 0; j < 5; j++) {
      for (size_t k = 0; k < n; k++) col[k] = loss[k * 5 + j];
      he_row(f, sc, r, names[j], col, mloss, n);
    }
    ok = he_close(&af, err, len) == 0;
  }
  free(loss); free(col); task_spec_free(&spec);
  return ok ? 0 : -1;
}

@ The length sweep.

@<He functions@>=
static const size_t he_lengths[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 500 };
static const size_t he_n_lengths = sizeof he_lengths / sizeof he_lengths[0];

static int he_write_length(const he_circuits *c, const he_scale *sc, const he_run *r,
  const char *dir, char *err, size_t len)
{
  sm_setting st;
  sm_setting_paper(&st);
  task_spec spec;
  task_spec_he2025(&spec, HE_D, HE_SIGMA2, 0.0);
  sm_estimator dgd = { SM_DGD, sm_eta_star(&st), NULL, 0, NULL, NULL };
  size_t n = sc->length_prompts;
  double *mloss = xmalloc(2 * n * sizeof(double)), *ref = mloss + n;
  atomic_file af;
  FILE *f = he_open(&af, dir, r->name, "length", "L,prompts,risk,se,dgd_risk,dgd_se", err, len);
  if (f == NULL) { free(mloss); task_spec_free(&spec); return -1; }
  task *t = task_alloc(he_lengths[he_n_lengths - 1], HE_D);
  for (size_t i = 0; i < he_n_lengths; i++) {
    size_t L = he_lengths[i];
    sm_losses(&dgd, 1, &spec, L, n, r->seed, STREAM_TEST, ref);
    for (size_t k = 0; k < n; k++) {
      task_sample(&spec, L, r->seed, STREAM_TEST, k, t);
      mloss[k] = model_loss(c, t, HE_SIGMA2);
    }
    mc_summary a = mc_summarize(mloss, n, 1), b = mc_summarize(ref, n, 1);
    he_prefix(f, sc, r);
    fprintf(f, "%zu,%zu,%.10g,%.10g,%.10g,%.10g\n", L, n, a.mean, a.se, b.mean, b.se);
  }
  task_free(t); free(mloss); task_spec_free(&spec);
  return he_close(&af, err, len);
}

@ All four files of one model.

@<He functions@>=
int he_analyze(const model *m, const he_scale *sc, const he_run *r, const char *dir, char *err,
  size_t len)
{
  he_circuits *c = he_circuits_of(m);
  double *omega = xmalloc(2 * c->H * sizeof(double)), *mu = omega + c->H;
  int rc = he_write_patterns(c, sc, r, dir, omega, mu, err, len) == 0
    && (r->rho != 0.0 ? he_write_corr(c, sc, r, dir, err, len) == 0
      : he_write_risk(c, sc, r, dir, omega, mu, err, len) == 0
        && he_write_length(c, sc, r, dir, err, len) == 0)
    && he_write_weights(c, sc, r, dir, err, len) == 0 ? 0 : -1;
  free(omega);
  he_circuits_free(c);
  return rc;
}

@*1 The grid in units.
The grid plugs into the reproduction chapter's plan/unit/join mechanism: one unit per model,
named as in |he_run_list| (\.{softmax\_H2\_seed0}), whose cost is its training steps times its
heads. A unit trains or resumes its model with |grid_train| (checkpoints every 1000 steps), runs
the four analyses and writes a one-row \.{runs/NAME.run.csv} (steps, final held-out loss). The
join concatenates, in the plan's order, \.{he\_runs.csv}, \.{he\_heads.csv}, \.{he\_layer.csv},
\.{he\_risk.csv} and \.{he\_length.csv}, and the files of the later sections, \.{he\_corr.csv},
\.{he\_corr\_risk.csv}, \.{he\_traj.csv} and \.{he\_weights.csv}, each from the units that write
it (|he_run_writes|): a softmax unit trains with its trace (|he_train_traced|, in the section on
the trace, which keeps the same guarantees), a unit on correlated covariates writes its two files
of that section in place of the risk and length files. A plan's identity is the scale and the thread count,
as for Chen's grid, so the guarantees of that chapter (a unit's bytes depend only on its name and
the identity; an interrupted unit resumes to the same bytes; the join reads only the units' files)
hold here by the same argument.

@<He types@>=
typedef struct {
  const he_scale *sc;
  size_t n_runs;
  he_run *runs;
  size_t n_mt;  /* the multi-task units, after the others */
  he_run *mt;
} he_grid;

@ @<He declarations@>=
int he_plan(const char *scale, size_t seeds, size_t threads, const char *dir, grid_plan *p,
  char *err, size_t len);
int he_analyze_checkpoint(const char *ckpt, const char *scale, const char *dir, char *err,
  size_t len);

@ @<He functions@>=
static int he_unit_run(const grid_plan *p, const grid_unit *u, char *err, size_t len);
static int he_join(const grid_plan *p, char *err, size_t len);
static const grid_paper he_paper = { "he", he_unit_run, he_join };

static void he_grid_free(void *own)
{
  he_grid *g = own;
  if (g) { free(g->runs); free(g->mt); }
  free(g);
}

int he_plan(const char *scale, size_t seeds, size_t threads, const char *dir, grid_plan *p,
  char *err, size_t len)
{
  const he_scale *sc = he_scale_named(scale);
  if (sc == NULL) { snprintf(err, len, "unknown scale '%s' (smoke, quick or paper)", scale); return -1; }
  if (seeds == 0) seeds = sc->seeds;
  size_t max = HE_MODELS * seeds;
  he_run *runs = xmalloc(max * sizeof *runs);
  size_t n = he_run_list(seeds, runs, max);
  he_run *mt = xmalloc(2 * seeds * sizeof *mt);
  size_t n_mt = he_mt_run_list(seeds, mt, 2 * seeds);
  if (grid_plan_init(p, &he_paper, dir, threads, n + n_mt, err, len) != 0) {
    free(runs); free(mt); return -1;
  }
  he_grid *g = xmalloc(sizeof *g);
  g->sc = sc; g->n_runs = n; g->runs = runs; g->n_mt = n_mt; g->mt = mt;
  p->own = g; p->own_free = he_grid_free;
  for (size_t i = 0; i < n; i++) {
    grid_unit *u = &p->units[p->count++];
    snprintf(u->name, sizeof u->name, "%s", runs[i].name);
    u->cost = (double) sc->steps * (double) runs[i].heads; u->item = i;
  }
  for (size_t i = 0; i < n_mt; i++) {
    grid_unit *u = &p->units[p->count++];
    snprintf(u->name, sizeof u->name, "%s", mt[i].name);
    u->cost = (double) he_mt_steps(sc) * (double) mt[i].heads; u->item = n + i;
  }
  snprintf(p->options, sizeof p->options, "--scale %s --seeds %zu --threads %zu", sc->name, seeds,
    threads);
  snprintf(p->identity, sizeof p->identity, "he --scale %s --threads %zu", sc->name, threads);
  return 0;
}

static int he_unit_run(const grid_plan *p, const grid_unit *u, char *err, size_t len)
{
  const he_grid *g = p->own;
  if (u->item >= g->n_runs)
    return he_mt_unit(g->sc, &g->mt[u->item - g->n_runs], p->threads, p->dir, err, len);
  const he_run *r = &g->runs[u->item];
  train_config c;
  he_train_config(g->sc, r, p->threads, &c);
  trainer *tr = r->attn == ATTN_SOFTMAX ? he_train_traced(g->sc, r, &c, p->dir, err, len)
    : grid_train(&c, p->dir, r->name, err, len);
  if (tr == NULL) return -1;
  int ok = he_analyze(tr->m, g->sc, r, p->dir, err, len) == 0;
  atomic_file af;
  FILE *f;
  if (ok) ok = (f = he_open(&af, p->dir, r->name, "run", "steps,batch,heldout_loss", err, len)) != NULL;
  if (ok) {
    he_prefix(f, g->sc, r);
    fprintf(f, "%zu,%zu,%.10g\n", tr->step, tr->cfg.batch, heldout_loss(tr));
    ok = he_close(&af, err, len) == 0;
  }
  trainer_free(tr);
  return ok ? 0 : -1;
}

static int he_join(const grid_plan *p, char *err, size_t len)
{
  static const char *const kinds[] = { "run", "heads", "layer", "risk", "length",
    "corr", "corr_risk", "traj", "weights" };
  static const char *const joined[] = { "runs", "heads", "layer", "risk", "length",
    "corr", "corr_risk", "traj", "weights" };
  const he_grid *g = p->own;
  char path[512];
  char (*srcs)[512] = xmalloc((g->n_runs + 1) * sizeof *srcs);
  int ok = 1;
  for (size_t k = 0; ok && k < sizeof kinds / sizeof kinds[0]; k++) {
    size_t n = 0;
    for (size_t i = 0; i < g->n_runs; i++)
      if (he_run_writes(&g->runs[i], kinds[k]))
        snprintf(srcs[n++], sizeof srcs[0], "%s/runs/%s.%s.csv", p->dir, g->runs[i].name, kinds[k]);
    snprintf(path, sizeof path, "%s/he_%s.csv", p->dir, joined[k]);
    ok = grid_join_csv(path, srcs, n, err, len) == 0;
  }
  free(srcs);
  if (ok && g->n_mt > 0) ok = he_mt_join(p->dir, g->mt, g->n_mt, err, len) == 0;
  return ok ? 0 : -1;
}

@ \.{--analyze} runs the four analyses on one checkpoint, with the scale's prompt counts, into
\.{DIR/runs/analyze.*}. A checkpoint that is not the paper's one-layer model (another format,
more layers, an MLP, LayerNorm, biases, a head width other than $d+1$) is refused with one line,
and the return value $-2$ tells the command line to exit with status~2, as for any bad input;
an unreadable checkpoint is $-1$. |test_analyze_refuses_wrong_shape| checks the refusal and that
nothing is written.

@<He functions@>=
int he_analyze_checkpoint(const char *ckpt, const char *scale, const char *dir, char *err,
  size_t len)
{
  const he_scale *sc = he_scale_named(scale);
  if (sc == NULL) { snprintf(err, len, "unknown scale '%s' (smoke, quick or paper)", scale); return -2; }
  trainer *tr = checkpoint_load(ckpt, err, len);
  if (tr == NULL) return -1;
  if (!he_is_paper_layer(&tr->cfg.arch)) {
    snprintf(err, len, "'%s' is not the paper's layer (stacked, one layer, no MLP, LayerNorm or "
      "biases, head width d + 1)", ckpt);
    trainer_free(tr);
    return -2;
  }
  he_run r;
  snprintf(r.name, sizeof r.name, "analyze");
  r.attn = tr->cfg.arch.attn[0]; r.heads = tr->cfg.arch.heads[0]; r.seed = tr->cfg.seed;
  r.rho = tr->cfg.rho;
  int rc = grid_make_dirs(dir, err, len) == 0 && he_analyze(tr->m, sc, &r, dir, err, len) == 0 ? 0 : -1;
  trainer_free(tr);
  return rc;
}

@ Tests. |test_he_predict_matches_forward| (above). |test_smoke_grid_runs_and_joins| runs the
smoke grid through the program, checks the joined files' rows (ten models; one row per head;
six predictors; eleven lengths; the files of the later sections, the two multi-task models' heads,
tasks and preconditioner entries among them) and their provenance columns, that \.{mhicl eval}
reads a multi-task checkpoint, and that the units run one by one
from the plan, in reverse order, give the same bytes as the one-process run, the guarantee of
the reproduction chapter; and that a softmax unit interrupted after the checkpoint at one of its
trace's steps and before the record there (the state is made by training a copy of its model to
that step and cutting its trace file) resumes to the same joined bytes, while one whose trace
lacks a record below its checkpoint's step is refused, naming the step.
|test_analyze_refuses_wrong_shape| is described above.

@*1 Correlated covariates: which preconditioner.
@^preconditioned gradient descent@>
@^correlated covariates@>
The abstract of He, Pan, Chen and Yang says that on non-isotropic covariates multi-head attention
``learns to implement a form of pre-conditioned gradient descent''; that is the paper's claim.
Which preconditioner, and how to read it off a trained layer, is ours: the expansion below, and
the optimal preconditioner $\Gamma^*$ of Proposition H9 (softmax chapter), which is our
derivation.

@^Proposition H10 (first order)@>\proclaim Proposition H10 (the layer to first order; ours). Let a layer's heads have KQ blocks
$\pmatrix{W_h&0\cr0&0\cr}$ (an $x$-block $W_h$, no response row or column) and output
weights $\tilde\mu_h=\mu_he_{d+1}$ (reading the response only). Then on every prompt
$$\hat y=\Bigl(\sum_h\mu_h\Bigr)\bar y+x_q\tp\Gamma g+O\bigl(\max_h\norm{W_h}^2\bigr),\qquad
\Gamma=\sum_h\mu_hW_h\tp,\quad g={1\over L}\sum_{i=1}^Ly_i(x_i-\bar x),$$
so a zero-sum layer ($\sum_h\mu_h=0$) is, to first order, preconditioned debiased gradient
descent with the {\it effective preconditioner} $\Gamma$; a sign pair $\pm W$, $\pm\mu$ has
$\Gamma=2\mu W\tp$, which is the notes' form, and $W=\omega I$ gives Proposition H5's step
$2\omega\mu$.

{\it Proof.} Head $h$ scores context point $i$ with $s_{hi}=x_i\tp W_hx_q$. The softmax of
$s$ is $1/L+(s_i-\bar s)/L+O(\norm s^2)$ (its derivative at $0$ is $(I-{\bf 1}{\bf 1}\tp/L)/L$),
so head $h$ contributes
$\mu_h\sum_iy_i\bigl[1/L+(s_{hi}-\bar s_h)/L\bigr]+O(\norm{W_h}^2)
=\mu_h\bar y+\mu_h{1\over L}\sum_iy_i(x_i-\bar x)\tp W_hx_q+O(\norm{W_h}^2)$, and
${1\over L}\sum_iy_i(x_i-\bar x)\tp W_hx_q=g\tp W_hx_q=x_q\tp W_h\tp g$. Summing over $h$ gives
the claim. \quad$\square$

|he_effective_preconditioner| computes $\Gamma$ from a trained layer's circuits (the $x$-blocks
of KQ and the $\mu_h$, the last entries of $\tilde\mu_h$; the response row and column of KQ and
the $x$-part of OV, small in trained layers, are left out, as in the proposition), and
|he_cosine| the cosine of two matrices in the Frobenius inner product,
$\cos(A,B)=\langle A,B\rangle/(\norm A\norm B)$, which compares shapes whatever the scale.
|test_layer_first_order_is_preconditioned_dgd| builds a three-head layer with random
non-symmetric blocks $\epsilon W_h$ and output weights that do not sum to zero, and checks on
200 prompts that the root mean square of $\hat y-(\sum_h\mu_h)\bar y-x_q\tp\Gamma g$ falls by a
factor between 3.5 and 4.5 each time $\epsilon$ halves (from $0.2$ to $0.025$; an $\epsilon^2$
law gives 4, a first-order error 2), and that at $\epsilon=0.025$ it is below 5\% of the root mean
square of the first-order term (measured: factors 4.17, 4.39 and 4.12, and 3.1\%).

@<He declarations@>=
void he_effective_preconditioner(const he_circuits *c, gsl_matrix *Gamma);
double he_cosine(const gsl_matrix *A, const gsl_matrix *B);

@ @<He functions@>=
void he_effective_preconditioner(const he_circuits *c, gsl_matrix *Gamma)
{
  size_t d = c->C - 1;
  gsl_matrix_set_zero(Gamma);
  for (size_t h = 0; h < c->H; h++) {
    double mu = gsl_vector_get(c->OV[h], d);
    for (size_t i = 0; i < d; i++)
      for (size_t j = 0; j < d; j++)
        gsl_matrix_set(Gamma, i, j, gsl_matrix_get(Gamma, i, j)
          + mu * gsl_matrix_get(c->KQ[h], j, i));
  }
}

double he_cosine(const gsl_matrix *A, const gsl_matrix *B)
{
  double ab = 0.0, aa = 0.0, bb = 0.0;
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++) {
      double a = gsl_matrix_get(A, i, j), b = gsl_matrix_get(B, i, j);
      ab += a * b; aa += a * a; bb += b * b;
    }
  return ab / sqrt(aa * bb);
}

@ The grid's correlated models: softmax attention with two and four heads, trained on
$\Sigma_{ij}=0.5^{\vert i-j\vert}$ with everything else as in the paper's setting, named
\.{softmax\_H2\_rho0.5\_seed0} and so on, after the seed's other models.

@<Add the seed's models on correlated covariates@>=
static const size_t corr_heads[] = { 2, 4 };
for (size_t i = 0; i < sizeof corr_heads / sizeof corr_heads[0] && n < max; i++) {
  he_run *r = &out[n++];
  r->attn = ATTN_SOFTMAX; r->heads = corr_heads[i]; r->seed = s; r->rho = HE_RHO;
  snprintf(r->name, sizeof r->name, "softmax_H%zu_rho%g_seed%llu", r->heads, r->rho,
    (unsigned long long) s);
}

@ The analyses of a correlated model replace the risk and length files (which are for
$\Sigma=I$) with two files:
\item{$\bullet$} \.{.corr.csv}: per head, $\omega_h$, $\mu_h$, the cosines $\vert\cos(W_h,\Gamma^*)\vert$,
$\vert\cos(W_h,\Sigma^{-1})\vert$ and $\vert\cos(W_h,I)\vert$ (up to sign: the head's sign is
$\mu_h$'s business) and $\norm{W_h}$; then a row \.{sum} for the effective preconditioner
$\Gamma$, with signed cosines and its norm; then rows \.{gamma\_star} and \.{sigma\_inv} for
$\Gamma^*$ and $\Sigma^{-1}$ themselves (their cosines say how far apart the candidates are).
The two candidates are close in the cosine ($0.9977$ at $\rho=0.5$, $L=40$), so every row also has
two ratios that tell them apart: the mean of the two end entries of the diagonal over the mean of
the inner ones (\.{end\_ratio}: $0.800$ for $\Sigma^{-1}$, whose ends are $1/(1-\rho^2)$ and inner
entries $(1+\rho^2)/(1-\rho^2)$; $0.847$ for $\Gamma^*$), and the mean of the first
off-diagonals over the mean of the diagonal (\.{off\_ratio}: $-0.435$ and $-0.377$);
\item{$\bullet$} \.{.corr\_risk.csv}: at $L=40$ on |risk_prompts| prompts of the evaluation
stream drawn with the model's $\Sigma$, the risk of the model, of preconditioned debiased GD with
the layer's own $\Gamma$ (the model to first order), with $\Gamma^*$, and with $s\Sigma^{-1}$ at
the scale $s$ that minimizes Proposition H9's risk (a quadratic in $s$, fitted exactly from three
values), of debiased GD at its step tuned on the tuning stream (|sm_tune_eta|, as many prompts;
the column \.{eta} holds the step, or $s$), and of the Bayes predictor
(ridge with $\sigma^2d$, which is the posterior mean whatever $\Sigma$), each with its standard
error and its paired difference from the model, and the closed form of Proposition H9 where there
is one (the three linear predictors).

@<He static declarations@>=
static int he_write_corr(const he_circuits *c, const he_scale *sc, const he_run *r,
  const char *dir, char *err, size_t len);

@ @<He functions@>=
static double frobenius(const gsl_matrix *A)
{
  double s = 0.0;
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++) s += gsl_matrix_get(A, i, j) * gsl_matrix_get(A, i, j);
  return sqrt(s);
}

static void he_corr_row(FILE *f, const he_scale *sc, const he_run *r, const char *which,
  double omega, double mu, const gsl_matrix *A, gsl_matrix *const ref[3], int up_to_sign)
{
  size_t d = A->size1;
  double ends = 0.5 * (gsl_matrix_get(A, 0, 0) + gsl_matrix_get(A, d - 1, d - 1)), inner = 0.0,
    diag = 0.0, off = 0.0;
  for (size_t i = 0; i < d; i++) {
    diag += gsl_matrix_get(A, i, i) / (double) d;
    if (i > 0 && i + 1 < d) inner += gsl_matrix_get(A, i, i) / (double) (d - 2);
    if (i + 1 < d)
      off += (gsl_matrix_get(A, i, i + 1) + gsl_matrix_get(A, i + 1, i)) / (double) (2 * (d - 1));
  }
  he_prefix(f, sc, r);
  fprintf(f, "%s,%.10g,%.10g", which, omega, mu);
  for (int k = 0; k < 3; k++) {
    double cs = he_cosine(A, ref[k]);
    fprintf(f, ",%.10g", up_to_sign ? fabs(cs) : cs);
  }
  fprintf(f, ",%.10g,%.10g,%.10g\n", frobenius(A), ends / inner, off / diag);
}

@ The three reference matrices: $\Gamma^*$ of Proposition H9 at $L=40$, $\Sigma^{-1}$ (from
its Cholesky factor), and $I$.

@<He functions@>=
static void he_corr_references(const task_spec *spec, gsl_matrix *ref[3])
{
  sm_setting st;
  sm_setting_paper(&st);
  size_t d = spec->d;
  for (int k = 0; k < 3; k++) ref[k] = gsl_matrix_alloc(d, d);
  sm_gamma_star(&st, spec->Sigma, ref[0]);
  gsl_matrix_memcpy(ref[1], spec->Sigma);
  gsl_linalg_cholesky_decomp1(ref[1]);
  gsl_linalg_cholesky_invert(ref[1]);
  gsl_matrix_set_identity(ref[2]);
}

static int he_write_corr_patterns(const he_circuits *c, const he_scale *sc, const he_run *r,
  const char *dir, const gsl_matrix *Gamma, gsl_matrix *const ref[3], char *err, size_t len)
{
  size_t d = c->C - 1;
  atomic_file af;
  FILE *f = he_open(&af, dir, r->name, "corr",
    "head,omega,mu,cos_gamma_star,cos_sigma_inv,cos_identity,norm,end_ratio,off_ratio", err, len);
  if (f == NULL) return -1;
  for (size_t h = 0; h < c->H; h++) {
    gsl_matrix_const_view W = gsl_matrix_const_submatrix(c->KQ[h], 0, 0, d, d);
    sm_head_pattern hp;
    sm_head_metrics(c->KQ[h], c->OV[h], d, &hp);
    char which[24];
    snprintf(which, sizeof which, "%zu", h);
    he_corr_row(f, sc, r, which, hp.omega, hp.mu, &W.matrix, ref, 1);
  }
  he_corr_row(f, sc, r, "sum", NAN, NAN, Gamma, ref, 0);
  he_corr_row(f, sc, r, "gamma_star", NAN, NAN, ref[0], ref, 0);
  he_corr_row(f, sc, r, "sigma_inv", NAN, NAN, ref[1], ref, 0);
  return he_close(&af, err, len);
}

@ The risks, on the same prompts.

@<He functions@>=
static int he_write_corr(const he_circuits *c, const he_scale *sc, const he_run *r,
  const char *dir, char *err, size_t len)
{
  sm_setting st;
  sm_setting_paper(&st);
  task_spec spec;
  task_spec_he2025(&spec, HE_D, HE_SIGMA2, r->rho);
  size_t d = HE_D, n = sc->risk_prompts;
  gsl_matrix *ref[3], *Gamma = gsl_matrix_alloc(d, d), *etaI = gsl_matrix_alloc(d, d);
  he_corr_references(&spec, ref);
  he_effective_preconditioner(c, Gamma);
  int ok = he_write_corr_patterns(c, sc, r, dir, Gamma, ref, err, len) == 0;
  double eta = sm_tune_eta(SM_DGD, &spec, HE_L, n, r->seed), q[3];
  gsl_matrix *sInv = gsl_matrix_alloc(d, d);
  for (int k = 0; k < 3; k++) {
    gsl_matrix_memcpy(sInv, ref[1]);
    gsl_matrix_scale(sInv, (double) k);
    q[k] = sm_risk_pdgd(&st, spec.Sigma, sInv);
  }
  double A = 0.5 * (q[2] - 2.0 * q[1] + q[0]), B = q[1] - q[0] - A, scale = -B / (2.0 * A);
  gsl_matrix_memcpy(sInv, ref[1]);
  gsl_matrix_scale(sInv, scale);
  gsl_matrix_set_identity(etaI);
  gsl_matrix_scale(etaI, eta);
  enum { NE = 5 };
  const sm_estimator e[NE] = {
    { SM_PDGD, 0.0, Gamma, 0, NULL, NULL }, { SM_PDGD, 0.0, ref[0], 0, NULL, NULL },
    { SM_PDGD, 0.0, sInv, 0, NULL, NULL }, { SM_DGD, eta, NULL, 0, NULL, NULL },
    { SM_BAYES, 0.0, NULL, 0, NULL, NULL } };
  static const char *const names[NE] = { "pdgd_learned", "pdgd_gamma_star", "pdgd_sigma_inv",
    "dgd_tuned", "bayes" };
  const double closed[NE] = { sm_risk_pdgd(&st, spec.Sigma, Gamma),
    sm_risk_pdgd(&st, spec.Sigma, ref[0]), sm_risk_pdgd(&st, spec.Sigma, sInv),
    sm_risk_pdgd(&st, spec.Sigma, etaI), NAN }, step[NE] = { NAN, NAN, scale, eta, NAN };
  double *loss = xmalloc((NE + 2) * n * sizeof(double)), *mloss = loss + NE * n,
    *col = mloss + n;
  if (ok) {
    he_losses(c, e, NE, &spec, n, r->seed, loss, mloss);
    atomic_file af;
    FILE *f = he_open(&af, dir, r->name, "corr_risk",
      "predictor,prompts,risk,se,minus_model,minus_model_se,closed_form,eta", err, len);
    ok = f != NULL;
    if (ok) {
      he_prefix(f, sc, r);
      he_paired(f, "model", mloss, mloss, n);
      fprintf(f, ",nan,nan\n");
      for (size_t j = 0; j < NE; j++) {
        for (size_t k = 0; k < n; k++) col[k] = loss[k * NE + j];
        he_prefix(f, sc, r);
        he_paired(f, names[j], col, mloss, n);
        fprintf(f, ",%.10g,%.10g\n", closed[j], step[j]);
      }
      ok = he_close(&af, err, len) == 0;
    }
  }
  free(loss);
  for (int k = 0; k < 3; k++) gsl_matrix_free(ref[k]);
  gsl_matrix_free(Gamma); gsl_matrix_free(etaI); gsl_matrix_free(sInv); task_spec_free(&spec);
  return ok ? 0 : -1;
}

@ Tests: |test_layer_first_order_is_preconditioned_dgd| (above). |test_smoke_grid_runs_and_joins|
checks the rows of the two joined files, that the row of $\Gamma^*$ has cosine 1 with itself and
that the closed form of preconditioned debiased GD with $\Gamma^*$ is Proposition H9's risk.

@*1 Along training: the trace.
@^training dynamics@>
The notes report that the trained layer's KQ diagonals overshoot to $+0.23$ and $-0.32$ in the
first few thousand steps and then relax towards $\pm0.13$, while the OV entries grow
monotonically; the reduced model's gradient flow (Proposition H8) does the same. To see it in our
runs, a softmax unit records every head's $\omega_h$, $\mu_h$, KQ diagonal ratio and OV
last-entry ratio at step 0 and at |HE_TRACE_POINTS| steps spread evenly in $\log(\hbox{step})$
from a thousandth of the run to its end (rounded to whole steps, repeats dropped), so that the
early overshoot and the late drift are both sampled at any scale: at the quick scale's 5000 steps
the records are at steps $0,5,6,\ldots,5000$, at the paper's 500000 at $0,500,\ldots,500000$.

The unit trains in segments, |train_run| to each record's step, and records there. That changes
nothing in the training: |test_train_in_segments_is_bitwise_identical| (training chapter) checks
that a run stopped and continued on the same trainer ends bitwise where the run in one go does,
and a resumed run continues bitwise from its checkpoint. Each segment ends with a checkpoint
(|train_run| writes one at the step it stops at), and then the records so far are written to
\.{runs/NAME.traj.csv}, atomically, all of them each time. So after an interruption the file holds
every record up to a step that the checkpoint has reached, and no record can be missing below the
checkpoint's step; the resumed unit keeps the rows already written (as text, so their bytes are
the same) and trains on from the checkpoint to the next record it lacks. A record that is missing
below the checkpoint's step (its file deleted by hand) cannot be made again, and the unit stops
with a message naming it.

@<He declarations@>=
#define HE_TRACE_POINTS 50
size_t he_trace_steps(size_t steps, size_t *out);

@ The steps: |out| needs room for |HE_TRACE_POINTS|$\,+1$ entries. |llround| of the
logarithmic grid, with repeats dropped, keeps them increasing; a step is never 0 but the first.

@<He functions@>=
size_t he_trace_steps(size_t steps, size_t *out)
{
  size_t n = 0;
  out[n++] = 0;
  for (size_t k = 0; k < HE_TRACE_POINTS; k++) {
    double x = (double) steps * pow(10.0, -3.0 * (double) (HE_TRACE_POINTS - 1 - k)
      / (double) (HE_TRACE_POINTS - 1));
    size_t s = k + 1 == HE_TRACE_POINTS ? steps : (size_t) llround(x);
    if (s > out[n - 1]) out[n++] = s;
  }
  return n;
}

@ One record: a row per head, with a |key| naming the run and the head for the figures.

@<He functions@>=
static void he_trace_record(FILE *f, const model *m, const he_scale *sc, const he_run *r,
  size_t step)
{
  he_circuits *c = he_circuits_of(m);
  for (size_t h = 0; h < c->H; h++) {
    sm_head_pattern hp;
    sm_head_metrics(c->KQ[h], c->OV[h], c->C - 1, &hp);
    he_prefix(f, sc, r);
    fprintf(f, "%zu,%zu,%s_h%zu,%.10g,%.10g,%.10g,%.10g\n", step, h, r->name, h, hp.omega,
      hp.mu, hp.diag_ratio, hp.ov_last_ratio);
  }
  he_circuits_free(c);
}

@ The records already written, read back as text: the rows after the header, and the step of
the last one (the eighth column, after the provenance). The header must be this file's.

@<He functions@>=
#define HE_TRACE_COLUMNS "step,head,key,omega,mu,diag_ratio,ov_last_ratio"
static int he_trace_read(const char *path, char **rows, size_t *rows_len, size_t *last,
  int *any, char *err, size_t len)
{
  *any = 0; *last = 0;
  FILE *mem = open_memstream(rows, rows_len), *f = fopen(path, "r");
  int ok = 1;
  if (f != NULL) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t got = getline(&line, &cap, f);
    ok = got > 0 && strstr(line, HE_TRACE_COLUMNS) != NULL;
    while (ok && (got = getline(&line, &cap, f)) > 0) {
      const char *p = line;
      for (int k = 0; k < 7 && p; k++) p = strchr(p, ','), p = p ? p + 1 : NULL;
      char *end;
      unsigned long long s = p ? strtoull(p, &end, 10) : 0;
      ok = p != NULL && end != p && *end == ',';
      if (ok) { fputs(line, mem); *last = (size_t) s; *any = 1; }
    }
    free(line);
    fclose(f);
  } else if (errno != ENOENT) ok = 0;
  fclose(mem);
  if (!ok) snprintf(err, len, "'%s' is not a trace of this grid (delete the unit's files to rerun "
    "it)", path);
  return ok ? 0 : -1;
}

@ The training with its records: |grid_trainer| loads the checkpoint or makes the model, and
the loop trains to each record's step that the file lacks.

@<He static declarations@>=
static trainer *he_train_traced(const he_scale *sc, const he_run *r, train_config *c,
  const char *dir, char *err, size_t len);

@ @<He functions@>=
static trainer *he_train_traced(const he_scale *sc, const he_run *r, train_config *c,
  const char *dir, char *err, size_t len)
{
  trainer *tr = grid_trainer(c, dir, r->name, err, len);
  if (tr == NULL) return NULL;
  char path[512], *rows = NULL;
  size_t rows_len = 0, last, steps[HE_TRACE_POINTS + 1];
  int any, ok;
  snprintf(path, sizeof path, "%s/runs/%s.traj.csv", dir, r->name);
  ok = he_trace_read(path, &rows, &rows_len, &last, &any, err, len) == 0;
  size_t n = he_trace_steps(tr->cfg.steps, steps);
  tr->report_to = tr->cfg.steps;
  for (size_t k = 0; ok && k < n; k++) {
    if (any && steps[k] <= last) continue;
    if (tr->step > steps[k]) {
      snprintf(err, len, "'%s' lacks the record at step %zu, which its checkpoint (step %zu) has "
        "passed; delete the unit's files to rerun it", path, steps[k], tr->step);
      ok = 0; break;
    }
    if (train_run(tr, steps[k], 1, err, len) != 0) { ok = 0; break; }
    char *rec = NULL;
    size_t rec_len = 0;
    FILE *mem = open_memstream(&rec, &rec_len);
    he_trace_record(mem, tr->m, sc, r, steps[k]);
    fclose(mem);
    char *grown = realloc(rows, rows_len + rec_len + 1);
    if (grown == NULL) mhicl_fatal("out of memory (the trace of %s)", r->name);
    rows = grown;
    memcpy(rows + rows_len, rec, rec_len + 1);
    rows_len += rec_len;
    free(rec);
    atomic_file af;
    FILE *f = he_open(&af, dir, r->name, "traj", HE_TRACE_COLUMNS, err, len);
    if (f == NULL) { ok = 0; break; }
    fwrite(rows, 1, rows_len, f);
    if (he_close(&af, err, len) != 0) { ok = 0; break; }
  }
  free(rows);
  if (!ok) { trainer_free(tr); return NULL; }
  return tr;
}

@*1 The weights.
@^heatmaps of KQ and OV@>
\.{runs/NAME.weights.csv} holds every head's circuits at the end of training, for the heatmaps:
one row per entry, with the head, the matrix (\.{KQ}, $(d+1)\times(d+1)$, in the paper's
orientation: row $i$, column $j$ is the weight of key coordinate $i$ against query coordinate
$j$; or \.{OV}, the column $\tilde\mu_h$, whose last entry is $\mu_h$), the row, the column and
the value, and a |key| naming the run, the head and the matrix.

@<He static declarations@>=
static int he_write_weights(const he_circuits *c, const he_scale *sc, const he_run *r,
  const char *dir, char *err, size_t len);

@ @<He functions@>=
static int he_write_weights(const he_circuits *c, const he_scale *sc, const he_run *r,
  const char *dir, char *err, size_t len)
{
  atomic_file af;
  FILE *f = he_open(&af, dir, r->name, "weights", "head,matrix,row,col,value,key", err, len);
  if (f == NULL) return -1;
  for (size_t h = 0; h < c->H; h++) {
    for (size_t i = 0; i < c->C; i++)
      for (size_t j = 0; j < c->C; j++) {
        he_prefix(f, sc, r);
        fprintf(f, "%zu,KQ,%zu,%zu,%.10g,%s_h%zu_KQ\n", h, i, j, gsl_matrix_get(c->KQ[h], i, j),
          r->name, h);
      }
    for (size_t i = 0; i < c->C; i++) {
      he_prefix(f, sc, r);
      fprintf(f, "%zu,OV,%zu,0,%.10g,%s_h%zu_OV\n", h, i, gsl_vector_get(c->OV[h], i), r->name, h);
    }
  }
  return he_close(&af, err, len);
}

@ Which files a unit writes, for the join: every unit its run, pattern and weights files; a
model on isotropic covariates its risk and length files, a correlated one its two files of the
section on correlated covariates; a softmax model its trace.

@<He static declarations@>=
static int he_run_writes(const he_run *r, const char *kind);

@ @<He functions@>=
static int he_run_writes(const he_run *r, const char *kind)
{
  if (strcmp(kind, "risk") == 0 || strcmp(kind, "length") == 0) return r->rho == 0.0;
  if (strcmp(kind, "corr") == 0 || strcmp(kind, "corr_risk") == 0) return r->rho != 0.0;
  if (strcmp(kind, "traj") == 0) return r->attn == ATTN_SOFTMAX;
  return 1;
}

@*1 Multi-task superposition.
@^multi-task regression@>
@^superposition@>
The authors' second experiment (their notebook \.{icl\_linear\_multitask}) trains the same kind of
layer on the two-task problem of the tasks chapter: $d=6$, task 1 on coordinates 1--4, task 2 on
3--6, $\beta_k\sim N(0,I_4)$, context noise variance $0.4$, noiseless query responses, $L=48$.
A token is $(x_i;y_{i1};y_{i2})\in\Reals^{8}$, the query $(x_q;0;0)$, and the layer has two
read-out rows: one softmax layer of $H$ heads of width $d+2=8$, no MLP, LayerNorm or biases,
PyTorch's initialization, Adam at $10^{-3}$, the loss the mean of the two outputs' squared errors
at the query. The grid trains $H=3$ and $H=4$ for every seed, units \.{multitask\_H3\_seed0} and
so on.

What the notebook claims (the notes' reading of it; none of it is a theorem of the paper that
we could check): with $N$ tasks, ``if $2<H<2N$, superposition occurs'' and ``if $H>2N$, each active
head learns exactly one task''; at $H=4=2N$ its run splits cleanly, one sign pair of heads per
task, KQ $\approx\pm0.14\,I$ on the task's coordinates and OV $\approx\pm3.2$ on its output only;
at $H=3$ its heads share the tasks, with KQ diagonals (read off a colour scale) like
$(+0.04,+0.09,+0.065)$ on the coordinate blocks $1$--$2$, $3$--$4$, $5$--$6$ and OV
$(\mu_1,\mu_2)=(+3,+6)$ for one head, the OV of each task summing to zero over the heads, and the
effective preconditioner at about $0.75$--$0.9$ on each task's support and near zero off it.

What we measure, per head $h$ and task $k$ (ours: the definitions extend the single-task metrics
of the softmax chapter). The key--query circuit ${\rm KQ}^h=W_KW_Q\tp/\sqrt{d+2}$ and its $x$-block
$B^h$, whose diagonal we report per coordinate. The output weight of head $h$ on task $k$,
$\mu_k^h$, is minus the entry of $W_VW_O$ that reads the response $y_{\cdot k}$ and writes read-out
row $k$ (the transformer chapter's sign convention); the entry reading the {\it other} task's
response into row $k$ is reported beside it. Expanding the softmax to first order in the scores,
as for Proposition H5, read-out row $k$ is
$$\hat y_k\approx\Bigl(\sum_h\mu_k^h\Bigr)\bar y_{\cdot k}
+{1\over L}\sum_iy_{ik}\,(x_i-\bar x)\tp P_k\,x_q,\qquad P_k=\sum_h\mu_k^hB^h,$$
so a task's OV must sum to zero over the heads (no bias $\bar y$), and $P_k$ is the preconditioner
of the debiased gradient step the layer takes for task $k$: the oracle that knows $S_k$ has
$P_k=\eta_k I$ on $S_k$ and zero elsewhere. For each task we report $\sum_h\mu_k^h$ and the
zero-sum defect $\vert\sum_h\mu_k^h\vert/\sum_h\vert\mu_k^h\vert$, the diagonal of $P_k$ on and off
$S_k$ and its largest off-diagonal entry, and the risks on the same prompts: the layer's output
$k$, debiased gradient descent on $S_k$ alone (the oracle) and on all six coordinates, each with
its step tuned on prompts of the tuning stream. A head {\it serves} task $k$ when at least 90\% of
its $\vert\mu_1^h\vert+\vert\mu_2^h\vert$ is on task $k$ (ours); the layer {\it splits} when every
head serves one task and each task is served by exactly one head with $\mu>0$ and one with
$\mu<0$.

@<He types@>=
typedef struct {
  size_t H, d;
  gsl_matrix **KQ;  /* per head, $(d+2)\times(d+2)$ */
  gsl_vector **OV[2];  /* per task and head: $-W_VW_O e_{d+k}$, so entry $d+k$ is $\mu_k^h$ */
} he_mt_circuits;

@ @<He declarations@>=
#define HE_MT_D 6
#define HE_MT_DK 4
#define HE_MT_L 48
size_t he_mt_run_list(size_t seeds, he_run *out, size_t max);
size_t he_mt_steps(const he_scale *sc);
void he_mt_train_config(const he_scale *sc, const he_run *r, size_t threads, train_config *c);
he_mt_circuits *he_mt_circuits_of(const model *m);
void he_mt_circuits_free(he_mt_circuits *c);
void he_mt_precond(const he_mt_circuits *c, size_t k, gsl_matrix *P);
int he_mt_unit(const he_scale *sc, const he_run *r, size_t threads, const char *dir, char *err,
  size_t len);
int he_mt_join(const char *dir, const he_run *runs, size_t n, char *err, size_t len);
int he_mt_serves(const he_mt_circuits *c, size_t h);
int he_mt_splits(const he_mt_circuits *c);

@ The multi-task models train longer than the single-task ones at the quick scale. We measured
the learning curve of seed 0 (batch 128, held-out risk on 512 prompts, mean of the two outputs):
with three heads 0.433 at 5000 steps, 0.414 at 7000 and 10000, 0.425 at 15000; with four heads
0.411 at 5000. The three-head layer is still falling at 5000 steps and flat, within the held-out
set's standard error of about 0.02, from 7000; so the quick scale trains the multi-task models
10000 steps. Smoke and paper scales keep their steps.

@<He functions@>=
size_t he_mt_steps(const he_scale *sc)
{
  return strcmp(sc->name, "quick") == 0 ? 10000 : sc->steps;
}

size_t he_mt_run_list(size_t seeds, he_run *out, size_t max)
{
  static const size_t heads[] = { 3, 4 };
  size_t n = 0;
  for (uint64_t s = 0; s < seeds; s++)
    for (size_t i = 0; i < 2 && n < max; i++) {
      he_run *r = &out[n++];
      r->attn = ATTN_SOFTMAX; r->heads = heads[i]; r->seed = s;
      snprintf(r->name, sizeof r->name, "multitask_H%zu_seed%llu", r->heads, (unsigned long long) s);
    }
  return n;
}

void he_mt_train_config(const he_scale *sc, const he_run *r, size_t threads, train_config *c)
{
  train_config_default(c);
  c->task_kind = TASK_MULTITASK; c->d = HE_MT_D; c->d_1 = c->d_2 = HE_MT_DK;
  c->beta = BETA_DENSE; c->b = 0.0; c->sigma = sqrt(HE_SIGMA2); c->n = HE_MT_L;
  c->query_only = 1; c->steps = he_mt_steps(sc); c->batch = sc->batch; c->lr = 1e-3;
  c->seed = r->seed; c->threads = threads;
  c->eval_every = c->steps / 10; c->eval_prompts = 512; c->checkpoint_every = 1000;
  model_config *m = &c->arch;
  memset(m, 0, sizeof *m);
  m->format = FORMAT_STACKED; m->n_layers = 1; m->heads[0] = r->heads; m->attn[0] = ATTN_SOFTMAX;
  m->d_head = HE_MT_D + 2; m->d_model = HE_MT_D + 2; m->init_torch = 1;
  if (train_config_check(c) != NULL) mhicl_fatal("the multi-task configuration is refused");
}

@ The circuits of every head, with the softmax chapter's |sm_head_circuits| once per read-out
row, and the effective preconditioner $P_k=\sum_h\mu_k^hB^h$ ($d\times d$).

@<He functions@>=
he_mt_circuits *he_mt_circuits_of(const model *m)
{
  const model_config *mc = &m->cfg;
  size_t d = mc->d_x, C = d + 2, dh = mc->d_head, H = mc->heads[0];
  he_mt_circuits *c = xcalloc(1, sizeof *c);
  c->H = H; c->d = d;
  c->KQ = xcalloc(H, sizeof *c->KQ);
  for (size_t k = 0; k < 2; k++) c->OV[k] = xcalloc(H, sizeof *c->OV[k]);
  for (size_t h = 0; h < H; h++) {
    gsl_matrix_const_view Q = gsl_matrix_const_view_array(m->p.W_Q[0] + h * C * dh, C, dh);
    gsl_matrix_const_view K = gsl_matrix_const_view_array(m->p.W_K[0] + h * C * dh, C, dh);
    gsl_matrix_const_view V = gsl_matrix_const_view_array(m->p.W_V[0] + h * C * dh, C, dh);
    gsl_matrix_const_view O = gsl_matrix_const_view_array(m->p.W_O[0] + h * dh * C, dh, C);
    c->KQ[h] = gsl_matrix_alloc(C, C);
    for (size_t k = 0; k < 2; k++) {
      c->OV[k][h] = gsl_vector_alloc(C);
      sm_head_circuits(&Q.matrix, &K.matrix, &V.matrix, &O.matrix, d + k, c->KQ[h], c->OV[k][h]);
      gsl_vector_scale(c->OV[k][h], -1.0);
    }
  }
  return c;
}

void he_mt_circuits_free(he_mt_circuits *c)
{
  if (c == NULL) return;
  for (size_t h = 0; h < c->H; h++) {
    gsl_matrix_free(c->KQ[h]);
    for (size_t k = 0; k < 2; k++) gsl_vector_free(c->OV[k][h]);
  }
  free(c->KQ); free(c->OV[0]); free(c->OV[1]); free(c);
}

void he_mt_precond(const he_mt_circuits *c, size_t k, gsl_matrix *P)
{
  gsl_matrix_set_zero(P);
  for (size_t h = 0; h < c->H; h++) {
    gsl_matrix_const_view B = gsl_matrix_const_submatrix(c->KQ[h], 0, 0, c->d, c->d);
    gsl_matrix *tmp = gsl_matrix_alloc(c->d, c->d);
    gsl_matrix_memcpy(tmp, &B.matrix);
    gsl_matrix_scale(tmp, gsl_vector_get(c->OV[k][h], c->d + k));
    gsl_matrix_add(P, tmp);
    gsl_matrix_free(tmp);
  }
}

@ The files of a multi-task unit, all with the provenance columns of the other analyses:
\item{$\bullet$} \.{.mtheads.csv}: per head, the KQ diagonal on each coordinate, the diagonal ratio
of $B^h$, the largest entry of KQ's response rows, $\mu_1^h,\mu_2^h$, the cross entries and each
task's last-entry ratio $\vert\mu_k^h\vert/\norm{{\rm OV}_k^h}$, and the task the head serves
(0: none);
\item{$\bullet$} \.{.mtprecond.csv}: per task and coordinate, whether it is on the support, the
diagonal entry of $P_k$ (the figure below reads it);
\item{$\bullet$} \.{.mttask.csv}: per task, $\sum_h\mu_k^h$, the zero-sum defect, the mean, least
and largest diagonal of $P_k$ on $S_k$, the largest $\vert P_k\vert$ diagonal off it and the largest
off-diagonal entry, whether the layer splits, and the risks (model, oracle debiased GD with its
tuned step, debiased GD on all coordinates with its step), each $\pm$ its standard error, and the
model's paired difference from the oracle;
\item{$\bullet$} \.{.mtrun.csv}: steps, batch, the final held-out loss and its two outputs.

@<He functions@>=
int he_mt_serves(const he_mt_circuits *c, size_t h)
{  /* 1 or 2: the task holding $\ge90\%$ of the head's $\vert\mu\vert$; 0: neither */
  double a = fabs(gsl_vector_get(c->OV[0][h], c->d)), b = fabs(gsl_vector_get(c->OV[1][h], c->d + 1));
  return a + b > 0.0 && a >= 0.9 * (a + b) ? 1 : a + b > 0.0 && b >= 0.9 * (a + b) ? 2 : 0;
}

int he_mt_splits(const he_mt_circuits *c)
{
  size_t plus[2] = { 0, 0 }, minus[2] = { 0, 0 };
  for (size_t h = 0; h < c->H; h++) {
    int k = he_mt_serves(c, h);
    if (k == 0) return 0;
    if (gsl_vector_get(c->OV[k - 1][h], c->d + k - 1) > 0.0) plus[k - 1]++; else minus[k - 1]++;
  }
  return plus[0] == 1 && minus[0] == 1 && plus[1] == 1 && minus[1] == 1;
}

static int he_mt_write_heads(const he_mt_circuits *c, const he_scale *sc, const he_run *r,
  const char *dir, char *err, size_t len)
{
  size_t d = c->d;
  atomic_file af;
  FILE *f = he_open(&af, dir, r->name, "mtheads", "head,kq1,kq2,kq3,kq4,kq5,kq6,diag_ratio,"
    "y_rows,mu1,mu2,cross1,cross2,ov_ratio1,ov_ratio2,serves", err, len);
  if (f == NULL) return -1;
  for (size_t h = 0; h < c->H; h++) {
    double diag2 = 0.0, frob = 0.0, yrow = 0.0;
    he_prefix(f, sc, r);
    fprintf(f, "%zu", h);
    for (size_t i = 0; i < d; i++) {
      fprintf(f, ",%.10g", gsl_matrix_get(c->KQ[h], i, i));
      diag2 += pow(gsl_matrix_get(c->KQ[h], i, i), 2);
      for (size_t j = 0; j < d; j++) frob += pow(gsl_matrix_get(c->KQ[h], i, j), 2);
      for (size_t k = 0; k < 2; k++) yrow = fmax(yrow, fabs(gsl_matrix_get(c->KQ[h], d + k, i)));
    }
    fprintf(f, ",%.10g,%.10g", frob > 0.0 ? sqrt(diag2 / frob) : 0.0, yrow);
    for (size_t k = 0; k < 2; k++) fprintf(f, ",%.10g", gsl_vector_get(c->OV[k][h], d + k));
    for (size_t k = 0; k < 2; k++) fprintf(f, ",%.10g", gsl_vector_get(c->OV[k][h], d + 1 - k));
    for (size_t k = 0; k < 2; k++)
      fprintf(f, ",%.10g", fabs(gsl_vector_get(c->OV[k][h], d + k)) / gsl_blas_dnrm2(c->OV[k][h]));
    fprintf(f, ",%d\n", he_mt_serves(c, h));
  }
  return he_close(&af, err, len);
}

@ The risks of task $k$ on prompts $0,\ldots,n-1$ of the evaluation stream, drawn with the run's
seed: the model's squared error at the query (|output_errors|, the training chapter), and debiased
gradient descent on a view of the prompt (the tasks chapter's |mt_task_view|, on $S_k$ or on all
coordinates), at the step that minimizes the conditional risk $\norm{\eta g-\beta_k}^2$ summed over
$n$ prompts of the tuning stream, $\eta=\sum g\tp\beta_k/\sum\norm g^2$ ($g$ the centred gradient,
the softmax chapter's debiased step at $\eta=1$). Its error on a prompt is the realized
$(\eta g\tp x_q-y_{qk})^2$ on the same query as the model's, so the difference is paired.

@<He functions@>=
static void he_mt_dgd(const mt_spec *spec, size_t k, int whole, size_t n, uint64_t seed,
  double *eta, double *loss)
{
  size_t dk = whole ? spec->d : spec->dim[k];
  mt_task *mt = mt_task_alloc(HE_MT_L, spec->d, 2);
  task *t = task_alloc(HE_MT_L, dk);
  task_spec one;
  task_spec_init(&one, dk, dk, BETA_DENSE, sqrt((double) dk), sqrt((double) spec->dim[k]) * spec->noise_std);
  sm_work *ws = sm_work_alloc(dk, HE_MT_L);
  gsl_vector *g = gsl_vector_alloc(dk);
  sm_estimator unit = { SM_DGD, 1.0, NULL, 0, NULL, NULL };
  double num = 0.0, den = 0.0;
  for (int pass = 0; pass < 2; pass++)
    for (size_t p = 0; p < n; p++) {
      mt_sample(spec, HE_MT_L, seed, pass == 0 ? STREAM_TUNE : STREAM_EVAL, p, mt);
      mt_task_view(spec, mt, k, whole, t);
      sm_weights(&unit, t, &one, ws, g);
      double gb, gx;
      gsl_blas_ddot(g, t->beta, &gb);
      gsl_blas_ddot(g, t->x_q, &gx);
      if (pass == 0) { num += gb; den += gsl_blas_dnrm2(g) * gsl_blas_dnrm2(g); }
      else loss[p] = pow(num / den * gx - t->y_q, 2);
    }
  *eta = num / den;
  gsl_vector_free(g); sm_work_free(ws); task_spec_free(&one); task_free(t); mt_task_free(mt);
}

@ The task and preconditioner files.

@<He functions@>=
static int he_mt_write_tasks(trainer *tr, const he_mt_circuits *c, const he_scale *sc,
  const he_run *r, const char *dir, char *err, size_t len)
{
  mt_spec spec;
  train_mt_spec(&tr->cfg, &spec);
  size_t d = c->d, n = sc->risk_prompts;
  double *merr = xmalloc(2 * n * sizeof(double)), *loss = xmalloc(3 * n * sizeof(double));
  output_errors(tr, r->seed, STREAM_EVAL, n, merr);
  gsl_matrix *P = gsl_matrix_alloc(d, d);
  atomic_file af, ap;
  FILE *f = he_open(&af, dir, r->name, "mttask", "task,sum_mu,zero_sum,precond_on,precond_on_min,"
    "precond_on_max,precond_off,precond_offdiag,splits,prompts,risk,se,dgd_eta,dgd_risk,dgd_se,"
    "minus_dgd,minus_dgd_se,dgd_all_eta,dgd_all_risk,dgd_all_se", err, len);
  FILE *g = f ? he_open(&ap, dir, r->name, "mtprecond", "task,coord,on_support,precond", err, len) : NULL;
  if (f && !g) atomic_abort(&af);
  int ok = f && g;
  for (size_t k = 0; ok && k < 2; k++) {
    double sum = 0.0, abs = 0.0, on = 0.0, lo = HUGE_VAL, hi = -HUGE_VAL, off = 0.0, offd = 0.0;
    for (size_t h = 0; h < c->H; h++) {
      double mu = gsl_vector_get(c->OV[k][h], d + k);
      sum += mu; abs += fabs(mu);
    }
    he_mt_precond(c, k, P);
    for (size_t j = 0; j < d; j++) {
      double p = gsl_matrix_get(P, j, j);
      int in = j >= spec.first[k] && j < spec.first[k] + spec.dim[k];
      if (in) { on += p / (double) spec.dim[k]; lo = fmin(lo, p); hi = fmax(hi, p); }
      else off = fmax(off, fabs(p));
      for (size_t i = 0; i < d; i++) if (i != j) offd = fmax(offd, fabs(gsl_matrix_get(P, i, j)));
      he_prefix(g, sc, r);
      fprintf(g, "%zu,%zu,%d,%.10g\n", k + 1, j + 1, in, p);
    }
    double eta, eta_all, *dgd = loss, *diff = loss + n, *all = loss + 2 * n;
    for (size_t p = 0; p < n; p++) diff[p] = merr[2 * p + k];
    he_mt_dgd(&spec, k, 0, n, r->seed, &eta, dgd);
    he_mt_dgd(&spec, k, 1, n, r->seed, &eta_all, all);
    mc_summary m = mc_summarize(diff, n, 1), a = mc_summarize(dgd, n, 1), b = mc_summarize(all, n, 1);
    for (size_t p = 0; p < n; p++) diff[p] -= dgd[p];
    mc_summary dd = mc_summarize(diff, n, 1);
    he_prefix(f, sc, r);
    fprintf(f, "%zu,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%.10g,%d,%zu,%.10g,%.10g,%.10g,%.10g,%.10g,"
      "%.10g,%.10g,%.10g,%.10g,%.10g\n", k + 1, sum, abs > 0.0 ? fabs(sum) / abs : 0.0, on, lo, hi,
      off, offd, he_mt_splits(c), n, m.mean, m.se, eta, a.mean, a.se, dd.mean, dd.se, eta_all,
      b.mean, b.se);
  }
  if (ok) ok = he_close(&af, err, len) == 0 && he_close(&ap, err, len) == 0;
  gsl_matrix_free(P); free(merr); free(loss);
  return ok ? 0 : -1;
}

@ A multi-task unit: train (or resume), then the three analyses and the run row.

@<He functions@>=
int he_mt_unit(const he_scale *sc, const he_run *r, size_t threads, const char *dir,
  char *err, size_t len)
{
  train_config c;
  he_mt_train_config(sc, r, threads, &c);
  trainer *tr = grid_train(&c, dir, r->name, err, len);
  if (tr == NULL) return -1;
  he_mt_circuits *hc = he_mt_circuits_of(tr->m);
  int ok = he_mt_write_heads(hc, sc, r, dir, err, len) == 0
    && he_mt_write_tasks(tr, hc, sc, r, dir, err, len) == 0;
  he_mt_circuits_free(hc);
  atomic_file af;
  FILE *f;
  if (ok) ok = (f = he_open(&af, dir, r->name, "mtrun",
    "steps,batch,heldout_loss,heldout_out1,heldout_out2", err, len)) != NULL;
  if (ok) {
    double *e = xmalloc(2 * c.eval_prompts * sizeof(double));
    output_errors(tr, tr->cfg.seed, STREAM_HELDOUT, c.eval_prompts, e);
    he_prefix(f, sc, r);
    fprintf(f, "%zu,%zu,%.10g,%.10g,%.10g\n", tr->step, tr->cfg.batch, heldout_loss(tr),
      mc_summarize(e, c.eval_prompts, 2).mean, mc_summarize(e + 1, c.eval_prompts, 2).mean);
    free(e);
    ok = he_close(&af, err, len) == 0;
  }
  trainer_free(tr);
  return ok ? 0 : -1;
}

@ The join of the multi-task units: \.{he\_multitask\_runs.csv}, \.{he\_multitask\_heads.csv},
\.{he\_multitask.csv} (per task) and \.{he\_multitask\_precond.csv}, in the plan's order.

@<He functions@>=
int he_mt_join(const char *dir, const he_run *runs, size_t n, char *err, size_t len)
{
  static const char *const kinds[] = { "mtrun", "mtheads", "mttask", "mtprecond" };
  static const char *const joined[] = { "_runs", "_heads", "", "_precond" };
  char path[512];
  char (*srcs)[512] = xmalloc((n + 1) * sizeof *srcs);
  int ok = 1;
  for (size_t k = 0; ok && k < 4; k++) {
    for (size_t i = 0; i < n; i++)
      snprintf(srcs[i], sizeof srcs[i], "%s/runs/%s.%s.csv", dir, runs[i].name, kinds[k]);
    snprintf(path, sizeof path, "%s/he_multitask%s.csv", dir, joined[k]);
    ok = grid_join_csv(path, srcs, n, err, len) == 0;
  }
  free(srcs);
  return ok ? 0 : -1;
}

@ Tests. |test_mt_circuits_and_preconditioner| builds a two-head multi-task layer by hand
(head $h$ with $W_K=I$, $W_Q=\sqrt{d+2}\,\omega_h(I_d\oplus0)$, and $W_VW_O$ putting
$-\mu_k^h$ from response $k$ to row $k$), and checks that the circuits read back $\omega_h$ and
$\mu_k^h$, that $P_k=\sum_h\mu_k^h\omega_h I$, and, on drawn prompts, that the layer's two
predictions (the forward pass) approach debiased gradient descent with the step $P_k$'s diagonal as
$\omega\to0$: the error falls like $\omega^2$ (Proposition H5 applied to each row).
|test_smoke_grid_runs_and_joins| runs the multi-task units with the rest of the smoke grid.

@*1 What the quick scale shows.
@^length generalization@>
\.{make he-quick} (\.{mhicl reproduce he --scale quick --seeds 2 --threads 2}) trains the
grid's twenty models (twelve on isotropic covariates, four on correlated ones, four multi-task)
in 258 seconds of wall time on two cores, 412 seconds of processor time; its joined files are
committed in \.{generated/he2025-quick/}. Before the last layer formed the query's row alone in
training (transformer chapter), the twelve isotropic models alone took 1384 seconds of wall time
on shared cores and 632 of processor time; their rows of the joined files are byte for byte what
they were. The sections on correlated covariates and on superposition give their models' numbers;
this one is about the twelve isotropic models. Each model saw $5000\times128$ prompts,
a two-hundredth of the authors' $500000\times256$. Risks are over 20000 prompts at $L=40$ (4000
per length in the sweep), $\pm$ one standard error; a difference between two predictors is paired
on the same prompts. Debiased GD at $\eta^*=0.879$ has risk $0.2416\pm0.0009$ on seed 0's
prompts and $0.2425\pm0.0009$ on seed 1's (Proposition H6: 0.2429). What the trained layers show,
beside the notes' numbers from the authors' code:

{\it The sign-paired, zero-sum circuit forms, with $H\ge2$, in five of six models.} With two
heads, seed 0 has $\omega=(0.197,-0.201)$ and $\mu=(2.147,-2.226)$: diagonal ratios 0.999, OV
last-entry ratios 0.9999, the sign rule holds and the zero sum is 0.018 (the notes:
$\omega=\pm0.14$, $\mu=\pm3.2$, ratios 0.9993 and 0.99994). The effective step
$\sum_h\omega_h\mu_h=0.871$ is within 1\% of $\eta^*=0.879$. Our $\vert\omega\vert$ is larger and
$\vert\mu\vert$ smaller than the notes' at the same product: after 5000 steps the layer is still
on the slow drift of Proposition H8, where $\omega$ relaxes from its overshoot towards zero with
$\omega\mu$ held near $\eta^*/2$. Seed 1 with two heads did {\it not} form the pair in 5000
steps: both heads are negative ($\omega=-0.52,-0.60$), the single-head solution, with risk
$0.414\pm0.005$, that of the best single head. With four heads both seeds form it (zero sums 0.020
and 0.003; $\mu$ split unevenly among same-sign heads, e.g.\ $1.82$ and $0.42$ on the positive
side of seed 0, as in the notes' $2.72$ and $0.44$), and with eight heads both seeds have six
active heads and two dummies, the notes' count exactly, with zero sums 0.039 and 0.004. Diagonal
ratios of the active heads fall to 0.77--0.98 with four and eight heads (the notes: 0.999 and
0.978 at $500000$ steps): short training leaves the weaker heads less clean.

{\it One head is the single-head optimum.} $\omega=0.516$ and $-0.518$, $\mu=1.460$ and $-1.485$
in the two seeds (the notes: $-0.518$, $-1.552$), risk $0.406\pm0.005$ and $0.414\pm0.005$ against
$0.409$ for the reduced model's best single head ($\omega^2=1/d$; Proposition H4).

{\it The two-head circuit is debiased GD.} The model's risk minus debiased GD's is
$0.0006\pm0.0020$ (two heads, seed 0), $0.0011\pm0.0020$ and $0.0076\pm0.0022$ (four heads),
$0.0011\pm0.0020$ and $0.0083\pm0.0022$ (eight heads): indistinguishable in seed 0, a little
worse in seed 1, where the layers are less clean. The kernel estimator with the layer's own
$(\omega,\mu)$ is within $0.003$ of the model in every softmax model but seed 0's eight heads
($0.0128\pm0.0009$ above it, where two active heads have OV last-entry ratios near 0.4). Bayes
ridge is at $0.1145$: the trained circuit is more than twice its risk, as the softmax chapter
predicts.

{\it Length generalization} (Figure~\figref{he-length}). Trained at $L=40$, the two-head softmax
layer of seed 0 has risk $0.558\pm0.015$, $0.168\pm0.002$ and $0.128\pm0.001$ at $L=10$, 100 and
500, against $0.595$, $0.167$ and $0.125$ for debiased GD at the fixed step $\eta^*(40)$: softmax
renormalizes by the actual length and keeps improving past the training length, as the notes
report (their 0.268 at $L=100$ adds 0.1 to the risk). Linear attention trained in the same way
behaves {\it differently according to its normalization}. Normalized by the actual length it
generalizes as well as softmax ($0.168\pm0.002$ at $L=100$, $0.133\pm0.001$ at 500, seed 0);
normalized at the training length its output grows like $L/40$ and its risk explodes:
$1.65\pm0.05$ at $L=100$ (the notes' derivation: 1.85 at $\eta^*$) and $94\pm3$ at $L=500$, in
both seeds. The claim that softmax generalizes in length where linear attention does not holds
against the fixed normalization only. At $L=40$ both linear models are the same model (the same
weights: the two kinds agree at the training length), with risk $0.238\pm0.002$: linear attention
reaches the optimal one-step GD, $0.2383$ for plain GD, as Proposition 5 of the first part says.

$$\vbox{\hsize=\pagewidth\centerline{\tikzpicture
\loglogaxis[width=10.5cm,height=7cm,xlabel={prompt length $L$},
  ylabel={risk ${\Ex}(\hat y-y_q)^2$},legend pos=north west,legend cell align=left,
  ymin=0.1,ymax=150,table/col sep=comma,table/x=L,table/y=risk]
\addplot+[mark=*,discard if not={run}{softmax_H1_seed0}] table {generated/he2025-quick/he_length.csv};
\addlegendentry{softmax, $H=1$}
\addplot+[mark=square,discard if not={run}{softmax_H2_seed0}] table {generated/he2025-quick/he_length.csv};
\addlegendentry{softmax, $H=2$}
\addplot+[mark=triangle,discard if not={run}{softmax_H8_seed0}] table {generated/he2025-quick/he_length.csv};
\addlegendentry{softmax, $H=8$}
\addplot+[mark=x,discard if not={run}{linear_H2_seed0}] table {generated/he2025-quick/he_length.csv};
\addlegendentry{linear, by $L$}
\addplot+[mark=diamond,discard if not={run}{linear_fixed_H2_seed0}] table {generated/he2025-quick/he_length.csv};
\addlegendentry{linear, by 40}
\addplot+[no marks,dashed,discard if not={run}{softmax_H2_seed0}] table[y=dgd_risk] {generated/he2025-quick/he_length.csv};
\addlegendentry{debiased GD, $\eta^*(40)$}
\endloglogaxis
\endtikzpicture}\smallskip\figlabel{he-length}\figcaption{Risk against the prompt length of
layers trained at $L=40$, seed 0, 4000 prompts per length (the file \.{he\_length.csv} of the
quick scale), with debiased GD at the step fixed at $\eta^*(40)$ on the same prompts.}}$$

@ {\it Along training} (Figures~\figref{he-trace-two} and~\figref{he-trace-four}). The trace
of the two-head model of seed~0 shows the overshoot and the relaxation of the notes and of the
reduced model's gradient flow (Proposition H8). Both heads sit near their initial scale
$\vert\omega\vert\approx0.02$ for about 50 steps, grow together with $\vert\mu\vert$ between
steps 100 and 300, and reach the peaks of $\vert\omega\vert$, $+0.355$ at step 343 (head~0) and $-0.266$ at step 603
(head~1); from there $\vert\omega\vert$ falls
steadily, to $+0.197$ and $-0.201$ at step 5000, while $\vert\mu\vert$ keeps rising (with fluctuations of a few
percent), from $1.24$ and $-1.05$ at step 343 to $2.147$ and $-2.226$, the
product $\sum_h\omega_h\mu_h$ staying near $\eta^*=0.879$: between 0.84 and 0.89 at every record from step 600 on (0.871 at the end). The
zero sum forms with the pair: $\sum_h\mu_h$ is 0.29 at step 259 and within $\pm0.08$ from step 524
on. The notes'
transformer overshoots to $+0.23$ and $-0.32$ in its first few thousand steps and relaxes to
$\pm0.13$--$0.14$ with $\mu\approx\pm3.2$ at 500000 steps: the same shape, compressed into our
shorter run (our peaks come after a few hundred steps of batch 128 with Adam's default rate), and
stopped much earlier on the slow drift, which is why our final $\vert\omega\vert$ is larger and
$\vert\mu\vert$ smaller. With four heads the two strong heads overshoot in the same way ($+0.291$ and $-0.344$, both
at step 343, relaxing to $+0.195$ and $-0.212$), a weaker negative head follows them ($-0.220$ at
step 455, then $-0.165$), and the fourth, the weakest ($\mu=0.42$ at the end), grows slowly
throughout, to $+0.162$; the layer's $\sum_h\omega_h\mu_h$ is again between 0.82 and 0.89 from
step 455 on.

\figlabel{he-trace-two}
\mhiclfigure{\hbox{\tikzpicture
\semilogxaxis[width=6.6cm,height=5.2cm,xlabel={training step},ylabel={$\omega_h$},
  legend pos=north west,legend cell align=left,table/col sep=comma,table/x=step,table/y=omega]
\pgfplotsinvokeforeach{0,1}{
\addplot+[no marks,discard if not={key}{softmax_H2_seed0_h#1}] table {generated/he2025-quick/he_traj.csv};
\addlegendentry{head #1}}
\endsemilogxaxis
\endtikzpicture\quad\tikzpicture
\semilogxaxis[width=6.6cm,height=5.2cm,xlabel={training step},ylabel={$\mu_h$},
  legend pos=north west,legend cell align=left,table/col sep=comma,table/x=step,table/y=mu]
\pgfplotsinvokeforeach{0,1}{
\addplot+[no marks,discard if not={key}{softmax_H2_seed0_h#1}] table {generated/he2025-quick/he_traj.csv};
\addlegendentry{head #1}}
\endsemilogxaxis
\endtikzpicture}}{The two-head softmax layer of seed~0 along training at the quick scale: each
head's key--query scale $\omega_h$ (left) and output weight $\mu_h$ (right) at step 0 and at 50
steps spread evenly in $\log(\hbox{step})$ from 5 to 5000 (\.{he\_traj.csv}; the logarithmic
axis leaves out step 0).}

\figlabel{he-trace-four}
\mhiclfigure{\hbox{\tikzpicture
\semilogxaxis[width=6.6cm,height=5.2cm,xlabel={training step},ylabel={$\omega_h$},
  legend pos=north west,legend cell align=left,table/col sep=comma,table/x=step,table/y=omega]
\pgfplotsinvokeforeach{0,...,3}{
\addplot+[no marks,discard if not={key}{softmax_H4_seed0_h#1}] table {generated/he2025-quick/he_traj.csv};
\addlegendentry{head #1}}
\endsemilogxaxis
\endtikzpicture\quad\tikzpicture
\semilogxaxis[width=6.6cm,height=5.2cm,xlabel={training step},ylabel={$\mu_h$},
  legend pos=north west,legend cell align=left,table/col sep=comma,table/x=step,table/y=mu]
\pgfplotsinvokeforeach{0,...,3}{
\addplot+[no marks,discard if not={key}{softmax_H4_seed0_h#1}] table {generated/he2025-quick/he_traj.csv};
\addlegendentry{head #1}}
\endsemilogxaxis
\endtikzpicture}}{The same for the four-head layer of seed~0.}

@ {\it The circuits} (Figure~\figref{he-circuits}). The two heads of seed~0 at step 5000 are the
paper's picture: each KQ is close to a multiple of the identity in its $x$-block, of opposite
signs, with a response row and column near zero; each OV column is near zero but for its last
entry, $\mu_h$, again of opposite signs. The diagonals lie between $0.195$ and $0.204$ (head~0) and
$-0.218$ and $-0.192$ (head~1), the off-diagonal $x$-entries are below $0.01$ in size, and the
response row below $0.007$; the OV columns are $2.147$ and $-2.226$ in the last entry and below
$0.023$ elsewhere. The last column of KQ, between $-0.13$ and $0.12$, multiplies the query's
response slot, which is always zero: it gets no gradient and keeps its initial values, and it
never changes a prediction.

\figlabel{he-circuits}
\mhiclfigure{\hbox{\pgfplotsinvokeforeach{0,1}{\tikzpicture[baseline=(current axis.south)]
\axis[scale only axis,width=3.6cm,height=3.6cm,y dir=reverse,xmin=-0.5,xmax=5.5,ymin=-0.5,
  ymax=5.5,xtick={0,...,5},ytick={0,...,5},title={KQ, head #1},title style={font=\ninerm},
  xlabel={query coordinate},ylabel={key coordinate},
  colormap={diverging}{rgb255(0cm)=(33,102,172); rgb255(1cm)=(247,247,247); rgb255(2cm)=(178,24,43)},
  point meta min=-0.3,point meta max=0.3,table/col sep=comma,table/x=col,table/y=row]
\addplot[scatter,only marks,mark=square*,mark size=8.4pt,scatter/use mapped color={draw=none,
  fill=mapped color},point meta=\thisrow{value},discard if not={key}{softmax_H2_seed0_h#1_KQ}]
  table {generated/he2025-quick/he_weights.csv};
\endaxis
\endtikzpicture\ \tikzpicture[baseline=(current axis.south)]
\axis[scale only axis,width=0.6cm,height=3.6cm,y dir=reverse,xmin=-0.5,xmax=0.5,ymin=-0.5,
  ymax=5.5,xtick=\empty,ytick={0,...,5},title={OV},title style={font=\ninerm},
  colormap={diverging}{rgb255(0cm)=(33,102,172); rgb255(1cm)=(247,247,247); rgb255(2cm)=(178,24,43)},
  point meta min=-2.5,point meta max=2.5,table/col sep=comma,table/x=col,table/y=row]
\addplot[scatter,only marks,mark=square*,mark size=8.4pt,scatter/use mapped color={draw=none,
  fill=mapped color},point meta=\thisrow{value},discard if not={key}{softmax_H2_seed0_h#1_OV}]
  table {generated/he2025-quick/he_weights.csv};
\endaxis
\endtikzpicture\qquad}}}{The circuits of the two-head softmax layer of seed~0 after 5000 steps
(\.{he\_weights.csv}): each head's KQ, $(d+1)\times(d+1)$, the last row and column being the
response's (blue negative, red positive, saturating at $\pm0.3$), and its OV column
$\tilde\mu_h$, whose last entry is $\mu_h$ (saturating at $\pm2.5$).}

@ {\it Correlated covariates} ($\Sigma_{ij}=0.5^{\vert i-j\vert}$; the files
\.{he\_corr.csv} and \.{he\_corr\_risk.csv}). The four models take 18.0 and 17.1 seconds (two heads, seeds 0 and 1) and 19.7 and 20.6 seconds
(four heads) of wall time with two threads in the run of the grid, which shared its cores, two
to three times as long as their isotropic twins there; timed alone, a correlated unit takes 1.16
times the processor time of its twin (measurements appendix), the extra being the product of
every point with the Cholesky factor. Three of the four form sign-paired, zero-sum
layers: two heads of seed~0 (zero sum 0.014), four heads of seed~0 (two active heads and two
nearly idle, $\vert\mu\vert\le0.14$; zero sum 0.002) and four heads of seed~1 (all four active,
two of each sign; zero sum 0.010). Two heads of seed~1 fell into the single-head solution, as on
isotropic covariates (both heads negative, risk $0.393\pm0.005$).

{\it The effective preconditioner is $\Gamma^*$.} In the three paired layers
$\Gamma=\sum_h\mu_hW_h\tp$ has cosine $0.99968$, $0.99895$ and $0.99976$ with $\Gamma^*$, and
$0.99786$, $0.99769$ and $0.99715$ with $\Sigma^{-1}$ (the two candidates have cosine $0.99772$):
always nearer $\Gamma^*$. The ratios that separate the two say the same for the two-head layer and
for the four-head layer of seed~1: off-diagonal ratios $-0.376$ and $-0.371$ against $-0.377$ for
$\Gamma^*$ and $-0.435$ for $\Sigma^{-1}$, end ratios $0.829$ and $0.853$ against $0.847$ and
$0.800$; the four-head layer of seed~0 is between the two ($-0.403$, $0.864$). The scale is
$\Gamma^*$'s too: $\norm\Gamma=2.96$, $2.90$ and $2.99$ against $\norm{\Gamma^*}=3.01$ (and $3.93$
for $\Sigma^{-1}$). Single heads are noisier copies: the blocks of the active heads have cosines between $0.70$
and $0.99$ with $\Gamma^*$, and only their sum is clean.

{\it The risk is that of preconditioned debiased GD with $\Gamma^*$} (Proposition H9: $0.2368$).
On the same 20000 prompts, the two-head layer of seed~0 has risk $0.2382\pm0.0022$, $0.0017\pm
0.0020$ above preconditioned debiased GD with $\Gamma^*$; the four-head layers $0.2384\pm0.0022$
and $0.2466\pm0.0040$, $0.0020\pm0.0020$ and $0.0109\pm0.0039$ above it. Plain debiased GD at its
tuned step ($\eta=0.496$ and $0.499$ on the two seeds' tuning prompts; the isotropic
$\eta^*=0.879$ would give $0.797$, Proposition H9) has risk $0.372$ and $0.374$: preconditioning is worth
$0.13$ here, and the trained layers have it. $\Sigma^{-1}$ at its best scale (which is $1/(1+c)$,
$0.879$, since $\Sigma\Gamma=sI$ then; its risk is the isotropic $R^*_{\rm DGD}$ of Proposition
H6, $0.2429$) is $0.006$ worse than $\Gamma^*$, and its paired differences from the layers,
$0.005\pm0.002$, $0.005\pm0.002$ and $-0.005\pm0.004$, are within 1.2 to 2.5 standard errors: the
risk alone does not tell the two apart at this precision; the shape above does. The Bayes
predictor is at $0.1143$. The layer read to first order (preconditioned debiased GD with its own
$\Gamma$; Proposition H10) is as good as the layer itself for two heads ($0.2383$, a paired
difference of $0.0002\pm0.0020$), but $0.027\pm0.002$ worse for the four heads of seed~0 and
$0.009\pm0.004$ better for those of seed~1: at $\vert\omega\vert\approx0.25$ the second-order
terms, and the nearly idle heads' response rows (0.14 and 0.24), are not negligible in every
layer.

So on correlated covariates the trained layers are, to the precision of our runs, the
preconditioned gradient descent of the paper's abstract, and the preconditioner they learn is the
finite-$L$ optimum $\Gamma^*=(\Sigma+cI)^{-1}$ of our Proposition H9 rather than $\Sigma^{-1}$
(the notes' guess allows both). This rests on three paired layers of 5000 steps, one of which
sits between the two candidates in shape; the paper scale, not run for these models, would say
whether longer training sharpens it.

@ The paper scale. \.{make he-paper} runs the authors' 500000 steps of 256 prompts for three
seeds, the whole grid. By the quick run's wall time per unit scaled as the one paper-scale unit
below scaled (127 times), the grid of twenty models per two seeds, three seeds here, would take
about 14 hours on two cores; it was not run for this book. One unit of it was: the authors' own
model, two heads, seed~0 (\.{mhicl reproduce he --scale paper --seeds 3 --threads 2 --unit
softmax\_H2\_seed0}), whose files are committed in \.{generated/he2025-paper/runs/}. With its 51
records along training, its checkpoints and the analyses of the paper scale (50000 prompts for
the risks, 20000 per length), it took 916 seconds of wall time on two otherwise idle cores: the
authors' 500000 steps, which their code runs in about 16 minutes on one graphics card, run in
about 14 minutes here (590 steps a second with two threads).

{\it It is the notes' layer.} At step 500000 $\omega=(0.131,-0.130)$ and $\mu=(3.359,-3.348)$
(the notes: $\pm0.14$ and $\pm3.2$), diagonal ratios 0.9995 and 0.9994 and OV last-entry ratios
0.99996 and 0.99996 (the notes: 0.9993 and 0.99994), zero sum 0.0016, and effective step
$\sum_h\omega_h\mu_h=0.8778$ against $\eta^*=0.879$. The drift of Proposition H8 is what the
quick scale stopped on: from the peaks after a few hundred steps ($+0.33$ and $-0.28$ at the
first record, step 500) $\vert\omega\vert$ falls to 0.20 by step 4000, 0.15 by step 25000 and
0.131 by step 200000, while $\vert\mu\vert$ rises from 1.4 to 3.35, their product held near
$\eta^*/2$ throughout (Figure~\figref{he-trace-paper}); over the last 300000 steps both move by
less than their fluctuations. Its risk is $0.2429\pm0.0014$ on 50000 prompts, debiased GD's
$0.2424\pm0.0006$ (paired difference $0.0006\pm0.0012$), the kernel estimator with its own
$(\omega,\mu)$ $0.0009\pm0.0001$ below it, plain GD at its tuned step 0.2392, the best single head
0.4110 and Bayes 0.1144. In length it follows debiased GD at the fixed step $\eta^*(40)$ as the
quick model does: $0.579\pm0.007$, $0.166\pm0.001$ and $0.1260\pm0.0004$ at $L=10$, 100 and 500,
against 0.596, 0.167 and 0.1253. What the rest of the paper-scale grid would add: whether seed~1's
two heads leave the single-head solution, diagonal ratios as clean as the notes' for four and
eight heads, and whether four heads split two tasks into one sign pair each.

\figlabel{he-trace-paper}
\mhiclfigure{\hbox{\tikzpicture
\semilogxaxis[width=6.6cm,height=5.2cm,xlabel={training step},ylabel={$\omega_h$},
  table/col sep=comma,table/x=step,table/y=omega]
\pgfplotsinvokeforeach{0,1}{
\addplot+[no marks,discard if not={key}{softmax_H2_seed0_h#1}] table {generated/he2025-paper/runs/softmax_H2_seed0.traj.csv};}
\endsemilogxaxis
\endtikzpicture\quad\tikzpicture
\semilogxaxis[width=6.6cm,height=5.2cm,xlabel={training step},ylabel={$\mu_h$},
  table/col sep=comma,table/x=step,table/y=mu]
\pgfplotsinvokeforeach{0,1}{
\addplot+[no marks,discard if not={key}{softmax_H2_seed0_h#1}] table {generated/he2025-paper/runs/softmax_H2_seed0.traj.csv};}
\endsemilogxaxis
\endtikzpicture}}{The authors' run: the two-head layer of seed~0 along 500000 steps of 256
prompts, $\omega_h$ (left) and $\mu_h$ (right) at 50 steps spread evenly in $\log(\hbox{step})$
from 500 (\.{generated/he2025-paper/runs/softmax\_H2\_seed0.traj.csv}).}

@*1 What the quick scale shows for two tasks.
@^superposition@>
The four multi-task units of the quick scale (\.{multitask\_H3\_seed0}, \.{multitask\_H4\_seed0},
and the same for seed 1; 10000 steps of 128 prompts, two threads, as \.{make he-quick} runs them)
take 20.5, 21.9, 22.1 and 24.0 seconds of wall time on two cores in the run of the grid; their joined files are
\.{he\_multitask.csv}, \.{he\_multitask\_heads.csv}, \.{he\_multitask\_precond.csv} and
\.{he\_multitask\_runs.csv} in \.{generated/he2025-quick/}. Risks are over 20000 prompts of the
evaluation stream, $\pm$ one standard error; the model and debiased gradient descent are compared
on the same prompts.

{\it The reference: debiased gradient descent on the task's own coordinates} (ours). On $S_k$ alone
task $k$ is the single-task problem of the softmax chapter with $d_k=4$ coordinates, $\beta_k$ of
variance 1 per coordinate instead of $1/d_k$, noise variance $0.4=d_k\sigma_0^2$ and a noiseless
query; dividing the responses by $\sqrt{d_k}$ gives exactly the paper's setting with
$\sigma^2=0.1$, so Proposition H6 gives its optimal step $\eta^*=L/(L+(1+\sigma^2)d_k)=0.916$ and
risk $d_k\bigl(1-(L-1)/(L+(1+\sigma^2)d_k)\bigr)=0.412$. The steps tuned on 20000 prompts are
0.919 (task 1) and 0.914 (task 2), the risks $0.411\pm0.007$ and $0.404\pm0.006$ on seed 0's
prompts. Debiased gradient descent on all six coordinates, which does not know the supports, has
risk $0.550\pm0.008$ and $0.545\pm0.008$: the gap of $0.14$ is what reading the right coordinates
is worth.

{\it Both layers learn both tasks, and every task's output weights sum to zero} (the notebook's
claim, confirmed). Three heads, seed 0: $\sum_h\mu_1^h=0.009$ and $\sum_h\mu_2^h=0.013$, zero-sum
defects 0.0014 and 0.0019, against $\vert\mu_k^h\vert$ up to 3.4; four heads, seed 0: $-0.014$ and
$0.014$ (defects 0.0019 and 0.0021). The KQ $x$-blocks are diagonal (ratios 0.95--0.999), their
response rows below 0.013, and each OV reads only its own task's response (cross entries at most
0.025 against $\mu$ of order 3). Seed 1 is the same: defects 0.0017 and 0.0012 (three heads),
0.0051 and 0.0028 (four). The held-out risk, the mean of the two outputs, is 0.436 and 0.414
(three heads, seeds 0 and 1) and 0.433 and 0.398 (four), inside the notes' 0.40--0.44 or just
below it.

{\it The effective preconditioner is the oracle's} (the notebook's claim, confirmed, with our
numbers; Figure~\figref{he-multitask}). With three heads, $P_1$'s diagonal is 0.88--0.91 on
coordinates 1--4 and at most 0.062 in absolute value on 5--6; $P_2$'s is 0.91--0.93 on 3--6 and at
most 0.051 on 1--2; no off-diagonal entry exceeds 0.033. Four heads give the same to within 0.01
(0.87--0.90 and 0.91--0.93 on the supports, at most 0.069 off them), and so does seed 1
(0.88--0.92 on the supports; off them at most 0.061 with three heads and 0.013 with four). The
notes read 0.75--0.9 on
the support and at most 0.08 off it from the authors' heatmaps; ours sits at the oracle's step,
0.916, within 0.04. The layer thus implements, for each task, debiased gradient descent
preconditioned by the indicator of that task's coordinates: Proposition H5's expansion, row by row.
Its risk is a little above the oracle's, by $0.020\pm0.002$ (task 1) and $0.015\pm0.002$ (task 2)
with three heads and $0.020\pm0.002$, $0.016\pm0.002$ with four, paired on the same prompts (seed
1: $0.017\pm0.002$ and $0.020\pm0.002$ with three heads, $0.011\pm0.002$ and $0.013\pm0.002$ with
four; the oracle's own risks there are 0.415 and 0.409): the
off-support entries and the softmax's higher-order terms (its $\omega$ is 0.06--0.23, not small)
cost about 5\%, and the layer is far better than debiased gradient descent on all coordinates.

{\it Three heads superpose} (the notebook's claim for $2<H<2N$, confirmed in seed 0). No head
serves a single task. Seed 0's heads, KQ diagonal on the blocks $1$--$2$ / $3$--$4$ / $5$--$6$ and
$(\mu_1,\mu_2)$:
$$\displaylines{(+0.17/{+0.14}/{-0.08};\ +3.21,-0.49),\quad(-0.11/{-0.17}/{-0.11};\ -2.98,-2.91),\cr
(-0.06/{+0.15}/{+0.16};\ -0.22,+3.41).\cr}$$
One head is negative on every coordinate and carries both tasks with negative weight; each of the
other two is positive on one task's window and is that task's positive partner. Per task the
three weights sum to zero, and the three heads do the work of two sign pairs. The notes' run
(their table, read off a colour scale) has a different arrangement,
$$(+0.04/{+0.09}/{+0.065};\ +3,+6),\quad(-0.09/{-0.09}/0;\ -6,-1),\quad
(+0.08/{-0.02}/{-0.09};\ +3,-5),$$
with the same two properties. Seed 1 finds the arrangement of our seed 0 again:
$$\displaylines{(-0.10/{-0.17}/{-0.12};\ -2.42,-3.18),\quad(+0.15/{+0.17}/{-0.01};\ +3.59,+0.41),\cr
(-0.12/{+0.10}/{+0.18};\ -1.16,+2.76).\cr}$$

{\it Four heads do not split into one sign pair per task at this scale} (the notebook's claim for
$H=2N$, {\it not} reproduced). Seed 0's four heads are
$$\displaylines{(+0.13/{+0.22}/{+0.03};\ +1.12,+0.25),\quad(-0.10/{-0.17}/{-0.12};\ -2.62,-3.13),\cr
(-0.10/{+0.11}/{+0.18};\ -0.99,+3.05),\quad(+0.16/{+0.13}/{-0.04};\ +2.46,-0.15):\cr}$$
the three-head solution with its task-1 head split in two
(heads 0 and 3, both positive on coordinates 1--4, $\mu_1$ shared 1.12 and 2.46), not two pairs.
Seed 1 comes close to the split: $(+0.01/{-0.18}/{-0.19};\ -0.15,-2.48)$ and
$(-0.04/{+0.18}/{+0.22};\ +0.06,+1.85)$ are task 2's pair, $(-0.20/{-0.19}/{+0.03};\ -2.29,+0.02)$
is task 1's negative head, and its positive partner $(+0.19/{+0.18}/{+0.01};\ +2.41,+0.59)$ still
gives a fifth of its weight to task 2, on the shared coordinates 3--4 (so by our 90\% rule three
of the four heads serve one task, and the layer does not count as split). This nearly split layer
is the cleaner one: its preconditioner is at most 0.013 off the supports, against 0.06--0.07 for
the superposed layers, and its excess over the oracle is the smallest of the four (0.011 and
0.013).
To first order both arrangements give the oracle's preconditioner, so the loss prefers the split
only through the off-support and higher-order terms (here an excess over the oracle of 0.011
and 0.013 for the nearly split layer against 0.015 to 0.020 for the superposed ones): which one gradient descent finds is a
question of the dynamics, and 10000 steps at batch 128 (a hundredth of the authors' prompts) may
be too short to leave the first solution found. The notes report the clean split from one run of
500000 steps; the paper scale would test it.

$$\vbox{\hsize=\pagewidth\centerline{\tikzpicture
\axis[width=9cm,height=6.5cm,xlabel={coordinate $j$ of $x$},
  ylabel={$(P_k)_{jj}=\sum_h\mu_k^hB^h_{jj}$},xtick={1,2,3,4,5,6},ymin=-0.15,ymax=1.05,
  legend style={at={(1.03,1)},anchor=north west},legend cell align=left,
  table/col sep=comma,table/x=coord,table/y=precond]
\addplot[blue,mark=*,discard if not={run}{multitask_H3_seed0},discard if not={task}{1}]
  table {generated/he2025-quick/he_multitask_precond.csv};
\addlegendentry{$H=3$, task 1}
\addplot[red,mark=square*,discard if not={run}{multitask_H3_seed0},discard if not={task}{2}]
  table {generated/he2025-quick/he_multitask_precond.csv};
\addlegendentry{$H=3$, task 2}
\addplot[blue,mark=o,dashed,discard if not={run}{multitask_H4_seed0},discard if not={task}{1}]
  table {generated/he2025-quick/he_multitask_precond.csv};
\addlegendentry{$H=4$, task 1}
\addplot[red,mark=square,dashed,discard if not={run}{multitask_H4_seed0},discard if not={task}{2}]
  table {generated/he2025-quick/he_multitask_precond.csv};
\addlegendentry{$H=4$, task 2}
\addplot[gray,dotted,no marks,domain=1:6,samples=2] {0.916};
\addlegendentry{oracle step $\eta^*$}
\endaxis
\endtikzpicture}\smallskip\figlabel{he-multitask}\figcaption{The diagonal of the effective
preconditioner $P_k=\sum_h\mu_k^hB^h$ of the trained multi-task layers, seed 0, three heads (solid)
and four (dashed), from \.{he\_multitask\_precond.csv} of the quick scale. Task 1 reads coordinates
1--4, task 2 coordinates 3--6; the oracle's step is $\eta^*=0.916$ on a task's coordinates and 0
elsewhere.}}$$

@*1 Further reading. J.~He, X.~Pan, S.~Chen and Z.~Yang, ``In-context linear regression
demystified: training dynamics and mechanistic interpretability of multi-head softmax
attention'' (ICML 2025): the setting, the model, the training recipe and the metrics followed
here (from the authors' public code).
