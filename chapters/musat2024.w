@* Trained models on the retrieval problem.
@^Musat (2024)@>
@^implicit curriculum@>
@^stacked attention heads@>
The retrieval chapter built the task, proved the depth a retrieval needs in a model of
information flow, and set by hand the weights of a model that meets that depth. This chapter
trains models on the task and asks the paper's three questions of them: do they learn only with
the implicit curriculum (IC), how deep a chain do $t$ layers solve, and which heads do they use,
in what order do those heads appear. \.{mhicl reproduce musat} runs it as a grid of independent
units (the experiments chapter's plan, unit and join), and the figures read the joined CSVs in
\.{generated/musat2024-quick/}.

Every choice below is ours: the paper's body and code were not available, so its model sizes,
steps and thresholds are unknown; the statements the experiments test are the abstract's.

@(generated/musat2024.h@>=
#ifndef MHICL_MUSAT2024_H
#define MHICL_MUSAT2024_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "transformer.h"
#include "retrieval.h"
#include "reproduce.h"
@<Musat types@>@;
@<Musat declarations@>@;
#endif

@ @(generated/musat2024.c@>=
#include <dirent.h>
#include <errno.h>
#include <unistd.h>
#include <sys/stat.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include "support.h"
#include "train.h"
#include "interpret.h"
#include "musat2024.h"
@<Musat functions@>@;

@*1 The grid.
A scale fixes the task's vocabulary, the model's width, the training and the grid of (layers,
depth) pairs. Every model is a causal attention-only transformer with pre-LayerNorm, learned
positions, no attention biases and an untied read-out, trained with IC labels and a final query
(\.{ic = 1}, \.{query = 1}) on $K=2$ chains, Adam with warm-up and initial weights of standard
deviation 0.1 (the retrieval chapter's first trained model: at 0.02 its models stayed on a
plateau). The {\it depth sweep} trains, for each number of layers $t$, the depths $D$ listed; one
pair, $(t_{\rm ic},D_{\rm ic})$, is trained also {\it without} IC (\.{ic = 0}: the query is the
only label), for the comparison. The quick scale: $V=10$ values, $N=26$ variables (so $V+N+2=38$
token ids, 10 classes, and sequences of $2KD+2$ tokens with the query ``$Q\ x$'': 14 at $D=3$),
two heads of width 32 per layer, $d_{\rm model}=64$, a final LayerNorm before the read-out,
batches of 64, 5000 steps with 100 warm-up steps at learning rate $10^{-3}$, a record every 250
steps on 256 held-out sequences and a final one on 1000, pairs $(1,1)$, $(2,1)$, $(2,2)$,
$(3,3)$, $(3,4)$, and $(t_{\rm ic},D_{\rm ic})=(3,3)$. Paper: four heads, $d_{\rm model}=128$,
20000 steps with 1000 warm-up steps and then a cosine decay of the learning rate to zero, a
record every 500 steps, and the pairs $(3,2)$, $(4,4)$, $(4,6)$, $(4,8)$ added. The decay is
there because at a constant rate the paper scale's first model, trained without IC, reached 1.0
at the query (256 held-out sequences) at step 9500, stayed between 0.94 and 1 until step 18000 and fell to
0.53 at step 18500, where it ended (its record is kept in
\.{generated/musat2024-paper/constant-rate/}): the final model of a run at a constant rate can be a
snapshot of a collapse. The quick scale keeps the constant rate of its committed runs. Smoke:
tiny, for the tests.

@<Musat types@>=
typedef struct {
  const char *name;
  size_t V, N, K, d_model, d_head, heads;
  size_t steps, warmup, batch, eval_every, eval_prompts, final_prompts;
  double lr, init_std;
  int cosine;  /* 1: the learning rate decays to zero on a cosine after the warm-up */
  size_t ic_layers, ic_depth;  /* the pair also trained without IC */
  size_t n_pairs, pairs[12][2];  /* the depth sweep: (layers, depth) */
} musat_scale;

typedef struct {  /* one model of the grid */
  int ic;  /* 1: IC labels and the query; 0: the query only */
  size_t layers, D;
  uint64_t seed;
  char name[96];
} musat_run;

@ @<Musat functions@>=
static const musat_scale musat_scales[] = {
  { "smoke", 5, 12, 2, 16, 8, 2, 40, 5, 8, 20, 32, 64, 3e-3, 0.1, 0, 2, 1, 2, { { 1, 1 }, { 2, 1 } } },
  { "quick", 10, 26, 2, 64, 32, 2, 5000, 100, 64, 250, 256, 1000, 1e-3, 0.1, 0, 3, 3, 5,
    { { 1, 1 }, { 2, 1 }, { 2, 2 }, { 3, 3 }, { 3, 4 } } },
  { "paper", 10, 26, 2, 128, 32, 4, 20000, 1000, 64, 500, 256, 1000, 1e-3, 0.1, 1, 3, 3, 9,
    { { 1, 1 }, { 2, 1 }, { 2, 2 }, { 3, 2 }, { 3, 3 }, { 3, 4 }, { 4, 4 }, { 4, 6 }, { 4, 8 } } },
};

const musat_scale *musat_scale_named(const char *name)
{
  for (size_t i = 0; i < sizeof musat_scales / sizeof musat_scales[0]; i++)
    if (strcmp(musat_scales[i].name, name) == 0) return &musat_scales[i];
  return NULL;
}

size_t musat_run_list(const musat_scale *sc, size_t seeds, musat_run *out, size_t max)
{
  size_t n = 0;
  for (size_t i = 0; i <= sc->n_pairs; i++)
    for (uint64_t s = 0; s < seeds && n < max; s++) {
      musat_run *r = &out[n++];
      r->ic = i < sc->n_pairs;
      r->layers = r->ic ? sc->pairs[i][0] : sc->ic_layers;
      r->D = r->ic ? sc->pairs[i][1] : sc->ic_depth;
      r->seed = s;
      snprintf(r->name, sizeof r->name, "%s_L%zu_D%zu_seed%llu", r->ic ? "ic" : "noic", r->layers,
        r->D, (unsigned long long) s);
    }
  return n;
}

@ @<Musat declarations@>=
const musat_scale *musat_scale_named(const char *name);
size_t musat_run_list(const musat_scale *sc, size_t seeds, musat_run *out, size_t max);
int musat_train_config(const musat_scale *sc, const musat_run *r, size_t threads,
  train_config *c, char *err, size_t len);

@ A run's training configuration, through the same keys a configuration file uses. The seed of
initialization and batches is the run's seed plus one (seed 0 of the grid trains with seed 1,
as the retrieval chapter's first model did).

@<Musat functions@>=
int musat_train_config(const musat_scale *sc, const musat_run *r, size_t threads,
  train_config *c, char *err, size_t len)
{
  train_config_default(c);
  char kv[28][2][32];
  size_t n = 0;
#define KV(k, fmt, v) (snprintf(kv[n][0], 32, "%s", k), snprintf(kv[n][1], 32, fmt, v), n++)
  KV("task", "%s", "retrieval"); KV("format", "%s", "tokens"); KV("layers", "%zu", r->layers);
  KV("heads", "%zu", sc->heads); KV("d_model", "%zu", sc->d_model); KV("d_head", "%zu", sc->d_head);
  KV("mlp", "%d", 0); KV("attn_bias", "%d", 0); KV("values", "%zu", sc->V);
  KV("variables", "%zu", sc->N); KV("chains", "%zu", sc->K); KV("depth", "%zu", r->D);
  KV("ic", "%d", r->ic); KV("query", "%d", 1); KV("batch", "%zu", sc->batch);
  KV("steps", "%zu", sc->steps); KV("warmup", "%zu", sc->warmup); KV("lr", "%.17g", sc->lr);
  KV("init_std", "%.17g", sc->init_std); KV("eval_every", "%d", 0);
  if (sc->cosine) KV("schedule", "%s", "cosine");
  KV("eval_prompts", "%zu", sc->eval_prompts); KV("checkpoint_every", "%d", 0);
  KV("seed", "%llu", (unsigned long long) r->seed + 1); KV("threads", "%zu", threads);
#undef KV
  for (size_t i = 0; i < n; i++)
    if (train_config_set(c, kv[i][0], kv[i][1], err, len) != 0) return -1;
  const char *why = train_config_check(c);
  if (why) { snprintf(err, len, "%s", why); return -1; }
  return 0;
}

@*1 Head roles.
@^head roles@>
@^attention maps@>
A head is read by where it looks. Let $A^{(\ell,h)}_{tr}$ be the attention of position $t$ on
position $r\le t$ in head $h$ of layer $\ell$. Each position of a sequence has a place in its
chain (the retrieval chapter's slots: the source of fact $j$ is slot $2j$, its destination slot
$2j+1$, the query's variable slot $2D$), so each hypothesised role predicts one position $r^*(t)$
for some positions $t$, and the role's {\it score} is the mean of $A_{t\,r^*(t)}$ over those $t$
and over sequences:
\item{$\bullet$} {\it previous token}: at a source (slot $2j$, $j\ge1$), $r^*=t-1$;
\item{$\bullet$} {\it same token}: at a position whose token occurred before (a source $x_{a_j}$,
$j\ge1$, and the query's variable), the weight summed over the earlier positions with that token
(the destination that assigned it);
\item{$\bullet$} {\it the fact's other half}: at a destination, $r^*$ is its fact's source;
\item{$\bullet$} {\it previous hop}: at the destination of fact $j\ge1$, $r^*$ is the destination
of fact $j-1$ (where its source was assigned), the lookup a stacked retrieval head makes;
\item{$\bullet$} {\it the resolved source}: at the destination of fact $j\ge1$ and at the query,
$r^*$ is the chain's root value.

\noindent A head's role is the role of its largest score. The roles are not exclusive: the
previous-token and other-half scores both look one position back (at sources and at
destinations), a source's previous position is the assignment of its variable whenever the
chain's two facts happen to be adjacent, and at a depth-1 destination the root is the fact's
other half (which is why the resolved-source role skips depth~1). So a score of one half on a
second role can be a side effect of the first. The pointer-doubling construction of the
retrieval chapter, on IC labels without a query, names its heads: layer~1 looks at the fact's
other half (score 1); layer~2 looks up where its pointer was assigned, which is the same token
at a source and the previous hop at a destination (both 1); layer~3, where every pointer is
resolved, looks at the root value (1). Every other role scores at most 0.6 (0.55 and 0.5 are the
two overlaps above); |test_musat_roles_name_the_construction| checks all of it. At a query the
construction does not look at the root: its last layer reads the destination where the value
already is, so the resolved-source score of a model with a query also counts how directly its
read-out head finds the root.

@<Musat types@>=
enum { ROLE_PREV, ROLE_SAME, ROLE_HALF, ROLE_HOP, ROLE_ROOT, ROLES };

@ @<Musat functions@>=
const char *const musat_role_names[ROLES] = { "previous_token", "same_token", "other_half",
  "previous_hop", "resolved_source" };

static void role_add(const retrieval_seq *q, const double *P, double *sum, double *cnt)
{  /* |P|: one head's $T\times T$ pattern on sequence |q| */
  size_t T = q->T, S = 2 * q->D + 1;
  for (size_t t = 0; t < T; t++) {
    int c = q->chain[t], j = q->slot[t];
    if (c < 0) continue;
    const double *a = P + t * T;
    const int *sp = q->slot_pos + (size_t) c * S;
    if (j % 2 == 0 && j >= 2 && j < (int) (2 * q->D)) { sum[ROLE_PREV] += a[t - 1]; cnt[ROLE_PREV]++; }
    if (j >= 2 && j % 2 == 0) {
      double w = 0.0;
      for (size_t r = 0; r < t; r++) if (q->tok[r] == q->tok[t]) w += a[r];
      sum[ROLE_SAME] += w; cnt[ROLE_SAME]++;
    }
    if (j % 2 == 1) { sum[ROLE_HALF] += a[sp[j - 1]]; cnt[ROLE_HALF]++; }
    if (j % 2 == 1 && j >= 3) { sum[ROLE_HOP] += a[sp[j - 2]]; cnt[ROLE_HOP]++; }
    if ((j % 2 == 1 && j >= 3) || j == (int) (2 * q->D)) { sum[ROLE_ROOT] += a[sp[0]]; cnt[ROLE_ROOT]++; }
  }
}

@ |musat_roles| runs |count| held-out sequences (one batch at most) through the model and fills
|score[(l*H+h)*ROLES+k]|; it also returns, for mean ablation, each head's mean output
|mean[(l*H+h)*C+c]| over all positions and sequences, as the residual stream receives it
($\bar z_h W_O^{(h)}$).

@<Musat functions@>=
void musat_roles(model *m, const retrieval_spec *s, uint64_t seed, size_t count, double *score,
  double *mean)
{
  const model_config *c = &m->cfg;
  size_t T = retrieval_length(s), L = c->n_layers, H = c->heads[0], C = c->d_model, dh = c->d_head;
  if (count > m->B_max) count = m->B_max;
  prompt_batch *bt = batch_alloc(c, count, T);
  retrieval_seq **q = xmalloc(count * sizeof *q);
  for (size_t b = 0; b < count; b++) {
    q[b] = retrieval_seq_alloc(s);
    retrieval_sample(s, seed, STREAM_TEST, b, q[b]);
    retrieval_batch_row(q[b], bt, b);
  }
  bt->B = count;
  model_forward(m, bt);
  for (size_t l = 0; l < L; l++)
    for (size_t h = 0; h < H; h++) {
      double sum[ROLES] = { 0 }, cnt[ROLES] = { 0 }, *zbar = xcalloc(dh, sizeof *zbar);
      for (size_t b = 0; b < count; b++) {
        role_add(q[b], m->acts[l].pattern + (b * H + h) * T * T, sum, cnt);
        for (size_t t = 0; t < T; t++)
          for (size_t e = 0; e < dh; e++)
            zbar[e] += m->acts[l].z[(b * T + t) * H * dh + h * dh + e] / (double) (count * T);
      }
      for (int k = 0; k < ROLES; k++)
        score[(l * H + h) * ROLES + k] = cnt[k] > 0 ? sum[k] / cnt[k] : 0.0;
      if (mean)
        for (size_t j = 0; j < C; j++) {
          double v = 0.0;
          for (size_t e = 0; e < dh; e++) v += zbar[e] * m->p.W_O[l][(h * dh + e) * C + j];
          mean[(l * H + h) * C + j] = v;
        }
      free(zbar);
    }
  for (size_t b = 0; b < count; b++) retrieval_seq_free(q[b]);
  free(q); batch_free(bt);
}

int musat_best_role(const double *score)
{
  int best = 0;
  for (int k = 1; k < ROLES; k++) if (score[k] > score[best]) best = k;
  return best;
}

@ @<Musat declarations@>=
extern const char *const musat_role_names[];
void musat_roles(model *m, const retrieval_spec *s, uint64_t seed, size_t count, double *score,
  double *mean);
int musat_best_role(const double *score);
model *musat_ablation_model(const model *m);
void musat_ablate(model *ab, const model *m, size_t l, size_t h, const double *mean);

@ {\it Mean ablation.} Head $h$ of layer $\ell$ is replaced by its mean output: its mask is set
to zero and $\bar z_hW_O^{(h)}$ is added as the layer's output bias. A model without attention
biases has no such bias, so the ablation runs on a copy with biases ($b_Q=b_K=b_V=0$), which
computes the same function until a bias is set; the tensors are copied by name.

@<Musat functions@>=
model *musat_ablation_model(const model *m)
{
  model_config c = m->cfg;
  c.attn_bias = 1;
  model *ab = model_alloc(&c, m->B_max);
  tensor_info from[MODEL_MAX_TENSORS], to[MODEL_MAX_TENSORS];
  size_t nf = model_table(&m->cfg, from, MODEL_MAX_TENSORS), nt = model_table(&c, to, MODEL_MAX_TENSORS);
  memset(ab->params, 0, ab->n_params * sizeof(double));
  for (size_t i = 0; i < nt; i++)
    for (size_t j = 0; j < nf; j++)
      if (strcmp(to[i].name, from[j].name) == 0)
        memcpy(ab->params + to[i].offset, m->params + from[j].offset, to[i].size * sizeof(double));
  return ab;
}

void musat_ablate(model *ab, const model *m, size_t l, size_t h, const double *mean)
{
  size_t H = m->cfg.heads[0], C = m->cfg.d_model;
  for (size_t k = 0; k < m->cfg.n_layers; k++) {
    for (size_t g = 0; g < H; g++) ab->head_mask[k][g] = 1.0;
    memset(ab->p.b_O[k], 0, C * sizeof(double));
  }
  ab->head_mask[l][h] = 0.0;
  memcpy(ab->p.b_O[l], mean + (l * H + h) * C, C * sizeof(double));
}

@ |test_musat_roles_name_the_construction| builds the pointer-doubling model for $K=2$ chains
of depth $D=2$ (three layers, one head each) and reads its roles on 64 sequences: layer~1's role
is the fact's other half, layer~2's the same token and the previous hop, layer~3's the resolved
source, each with score above 0.99 (the construction's attention is one-hot up to
$Te^{-\lambda}$), every other role at most 0.6. It also checks
the ablation copy: with no head ablated it gives the model's accuracy exactly, and ablating
layer~1's head drops the accuracy at depth~1 from 1 to below 0.5 (the head carries the source).
A role score that looked at the wrong position, or a copy that lost a tensor, fails it.

@*1 A unit: train, follow, analyze.
A unit trains its model in stretches of |eval_every| steps. At step 0 and after every stretch
it records, on |eval_prompts| held-out sequences, the exact-match accuracy at every depth and at
the query, every head's five role scores (on one batch), and the accuracy with each head
mean-ablated. After the last step it records the same on |final_prompts| sequences of the
evaluation stream (the rows with |set = final|), the attention maps of the first evaluation
sequence (for the pair $(t_{\rm ic},D_{\rm ic})$), the emergence steps, and one row saying
whether the run solved its depth. Its files are functions of its description and the thread
count. The records are taken during training, so an interrupted unit could not start from a
checkpoint alone: after every record it also keeps, beside a checkpoint, the rows written so far
and the history the emergence steps are read from, and a rerun continues from there to the same
bytes (the section on resuming, below).

Every row starts with the provenance columns: the paper, the scale, the run, IC or not, layers,
depth, seed, and the program's version |MHICL_VERSION| (the support chapter's).

@<Musat functions@>=
static void prefix(FILE *f, const musat_scale *sc, const musat_run *r)
{
  fprintf(f, "musat2024,%s,%s,%s,%zu,%zu,%llu,%s,", sc->name, r->name, r->ic ? "ic" : "noic",
    r->layers, r->D, (unsigned long long) r->seed, MHICL_VERSION);
}

#define PREFIX_HEADER "paper,scale,run,variant,layers,D,seed,program,"

static void acc_rows(FILE *f, const musat_scale *sc, const musat_run *r, const char *set,
  size_t step, int layer, int head, const retrieval_acc *a)
{
  for (size_t bin = 1; bin <= a->D + 1; bin++) {
    size_t k = bin <= a->D ? bin : 0;
    if (a->total[k] == 0) continue;
    interval w = retrieval_acc_interval(a, k, 1.96);
    prefix(f, sc, r);
    fprintf(f, "%s,%zu,%d,%d,%s,%zu,%zu,%zu,%.6f,%.6f,%.6f\n", set, step, layer, head,
      k ? "destination" : "query", k ? k : a->D, a->correct[k], a->total[k], w.mean, w.lo, w.hi);
  }
}

@ One record: accuracy intact and with each head ablated, and the role scores. |first| is the
first evaluation sequence, |count| how many.

@<Musat functions@>=
static void record(FILE *acc, FILE *roles, const musat_scale *sc, const musat_run *r, trainer *tr,
  const retrieval_spec *s, const char *set, uint64_t stream, size_t count, double *score)
{
  model *m = tr->m;
  size_t L = m->cfg.n_layers, H = m->cfg.heads[0], C = m->cfg.d_model;
  retrieval_acc a;
  uint64_t seed = r->seed + 1;
  retrieval_evaluate(m, s, seed, stream, count, sc->batch, &a);
  acc_rows(acc, sc, r, set, tr->step, -1, -1, &a);
  retrieval_acc_free(&a);
  double *mean = xmalloc(L * H * C * sizeof *mean);
  musat_roles(m, s, seed, sc->batch, score, mean);
  model *ab = musat_ablation_model(m);
  for (size_t l = 0; l < L; l++)
    for (size_t h = 0; h < H; h++) {
      musat_ablate(ab, m, l, h, mean);
      retrieval_evaluate(ab, s, seed, stream, count, sc->batch, &a);
      acc_rows(acc, sc, r, set, tr->step, (int) l + 1, (int) h, &a);
      retrieval_acc_free(&a);
      const double *sc5 = score + (l * H + h) * ROLES;
      prefix(roles, sc, r);
      fprintf(roles, "%s,%zu,%zu,%zu", set, tr->step, l + 1, h);
      for (int k = 0; k < ROLES; k++) fprintf(roles, ",%.6f", sc5[k]);
      fprintf(roles, ",%s\n", musat_role_names[musat_best_role(sc5)]);
    }
  model_free(ab);
  free(mean);
}

@ Emergence. A head {\it emerges} at the first recorded step at which the score of its final
role reaches $\tau=0.5$ (half its attention on the predicted position), and depth $k$ is {\it
learned} at the first recorded step at which its accuracy reaches 0.9; both are $-1$ if never.
These thresholds are ours. |hist| holds every record's scores, |acc_hist| every record's accuracy
per depth (index 0: the query).

@<Musat functions@>=
#define MUSAT_TAU 0.5
#define MUSAT_LEARNED 0.9
static void emergence_rows(FILE *f, const musat_scale *sc, const musat_run *r, size_t L, size_t H,
  size_t records, const size_t *steps, const double *hist, const double *acc_hist)
{
  const double *last = hist + (records - 1) * L * H * ROLES;
  for (size_t l = 0; l < L; l++)
    for (size_t h = 0; h < H; h++) {
      int role = musat_best_role(last + (l * H + h) * ROLES);
      long at = -1;
      for (size_t i = 0; i < records && at < 0; i++)
        if (hist[(i * L * H + l * H + h) * ROLES + role] >= MUSAT_TAU) at = (long) steps[i];
      prefix(f, sc, r);
      fprintf(f, "head,%zu,%zu,-1,%s,%.6f,%ld\n", l + 1, h, musat_role_names[role],
        last[(l * H + h) * ROLES + role], at);
    }
  for (size_t k = 0; k <= r->D; k++) {
    long at = -1;
    for (size_t i = 0; i < records && at < 0; i++)
      if (acc_hist[i * (r->D + 1) + k] >= MUSAT_LEARNED) at = (long) steps[i];
    prefix(f, sc, r);
    fprintf(f, "depth,-1,-1,%zu,%s,%.6f,%ld\n", k ? k : r->D, k ? "destination" : "query",
      acc_hist[(records - 1) * (r->D + 1) + k], at);
  }
}

@ The attention map of one sequence: a row per layer, head, query position $t$ and key position
$r\le t$, with both tokens named.

@<Musat functions@>=
static void map_rows(FILE *f, const musat_scale *sc, const musat_run *r, model *m,
  const retrieval_spec *s)
{
  size_t T = retrieval_length(s), H = m->cfg.heads[0];
  retrieval_seq *q = retrieval_seq_alloc(s);
  retrieval_sample(s, r->seed + 1, STREAM_EVAL, 0, q);
  prompt_batch *bt = batch_alloc(&m->cfg, 1, T);
  retrieval_batch_row(q, bt, 0);
  bt->B = 1;
  model_forward(m, bt);
  char a[16], b[16];
  for (size_t l = 0; l < m->cfg.n_layers; l++)
    for (size_t h = 0; h < H; h++)
      for (size_t t = 0; t < T; t++)
        for (size_t u = 0; u <= t; u++) {
          retrieval_token_name(s, q->tok[t], a, sizeof a);
          retrieval_token_name(s, q->tok[u], b, sizeof b);
          prefix(f, sc, r);
          fprintf(f, "%zu,%zu,%zu,%zu,%s,%s,%.6f\n", l + 1, h, t, u, a, b,
            m->acts[l].pattern[(h * T + t) * T + u]);
        }
  retrieval_seq_free(q); batch_free(bt);
}

@ The unit itself. Its files, each written atomically, are the run's name followed by
\.{.acc.csv}, \.{.roles.csv}, \.{.emerge.csv}, \.{.solved.csv}, \.{.map.csv} (in every unit,
with rows only for the pair of the comparison) and \.{.ckpt}, the checkpoint. A run {\it solves} its depth when
every depth at the destinations and the query has final accuracy at least 0.99.

@<Musat functions@>=
static FILE *open_csv(atomic_file *af, const char *dir, const char *name, const char *kind,
  const char *header, char *err, size_t len)
{
  return grid_open_csv(af, dir, name, kind, PREFIX_HEADER, header, err, len);
}

static const char *const musat_kinds[][2] = {
  { "acc", "set,step,ablated_layer,ablated_head,position,depth,correct,total,accuracy,"
    "wilson_lo,wilson_hi" },
  { "roles", "set,step,layer,head,previous_token,same_token,other_half,previous_hop,"
    "resolved_source,role" },
  { "emerge", "kind,layer,head,depth,role,final_value,step" },
  { "solved", "min_accuracy,solved,log3_bound_D,construction_D" },
  { "map", "layer,head,t,r,token_t,token_r,attention" } };
#define MUSAT_KINDS 5

static int musat_resume_load(musat_unit_state *st, trainer *tr, size_t *records, char *err,
  size_t len);
static int musat_resume_save(musat_unit_state *st, const trainer *tr, size_t records, char *err,
  size_t len);
static void musat_resume_clear(const musat_unit_state *st);

int musat_unit(const musat_scale *sc, const musat_run *r, const char *dir, size_t threads,
  char *err, size_t len)
{
  train_config c;
  if (musat_train_config(sc, r, threads, &c, err, len) != 0) return -1;
  trainer *tr = trainer_new(&c);
  model_init(tr->m, c.seed, sc->init_std);
  tr->report_to = sc->steps;  /* progress on standard error counts down to the unit's last step */
  size_t L = r->layers, H = sc->heads, records = 0, most = sc->steps / sc->eval_every + 2;
  double *hist = xmalloc(most * L * H * ROLES * sizeof *hist), score[16 * 16 * ROLES];
  double *acc_hist = xmalloc(most * (r->D + 1) * sizeof *acc_hist);
  size_t *steps = xmalloc(most * sizeof *steps);
  char *body[MUSAT_KINDS];
  size_t body_len[MUSAT_KINDS];
  FILE *f[MUSAT_KINDS];
  for (int k = 0; k < MUSAT_KINDS; k++) f[k] = open_memstream(&body[k], &body_len[k]);
  musat_unit_state st = { sc, r, dir, threads, L, H, 0, 0, hist, acc_hist, steps, f, body, body_len };
  int ok = 1, resumed = musat_resume_load(&st, tr, &records, err, len);
  if (resumed < 0) ok = 0;
  @<Train in stretches, recording after each@>@;
  @<Record the final model and write the summaries@>@;
  for (int k = 0; k < MUSAT_KINDS; k++) fclose(f[k]);
  for (int k = 0; ok && k < MUSAT_KINDS; k++) {
    atomic_file af;
    FILE *out = open_csv(&af, dir, r->name, musat_kinds[k][0], musat_kinds[k][1], err, len);
    if (out == NULL) { ok = 0; break; }
    fwrite(body[k], 1, body_len[k], out);
    ok = atomic_commit(&af) == 0 || (snprintf(err, len, "cannot write a file of '%s'", r->name), 0);
  }
  if (ok) {
    char path[512];
    snprintf(path, sizeof path, "%s/runs/%s.ckpt", dir, r->name);
    ok = checkpoint_save(tr, path, err, len) == 0;
  }
  if (ok) musat_resume_clear(&st);
  for (int k = 0; k < MUSAT_KINDS; k++) free(body[k]);
  free(hist); free(acc_hist); free(steps);
  trainer_free(tr);
  return ok ? 0 : -1;
}

@ A record at the start of a resumed unit was taken before the interruption, so the loop skips
it (|resumed| is 1 then). After every record but the last the unit's state is kept
(|musat_resume_save|). Between records the trainer reports on standard error, about once a
second, the step, the loss, the rate and the time left to the unit's last step (|report_to|), so
that a paper-scale unit of half an hour is never silent.

@<Train in stretches...@>=
while (ok) {
  if (!resumed) {
    retrieval_acc a;
    retrieval_evaluate(tr->m, &c.retrieval, r->seed + 1, STREAM_HELDOUT, sc->eval_prompts,
      sc->batch, &a);
    for (size_t k = 0; k <= r->D; k++)
      acc_hist[records * (r->D + 1) + k] = a.total[k] ? (double) a.correct[k] / (double) a.total[k] : 0.0;
    retrieval_acc_free(&a);
    steps[records] = tr->step;
    record(f[0], f[1], sc, r, tr, &c.retrieval, "curve", STREAM_HELDOUT, sc->eval_prompts, score);
    memcpy(hist + records * L * H * ROLES, score, L * H * ROLES * sizeof *score);
    records++;
    if (tr->step < sc->steps && musat_resume_save(&st, tr, records, err, len) != 0) { ok = 0; break; }
  }
  resumed = 0;
  if (tr->step >= sc->steps) break;
  size_t until = tr->step + sc->eval_every < sc->steps ? tr->step + sc->eval_every : sc->steps;
  ok = train_run(tr, until, 1, err, len) == 0;
}

@ @<Record the final model...@>=
if (ok) {
  retrieval_acc a;
  record(f[0], f[1], sc, r, tr, &c.retrieval, "final", STREAM_EVAL, sc->final_prompts, score);
  emergence_rows(f[2], sc, r, L, H, records, steps, hist, acc_hist);
  retrieval_evaluate(tr->m, &c.retrieval, r->seed + 1, STREAM_EVAL, sc->final_prompts, sc->batch, &a);
  double least = 1.0;
  for (size_t k = 0; k <= r->D; k++)
    if (a.total[k]) least = fmin(least, (double) a.correct[k] / (double) a.total[k]);
  retrieval_acc_free(&a);
  size_t log3 = 1, cons = 0;
  for (size_t i = 0; i < L; i++) log3 *= 3;
  while (retrieval_construction_layers(cons + 1) <= L) cons++;
  prefix(f[3], sc, r);
  fprintf(f[3], "%.6f,%d,%zu,%zu\n", least, least >= 0.99, log3 / 2, cons);
  if (r->ic && r->layers == sc->ic_layers && r->D == sc->ic_depth)
    map_rows(f[4], sc, r, tr->m, &c.retrieval);
}

@*1 Resuming a unit.
@^resuming@>
A unit's state after a record is more than its checkpoint: the rows of \.{.acc.csv} and
\.{.roles.csv} written so far (kept in memory until the unit ends, and then written with the
other files, atomically) and the history |hist|, |acc_hist|, |steps| that the emergence steps
are read from at the end, in full precision (the rows round to six digits, and a score of
0.4999996 would cross $\tau$ once rounded). After every record but the last, |musat_resume_save|
writes the checkpoint \.{runs/}{\it name}\.{.resume-}{\it step}\.{.ckpt}, then the state file
\.{runs/}{\it name}\.{.resume}: a line naming the scale, the run, the thread count and the
program's version, the step, the number of records and the lengths of the two bodies, the
history in C's hexadecimal floating-point notation (\.{\%a}, which reads back to the same
double), then the two bodies. Both are written atomically, the state file last, and it names
its checkpoint by its step; the checkpoint of the previous record is removed only after. So
whenever the unit is killed, the state file on disk and the checkpoint it names agree.

A rerun of the unit (\.{mhicl reproduce musat} again, or \.{--unit} {\it name}) that finds a
state file of the same scale, run, threads and version loads the checkpoint's parameters, Adam
moments and step into the unit's trainer, the history and the bodies, and goes on with the next
stretch of training. Batches are functions of the seed and the step, and everything a record
computes is a function of the model, so the rest of the run, and every file it writes, is what
the uninterrupted run writes. A state file of another version or thread count is ignored (the
unit starts over); one that cannot be read stops the unit with one line naming it. When the
unit has written its files, the state file and every \.{.resume-} checkpoint of the run are
removed. |test_musat_unit_resumes_to_same_bytes| kills a unit (\.{SIGKILL}, from the hook
|musat_record_hook|, which a test sets and the program never does) after its second and then
after its fourth record, reruns it each time, and compares every file with those of a run never
interrupted, byte for byte; it also checks that no state file is left.

@<Musat types@>=
typedef struct {  /* what a unit keeps between records */
  const musat_scale *sc;
  const musat_run *r;
  const char *dir;
  size_t threads, L, H;
  int saved;  /* a checkpoint of step |saved_step| is on disk */
  size_t saved_step;
  double *hist, *acc_hist;
  size_t *steps;
  FILE **f;  /* the bodies, as memory streams */
  char **body;
  size_t *body_len;
} musat_unit_state;

@ @<Musat declarations@>=
extern void (*musat_record_hook)(size_t records);

@ @<Musat functions@>=
void (*musat_record_hook)(size_t records) = NULL;

static void resume_paths(const musat_unit_state *st, size_t step, char *state, char *ckpt,
  size_t n)
{
  snprintf(state, n, "%s/runs/%s.resume", st->dir, st->r->name);
  snprintf(ckpt, n, "%s/runs/%s.resume-%zu.ckpt", st->dir, st->r->name, step);
}

static void resume_identity(const musat_unit_state *st, char *buf, size_t n)
{
  snprintf(buf, n, "mhicl musat resume: scale %s run %s threads %zu program %s\n", st->sc->name,
    st->r->name, st->threads, MHICL_VERSION);
}

static int musat_resume_save(musat_unit_state *st, const trainer *tr, size_t records, char *err,
  size_t len)
{
  char state[512], ckpt[512], id[256];
  resume_paths(st, tr->step, state, ckpt, sizeof state);
  if (checkpoint_save(tr, ckpt, err, len) != 0) return -1;
  fflush(st->f[0]); fflush(st->f[1]);
  atomic_file af;
  if (atomic_open(&af, state) != 0) { snprintf(err, len, "cannot write '%s': %s", state, af.why); return -1; }
  resume_identity(st, id, sizeof id);
  fprintf(af.f, "%s%zu %zu %zu %zu\n", id, tr->step, records, st->body_len[0], st->body_len[1]);
  for (size_t i = 0; i < records * st->L * st->H * ROLES; i++) fprintf(af.f, "%a\n", st->hist[i]);
  for (size_t i = 0; i < records * (st->r->D + 1); i++) fprintf(af.f, "%a\n", st->acc_hist[i]);
  for (size_t i = 0; i < records; i++) fprintf(af.f, "%zu\n", st->steps[i]);
  fwrite(st->body[0], 1, st->body_len[0], af.f);
  fwrite(st->body[1], 1, st->body_len[1], af.f);
  if (atomic_commit(&af) != 0) { snprintf(err, len, "cannot write '%s': %s", state, af.why); return -1; }
  if (st->saved && st->saved_step != tr->step) {
    resume_paths(st, st->saved_step, state, ckpt, sizeof state);
    unlink(ckpt);
  }
  st->saved = 1; st->saved_step = tr->step;
  if (musat_record_hook) musat_record_hook(records);
  return 0;
}

@ Loading returns 1 when the unit resumes, 0 when it starts over (no state file, or one of
another version or thread count), $-1$ with a message when a state file cannot be read.

@<Musat functions@>=
static int resume_fail(const char *state, FILE *in, char *err, size_t len)
{
  snprintf(err, len, "'%s' is not a readable state of this unit (delete it to start the unit "
    "over)", state);
  if (in) fclose(in);
  return -1;
}

static int musat_resume_load(musat_unit_state *st, trainer *tr, size_t *records, char *err,
  size_t len)
{
  char state[512], ckpt[512], id[256], line[256];
  resume_paths(st, 0, state, ckpt, sizeof state);
  FILE *in = fopen(state, "rb");
  if (in == NULL) return 0;
  resume_identity(st, id, sizeof id);
  if (fgets(line, sizeof line, in) == NULL || strcmp(line, id) != 0) { fclose(in); return 0; }
  size_t step, rec, la, lr, most = st->sc->steps / st->sc->eval_every + 2;
  if (fscanf(in, "%zu %zu %zu %zu", &step, &rec, &la, &lr) != 4 || rec < 1 || rec > most
      || step >= st->sc->steps || la > (1u << 30) || lr > (1u << 30))
    return resume_fail(state, in, err, len);
  for (size_t i = 0; i < rec * st->L * st->H * ROLES; i++)
    if (fscanf(in, "%la", &st->hist[i]) != 1) return resume_fail(state, in, err, len);
  for (size_t i = 0; i < rec * (st->r->D + 1); i++)
    if (fscanf(in, "%la", &st->acc_hist[i]) != 1) return resume_fail(state, in, err, len);
  for (size_t i = 0; i < rec; i++)
    if (fscanf(in, "%zu", &st->steps[i]) != 1) return resume_fail(state, in, err, len);
  if (fgetc(in) != '\n' || st->steps[rec - 1] != step) return resume_fail(state, in, err, len);
  char *text = xmalloc(la + lr + 1);
  int ok = fread(text, 1, la + lr, in) == la + lr && fgetc(in) == EOF;
  if (ok) { fwrite(text, 1, la, st->f[0]); fwrite(text + la, 1, lr, st->f[1]); }
  free(text);
  if (!ok) return resume_fail(state, in, err, len);
  fclose(in);
  resume_paths(st, step, state, ckpt, sizeof state);
  trainer *old = checkpoint_load(ckpt, err, len);
  if (old == NULL) return -1;
  if (old->m->n_params != tr->m->n_params || old->step != step) {
    snprintf(err, len, "'%s' does not hold this unit at step %zu", ckpt, step);
    trainer_free(old);
    return -1;
  }
  size_t np = tr->m->n_params * sizeof(double);
  memcpy(tr->m->params, old->m->params, np);
  memcpy(tr->adam_m, old->adam_m, np);
  memcpy(tr->adam_v, old->adam_v, np);
  tr->step = step;
  trainer_free(old);
  st->saved = 1; st->saved_step = step;
  *records = rec;
  return 1;
}

@ @<Musat functions@>=
static void musat_resume_clear(const musat_unit_state *st)
{
  char state[512], ckpt[512], prefix[160], runs[512], path[800];
  resume_paths(st, 0, state, ckpt, sizeof state);
  unlink(state);
  snprintf(prefix, sizeof prefix, "%s.resume-", st->r->name);
  snprintf(runs, sizeof runs, "%s/runs", st->dir);
  DIR *d = opendir(runs);
  if (d == NULL) return;
  size_t n = strlen(prefix);
  for (struct dirent *e; (e = readdir(d)) != NULL; ) {
    size_t k = strlen(e->d_name);
    if (strncmp(e->d_name, prefix, n) == 0 && k > 5 && strcmp(e->d_name + k - 5, ".ckpt") == 0) {
      snprintf(path, sizeof path, "%s/%s", runs, e->d_name);
      unlink(path);
    }
  }
  closedir(d);
}

@*1 The plan and the join.
The units are the runs of |musat_run_list|, each of cost its steps times its sequence length.
The join concatenates, in the plan's order, \.{musat\_acc.csv}, \.{musat\_roles.csv},
\.{musat\_emerge.csv}, \.{musat\_solved.csv} and \.{musat\_map.csv}, and writes
\.{musat\_depth.csv}: for each number of layers and seed, the largest $D$ of the sweep solved
(0 if none), the largest tried, the paper's $\lfloor3^t/2\rfloor$ and the largest $D$ the
construction answers at the query with $t$ layers. The guarantee of the experiments chapter holds
as for the Chen grid: a unit's bytes depend on its name, the scale and the thread count only,
and the join reads only the units' files (|test_musat_plan_units_join_same_bytes|).
|test_musat_smoke_grid_runs_and_joins| runs the smoke grid and counts the rows of every joined
file.

@<Musat types@>=
typedef struct {
  const musat_scale *sc;
  size_t seeds, n_runs;
  musat_run *runs;
} musat_grid;

@ @<Musat declarations@>=
int musat_plan(const char *scale, size_t seeds, size_t threads, const char *dir, grid_plan *p,
  char *err, size_t len);
int musat_reproduce(const char *scale, const char *dir, size_t seeds, size_t threads, char *err,
  size_t len);
int musat_unit(const musat_scale *sc, const musat_run *r, const char *dir, size_t threads,
  char *err, size_t len);
int musat_analyze_checkpoint(const char *ckpt, const char *dir, char *err, size_t len);

@ @<Musat functions@>=
static int musat_unit_run(const grid_plan *p, const grid_unit *u, char *err, size_t len)
{
  const musat_grid *g = p->own;
  return musat_unit(g->sc, &g->runs[u->item], p->dir, p->threads, err, len);
}

static int musat_join(const grid_plan *p, char *err, size_t len);
static const grid_paper musat_paper = { "musat", musat_unit_run, musat_join };

static void musat_grid_free(void *own)
{
  musat_grid *g = own;
  if (g) free(g->runs);
  free(g);
}

int musat_plan(const char *scale, size_t seeds, size_t threads, const char *dir, grid_plan *p,
  char *err, size_t len)
{
  const musat_scale *sc = musat_scale_named(scale);
  if (sc == NULL) { snprintf(err, len, "unknown scale '%s' (smoke, quick or paper)", scale); return -1; }
  size_t max = seeds * (sc->n_pairs + 1);
  musat_run *runs = xmalloc(max * sizeof *runs);
  size_t n = musat_run_list(sc, seeds, runs, max);
  if (grid_plan_init(p, &musat_paper, dir, threads, n, err, len) != 0) { free(runs); return -1; }
  musat_grid *g = xmalloc(sizeof *g);
  g->sc = sc; g->seeds = seeds; g->n_runs = n; g->runs = runs;
  p->own = g; p->own_free = musat_grid_free;
  for (size_t i = 0; i < n; i++) {
    grid_unit *u = &p->units[p->count++];
    snprintf(u->name, sizeof u->name, "%s", runs[i].name);
    u->cost = (double) sc->steps * (double) (2 * sc->K * runs[i].D + 2) * (double) runs[i].layers;
    u->item = i;
  }
  snprintf(p->options, sizeof p->options, "--scale %s --seeds %zu --threads %zu", sc->name, seeds,
    threads);
  snprintf(p->identity, sizeof p->identity, "musat --scale %s --threads %zu", sc->name, threads);
  return 0;
}

int musat_reproduce(const char *scale, const char *dir, size_t seeds, size_t threads, char *err,
  size_t len)
{
  grid_plan p;
  if (musat_plan(scale, seeds, threads, dir, &p, err, len) != 0) return -1;
  int rc = grid_run_all(&p, err, len);
  grid_plan_free(&p);
  return rc;
}

@ Concatenation keeps the first file's header. The depth summary reads back each IC run's
\.{solved} row (its last four fields).

@<Musat functions@>=
static int cat_files(const char *out, const musat_grid *g, const char *dir, const char *kind,
  char *err, size_t len)
{
  char (*srcs)[512] = xmalloc((g->n_runs + 1) * sizeof *srcs);
  for (size_t i = 0; i < g->n_runs; i++)
    snprintf(srcs[i], sizeof srcs[i], "%s/runs/%s.%s.csv", dir, g->runs[i].name, kind);
  int rc = grid_join_csv(out, srcs, g->n_runs, err, len);
  free(srcs);
  return rc;
}

static int solved_of(const char *dir, const musat_run *r, int *solved)
{
  char path[512], line[1024];
  snprintf(path, sizeof path, "%s/runs/%s.solved.csv", dir, r->name);
  FILE *in = fopen(path, "r");
  if (in == NULL) return -1;
  int ok = fgets(line, sizeof line, in) && fgets(line, sizeof line, in);
  fclose(in);
  if (!ok) return -1;
  char *p = line;
  for (int comma = 0; *p && comma < 9; p++) comma += *p == ',';  /* after the prefix and |min_accuracy| */
  return sscanf(p, "%d", solved) == 1 ? 0 : -1;
}

static int musat_join(const grid_plan *p, char *err, size_t len)
{
  const musat_grid *g = p->own;
  char out[512];
  for (int k = 0; k < MUSAT_KINDS; k++) {
    snprintf(out, sizeof out, "%s/musat_%s.csv", p->dir, musat_kinds[k][0]);
    if (cat_files(out, g, p->dir, musat_kinds[k][0], err, len) != 0) return -1;
  }
  snprintf(out, sizeof out, "%s/musat_depth.csv", p->dir);
  atomic_file af;
  if (atomic_open(&af, out) != 0) { snprintf(err, len, "cannot write '%s': %s", out, af.why); return -1; }
  fprintf(af.f, "paper,scale,program,layers,seed,largest_D_solved,largest_D_tried,log3_bound_D,"
    "construction_D\n");
  const musat_scale *sc = g->sc;
  for (size_t t = 1; t <= 16; t++)
    for (uint64_t seed = 0; seed < g->seeds; seed++) {
      size_t best = 0, tried = 0, log3 = 1, cons = 0;
      for (size_t i = 0; i < g->n_runs; i++) {
        const musat_run *r = &g->runs[i];
        int solved;
        if (!r->ic || r->layers != t || r->seed != seed) continue;
        if (solved_of(p->dir, r, &solved) != 0) {
          snprintf(err, len, "cannot read the solved row of '%s'", r->name);
          atomic_abort(&af);
          return -1;
        }
        if (r->D > tried) tried = r->D;
        if (solved && r->D > best) best = r->D;
      }
      if (tried == 0) continue;
      for (size_t i = 0; i < t; i++) log3 *= 3;
      while (retrieval_construction_layers(cons + 1) <= t) cons++;
      fprintf(af.f, "musat2024,%s,%s,%zu,%llu,%zu,%zu,%zu,%zu\n", sc->name, MHICL_VERSION, t,
        (unsigned long long) seed, best, tried, log3 / 2, cons);
    }
  if (atomic_commit(&af) != 0) { snprintf(err, len, "cannot write '%s': %s", out, af.why); return -1; }
  return 0;
}

@*1 What the quick runs show.
@^implicit curriculum@>
The quick grid was run with three seeds (\.{make musat-quick}: 18 models, 33 minutes of wall-clock time and 15 minutes of processor time on two
shared cores); the CSVs are in \.{generated/musat2024-quick/}. Accuracies are exact match on 1000
held-out sequences of the evaluation stream (2000 labels per depth at the destinations, 1000 at
the query), with 95\% Wilson intervals; chance is 0.1.

{\it What a grid costs.} A training step is counted as in the performance chapter, by the
multiply-adds of its matrix products with backward twice forward: at the quick scale 0.041 GFLOP
for $t=1$, $D=1$, 0.081 and 0.138 for $(2,1)$ and $(2,2)$, 0.297 for $(3,3)$ (with or without
IC) and 0.392 for $(3,4)$, so the 18 models of 5000 steps come to 18{,}700 GFLOP. \.{make bench}
times the $(3,3)$ model (performance chapter): with both cores to itself it ran 131 steps per
second on two threads, 39 GFLOP/s, and the smaller models, timed side by side with it, reach
nearly the same rate. That is 8 minutes of training steps on two cores that nobody else uses. The records run on one thread and add about a
fifth (a $(3,3)$ unit spent 76 processor seconds where its steps alone took 68), so the quick
grid takes about 10 minutes and 17 minutes of processor time. The recorded run used 15 minutes of
processor time, as predicted; its 33 minutes of wall-clock time are what sharing the two cores
cost it. The paper scale's 30 models of 20000 steps cost 0.157 GFLOP a step for $(1,1)$ up to
3.89 for $(4,8)$, 854{,}000 GFLOP in all: about 6 hours of steps at the same rate and 7 with the
records, on two unshared cores, or about a day if sharing slows it as much as it slowed the
quick grid. Its wider products ($d_{\rm model}=128$, four heads) may run nearer the \.{dgemm}
peak, which would shorten it.

{\it Depth against layers} (Figure~\figref{musat-depth}). One layer answers every depth-1
destination (accuracy 1 for all three seeds) but not the query of depth 1 (0.491, 0.503, 0.495):
in the slot model the query needs a second hop, from the query's variable to its destination and
then to the source, and one causal layer gives only one; this is the causal threshold of the
retrieval chapter ($2^t\ge2D+1$), not the paper's bound, which allows $D=1$ at $t=1$. (The
one-layer models of the paper scale answer that query by a route the slot model does not have:
the last section.) Two layers solve
$D=1$ and, for every seed, $D=2$, query included (at least 0.999; Wilson lower bound 0.994 for
the query): {\it beyond} the causal threshold of our slot model, which allows the query only
$D\le1$ with two layers, and within the paper's $\lfloor 3^2/2\rfloor=4$. The slot model's
bound is a bound on models obeying Assumption~1, so these models reach the query by a route the
assumption does not allow: reads of positions that share nothing with the reader, selected by
absolute position and by the layout of the facts (the next paragraph). Three layers: seed~2 solves $D=3$ (every label at least 0.999; the query 0.999, Wilson interval
$[0.994,1.000]$); seeds 0 and 1 do not within 5000 steps: their queries reach 0.969
$[0.956,0.978]$ and 0.789 $[0.763,0.813]$, their depth-3 destinations 0.979 and 0.803. Seed~0
was still improving when training stopped (its depth~3 crossed 0.9 at step 4250); seed~1 had
stayed between 0.80 and 0.83 at the query for the last 750 steps. The pair $(3,2)$ is not in the
quick grid, so a seed that misses $D=3$ is drawn at 0 in the figure. No model solved depth 4
with three layers (the least accurate label class at 0.512, 0.711 and 0.503 for the three seeds; $D=4$ is
one beyond the construction's reach and the causal threshold), the paper's bound for $t=3$ being 13 and the construction's 3.

\figlabel{musat-depth}
\musatdepthfigure{generated/musat2024-quick}{Largest depth solved (every destination depth and
the query at least 99\% exact on 1000 held-out sequences) by trained attention-only models with
$t$ layers, one point per seed (offset), beside the largest depth tried, the paper's
$\lfloor3^t/2\rfloor$ and the depth the pointer-doubling construction answers at the query. A
seed that solved none of the depths tried at $t$ is drawn at 0.}

{\it How two layers answer at depth two} (Figure~\figref{musat-carry}). The analysis by layout
(\.{musat\_layout.csv} and \.{musat\_carry.csv}: \.{--analyze} of the three models, 1000
sequences each, 143 to 201 per layout) shows the route. The three models answer 2999 of the 3000
queries. In the first layer, positions read fixed earlier positions, whatever chain these
belong to: position 4, when it holds a variable, puts 0.89--0.91 (seed~0), 0.93--0.94 (seed~1)
and 0.97 (seed~2) of one head on position 0, in each of the four layouts where that happens,
although position 0 is the root of the other chain in two of them (\.{oqqo}, \.{qooq}); in seeds
0 and 1 position 6 reads position 2 the same way (0.97--0.99 and 0.54--0.90). These reads share
nothing with the reader in the slot model, which counts them as carrying nothing; here they copy
each root to several places. The query's first layer, for its part, reads a last destination
that does not hold its own variable: seed~2's head~0 puts 0.88--0.99, in every layout, on the
later of positions 5 and 7 that does not; seed~0's head~1 puts 0.91--0.94 on position 7 when
the other chain ends the sequence. With its own variable, that tells the layout. In the second
layer the query reads, layout by layout, a position that now holds the queried chain's root: the
{\it root mass} (the query's second-layer attention on the positions that carry the root after
the first layer, averaged over the heads; defined with the analysis, below) is 0.88--0.998 in every layout of
seeds 0 and 1, and 0.97--0.9999 in four layouts of seed~2 (0.52 and 0.60 in the other two, where
its heads read positions that carry the root at less than one half). The carriers it reads are
positions the slot model allows no root to reach in one layer: the second fact's source of
either chain (position 4 in \.{qooq}, 6 in \.{oqqo}), the other chain's last destination, and the
query's marker. So the models do not walk the chain: they copy roots by position and pick the
copy by the layout. That needs one position per layout to be told apart, and the number of
layouts, ${2D\choose D}$, is 6 at $D=2$, 20 at $D=3$ and 70 at $D=4$; we read the failure of
these three-layer models at $D=4$ as the end of that route for models of their size (the wider
models of the paper scale answer the query in all 70 layouts: the last section).

The three-layer models of the quick grid say the same from their errors (\.{musat\_carry.csv},
1000 sequences each). A model that follows the chain, right or wrong, does not care where the
facts sit; a model that reads positions by the layout can have learned some layouts and not
others. Those that did not solve their depth answer the query very differently by layout: at
$(3,3)$, seed~1 (0.789 in all) answers 22 of 62 sequences in the layout \.{qoqoqo} and every
sequence in ten of the 20 layouts (Pearson's $\chi^2=398$ on 19 degrees of freedom against one
accuracy for all layouts, $p=10^{-72}$), and seed~0 (0.969) 35 of 44 in \.{oqoqqo} and all in
eleven ($\chi^2=97$, $p=2\cdot10^{-12}$); at $(3,4)$, seed~1 (0.711) answers 1 of 18 in
\.{oqooqqqo} and all 14 in \.{qqqqoooo} ($\chi^2=409$ on 69, $p=10^{-49}$). Seed~1's accuracy
by layout at $(3,3)$ goes with its root mass (correlation 0.75 over the 20 layouts). The model
that solved $(3,3)$, seed~2, shows no dependence ($\chi^2=20$, $p=0.40$, with one error the test
is rough); seeds 0 and 2 at $(3,4)$, which answer about half of the queries (0.512 and
0.503), depend on it weakly or not at all ($p=0.65$ and $0.034$). Errors that depend this much on the layout are what reading by
position predicts and what a chain walk does not; they do not prove that no three-layer model
walks the chain. Their accuracy by position (\.{musat\_position.csv}, the same sequences)
agrees: each of the six answers every depth-$D$ destination that stands at the earliest place
it can, its chain's facts all first (94 or 95 sequences at $(3,3)$, 20 to 33 at $(3,4)$), and the
misses gather at later places (seed~1 at $(3,3)$: 0.672 at position~9, 0.804 at 11; seed~0 at
$(3,4)$: 0.202 at position~9).

\figlabel{musat-carry}
\musatcarryfigure{generated/musat2024-quick}{Root mass of the query's second layer in each
layout of the two chains' facts ({\tt q} a fact of the queried chain, {\tt o} of the other), for
the three two-layer models of depth 2 (IC, 1000 held-out sequences each): the share of the
query's attention, averaged over its two heads, on positions that hold the queried chain's root
after the first layer.}

{\it IC against no IC} (Figure~\figref{musat-ic}). At $t=3$, $D=3$, the models trained with
labels at every destination reach, at the query, 0.969, 0.789 and 0.999 after 5000 steps (Wilson intervals above). Trained with the query as the only
label, the same models stay near the 0.5 of a model that answers with the root of a random one of
the two chains: 0.567 $[0.536,0.597]$, 0.576 $[0.545,0.606]$ and 0.493 $[0.462,0.524]$ after
5000 steps, at the level they had reached by step 250. In our runs the implicit curriculum made the difference between learning and not learning at equal layers, depth
and steps, for all three seeds; whether the runs without IC would leave the plateau with more
steps (the paper trains 20000 to 100000) is not measured here.

\figlabel{musat-ic}
\musaticfigure{generated/musat2024-quick}{L3_D3}{Exact match at the query ($D=3$, three layers,
two heads per layer) along training, on 256 held-out sequences per point, trained with IC labels
(solid) and with the query's label only (dashed), three seeds each.}

{\it Order of learning and of heads} (Figure~\figref{musat-emerge}). Depths are learned in
order in every IC run: depth~1 by step 250 in all runs, then depth~2, then depth~3 (the steps
at which each reached 0.9 on 256 held-out sequences are in \.{musat\_emerge.csv}:
at $t=3$, $D=3$: steps 250, 2750, 4250 for seed~0; 250, 750, never for seed~1;
250, 1250, 1750 for seed~2; at $t=2$, $D=2$: depth~2 by step 500, 500 and 1000). Heads are harder to name. With $\tau=0.5$, few heads emerge at all and their order differs between seeds: of the 18 heads
of the three $t=3$, $D=3$ models, 7 cross the threshold, all of them in the other-half role
(the first layer's heads of seed~2 at steps 1000 and 1250, both layer-2 heads of seed~1 at step
1000, both layer-3 heads of seed~0 at 4250, and its layer-1 head~0 at 3250); the other 11 end
below 0.5. Six of the seven crossings fall within one record (250 steps) of a depth's accuracy
reaching 0.9, and every one comes after depth~1 was learned: depth~2 of seed~1 at 750, its
layer-2 heads at 1000; depth~2 of seed~2 at 1250, its layer-1 heads at 1000 and 1250; depth~3
of seed~0 and its layer-3 heads at 4250 (its layer-1 head~0, at 3250, falls between its depth~2
at 2750 and depth~3). So in our runs heads appear as the depths are learned, as the paper
says; but their layer and their role are not the same across seeds. The clearest model,
seed~2, has the construction's stack in weak form: both layer-1 heads look at the fact's other
half (0.63, 0.37), head~1 of layer~2 at the previous hop (0.39), head~0 of layer~3 at the root
(0.33). Mean-ablating a layer-1 head drops depth~1 to 0.92 and 0.88 and depth~3 to about 0.5; a
layer-2 head drops depth~3 to 0.66 and 0.69; a layer-3 head changes no depth by more than 0.016.
So the heads of the early layers carry the retrieval, and the attention of trained heads is
spread over several positions: no head of any trained model reaches the construction's one-hot
scores.

\figlabel{musat-emerge}
\musatemergefigure{generated/musat2024-quick}{ic_L3_D3_seed2}{3}{Left: exact match at each
destination depth along training (seed 2, three layers, $D=3$, IC). Right: each head's largest
role score along training (layer by colour; head 0 solid, head 1 dashed).}

\figlabel{musat-map}
\musatmapfigure{generated/musat2024-quick}{3}{Attention of every head of the seed-0 model ($t=3$,
$D=3$, IC) on the first sequence of the evaluation stream: query position $t$ down, key
position $r$ across, darker for more attention (\.{musat\_map.csv} names the tokens).}

\noindent Figure~\figref{musat-map} shows the attention of one model on one sequence.

{\it Against the paper's claims.} (1) {\it IC needed}: in the quick runs yes, at $t=3$, $D=3$ and 5000 steps: all three IC
seeds answer the query far above chance (0.79 to 0.999), all three without IC stay near the
two-chain guess of 0.5 (0.49 to 0.58); at the paper scale (next section) not always: one of three
models trained without IC solves the task and all three leave chance. (2) {\it Depth and layers}: the paper's bound $t\ge\log_3(2D)$ is
never contradicted (no model solved a depth beyond $\lfloor3^t/2\rfloor$), but it is also far
from what the models reach: three layers did not solve $D=4$. One layer does not answer the
query even at $D=1$, as the causal threshold says (at the paper scale it does, next section);
two layers answer the query at $D=2$, which
the causal slot model forbids: they copy the roots by absolute position and pick the copy by the
layout of the facts, reads that Assumption~1, as we formalized it, does not allow, and which
in models of this size work only while the layouts are few.
(3) {\it Stacked heads emerging in order}: partly. Depths are learned strictly in order, and
heads whose role score crosses $\tau=0.5$ do so as a depth is learned, never before the
shallower depth; the clearest model shows the construction's stack (other half, previous hop,
resolved source). But most trained heads spread their attention (role scores 0.2 to 0.6), the
heads that cross $\tau$ are nearly all other-half heads, and which layer's heads cross, and
when, differs across the three seeds. Three seeds, one width and 5000 steps are a small sample;
the paper scale (four heads, $d_{\rm model}=128$, 20000 steps, $t$ up to 4) is the next
section.

@ {\it A checkpoint on its own.} \.{mhicl reproduce musat --analyze} {\it checkpoint} reads a
retrieval model and writes, into the directory, \.{analyze.roles.csv} (role scores on one batch
of held-out sequences), \.{analyze.acc.csv} (accuracy per depth, intact and with each head
mean-ablated, on 1000 sequences of the evaluation stream) and, for a task with two chains in
order and a query, \.{analyze.layout.csv} and \.{analyze.carry.csv} (attention by layout and
where the root is carried, below, on the same 1000 sequences); \.{analyze.position.csv}, the
accuracy at each position and depth on those sequences, for every retrieval model. Their rows name the run after the checkpoint's file, without its directory and
\.{.ckpt}, so that the analyses of several checkpoints can be concatenated. A checkpoint of another task is
refused in one line naming it (|test_musat_analyze_refuses_regression_checkpoint|).

@<Musat functions@>=
#define MUSAT_LAYOUT_HEADER "layout,sequences,query_correct,layer,head,t,t_slot,r,r_slot,attention"
#define MUSAT_CARRY_HEADER "layout,sequences,query_correct,carriers,root_mass,homogeneity_chi2,"\
  "homogeneity_df,homogeneity_p"
#define MUSAT_POSITION_HEADER "position,kind,depth,correct,total,accuracy,wilson_lo,wilson_hi"
static void musat_layout_rows(FILE *f, FILE *carry, const musat_scale *sc, const musat_run *r,
  model *m, const retrieval_spec *s, uint64_t seed, size_t count);
static void musat_position_rows(FILE *f, const musat_scale *sc, const musat_run *r, model *m,
  const retrieval_spec *s, uint64_t seed, size_t count);

int musat_analyze_checkpoint(const char *ckpt, const char *dir, char *err, size_t len)
{
  trainer *tr = checkpoint_load(ckpt, err, len);
  if (tr == NULL) return -1;
  if (tr->cfg.task_kind != TASK_RETRIEVAL) {
    snprintf(err, len, "'%s' is a checkpoint of a regression model; --analyze reads retrieval "
      "models", ckpt);
    trainer_free(tr);
    return -2;
  }
  const retrieval_spec *s = &tr->cfg.retrieval;
  musat_scale sc = musat_scales[1];
  sc.name = "analyze"; sc.heads = tr->m->cfg.heads[0]; sc.batch = tr->cfg.batch;
  musat_run r = { s->ic, tr->m->cfg.n_layers, s->D, tr->cfg.seed - 1, "" };
  const char *base = strrchr(ckpt, '/') ? strrchr(ckpt, '/') + 1 : ckpt;
  size_t stem = strlen(base) > 5 && strcmp(base + strlen(base) - 5, ".ckpt") == 0
    ? strlen(base) - 5 : strlen(base);
  snprintf(r.name, sizeof r.name, "%.*s", (int) (stem < 95 ? stem : 95), base);
  char sub[512];
  snprintf(sub, sizeof sub, "%s/runs", dir);
  if ((mkdir(dir, 0777) != 0 && errno != EEXIST) || (mkdir(sub, 0777) != 0 && errno != EEXIST)) {
    snprintf(err, len, "cannot create '%s': %s", sub, strerror(errno));
    trainer_free(tr);
    return -1;
  }
  const char *kinds[5][2] = { { musat_kinds[0][0], musat_kinds[0][1] },
    { musat_kinds[1][0], musat_kinds[1][1] }, { "position", MUSAT_POSITION_HEADER },
    { "layout", MUSAT_LAYOUT_HEADER }, { "carry", MUSAT_CARRY_HEADER } };
  int files = musat_layout_applies(s) ? 5 : 3;
  atomic_file af[5];
  FILE *f[5];
  int ok = 1, opened = 0;
  for (; ok && opened < files; opened++)
    ok = (f[opened] = open_csv(&af[opened], dir, "analyze", kinds[opened][0], kinds[opened][1],
      err, len)) != NULL;
  if (!ok) opened--;
  double *score = xmalloc(tr->m->cfg.n_layers * sc.heads * ROLES * sizeof *score);
  if (ok) record(f[0], f[1], &sc, &r, tr, s, "final", STREAM_EVAL, sc.final_prompts, score);
  if (ok) musat_position_rows(f[2], &sc, &r, tr->m, s, r.seed + 1, sc.final_prompts);
  if (ok && files == 5)
    musat_layout_rows(f[3], f[4], &sc, &r, tr->m, s, r.seed + 1, sc.final_prompts);
  for (int k = 0; k < opened; k++)
    if (ok) ok = atomic_commit(&af[k]) == 0 || (snprintf(err, len, "cannot write into '%s'", dir), 0);
    else atomic_abort(&af[k]);
  free(score);
  trainer_free(tr);
  return ok ? 0 : -1;
}

@ {\it Accuracy by position.} The destinations of one depth stand at different positions, as
the layout puts them, and a model can answer some of those positions and miss others; the
accuracy per depth averages that away. |musat_position_tally| counts, on |count| sequences of the
evaluation stream, the right answers at each labelled position and depth (the query's position is
its own row, \.{query}); |musat_position_rows| writes one row for each pair that occurs, with its
Wilson interval. |test_musat_position_table| checks that the rows of each depth add up to the
counts of |retrieval_evaluate| on the same sequences, and that a position's rows are where the
generator puts that depth.

@<Musat declarations@>=
typedef struct {
  size_t T, D;
  size_t *correct, *total;  /* $[T][D+1]$ */
  int query_pos;
} musat_positions;
void musat_position_tally(model *m, const retrieval_spec *s, uint64_t seed, size_t count,
  size_t batch, musat_positions *pt);
void musat_positions_free(musat_positions *pt);

@ @<Musat functions@>=
static void tally_positions(model *m, retrieval_seq *const *q, size_t B, void *ctx)
{
  musat_positions *pt = ctx;
  for (size_t b = 0; b < B; b++) {
    pt->query_pos = q[b]->query_pos;
    for (size_t t = 0; t < pt->T; t++) {
      if (q[b]->label[t] < 0) continue;
      size_t k = t * (pt->D + 1) + (size_t) q[b]->depth[t];
      pt->total[k]++;
      pt->correct[k] += (int) m->pred[b * pt->T + t] == q[b]->label[t];
    }
  }
}

void musat_position_tally(model *m, const retrieval_spec *s, uint64_t seed, size_t count,
  size_t batch, musat_positions *pt)
{
  pt->T = retrieval_length(s); pt->D = s->D; pt->query_pos = -1;
  pt->correct = xcalloc(pt->T * (pt->D + 1), sizeof(size_t));
  pt->total = xcalloc(pt->T * (pt->D + 1), sizeof(size_t));
  retrieval_run_stream(m, s, seed, STREAM_EVAL, count, batch, tally_positions, pt);
}

void musat_positions_free(musat_positions *pt) { free(pt->correct); free(pt->total); }

static void musat_position_rows(FILE *f, const musat_scale *sc, const musat_run *r, model *m,
  const retrieval_spec *s, uint64_t seed, size_t count)
{
  musat_positions pt;
  musat_position_tally(m, s, seed, count, sc->batch, &pt);
  for (size_t t = 0; t < pt.T; t++)
    for (size_t d = 0; d <= pt.D; d++) {
      size_t k = t * (pt.D + 1) + d;
      if (pt.total[k] == 0) continue;
      interval w = wilson_interval(pt.correct[k], pt.total[k], 1.96);
      prefix(f, sc, r);
      fprintf(f, "%zu,%s,%zu,%zu,%zu,%.6f,%.6f,%.6f\n", t,
        (int) t == pt.query_pos ? "query" : "destination", d, pt.correct[k], pt.total[k],
        (double) pt.correct[k] / (double) pt.total[k], w.lo, w.hi);
    }
  musat_positions_free(&pt);
}

@ {\it The layout of a sequence.} With two chains whose facts keep their order, a sequence's
{\it layout} is the word that says, fact by fact, whether the fact belongs to the queried chain
(\.q) or to the other (\.o): $D$ letters of each, in one of ${2D\choose D}$ orders (6 for $D=2$,
20 for $D=3$). The layout fixes the role of every position: positions $2i$ and $2i+1$ are the
source and destination of fact $i$, and if that fact is the $j$th of its chain they are the
slots \.{q}$j$\.s and \.{q}$j$\.d (or \.{o}$j$\.s, \.{o}$j$\.d); the root value of the queried
chain sits at \.{q1s}, the query's variable is the token at \.{q}$D$\.d. A model whose attention
depends on the layout, not only on the links of the slot model, can read a position because of
where it is in the layout: the route by which two layers answer the query at $D=2$ (above).
|musat_layout_of| writes the word; |musat_slot_name| names a position;
|test_musat_layout_names_the_slots| checks both against the tokens and labels of generated
sequences (every \.{q}$j$\.s with $j>1$ holds the token of \.{q}$(j-1)$\.d, \.{q1s} holds the
query's answer, \.{q}$D$\.d the query's variable, and a destination's label is the query's
answer exactly when its fact is a \.q).

@<Musat declarations@>=
int musat_layout_applies(const retrieval_spec *s);
void musat_layout_of(const retrieval_seq *q, char *word);
void musat_slot_name(const retrieval_seq *q, size_t t, char *buf, size_t len);

@ The table is kept for tasks with two chains, a query, the facts in order, distinct roots and
at most |MUSAT_MAX_LAYOUTS| layouts ($D\le5$); for others the question ``which chain does this
fact belong to'' has no two-letter answer, or the table would be too thin to read.

@<Musat declarations@>=
#define MUSAT_MAX_LAYOUTS 252  /* ${10\choose5}$ */

@ @<Musat functions@>=
int musat_layout_applies(const retrieval_spec *s)
{
  if (s->K != 2 || !s->query || s->shuffle || !s->distinct_values) return 0;
  double n = 1.0;  /* ${2D\choose D}$ */
  for (size_t i = 1; i <= s->D; i++) n = n * (double) (s->D + i) / (double) i;
  return n <= MUSAT_MAX_LAYOUTS + 0.5;
}

void musat_layout_of(const retrieval_seq *q, char *word)
{
  size_t n = 0;
  for (size_t t = 0; t < q->T; t++)
    if (q->chain[t] >= 0 && (int) t != q->query_pos && q->slot[t] % 2 == 0)
      word[n++] = (size_t) q->chain[t] == q->draw.query_chain ? 'q' : 'o';
  word[n] = '\0';
}

void musat_slot_name(const retrieval_seq *q, size_t t, char *buf, size_t len)
{
  if ((int) t == q->query_pos) snprintf(buf, len, "query");
  else if (q->chain[t] < 0) snprintf(buf, len, (int) t + 1 == q->query_pos ? "marker" : "bos");
  else snprintf(buf, len, "%c%d%c", (size_t) q->chain[t] == q->draw.query_chain ? 'q' : 'o',
    q->slot[t] / 2 + 1, q->slot[t] % 2 ? 'd' : 's');
}

@ |musat_layout_collect| runs |count| sequences of the evaluation stream through the model and
sorts them by layout, keeping for each its number of sequences, how many the model answered
right at the query, and every layer's and head's attention pattern summed over the layout's
sequences. |musat_layout_rows| writes, for each layout in alphabetical order, the pattern
averaged over its sequences, from position $t$ to position $r$ with both positions named by
their slots; only reads of at least 1\% are written (a $D=2$ model with two layers of two heads
has 115 to 160 of them per layout in the quick grid). |test_musat_layout_table| checks that the layouts' counts add
up to |count|, that every averaged row sums to 1 before the cut, as a pattern's rows do, and
that the right answers at the query add up to the query's accuracy as |retrieval_evaluate|
counts it.

@<Musat types@>=
typedef struct {
  char word[16];  /* \.q and \.o, one letter per fact */
  size_t n, correct;  /* sequences, and right answers at the query */
  double *sum;  /* $[L\,H\,T\,T]$, patterns summed over the sequences */
  char (*names)[16];  /* $[T]$ slot of each position */
} musat_layout;

@ @<Musat declarations@>=
size_t musat_layout_collect(model *m, const retrieval_spec *s, uint64_t seed, size_t count,
  size_t batch, musat_layout *lay);
void musat_layout_free(musat_layout *lay, size_t n);

@ @<Musat functions@>=
static int layout_cmp(const void *a, const void *b)
{
  return strcmp(((const musat_layout *) a)->word, ((const musat_layout *) b)->word);
}

typedef struct { musat_layout *lay; size_t n; } layout_sort;

static void sort_by_layout(model *m, retrieval_seq *const *q, size_t B, void *ctx)
{
  layout_sort *ls = ctx;
  size_t T = q[0]->T, L = m->cfg.n_layers, H = m->cfg.heads[0];
  char word[16];
  for (size_t b = 0; b < B; b++) {
    musat_layout_of(q[b], word);
    size_t i = 0;
    while (i < ls->n && strcmp(ls->lay[i].word, word) != 0) i++;
    musat_layout *y = &ls->lay[i];
    if (i == ls->n) {
      ls->n++;
      strcpy(y->word, word);
      y->n = y->correct = 0;
      y->sum = xcalloc(L * H * T * T, sizeof(double));
      y->names = xmalloc(T * sizeof *y->names);
      for (size_t t = 0; t < T; t++) musat_slot_name(q[b], t, y->names[t], sizeof y->names[t]);
    }
    size_t qp = (size_t) q[b]->query_pos;
    y->n++;
    y->correct += (int) m->pred[b * T + qp] == q[b]->label[qp];
    for (size_t lh = 0; lh < L * H; lh++) {
      const double *P = m->acts[lh / H].pattern + (b * H + lh % H) * T * T;
      for (size_t k = 0; k < T * T; k++) y->sum[lh * T * T + k] += P[k];
    }
  }
}

size_t musat_layout_collect(model *m, const retrieval_spec *s, uint64_t seed, size_t count,
  size_t batch, musat_layout *lay)
{
  layout_sort ls = { lay, 0 };
  retrieval_run_stream(m, s, seed, STREAM_EVAL, count, batch, sort_by_layout, &ls);
  qsort(lay, ls.n, sizeof *lay, layout_cmp);
  return ls.n;
}

void musat_layout_free(musat_layout *lay, size_t n)
{
  for (size_t i = 0; i < n; i++) { free(lay[i].sum); free(lay[i].names); }
}

@ {\it Where the root is carried.} A read table says which positions a head reads; whether the
query's last layer reads the root depends on what those positions hold. The positions that {\it
carry the root} after layer $\ell$ are, by our definition: after layer 0 the root's own position
(\.{q1s}); after layer $\ell$ those of layer $\ell-1$ and every other position but the query one
of whose layer-$\ell$ heads puts at least half of its mean attention, summed, on them. The {\it
root mass} of a layout is the query's attention in the last layer on the positions that carry the
root after the layer before it, averaged over the heads. A model that answers by following the
chain has root mass near 1, and so has a model that copies the root elsewhere first; which
carriers it uses says which. |musat_layout_carried| marks the carriers and returns the mass;
|test_musat_layout_carried| checks it on hand-set patterns, a carrier at 0.5 and a reader at 0.4
among them.

@<Musat declarations@>=
double musat_layout_carried(const musat_layout *y, size_t L, size_t H, size_t T, int *carrier);

@ @<Musat functions@>=
double musat_layout_carried(const musat_layout *y, size_t L, size_t H, size_t T, int *carrier)
{
  size_t root = T, query = T;
  for (size_t t = 0; t < T; t++) {
    if (strcmp(y->names[t], "q1s") == 0) root = t;
    if (strcmp(y->names[t], "query") == 0) query = t;
  }
  for (size_t t = 0; t < T; t++) carrier[t] = t == root;
  for (size_t l = 0; l + 1 < L; l++) {
    int *next = xmalloc(T * sizeof *next);
    for (size_t t = 0; t < T; t++) {
      next[t] = carrier[t];
      for (size_t h = 0; h < H && !next[t] && t != query; h++) {
        const double *P = y->sum + ((l * H + h) * T + t) * T;
        double on = 0.0;
        for (size_t u = 0; u <= t; u++) if (carrier[u]) on += P[u];
        next[t] = on >= 0.5 * (double) y->n;
      }
    }
    memcpy(carrier, next, T * sizeof *next);
    free(next);
  }
  double mass = 0.0;
  for (size_t h = 0; h < H; h++) {
    const double *P = y->sum + (((L - 1) * H + h) * T + query) * T;
    for (size_t u = 0; u <= query; u++) if (carrier[u]) mass += P[u];
  }
  return mass / ((double) H * (double) y->n);
}

@ {\it Does the accuracy depend on the layout?} A model that follows the chain answers every
layout alike; a model that reads positions by the layout can have learned some layouts and not
others. |musat_layout_homogeneity| is Pearson's test of one accuracy for all layouts: the
$2\times k$ table of right and wrong answers at the query in the $k$ layouts, against the counts
expected from the pooled accuracy $\hat p$,
$$\chi^2=\sum_i{(c_i-n_i\hat p)^2\over n_i\hat p(1-\hat p)},$$
with $k-1$ degrees of freedom; it returns $\chi^2$ and sets the upper tail $p$. With no error, or
no right answer, there is nothing to test: $\chi^2=0$, $p=1$. The approximation wants every
expected count of errors to be some units; at high accuracy it is rough, and we quote it only for
models with hundreds of errors. |test_musat_layout_homogeneity| checks a table worked by hand.

@<Musat declarations@>=
double musat_layout_homogeneity(const musat_layout *lay, size_t n, double *p);

@ @<Musat functions@>=
double musat_layout_homogeneity(const musat_layout *lay, size_t n, double *p)
{
  double right = 0.0, all = 0.0, chi2 = 0.0;
  for (size_t i = 0; i < n; i++) { right += (double) lay[i].correct; all += (double) lay[i].n; }
  double ph = right / all;
  *p = 1.0;
  if (n < 2 || ph <= 0.0 || ph >= 1.0) return 0.0;
  for (size_t i = 0; i < n; i++) {
    double e = (double) lay[i].n * ph, d = (double) lay[i].correct - e;
    chi2 += d * d / (e * (1.0 - ph));
  }
  *p = gsl_cdf_chisq_Q(chi2, (double) (n - 1));
  return chi2;
}

@ The two tables of a model: the reads (|MUSAT_LAYOUT_HEADER|) and, one row per layout, the
carriers (named, separated by \.;), the root mass, and the model's test of one accuracy for all
layouts, the same on every row of the model (|MUSAT_CARRY_HEADER|).

@<Musat functions@>=
static void musat_layout_rows(FILE *f, FILE *carry, const musat_scale *sc, const musat_run *r,
  model *m, const retrieval_spec *s, uint64_t seed, size_t count)
{
  size_t T = retrieval_length(s), L = m->cfg.n_layers, H = m->cfg.heads[0];
  musat_layout *lay = xmalloc(MUSAT_MAX_LAYOUTS * sizeof *lay);
  size_t n = musat_layout_collect(m, s, seed, count, sc->batch, lay);
  int *carrier = xmalloc(T * sizeof *carrier);
  double p, chi2 = musat_layout_homogeneity(lay, n, &p);
  for (size_t i = 0; i < n; i++) {
    double mass = musat_layout_carried(&lay[i], L, H, T, carrier);
    prefix(carry, sc, r);
    fprintf(carry, "%s,%zu,%zu,", lay[i].word, lay[i].n, lay[i].correct);
    for (size_t t = 0, k = 0; t < T; t++)
      if (carrier[t]) fprintf(carry, "%s%s@@%zu", k++ ? ";" : "", lay[i].names[t], t);
    fprintf(carry, ",%.6f,%.4f,%zu,%.4g\n", mass, chi2, n - 1, p);
  }
  free(carrier);
  for (size_t i = 0; i < n; i++)
    for (size_t lh = 0; lh < L * H; lh++)
      for (size_t t = 0; t < T; t++)
        for (size_t u = 0; u <= t; u++) {
          double a = lay[i].sum[(lh * T + t) * T + u] / (double) lay[i].n;
          if (a < 0.01) continue;
          prefix(f, sc, r);
          fprintf(f, "%s,%zu,%zu,%zu,%zu,%zu,%s,%zu,%s,%.6f\n", lay[i].word, lay[i].n,
            lay[i].correct, lh / H + 1, lh % H, t, lay[i].names[t], u, lay[i].names[u], a);
        }
  musat_layout_free(lay, n);
  free(lay);
}

@ {\it Activations of chosen sequences.} \.{mhicl dump} reads a retrieval model as it reads a
regression model (interpretation chapter): |musat_dump| runs sequences |first|, \dots,
|first|$+$|count|$-1$ of the evaluation stream of seed |seed| through the model and writes the
named activations in the same CSV layout and with the same TransformerLens names, so every
layer's \.{attn.hook\_pattern} is there, head by head, with |position| the query token $t$ and
|index| the key token $r$. Prompt $p$ of the file is sequence |first|$+p$ of the stream. Rows of
four more hooks label the positions: \.{tokens} (the token id, with |index| 0; the retrieval
chapter's ids, $v_i=i$, $x_j=V+j$, $Q=V+N$), \.{labels} (the value index a position is trained
to predict, $-1$ where it has no label), \.{depth} (its number of hops, 0 where none) and
\.{logits} (|index| the class). With the checkpoint's own seed (\.{dump}'s default for these
models) and |first| $=0$, prompt~0 is the sequence of the \.{musat\_map.csv} rows of a unit
(whose layers count from 1, the dump's from 0, as TransformerLens counts them).

@<Musat functions@>=
void musat_dump(model *m, const retrieval_spec *s, uint64_t seed, uint64_t first, size_t count,
  FILE *f)
{
  size_t T = retrieval_length(s), V = m->cfg.n_classes;
  prompt_batch *bt = batch_alloc(&m->cfg, count, T);
  retrieval_seq **q = xmalloc(count * sizeof *q);
  for (size_t b = 0; b < count; b++) {
    q[b] = retrieval_seq_alloc(s);
    retrieval_sample(s, seed, STREAM_EVAL, first + b, q[b]);
    retrieval_batch_row(q[b], bt, b);
  }
  bt->B = count;
  model_forward(m, bt);
  dump_activations(m, f);
  for (size_t b = 0; b < count; b++)
    for (size_t t = 0; t < T; t++) {
      fprintf(f, "tokens,-1,%zu,%zu,-1,0,%d\n", b, t, q[b]->tok[t]);
      fprintf(f, "labels,-1,%zu,%zu,-1,0,%d\n", b, t, q[b]->label[t]);
      fprintf(f, "depth,-1,%zu,%zu,-1,0,%d\n", b, t, q[b]->depth[t]);
      for (size_t k = 0; k < V; k++)
        fprintf(f, "logits,-1,%zu,%zu,-1,%zu,%.17g\n", b, t, k, m->logits[(b * T + t) * V + k]);
    }
  for (size_t b = 0; b < count; b++) retrieval_seq_free(q[b]);
  free(q); batch_free(bt);
}

@ @<Musat declarations@>=
void musat_dump(model *m, const retrieval_spec *s, uint64_t seed, uint64_t first, size_t count,
  FILE *f);

@ |test_musat_dump_patterns_are_the_forward| dumps three sequences of a smoke-scale model (two
layers, two heads, random weights of standard deviation 0.5, so that the attention is spread)
and reads the file back: every \.{attn.hook\_pattern} row is zero beyond the causal keys
($r>t$) and sums to one over $r\le t$ to $10^{-13}$ (at most 14 terms, each rounded once); each
pattern entry equals, to $10^{-12}$ (the tolerance of the transformer chapter's batch
independence), the pattern of the same sequence run through the model alone, and the softmax of
the dumped scores, $e^{s_{tr}/\sqrt{d_h}}/\sum_{r'\le t}e^{s_{tr'}/\sqrt{d_h}}$, to $10^{-13}$;
the \.{tokens}, \.{labels} and \.{depth} rows are the sequences' own, and each \.{prediction}
is the largest of its \.{logits}. A dump of the wrong sequences, a mask off by one or a pattern
read from the wrong head fails it.

@*1 At the paper scale.
The paper scale's comparison of IC and no IC at $t=3$, $D=3$ is six of its units (\.{make
musat-paper-ic}; four heads of width 32 per layer, $d_{\rm model}=128$, 20000 steps with the
cosine decay, three seeds each; \.{generated/musat2024-paper/ic/musat\_acc.csv}, Figure~\figref{musat-ic-paper}). With IC,
every seed answers every label of the 1000 final sequences, the query included (Wilson interval
$[0.996,1]$), and learns the depths in order and fast: on 256 held-out sequences depth~1 reaches
0.9 by step 500, depth~2 by step 1000, depth~3 and the query by step 1500 (seed~2: depth~3 by
1000). Without IC, with the query as the only label, no seed stays near the two-chain guess of 0.5
where the three quick models stayed: seed~0 reaches 0.9 at the query at step 6000 and answers all
1000 final sequences ($[0.996,1]$); seed~2 reaches 0.9 at step 5500, peaks at 0.94 and ends at
0.875 $[0.853,0.894]$; seed~1 climbs to 0.70 by step 7500 and ends at 0.707 $[0.678,0.734]$. So,
with twice the heads and the width, four times the steps and a decaying rate (any of which may be
what matters: we have not separated them), the implicit curriculum is not needed to learn the
task: one model in three solves it without, and all three leave chance. It
still makes learning four times faster (step 1500 against 6000 for the query to reach 0.9) and
reliable (three seeds in three against one). The paper's claim that transformers learn the task
{\it only} with an implicit curriculum holds for our quick models and not for these. (The
units' times are in the measurements appendix.)

\figlabel{musat-ic-paper}
\musaticfigure{generated/musat2024-paper/ic}{L3_D3}{Exact match at the query ($D=3$, three
layers, four heads per layer, $d_{\rm model}=128$) along training, on 256 held-out sequences
per point, trained with IC labels (solid) and with the query's label only (dashed), three seeds
each, at the paper scale.}

{\it Depth against layers} (Figure~\figref{musat-depth-paper}). \.{make musat-paper} trains the
30 models of the grid and joins their CSVs in \.{generated/musat2024-paper/}; every accuracy
below is on 1000 final sequences. One
layer answers the depth-1 query: each seed answers all 1000 final queries (Wilson interval
$[0.996,1]$), where the quick models guessed (0.49--0.50) and the causal slot model allows no
query before two layers. Two layers solve $D=1$ and $D=2$, three layers $D=2$ and $D=3$: every
seed answers every label of the 1000 final sequences (2000 destinations of each depth, Wilson
lower bound 0.998; 1000 queries, 0.996). Four layers solve $D=4$ in every seed and $D=6$ in
seed~1 only (every label at least 0.9965); at $D=6$ seed~0 fails from depth~5 (0.808) and
seed~2 from depth~4 (0.984, then 0.966), their depth~6 at 0.668 and 0.571 and the query at 0.768
and 0.710. At $D=8$ no seed solves: seed~1 still answers depths 1 to 6 (at least 0.9935) and
fails from depth~7 (0.643; depth~8 0.515, the query 0.630), seed~0 from depth~5 (0.975, then
0.722, 0.541 and 0.500; the query 0.591), and seed~2 from depth~4 (0.989, then 0.955, 0.788, 0.582 and
0.506; the query 0.479). So the largest depths solved with $t=1$ to 4 layers are 1, 2, 3 and 4
to 6: above pointer doubling's 0 and 1 with one and two layers, equal to its 3 with three, below
its 7 with four, and below the paper's $\lfloor3^t/2
floor=1$, 4, 13, 40 from two layers on,
further each layer.

{\it One layer, by elimination.} The read table of the one-layer models (\.{musat\_layout.csv};
two layouts: the queried chain's fact first, \.{qo}, or second, \.{oq}) shows how. In every
seed one head watches the first fact (positions 0 and 1) and another the second (positions 2
and 3). Each reads the fact's destination when that holds the other chain's variable (0.88--0.99
of the head's attention) and the fact's source, which is then the queried root, when the
destination holds the queried variable (0.80--0.94): seed~0's head~1 puts 0.97 on position~1 in
\.{oq} and 0.86 on position~0 in \.{qo}; its head~0 puts 0.98 on position~3 in \.{qo} and 0.92
on position~2 in \.{oq}. In one layer a source's score depends on the query's token and on the
source's own token, a value, and place; none of these says whether its fact is the queried one.
Only the destination's score can: the head scores a destination low when it holds the query's
own variable, and the softmax's normalization hands the attention to its neighbour. The read of the root is selective, and selected by what another
position holds. Assumption~1, as the slot model makes it precise, lets a read select only
through what the reader and the read position share, so the slot model has no such route: the
normalization couples the reads of the positions in one head's window, and a read can select by
elimination. Proposition R5 of the retrieval chapter writes this route as weights (one head per
fact, a same-token score that pushes the head off the queried destination) and proves that it
answers every query; so the paper's bound, one layer for $D=1$, is attained, by the trained
models as by the construction. The quick two-layer models read the same way in the query's first
layer, where a head puts nearly all its attention on the last destination that does {\it not}
hold the query's variable (the analysis of depth two, above).

{\it Two and three layers.} The two-layer models of depth~2 take the quick models' route: their
root mass is 0.90--1.000 in every layout of the three seeds (\.{musat\_carry.csv}), and the
carriers again include the other chain's positions and the query's marker. With three layers,
every seed answers the query at $D=4$ in all 1000 final sequences, in each of the 70 layouts,
but not every destination: the depth-4 destinations reach 0.872 $[0.856,0.885]$, 0.985
$[0.978,0.989]$ and 0.955 $[0.945,0.963]$ (and seed~0's depth-3 ones 0.956), so by the rule of
0.99 on every label no seed solves $D=4$, and the largest depth three layers solve is 3, as at the
quick scale. By position (\.{musat\_position.csv}) the misses are all at positions 11 and 13:
every depth-4 destination at positions 7 and 9 (its chain's facts nearly all first) and at
position 15 (the sequence's last fact) is answered, as is every query, while those at 13 reach
0.858, 0.946 and 0.849, and seed~0's at 11 0.368 (seeds 1 and 2 answer all of theirs at 11). What three layers of this
width miss is a chain that ends while the other chain's facts go on; at the end of the sequence
they answer in every layout, so the quick models' failure at $D=4$ was not the end of the route
for these. Whether they read by layout the carrier test cannot
say: through two layers it marks on average 10 of the 14 positions of a depth-3 sequence and 14
of the 18 of a depth-4 one as carriers (15 of 18 through the first three of four layers), and the
root mass of so many carriers means little. Four layers close the gap at $D=4$: every position
of every seed is answered at 0.995 or more but one, seed~1's depth-4 destinations at position~13
(0.988, 572 of 579), the place where the three-layer models miss most.

{\it Order of learning.} In every IC model of the grid (27) the depths reach 0.9 on the
held-out sequences in order, depth~1 always by step 500 (\.{musat\_emerge.csv}). Heads cross
$\tau=0.5$ far more often than at the quick scale: 147 of the 312 heads of the IC models cross
at some record, most of them in the other-half role (125) and most of the rest at the
resolved source (20; one crosses at the previous hop and one at the same token); four cross at step~0, at their initialization, and none other before
depth~1 has reached 0.9. Layers mostly come in order: in 15 of the 17 models whose crossing
heads lie in more than one layer, no layer's first crossing comes before that of a layer below
(in the other two, $(3,3)$ and $(4,4)$ of seed~2, layer~3's first crossing, at step 1000 and
1500, comes before layer~2's, at 3000 and 2500); the $(4,4)$ model of
seed~0, for one, has its first crossings at steps 1500, 2000, 2500 and 2500 in layers 1 to 4,
while its depths 2, 3 and 4 reach 0.9 at 1000, 1500 and 2500. The four-layer models of $D=6$
and 8 have few heads that cross, one to three each, all in layers 1 and 2. So at this scale
heads emerge mostly layer by layer and as the depths are learned, as the paper says; their roles are mostly the
fact's other half, not the construction's stack of other half, previous hop and resolved source.

{\it Against the paper's claims, at this scale.} (1) {\it IC needed}: not always (one of three
models without IC solves $D=3$), though IC makes learning faster and reliable. (2) {\it Depth and
layers}: the bound is never contradicted and is met at $t=1$ (one layer answers $D=1$, by
elimination); with more layers the models stay far below it: the largest depths solved with
$t=1$ to 4 layers are 1, 2, 3 and 4 to 6, against the bound's 1, 4, 13, 40 and pointer doubling's 0, 1, 3,
7. (3) {\it
Stacked heads emerging in order}: yes for the layers in 15 models of 17, and in step with the
depths; the roles are not the construction's.

\figlabel{musat-depth-paper}
\musatdepthfigure{generated/musat2024-paper}{Largest depth solved (every destination depth and
the query at least 0.99 exact match on 1000 held-out sequences) with $t$ layers at the paper
scale (four heads per layer, $d_{\rm model}=128$, 20000 steps, IC), one point per seed (offset),
beside the largest depth tried, the paper's $\lfloor3^t/2\rfloor$ and the depth the
pointer-doubling construction answers at the query.}

@*1 Further reading. T. Musat, ``Mechanism and emergence of stacked attention heads in
multi-layer transformers'' (ICLR 2025, arXiv 2411.12118): the retrieval problem, the implicit
curriculum and the emergence of stacked heads, which this chapter tests on small models.
C. Olsson et al., ``In-context learning and induction heads'' (2022): previous-token and
induction heads, and reading heads by where they attend. C. Sanford, D. Hsu and M. Telgarsky
(2024): $k$-hop induction heads, solved in logarithmic depth.
