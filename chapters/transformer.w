@* The transformer.
@^transformer@>
This chapter is the engine of every experiment with learned models: a small transformer with its
own forward and backward passes, written on plain arrays of doubles with GSL's BLAS interface (and
so OpenBLAS) doing the matrix products. The style is that of llm.c: one forward and one backward
function per kind of layer, side by side; all parameters in one allocation described by a table of
named tensors; gradients and the optimizer's moments mirror that allocation exactly, so that
zeroing, saving, loading and the optimizer are single loops over one block.

@(generated/transformer.h@>=
#ifndef MHICL_TRANSFORMER_H
#define MHICL_TRANSFORMER_H
#include <stddef.h>
#include <stdint.h>
@<Transformer types@>@;
@<Transformer declarations@>@;
#endif

@ @(generated/transformer.c@>=
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_randist.h>
#include "support.h"
#include "transformer.h"
@<Transformer functions@>@;

@*1 What the model computes.
A prompt becomes a sequence of $T$ tokens, each a vector of the {\it residual stream}
$h_t\in\Reals^C$ ($C$ is |d_model|). Each of the $L$ layers adds to the stream the output of an
attention sub-layer with $H_\ell$ heads, then (optionally) of a two-layer perceptron:
$$\eqalign{
a_t&={\rm LN}_1(h_t),\qquad q^{(k)}_t=a_tW_Q^{(k)},\quad k^{(k)}_t=a_tW_K^{(k)},\quad
  v^{(k)}_t=a_tW_V^{(k)}\quad(\hbox{row vectors, head }k),\cr
z^{(k)}_t&=\sum_{j<K_t}p^{(k)}_{tj}\,v^{(k)}_j,\qquad
h_t\gets h_t+\sum_k m_{\ell k}\,z^{(k)}_tW_O^{(k)},\cr
h_t&\gets h_t+{\rm GELU}\bigl({\rm LN}_2(h_t)W_{\rm in}+b_{\rm in}\bigr)W_{\rm out}+b_{\rm out}.\cr}$$
Here $m_{\ell k}$ is the {\it head mask} (1 for a normal head, 0 to remove it, anything else to
scale it), and position $t$ attends to the keys $j<K_t$. The attention weights
$p_{tj}$ come from the scores $s_{tj}=q_t\cdot k_j$ in one of three ways, chosen per layer:
$$p_{tj}={e^{s_{tj}/\sqrt{d_h}}\over\sum_{i<K_t}e^{s_{ti}/\sqrt{d_h}}}\ \hbox{(softmax)},\qquad
p_{tj}={s_{tj}\over K_t}\ \hbox{(linear)},\qquad p_{tj}={\max(s_{tj},0)\over K_t}\ \hbox{(ReLU)}.$$
A fourth kind, {\it linear with a fixed normalization}, divides by a length $n_0$ fixed when
the model is made (the training length) instead of $K_t$: $p_{tj}=s_{tj}/n_0$. At the training
length the two linear kinds agree; at another length $n'$ the fixed one scales its output by
$n'/n_0$, which is what a layer whose $1/n$ was folded into its weights does (He et al.'s
length-generalization comparison needs both).
The linear form with $K_t=n$ is the one of the theory papers:
$Z\gets Z+{1\over n}\sum_kW^{PV}_kZMZ\tp W^{KQ}_kZ$ with $W^{KQ}_k=W_K^{(k)}W_Q^{(k)\tp}$ and
$W^{PV}_k=(W_V^{(k)}W_O^{(k)})\tp$, in the column convention those papers use.
LayerNorm (when on) is the usual ${\rm LN}(h)=\gamma\odot(h-\mu)/\sqrt{\sigma^2+10^{-5}}+\beta$;
when off, ${\rm LN}$ is the identity. The MLP, when on, has width $4C$ and the tanh form of GELU.
With |attn_bias| on, as in GPT-2, $q$, $k$ and $v$ get biases per head and the output projection
a bias $b_O$ (not scaled by the head mask).

@ Three prompt formats.
\item{(a)} {\it Interleaved} (Garg et al.): the tokens are $x_1,(y_1,0,\ldots,0),x_2,(y_2,0,\ldots),
\ldots$, so $T=2n$; a linear read-in $W_E,b_E$ maps each to $\Reals^C$, learned positional
embeddings $W_{\rm pos}$ are added if on, attention is causal ($K_t=t+1$), and after a final
LayerNorm a linear read-out $W_U,b_U$ predicts $y_{i}$ at the position of $x_i$, from $x_1,y_1,\ldots,x_i$ only.
One pass therefore trains every prefix length at once.
\item{(b)} {\it Stacked} (the theory's format): the tokens are the columns $z_i=(x_i;y_i;0)$ and the
query $(x_q;0;0)$, optionally with extra zero rows, so $C=d+1+{\rm extra}$ and $T=n+1$; there is no
read-in (the token is the residual stream), every position attends to the context only
($K_t=n$), and the prediction is read from the query's $y$ slot with a minus sign,
$\hat y=-h_{T-1}[d]$, the convention under which the gradient-descent constructions of von Oswald
et al.\ and Chen et al.\ come out with positive step sizes.
With $R>1$ {\it read-out rows} (|n_out|; multi-task regression, one response per task) a
context column holds $R$ responses, $z_i=(x_i;y_{i1};\ldots;y_{iR};0)$, the query
$(x_q;0;\ldots;0)$, so $C=d+R+{\rm extra}$, and the model predicts
$\hat y_r=-h_{T-1}[d+r-1]$ for $r=1,\ldots,R$, with the same sign convention for every row.

\item{(c)} {\it Tokens}: a sequence of discrete token ids, embedded by a table, with a causal
mask and a read-out to logits over classes; its section below gives the details.

\noindent In the first two formats a batch supplies the input tokens, a label for every position, and a
weight for every position (1 where the loss counts, 0 elsewhere); the loss is the weighted mean
squared error. ``All prefixes'' and ``query only'' are two choices of those weights.

@<Transformer types@>=
#define MAX_LAYERS 16
typedef enum { ATTN_SOFTMAX, ATTN_LINEAR, ATTN_RELU, ATTN_LINEAR_FIXED } attn_kind;
typedef enum { FORMAT_INTERLEAVED, FORMAT_STACKED, FORMAT_TOKENS } prompt_format;

typedef struct {
  prompt_format format;
  size_t d_x;  /* dimension of $x$ */
  size_t n_max;  /* most context points a prompt may have */
  size_t extra_rows;  /* stacked format: zero rows below $y$ */
  size_t n_layers;
  size_t heads[MAX_LAYERS];  /* heads per layer */
  attn_kind attn[MAX_LAYERS];  /* attention kind per layer */
  size_t d_model, d_head;  /* $C$ (interleaved) and head width $d_h$ */
  int mlp, layernorm, pos_embed;  /* switches */
  int attn_bias;  /* biases $b_Q,b_K,b_V$ per head and $b_O$, as in GPT-2 */
  size_t vocab, n_classes;  /* token format: input ids and output classes */
  int init_torch;  /* PyTorch's default initialization of the weights */
  size_t n_fixed;  /* |ATTN_LINEAR_FIXED|: the fixed normalization length */
  size_t n_out;  /* stacked format: read-out rows $R$ ($0$ reads as 1) */
} model_config;

@ The sequence length and the width follow from the format. A configuration written before
read-out rows existed has $|n_out|=0$, which |model_outputs| reads as one row: every such
configuration keeps its meaning.

@<Transformer declarations@>=
size_t model_outputs(const model_config *c);
size_t model_tokens(const model_config *c, size_t n);
size_t model_width(const model_config *c);
size_t model_input_width(const model_config *c);
const char *model_config_check(const model_config *c);

@ @<Transformer functions@>=
size_t model_outputs(const model_config *c)
{
  return c->n_out > 1 ? c->n_out : 1;
}

size_t model_tokens(const model_config *c, size_t n)
{
  return c->format == FORMAT_INTERLEAVED ? 2 * n : c->format == FORMAT_TOKENS ? n : n + 1;
}

size_t model_width(const model_config *c)
{
  return c->format == FORMAT_STACKED ? c->d_x + model_outputs(c) + c->extra_rows : c->d_model;
}

size_t model_input_width(const model_config *c)
{
  return c->format == FORMAT_INTERLEAVED ? c->d_x : c->format == FORMAT_TOKENS ? 1
    : c->d_x + model_outputs(c) + c->extra_rows;
}

@ A configuration is checked once, when a model is made; the message names the first problem.

@<Transformer functions@>=
const char *model_config_check(const model_config *c)
{
  if (c->n_layers < 1 || c->n_layers > MAX_LAYERS) return "layers must be between 1 and 16";
  if (c->format != FORMAT_TOKENS && (c->d_x < 1 || c->d_x > 4096))
    return "d_x must be between 1 and 4096";
  if (c->format == FORMAT_TOKENS && (c->vocab < 1 || c->vocab > 1000000))
    return "the vocabulary must have between 1 and 1000000 tokens";
  if (c->format == FORMAT_TOKENS && (c->n_classes < 1 || c->n_classes > 1000000))
    return "the read-out must have between 1 and 1000000 classes";
  if (c->n_max < 1 || c->n_max > 100000) return "n_max must be between 1 and 100000";
  if (c->n_out > 64) return "read-out rows must be between 1 and 64";
  if (model_outputs(c) > 1 && c->format != FORMAT_STACKED)
    return "several read-out rows need the stacked format";
  if (c->d_head < 1 || c->d_head > 4096) return "d_head must be between 1 and 4096";
  if (c->format != FORMAT_STACKED && (c->d_model < 1 || c->d_model > 8192))
    return "d_model must be between 1 and 8192";
  for (size_t l = 0; l < c->n_layers; l++) {
    if (c->heads[l] < 1 || c->heads[l] > 256) return "heads per layer must be between 1 and 256";
    if (c->attn[l] != ATTN_SOFTMAX && c->attn[l] != ATTN_LINEAR && c->attn[l] != ATTN_RELU
        && c->attn[l] != ATTN_LINEAR_FIXED)
      return "unknown attention kind";
    if (c->attn[l] == ATTN_LINEAR_FIXED && (c->n_fixed < 1 || c->n_fixed > 100000))
      return "linear_fixed attention needs a normalization length between 1 and 100000";
  }
  return NULL;
}

@*1 The parameter table.
@^parameter table@>
Every parameter tensor has a TransformerLens name and shape. Per-layer tensors are
\.{blocks.$\ell$.attn.W\_Q} $[H_\ell,C,d_h]$ and so on; since heads may differ between layers we
keep one tensor per layer rather than one $[L,H,\ldots]$ block. |model_table| lists them in their
order in memory; |param_view| binds a block of doubles (parameters, gradients, or an optimizer
moment) to named pointers. The table is the single source of truth for the layout: allocation,
initialization, checkpoints and \.{mhicl dump} all walk it.

@<Transformer types@>=
typedef enum { INIT_ZERO, INIT_ONE, INIT_NORMAL, INIT_FANIN } init_kind;
typedef struct {
  char name[48];
  size_t shape[3], ndim, offset, size;
  init_kind init;
} tensor_info;

typedef struct {
  double *W_E, *b_E, *W_pos;  /* read-in and positions (interleaved) */
  double *ln1_w[MAX_LAYERS], *ln1_b[MAX_LAYERS];
  double *W_Q[MAX_LAYERS], *W_K[MAX_LAYERS], *W_V[MAX_LAYERS], *W_O[MAX_LAYERS];
  double *b_Q[MAX_LAYERS], *b_K[MAX_LAYERS], *b_V[MAX_LAYERS], *b_O[MAX_LAYERS];
  double *ln2_w[MAX_LAYERS], *ln2_b[MAX_LAYERS];
  double *W_in[MAX_LAYERS], *b_in[MAX_LAYERS], *W_out[MAX_LAYERS], *b_out[MAX_LAYERS];
  double *lnf_w, *lnf_b, *W_U, *b_U;  /* final LayerNorm and read-out (interleaved) */
} param_view;

@ @<Transformer declarations@>=
size_t model_table(const model_config *c, tensor_info *table, size_t max);
void param_view_bind(const model_config *c, double *base, param_view *v);

@ The table is built by one function that both counts and fills; |add_tensor| appends a
tensor and advances the offset. |MODEL_MAX_TENSORS| bounds the table (at most 7 global tensors,
18 per layer).

@<Transformer types@>=
#define MODEL_MAX_TENSORS (8 + 18 * MAX_LAYERS)

@ @<Transformer functions@>=
static void add_tensor(tensor_info *table, size_t *count, size_t *offset, const char *name,
  size_t a, size_t b, size_t c, size_t ndim, init_kind init)
{
  tensor_info *t = &table[(*count)++];
  snprintf(t->name, sizeof t->name, "%s", name);
  t->shape[0] = a; t->shape[1] = b; t->shape[2] = c; t->ndim = ndim;
  t->size = a * (ndim > 1 ? b : 1) * (ndim > 2 ? c : 1);
  t->offset = *offset; t->init = init;
  *offset += t->size;
}

size_t model_table(const model_config *c, tensor_info *table, size_t max)
{
  (void) max;
  size_t count = 0, off = 0, C = model_width(c), dh = c->d_head, M = 4 * C;
  size_t T = model_tokens(c, c->n_max);
  char nm[48];
  if (c->format == FORMAT_INTERLEAVED) {
    add_tensor(table, &count, &off, "embed.W_E", c->d_x, C, 0, 2, INIT_FANIN);
    add_tensor(table, &count, &off, "embed.b_E", C, 0, 0, 1, INIT_FANIN);
  }
  if (c->format == FORMAT_TOKENS)
    add_tensor(table, &count, &off, "embed.W_E", c->vocab, C, 0, 2, INIT_NORMAL);
  if (c->pos_embed) add_tensor(table, &count, &off, "pos_embed.W_pos", T, C, 0, 2, INIT_NORMAL);
  for (size_t l = 0; l < c->n_layers; l++) {
    size_t H = c->heads[l];
#define T1(s, a, init) (snprintf(nm, sizeof nm, "blocks.%zu." s, l), \
      add_tensor(table, &count, &off, nm, a, 0, 0, 1, init))
#define T2(s, a, b) (snprintf(nm, sizeof nm, "blocks.%zu." s, l), \
      add_tensor(table, &count, &off, nm, a, b, 0, 2, INIT_NORMAL))
#define T2B(s, a, b) (snprintf(nm, sizeof nm, "blocks.%zu." s, l), \
      add_tensor(table, &count, &off, nm, a, b, 0, 2, INIT_ZERO))
#define T3(s, a, b, cc) (snprintf(nm, sizeof nm, "blocks.%zu." s, l), \
      add_tensor(table, &count, &off, nm, a, b, cc, 3, INIT_NORMAL))
    if (c->layernorm) { T1("ln1.w", C, INIT_ONE); T1("ln1.b", C, INIT_ZERO); }
    T3("attn.W_Q", H, C, dh); T3("attn.W_K", H, C, dh); T3("attn.W_V", H, C, dh);
    T3("attn.W_O", H, dh, C);
    if (c->attn_bias) {
      T2B("attn.b_Q", H, dh); T2B("attn.b_K", H, dh); T2B("attn.b_V", H, dh);
      T1("attn.b_O", C, INIT_ZERO);
    }
    if (c->mlp) {
      if (c->layernorm) { T1("ln2.w", C, INIT_ONE); T1("ln2.b", C, INIT_ZERO); }
      T2("mlp.W_in", C, M); T1("mlp.b_in", M, INIT_ZERO);
      T2("mlp.W_out", M, C); T1("mlp.b_out", C, INIT_ZERO);
    }
#undef T1
#undef T2
#undef T2B
#undef T3
  }
  if (c->format != FORMAT_STACKED && c->layernorm) {
    add_tensor(table, &count, &off, "ln_final.w", C, 0, 0, 1, INIT_ONE);
    add_tensor(table, &count, &off, "ln_final.b", C, 0, 0, 1, INIT_ZERO);
  }
  if (c->format == FORMAT_INTERLEAVED) {
    add_tensor(table, &count, &off, "unembed.W_U", C, 1, 0, 2, INIT_FANIN);
    add_tensor(table, &count, &off, "unembed.b_U", 1, 0, 0, 1, INIT_FANIN);
  }
  if (c->format == FORMAT_TOKENS) {
    add_tensor(table, &count, &off, "unembed.W_U", C, c->n_classes, 0, 2, INIT_FANIN);
    add_tensor(table, &count, &off, "unembed.b_U", c->n_classes, 0, 0, 1, INIT_ZERO);
  }
  return count;
}

@ Binding walks the table in the same order, so the pointers and the table can never disagree.

@<Transformer functions@>=
void param_view_bind(const model_config *c, double *base, param_view *v)
{
  tensor_info table[MODEL_MAX_TENSORS];
  size_t count = model_table(c, table, MODEL_MAX_TENSORS);
  memset(v, 0, sizeof *v);
  for (size_t i = 0; i < count; i++) {
    const char *nm = table[i].name;
    double *p = base + table[i].offset;
    size_t l = 0;
    char rest[48];
    if (sscanf(nm, "blocks.%zu.%47s", &l, rest) == 2) {
      if (!strcmp(rest, "ln1.w")) v->ln1_w[l] = p;
      else if (!strcmp(rest, "ln1.b")) v->ln1_b[l] = p;
      else if (!strcmp(rest, "attn.W_Q")) v->W_Q[l] = p;
      else if (!strcmp(rest, "attn.W_K")) v->W_K[l] = p;
      else if (!strcmp(rest, "attn.W_V")) v->W_V[l] = p;
      else if (!strcmp(rest, "attn.W_O")) v->W_O[l] = p;
      else if (!strcmp(rest, "attn.b_Q")) v->b_Q[l] = p;
      else if (!strcmp(rest, "attn.b_K")) v->b_K[l] = p;
      else if (!strcmp(rest, "attn.b_V")) v->b_V[l] = p;
      else if (!strcmp(rest, "attn.b_O")) v->b_O[l] = p;
      else if (!strcmp(rest, "ln2.w")) v->ln2_w[l] = p;
      else if (!strcmp(rest, "ln2.b")) v->ln2_b[l] = p;
      else if (!strcmp(rest, "mlp.W_in")) v->W_in[l] = p;
      else if (!strcmp(rest, "mlp.b_in")) v->b_in[l] = p;
      else if (!strcmp(rest, "mlp.W_out")) v->W_out[l] = p;
      else if (!strcmp(rest, "mlp.b_out")) v->b_out[l] = p;
    } else if (!strcmp(nm, "embed.W_E")) v->W_E = p;
    else if (!strcmp(nm, "embed.b_E")) v->b_E = p;
    else if (!strcmp(nm, "pos_embed.W_pos")) v->W_pos = p;
    else if (!strcmp(nm, "ln_final.w")) v->lnf_w = p;
    else if (!strcmp(nm, "ln_final.b")) v->lnf_b = p;
    else if (!strcmp(nm, "unembed.W_U")) v->W_U = p;
    else if (!strcmp(nm, "unembed.b_U")) v->b_U = p;
  }
}

@*1 The model and its activations.
A |model| owns the parameters and gradients (two blocks of |n_params| doubles), the head mask,
and the activations of the last forward pass for a batch of up to |B_max| prompts of up to
|n_max| points. The activations carry the TransformerLens names in the comments, and are what
later chapters read and \.{mhicl dump} writes. Shapes in comments are (batch, position, feature);
$H$ is the heads of the layer, $\bar H$ the most heads of any layer.

@<Transformer types@>=
typedef struct {
  double *resid_pre;  /* |hook_resid_pre| (B,T,C) */
  double *ln1, *ln1_mean, *ln1_rstd;  /* LN${}_1$ output (B,T,C), statistics (B,T) */
  double *q, *k, *v;  /* |hook_q|, |hook_k|, |hook_v| (B,T,$Hd_h$) */
  double *scores;  /* |hook_attn_scores| (B,H,T,T) */
  double *pattern;  /* |hook_pattern| (B,H,T,T) */
  double *z;  /* |hook_z| (B,T,$Hd_h$), before the head mask */
  double *attn_out;  /* |hook_attn_out| (B,T,C) */
  double *resid_mid;  /* |hook_resid_mid| (B,T,C) */
  double *ln2, *ln2_mean, *ln2_rstd;
  double *mlp_pre, *mlp_post;  /* |mlp.hook_pre|, |mlp.hook_post| (B,T,4C) */
  double *mlp_tanh;  /* $\tanh u$ of the GELU, kept for the backward pass (B,T,4C) */
} layer_acts;

typedef struct {
  model_config cfg;
  size_t n_params;
  double *params, *grads;
  int shared_params;  /* a replica: |params| belong to another model */
  param_view p, g;
  double head_mask[MAX_LAYERS][256];
  size_t B_max, T_max;
  size_t B, T, n;  /* shape of the last forward pass */
  layer_acts acts[MAX_LAYERS];
  double *resid_final;  /* |hook_resid_post| of the last layer (B,T,C) */
  double *lnf, *lnf_mean, *lnf_rstd;  /* final LayerNorm */
  double *pred;  /* prediction at every position (B,T,R) */
  double *d_resid, *d_tmp, *d_a, *d_q, *d_k, *d_v, *d_z, *d_p, *d_h4;  /* backward scratch */
  double *w_cat, *w_tmp;  /* a layer's weights of all heads side by side, $C\times\bar Hd_h$ */
  double *logits, *probs, *d_logits;  /* token format: (B,T,$V_{\rm out}$) */
  int query_only;  /* stacked format: the last layer may form the query's row alone */
  int reduced;  /* the last forward pass did */
  int blas;  /* which library kernels' order of addition that path reproduces */
  double *q_dout, *q_dq;  /* that path's $\partial{\rm out}$ (B,T,C) and $\partial Q$ (B,T,$Hd_h$) */
  size_t q_B, q_T;  /* the shape whose query rows they hold; zero elsewhere */
} model;

@ @<Transformer declarations@>=
model *model_alloc(const model_config *c, size_t B_max);
void model_free(model *m);
model *model_alloc_replica(model *master, size_t B_max);
void model_init(model *m, uint64_t seed, double std);
void model_zero_grads(model *m);

@ @<Transformer functions@>=
static int blas_family_of(const char *core);
model *model_alloc(const model_config *c, size_t B_max)
{
  model *m = xcalloc(1, sizeof *m);
  m->cfg = *c;
  if (c->format == FORMAT_STACKED) m->cfg.d_model = model_width(c);
  tensor_info table[MODEL_MAX_TENSORS];
  size_t count = model_table(&m->cfg, table, MODEL_MAX_TENSORS);
  m->n_params = table[count - 1].offset + table[count - 1].size;
  m->params = xcalloc(m->n_params, sizeof(double));
  m->grads = xcalloc(m->n_params, sizeof(double));
  param_view_bind(&m->cfg, m->params, &m->p);
  param_view_bind(&m->cfg, m->grads, &m->g);
  for (size_t l = 0; l < MAX_LAYERS; l++)
    for (size_t h = 0; h < 256; h++) m->head_mask[l][h] = 1.0;
  size_t C = model_width(c), T = model_tokens(c, c->n_max), BT = B_max * T, Hb = 1;
  for (size_t l = 0; l < c->n_layers; l++) Hb = c->heads[l] > Hb ? c->heads[l] : Hb;
  size_t HD = Hb * c->d_head, M = 4 * C;
  m->B_max = B_max; m->T_max = T;
  for (size_t l = 0; l < c->n_layers; l++) {
    layer_acts *a = &m->acts[l];
    size_t HDl = c->heads[l] * c->d_head;
    a->resid_pre = xcalloc(BT * C, sizeof(double));
    a->ln1 = xcalloc(BT * C, sizeof(double));
    a->ln1_mean = xcalloc(BT, sizeof(double)); a->ln1_rstd = xcalloc(BT, sizeof(double));
    a->q = xcalloc(BT * HDl, sizeof(double)); a->k = xcalloc(BT * HDl, sizeof(double));
    a->v = xcalloc(BT * HDl, sizeof(double)); a->z = xcalloc(BT * HDl, sizeof(double));
    a->scores = xcalloc(B_max * c->heads[l] * T * T, sizeof(double));
    a->pattern = xcalloc(B_max * c->heads[l] * T * T, sizeof(double));
    a->attn_out = xcalloc(BT * C, sizeof(double));
    a->resid_mid = xcalloc(BT * C, sizeof(double));
    a->ln2 = xcalloc(BT * C, sizeof(double));
    a->ln2_mean = xcalloc(BT, sizeof(double)); a->ln2_rstd = xcalloc(BT, sizeof(double));
    a->mlp_pre = xcalloc(c->mlp ? BT * M : 1, sizeof(double));
    a->mlp_post = xcalloc(c->mlp ? BT * M : 1, sizeof(double));
    a->mlp_tanh = xcalloc(c->mlp ? BT * M : 1, sizeof(double));
  }
  m->resid_final = xcalloc(BT * C, sizeof(double));
  m->lnf = xcalloc(BT * C, sizeof(double));
  m->lnf_mean = xcalloc(BT, sizeof(double)); m->lnf_rstd = xcalloc(BT, sizeof(double));
  m->pred = xcalloc(BT * model_outputs(c), sizeof(double));
  m->d_resid = xcalloc(BT * C, sizeof(double)); m->d_tmp = xcalloc(BT * C, sizeof(double));
  m->d_a = xcalloc(BT * C, sizeof(double));
  m->d_q = xcalloc(BT * HD, sizeof(double)); m->d_k = xcalloc(BT * HD, sizeof(double));
  m->d_v = xcalloc(BT * HD, sizeof(double)); m->d_z = xcalloc(BT * HD, sizeof(double));
  m->d_p = xcalloc(T * T, sizeof(double));
  m->d_h4 = xcalloc(c->mlp ? BT * M : 1, sizeof(double));
  m->w_cat = xcalloc(C * HD, sizeof(double)); m->w_tmp = xcalloc(C * HD, sizeof(double));
  size_t NC = c->format == FORMAT_TOKENS ? BT * c->n_classes : 1;
  m->logits = xcalloc(NC, sizeof(double)); m->probs = xcalloc(NC, sizeof(double));
  m->d_logits = xcalloc(NC, sizeof(double));
  m->blas = blas_family_of(mhicl_blas_core());
  m->q_dout = xcalloc(BT * C, sizeof(double));
  m->q_dq = xcalloc(BT * HD, sizeof(double));
  return m;
}

void model_free(model *m)
{
  if (m == NULL) return;
  for (size_t l = 0; l < m->cfg.n_layers; l++) {
    layer_acts *a = &m->acts[l];
    free(a->resid_pre); free(a->ln1); free(a->ln1_mean); free(a->ln1_rstd);
    free(a->q); free(a->k); free(a->v); free(a->z); free(a->scores); free(a->pattern);
    free(a->attn_out); free(a->resid_mid); free(a->ln2); free(a->ln2_mean); free(a->ln2_rstd);
    free(a->mlp_pre); free(a->mlp_post); free(a->mlp_tanh);
  }
  free(m->resid_final); free(m->lnf); free(m->lnf_mean); free(m->lnf_rstd); free(m->pred);
  free(m->d_resid); free(m->d_tmp); free(m->d_a); free(m->d_q); free(m->d_k); free(m->d_v);
  free(m->d_z); free(m->d_p); free(m->d_h4); free(m->w_cat); free(m->w_tmp);
  free(m->logits); free(m->probs); free(m->d_logits); free(m->q_dout); free(m->q_dq);
  if (!m->shared_params) free(m->params);
  free(m->grads); free(m);
}

@ A {\it replica} has its own gradients and activations but reads the parameters of its master;
threads that split a batch each run one.

@<Transformer functions@>=
model *model_alloc_replica(model *master, size_t B_max)
{
  model *r = model_alloc(&master->cfg, B_max);
  free(r->params);
  r->params = master->params;
  r->shared_params = 1;
  param_view_bind(&r->cfg, r->params, &r->p);
  memcpy(r->head_mask, master->head_mask, sizeof r->head_mask);
  return r;
}

@ Initialization: weights $N(0,{\rm std}^2)$ (GPT-2 uses ${\rm std}=0.02$), biases zero,
LayerNorm gains one; drawn from the model's own random stream, tensor by tensor in table order.
The read-in and read-out are initialized as PyTorch initializes a linear layer (and as Garg et
al.'s models therefore are), uniformly on $\pm1/\sqrt{\rm fan\_in}$ for weights and biases
alike. As in GPT-2, the two projections that write into the residual stream, $W_O$ and
$W_{\rm out}$, start with standard deviation ${\rm std}/\sqrt{2L}$, so that the stream's
variance at initialization does not grow with depth. With a read-in of standard deviation 0.02 instead, the token's part of the embedding is
smaller than the positional part by a factor of about ten, and the tiny model sat at the
zero-predictor plateau for at least 2000 steps in our runs.

With |init_torch| on, every weight that would be drawn from $N(0,{\rm std}^2)$ is instead drawn
as PyTorch's \.{nn.Linear} draws it, uniformly on $\pm1/\sqrt{\rm fan\_in}$, where fan\_in is
the input width of the linear layer the tensor belongs to: $C$ for $W_Q,W_K,W_V$ (one
$C\times Hd_h$ projection) and for $W_{\rm in}$, $Hd_h$ for $W_O$, $4C$ for $W_{\rm out}$; learned
positions keep the normal draw. This is He et al.'s initialization ($\pm1/\sqrt{d+1}$ for the
projections and $\pm1/\sqrt{H(d+1)}$ for the output).

@<Transformer functions@>=
static int is_residual_output(const tensor_info *t)
{  /* the projections that write into the residual stream */
  size_t len = strlen(t->name);
  return (len > 8 && strcmp(t->name + len - 8, "attn.W_O") == 0)
    || (len > 9 && strcmp(t->name + len - 9, "mlp.W_out") == 0);
}

static size_t torch_fan_in(const tensor_info *t)
{  /* $[H,C,d_h]$: $C$; $W_O$ $[H,d_h,C]$: $Hd_h$; a matrix $[a,b]$: $a$ */
  if (t->ndim == 3) return is_residual_output(t) ? t->shape[0] * t->shape[1] : t->shape[1];
  return t->shape[0];
}

static size_t fan_in(const model_config *c, const tensor_info *t)
{  /* the inputs of the linear layer a tensor belongs to (read-in: $d$; read-out: $C$) */
  return strncmp(t->name, "embed.", 6) == 0 ? c->d_x : c->d_model;
}


void model_init(model *m, uint64_t seed, double std)
{
  tensor_info table[MODEL_MAX_TENSORS];
  size_t count = model_table(&m->cfg, table, MODEL_MAX_TENSORS);
  gsl_rng *rng = mhicl_rng_alloc();
  for (size_t i = 0; i < count; i++) {
    mhicl_rng_seek(rng, seed, STREAM_INIT, i);
    double *p = m->params + table[i].offset;
    double bound = 1.0 / sqrt((double) fan_in(&m->cfg, &table[i]));
    double sd = is_residual_output(&table[i]) ? std / sqrt(2.0 * (double) m->cfg.n_layers) : std;
    init_kind kind = table[i].init;
    if (m->cfg.init_torch && kind == INIT_NORMAL && strstr(table[i].name, "W_pos") == NULL) {
      kind = INIT_FANIN;
      bound = 1.0 / sqrt((double) torch_fan_in(&table[i]));
    }
    for (size_t j = 0; j < table[i].size; j++)
      p[j] = kind == INIT_ONE ? 1.0
        : kind == INIT_ZERO ? 0.0
        : kind == INIT_FANIN ? bound * (2.0 * gsl_rng_uniform(rng) - 1.0)
        : sd * gsl_ran_gaussian_ziggurat(rng, 1.0);
  }
  gsl_rng_free(rng);
}

void model_zero_grads(model *m)
{
  memset(m->grads, 0, m->n_params * sizeof(double));
}

@*1 Matrix products.
All the dense algebra is one helper around |gsl_blas_dgemm| on views of row-major arrays with a
leading dimension, $C\gets\alpha\,{\rm op}(A)\,{\rm op}(B)+\beta C$. Views with a leading
dimension let a head's block of the $(B T, H d_h)$ arrays be used without copying.

@<Transformer functions@>=
static void mm(int ta, int tb, double alpha, const double *A, size_t ar, size_t ac, size_t lda,
  const double *Bm, size_t br, size_t bc, size_t ldb, double beta, double *Cm, size_t ldc)
{
  gsl_matrix_const_view Av = gsl_matrix_const_view_array_with_tda(A, ar, ac, lda);
  gsl_matrix_const_view Bv = gsl_matrix_const_view_array_with_tda(Bm, br, bc, ldb);
  size_t cr = ta ? ac : ar, cc = tb ? br : bc;
  gsl_matrix_view Cv = gsl_matrix_view_array_with_tda(Cm, cr, cc, ldc);
  gsl_blas_dgemm(ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, alpha,
    &Av.matrix, &Bv.matrix, beta, &Cv.matrix);
}

@*1 LayerNorm, forward and backward.
@^LayerNorm@>
For one row $h\in\Reals^C$ with mean $\mu$ and $r=1/\sqrt{\sigma^2+\epsilon}$, $\hat h=(h-\mu)r$ and
the output is $\gamma\odot\hat h+\beta$. Backward, with $g=\gamma\odot\partial$out,
$$\partial h=r\Bigl(g-\bar g-\hat h\,\overline{g\odot\hat h}\Bigr),$$
bars meaning means over the row; $\partial\gamma\mathrel{+}=\hat h\odot\partial{\rm out}$ and
$\partial\beta\mathrel{+}=\partial{\rm out}$. Backward functions {\it add} into their gradients.

Each row's sums are a chain of dependent additions, one per feature, so a row at a time the
processor waits on every addition. The loops below take |LN_ROWS| rows at once, feature by feature:
the rows' chains are independent and overlap, while each row's sums are formed in the same order
as one row at a time would form them, so the bits are the same. (The gradients $\partial\gamma$
and $\partial\beta$ still gain the rows in order, within a group and from group to group.)

@<Transformer functions@>=
#define LN_EPS 1e-5
#define LN_ROWS 8
static void layernorm_forward(double *out, double *mean, double *rstd, const double *in,
  const double *w, const double *b, size_t N, size_t C)
{
  for (size_t i0 = 0; i0 < N; i0 += LN_ROWS) {
    size_t R = N - i0 < LN_ROWS ? N - i0 : LN_ROWS;
    const double *x = in + i0 * C;
    double mu[LN_ROWS] = { 0.0 }, var[LN_ROWS] = { 0.0 };
    for (size_t c = 0; c < C; c++)
      for (size_t r = 0; r < R; r++) mu[r] += x[r * C + c];
    for (size_t r = 0; r < R; r++) mu[r] /= (double) C;
    for (size_t c = 0; c < C; c++)
      for (size_t r = 0; r < R; r++) var[r] += (x[r * C + c] - mu[r]) * (x[r * C + c] - mu[r]);
    for (size_t r = 0; r < R; r++) {
      double rs = 1.0 / sqrt(var[r] / (double) C + LN_EPS);
      double *o = out + (i0 + r) * C;
      for (size_t c = 0; c < C; c++) o[c] = (x[r * C + c] - mu[r]) * rs * w[c] + b[c];
      mean[i0 + r] = mu[r]; rstd[i0 + r] = rs;
    }
  }
}

static void layernorm_backward(double *din, double *dw, double *db, const double *dout,
  const double *in, const double *w, const double *mean, const double *rstd, size_t N, size_t C)
{
  for (size_t i0 = 0; i0 < N; i0 += LN_ROWS) {
    size_t R = N - i0 < LN_ROWS ? N - i0 : LN_ROWS;
    const double *x = in + i0 * C, *d = dout + i0 * C;
    double gm[LN_ROWS] = { 0.0 }, ghm[LN_ROWS] = { 0.0 };
    for (size_t c = 0; c < C; c++)
      for (size_t r = 0; r < R; r++) {
        double xh = (x[r * C + c] - mean[i0 + r]) * rstd[i0 + r], g = w[c] * d[r * C + c];
        gm[r] += g; ghm[r] += g * xh;
      }
    for (size_t r = 0; r < R; r++) { gm[r] /= (double) C; ghm[r] /= (double) C; }
    for (size_t r = 0; r < R; r++) {
      const double *xr = x + r * C, *dr = d + r * C;
      double mu = mean[i0 + r], rs = rstd[i0 + r];
      double *di = din + (i0 + r) * C;
      for (size_t c = 0; c < C; c++) {
        double xh = (xr[c] - mu) * rs, g = w[c] * dr[c];
        di[c] += rs * (g - gm[r] - xh * ghm[r]);
        dw[c] += xh * dr[c];
        db[c] += dr[c];
      }
    }
  }
}

@*1 Attention, forward and backward.
@^softmax@>
@^masking, causal@>
@^attention@>
For one prompt $b$ and head $k$ the scores are $S=QK\tp$ ($T\times T$, of which row $t$ uses
columns $j<K_t$), then the pattern $P$, then $Z=PV$. Backward, from $\partial Z$:
$\partial P=\partial Z\,V\tp$, $\partial V=P\tp\partial Z$, and through the pattern to
$\partial S$: for softmax $\partial S_{tj}=P_{tj}(\partial P_{tj}-\sum_i P_{ti}\partial
P_{ti})/\sqrt{d_h}$; for linear attention $\partial S=\partial P/K_t$; for ReLU the same where
$S_{tj}>0$ and zero elsewhere. Finally $\partial Q=\partial S\,K$ and $\partial K=\partial S\tp Q$.
Entries with $j\ge K_t$ are kept at zero in $P$ and $\partial S$, so full $T\times T$ products are
exact. The softmax rows are short (row $t$ of the interleaved format has $t+1$ entries), and the
array exponential costs about half again as much per value on short rows as on long arrays; so
|pattern_forward| first gathers the shifted scores of all rows of a prompt and head into one
array (the backward pass's $T\times T$ scratch |d_p|, free during the forward pass), takes their
exponential in one call, and then forms each row's sum and quotients from it, in the same order as
row by row. The row maximum is taken in eight lanes; a maximum is exact in any order.

@<Transformer functions@>=
static size_t keys_of(const model_config *c, size_t t, size_t T)
{
  return c->format == FORMAT_STACKED ? T - 1 : t + 1;
}

static double row_max_scaled(const double *s, size_t K, double scale)
{
  double lane[8], mx;  /* the maximum in eight lanes: exact in any order */
  for (size_t r = 0; r < 8; r++) lane[r] = -INFINITY;
  size_t j8 = K - K % 8;
  for (size_t j = 0; j < j8; j += 8)
    for (size_t r = 0; r < 8; r++) if (s[j + r] * scale > lane[r]) lane[r] = s[j + r] * scale;
  for (size_t j = j8; j < K; j++) if (s[j] * scale > lane[0]) lane[0] = s[j] * scale;
  mx = lane[0];
  for (size_t r = 1; r < 8; r++) if (lane[r] > mx) mx = lane[r];
  return mx;
}

static void pattern_forward(const model_config *c, attn_kind kind, double *P, const double *S,
  size_t T, size_t dh, double *scratch, size_t t0)
{  /* rows $t_0,\ldots,T-1$ */
  double scale = 1.0 / sqrt((double) dh);
  if (kind == ATTN_SOFTMAX) {
    size_t n = 0;
    for (size_t t = t0; t < T; t++) {
      size_t K = keys_of(c, t, T);
      const double *s = S + t * T;
      double mx = row_max_scaled(s, K, scale);
      for (size_t j = 0; j < K; j++) scratch[n + j] = s[j] * scale - mx;
      n += K;
    }
    mhicl_exp_array(scratch, n);
    n = 0;
    for (size_t t = t0; t < T; t++) {
      size_t K = keys_of(c, t, T);
      double *p = P + t * T, sum = 0.0;
      for (size_t j = 0; j < K; j++) sum += scratch[n + j];
      for (size_t j = 0; j < K; j++) p[j] = scratch[n + j] / sum;
      for (size_t j = K; j < T; j++) p[j] = 0.0;
      n += K;
    }
    return;
  }
  for (size_t t = t0; t < T; t++) {
    size_t K = keys_of(c, t, T);
    const double *s = S + t * T;
    double *p = P + t * T;
    for (size_t j = 0; j < K; j++)
      p[j] = kind == ATTN_LINEAR_FIXED ? s[j] / (double) c->n_fixed
        : (kind == ATTN_LINEAR ? s[j] : fmax(s[j], 0.0)) / (double) K;
    for (size_t j = K; j < T; j++) p[j] = 0.0;
  }
}

static void pattern_backward(const model_config *c, attn_kind kind, double *dS, const double *dP,
  const double *P, const double *S, size_t T, size_t dh, size_t t0)
{  /* rows $t_0,\ldots,T-1$ */
  double scale = 1.0 / sqrt((double) dh);
  for (size_t t = t0; t < T; t++) {
    size_t K = keys_of(c, t, T);
    const double *dp = dP + t * T, *p = P + t * T, *s = S + t * T;
    double *ds = dS + t * T;
    if (kind == ATTN_SOFTMAX) {
      double dot = 0.0;
      for (size_t j = 0; j < K; j++) dot += p[j] * dp[j];
      for (size_t j = 0; j < K; j++) ds[j] = p[j] * (dp[j] - dot) * scale;
    } else if (kind == ATTN_LINEAR_FIXED) {
      for (size_t j = 0; j < K; j++) ds[j] = dp[j] / (double) c->n_fixed;
    } else {
      for (size_t j = 0; j < K; j++)
        ds[j] = (kind == ATTN_LINEAR || s[j] > 0.0) ? dp[j] / (double) K : 0.0;
    }
    for (size_t j = K; j < T; j++) ds[j] = 0.0;
  }
}

@ The attention sub-layer on the batch. The parameter table stores $W_Q$ head by head,
$[H][C][d_h]$; |heads_gather| lays a layer's heads side by side as one $C\times Hd_h$ matrix, so
that each projection is a single product over all $BT$ rows and all heads (one product per head
packed the activations $H$ times, a third of the training time of the sparse-regression model).
$W_O$, stored $[H][d_h][C]$, is already one $Hd_h\times C$ matrix; |masked_out_weights| copies it
with head $k$'s rows multiplied by its mask $m_k$. Scores, pattern and $Z$ are per prompt and
head.

@<Transformer functions@>=
static void heads_gather(const double *W, size_t H, size_t C, size_t dh, double *out)
{
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      memcpy(out + c * H * dh + h * dh, W + (h * C + c) * dh, dh * sizeof(double));
}

static void heads_scatter_add(const double *in, size_t H, size_t C, size_t dh, double *W)
{
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      for (size_t e = 0; e < dh; e++) W[(h * C + c) * dh + e] += in[c * H * dh + h * dh + e];
}

static void masked_out_weights(const model *m, size_t l, double *out)
{
  size_t C = m->cfg.d_model, dh = m->cfg.d_head;
  for (size_t h = 0; h < m->cfg.heads[l]; h++)
    for (size_t i = h * dh * C; i < (h + 1) * dh * C; i++)
      out[i] = m->head_mask[l][h] * m->p.W_O[l][i];
}

static void attention_forward(model *m, size_t l, const double *a, double *out)
{
  const model_config *c = &m->cfg;
  layer_acts *A = &m->acts[l];
  size_t B = m->B, T = m->T, C = c->d_model, H = c->heads[l], dh = c->d_head, HD = H * dh;
  size_t BT = B * T;
  double beta0 = c->attn_bias ? 1.0 : 0.0;
  if (c->attn_bias)
    for (size_t i = 0; i < BT; i++) {
      memcpy(A->q + i * HD, m->p.b_Q[l], HD * sizeof(double));
      memcpy(A->k + i * HD, m->p.b_K[l], HD * sizeof(double));
      memcpy(A->v + i * HD, m->p.b_V[l], HD * sizeof(double));
    }
  const double *W[3] = { m->p.W_Q[l], m->p.W_K[l], m->p.W_V[l] };
  double *dst[3] = { A->q, A->k, A->v };
  for (int p = 0; p < 3; p++) {
    heads_gather(W[p], H, C, dh, m->w_cat);
    mm(0, 0, 1.0, a, BT, C, C, m->w_cat, C, HD, HD, beta0, dst[p], HD);
  }
  for (size_t b = 0; b < B; b++)
    for (size_t h = 0; h < H; h++) {
      size_t row = b * T * HD + h * dh;
      double *S = A->scores + (b * H + h) * T * T, *P = A->pattern + (b * H + h) * T * T;
      mm(0, 1, 1.0, A->q + row, T, dh, HD, A->k + row, T, dh, HD, 0.0, S, T);
      pattern_forward(c, c->attn[l], P, S, T, dh, m->d_p, 0);
      mm(0, 0, 1.0, P, T, T, T, A->v + row, T, dh, HD, 0.0, A->z + row, HD);
    }
  for (size_t i = 0; i < BT; i++)
    if (c->attn_bias) memcpy(out + i * C, m->p.b_O[l], C * sizeof(double));
    else memset(out + i * C, 0, C * sizeof(double));
  masked_out_weights(m, l, m->w_cat);
  mm(0, 0, 1.0, A->z, BT, HD, HD, m->w_cat, HD, C, C, 1.0, out, C);
}

@ Backward of the sub-layer, from $\partial{\rm out}$ to $\partial a$ (added to |da|). With
$\tilde W_O$ the masked output weights, $\partial Z=\partial{\rm out}\,\tilde W_O\tp$, and head
$k$'s block of $\partial W_O$ gains $m_k$ times its block of $Z\tp\partial{\rm out}$.

@<Transformer functions@>=
static void projections_backward(model *m, size_t l, const double *a, const double *d_q,
  double *da)
{  /* from $\partial Q$, $\partial K$, $\partial V$ to the projections' gradients and to $\partial a$
     (not formed when |da| is |NULL|) */
  const model_config *c = &m->cfg;
  size_t BT = m->B * m->T, C = c->d_model, H = c->heads[l], dh = c->d_head, HD = H * dh;
  if (c->attn_bias)
    for (size_t i = 0; i < BT; i++)
      for (size_t j = 0; j < HD; j++) {
        m->g.b_Q[l][j] += d_q[i * HD + j];
        m->g.b_K[l][j] += m->d_k[i * HD + j];
        m->g.b_V[l][j] += m->d_v[i * HD + j];
      }
  const double *W[3] = { m->p.W_Q[l], m->p.W_K[l], m->p.W_V[l] };
  double *gW[3] = { m->g.W_Q[l], m->g.W_K[l], m->g.W_V[l] };
  const double *dsrc[3] = { d_q, m->d_k, m->d_v };
  for (int p = 0; p < 3; p++) {
    mm(1, 0, 1.0, a, BT, C, C, dsrc[p], BT, HD, HD, 0.0, m->w_tmp, HD);
    heads_scatter_add(m->w_tmp, H, C, dh, gW[p]);
    if (da == NULL) continue;
    heads_gather(W[p], H, C, dh, m->w_cat);
    mm(0, 1, 1.0, dsrc[p], BT, HD, HD, m->w_cat, C, HD, HD, 1.0, da, C);
  }
}

static void attention_backward(model *m, size_t l, const double *a, const double *dout,
  double *da)
{
  const model_config *c = &m->cfg;
  layer_acts *A = &m->acts[l];
  size_t B = m->B, T = m->T, C = c->d_model, H = c->heads[l], dh = c->d_head, HD = H * dh;
  size_t BT = B * T;
  if (c->attn_bias)
    for (size_t i = 0; i < BT; i++)
      for (size_t j = 0; j < C; j++) m->g.b_O[l][j] += dout[i * C + j];
  masked_out_weights(m, l, m->w_cat);
  mm(0, 1, 1.0, dout, BT, C, C, m->w_cat, HD, C, C, 0.0, m->d_z, HD);
  mm(1, 0, 1.0, A->z, BT, HD, HD, dout, BT, C, C, 0.0, m->w_tmp, C);
  for (size_t h = 0; h < H; h++)
    for (size_t i = h * dh * C; i < (h + 1) * dh * C; i++)
      m->g.W_O[l][i] += m->head_mask[l][h] * m->w_tmp[i];
  for (size_t b = 0; b < B; b++)
    for (size_t h = 0; h < H; h++) {
      size_t row = b * T * HD + h * dh;
      const double *S = A->scores + (b * H + h) * T * T, *P = A->pattern + (b * H + h) * T * T;
      mm(0, 1, 1.0, m->d_z + row, T, dh, HD, A->v + row, T, dh, HD, 0.0, m->d_p, T);
      mm(1, 0, 1.0, P, T, T, T, m->d_z + row, T, dh, HD, 0.0, m->d_v + row, HD);
      pattern_backward(c, c->attn[l], m->d_p, m->d_p, P, S, T, dh, 0);  /* in place: $\partial S$ */
      mm(0, 0, 1.0, m->d_p, T, T, T, A->k + row, T, dh, HD, 0.0, m->d_q + row, HD);
      mm(1, 0, 1.0, m->d_p, T, T, T, A->q + row, T, dh, HD, 0.0, m->d_k + row, HD);
    }
  projections_backward(m, l, a, m->d_q, da);
}

@ |pattern_backward| is called in place ($\partial P$ and $\partial S$ share |d_p|): each row
reads its $\partial P$ entries before writing $\partial S$ into the same places, and the softmax
row's dot product is formed before any entry is overwritten, so this is safe.

@*1 The query's row alone.
@^query row, reduced pass@>
@^determinism@>
In the stacked format with the loss at the query only, the loss reads one row of the last layer:
$\hat y=-h_{T-1}[d]$. Rows $t<T-1$ of that layer's output are never read, and nothing flows back
through them: their $\partial{\rm out}_t$ is zero. So the last layer's forward pass needs, per
prompt and head, the keys and values of every position but only the query's row of scores,
pattern and $Z$:
$$s_j=q_{T-1}\cdot k_j,\qquad p=\hbox{pattern}(s),\qquad z_{T-1}=\sum_jp_jv_j,\qquad
{\rm out}_{T-1}=\sum_km_kz^{(k)}_{T-1}W_O^{(k)};$$
and its backward pass, with $g=\partial z_{T-1}$ the only nonzero row of $\partial Z$,
$$\partial p_j=g\cdot v_j,\quad \partial v_j=p_j\,g,\quad \partial s=\hbox{pattern}'(\partial p),
\quad \partial q_{T-1}=\sum_j\partial s_j\,k_j,\quad \partial k_j=\partial s_j\,q_{T-1},$$
all other rows of $\partial Q$ being zero. That is $O(T)$ work per prompt and head instead of
$O(T^2)$: for He et al.'s model at $L=40$ the products per head shrink by a factor of 41, and the
exponentials with them.

The reduced pass must give the same bits as the full one, or a training run would depend on a
switch that is only about speed. Three kinds of entries occur. (i) A sum in which all terms but
one are exactly zero, $\partial v_j$ and $\partial k_j$ (and $\partial Z$'s row, whose
$\partial{\rm out}$ has one nonzero entry): in any order of addition it is the rounded product
of that term, so the reduced pass forms the product. (ii) Sums over the rows of the batch, the
gradients $\partial W=a\tp\partial(\cdot)$: the reduced pass hands the library the same arrays,
with the rows it does not form kept at zero (a term $x\cdot0$ adds nothing, whatever the order),
so the library adds exactly as before. (iii) Dot products of a single row, $s_j$,
$z_{T-1}$, $\partial p_j$, $\partial q_{T-1}$ and the query rows of $Q$ and of the output: these
the full pass takes from \.{dgemm}, whose order of addition depends on the library's kernels and
on where the entry falls in the product. |blas_order| gives that order for the two kernel families
OpenBLAS~0.3.21 runs on our machines, read from their sources and checked entry by entry:
\item{$\bullet$} {\it Prescott} (the generic SSE3 kernel, blocks of $4\times4$ in the
column-major product the row-major call becomes): an entry in a full block of four rows adds its
terms in order. In the edge rows the kernel keeps two or four partial sums for the first
$8\lfloor K/8\rfloor$ terms (term $k$ going to sum $k\bmod2$ or $k\bmod4$), adds the other terms
to the first, and combines them as $s_0+s_1$, $(s_0+s_1)+(s_2+s_3)$ or $(s_0+s_2)+(s_1+s_3)$,
by which edge of rows and of columns the entry lies in. Beyond $K=128$ the library splits the sum
in blocks, which we do not reproduce.
\item{$\bullet$} {\it Skylake-X} (also run for {\it Cooperlake}): one fused multiply-add after
the other, $s\gets{\rm fma}(a_k,b_k,s)$, in the small-matrix kernels the library takes while
$MNK\le10^6$ and in its general kernel beyond, up to $K=128$. Within the small kernels' range
|blas_order| declines two cases, a transposed product of $K\ge32$ and a product whose last one to
four columns (past a multiple of eight) meet $K\ge16$: those kernels sum in eight lanes.

\noindent Where |blas_order| declines (another kernel family, a shape above), the model takes the
full pass: the reduced one is never less exact, only sometimes unavailable. The BLAS must run on
one thread, as the program and the tests set it (a threaded product cuts the rows differently).

@<Transformer functions@>=
typedef enum { DOT_NONE, DOT_SEQ, DOT_FMA, DOT_PAIRS, DOT_QUADS_NEAR, DOT_QUADS_FAR } dot_order;
typedef enum { BLAS_OTHER, BLAS_PRESCOTT, BLAS_SKYLAKEX } blas_family;

static int blas_family_of(const char *core)
{
  if (core == NULL) return BLAS_OTHER;
  if (strcmp(core, "Prescott") == 0) return BLAS_PRESCOTT;
  if (strcmp(core, "SkylakeX") == 0 || strcmp(core, "Cooperlake") == 0) return BLAS_SKYLAKEX;
  return BLAS_OTHER;
}

static size_t edge_block(size_t i, size_t n)
{  /* the block of four, two or one that index |i| of |n| falls in */
  size_t full = n & ~(size_t) 3;
  return i < full ? 4 : ((n & 2) && i < full + 2) ? 2 : 1;
}

static dot_order blas_order(int family, int trans_b, size_t R, size_t r, size_t Cn, size_t c,
  size_t K)
{  /* entry $(r,c)$ of the row-major $R\times C_n$ product |mm(0, trans_b, ...)| with inner size $K$ */
  if (family == BLAS_PRESCOTT) {
    if (K > 128) return DOT_NONE;
    size_t nb = edge_block(r, R), mb = edge_block(c, Cn);
    if (nb == 4 || (nb == 2 && mb == 4)) return DOT_SEQ;
    if ((nb == 2 && mb == 2) || (nb == 1 && mb == 4)) return DOT_PAIRS;
    return nb == 1 && mb == 1 ? DOT_QUADS_FAR : DOT_QUADS_NEAR;
  }
  if (family == BLAS_SKYLAKEX) {
    double mnk = (double) R * (double) Cn * (double) K;
    if (K > 128) return DOT_NONE;
    if (mnk > 1e6) return DOT_FMA;
    if (trans_b) return K < 32 ? DOT_FMA : DOT_NONE;
    size_t rest = Cn % 8;
    return (rest == 0 || rest > 4 || K < 16) ? DOT_FMA : DOT_NONE;
  }
  return DOT_NONE;
}

@ |blas_dot| adds $\sum_ka_kb_k$ (strides |sa|, |sb|) in the order |blas_order| named, and
|row_product| forms row $r$ of an $R\times n$ product, $y_c={\rm init}_c+\sum_kx_k\,{\rm
op}(Y)_{kc}$, entry by entry in those orders. With the Skylake-X kernels every entry is one fused
chain, and |fma_row| runs the chains of a row side by side (entry $c$'s chain still adds its terms
in the order $k=0,1,\ldots$; the vector instructions only run several chains at once, which is
what the library's kernels do too). The fused code is compiled for the processor's FMA instruction
where GCC compiles for x86-64 (the order is only taken on processors that have it); elsewhere |fma| is
the C library's, which rounds the same way, only slower. The plain sums must not be contracted
into fused ones; in ISO C mode, as we compile, GCC does not.

@<Transformer functions@>=
#if defined(__x86_64__) && defined(__GNUC__)
#define MHICL_FMA_TARGET __attribute__((target("fma")))
#else
#define MHICL_FMA_TARGET
#endif
MHICL_FMA_TARGET static double fma_chain(const double *a, size_t sa, const double *b, size_t sb,
  size_t K)
{
  double s = 0.0;
  for (size_t k = 0; k < K; k++) s = fma(a[k * sa], b[k * sb], s);
  return s;
}

#define FMA_BLOCK 4
MHICL_FMA_TARGET static inline void fma_block(size_t w, int trans_b, const double *x,
  const double *Y, size_t ld, size_t K, double *acc)
{  /* entries $0,\ldots,w-1$ ($w\le4$) of the row, their chains in registers side by side */
  double s[FMA_BLOCK] = { 0.0, 0.0, 0.0, 0.0 };
  for (size_t k = 0; k < K; k++)
    for (size_t i = 0; i < w; i++)
      s[i] = fma(x[k], trans_b ? Y[i * ld + k] : Y[k * ld + i], s[i]);
  for (size_t i = 0; i < w; i++) acc[i] = s[i];
}

MHICL_FMA_TARGET static void fma_row(int trans_b, const double *x, const double *Y, size_t ld,
  size_t n, size_t K, double *acc)
{  /* |acc|$_c=\sum_kx_k\,{\rm op}(Y)_{kc}$, each a fused chain in $k$ */
  size_t c = 0;
  for (; c + 4 <= n; c += 4)
    fma_block(4, trans_b, x, trans_b ? Y + c * ld : Y + c, ld, K, acc + c);
  if (n - c >= 2) { fma_block(2, trans_b, x, trans_b ? Y + c * ld : Y + c, ld, K, acc + c); c += 2; }
  if (c < n) fma_block(1, trans_b, x, trans_b ? Y + c * ld : Y + c, ld, K, acc + c);
}

static double blas_dot(dot_order o, const double *a, size_t sa, const double *b, size_t sb,
  size_t K)
{
  if (o == DOT_FMA) return fma_chain(a, sa, b, sb, K);
  double s[4] = { 0.0, 0.0, 0.0, 0.0 };
  size_t lanes = o == DOT_SEQ ? 1 : o == DOT_PAIRS ? 2 : 4;
  size_t k8 = o == DOT_SEQ ? 0 : K & ~(size_t) 7, k;
  for (k = 0; k < k8; k++) s[k % lanes] += a[k * sa] * b[k * sb];
  for (; k < K; k++) s[0] += a[k * sa] * b[k * sb];
  return o == DOT_SEQ ? s[0] : o == DOT_PAIRS ? s[0] + s[1]
    : o == DOT_QUADS_NEAR ? (s[0] + s[1]) + (s[2] + s[3]) : (s[0] + s[2]) + (s[1] + s[3]);
}

static void row_product(int family, int trans_b, size_t R, size_t r, const double *x,
  const double *Y, size_t ld, size_t n, size_t K, const double *init, double *out)
{  /* |Y| is $K\times n$ (or, with |trans_b|, $n\times K$) with leading dimension |ld| */
  if (family == BLAS_SKYLAKEX && blas_order(family, trans_b, R, r, n, 0, K) == DOT_FMA) {
    fma_row(trans_b, x, Y, ld, n, K, out);
    for (size_t c = 0; c < n; c++) out[c] = (init ? init[c] : 0.0) + out[c];
    return;
  }
  for (size_t c = 0; c < n; c++)
    out[c] = (init ? init[c] : 0.0) + blas_dot(blas_order(family, trans_b, R, r, n, c, K), x, 1,
      trans_b ? Y + c * ld : Y + c, trans_b ? 1 : ld, K);
}

@ |blas_row_product| is |row_product| for the kernels loaded now, without a model, for the test
that holds it against the library: it returns 0, and computes nothing, where |blas_order|
declines the shape.

@<Transformer declarations@>=
int blas_row_product(int trans_b, size_t R, size_t r, const double *x, const double *Y, size_t ld,
  size_t n, size_t K, double *out);

@ @<Transformer functions@>=
int blas_row_product(int trans_b, size_t R, size_t r, const double *x, const double *Y, size_t ld,
  size_t n, size_t K, double *out)
{
  int family = blas_family_of(mhicl_blas_core());
  if (blas_order(family, trans_b, R, r, n, 0, K) == DOT_NONE) return 0;
  row_product(family, trans_b, R, r, x, Y, ld, n, K, NULL, out);
  return 1;
}

@ The switch. |model_set_query_only| turns the reduced pass on or off and returns the previous
setting; training and the query-only evaluations turn it on, and everything that reads patterns
of all rows (the interpretation chapter, \.{mhicl dump}, the constructions) leaves it off, as a
new model has it. Each forward pass decides anew, by |query_path_ok|: the stacked format, no
perceptron, loss weights at the query positions only, and an order |blas_order| knows for every
product the reduced pass replaces. With the switch on and the path taken, the last layer's
activations are those of the query rows only (its other rows of scores, pattern, $Z$, output and
predictions are stale), while every earlier layer is complete.

@<Transformer declarations@>=
int model_set_query_only(model *m, int on);

@ @<Transformer functions@>=
int model_set_query_only(model *m, int on)
{
  int was = m->query_only;
  m->query_only = on;
  return was;
}

static int query_path_ok(const model *m, const prompt_batch *bt)
{
  const model_config *c = &m->cfg;
  size_t T = bt->T, BT = bt->B * bt->T, l = c->n_layers - 1, dh = c->d_head;
  size_t HD = c->heads[l] * dh, C = c->d_model;
  if (!m->query_only || c->format != FORMAT_STACKED || c->mlp) return 0;
  for (size_t i = 0; i < BT; i++)
    if (bt->weight[i] != 0.0 && i % T != T - 1) return 0;
  int f = m->blas;
  return blas_order(f, 0, BT, 0, HD, 0, C) != DOT_NONE  /* $Q$ */
    && blas_order(f, 1, T, 0, T, 0, dh) != DOT_NONE  /* $S$ and $\partial P$ */
    && blas_order(f, 0, T, 0, dh, 0, T) != DOT_NONE  /* $Z$ and $\partial Q$ */
    && blas_order(f, 0, BT, 0, C, 0, HD) != DOT_NONE  /* the output */
    && blas_order(f, 1, BT, 0, HD, 0, C) != DOT_NONE;  /* $\partial Z$ */
}

@ The reduced forward pass of the last layer. Keys and values are the same products as in the full
pass; the query's row of $Q$ and of the output is formed entry by entry in the library's order
(the full pass's product adds the bias first, as $\beta=1$ does, and otherwise starts from zero).

@<Transformer functions@>=
static void attention_forward_query(model *m, size_t l, const double *a, double *out)
{
  const model_config *c = &m->cfg;
  layer_acts *A = &m->acts[l];
  size_t B = m->B, T = m->T, C = c->d_model, H = c->heads[l], dh = c->d_head, HD = H * dh;
  size_t BT = B * T, t = T - 1;
  double beta0 = c->attn_bias ? 1.0 : 0.0;
  if (c->attn_bias)
    for (size_t i = 0; i < BT; i++) {
      memcpy(A->k + i * HD, m->p.b_K[l], HD * sizeof(double));
      memcpy(A->v + i * HD, m->p.b_V[l], HD * sizeof(double));
    }
  heads_gather(m->p.W_K[l], H, C, dh, m->w_cat);
  mm(0, 0, 1.0, a, BT, C, C, m->w_cat, C, HD, HD, beta0, A->k, HD);
  heads_gather(m->p.W_V[l], H, C, dh, m->w_cat);
  mm(0, 0, 1.0, a, BT, C, C, m->w_cat, C, HD, HD, beta0, A->v, HD);
  heads_gather(m->p.W_Q[l], H, C, dh, m->w_cat);
  for (size_t b = 0; b < B; b++) {
    size_t row = b * T + t;
    row_product(m->blas, 0, BT, row, a + row * C, m->w_cat, HD, HD, C,
      c->attn_bias ? m->p.b_Q[l] : NULL, A->q + row * HD);
  }
  @<Form the query's row of scores, pattern and $Z$ per prompt and head@>@;
  masked_out_weights(m, l, m->w_cat);
  for (size_t b = 0; b < B; b++) {
    size_t row = b * T + t;
    row_product(m->blas, 0, BT, row, A->z + row * HD, m->w_cat, C, C, HD,
      c->attn_bias ? m->p.b_O[l] : NULL, out + row * C);
  }
}

@ @<Form the query's row of scores...@>=
for (size_t b = 0; b < B; b++)
  for (size_t h = 0; h < H; h++) {
    size_t base = b * T * HD + h * dh;
    double *S = A->scores + (b * H + h) * T * T, *P = A->pattern + (b * H + h) * T * T;
    row_product(m->blas, 1, T, t, A->q + base + t * HD, A->k + base, HD, T, dh, NULL, S + t * T);
    pattern_forward(c, c->attn[l], P, S, T, dh, m->d_p, t);
    row_product(m->blas, 0, T, t, P + t * T, A->v + base, HD, dh, T, NULL, A->z + base + t * HD);
  }

@ The reduced backward pass of the last layer, from |dout| (zero off the query rows) to the
gradients, and to $\partial a$ when |da| is not |NULL|. $\partial Q$ goes to |q_dq|, whose other
rows stay zero, so the products over the batch for $\partial W_Q$ and $\partial a$ are the full
pass's.

@<Transformer functions@>=
static void attention_backward_query(model *m, size_t l, const double *a, const double *dout,
  double *da)
{
  const model_config *c = &m->cfg;
  layer_acts *A = &m->acts[l];
  size_t B = m->B, T = m->T, C = c->d_model, H = c->heads[l], dh = c->d_head, HD = H * dh;
  size_t BT = B * T, t = T - 1;
  if (c->attn_bias)
    for (size_t b = 0; b < B; b++)
      for (size_t j = 0; j < C; j++) m->g.b_O[l][j] += dout[(b * T + t) * C + j];
  masked_out_weights(m, l, m->w_cat);
  for (size_t b = 0; b < B; b++) {
    size_t row = b * T + t;
    row_product(m->blas, 1, BT, row, dout + row * C, m->w_cat, C, HD, C, NULL, m->d_z + row * HD);
  }
  mm(1, 0, 1.0, A->z, BT, HD, HD, dout, BT, C, C, 0.0, m->w_tmp, C);
  for (size_t h = 0; h < H; h++)
    for (size_t i = h * dh * C; i < (h + 1) * dh * C; i++)
      m->g.W_O[l][i] += m->head_mask[l][h] * m->w_tmp[i];
  @<Form the query's row of $\partial P$, $\partial S$, $\partial Q$ and the columns of $\partial K$, $\partial V$@>@;
  projections_backward(m, l, a, m->q_dq, da);
}

@ The key and value rows take one product each: $\partial v_j=p_j\,g$, $\partial k_j=\partial
s_j\,q_{T-1}$ (the query's own column has $p_{T-1}=\partial s_{T-1}=0$).

@<Form the query's row of $\partial P$...@>=
for (size_t b = 0; b < B; b++)
  for (size_t h = 0; h < H; h++) {
    size_t base = b * T * HD + h * dh;
    const double *S = A->scores + (b * H + h) * T * T, *P = A->pattern + (b * H + h) * T * T;
    const double *g = m->d_z + base + t * HD, *q = A->q + base + t * HD;
    double *dp = m->d_p + t * T;
    row_product(m->blas, 1, T, t, g, A->v + base, HD, T, dh, NULL, dp);
    for (size_t j = 0; j < T; j++)
      for (size_t e = 0; e < dh; e++) m->d_v[base + j * HD + e] = P[t * T + j] * g[e];
    pattern_backward(c, c->attn[l], m->d_p, m->d_p, P, S, T, dh, t);  /* in place: $\partial S$ */
    row_product(m->blas, 0, T, t, dp, A->k + base, HD, dh, T, NULL, m->q_dq + base + t * HD);
    for (size_t j = 0; j < T; j++)
      for (size_t e = 0; e < dh; e++) m->d_k[base + j * HD + e] = dp[j] * q[e];
  }

@ Tests. |test_blas_order_matches_dgemm| checks |blas_order| and |blas_dot| against the
library's \.{dgemm} itself, entry for entry and bit for bit, on random products of 1 to 140 rows,
1 to 17 columns and inner sizes up to 150, both plain and transposed, at the first, middle and
last rows, for whichever kernels the test runs on (the tests run OpenBLAS's own choice; we ran
it also with \.{OPENBLAS\_CORETYPE} set to each of the two families), and that shapes declined
are declined. |test_query_path_equals_full_path| trains nothing: it runs the full and the
reduced pass on the same batch for He et al.'s model (softmax with $H=1,2,8$, linear and
linear with a fixed normalization at $H=2$), a two-layer stacked model with LayerNorm and a
masked head, and a model with attention biases, and requires the loss, the query predictions and
every gradient to agree bit for bit, on batches of seven and then five prompts (odd sizes put
query rows in the library's edge blocks, and the change of shape moves the rows the reduced pass
keeps at zero); it also checks that the path is refused (the full pass taken) when a weight falls
off the query, and that a model whose switch was never turned on gets every row of its pattern.
Both tests run once more in a child process under the better kernels the program itself would
choose, so that on our machines both orders are checked by every \.{make check}.

@*1 The perceptron, forward and backward.
GELU in its tanh form, $g(x)={x\over2}\bigl(1+\tanh u\bigr)$ with
$u=\sqrt{2/\pi}(x+0.044715x^3)$, and
$g'(x)={1\over2}(1+\tanh u)+{x\over2}(1-\tanh^2u)\sqrt{2/\pi}(1+3\cdot0.044715x^2)$.
The forward pass keeps $\tanh u$ for the backward pass: the hyperbolic tangents were half the
time of a training step of the tiny model when computed twice. It computes them as
$\tanh u=1-2/(e^{2u}+1)$ with the array exponential of the support chapter, a row of the
perceptron at a time; the C library's |tanh| was still a sixth of a step. The formula loses
relative accuracy in $\tanh u$ for tiny $|u|$ (the subtraction), but its absolute error stays
near $10^{-16}$, and the GELU uses $1+\tanh u$ and $1-\tanh^2u$, where that is what counts; at
$u\to\pm\infty$ it gives $\pm1$ exactly. |test_tanh_from_exp_array_absolute_error|
(\.{tests/test\_support.c}) checks both: absolute error at most $4\cdot10^{-16}$ against the C
library's |tanh| on $[-20,20]$ (the largest seen is $3.3\cdot10^{-16}$, on a fixed grid, so the margin is
exact, not statistical), and $\pm1$ at $u=\pm400$.

The bias $b_{\rm in}$ is added after the product, in the loop that reads the product anyway,
rather than copied into every row before it (one pass over the $BT\times4C$ array fewer). This
gave the same bits as before in every configuration we checked (performance chapter): with
$\alpha=1$ and an inner dimension $C$ that the library takes in one block (OpenBLAS's blocks are a
few hundred long; our widths are at most 64), a product into $C$ with $\beta=1$ adds the finished
dot product to $C$'s entry once, and so does the loop.

@<Transformer functions@>=
#define GELU_C 0.7978845608028654  /* $\sqrt{2/\pi}$ */
static void mlp_forward(model *m, size_t l, const double *a, double *out)
{
  layer_acts *A = &m->acts[l];
  size_t BT = m->B * m->T, C = m->cfg.d_model, M = 4 * C;
  mm(0, 0, 1.0, a, BT, C, C, m->p.W_in[l], C, M, M, 0.0, A->mlp_pre, M);
  for (size_t i = 0; i < BT; i++) {
    double *x = A->mlp_pre + i * M, *th = A->mlp_tanh + i * M, *g = A->mlp_post + i * M;
    for (size_t j = 0; j < M; j++) {
      x[j] += m->p.b_in[l][j];
      th[j] = 2.0 * GELU_C * (x[j] + 0.044715 * x[j] * x[j] * x[j]);
    }
    mhicl_exp_array(th, M);
    for (size_t j = 0; j < M; j++) {
      th[j] = 1.0 - 2.0 / (th[j] + 1.0);
      g[j] = 0.5 * x[j] * (1.0 + th[j]);
    }
  }
  for (size_t i = 0; i < BT; i++) memcpy(out + i * C, m->p.b_out[l], C * sizeof(double));
  mm(0, 0, 1.0, A->mlp_post, BT, M, M, m->p.W_out[l], M, C, C, 1.0, out, C);
}

static void mlp_backward(model *m, size_t l, const double *a, const double *dout, double *da)
{
  layer_acts *A = &m->acts[l];
  size_t BT = m->B * m->T, C = m->cfg.d_model, M = 4 * C;
  mm(1, 0, 1.0, A->mlp_post, BT, M, M, dout, BT, C, C, 1.0, m->g.W_out[l], C);
  for (size_t i = 0; i < BT; i++)
    for (size_t c = 0; c < C; c++) m->g.b_out[l][c] += dout[i * C + c];
  mm(0, 1, 1.0, dout, BT, C, C, m->p.W_out[l], M, C, C, 0.0, m->d_h4, M);
  for (size_t i = 0; i < BT * M; i++) {
    double x = A->mlp_pre[i], th = A->mlp_tanh[i];
    double dg = 0.5 * (1.0 + th) + 0.5 * x * (1.0 - th * th) * GELU_C * (1.0 + 3.0 * 0.044715 * x * x);
    m->d_h4[i] *= dg;
  }
  mm(1, 0, 1.0, a, BT, C, C, m->d_h4, BT, M, M, 1.0, m->g.W_in[l], M);
  for (size_t i = 0; i < BT; i++)
    for (size_t c = 0; c < M; c++) m->g.b_in[l][c] += m->d_h4[i * M + c];
  mm(0, 1, 1.0, m->d_h4, BT, M, M, m->p.W_in[l], C, M, M, 1.0, da, C);
}

@*1 Tokens: embedding, read-out and cross-entropy.
@^token format@>
@^cross-entropy@>
The third format reads sequences of discrete tokens, as a language model does (the retrieval
chapter's task is one). Position $t$ of a prompt holds a token id $x_t\in\{0,\ldots,V_{\rm in}-1\}$
(|vocab| ids), and the residual stream starts as a row of the embedding table plus a learned
position, $h_t=W_E[x_t]+W_{\rm pos}[t]$. Attention is causal ($K_t=t+1$), as in the interleaved
format. After the last layer (and the final LayerNorm, when on) an unembedding that is not tied to
$W_E$ gives $V_{\rm out}$ logits (|n_classes|, the classes a label may take):
$\ell_t=f_tW_U+b_U$, $W_U\in\Reals^{C\times V_{\rm out}}$. The loss is the cross-entropy over the
labelled positions, with the same weights $w_t$ as before (1 where a position is labelled, 0
elsewhere) and $W=\sum_tw_t$:
$$L=-{1\over W}\sum_tw_t\log p_{t,y_t},\qquad p_{tk}={e^{\ell_{tk}}\over\sum_je^{\ell_{tj}}},
\qquad {\partial L\over\partial\ell_{tk}}={w_t\over W}\bigl(p_{tk}-[k=y_t]\bigr).$$
A batch of this format stores the id of each position in |tokens| ($d_{\rm in}=1$; ids are
integers below $2^{53}$ and so exact as doubles) and the label, a class index, in |target|, so that
slicing a batch between threads is the same as for the other formats. The model's prediction
|pred| is the class with the largest logit (the first, on a tie); |logits| and |probs| hold the
rest. The embedding is initialized $N(0,{\rm std}^2)$ as in GPT-2, the unembedding as a linear
layer of fan-in $C$ (uniform on $\pm1/\sqrt C$), its bias at zero.

@<Transformer declarations@>=
double cross_entropy_forward(const double *logits, size_t N, size_t V, const double *target,
  const double *weight, double wsum, double *probs, double *pred);
void cross_entropy_backward(const double *probs, size_t N, size_t V, const double *target,
  const double *weight, double wsum, double *dlogits);

@ The cross-entropy on $N$ rows of $V$ logits. Each row's softmax is formed after subtracting the
row's maximum $\mu$, and the loss of a labelled row is $\log\sum_je^{\ell_j-\mu}+\mu-\ell_y$,
which neither overflows nor loses the small probabilities. A label that is not a class index, at a
position that counts, is a program error and stops the program with one line.

@<Transformer functions@>=
static size_t class_of(double y, size_t V, size_t row)
{
  if (!(y >= 0.0 && y < (double) V && y == floor(y)))
    mhicl_fatal("row %zu: label %g is not a class index below %zu", row, y, V);
  return (size_t) y;
}

double cross_entropy_forward(const double *logits, size_t N, size_t V, const double *target,
  const double *weight, double wsum, double *probs, double *pred)
{
  double loss = 0.0;
  for (size_t i = 0; i < N; i++) {
    const double *l = logits + i * V;
    double *p = probs + i * V, mx = l[0], sum = 0.0;
    size_t arg = 0;
    for (size_t k = 1; k < V; k++) if (l[k] > mx) { mx = l[k]; arg = k; }
    for (size_t k = 0; k < V; k++) { p[k] = exp(l[k] - mx); sum += p[k]; }
    for (size_t k = 0; k < V; k++) p[k] /= sum;
    pred[i] = (double) arg;
    if (weight[i] != 0.0)
      loss += weight[i] * (log(sum) + mx - l[class_of(target[i], V, i)]);
  }
  return wsum > 0.0 ? loss / wsum : 0.0;
}

void cross_entropy_backward(const double *probs, size_t N, size_t V, const double *target,
  const double *weight, double wsum, double *dlogits)
{
  for (size_t i = 0; i < N; i++) {
    double *d = dlogits + i * V;
    if (weight[i] == 0.0 || wsum <= 0.0) { memset(d, 0, V * sizeof(double)); continue; }
    double s = weight[i] / wsum;
    for (size_t k = 0; k < V; k++) d[k] = s * probs[i * V + k];
    d[class_of(target[i], V, i)] -= s;
  }
}

@ The embedding looks rows up; its backward adds each position's gradient to its token's row.
An id outside the vocabulary stops the program with one line naming it.

@<Transformer functions@>=
static size_t token_id(const model *m, const prompt_batch *bt, size_t i)
{
  double x = bt->tokens[i * bt->d_in];
  if (!(x >= 0.0 && x < (double) m->cfg.vocab && x == floor(x)))
    mhicl_fatal("row %zu: token id %g is outside the vocabulary of %zu", i, x, m->cfg.vocab);
  return (size_t) x;
}

static void embed_forward(model *m, const prompt_batch *bt, double *h)
{  /* |h|: (B,T,C) */
  size_t C = m->cfg.d_model;
  for (size_t i = 0; i < bt->B * bt->T; i++)
    memcpy(h + i * C, m->p.W_E + token_id(m, bt, i) * C, C * sizeof(double));
}

static void embed_backward(model *m, const prompt_batch *bt, const double *dh)
{
  size_t C = m->cfg.d_model;
  for (size_t i = 0; i < bt->B * bt->T; i++) {
    double *g = m->g.W_E + token_id(m, bt, i) * C;
    for (size_t k = 0; k < C; k++) g[k] += dh[i * C + k];
  }
}

@ The unembedding and the loss, forward and backward. |f| is the final stream (after the final
LayerNorm when on), |df| receives $\partial f$.

@<Transformer functions@>=
static double batch_weight(const prompt_batch *bt)
{
  double W = 0.0;
  for (size_t i = 0; i < bt->B * bt->T; i++) W += bt->weight[i];
  return bt->weight_total > 0.0 ? bt->weight_total : W;
}

static double unembed_forward(model *m, const prompt_batch *bt, const double *f)
{  /* |logits|: (B,T,$V_{\rm out}$) */
  size_t BT = bt->B * bt->T, C = m->cfg.d_model, V = m->cfg.n_classes;
  for (size_t i = 0; i < BT; i++) memcpy(m->logits + i * V, m->p.b_U, V * sizeof(double));
  mm(0, 0, 1.0, f, BT, C, C, m->p.W_U, C, V, V, 1.0, m->logits, V);
  return cross_entropy_forward(m->logits, BT, V, bt->target, bt->weight, batch_weight(bt),
    m->probs, m->pred);
}

static void unembed_backward(model *m, const prompt_batch *bt, const double *f, double wsum,
  double *df)
{
  size_t BT = bt->B * bt->T, C = m->cfg.d_model, V = m->cfg.n_classes;
  cross_entropy_backward(m->probs, BT, V, bt->target, bt->weight, wsum, m->d_logits);
  mm(1, 0, 1.0, f, BT, C, C, m->d_logits, BT, V, V, 1.0, m->g.W_U, V);
  for (size_t i = 0; i < BT; i++)
    for (size_t k = 0; k < V; k++) m->g.b_U[k] += m->d_logits[i * V + k];
  mm(0, 1, 1.0, m->d_logits, BT, V, V, m->p.W_U, C, V, V, 1.0, df, C);
}

@ Tests. |test_cross_entropy_gradient_matches_finite_differences| checks
|cross_entropy_backward| against central differences of |cross_entropy_forward| in every logit,
on rows with weights 0, 1 and 2 and a wide range of logits, to the same $10^{-6}$ relative
tolerance as the model's tensors, and the loss of equal logits against $\log V$ to $10^{-15}$.
|test_token_model_gradients_match_finite_differences| does for token models what
|test_gradients_match_finite_differences| does for the others: every tensor, including the
embedding, the unembedding and its bias, in attention-only models with and without LayerNorm and
positions, with an MLP, and with a masked head, against central differences with the same
tolerance; and |test_token_prompts_independent_of_batch| checks that a sequence's logits do not
depend on the other sequences of its batch, to $10^{-12}$.

@*1 The whole model.
A |prompt_batch| holds |B| prompts of |n| points as tokens (B,T,$d_{\rm in}$), $R$ labels
(|target|, one per read-out row) and a loss weight per position (B,T). The forward pass returns
the loss
$\sum_{b,t}w_{bt}\sum_{r}(\hat y_{btr}-y_{btr})^2/(R\sum_{b,t}w_{bt})$, the mean over the read-out
rows of each row's weighted mean squared error, and leaves every activation in the model.

@<Transformer types@>=
typedef struct {
  size_t B, n, T, d_in;
  size_t R;  /* labels per position: the read-out rows */
  double *tokens;  /* (B,T,$d_{\rm in}$) */
  double *target;  /* (B,T,R) */
  double *weight;  /* (B,T) */
  double weight_total;  /* if positive, the $W$ to divide by (a slice of a larger batch) */
} prompt_batch;

@ @<Transformer declarations@>=
prompt_batch *batch_alloc(const model_config *c, size_t B, size_t n);
void batch_free(prompt_batch *bt);
double model_forward(model *m, const prompt_batch *bt);
void model_backward(model *m, const prompt_batch *bt);

@ @<Transformer functions@>=
prompt_batch *batch_alloc(const model_config *c, size_t B, size_t n)
{
  prompt_batch *bt = xmalloc(sizeof *bt);
  bt->B = B; bt->n = n; bt->T = model_tokens(c, n); bt->d_in = model_input_width(c);
  bt->R = model_outputs(c);
  bt->tokens = xcalloc(B * bt->T * bt->d_in, sizeof(double));
  bt->target = xcalloc(B * bt->T * bt->R, sizeof(double));
  bt->weight = xcalloc(B * bt->T, sizeof(double));
  bt->weight_total = 0.0;
  return bt;
}

void batch_free(prompt_batch *bt)
{
  if (bt == NULL) return;
  free(bt->tokens); free(bt->target); free(bt->weight); free(bt);
}

@ Forward. The residual stream of layer $\ell$ starts in |acts[l].resid_pre|; each sub-layer
writes its output and adds it to the stream. The perceptron's sum goes straight into the next
layer's |resid_pre| (or |resid_final|), saving a copy of the stream per layer.

@<Transformer functions@>=
double model_forward(model *m, const prompt_batch *bt)
{
  const model_config *c = &m->cfg;
  size_t B = bt->B, T = bt->T, C = c->d_model, BT = B * T;
  if (B > m->B_max || T > m->T_max) mhicl_fatal("batch larger than the model was allocated for");
  m->B = B; m->T = T; m->n = bt->n;
  m->reduced = query_path_ok(m, bt);
  double *h = m->acts[0].resid_pre;
  @<Embed the tokens into |h|@>@;
  for (size_t l = 0; l < c->n_layers; l++) {
    layer_acts *A = &m->acts[l];
    if (h != A->resid_pre) memcpy(A->resid_pre, h, BT * C * sizeof(double));
    h = A->resid_pre;
    const double *a = h;
    if (c->layernorm) {
      layernorm_forward(A->ln1, A->ln1_mean, A->ln1_rstd, h, m->p.ln1_w[l], m->p.ln1_b[l], BT, C);
      a = A->ln1;
    }
    if (m->reduced && l + 1 == c->n_layers) {  /* the query rows alone */
      attention_forward_query(m, l, a, A->attn_out);
      for (size_t i = (T - 1) * C; i < BT * C; i += T * C)
        for (size_t k = i; k < i + C; k++) A->resid_mid[k] = h[k] + A->attn_out[k];
    } else {
      attention_forward(m, l, a, A->attn_out);
      for (size_t i = 0; i < BT * C; i++) A->resid_mid[i] = h[i] + A->attn_out[i];
    }
    h = A->resid_mid;
    if (c->mlp) {
      const double *a2 = h;
      if (c->layernorm) {
        layernorm_forward(A->ln2, A->ln2_mean, A->ln2_rstd, h, m->p.ln2_w[l], m->p.ln2_b[l], BT, C);
        a2 = A->ln2;
      }
      double *next = l + 1 < c->n_layers ? m->acts[l + 1].resid_pre : m->resid_final;
      mlp_forward(m, l, a2, m->d_tmp);
      for (size_t i = 0; i < BT * C; i++) next[i] = h[i] + m->d_tmp[i];
      h = next;
    }
  }
  if (h != m->resid_final) memcpy(m->resid_final, h, BT * C * sizeof(double));
  @<Read out the predictions and form the loss@>@;
}

@ @<Embed the tokens into |h|@>=
if (c->format == FORMAT_INTERLEAVED) {
  for (size_t i = 0; i < BT; i++) memcpy(h + i * C, m->p.b_E, C * sizeof(double));
  mm(0, 0, 1.0, bt->tokens, BT, bt->d_in, bt->d_in, m->p.W_E, bt->d_in, C, C, 1.0, h, C);
} else if (c->format == FORMAT_TOKENS) embed_forward(m, bt, h);
else memcpy(h, bt->tokens, BT * C * sizeof(double));
if (c->pos_embed)
  for (size_t b = 0; b < B; b++)
    for (size_t t = 0; t < T; t++)
      for (size_t k = 0; k < C; k++) h[(b * T + t) * C + k] += m->p.W_pos[t * C + k];

@ @<Read out the predictions...@>=
{
  const double *f = m->resid_final;
  if (c->layernorm && c->format != FORMAT_STACKED) {
    layernorm_forward(m->lnf, m->lnf_mean, m->lnf_rstd, f, m->p.lnf_w, m->p.lnf_b, BT, C);
    f = m->lnf;
  }
  if (c->format == FORMAT_TOKENS) return unembed_forward(m, bt, f);
  size_t R = model_outputs(c);
  double loss = 0.0, wsum = 0.0;
  for (size_t i = m->reduced ? T - 1 : 0; i < BT; i += m->reduced ? T : 1) {
    for (size_t r = 0; r < R; r++) {
      double y;
      if (c->format == FORMAT_INTERLEAVED) {
        y = m->p.b_U[0];
        for (size_t k = 0; k < C; k++) y += f[i * C + k] * m->p.W_U[k];
      } else y = -f[i * C + c->d_x + r];
      m->pred[i * R + r] = y;
      double e = y - bt->target[i * R + r];
      loss += bt->weight[i] * e * e;
    }
    wsum += bt->weight[i];
  }
  if (bt->weight_total > 0.0) wsum = bt->weight_total;
  return wsum > 0.0 ? loss / (wsum * (double) R) : 0.0;
}

@ Backward: the same steps in reverse, each adding into the gradients. The residual
gradient |d_resid| flows down the stream; each sub-layer adds its contribution. A sub-layer reads
$\partial$ of its output from the stream's gradient itself when LayerNorm stands before it (its
input's gradient then goes to |d_a|, and the stream gains it only afterwards, through
LayerNorm's backward); without LayerNorm it adds into the stream directly, so it reads a copy.
|sublayer_backward| does this for both sub-layers, given the sub-layer's backward pass, its input
and its LayerNorm.

@<Transformer functions@>=
static void positions_backward(model *m, const double *dh)
{
  size_t C = m->cfg.d_model;
  for (size_t b = 0; b < m->B; b++)
    for (size_t t = 0; t < m->T; t++)
      for (size_t k = 0; k < C; k++) m->g.W_pos[t * C + k] += dh[(b * m->T + t) * C + k];
}

typedef void (*sublayer_backward_fn)(model *m, size_t l, const double *a, const double *dout,
  double *da);

static void sublayer_backward(model *m, size_t l, sublayer_backward_fn backward,
  const double *x, const double *ln_out, const double *ln_w, const double *ln_mean,
  const double *ln_rstd, double *g_ln_w, double *g_ln_b, double *dh)
{  /* the sub-layer reads |ln_out| (with LayerNorm) or its input |x| (without) */
  const model_config *c = &m->cfg;
  size_t BT = m->B * m->T, C = c->d_model;
  const double *a = c->layernorm ? ln_out : x, *dout = dh;
  double *da = c->layernorm ? m->d_a : dh;
  if (c->layernorm) memset(m->d_a, 0, BT * C * sizeof(double));
  else dout = memcpy(m->d_tmp, dh, BT * C * sizeof(double));  /* $\partial$ of the sub-layer's output */
  backward(m, l, a, dout, da);
  if (c->layernorm)
    layernorm_backward(dh, g_ln_w, g_ln_b, m->d_a, x, ln_w, ln_mean, ln_rstd, BT, C);
}

static void layer_backward(model *m, size_t l, double *dh)
{
  layer_acts *A = &m->acts[l];
  if (m->cfg.mlp)
    sublayer_backward(m, l, mlp_backward, A->resid_mid, A->ln2, m->p.ln2_w[l], A->ln2_mean,
      A->ln2_rstd, m->g.ln2_w[l], m->g.ln2_b[l], dh);
  sublayer_backward(m, l, attention_backward, A->resid_pre, A->ln1, m->p.ln1_w[l], A->ln1_mean,
    A->ln1_rstd, m->g.ln1_w[l], m->g.ln1_b[l], dh);
}

static void model_backward_query(model *m, const prompt_batch *bt);
void model_backward(model *m, const prompt_batch *bt)
{
  if (m->reduced) { model_backward_query(m, bt); return; }
  const model_config *c = &m->cfg;
  size_t B = m->B, T = m->T, C = c->d_model, BT = B * T;
  double *dh = m->d_resid;
  memset(dh, 0, BT * C * sizeof(double));
  @<Backward through the read-out into |dh|@>@;
  for (size_t l = c->n_layers; l-- > 0; ) layer_backward(m, l, dh);
  @<Backward through the embedding from |dh|@>@;
}

@ The loss is $\sum_i w_i\sum_re_{ir}^2/(RW)$, so $\partial\hat y_{ir}=2w_ie_{ir}/(RW)$;
with one read-out row, $R=1$, the product $RW$ is $W$ exactly, so the arithmetic is that of a
model without the rows, bit for bit. Normally $W$ is the batch's
own total weight; a slice of a larger batch (one thread's share) divides by the whole batch's
|weight_total| instead, so that the slices' losses and gradients add up to the batch's.

@<Backward through the read-out...@>=
{
  double wsum = 0.0;
  for (size_t i = 0; i < BT; i++) wsum += bt->weight[i];
  if (bt->weight_total > 0.0) wsum = bt->weight_total;
  if (wsum <= 0.0) return;
  size_t R = model_outputs(c);
  wsum *= (double) R;
  double *df = (c->layernorm && c->format != FORMAT_STACKED) ? m->d_a : dh;
  memset(df, 0, BT * C * sizeof(double));
  if (c->format == FORMAT_TOKENS)
    unembed_backward(m, bt, c->layernorm ? m->lnf : m->resid_final, wsum, df);
  else for (size_t i = 0; i < BT * R; i++) {
    double dy = 2.0 * bt->weight[i / R] * (m->pred[i] - bt->target[i]) / wsum;
    if (dy == 0.0) continue;
    if (c->format == FORMAT_INTERLEAVED) {
      const double *f = (c->layernorm ? m->lnf : m->resid_final) + i * C;
      m->g.b_U[0] += dy;
      for (size_t k = 0; k < C; k++) { m->g.W_U[k] += dy * f[k]; df[i * C + k] += dy * m->p.W_U[k]; }
    } else df[(i / R) * C + c->d_x + i % R] -= dy;
  }
  if (c->layernorm && c->format != FORMAT_STACKED)
    layernorm_backward(dh, m->g.lnf_w, m->g.lnf_b, df, m->resid_final, m->p.lnf_w, m->lnf_mean,
      m->lnf_rstd, BT, C);
}

@ @<Backward through the embedding...@>=
if (c->pos_embed) positions_backward(m, dh);
if (c->format == FORMAT_INTERLEAVED) {
  mm(1, 0, 1.0, bt->tokens, BT, bt->d_in, bt->d_in, dh, BT, C, C, 1.0, m->g.W_E, C);
  for (size_t i = 0; i < BT; i++)
    for (size_t k = 0; k < C; k++) m->g.b_E[k] += dh[i * C + k];
} else if (c->format == FORMAT_TOKENS) embed_backward(m, bt, dh);

@ The reduced backward pass (when the forward pass took the query rows alone). The loss has weight
only at the query rows, so only they have $\partial\hat y\ne0$, and $\partial{\rm out}$ is the
array |q_dout|, zero except at $[b,T-1,d+r]$ for the read-out rows $r<R$. When the batch's shape changes, the query rows move,
and both arrays of that pass are cleared once. The stream's gradient |dh| below the last layer is
formed only when something reads it: LayerNorm's gradients, an earlier layer, or learned
positions; He et al.'s one-layer model has none, and the last layer's $\partial a$ (three
products over the whole batch) is then not formed at all.

@<Transformer functions@>=
static void model_backward_query(model *m, const prompt_batch *bt)
{
  const model_config *c = &m->cfg;
  size_t B = m->B, T = m->T, C = c->d_model, BT = B * T, l = c->n_layers - 1, Hb = 1;
  double wsum = 0.0;
  for (size_t i = T - 1; i < BT; i += T) wsum += bt->weight[i];
  if (bt->weight_total > 0.0) wsum = bt->weight_total;
  if (wsum <= 0.0) return;
  if (m->q_B != B || m->q_T != T) {
    for (size_t k = 0; k < c->n_layers; k++) Hb = c->heads[k] > Hb ? c->heads[k] : Hb;
    memset(m->q_dout, 0, m->B_max * m->T_max * C * sizeof(double));
    memset(m->q_dq, 0, m->B_max * m->T_max * Hb * c->d_head * sizeof(double));
    m->q_B = B; m->q_T = T;
  }
  int input = c->layernorm || c->pos_embed || c->n_layers > 1;  /* is $\partial a$ read? */
  double *dh = m->d_resid;
  if (input) memset(dh, 0, BT * C * sizeof(double));
  size_t R = model_outputs(c);
  wsum *= (double) R;  /* exact for one row, as in the full pass */
  for (size_t i = T - 1; i < BT; i += T)
    for (size_t r = 0; r < R; r++) {
      double dy = 2.0 * bt->weight[i] * (m->pred[i * R + r] - bt->target[i * R + r]) / wsum;
      m->q_dout[i * C + c->d_x + r] = dy == 0.0 ? 0.0 : -dy;
      if (input) dh[i * C + c->d_x + r] = m->q_dout[i * C + c->d_x + r];
    }
  layer_acts *A = &m->acts[l];
  if (c->layernorm) memset(m->d_a, 0, BT * C * sizeof(double));
  attention_backward_query(m, l, c->layernorm ? A->ln1 : A->resid_pre, m->q_dout,
    c->layernorm ? m->d_a : input ? dh : NULL);
  if (c->layernorm)
    layernorm_backward(dh, m->g.ln1_w[l], m->g.ln1_b[l], m->d_a, A->resid_pre, m->p.ln1_w[l],
      A->ln1_mean, A->ln1_rstd, BT, C);
  while (l-- > 0) layer_backward(m, l, dh);
  if (c->pos_embed) positions_backward(m, dh);  /* the stacked format has no read-in */
}

@ Test. |test_gradients_match_finite_differences| builds small models in every variant (each
attention kind; with and without MLP and LayerNorm; both prompt formats; learned positions on
and off; a head mask with a removed and a scaled head; different head counts per layer), and for
every parameter tensor compares the backward pass with central differences
$(L(\theta+he)-L(\theta-he))/2h$, $h=10^{-5}$, at up to six entries of the tensor. The relative
error must be at most $10^{-6}$: the truncation error of central differences is $O(h^2)$
relative, about $10^{-10}$, and rounding contributes $\epsilon_{\rm mach}/h\approx10^{-11}$, so
anything above $10^{-6}$ is a wrong formula, not numerics.
|test_gradients_linear_fixed_and_torch_init| makes the same comparison for the stacked
one-layer model of He et al.\ (no MLP, LayerNorm or biases) with linear attention normalized at a
fixed length, at a prompt length other than that length, and for softmax with PyTorch's
initialization; it also checks that the fixed normalization at $n'$ is $n'/n_0$ times the
ordinary linear layer's output and that the PyTorch draws lie within their bounds and fill them. |test_gradients_multi_output| does the same
for two read-out rows, in He et al.'s multi-task layer (head width $d+2$, PyTorch's
initialization) and in a two-layer variant with MLP, LayerNorm and an extra row; it also checks that
each prediction is minus its row of the query's final stream, that the loss is the mean of the
two rows' weighted squared errors, and that several rows are refused outside the stacked format. (ReLU attention is not differentiable
where a score is zero; with continuous random data no score lies within $h$ of zero.)

|test_prompts_independent_of_batch| checks what the loops that take several rows at once
(LayerNorm's, the gathered exponentials) must not break: in every variant, each of eleven
prompts gets the same predictions in the batch as alone, to $10^{-12}$ (OpenBLAS may block a
product of one prompt differently from a product of eleven, so rounding may differ; the largest
difference seen is $4.4\cdot10^{-16}$, while a row that read another row's statistics would be off
by the size of a prediction, as a deliberately broken LayerNorm showed).

|test_interleaved_prediction_ignores_later_tokens| checks the causal mask of the interleaved
format: in every interleaved variant and for every position $t$, the tokens after $t$ are redrawn
and the predictions at positions $0,\ldots,t$ must not move (to $10^{-14}$ relative; they do not
move at all), while some later prediction must move by more than $10^{-3}$. Without the mask
(all positions attending to all keys) the gradients are still exact and every prompt is still
independent of its batch, so only this test fails.

@*1 Further reading. A. Karpathy, llm.c (2024), \.{train\_gpt2.c}: the layout of parameters,
activations and the forward/backward pairs. N. Elhage et al., ``A mathematical framework for
transformer circuits'' (2021), and N. Nanda, TransformerLens: the names of tensors and
activations. S. Garg et al.\ (2022): the interleaved format. J. von Oswald et al.\ (2023) and
K. Ahn et al.\ (2023): the stacked format and linear attention.
