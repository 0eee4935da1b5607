@* Interpreting trained models: masking, pruning, probing.
@^interpretation@>
Chen, Zhao and Zou read the mechanism of a trained model off three experiments: {\it masking}
(remove one head and see how much the risk rises), {\it pruning} (keep all heads of layer 1 and
the most important head of each later layer), and {\it probing} (what a linear read-out or a few
gradient steps can get from a layer's hidden states). This chapter implements the three
analyses for any model of the transformer chapter; the experiments chapter runs them on trained
models. Each analysis is tested on a model whose answer is known: the constructions of the
constructions chapter.

All analyses score a model by its {\it excess error at the query}, $(\hat y_q-x_q\tp\beta)^2$,
whose mean over prompts is the excess risk $\Ex\norm{\bh-\beta}^2$ of the risk chapter for a linear
predictor (the noise $\sigma^2$ is not included, so the zero predictor scores $\Ex\norm\beta^2=b^2$).
They all read the {\it probe prompts}: task $k$ of the evaluation stream with the model's seed and
$n$ context points, the very prompts on which the risk chapter evaluates its estimators, so that
models and estimators are compared on the same prompts. In the stacked format the query is the
last column; in the interleaved format the model is built for $n+1$ points and the query $x_q$ is
put in the place of $x_{n+1}$ (the prompts are nested, so the first $n$ points are the same).

@(generated/interpret.h@>=
#ifndef MHICL_INTERPRET_H
#define MHICL_INTERPRET_H
#include <stdio.h>
#include "risk.h"
#include "train.h"
@<Interpretation types@>@;
@<Interpretation declarations@>@;
#endif

@ @(generated/interpret.c@>=
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include "support.h"
#include "estimators.h"
#include "interpret.h"
@<Interpretation functions@>@;

@*1 Probe prompts.
|probe_context| is the number of context points $n$ of a model's prompts, |probe_position| the
token at which the query is predicted, and |probe_fill| lays prompts $k_0,\ldots,k_0+B-1$ of
|stream| into a batch and records each one's signal $x_q\tp\beta$.

@<Interpretation declarations@>=
size_t probe_context(const train_config *c);
size_t probe_position(const train_config *c);
void probe_fill(const train_config *c, uint64_t stream, uint64_t first, prompt_batch *bt, task *t,
  double *signal);

@ @<Interpretation functions@>=
size_t probe_context(const train_config *c)
{
  return c->arch.format == FORMAT_INTERLEAVED ? c->n - 1 : c->n;
}

size_t probe_position(const train_config *c)
{
  return c->arch.format == FORMAT_INTERLEAVED ? 2 * probe_context(c) : c->n;
}

void probe_fill(const train_config *c, uint64_t stream, uint64_t first, prompt_batch *bt, task *t,
  double *signal)
{
  size_t n = probe_context(c), d = c->d, q = probe_position(c);
  task_spec spec = train_task_spec(c, d);
  fill_batch(c, d, c->n, stream, first, bt, t);
  for (size_t b = 0; b < bt->B; b++) {
    task_sample(&spec, n, c->seed, stream, first + b, t);
    double *tok = bt->tokens + (b * bt->T + q) * bt->d_in, f = 0.0;
    for (size_t j = 0; j < d; j++) {
      tok[j] = gsl_vector_get(t->x_q, j);
      f += tok[j] * gsl_vector_get(t->beta, j);
    }
    bt->target[b * bt->T + q] = t->y_q;
    signal[b] = f;
  }
  task_spec_free(&spec);
}

@ |probe_errors| runs prompts $0,\ldots,P-1$ of |stream| through the model with its current head
mask and writes each prompt's excess error. Batches of 64 prompts are dealt to |threads| threads
in turn, each on its own replica of the model; every prompt's error is computed by one forward
pass of its own batch, so the result does not depend on the number of threads except through the
way a batch is formed, which is fixed.

@<Interpretation declarations@>=
void probe_errors(model *m, const train_config *c, uint64_t stream, size_t prompts,
  size_t threads, double *err);

@ @<Interpretation functions@>=
#define PROBE_BATCH 64
typedef struct {
  model *m; const train_config *c; uint64_t stream;
  size_t prompts, first_batch, step;
  double *err;
} probe_job;

static void *probe_worker(void *arg)
{
  probe_job *j = arg;
  prompt_batch *bt = batch_alloc(&j->c->arch, PROBE_BATCH, j->c->n);
  task *t = task_alloc(j->c->n, j->c->d);
  double signal[PROBE_BATCH];
  size_t q = probe_position(j->c);
  for (size_t k = j->first_batch * PROBE_BATCH; k < j->prompts; k += j->step * PROBE_BATCH) {
    bt->B = j->prompts - k < PROBE_BATCH ? j->prompts - k : PROBE_BATCH;
    probe_fill(j->c, j->stream, k, bt, t, signal);
    model_forward(j->m, bt);
    for (size_t b = 0; b < bt->B; b++) {
      double e = j->m->pred[b * bt->T + q] - signal[b];
      j->err[k + b] = e * e;
    }
  }
  batch_free(bt); task_free(t);
  return NULL;
}

void probe_errors(model *m, const train_config *c, uint64_t stream, size_t prompts,
  size_t threads, double *err)
{
  if (threads < 1) threads = 1;
  if (threads > 64) threads = 64;
  probe_job job[64];
  pthread_t tid[64];
  model *rep[64] = { NULL };
  for (size_t i = 0; i < threads; i++) {
    rep[i] = model_alloc_replica(m, PROBE_BATCH);
    job[i] = (probe_job) { rep[i], c, stream, prompts, i, threads, err };
    if (i > 0 && pthread_create(&tid[i], NULL, probe_worker, &job[i]) != 0)
      mhicl_fatal("cannot start a thread");
  }
  probe_worker(&job[0]);
  for (size_t i = 1; i < threads; i++) pthread_join(tid[i], NULL);
  for (size_t i = 0; i < threads; i++) model_free(rep[i]);
}

@*1 Head importance by masking.
@^masking of heads@>
@^head importance@>
The importance of head $h$ of layer $\ell$ is the rise of the excess risk when the head is
removed, $I_{\ell h}=R(\hbox{mask }(\ell,h))-R(\hbox{full})$. Both risks are measured on the same
prompts ({\it common random numbers}), so the standard error of $I_{\ell h}$ is that of the mean
of the paired differences, which is far smaller than either risk's own: what separates two heads
is the noise in the difference, not in the risk. Within a layer we also report the share
$I_{\ell h}/\max_{h'}I_{\ell h'}$, one for the most important head.

@<Interpretation types@>=
typedef struct { size_t layer, head; double risk, delta, delta_se, share; } head_effect;

@ @<Interpretation declarations@>=
size_t head_importance(model *m, const train_config *c, size_t prompts, size_t threads,
  mc_summary *full, head_effect *out);
size_t best_head(const head_effect *eff, size_t count, size_t layer);

@ |out| must have room for every head of every layer; the count is returned. The model's mask is
restored to all ones.

@<Interpretation functions@>=
static void mask_all(model *m, double v)
{
  for (size_t l = 0; l < MAX_LAYERS; l++)
    for (size_t h = 0; h < 256; h++) m->head_mask[l][h] = v;
}

size_t head_importance(model *m, const train_config *c, size_t prompts, size_t threads,
  mc_summary *full, head_effect *out)
{
  double *base = xmalloc(prompts * sizeof(double)), *e = xmalloc(prompts * sizeof(double));
  mask_all(m, 1.0);
  probe_errors(m, c, STREAM_EVAL, prompts, threads, base);
  *full = mc_summarize(base, prompts, 1);
  size_t count = 0;
  for (size_t l = 0; l < m->cfg.n_layers; l++) {
    size_t first = count;
    double top = 0.0;
    for (size_t h = 0; h < m->cfg.heads[l]; h++) {
      m->head_mask[l][h] = 0.0;
      probe_errors(m, c, STREAM_EVAL, prompts, threads, e);
      m->head_mask[l][h] = 1.0;
      mc_summary r = mc_summarize(e, prompts, 1);
      for (size_t p = 0; p < prompts; p++) e[p] -= base[p];
      mc_summary dlt = mc_summarize(e, prompts, 1);
      out[count++] = (head_effect) { l, h, r.mean, dlt.mean, dlt.se, 0.0 };
      if (dlt.mean > top) top = dlt.mean;
    }
    for (size_t i = first; i < count; i++) out[i].share = top > 0.0 ? out[i].delta / top : 0.0;
  }
  free(base); free(e);
  return count;
}

size_t best_head(const head_effect *eff, size_t count, size_t layer)
{
  size_t best = 0;
  double top = -INFINITY;
  for (size_t i = 0; i < count; i++)
    if (eff[i].layer == layer && eff[i].delta > top) { top = eff[i].delta; best = eff[i].head; }
  return best;
}

@*1 Pruning.
@^pruning@>
{\it Pruned} keeps every head of layer 1 and only the most important head (largest $I_{\ell h}$)
of each later layer. We also prune one later layer at a time (to see which layer needs its other
heads, if any), and, as the contrast the claim predicts, layer 1 alone down to its best head.
Every row is measured on the same prompts as the full model, with the paired standard error of
the difference.

@<Interpretation types@>=
typedef enum { PRUNE_FULL, PRUNE_LATER, PRUNE_ONE_LAYER, PRUNE_FIRST } prune_kind;
typedef struct { prune_kind kind; size_t layer; double risk, risk_se, delta, delta_se; } prune_row;

@ @<Interpretation declarations@>=
extern const char *const prune_kind_names[];
size_t prune_heads(model *m, const train_config *c, const head_effect *eff, size_t count,
  size_t prompts, size_t threads, prune_row *rows);

@ Rows: the full model, the pruned model, each later layer pruned alone, and layer 1 pruned
alone; at most $L+2$.

@<Interpretation functions@>=
const char *const prune_kind_names[] = { "full", "pruned", "pruned_layer", "layer1_best_only" };

static void keep_best(model *m, const head_effect *eff, size_t count, size_t l)
{
  size_t b = best_head(eff, count, l);
  for (size_t h = 0; h < m->cfg.heads[l]; h++) m->head_mask[l][h] = h == b ? 1.0 : 0.0;
}

size_t prune_heads(model *m, const train_config *c, const head_effect *eff, size_t count,
  size_t prompts, size_t threads, prune_row *rows)
{
  size_t L = m->cfg.n_layers, nr = 0;
  double *base = xmalloc(prompts * sizeof(double)), *e = xmalloc(prompts * sizeof(double));
  mask_all(m, 1.0);
  probe_errors(m, c, STREAM_EVAL, prompts, threads, base);
  for (int kind = PRUNE_FULL; kind <= PRUNE_FIRST; kind++) {
    size_t lo = kind == PRUNE_ONE_LAYER ? 1 : 0, hi = kind == PRUNE_ONE_LAYER ? L : 1;
    for (size_t l = lo; l < hi; l++) {
      mask_all(m, 1.0);
      if (kind == PRUNE_LATER) for (size_t k = 1; k < L; k++) keep_best(m, eff, count, k);
      if (kind == PRUNE_ONE_LAYER) keep_best(m, eff, count, l);
      if (kind == PRUNE_FIRST) keep_best(m, eff, count, 0);
      probe_errors(m, c, STREAM_EVAL, prompts, threads, e);
      mc_summary r = mc_summarize(e, prompts, 1);
      for (size_t p = 0; p < prompts; p++) e[p] -= base[p];
      mc_summary dlt = mc_summarize(e, prompts, 1);
      rows[nr++] = (prune_row) { (prune_kind) kind, l, r.mean, r.se, dlt.mean, dlt.se };
    }
  }
  mask_all(m, 1.0);
  free(base); free(e);
  return nr;
}

@ Tests, in \.{tests/test\_interpret.c}, on the preprocess-then-optimize construction with $d$
heads in layer 1 and a second, all-zero head in each later layer (an unused head): $d=8$, $s=2$,
$\sigma=0.5$, $n=40$, five gradient layers with the fixed step $0.5$, 2048 prompts. The nonzeros
of $\beta$ are $\pm1/\sqrt2$: with Gaussian nonzeros a fixed step diverges on the rare prompt with
a large $\rh_j$, and one such prompt swamps every mean.
|test_masking_on_construction|: masking any head of layer 1 raises the excess risk by more than
five paired standard errors, and masking an unused later head changes no prompt's error at all
(the head adds exactly zero); the used later head is each later layer's best head.
|test_pruning_construction_changes_nothing|: the pruned model's errors equal the full model's
exactly, and pruning layer 1 to one head raises the risk.
|test_probe_errors_thread_independent|: one and two threads give bitwise identical errors.

@*1 P-probing, first reading: a linear probe per layer.
@^probing, linear@>
For each layer boundary $\ell=0,\ldots,L$ (0: the embedded tokens; $L$: the last layer's output)
take the query's hidden state $h_\ell\in\Reals^C$ and fit, on the probe prompts of the tuning stream,
the ridge regression of $y_q$ on $(h_\ell,1)$ with a small penalty $\mu$ (relative to the mean
squared feature: $\mu=10^{-6}\,{\rm tr}(\tilde H\tp\tilde H)/(P(C+1))$ with $\tilde H=(H,1)$,
to stay defined when features are
collinear). Its excess risk on the evaluation stream says how much of the answer a linear
read-out finds after $\ell$ layers. At $\ell=0$ the state holds only $x_q$ and no linear function of
$x_q$ predicts $x_q\tp\beta$ for a random $\beta$: the probe scores about $b^2$. If the state holds
$y_q$ itself, the probe recovers it.

@<Interpretation declarations@>=
void linear_probe(model *m, const train_config *c, size_t train_prompts, size_t eval_prompts,
  mc_summary *risk);
int ridge_probe_fit(const double *H, const double *y, size_t P, size_t C, double *w);
double ridge_probe_predict(const double *w, const double *h, size_t C);

@ The fit solves $(\tilde H\tp\tilde H/P+\mu I)w=\tilde H\tp y/P$ with $\tilde H=(H,1)$ by a
Cholesky factorization; |w| has $C+1$ entries, the last the intercept, penalized like the rest
(the penalty is $10^{-6}$ of the mean diagonal, far too small to bias it measurably). It returns
nonzero if the system is not positive definite.

@<Interpretation functions@>=
int ridge_probe_fit(const double *H, const double *y, size_t P, size_t C, double *w)
{
  size_t F = C + 1;
  gsl_matrix *A = gsl_matrix_calloc(F, F);
  gsl_vector *g = gsl_vector_calloc(F);
  gsl_matrix *Ht = gsl_matrix_alloc(P, F);
  for (size_t p = 0; p < P; p++) {
    for (size_t j = 0; j < C; j++) gsl_matrix_set(Ht, p, j, H[p * C + j]);
    gsl_matrix_set(Ht, p, C, 1.0);
  }
  gsl_blas_dsyrk(CblasLower, CblasTrans, 1.0 / (double) P, Ht, 0.0, A);
  gsl_vector_const_view yv = gsl_vector_const_view_array(y, P);
  gsl_blas_dgemv(CblasTrans, 1.0 / (double) P, Ht, &yv.vector, 0.0, g);
  double tr = 0.0;
  for (size_t j = 0; j < F; j++) tr += gsl_matrix_get(A, j, j);
  for (size_t j = 0; j < F; j++) gsl_matrix_set(A, j, j, gsl_matrix_get(A, j, j) + 1e-6 * tr / (double) F);
  mhicl_gsl_expect_errors(1);
  int bad = gsl_linalg_cholesky_decomp1(A) != 0;
  if (!bad) {
    gsl_vector_view wv = gsl_vector_view_array(w, F);
    bad = gsl_linalg_cholesky_solve(A, g, &wv.vector) != 0;
  }
  mhicl_gsl_expect_errors(0);
  gsl_matrix_free(A); gsl_vector_free(g); gsl_matrix_free(Ht);
  return bad;
}

double ridge_probe_predict(const double *w, const double *h, size_t C)
{
  double s = w[C];
  for (size_t j = 0; j < C; j++) s += w[j] * h[j];
  return s;
}

@ The hidden state before layer $\ell$ is |acts[l].resid_pre|; after the last layer it is
|resid_final|. The probes read the model's states batch by batch: |probe_pass| lays out the probe
prompts, runs them through a replica of the model with no heads masked (if |forward|), and hands
each batch to a |visit| function.

@<Interpretation functions@>=
typedef void (*probe_visit)(void *ctx, const model *r, const train_config *c, const prompt_batch *bt,
  size_t first, const double *signal);
static const double *hidden_state(const model *m, size_t l)
{
  return l < m->cfg.n_layers ? m->acts[l].resid_pre : m->resid_final;
}

static void probe_pass(model *m, const train_config *c, uint64_t stream, size_t prompts,
  int forward, probe_visit visit, void *ctx)
{
  prompt_batch *bt = batch_alloc(&c->arch, PROBE_BATCH, c->n);
  task *t = task_alloc(c->n, c->d);
  double signal[PROBE_BATCH];
  model *r = model_alloc_replica(m, PROBE_BATCH);  /* room for |PROBE_BATCH|; mask all ones */
  mask_all(r, 1.0);
  for (size_t k = 0; k < prompts; k += PROBE_BATCH) {
    bt->B = prompts - k < PROBE_BATCH ? prompts - k : PROBE_BATCH;
    probe_fill(c, stream, k, bt, t, signal);
    if (forward) model_forward(r, bt);
    visit(ctx, r, c, bt, k, signal);
  }
  batch_free(bt); task_free(t); model_free(r);
}

typedef struct { double *H, *y, *f; size_t P; } query_states;

static void keep_query_states(void *ctx, const model *r, const train_config *c, const prompt_batch *bt,
  size_t first, const double *signal)
{  /* |H| is $(L+1)\times P\times C$ */
  query_states *qs = ctx;
  size_t L = r->cfg.n_layers, C = r->cfg.d_model, q = probe_position(c);
  for (size_t b = 0; b < bt->B; b++) {
    qs->y[first + b] = bt->target[b * bt->T + q];
    qs->f[first + b] = signal[b];
    for (size_t l = 0; l <= L; l++)
      memcpy(qs->H + (l * qs->P + first + b) * C, hidden_state(r, l) + (b * bt->T + q) * C,
        C * sizeof(double));
  }
}

static void collect_query_states(model *m, const train_config *c, uint64_t stream, size_t P,
  double *H, double *y, double *f)
{
  query_states qs = { H, y, f, P };
  probe_pass(m, c, stream, P, 1, keep_query_states, &qs);
}

void linear_probe(model *m, const train_config *c, size_t train_prompts, size_t eval_prompts,
  mc_summary *risk)
{
  size_t L = m->cfg.n_layers, C = m->cfg.d_model;
  double *Htr = xmalloc((L + 1) * train_prompts * C * sizeof(double));
  double *Hte = xmalloc((L + 1) * eval_prompts * C * sizeof(double));
  double *ytr = xmalloc(train_prompts * sizeof(double)), *ftr = xmalloc(train_prompts * sizeof(double));
  double *yte = xmalloc(eval_prompts * sizeof(double)), *fte = xmalloc(eval_prompts * sizeof(double));
  double *w = xmalloc((C + 1) * sizeof(double)), *e = xmalloc(eval_prompts * sizeof(double));
  collect_query_states(m, c, STREAM_TUNE, train_prompts, Htr, ytr, ftr);
  collect_query_states(m, c, STREAM_EVAL, eval_prompts, Hte, yte, fte);
  for (size_t l = 0; l <= L; l++) {
    if (ridge_probe_fit(Htr + l * train_prompts * C, ytr, train_prompts, C, w) != 0) {
      risk[l] = (mc_summary) { NAN, NAN, eval_prompts };
      continue;
    }
    for (size_t p = 0; p < eval_prompts; p++) {
      double r = ridge_probe_predict(w, Hte + (l * eval_prompts + p) * C, C) - fte[p];
      e[p] = r * r;
    }
    risk[l] = mc_summarize(e, eval_prompts, 1);
  }
  free(Htr); free(Hte); free(ytr); free(ftr); free(yte); free(fte); free(w); free(e);
}

@*1 P-probing, second reading: gradient descent on layer 1's features.
@^probing, gradient descent@>
If layer 1 preprocesses, what it computes at the context points is a better input for gradient
descent than the raw $x$. Take features $\phi_i$ at the token of $x_i$ and $\phi_q$ at the query;
run $t$ steps of gradient descent from zero on ${1\over2n}\sum_i(y_i-w\tp\phi_i)^2$ with the
relative step $\eta/\lambda_{\max}(\hat\Sigma_\phi)$, and predict $w_t\tp\phi_q$; for each $t$ the
step $\eta$ is tuned on the tuning stream. Three sources of features:
\item{$\bullet$} |PROBE_RAW|: $\phi=x$, plain gradient descent, the reference;
\item{$\bullet$} |PROBE_STATE|: the hidden state after layer 1 (the residual stream, which still
carries $x$);
\item{$\bullet$} |PROBE_WRITE|: what layer 1 {\it wrote}, the state after layer 1 minus the state
before it.

\noindent In the stacked format the $y$ row is left out (it holds $y_i$ itself). In the
interleaved format the state at the token of $x_i$ has not seen $y_i$ (attention is causal), so
nothing leaks. For the construction the write is exactly $\diag(\rh)x$, so gradient descent on
it {\it is} preprocess-then-optimize with the relative step: $\hat\Sigma_\phi=\diag(\rh)\,\Sh\,\diag(\rh)=A$ and
$\hat r_\phi=\diag(\rh)\rh$, the quadratic of PtO. This is the exact test of the probe.

@<Interpretation types@>=
typedef enum { PROBE_RAW, PROBE_STATE, PROBE_WRITE, PROBE_SOURCES } probe_source;

@ @<Interpretation declarations@>=
extern const char *const probe_source_names[PROBE_SOURCES];
extern const double probe_etas[];
extern const size_t n_probe_etas;
void gd_probe_errors(model *m, const train_config *c, uint64_t stream, size_t prompts,
  probe_source src, const unsigned *ts, size_t nts, double *err);
void gd_probe(model *m, const train_config *c, const unsigned *ts, size_t nts, size_t tune,
  size_t prompts, mc_summary out[PROBE_SOURCES][32], mc_summary gain[PROBE_SOURCES][32]);

@ |gd_probe_errors| writes the excess error of every prompt, step grid entry and step count,
|err[(p*n_probe_etas+a)*nts+s]|.

@<Interpretation functions@>=
const char *const probe_source_names[PROBE_SOURCES] = { "raw_x", "layer1_state", "layer1_write" };
const double probe_etas[] = { 0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 1.9 };
const size_t n_probe_etas = sizeof probe_etas / sizeof probe_etas[0];

static void features_of(const model *m, const train_config *c, const prompt_batch *bt, size_t b,
  probe_source src, gsl_matrix *Phi, gsl_vector *phi_q)
{  /* rows $0..n-1$ of |Phi|: the context points' features; |phi_q|: the query's */
  size_t n = probe_context(c), C = m->cfg.d_model, T = bt->T, din = bt->d_in;
  int inter = c->arch.format == FORMAT_INTERLEAVED;
  const double *h = src == PROBE_RAW ? bt->tokens : hidden_state(m, 1);
  const double *h0 = hidden_state(m, 0);
  size_t width = src == PROBE_RAW ? din : C, F = Phi->size2;
  for (size_t i = 0; i <= n; i++) {
    size_t pos = i < n ? (inter ? 2 * i : i) : probe_position(c);
    const double *x = h + (b * T + pos) * width, *x0 = h0 + (b * T + pos) * C;
    for (size_t j = 0, f = 0; f < F; j++) {
      if (!inter && j == c->d) continue;  /* the $y$ row */
      double v = src == PROBE_WRITE ? x[j] - x0[j] : x[j];
      if (i < n) gsl_matrix_set(Phi, i, f, v); else gsl_vector_set(phi_q, f, v);
      f++;
    }
  }
}

typedef struct {
  probe_source src;
  const unsigned *ts; size_t nts;
  double *err;
  moments *mo;
  gsl_matrix *Phi, *W;
  gsl_vector *phi_q, *y, *w, *work;
} gd_probe_work;

static void gd_probe_batch(void *ctx, const model *r, const train_config *c, const prompt_batch *bt,
  size_t first, const double *signal)
{
  gd_probe_work *g = ctx;
  size_t n = probe_context(c), d = c->d, nts = g->nts;
  int inter = c->arch.format == FORMAT_INTERLEAVED;
  for (size_t b = 0; b < bt->B; b++) {
    features_of(r, c, bt, b, g->src, g->Phi, g->phi_q);
    for (size_t i = 0; i < n; i++)
      gsl_vector_set(g->y, i, bt->tokens[(b * bt->T + (inter ? 2 * i + 1 : i)) * bt->d_in
        + (inter ? 0 : d)]);
    moments_compute(g->mo, g->Phi, g->y, n);
    moments_eigen(g->mo);
    double scale = pto_step_scale(g->mo->eig);
    for (size_t a = 0; a < n_probe_etas; a++) {
      quad_gd_path(g->mo->Sigma_hat, g->mo->r_hat, probe_etas[a] * scale, g->ts, nts, g->W, g->w,
        g->work);
      for (size_t s = 0; s < nts; s++) {
        gsl_vector_view ws = gsl_matrix_row(g->W, s);
        double yh;
        gsl_blas_ddot(&ws.vector, g->phi_q, &yh);
        double e = (yh - signal[b]) * (yh - signal[b]);
        g->err[((first + b) * n_probe_etas + a) * nts + s] = isfinite(e) ? e : INFINITY;
      }
    }
  }
}

void gd_probe_errors(model *m, const train_config *c, uint64_t stream, size_t prompts,
  probe_source src, const unsigned *ts, size_t nts, double *err)
{
  size_t n = probe_context(c), C = m->cfg.d_model;
  int inter = c->arch.format == FORMAT_INTERLEAVED;
  size_t F = src == PROBE_RAW ? c->d : (inter ? C : C - 1);
  gd_probe_work g = { src, ts, nts, err, moments_alloc(F), gsl_matrix_alloc(n, F),
    gsl_matrix_alloc(nts, F), gsl_vector_alloc(F), gsl_vector_alloc(n), gsl_vector_alloc(F),
    gsl_vector_alloc(F) };
  probe_pass(m, c, stream, prompts, src != PROBE_RAW, gd_probe_batch, &g);
  moments_free(g.mo); gsl_matrix_free(g.Phi); gsl_matrix_free(g.W);
  gsl_vector_free(g.phi_q); gsl_vector_free(g.y); gsl_vector_free(g.w); gsl_vector_free(g.work);
}

@ Tuning and evaluation: |out[src][s]| is the excess risk of source |src| after |ts[s]| steps
($|nts|\le32$) with the step tuned on |tune| prompts of the tuning stream, and |gain[src][s]| the
mean paired difference from the raw features' (negative: the source is better), with its
standard error; the sources are measured on the same prompts.

@<Interpretation functions@>=
void gd_probe(model *m, const train_config *c, const unsigned *ts, size_t nts, size_t tune,
  size_t prompts, mc_summary out[PROBE_SOURCES][32], mc_summary gain[PROBE_SOURCES][32])
{
  size_t width = n_probe_etas * nts;
  double *et = xmalloc(tune * width * sizeof(double)), *ee = xmalloc(prompts * width * sizeof(double));
  double *raw = xmalloc(nts * prompts * sizeof(double)), *dif = xmalloc(prompts * sizeof(double));
  for (int src = 0; src < PROBE_SOURCES; src++) {  /* |PROBE_RAW| first */
    gd_probe_errors(m, c, STREAM_TUNE, tune, (probe_source) src, ts, nts, et);
    gd_probe_errors(m, c, STREAM_EVAL, prompts, (probe_source) src, ts, nts, ee);
    for (size_t s = 0; s < nts; s++) {
      size_t best = 0;
      double top = INFINITY;
      for (size_t a = 0; a < n_probe_etas; a++) {
        mc_summary u = mc_summarize(et + a * nts + s, tune, width);
        if (isfinite(u.mean) && u.mean < top) { top = u.mean; best = a; }
      }
      out[src][s] = mc_summarize(ee + best * nts + s, prompts, width);
      for (size_t p = 0; p < prompts; p++) {
        double e = ee[p * width + best * nts + s];
        if (src == PROBE_RAW) raw[s * prompts + p] = e;
        dif[p] = e - raw[s * prompts + p];
      }
      gain[src][s] = mc_summarize(dif, prompts, 1);
    }
  }
  free(et); free(ee); free(raw); free(dif);
}

@ Tests. |test_linear_probe_recovers_what_is_there|: on hidden states that hold $y_q$ in one
coordinate among random ones every squared error is below $10^{-9}$ (the penalty shrinks the fit
by about $10^{-6}$ relative, so with $\vert y\vert\le15$ the errors are below about $2\cdot10^{-10}$); on the embedded tokens of any model (layer 0: only $x_q$ and constants) the probe
scores within five standard errors of $b^2$; at the last layer of the gradient-descent
construction, which holds $-\hat y$ in its $y$ row, the probe's risk is no worse than the
construction's own (up to five standard errors), and the probe's risk falls layer by layer.
|test_gd_probe_on_pto_construction|: on the PtO construction gradient descent on layer 1's write
gives, prompt by prompt, the excess error of |est_pto| with the relative step, to $10^{-9}$
relative (the two form $A$ in different orders, and the relative step amplifies rounding by the
condition of $A$); and after tuning, GD on the write beats GD on $x$ at $t=5$ and $t=20$ by more
than five paired standard errors (at $t=1$ the measured gain, $0.031\pm0.008$, is not
asserted).

@*1 Named activations for outside tools.
\.{mhicl dump} writes the activations of the last forward pass with TransformerLens's names, as a
CSV with one value per row: \.{hook,layer,prompt,position,}\hskip0pt\.{head,index,value} (|head| is $-1$ for
tensors without one; for scores and patterns |position| is the query token and |index| the key
token). The hooks: \.{hook\_embed} (embedded tokens, with positions), and per layer
\.{blocks.$\ell$.hook\_resid\_pre}, \.{ln1.hook\_normalized}, \.{attn.hook\_q}, \.{attn.hook\_k},
\.{attn.hook\_v}, \.{attn.hook\_attn\_scores}, \.{attn.hook\_pattern}, \.{attn.hook\_z},
\.{hook\_attn\_out}, \.{hook\_resid\_mid}, \.{ln2.hook\_normalized}, \.{mlp.hook\_pre},
\.{mlp.hook\_post}, \.{hook\_resid\_post}; then \.{ln\_final.hook\_normalized} and \.{prediction}.
Tensors of a disabled part (no LayerNorm, no MLP) are not written. A model of the retrieval task
is dumped the same way, on sequences of its task, with four more hooks that name each
position's token, label, depth and logits (|musat_dump|, in the chapter on trained retrieval
models).

@<Interpretation declarations@>=
void dump_activations(const model *m, FILE *f);

@ @<Interpretation functions@>=
static void dump_rows(FILE *f, const char *hook, long layer, const model *m, const double *x,
  size_t width, size_t heads)
{  /* |x| is (B,T,|width|); with |heads|$>0$ the width is |heads| blocks */
  size_t per = heads ? width / heads : width;
  for (size_t b = 0; b < m->B; b++)
    for (size_t t = 0; t < m->T; t++)
      for (size_t j = 0; j < width; j++)
        fprintf(f, "%s,%ld,%zu,%zu,%ld,%zu,%.17g\n", hook, layer, b, t,
          heads ? (long) (j / per) : -1L, heads ? j % per : j, x[(b * m->T + t) * width + j]);
}

static void dump_square(FILE *f, const char *hook, long layer, const model *m, const double *x,
  size_t H)
{  /* (B,H,T,T) */
  size_t T = m->T;
  for (size_t b = 0; b < m->B; b++)
    for (size_t h = 0; h < H; h++)
      for (size_t t = 0; t < T; t++)
        for (size_t j = 0; j < T; j++)
          fprintf(f, "%s,%ld,%zu,%zu,%zu,%zu,%.17g\n", hook, layer, b, t, h, j,
            x[((b * H + h) * T + t) * T + j]);
}

void dump_activations(const model *m, FILE *f)
{
  const model_config *c = &m->cfg;
  size_t C = c->d_model, L = c->n_layers;
  fprintf(f, "hook,layer,prompt,position,head,index,value\n");
  dump_rows(f, "hook_embed", -1, m, m->acts[0].resid_pre, C, 0);
  for (size_t l = 0; l < L; l++) {
    const layer_acts *a = &m->acts[l];
    size_t H = c->heads[l], HD = H * c->d_head;
    long ll = (long) l;
    dump_rows(f, "hook_resid_pre", ll, m, a->resid_pre, C, 0);
    if (c->layernorm) dump_rows(f, "ln1.hook_normalized", ll, m, a->ln1, C, 0);
    dump_rows(f, "attn.hook_q", ll, m, a->q, HD, H);
    dump_rows(f, "attn.hook_k", ll, m, a->k, HD, H);
    dump_rows(f, "attn.hook_v", ll, m, a->v, HD, H);
    dump_square(f, "attn.hook_attn_scores", ll, m, a->scores, H);
    dump_square(f, "attn.hook_pattern", ll, m, a->pattern, H);
    dump_rows(f, "attn.hook_z", ll, m, a->z, HD, H);
    dump_rows(f, "hook_attn_out", ll, m, a->attn_out, C, 0);
    dump_rows(f, "hook_resid_mid", ll, m, a->resid_mid, C, 0);
    if (c->mlp) {
      if (c->layernorm) dump_rows(f, "ln2.hook_normalized", ll, m, a->ln2, C, 0);
      dump_rows(f, "mlp.hook_pre", ll, m, a->mlp_pre, 4 * C, 0);
      dump_rows(f, "mlp.hook_post", ll, m, a->mlp_post, 4 * C, 0);
    }
    dump_rows(f, "hook_resid_post", ll, m, l + 1 < L ? m->acts[l + 1].resid_pre : m->resid_final,
      C, 0);
  }
  if (c->layernorm) dump_rows(f, "ln_final.hook_normalized", -1, m, m->lnf, C, 0);
  dump_rows(f, "prediction", -1, m, m->pred, 1, 0);
}

@ Test. |test_dump_names_and_values|: dumping a small model after one forward pass writes the
header, the expected number of rows for every hook, and values that read back to the activation
bit for bit (\.{\%.17g} round-trips a double).

@*1 Further reading. X. Chen, L. Zhao and D. Zou (2024) for the three analyses; P. Michel,
O. Levy and G. Neubig, ``Are sixteen heads really better than one?'' (2019) for head masking;
N. Nanda and J. Bloom, TransformerLens (2022), for the names of the hooks.
