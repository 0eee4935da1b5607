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
#include <gsl/gsl_matrix.h>
#include "support.h"
#include "tasks.h"
#include "risk.h"
#include "softmax.h"
#include "he2025.h"
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
the multi-task models of the section on superposition, $H=3$ and $H=4$.

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
} he_run;

@ @<He declarations@>=
#define HE_D 5
#define HE_L 40
#define HE_SIGMA2 0.1
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
  for (uint64_t s = 0; s < seeds; s++)
    for (size_t i = 0; i < sizeof models / sizeof models[0] && n < max; i++) {
      he_run *r = &out[n++];
      r->attn = models[i].a; r->heads = models[i].h; r->seed = s;
      snprintf(r->name, sizeof r->name, "%s_H%zu_seed%llu", he_attn_name(r->attn), r->heads,
        (unsigned long long) s);
    }
  return n;
}

void he_train_config(const he_scale *sc, const he_run *r, size_t threads, train_config *c)
{
  train_config_default(c);
  c->d = HE_D; c->beta = BETA_DENSE; c->b = 1.0; c->sigma = sqrt(HE_SIGMA2); c->n = HE_L;
  c->query_only = 1; c->steps = sc->steps; c->batch = sc->batch; c->lr = 1e-3;
  c->seed = r->seed; c->threads = threads;
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
  char path[512];
  snprintf(path, sizeof path, "%s/runs/%s.%s.csv", dir, name, kind);
  if (atomic_open(af, path) != 0) {
    snprintf(err, len, "cannot write '%s': %s", path, af->why);
    return NULL;
  }
  fprintf(af->f, "paper,scale,version,run,attention,heads,seed,%s\n", columns);
  return af->f;
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

static void he_row(FILE *f, const he_scale *sc, const he_run *r, const char *what,
  const double *loss, const double *base, size_t n)
{
  double *diff = xmalloc(n * sizeof(double));
  for (size_t k = 0; k < n; k++) diff[k] = loss[k] - base[k];
  mc_summary a = mc_summarize(loss, n, 1), b = mc_summarize(diff, n, 1);
  free(diff);
  he_prefix(f, sc, r);
  fprintf(f, "%s,%zu,%.10g,%.10g,%.10g,%.10g\n", what, n, a.mean, a.se, b.mean, b.se);
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
  sm_losses(e, 5, &spec, HE_L, n, r->seed, STREAM_EVAL, loss);
  task *t = task_alloc(HE_L, HE_D);
  for (size_t k = 0; k < n; k++) {
    task_sample(&spec, HE_L, r->seed, STREAM_EVAL, k, t);
    mloss[k] = model_loss(c, t, HE_SIGMA2);
  }
  task_free(t);
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
    && he_write_risk(c, sc, r, dir, omega, mu, err, len) == 0
    && he_write_length(c, sc, r, dir, err, len) == 0 ? 0 : -1;
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
\.{he\_risk.csv} and \.{he\_length.csv}. A plan's identity is the scale and the thread count,
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
  size_t max = 6 * seeds;
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
  trainer *tr = grid_train(&c, p->dir, r->name, err, len);
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
  static const char *const kinds[] = { "run", "heads", "layer", "risk", "length" };
  static const char *const joined[] = { "runs", "heads", "layer", "risk", "length" };
  const he_grid *g = p->own;
  char path[512];
  char (*srcs)[512] = xmalloc((g->n_runs + 1) * sizeof *srcs);
  int ok = 1;
  for (size_t k = 0; ok && k < 5; k++) {
    for (size_t i = 0; i < g->n_runs; i++)
      snprintf(srcs[i], sizeof srcs[i], "%s/runs/%s.%s.csv", p->dir, g->runs[i].name, kinds[k]);
    snprintf(path, sizeof path, "%s/he_%s.csv", p->dir, joined[k]);
    ok = grid_join_csv(path, srcs, g->n_runs, err, len) == 0;
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
  int rc = grid_make_dirs(dir, err, len) == 0 && he_analyze(tr->m, sc, &r, dir, err, len) == 0 ? 0 : -1;
  trainer_free(tr);
  return rc;
}

@ Tests. |test_he_predict_matches_forward| (above). |test_smoke_grid_runs_and_joins| runs the
smoke grid through the program, checks the joined files' rows (six models; one row per head;
six predictors; eleven lengths; and the two multi-task models' heads, tasks and preconditioner
entries) and their provenance columns, that \.{mhicl eval} reads a multi-task checkpoint, and that the units run one by one
from the plan, in reverse order, give the same bytes as the one-process run, the guarantee of
the reproduction chapter. |test_analyze_refuses_wrong_shape| is described above.

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
\.{make he-quick} (\.{mhicl reproduce he --scale quick --seeds 2 --threads 2}) trained the twelve
models in 1384 seconds of wall time on two shared cores, 632 seconds of processor time; its
joined files are committed in \.{generated/he2025-quick/}. Each model saw $5000\times128$ prompts,
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

@ The paper scale. \.{make he-paper} runs the authors' 500000 steps of 256 prompts for three
seeds. The quick scale's processor time scaled by the prompts seen ($\times200$) and the seeds
($\times1.5$) puts it near $632\times300\approx190000$ processor seconds, about 26 hours on two
idle cores; it was not run for this book. What it would add: whether $\omega$ relaxes to the
notes' $0.14$ with $\mu\approx3.2$, whether seed 1's two heads leave the single-head solution,
and diagonal ratios as clean as the notes' for four and eight heads.

Not measured here, and part of the paper: $\omega$ and $\mu$ against the training steps (the
overshoot and relaxation), KQ and OV heatmaps per head, the correlated-covariate experiments
(Proposition H9's $\Gamma^*$ against trained KQ blocks). Multi-task superposition is the
next section.

@*1 What the quick scale shows for two tasks.
@^superposition@>
The four multi-task units of the quick scale (\.{multitask\_H3\_seed0}, \.{multitask\_H4\_seed0},
and the same for seed 1; 10000 steps of 128 prompts, two threads, as \.{make he-quick} runs them)
took 376, 574, 384 and 308 seconds of wall time on two shared cores; their joined files are
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
