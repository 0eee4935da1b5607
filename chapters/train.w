@* Training.
@^training@>
A model is trained on freshly drawn tasks: every step draws a batch of prompts from the task
sampler, runs the forward and backward passes of the transformer chapter, and takes one Adam step.
This chapter also holds the run's configuration (one table of documented keys, read from a file
and overridable on the command line), the checkpoints, and the training loop with its log and
progress report.

@(generated/train.h@>=
#ifndef MHICL_TRAIN_H
#define MHICL_TRAIN_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "tasks.h"
#include "transformer.h"
#include "retrieval.h"
@<Training types@>@;
@<Training declarations@>@;
#endif

@ @(generated/train.c@>=
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "support.h"
#include "risk.h"
#include "train.h"
@<Training functions@>@;

@*1 The configuration.
Every setting of a run is a key of |train_config|. The keys, their meaning and their defaults are
the table |train_keys| below, which is at once the documentation, the parser of configuration
files (\.{key = value}, one per line, a hash sign starts a comment) and of command-line options
(\.{--key value}), and the writer that records a run's configuration in its checkpoint.
An unknown key, a malformed or out-of-range value is refused with a message naming the key (and
the line of the file).

@<Training types@>=
typedef struct {
  model_config arch;
  size_t d, s;  /* task: dimension, nonzeros */
  beta_kind beta;
  double b, sigma;  /* signal scale ($0$: unit-variance coordinates), noise */
  double rho;  /* covariance of $x$: $\Sigma_{ij}=\rho^{\vert i-j\vert}$ ($0$: $I_d$) */
  size_t n;  /* context points */
  size_t norm_length;  /* |linear_fixed| attention's length ($0$: $n$) */
  int curriculum;
  size_t d_start, n_start, d_step, n_step, curriculum_every;
  size_t steps, batch, warmup;
  double lr, beta1, beta2, eps, weight_decay, clip, init_std;
  int cosine;  /* learning-rate schedule: 0 constant, 1 cosine to zero after warm-up */
  int query_only;  /* loss at the query only, or at every prefix */
  size_t eval_every, eval_prompts, checkpoint_every;
  uint64_t seed;
  size_t threads;  /* threads that split each batch */
  char log[256], checkpoint[256];
  size_t heads_listed, attn_listed;  /* entries of the per-layer lists as given (0: defaults) */
  int task_kind;  /* |TASK_REGRESSION|, |TASK_RETRIEVAL| or |TASK_MULTITASK| */
  retrieval_spec retrieval;  /* the retrieval task's keys (retrieval chapter) */
  size_t d_1, d_2;  /* multi-task: the coordinates task 1 and task 2 read */
} train_config;
enum { TASK_REGRESSION, TASK_RETRIEVAL, TASK_MULTITASK };

@ @<Training declarations@>=
void train_config_default(train_config *c);
int train_config_set(train_config *c, const char *key, const char *value, char *err, size_t len);
int train_config_read(train_config *c, const char *path, char *err, size_t len);
void train_config_write(FILE *f, const train_config *c);
const char *train_config_check(train_config *c);
const char *train_config_resume_change(const train_config *stored, const train_config *wanted);
void train_config_help(FILE *f);

@ The defaults are the tiny model of Garg et al.\ on their toy problem: 3 layers, 2 heads, width
64, softmax attention with MLP and LayerNorm, dense linear regression in $d=5$ with 11 points,
batch 64, Adam with learning rate $10^{-3}$, 5000 steps.

@<Training functions@>=
void train_config_default(train_config *c)
{
  memset(c, 0, sizeof *c);
  model_config *m = &c->arch;
  m->format = FORMAT_INTERLEAVED; m->n_layers = 3; m->d_model = 64; m->d_head = 32;
  for (size_t l = 0; l < MAX_LAYERS; l++) { m->heads[l] = 2; m->attn[l] = ATTN_SOFTMAX; }
  m->mlp = 1; m->layernorm = 1; m->pos_embed = 1; m->extra_rows = 0; m->attn_bias = 1;
  c->d = 5; c->s = 5; c->beta = BETA_DENSE; c->b = 0.0; c->sigma = 0.0; c->n = 11;
  c->curriculum = 0; c->d_start = 5; c->n_start = 11; c->d_step = 1; c->n_step = 2;
  c->curriculum_every = 2000;
  c->steps = 5000; c->batch = 64; c->warmup = 0;
  c->lr = 1e-3; c->beta1 = 0.9; c->beta2 = 0.999; c->eps = 1e-8; c->weight_decay = 0.0;
  c->clip = 0.0; c->init_std = 0.02; c->cosine = 0; c->query_only = 0;
  c->eval_every = 500; c->eval_prompts = 1280; c->checkpoint_every = 1000;
  c->seed = 1; c->threads = 1;
  c->log[0] = '\0'; c->checkpoint[0] = '\0';
  c->task_kind = TASK_REGRESSION;
  retrieval_spec_default(&c->retrieval);
  c->d_1 = 4; c->d_2 = 4;
}

@ The key table. Each entry names the key, its type, where it lives, its range and its
documentation; the lists (\.{heads}, \.{attention}) and the named choices are parsed by type.

@<Training types@>=
typedef enum { KEY_SIZE, KEY_REAL, KEY_SEED, KEY_BOOL, KEY_CHOICE, KEY_SIZE_LIST,
  KEY_CHOICE_LIST, KEY_PATH } key_type;
typedef struct {
  const char *key; key_type type; size_t offset; double lo, hi;
  const char *choices;  /* for |KEY_CHOICE|: names separated by bars; the value is the index */
  const char *doc;
  unsigned flags;  /* |KEY_OPEN_LOW|, |KEY_OPEN_HIGH|: |lo|, |hi| excluded; the others below */
} key_spec;
enum { KEY_OPEN_LOW = 1, KEY_RESUMABLE = 2, KEY_OPEN_HIGH = 4, KEY_WRITTEN_IF_SET = 8,
  KEY_MULTITASK = 16 };

@ @<Training functions@>=
#define OFF(f) offsetof(train_config, f)
static const key_spec train_keys[] = {
  { "format", KEY_CHOICE, OFF(arch.format), 0, 0, "interleaved|stacked|tokens",
    "prompt format: interleaved tokens (GPT-2 style), stacked columns (theory), or token ids", 0 },
  { "layers", KEY_SIZE, OFF(arch.n_layers), 1, MAX_LAYERS, NULL, "number of layers", 0 },
  { "heads", KEY_SIZE_LIST, OFF(arch.heads), 1, 256, NULL,
    "heads per layer: one number for all layers, or a comma-separated list", 0 },
  { "attention", KEY_CHOICE_LIST, OFF(arch.attn), 0, 0, "softmax|linear|relu|linear_fixed",
    "attention per layer: one kind for all layers, or a comma-separated list", 0 },
  { "d_model", KEY_SIZE, OFF(arch.d_model), 1, 8192, NULL,
    "width of the residual stream (interleaved format; stacked: d + 1 + extra_rows)", 0 },
  { "d_head", KEY_SIZE, OFF(arch.d_head), 1, 4096, NULL, "width of each head", 0 },
  { "mlp", KEY_BOOL, OFF(arch.mlp), 0, 1, NULL, "GELU MLP of width 4 d_model after attention", 0 },
  { "layernorm", KEY_BOOL, OFF(arch.layernorm), 0, 1, NULL, "pre-LayerNorm (and a final one)", 0 },
  { "pos_embed", KEY_BOOL, OFF(arch.pos_embed), 0, 1, NULL, "learned positional embeddings", 0 },
  { "attn_bias", KEY_BOOL, OFF(arch.attn_bias), 0, 1, NULL,
    "biases in the attention projections (GPT-2)", 0 },
  { "extra_rows", KEY_SIZE, OFF(arch.extra_rows), 0, 4096, NULL,
    "stacked format: zero rows below y in every column", 0 },
  { "init", KEY_CHOICE, OFF(arch.init_torch), 0, 0, "normal|torch",
    "weights N(0, init_std^2), or PyTorch's uniform +-1/sqrt(fan_in)", 0 },
  { "norm_length", KEY_SIZE, OFF(norm_length), 0, 100000, NULL,
    "linear_fixed attention divides by this length (0: the training length n)", 0 },
  { "d", KEY_SIZE, OFF(d), 1, 4096, NULL, "dimension of x", 0 },
  { "s", KEY_SIZE, OFF(s), 1, 4096, NULL, "nonzeros of beta (sparse priors)", 0 },
  { "beta", KEY_CHOICE, OFF(beta), 0, 0, "dense|sparse|sign", "prior of beta (tasks chapter)", 0 },
  { "b", KEY_REAL, OFF(b), 0, 1e6, NULL,
    "signal scale, E|beta|^2 = b^2; 0 (the default here; mhicl risk's is 1) means\n"
    "                    unit-variance nonzeros, E|beta|^2 = s (Garg et al.)", 0 },
  { "sigma", KEY_REAL, OFF(sigma), 0, 1e6, NULL, "noise level", 0 },
  { "rho", KEY_REAL, OFF(rho), -1, 1, NULL,
    "correlated covariates: x ~ N(0, Sigma), Sigma_ij = rho^|i-j| (0: Sigma = I)",
    KEY_OPEN_LOW | KEY_OPEN_HIGH | KEY_WRITTEN_IF_SET },
  { "n", KEY_SIZE, OFF(n), 1, 100000, NULL, "context points per prompt", 0 },
  { "curriculum", KEY_BOOL, OFF(curriculum), 0, 1, NULL,
    "grow d and n from d_start, n_start every curriculum_every steps", 0 },
  { "d_start", KEY_SIZE, OFF(d_start), 1, 4096, NULL, "curriculum: first active dimension", 0 },
  { "n_start", KEY_SIZE, OFF(n_start), 1, 100000, NULL, "curriculum: first prompt length", 0 },
  { "d_step", KEY_SIZE, OFF(d_step), 0, 4096, NULL, "curriculum: dimension increment", 0 },
  { "n_step", KEY_SIZE, OFF(n_step), 0, 100000, NULL, "curriculum: prompt-length increment", 0 },
  { "curriculum_every", KEY_SIZE, OFF(curriculum_every), 1, 1e12, NULL,
    "curriculum: steps between increments", 0 },
  { "steps", KEY_SIZE, OFF(steps), 1, 1e12, NULL, "training steps", KEY_RESUMABLE },
  { "batch", KEY_SIZE, OFF(batch), 1, 65536, NULL, "prompts per step", 0 },
  { "lr", KEY_REAL, OFF(lr), 0, 10, NULL, "Adam learning rate", 0 },
  { "beta1", KEY_REAL, OFF(beta1), 0, 0.999999, NULL, "Adam first-moment decay", 0 },
  { "beta2", KEY_REAL, OFF(beta2), 0, 0.999999999, NULL, "Adam second-moment decay", 0 },
  { "eps", KEY_REAL, OFF(eps), 0, 1, NULL, "Adam epsilon (positive)", KEY_OPEN_LOW },
  { "weight_decay", KEY_REAL, OFF(weight_decay), 0, 10, NULL, "AdamW decoupled weight decay", 0 },
  { "clip", KEY_REAL, OFF(clip), 0, 1e12, NULL, "clip the gradient's global norm (0: off)", 0 },
  { "warmup", KEY_SIZE, OFF(warmup), 0, 1e12, NULL, "linear learning-rate warm-up steps", 0 },
  { "schedule", KEY_CHOICE, OFF(cosine), 0, 0, "constant|cosine",
    "learning rate after warm-up: constant, or cosine decay to zero at the last step", 0 },
  { "init_std", KEY_REAL, OFF(init_std), 0, 100, NULL, "standard deviation of initial weights", 0 },
  { "loss", KEY_CHOICE, OFF(query_only), 0, 0, "prefixes|query",
    "loss at every prefix (interleaved) or at the query only", 0 },
  { "eval_every", KEY_SIZE, OFF(eval_every), 0, 1e12, NULL,
    "steps between held-out evaluations (0: only at the end)", KEY_RESUMABLE },
  { "eval_prompts", KEY_SIZE, OFF(eval_prompts), 1, 1e8, NULL, "held-out prompts", KEY_RESUMABLE },
  { "checkpoint_every", KEY_SIZE, OFF(checkpoint_every), 0, 1e12, NULL,
    "steps between checkpoints (0: only at the end)", KEY_RESUMABLE },
  { "seed", KEY_SEED, OFF(seed), 0, 0, NULL, "seed of initialization, batches and held-out set", 0 },
  { "threads", KEY_SIZE, OFF(threads), 1, 64, NULL,
    "threads splitting each batch (results are bitwise reproducible for a fixed count)",
    KEY_RESUMABLE },
  { "log", KEY_PATH, OFF(log), 0, 0, NULL, "CSV log of the run (written atomically)",
    KEY_RESUMABLE },
  { "checkpoint", KEY_PATH, OFF(checkpoint), 0, 0, NULL, "checkpoint file", KEY_RESUMABLE },
  { "task", KEY_CHOICE, OFF(task_kind), 0, 0, "regression|retrieval|multitask",
    "linear regression (tasks chapter), retrieval (retrieval chapter's keys; format = tokens),\n"
    "                    or two regression tasks at once (format = stacked, two read-out rows)", 0 },
  { "d_1", KEY_SIZE, OFF(d_1), 1, 4096, NULL,
    "multi-task: task 1 reads the first d_1 coordinates of x", KEY_MULTITASK },
  { "d_2", KEY_SIZE, OFF(d_2), 1, 4096, NULL,
    "multi-task: task 2 reads the last d_2 coordinates (overlap d_1 + d_2 - d)", KEY_MULTITASK },
};
#define N_TRAIN_KEYS (sizeof train_keys / sizeof train_keys[0])

@ Setting one key from its text. Numbers are parsed strictly, as on the command line of
\.{mhicl risk}. A range may exclude its lower end (|KEY_OPEN_LOW|): Adam's $\epsilon$ must be
positive, since with $\epsilon=0$ a parameter whose gradient is zero gets the update $0/0$ at the
first step, and the run stops there. It may exclude both ends: the correlation $\rho$ of the
covariates lies in the open interval $(-1,1)$, where $\Sigma_{ij}=\rho^{\vert i-j\vert}$ is
positive definite (at $\rho=\pm1$ it is singular, and $x$ has no Cholesky factor). A NaN or an
infinity is never a number here.

@<Training functions@>=
static int choice_index(const char *choices, const char *v)
{
  size_t len = strlen(v);
  int idx = 0;
  for (const char *p = choices; ; idx++) {
    const char *bar = strchr(p, '|');
    size_t l = bar ? (size_t) (bar - p) : strlen(p);
    if (l == len && strncmp(p, v, len) == 0) return idx;
    if (!bar) return -1;
    p = bar + 1;
  }
}

static int parse_number(const char *v, double *out)
{
  char *end;
  errno = 0;
  double x = strtod(v, &end);
  if (errno || end == v || *end != '\0' || !isfinite(x)) return -1;
  *out = x;
  return 0;
}

static const key_spec *find_key(const char *key)
{
  for (size_t i = 0; i < N_TRAIN_KEYS; i++) if (!strcmp(train_keys[i].key, key)) return &train_keys[i];
  return NULL;
}

int train_config_set(train_config *c, const char *key, const char *value, char *err, size_t len)
{
  const key_spec *k = find_key(key);
  if (k == NULL && retrieval_key_known(key))
    return retrieval_spec_set(&c->retrieval, key, value, err, len);
  if (k == NULL) { snprintf(err, len, "unknown key '%s'", key); return -1; }
  char *base = (char *) c + k->offset;
  double x;
  switch (k->type) {
  case KEY_SIZE: case KEY_BOOL:
    if (parse_number(value, &x) || x != floor(x) || x < k->lo || x > k->hi) {
      snprintf(err, len, "%s: '%s' is not an integer in [%g, %g]", key, value, k->lo, k->hi);
      return -1;
    }
    if (k->type == KEY_SIZE) *(size_t *) base = (size_t) x; else *(int *) base = (int) x;
    return 0;
  case KEY_REAL:
    if (parse_number(value, &x) || x < k->lo || x > k->hi
        || ((k->flags & KEY_OPEN_LOW) && x == k->lo)
        || ((k->flags & KEY_OPEN_HIGH) && x == k->hi)) {
      snprintf(err, len, "%s: '%s' is not a number in %c%g, %g%c", key, value,
        (k->flags & KEY_OPEN_LOW) ? '(' : '[', k->lo, k->hi,
        (k->flags & KEY_OPEN_HIGH) ? ')' : ']');
      return -1;
    }
    *(double *) base = x;
    return 0;
  case KEY_SEED: {
    char *end;
    errno = 0;
    unsigned long long u = strtoull(value, &end, 10);
    if (errno || end == value || *end || value[0] == '-') {
      snprintf(err, len, "%s: '%s' is not a seed (0 to 2^64-1)", key, value);
      return -1;
    }
    *(uint64_t *) base = u;
    return 0;
  }
  case KEY_CHOICE: {
    int idx = choice_index(k->choices, value);
    if (idx < 0) { snprintf(err, len, "%s: '%s' is not one of %s", key, value, k->choices); return -1; }
    *(int *) base = idx;
    return 0;
  }
  case KEY_PATH:
    if (strlen(value) >= 256) { snprintf(err, len, "%s: path too long", key); return -1; }
    strcpy(base, value);
    return 0;
  case KEY_SIZE_LIST: case KEY_CHOICE_LIST:
    @<Parse a per-layer list into |base|@>@;
  }
  return 0;
}

@ A list has one entry per layer; a single entry applies to every layer. Every entry must be
there: \.{1,,2} is refused (splitting with |strtok| would read it as \.{1,2}), and so is a list
whose length is neither one nor the number of layers, which |train_config_check| finds once the
number of layers is known (the two keys may come in either order); the length is kept in
|heads_listed| or |attn_listed| for it.

|test_config_lists_and_eps| checks the empty entry, lists of two and four entries for three
layers, and the Adam $\epsilon$ below.

@<Parse a per-layer list...@>=
{
  char buf[512];
  if (strlen(value) >= sizeof buf) { snprintf(err, len, "%s: list too long", key); return -1; }
  strcpy(buf, value);
  size_t count = 0, vals[MAX_LAYERS];
  for (char *tok = buf, *comma; tok; tok = comma ? comma + 1 : NULL) {
    comma = strchr(tok, ',');
    if (comma) *comma = '\0';
    if (*tok == '\0') { snprintf(err, len, "%s: empty entry in '%s'", key, value); return -1; }
    if (count == MAX_LAYERS) { snprintf(err, len, "%s: more than %d entries", key, MAX_LAYERS); return -1; }
    if (k->type == KEY_CHOICE_LIST) {
      int idx = choice_index(k->choices, tok);
      if (idx < 0) { snprintf(err, len, "%s: '%s' is not one of %s", key, tok, k->choices); return -1; }
      vals[count++] = (size_t) idx;
    } else {
      if (parse_number(tok, &x) || x != floor(x) || x < k->lo || x > k->hi) {
        snprintf(err, len, "%s: '%s' is not an integer in [%g, %g]", key, tok, k->lo, k->hi);
        return -1;
      }
      vals[count++] = (size_t) x;
    }
  }
  *(k->type == KEY_CHOICE_LIST ? &c->attn_listed : &c->heads_listed) = count;
  for (size_t l = 0; l < MAX_LAYERS; l++) {
    size_t v = vals[count == 1 ? 0 : (l < count ? l : count - 1)];
    if (k->type == KEY_CHOICE_LIST) ((attn_kind *) base)[l] = (attn_kind) v;
    else ((size_t *) base)[l] = v;
  }
  return 0;
}

@ A configuration file: \.{key = value} per line; blank lines and comments (from a hash sign to
the end of the line) are skipped. Lines are read whole, whatever their length (|getline|): a
reader with a fixed buffer reads a long line as several, so that the end of a long comment
becomes a setting and every later line number is wrong. A NUL byte is refused (C strings would
silently end the line there), as is a key given twice in one file (the second would silently
win), a name that is not a regular file (a folder opens, and reads as empty: a run with every
default), and a read error. Each message names the file and the line.
|test_config_reader_long_lines_and_bad_files| checks each of these, with lines of 2500 to 5000
characters.

@<Training functions@>=
static char *trim(char *s)
{
  while (*s == ' ' || *s == '\t') s++;
  char *e = s + strlen(s);
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r')) *--e = '\0';
  return s;
}

int train_config_read(train_config *c, const char *path, char *err, size_t len)
{
  FILE *f = fopen(path, "r");
  if (f == NULL) { snprintf(err, len, "cannot read '%s': %s", path, strerror(errno)); return -1; }
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(err, len, "'%s' is not a regular file", path);
    fclose(f);
    return -1;
  }
  char *line = NULL, msg[400];
  size_t cap = 0, set_on[N_TRAIN_KEYS] = { 0 };  /* the line that set each key */
  ssize_t n;
  int status = 0;
  size_t lineno = 0;
  while (status == 0 && (n = getline(&line, &cap, f)) >= 0) {
    lineno++;
    if (strlen(line) != (size_t) n) {
      snprintf(err, len, "%s:%zu: NUL byte in the line", path, lineno); status = -1; break;
    }
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    char *s = trim(line);
    if (*s == '\0') continue;
    char *eq = strchr(s, '=');
    if (eq == NULL) { snprintf(err, len, "%s:%zu: expected 'key = value'", path, lineno); status = -1; break; }
    *eq = '\0';
    const char *key = trim(s);
    const key_spec *k = find_key(key);
    if (k && set_on[k - train_keys]) {
      snprintf(err, len, "%s:%zu: %s: also set on line %zu", path, lineno, key, set_on[k - train_keys]);
      status = -1; break;
    }
    if (train_config_set(c, key, trim(eq + 1), msg, sizeof msg) != 0) {
      snprintf(err, len, "%s:%zu: %s", path, lineno, msg);
      status = -1;
    } else if (k) set_on[k - train_keys] = lineno;  /* (a retrieval key: the retrieval chapter's table) */
  }
  if (status == 0 && ferror(f)) { snprintf(err, len, "cannot read '%s': %s", path, strerror(errno)); status = -1; }
  free(line);
  fclose(f);
  return status;
}

@ Writing the configuration back, in the same syntax, so that a checkpoint's configuration
can be read by the same parser. A key marked |KEY_WRITTEN_IF_SET| (a real number) is written
only when it is not zero: \.{rho} came after the first checkpoints were written, and leaving it
out at its default keeps a checkpoint of an uncorrelated run byte for byte what it was, while
an older checkpoint, which has no \.{rho} line, loads with the default $\rho=0$, which is what
it was trained with. |test_config_rho_key| checks both. In the same way the multi-task keys
(|KEY_MULTITASK|) are written only for a multi-task run, whose \.{task = multitask} line records
that the model has two read-out rows: a single-task run's configuration text, and so its
checkpoint, is byte for byte what it was before the multi-task task existed, and a checkpoint
written then loads as the single-output model it is.

@<Training functions@>=
static void write_value(FILE *f, const key_spec *k, const train_config *c)
{
  const char *base = (const char *) c + k->offset;
  switch (k->type) {
  case KEY_SIZE: fprintf(f, "%zu", *(const size_t *) base); break;
  case KEY_BOOL: fprintf(f, "%d", *(const int *) base); break;
  case KEY_REAL: fprintf(f, "%.17g", *(const double *) base); break;
  case KEY_SEED: fprintf(f, "%llu", (unsigned long long) *(const uint64_t *) base); break;
  case KEY_PATH: fprintf(f, "%s", base); break;
  case KEY_CHOICE: case KEY_CHOICE_LIST: case KEY_SIZE_LIST: {
    size_t count = (k->type == KEY_CHOICE) ? 1 : c->arch.n_layers;
    for (size_t l = 0; l < count; l++) {
      size_t v = k->type == KEY_SIZE_LIST ? ((const size_t *) base)[l]
        : k->type == KEY_CHOICE_LIST ? (size_t) ((const attn_kind *) base)[l]
        : (size_t) *(const int *) base;
      if (l) fputc(',', f);
      if (k->type == KEY_SIZE_LIST) fprintf(f, "%zu", v);
      else {
        const char *p = k->choices;
        for (size_t j = 0; j < v; j++) p = strchr(p, '|') + 1;
        const char *bar = strchr(p, '|');
        fprintf(f, "%.*s", (int) (bar ? (size_t) (bar - p) : strlen(p)), p);
      }
    }
  } break;
  }
}

void train_config_write(FILE *f, const train_config *c)
{
  for (size_t i = 0; i < N_TRAIN_KEYS; i++) {
    if ((train_keys[i].flags & KEY_WRITTEN_IF_SET)
        && *(const double *) ((const char *) c + train_keys[i].offset) == 0.0) continue;
    if ((train_keys[i].flags & KEY_MULTITASK) && c->task_kind != TASK_MULTITASK) continue;
    fprintf(f, "%s = ", train_keys[i].key);
    write_value(f, &train_keys[i], c);
    fputc('\n', f);
  }
  if (c->task_kind == TASK_RETRIEVAL) retrieval_spec_write(f, &c->retrieval);
}

@ {\it What may change when a run is resumed.} A checkpoint holds a run; resuming it continues
that run. So a configuration file or option given with \.{--resume} may change only what does
not change the model or its training: the number of steps, the held-out evaluation, checkpoints,
the log and the thread count (the keys marked |KEY_RESUMABLE| in the table; the help text says
which). Any other key is refused if its value differs from the checkpoint's, naming the key;
a key repeated with the checkpoint's own value is accepted, so the file the run was started
with may be given again. |train_config_resume_change| returns the first key that differs and
may not, or |NULL|; it compares the values as the checkpoint writes them, so that two lists
that differ only beyond the number of layers are equal.

@<Training functions@>=
const char *train_config_resume_change(const train_config *stored, const train_config *wanted)
{
  for (size_t i = 0; i < N_TRAIN_KEYS; i++) {
    if (train_keys[i].flags & KEY_RESUMABLE) continue;
    char *a = NULL, *b = NULL;
    size_t la = 0, lb = 0;
    FILE *fa = open_memstream(&a, &la), *fb = open_memstream(&b, &lb);
    write_value(fa, &train_keys[i], stored);
    write_value(fb, &train_keys[i], wanted);
    fclose(fa); fclose(fb);
    int differ = strcmp(a, b) != 0;
    free(a); free(b);
    if (differ) return train_keys[i].key;
  }
  @<Compare the retrieval keys of |stored| and |wanted|@>@;
  return NULL;
}


void train_config_help(FILE *f)
{
  for (size_t i = 0; i < N_TRAIN_KEYS; i++) {
    const key_spec *k = &train_keys[i];
    fprintf(f, "  %-17s %s", k->key, k->doc);
    if (k->choices) fprintf(f, " (%s)", k->choices);
    if (k->flags & KEY_RESUMABLE) fputs(" [may change on --resume]", f);
    if (k->flags & KEY_MULTITASK) fputs(" [task = multitask]", f);
    fputc('\n', f);
  }
  fputs("keys of the retrieval task (task = retrieval, format = tokens):\n", f);
  retrieval_spec_help(f);
}

@ A retrieval model's task keys (the retrieval chapter's) may not change either: they are
compared as the checkpoint writes them, all at once, and the first line that differs names the
key.

@<Compare the retrieval keys...@>=
{
  char *a = NULL, *b = NULL;
  size_t la = 0, lb = 0;
  FILE *fa = open_memstream(&a, &la), *fb = open_memstream(&b, &lb);
  retrieval_spec_write(fa, &stored->retrieval);
  retrieval_spec_write(fb, &wanted->retrieval);
  fclose(fa); fclose(fb);
  static char key[64];
  key[0] = '\0';
  for (const char *p = a, *q = b; *p && *q; ) {
    const char *ep = strchr(p, '\n'), *eq = strchr(q, '\n');
    size_t lp = ep ? (size_t) (ep - p) : strlen(p), lq = eq ? (size_t) (eq - q) : strlen(q);
    if (lp != lq || strncmp(p, q, lp) != 0) {
      size_t k = strcspn(p, " =");
      snprintf(key, sizeof key, "%.*s", (int) (k < 63 ? k : 63), p);
      break;
    }
    if (!ep || !eq) break;
    p = ep + 1; q = eq + 1;
  }
  int differ = strcmp(a, b) != 0;
  free(a); free(b);
  if (differ) return key[0] ? key : "task";
}

@ Checks across keys; it also fills the model's derived fields from the task's. A retrieval task
sets the model's vocabulary, classes and length from its own keys (\.{n} is then the sequence
length, whatever the file says), and it pairs with the token format only: a token model on a
regression task, or the reverse, is refused, as is the regression curriculum on a retrieval
task.

@<Training functions@>=
const char *train_config_check(train_config *c)
{
  static _Thread_local char msg[300];
  c->arch.n_out = c->task_kind == TASK_MULTITASK ? 2 : 1;
  if (c->task_kind == TASK_MULTITASK) @<Refuse a multi-task run that cannot work@>@;
  if (c->task_kind == TASK_RETRIEVAL) {
    if (c->arch.format != FORMAT_TOKENS) return "task = retrieval needs format = tokens";
    if (c->curriculum) return "curriculum grows d and n of a regression task, not a retrieval task";
    if (c->rho != 0.0) return "rho correlates the x of a regression task, not a retrieval task";
    if (retrieval_spec_check(&c->retrieval, msg, sizeof msg) != 0) return msg;
    c->n = retrieval_length(&c->retrieval);
    c->arch.vocab = retrieval_vocab(&c->retrieval);
    c->arch.n_classes = c->retrieval.V;
  } else if (c->arch.format == FORMAT_TOKENS)
    return "format = tokens reads token sequences: set task = retrieval";
  c->arch.d_x = c->d;
  c->arch.n_max = c->n;
  c->arch.n_fixed = c->norm_length ? c->norm_length : c->n;
  if (c->beta != BETA_DENSE && c->s > c->d) return "s exceeds d";
  if (c->curriculum && (c->d_start > c->d || c->n_start > c->n))
    return "curriculum: d_start and n_start must not exceed d and n";
  if (c->arch.format == FORMAT_STACKED && !c->query_only)
    return "the stacked format predicts at the query only: set loss = query";
  size_t listed[2] = { c->heads_listed, c->attn_listed };
  for (int i = 0; i < 2; i++)
    if (listed[i] > 1 && listed[i] != c->arch.n_layers) {
      snprintf(msg, sizeof msg, "%s: %zu entries for %zu layers (give one, or one per layer)",
        i ? "attention" : "heads", listed[i], c->arch.n_layers);
      return msg;
    }
  return model_config_check(&c->arch);
}

@ {\it The multi-task task} (tasks chapter) has two responses per context point and two
at the query, so it needs a model with two read-out rows, and only the stacked format has
them: the interleaved format reads one scalar per position, the token format classes. Its
$\beta_k$ are drawn unscaled, $N(0,I_{d_k})$, and its context noise is $\sqrt{d_k}\,\sigma$:
the keys \.{beta} and \.{b} must keep their defaults (dense, 0: unit-variance coordinates,
which is what the task draws), and \.{sigma} is $\sigma_0$. The curriculum grows the single
task's dimension, which has no meaning for two windows; each window must fit in $d$; and its
covariates are isotropic, so \.{rho} must stay 0. Each
refusal is one line; |test_multitask_config_refusals| checks every one, in the library and through
\.{mhicl train} (exit status 2).

@<Refuse a multi-task run...@>=
{
  if (c->arch.format == FORMAT_INTERLEAVED)
    return "task = multitask needs format = stacked: the interleaved format has one read-out";
  if (c->arch.format == FORMAT_TOKENS)
    return "task = multitask needs format = stacked: the token format reads classes";
  if (c->curriculum) return "curriculum grows one task's d and n, not a multi-task run's";
  if (c->beta != BETA_DENSE || c->b != 0.0)
    return "task = multitask draws beta_k ~ N(0, I_{d_k}): leave beta = dense and b = 0";
  if (c->d_1 > c->d || c->d_2 > c->d) return "d_1 and d_2 must not exceed d";
  if (c->rho != 0.0) return "task = multitask draws x ~ N(0, I): leave rho = 0";
}

@*1 Batches.
@^curriculum@>
Step |step| of a run draws prompts $k=\hbox{step}\cdot B+b$, $b<B$, from the training stream, so a
batch depends only on the seed and the step: resuming from a checkpoint draws exactly the batches
the uninterrupted run would have drawn. Under the curriculum of Garg et al.\ the active dimension
and the prompt length start at |d_start| and |n_start| and grow by |d_step| and |n_step| every
|curriculum_every| steps up to $d$ and $n$; the inactive coordinates of $x$ are zero (the task is
drawn in the active dimension and embedded in the first coordinates).

With $b=0$ the nonzero coordinates of $\beta$ have unit variance, as in Garg et al., so that
$\Ex y^2=s_{\rm active}+\sigma^2$; otherwise $\Ex\norm\beta^2=b^2$ as in the tasks chapter.

With $\rho\ne0$ the covariates are correlated, $x\sim N(0,\Sigma)$ with the tasks chapter's
AR(1) matrix $\Sigma_{ij}=\rho^{\vert i-j\vert}$ on the active coordinates (under the
curriculum, the leading block of the full one). Then |train_task_spec| returns a spec that owns
$\Sigma$ and its Cholesky factor, which its caller frees with |task_spec_free| (for $\rho=0$ it
owns nothing, and the free does nothing). The trainer builds the spec of the full dimension once,
in |trainer_new|, and the training loop and the held-out loss fill their batches from it with
|fill_batch_with|; |fill_batch| builds one for its call and frees it. With $\rho=0$ the spec is
the one used before $\rho$ existed, so the arithmetic of an uncorrelated run is unchanged bit for
bit.

@<Training declarations@>=
void curriculum_at(const train_config *c, size_t step, size_t *d_act, size_t *n_act);
void fill_batch(const train_config *c, size_t d_act, size_t n_act, uint64_t stream,
  uint64_t first_task, prompt_batch *bt, task *t);
void fill_batch_with(const train_config *c, const task_spec *spec, size_t n_act,
  uint64_t stream, uint64_t first_task, prompt_batch *bt, task *t);
double signal_scale(const train_config *c, size_t d_act);
task_spec train_task_spec(const train_config *c, size_t d_act);

@ @<Training functions@>=
void curriculum_at(const train_config *c, size_t step, size_t *d_act, size_t *n_act)
{
  if (!c->curriculum) { *d_act = c->d; *n_act = c->n; return; }
  size_t k = step / c->curriculum_every;
  size_t d = c->d_start + k * c->d_step, n = c->n_start + k * c->n_step;
  *d_act = d < c->d ? d : c->d;
  *n_act = n < c->n ? n : c->n;
}

double signal_scale(const train_config *c, size_t d_act)
{
  size_t nz = c->beta == BETA_DENSE ? d_act : (c->s < d_act ? c->s : d_act);
  return c->b > 0.0 ? c->b : sqrt((double) nz);
}

task_spec train_task_spec(const train_config *c, size_t d_act)
{
  task_spec spec;
  size_t s = c->beta == BETA_DENSE ? d_act : (c->s < d_act ? c->s : d_act);
  task_spec_init(&spec, d_act, s, c->beta, signal_scale(c, d_act), c->sigma);
  if (c->rho != 0.0 && task_spec_set_ar1(&spec, c->rho) != 0)
    mhicl_fatal("rho = %g: not a correlation in (-1, 1)", c->rho);  /* the key's range */
  return spec;
}

@ Filling the tokens. Interleaved: position $2i$ holds $x_i$ and is where $y_i$ is predicted,
position $2i+1$ holds $(y_i,0,\ldots,0)$. Stacked: column $i<n$ holds $(x_i;y_i;0)$, column $n$ the
query $(x_q;0;0)$, whose label is $y_q$.

@<Training functions@>=
static void fill_multitask_batch(const train_config *c, uint64_t stream, uint64_t first_task,
  prompt_batch *bt);
void fill_batch(const train_config *c, size_t d_act, size_t n_act, uint64_t stream,
  uint64_t first_task, prompt_batch *bt, task *t)
{
  task_spec spec = train_task_spec(c, d_act);
  fill_batch_with(c, &spec, n_act, stream, first_task, bt, t);
  task_spec_free(&spec);
}

void fill_batch_with(const train_config *c, const task_spec *spec, size_t n_act,
  uint64_t stream, uint64_t first_task, prompt_batch *bt, task *t)
{
  if (c->task_kind == TASK_RETRIEVAL) {
    retrieval_fill_batch(&c->retrieval, c->seed, stream, first_task, bt);
    return;
  }
  if (c->task_kind == TASK_MULTITASK) { fill_multitask_batch(c, stream, first_task, bt); return; }
  size_t d_act = spec->d;
  const model_config *mc = &c->arch;
  bt->n = n_act; bt->T = model_tokens(mc, n_act);
  size_t T = bt->T, din = bt->d_in, dx = c->d;
  memset(bt->tokens, 0, bt->B * T * din * sizeof(double));
  memset(bt->weight, 0, bt->B * T * sizeof(double));
  memset(bt->target, 0, bt->B * T * bt->R * sizeof(double));
  for (size_t b = 0; b < bt->B; b++) {
    task_sample(spec, n_act, c->seed, stream, first_task + b, t);
    double *tok = bt->tokens + b * T * din, *tg = bt->target + b * T, *w = bt->weight + b * T;
    if (mc->format == FORMAT_INTERLEAVED) {
      for (size_t i = 0; i < n_act; i++) {
        for (size_t j = 0; j < d_act; j++) tok[(2 * i) * din + j] = gsl_matrix_get(t->X, i, j);
        tok[(2 * i + 1) * din] = gsl_vector_get(t->y, i);
        tg[2 * i] = gsl_vector_get(t->y, i);
        w[2 * i] = (!c->query_only || i == n_act - 1) ? 1.0 : 0.0;
      }
    } else {
      for (size_t i = 0; i < n_act; i++) {
        for (size_t j = 0; j < d_act; j++) tok[i * din + j] = gsl_matrix_get(t->X, i, j);
        tok[i * din + dx] = gsl_vector_get(t->y, i);
      }
      for (size_t j = 0; j < d_act; j++) tok[n_act * din + j] = gsl_vector_get(t->x_q, j);
      tg[n_act] = t->y_q;
      w[n_act] = 1.0;
    }
  }
}

@ A multi-task batch: column $i<n$ holds $(x_i;y_{i1};y_{i2})$, the query column
$(x_q;0;0)$, whose two labels are the noiseless responses $y_{q1},y_{q2}$. Prompt $k$ of a stream is
the tasks chapter's |mt_sample| with the run's seed, so a batch depends on the seed and the step
only, as for one task. |train_mt_spec| gives the task's |mt_spec| from the keys.
|test_multitask_batch_layout| checks the layout against |mt_sample|.

@<Training declarations@>=
int train_mt_spec(const train_config *c, mt_spec *spec);

@ @<Training functions@>=
int train_mt_spec(const train_config *c, mt_spec *spec)
{
  return mt_spec_init(spec, c->d, c->d_1, c->d_2, c->sigma);
}

static void fill_multitask_batch(const train_config *c, uint64_t stream, uint64_t first_task,
  prompt_batch *bt)
{
  mt_spec spec;
  if (train_mt_spec(c, &spec) != 0) mhicl_fatal("multi-task batch: d_1 or d_2 outside 1..d");
  size_t n = c->n, dx = c->d, R = spec.N;
  if (bt->R != R) mhicl_fatal("multi-task batch: %zu labels per position, the task has %zu", bt->R, R);
  bt->n = n; bt->T = model_tokens(&c->arch, n);
  size_t T = bt->T, din = bt->d_in;
  memset(bt->tokens, 0, bt->B * T * din * sizeof(double));
  memset(bt->weight, 0, bt->B * T * sizeof(double));
  memset(bt->target, 0, bt->B * T * R * sizeof(double));
  mt_task *t = mt_task_alloc(n, dx, R);
  for (size_t b = 0; b < bt->B; b++) {
    mt_sample(&spec, n, c->seed, stream, first_task + b, t);
    double *tok = bt->tokens + b * T * din, *tg = bt->target + b * T * R, *w = bt->weight + b * T;
    for (size_t i = 0; i < n; i++) {
      for (size_t j = 0; j < dx; j++) tok[i * din + j] = gsl_matrix_get(t->X, i, j);
      for (size_t k = 0; k < R; k++) tok[i * din + dx + k] = gsl_matrix_get(t->Y, i, k);
    }
    for (size_t j = 0; j < dx; j++) tok[n * din + j] = gsl_vector_get(t->x_q, j);
    for (size_t k = 0; k < R; k++) tg[n * R + k] = t->y_q[k];
    w[n] = 1.0;
  }
  mt_task_free(t);
}

@*1 The optimizer.
@^Adam@>
Adam with bias correction and decoupled weight decay (AdamW): for every parameter $\theta$ with
gradient $g$ at step $k=1,2,\ldots$,
$$m\gets\beta_1m+(1-\beta_1)g,\quad v\gets\beta_2v+(1-\beta_2)g^2,\quad
\theta\gets\theta-\alpha_k\Bigl({m/(1-\beta_1^k)\over\sqrt{v/(1-\beta_2^k)}+\epsilon}+\lambda\theta\Bigr).$$
Before the update the gradient is scaled down to global norm |clip| if it is longer. The rate
$\alpha_k$ rises linearly over |warmup| steps and then stays, or decays along half a cosine to zero
at the last step. One loop over the parameter block does it all, because the moments mirror the
parameters.

@<Training types@>=
typedef struct {
  train_config cfg;
  model *m;
  model *replica[64];  /* one per thread when |threads|$\,>1$ */
  task *slice_task[64];  /* the threads' scratch for drawing their slices (thread 0 has its own) */
  double *adam_m, *adam_v;
  task_spec spec;  /* the task at the full dimension (|train_task_spec|), built once */
  size_t step;  /* steps done */
  char log_before[256];  /* the log holding the rows before |step| (a loaded checkpoint's) */
  size_t report_to;  /* progress counts down to this step (0: to the |until| of each call) */
} trainer;

@ @<Training declarations@>=
double learning_rate(const train_config *c, size_t step);
double grad_norm(const model *m);
void adam_step(trainer *tr, double lr);

@ @<Training functions@>=
double learning_rate(const train_config *c, size_t step)
{
  if (c->warmup && step < c->warmup) return c->lr * (double) (step + 1) / (double) c->warmup;
  if (!c->cosine) return c->lr;
  double span = (double) (c->steps > c->warmup ? c->steps - c->warmup : 1);
  double x = (double) (step - c->warmup) / span;
  return 0.5 * c->lr * (1.0 + cos(3.14159265358979323846 * fmin(x, 1.0)));
}

double grad_norm(const model *m)
{
  double s = 0.0;
  for (size_t i = 0; i < m->n_params; i++) s += m->grads[i] * m->grads[i];
  return sqrt(s);
}

void adam_step(trainer *tr, double lr)
{
  const train_config *c = &tr->cfg;
  model *m = tr->m;
  double k = (double) (tr->step + 1);
  double bc1 = 1.0 - pow(c->beta1, k), bc2 = 1.0 - pow(c->beta2, k);
  for (size_t i = 0; i < m->n_params; i++) {
    double g = m->grads[i];
    tr->adam_m[i] = c->beta1 * tr->adam_m[i] + (1.0 - c->beta1) * g;
    tr->adam_v[i] = c->beta2 * tr->adam_v[i] + (1.0 - c->beta2) * g * g;
    double mh = tr->adam_m[i] / bc1, vh = tr->adam_v[i] / bc2;
    m->params[i] -= lr * (mh / (sqrt(vh) + c->eps) + c->weight_decay * m->params[i]);
  }
}

@ {\it Threads.} With |threads|$\,=K>1$ the batch is cut into $K$ slices of consecutive prompts;
thread $i$ runs the forward and backward passes of its slice on replica $i$ (its own gradients
and activations, the master's parameters), each slice dividing by the whole batch's loss weight.
When all are done the master's gradient is the sum of the replicas' in the order
$0,1,\ldots,K-1$, and the loss the sum of theirs. Each thread's arithmetic and the order of the
sum are fixed, so a run is bitwise reproducible for a given $K$; different $K$ round differently.
@^determinism@>

The prompts of a training batch are functions of the seed, the stream and their index, so the
threads can also draw their own slices (|batch_fill_gradients|): each fills its slice with the
same prompts |fill_batch| would put there, all wait at a barrier until the whole batch is drawn
(each slice divides by the whole batch's weight, which only then is known), and go on as above.
The batch is the same to the bit, and so is everything after it; drawing the prompts is two fifths
of a one-thread step of He et al.'s model (39\%, performance chapter). (The retrieval task's batches are drawn before the
threads start, as they always were.)

@<Training declarations@>=
double batch_gradients(trainer *tr, const prompt_batch *bt);
double batch_fill_gradients(trainer *tr, size_t d_act, size_t n_act, uint64_t first,
  prompt_batch *bt, task *t);

@ @<Training functions@>=
typedef struct {
  const train_config *c; size_t d_act, n_act; uint64_t first;
  const task_spec *spec;  /* the trainer's spec at the full dimension, or |NULL|: build one */
} batch_draw;
typedef struct {
  model *m; prompt_batch view; double loss;
  const batch_draw *draw; size_t offset; task *t;  /* the slice's prompts, when it draws them */
  pthread_barrier_t *drawn; const prompt_batch *whole;
} slice_job;

static double total_weight(const prompt_batch *bt)
{
  double W = 0.0;
  for (size_t i = 0; i < bt->B * bt->T; i++) W += bt->weight[i];
  return W;
}

static void draw_slice(const batch_draw *d, size_t offset, prompt_batch *bt, task *t)
{
  if (d->spec != NULL) fill_batch_with(d->c, d->spec, d->n_act, STREAM_TRAIN, d->first + offset, bt, t);
  else fill_batch(d->c, d->d_act, d->n_act, STREAM_TRAIN, d->first + offset, bt, t);
}

static void *slice_worker(void *arg)
{
  slice_job *j = arg;
  if (j->draw != NULL) {
    draw_slice(j->draw, j->offset, &j->view, j->t);
    pthread_barrier_wait(j->drawn);
    j->view.weight_total = total_weight(j->whole);
  }
  model_zero_grads(j->m);
  j->loss = model_forward(j->m, &j->view);
  model_backward(j->m, &j->view);
  return NULL;
}

static double slices_run(trainer *tr, const prompt_batch *bt, const batch_draw *draw, task *t)
{
  size_t K = tr->cfg.threads < bt->B ? tr->cfg.threads : bt->B;
  if (K <= 1 || tr->replica[0] == NULL) {
    if (draw != NULL) draw_slice(draw, 0, (prompt_batch *) bt, t);
    model_zero_grads(tr->m);
    double loss = model_forward(tr->m, bt);
    model_backward(tr->m, bt);
    return loss;
  }
  slice_job job[64];
  pthread_t tid[64];
  pthread_barrier_t drawn;
  double W = draw != NULL ? 0.0 : total_weight(bt);
  if (draw != NULL && pthread_barrier_init(&drawn, NULL, (unsigned) K) != 0)
    mhicl_fatal("cannot make a barrier for %zu threads", K);
  for (size_t i = 0; i < K; i++) {
    size_t a = i * bt->B / K, b = (i + 1) * bt->B / K;
    if (draw != NULL && i > 0 && tr->slice_task[i] == NULL)
      tr->slice_task[i] = task_alloc(tr->cfg.n, tr->cfg.d);
    job[i] = (slice_job) { tr->replica[i], *bt, 0.0, draw, a, i ? tr->slice_task[i] : t, &drawn, bt };
    memcpy(job[i].m->head_mask, tr->m->head_mask, sizeof tr->m->head_mask);
    job[i].view.B = b - a;
    job[i].view.tokens = bt->tokens + a * bt->T * bt->d_in;
    job[i].view.target = bt->target + a * bt->T * bt->R;
    job[i].view.weight = bt->weight + a * bt->T;
    job[i].view.weight_total = W;
    if (i > 0 && pthread_create(&tid[i], NULL, slice_worker, &job[i]) != 0)
      mhicl_fatal("cannot start thread %zu", i);
  }
  slice_worker(&job[0]);
  for (size_t i = 1; i < K; i++) pthread_join(tid[i], NULL);
  if (draw != NULL) pthread_barrier_destroy(&drawn);
  double loss = 0.0;
  memcpy(tr->m->grads, job[0].m->grads, tr->m->n_params * sizeof(double));
  loss = job[0].loss;
  for (size_t i = 1; i < K; i++) {
    const double *g = job[i].m->grads;
    for (size_t p = 0; p < tr->m->n_params; p++) tr->m->grads[p] += g[p];
    loss += job[i].loss;
  }
  return loss;
}

double batch_gradients(trainer *tr, const prompt_batch *bt)
{
  return slices_run(tr, bt, NULL, NULL);
}

double batch_fill_gradients(trainer *tr, size_t d_act, size_t n_act, uint64_t first,
  prompt_batch *bt, task *t)
{
  const train_config *c = &tr->cfg;
  if (c->task_kind == TASK_RETRIEVAL) {
    fill_batch(c, d_act, n_act, STREAM_TRAIN, first, bt, t);
    return batch_gradients(tr, bt);
  }
  batch_draw draw = { c, d_act, n_act, first, d_act == c->d ? &tr->spec : NULL };
  bt->n = n_act; bt->T = model_tokens(&c->arch, n_act);
  return slices_run(tr, bt, &draw, t);
}

@*1 Checkpoints.
@^checkpoint file@>
A checkpoint is one binary file:
\item{$\bullet$} the magic bytes \.{MHICLCKP} and the format version (a 32-bit integer, now 1);
\item{$\bullet$} the configuration, as the text |train_config_write| makes, with its length;
\item{$\bullet$} the step, the number of parameters, then the parameters and Adam's two moments as
raw doubles (little-endian, IEEE~754, as on every machine we run on);
\item{$\bullet$} a 64-bit FNV-1a checksum of every byte before it.

\noindent There is no separate random-generator state to save: batches are functions of the seed
(in the configuration) and the step. The file is written to a temporary name and renamed, so a
checkpoint on disk is always complete. Loading checks, in this order, that the file can be read
and is a regular file, that it starts with the magic (else: not an mhicl checkpoint), that the
version is known, that the file's size is the size its header announces (else: truncated, or
trailing bytes), that the checksum matches (else: corrupted), that the configuration parses and
agrees with the parameter count, and that the state is possible: every parameter and moment
finite, the second moments not negative, and the step not beyond the run's step count (a
checkpoint is written at a step of its own run, never after its last); each failure is one line
naming it.

The order matters. Nothing the configuration text asks for is allocated before the checksum has
been verified: a damaged text asking for batch 65536 and $n=100000$ would otherwise ask for
terabytes and end the program with ``out of memory'' instead of ``corrupted''. So the header
(at most a megabyte of text) is read first, the size is checked against it, the checksum is
computed by streaming through the file, and only then is the trainer allocated and the
parameters read, in a second pass. The test \hfil\break
|test_checkpoint_checksum_before_allocation| loads such a file (in a child process, so that the
other order fails the test instead of ending it), and \hfil\break
|test_checkpoint_refuses_impossible_state| gives a NaN parameter, an infinite moment and the step
$2^{64}-1$ under valid checksums.

@<Training declarations@>=
int checkpoint_save(const trainer *tr, const char *path, char *err, size_t len);
trainer *checkpoint_load(const char *path, char *err, size_t len);
int train_resume_outputs(train_config *c, const train_config *stored, const char *resumed,
  char *err, size_t len);
trainer *trainer_new(const train_config *c);
void trainer_reconfigure(trainer *tr, const train_config *c);
void trainer_free(trainer *tr);

@ @<Training functions@>=
#define CKPT_MAGIC "MHICLCKP"
#define CKPT_VERSION 1u
static uint64_t fnv1a(uint64_t h, const void *data, size_t n)
{
  const unsigned char *p = data;
  for (size_t i = 0; i < n; i++) { h ^= p[i]; h *= 0x100000001b3ULL; }
  return h;
}
#define FNV_OFFSET 0xcbf29ce484222325ULL

trainer *trainer_new(const train_config *c)
{
  trainer *tr = xcalloc(1, sizeof *tr);
  tr->cfg = *c;
  tr->m = model_alloc(&tr->cfg.arch, c->batch);
  tr->adam_m = xcalloc(tr->m->n_params, sizeof(double));
  tr->adam_v = xcalloc(tr->m->n_params, sizeof(double));
  tr->spec = train_task_spec(c, c->d);
  tr->step = 0;
  if (c->threads > 1)
    for (size_t i = 0; i < c->threads; i++)
      tr->replica[i] = model_alloc_replica(tr->m, (c->batch + c->threads - 1) / c->threads);
  return tr;
}

void trainer_reconfigure(trainer *tr, const train_config *c)
{  /* a resumed run's new configuration: only the replicas depend on what may change */
  for (size_t i = 0; i < 64; i++) { task_free(tr->slice_task[i]); tr->slice_task[i] = NULL; }
  if (c->threads != tr->cfg.threads) {
    for (size_t i = 0; i < 64; i++) { model_free(tr->replica[i]); tr->replica[i] = NULL; }
    if (c->threads > 1)
      for (size_t i = 0; i < c->threads; i++)
        tr->replica[i] = model_alloc_replica(tr->m, (c->batch + c->threads - 1) / c->threads);
  }
  tr->cfg = *c;
}

void trainer_free(trainer *tr)
{
  if (tr == NULL) return;
  for (size_t i = 0; i < 64; i++) { model_free(tr->replica[i]); task_free(tr->slice_task[i]); }
  task_spec_free(&tr->spec);
  model_free(tr->m); free(tr->adam_m); free(tr->adam_v); free(tr);
}

@ Saving: every write goes through |put|, which also feeds the checksum.

@<Training functions@>=
typedef struct { FILE *f; uint64_t h; } ckpt_writer;
static void put(ckpt_writer *w, const void *data, size_t n)
{
  fwrite(data, 1, n, w->f);  /* a failure stays in the stream's error state */
  w->h = fnv1a(w->h, data, n);
}

int checkpoint_save(const trainer *tr, const char *path, char *err, size_t len)
{
  atomic_file af;
  if (atomic_open(&af, path) != 0) {
    snprintf(err, len, "cannot write checkpoint '%s': %s", path, af.why);
    return -1;
  }
  char *text = NULL; size_t tlen = 0;
  FILE *mem = open_memstream(&text, &tlen);
  train_config_write(mem, &tr->cfg);
  fclose(mem);
  ckpt_writer w = { af.f, FNV_OFFSET };
  uint32_t version = CKPT_VERSION;
  uint64_t tl = tlen, step = tr->step, np = tr->m->n_params;
  put(&w, CKPT_MAGIC, 8); put(&w, &version, 4); put(&w, &tl, 8); put(&w, text, tlen);
  put(&w, &step, 8); put(&w, &np, 8);
  put(&w, tr->m->params, np * sizeof(double));
  put(&w, tr->adam_m, np * sizeof(double));
  put(&w, tr->adam_v, np * sizeof(double));
  uint64_t sum = w.h;
  fwrite(&sum, 8, 1, af.f);
  free(text);
  if (atomic_commit(&af) != 0) {  /* a failed |fwrite| above is kept by the stream: its reason */
    snprintf(err, len, "cannot write checkpoint '%s': %s", path, af.why);
    return -1;
  }
  return 0;
}

@ Loading, with a check after every read.

@<Training functions@>=
typedef struct { FILE *f; uint64_t h; } ckpt_reader;
static int get(ckpt_reader *r, void *data, size_t n)
{
  if (fread(data, 1, n, r->f) != n) return -1;
  r->h = fnv1a(r->h, data, n);
  return 0;
}

trainer *checkpoint_load(const char *path, char *err, size_t len)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL) { snprintf(err, len, "cannot read checkpoint '%s': %s", path, strerror(errno)); return NULL; }
  ckpt_reader r = { f, FNV_OFFSET };
  char magic[8]; uint32_t version; uint64_t tl, step, np, sum;
  char *text = NULL;
  trainer *tr = NULL;
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(err, len, "checkpoint '%s' is not a regular file", path); goto fail;
  }
  if (get(&r, magic, 8) || memcmp(magic, CKPT_MAGIC, 8) != 0) {
    snprintf(err, len, "'%s' is not an mhicl checkpoint (bad magic)", path); goto fail;
  }
  if (get(&r, &version, 4)) goto truncated;
  if (version != CKPT_VERSION) {
    snprintf(err, len, "'%s': unsupported checkpoint version %u (this program reads %u)", path,
      version, CKPT_VERSION);
    goto fail;
  }
  if (get(&r, &tl, 8)) goto truncated;
  if (tl > (1u << 20)) { snprintf(err, len, "'%s' is corrupted (configuration length)", path); goto fail; }
  text = xcalloc(tl + 1, 1);
  if (get(&r, text, tl) || get(&r, &step, 8) || get(&r, &np, 8)) goto truncated;
  @<Check the size and the checksum before allocating anything@>@;
  @<Parse the stored configuration and make the trainer@>@;
  if (fseek(f, (long) (36 + tl), SEEK_SET) != 0
      || fread(tr->m->params, sizeof(double), np, f) != np
      || fread(tr->adam_m, sizeof(double), np, f) != np
      || fread(tr->adam_v, sizeof(double), np, f) != np) goto truncated;
  @<Refuse an impossible state@>@;
  tr->step = step;
  snprintf(tr->log_before, sizeof tr->log_before, "%s", tr->cfg.log);
  free(text); fclose(f);
  return tr;
truncated:
  snprintf(err, len, "'%s' is truncated", path);
fail:
  free(text); trainer_free(tr); fclose(f);
  return NULL;
}

@ The header fixes the file's size: 36 bytes of fixed fields, the text, three blocks of |np|
doubles and the checksum. (The bound on |np| keeps the product from overflowing.)

@<Check the size and the checksum...@>=
{
  uint64_t head = 36 + tl, size = (uint64_t) st.st_size;
  if (np > size / 24 || size < head + 24 * np + 8) goto truncated;
  if (size > head + 24 * np + 8) {
    snprintf(err, len, "'%s' has trailing bytes after the checksum", path); goto fail;
  }
  unsigned char buf[1 << 16];
  for (uint64_t left = 24 * np; left > 0; ) {
    size_t k = left < sizeof buf ? (size_t) left : sizeof buf;
    if (get(&r, buf, k)) goto truncated;
    left -= k;
  }
  if (fread(&sum, 8, 1, f) != 1) goto truncated;
  if (sum != r.h) { snprintf(err, len, "'%s' is corrupted (checksum mismatch)", path); goto fail; }
}

@ @<Refuse an impossible state@>=
for (uint64_t i = 0; i < np; i++)
  if (!isfinite(tr->m->params[i]) || !isfinite(tr->adam_m[i]) || !isfinite(tr->adam_v[i])
      || tr->adam_v[i] < 0.0) {
    snprintf(err, len, "'%s' holds a state that is not finite (parameter %llu)", path,
      (unsigned long long) i);
    goto fail;
  }
if (step > tr->cfg.steps) {
  snprintf(err, len, "'%s' is at step %llu of a run of %zu steps: impossible", path,
    (unsigned long long) step, tr->cfg.steps);
  goto fail;
}

@ The configuration is parsed line by line with the same function as a configuration file; a
parameter count that disagrees with the configuration means the file is corrupted (or written by
a program with a different layout).

@<Parse the stored configuration...@>=
{
  train_config c;
  train_config_default(&c);
  char msg[400];
  for (char *save = NULL, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char *eq = strchr(line, '=');
    if (eq == NULL) { snprintf(err, len, "'%s' is corrupted (configuration)", path); goto fail; }
    *eq = '\0';
    if (train_config_set(&c, trim(line), trim(eq + 1), msg, sizeof msg) != 0) {
      snprintf(err, len, "'%s' is corrupted (configuration: %s)", path, msg); goto fail;
    }
  }
  const char *bad = train_config_check(&c);
  if (bad) { snprintf(err, len, "'%s' is corrupted (configuration: %s)", path, bad); goto fail; }
  tr = trainer_new(&c);
  if (tr->m->n_params != np) {
    snprintf(err, len, "'%s' is corrupted (%llu parameters, the configuration needs %zu)", path,
      (unsigned long long) np, tr->m->n_params);
    goto fail;
  }
}

@ {\it Where a resumed run writes.} A checkpoint records the paths of its checkpoint and log as
they were given when the run started. Writing there on resume would be wrong whenever the file
resumed from is not that file: resuming a copy (\.{cp orig.ckpt backup.ckpt}) would overwrite the
original and its log and leave the copy as it was. So a resumed run writes its checkpoint to the
file it was resumed from, unless a checkpoint path is given (on the command line or in a
configuration file) that differs from the recorded one. Its log, if the run has one and no other
path is given, stays where it was when the checkpoint is the very file the run was writing (the
recorded checkpoint path names the same file, by device and inode, so a run continued in place
keeps its log); otherwise the log goes beside the resumed checkpoint, named after it: \.{.ckpt}
replaced by (or, without it, followed by) \.{.log.csv}, so \.{backup.ckpt} logs to
\.{backup.log.csv}. The rows before the checkpoint are still read from the recorded log.
|test_cli_resume_writes_resumed_checkpoint| (\.{tests/test\_cli.c}) checks both cases: the original
checkpoint and log are left byte for byte as they were.

@<Training functions@>=
int train_resume_outputs(train_config *c, const train_config *stored, const char *resumed,
  char *err, size_t len)
{
  char log[256];
  int in_place = same_file(resumed, stored->checkpoint);
  if (strcmp(c->log, stored->log) == 0 && c->log[0] && !in_place) {
    size_t n = strlen(resumed);
    if (n > 5 && strcmp(resumed + n - 5, ".ckpt") == 0) n -= 5;
    if (n + 8 >= sizeof log) { snprintf(err, len, "--resume: '%s': path too long for its log", resumed); return -1; }
    snprintf(log, sizeof log, "%.*s.log.csv", (int) n, resumed);
    strcpy(c->log, log);
  }
  if (strcmp(c->checkpoint, stored->checkpoint) == 0) {
    if (strlen(resumed) >= sizeof c->checkpoint) { snprintf(err, len, "--resume: path too long"); return -1; }
    strcpy(c->checkpoint, resumed);
  }
  return 0;
}

@*1 The training loop.
Each step: the curriculum's size, a batch, forward, backward, a check that the loss and the
gradient are finite (else the run stops naming the step), clipping, the Adam step. Every
|eval_every| steps and at the end the model is evaluated on a fixed held-out set (prompts
$0,\ldots,$|eval_prompts|$-1$ of the held-out stream at the full $d$ and $n$), and a row goes to the
log: step, training loss, held-out loss, learning rate, active $d$ and $n$, elapsed seconds.
Progress goes to |stderr| about once a second.

@<Training declarations@>=
double heldout_loss(trainer *tr);
int train_run(trainer *tr, size_t until, int progress, char *err, size_t len);
int trainer_query_only(trainer *tr, int on);

@ Training and the held-out loss read the loss and nothing else, so they turn on the transformer
chapter's reduced pass of the last layer (it is taken where the loss sits at the query alone,
and gives the full pass's bits) for the master and every replica, and restore the previous
setting when they return.

@<Training functions@>=
int trainer_query_only(trainer *tr, int on)
{
  for (size_t i = 0; i < 64; i++)
    if (tr->replica[i] != NULL) model_set_query_only(tr->replica[i], on);
  return model_set_query_only(tr->m, on);
}

@ The held-out loss is the model's own loss (the same weights per position as in training) on
the held-out prompts, in batches of the training batch size.

@<Training functions@>=
double heldout_loss(trainer *tr)
{
  const train_config *c = &tr->cfg;
  prompt_batch *bt = batch_alloc(&c->arch, c->batch, c->n);
  task *t = task_alloc(c->n, c->d);
  double total = 0.0;
  size_t done = 0;
  int was = trainer_query_only(tr, 1);
  while (done < c->eval_prompts) {
    size_t B = c->eval_prompts - done < c->batch ? c->eval_prompts - done : c->batch;
    bt->B = B;
    fill_batch_with(c, &tr->spec, c->n, STREAM_HELDOUT, done, bt, t);
    total += model_forward(tr->m, bt) * (double) B;
    done += B;
  }
  trainer_query_only(tr, was);
  batch_free(bt); task_free(t);
  return total / (double) c->eval_prompts;
}

@ {\it Risk per output.} A model with several read-out rows is judged row by row: task $k$'s
risk is ${\Ex}(\hat y_{qk}-y_{qk})^2$, the mean over prompts of the squared error of read-out
row $k$ at the query. |output_errors| writes, for prompts $0,\ldots,P-1$ of a stream drawn with a
given seed, the squared error of every row at the query, |err[p*R+r]| (stacked format; the
prompts are those |fill_batch| draws, so an estimator can be run on the very same ones). A
multi-task run's log has, after the usual columns, the held-out risk of each output
(\.{heldout\_out1}, \.{heldout\_out2}); its held-out loss is their mean.
|test_multitask_batch_layout| checks that identity on a trained-for-one-step model.

@<Training declarations@>=
void output_errors(trainer *tr, uint64_t seed, uint64_t stream, size_t prompts, double *err);

@ @<Training functions@>=
void output_errors(trainer *tr, uint64_t seed, uint64_t stream, size_t prompts, double *err)
{
  train_config c = tr->cfg;
  c.seed = seed;
  prompt_batch *bt = batch_alloc(&c.arch, c.batch, c.n);
  task *t = task_alloc(c.n, c.d);
  size_t R = bt->R, q = c.n;
  for (size_t done = 0; done < prompts; ) {
    size_t B = prompts - done < c.batch ? prompts - done : c.batch;
    bt->B = B;
    fill_batch(&c, c.d, c.n, stream, done, bt, t);
    model_forward(tr->m, bt);
    for (size_t b = 0; b < B; b++)
      for (size_t r = 0; r < R; r++) {
        size_t i = (b * bt->T + q) * R + r;
        double e = tr->m->pred[i] - bt->target[i];
        err[(done + b) * R + r] = e * e;
      }
    done += B;
  }
  batch_free(bt); task_free(t);
}

static void log_output_risks(FILE *logf, trainer *tr)
{
  size_t R = model_outputs(&tr->cfg.arch), P = tr->cfg.eval_prompts;
  double *err = xmalloc(P * R * sizeof(double));
  output_errors(tr, tr->cfg.seed, STREAM_HELDOUT, P, err);
  for (size_t r = 0; r < R; r++) fprintf(logf, ",%.17g", mc_summarize(err + r, P, R).mean);
  free(err);
}

@ A retrieval run's log has, after those columns, the exact-match accuracy at every depth of
the destinations (with IC labels) and at the query (with a query), on the same held-out
sequences, so that a log shows which depths are learned when.

@<Training functions@>=
static void log_retrieval_accuracy(FILE *logf, trainer *tr)
{
  const train_config *c = &tr->cfg;
  retrieval_acc acc;
  retrieval_evaluate(tr->m, &c->retrieval, c->seed, STREAM_HELDOUT, c->eval_prompts, c->batch,
    &acc);
  for (size_t k = 1; k <= acc.D; k++)
    if (c->retrieval.ic) fprintf(logf, ",%.6f", retrieval_acc_interval(&acc, k, 1.96).mean);
    else fprintf(logf, ",");
  if (c->retrieval.query) fprintf(logf, ",%.6f", retrieval_acc_interval(&acc, 0, 1.96).mean);
  retrieval_acc_free(&acc);
}

@ The loop runs until step |until| (at most |steps|). The log is kept in memory and written
(atomically) with every checkpoint and at the end. A caller that trains in segments (a unit that
records its layer along training) sets |report_to| to the run's last step, so that the progress
line counts the time left to the end of the run, not of the segment.

@<Training functions@>=
static int write_log(const char *path, const char *text, size_t n, char *err, size_t len);
int train_run(trainer *tr, size_t until, int progress, char *err, size_t len)
{
  train_config *c = &tr->cfg;
  prompt_batch *bt = batch_alloc(&c->arch, c->batch, c->n);
  task *t = task_alloc(c->n, c->d);
  char *log = NULL; size_t log_len = 0;
  FILE *logf = open_memstream(&log, &log_len);
  @<Start the log, keeping the rows of an earlier part of this run@>@;
  double start = mhicl_seconds(), last_report = start;
  size_t first = tr->step;
  int status = 0, was = trainer_query_only(tr, 1);
  if (until > c->steps) until = c->steps;
  while (tr->step < until) {
    size_t d_act, n_act;
    curriculum_at(c, tr->step, &d_act, &n_act);
    double loss = batch_fill_gradients(tr, d_act, n_act, (uint64_t) tr->step * c->batch, bt, t);
    double gn = grad_norm(tr->m);
    if (!isfinite(loss) || !isfinite(gn)) {
      snprintf(err, len, "step %zu: %s is not finite (loss %g, gradient norm %g)", tr->step,
        !isfinite(loss) ? "the loss" : "the gradient", loss, gn);
      status = -1; break;
    }
    if (c->clip > 0.0 && gn > c->clip)
      for (size_t i = 0; i < tr->m->n_params; i++) tr->m->grads[i] *= c->clip / gn;
    double lr = learning_rate(c, tr->step);
    adam_step(tr, lr);
    tr->step++;
    @<Evaluate, log and checkpoint when due@>@;
    @<Report progress about once a second@>@;
  }
  trainer_query_only(tr, was);
  fclose(logf);
  if (status == 0 && c->log[0]) status = write_log(c->log, log, log_len, err, len);
  if (status == 0 && c->log[0]) snprintf(tr->log_before, sizeof tr->log_before, "%s", c->log);
  free(log);
  batch_free(bt); task_free(t);
  return status;
}

@ @<Evaluate, log and checkpoint...@>=
{
  int last = tr->step == until;
  if ((c->eval_every && tr->step % c->eval_every == 0) || last) {
    double held = heldout_loss(tr);
    fprintf(logf, "%zu,%.17g,%.17g,%.17g,%zu,%zu,%.3f", tr->step, loss, held, lr, d_act, n_act,
      mhicl_seconds() - start);
    if (c->task_kind == TASK_RETRIEVAL) log_retrieval_accuracy(logf, tr);
    if (c->task_kind == TASK_MULTITASK) log_output_risks(logf, tr);
    fputc('\n', logf);
    if (progress)
      fprintf(stderr, "train: step %zu  loss %.4g  held-out %.4g\n", tr->step, loss, held);
  }
  if (c->checkpoint[0] && ((c->checkpoint_every && tr->step % c->checkpoint_every == 0) || last)) {
    fflush(logf);
    if (checkpoint_save(tr, c->checkpoint, err, len) != 0
        || (c->log[0] && write_log(c->log, log, log_len, err, len) != 0)) { status = -1; break; }
  }
}

@ @<Report progress...@>=
if (progress) {
  double now = mhicl_seconds();
  if (now - last_report >= 1.0) {
    double rate = (double) (tr->step - first) / (now - start);
    size_t to = tr->report_to > until ? tr->report_to : until;
    fprintf(stderr, "train: step %zu/%zu  loss %.4g  %.1f steps/s  %.0f s left\n", tr->step,
      to, loss, rate, (double) (to - tr->step) / rate);
    last_report = now;
  }
}

@ The log file's header, and on a resumed run the rows the earlier part wrote (those with a step
not after the checkpoint's), so that the log of a resumed run is the log of an uninterrupted one.
The earlier rows are read from the log the checkpoint names (|log_before|), which is only read:
a resumed copy writes its log elsewhere (see |train_resume_outputs|).

@<Start the log...@>=
fprintf(logf, "step,loss,heldout_loss,lr,d_active,n_active,seconds");
if (c->task_kind == TASK_RETRIEVAL) {
  for (size_t k = 1; k <= c->retrieval.D; k++) fprintf(logf, ",acc_depth%zu", k);
  if (c->retrieval.query) fprintf(logf, ",acc_query");
}
if (c->task_kind == TASK_MULTITASK)
  for (size_t r = 1; r <= model_outputs(&c->arch); r++) fprintf(logf, ",heldout_out%zu", r);
fputc('\n', logf);
if (c->log[0] && tr->step > 0 && tr->log_before[0]) {
  FILE *old = fopen(tr->log_before, "r");
  char *line = NULL;  /* whole rows of any length: a retrieval log has a column per depth */
  size_t cap = 0;
  if (old) {
    if (getline(&line, &cap, old) > 0)
      while (getline(&line, &cap, old) > 0) {
        unsigned long long s = strtoull(line, NULL, 10);
        if (s <= tr->step) fputs(line, logf);
      }
    fclose(old);
  }
  free(line);
}

@ @<Training functions@>=
static int write_log(const char *path, const char *text, size_t n, char *err, size_t len)
{
  atomic_file af;
  if (atomic_open(&af, path) != 0) { snprintf(err, len, "cannot write log '%s': %s", path, af.why); return -1; }
  fwrite(text, 1, n, af.f);  /* a failure is kept by the stream and reported by the commit */
  if (atomic_commit(&af) != 0) { snprintf(err, len, "cannot write log '%s': %s", path, af.why); return -1; }
  return 0;
}

@ Tests, in \.{tests/test\_train.c}. |test_adam_matches_hand_computation| checks two Adam steps
with bias correction on a hand-computed example to $10^{-15}$.
|test_config_file_and_errors| reads a configuration file, checks the values, and checks that an
unknown key and a bad value are refused with the line number in the message.
|test_checkpoint_roundtrip_and_bad_files| saves and loads a checkpoint bitwise, and checks that a
truncated file, a file with one flipped byte, and a foreign file are each refused with their own
message. |test_resume_is_bitwise_identical| trains 6 steps in one go and 3+3 steps through a
checkpoint and asserts identical parameters and moments;
|test_train_in_segments_is_bitwise_identical| trains the same 6 steps in one call of |train_run|
and in four calls (to steps 1, 2, 4 and 6, with the held-out loss read between them), with a
warm-up, the cosine schedule, $\rho=0.5$ and one and two threads, and asserts the same: a run may
stop anywhere to be looked at. |test_config_rho_key| checks the key $\rho$: the refusals (also of
a retrieval task with $\rho$; on the command line, one line and exit status~2, in
|test_cli_rejects_bad_input|, and a change on resume in |test_cli_config_and_resume|), the
configuration text, the checkpoint and its bitwise resume, and the covariance of the covariates in
a batch. |test_nonfinite_loss_stops_run| puts a NaN in the parameters and checks that the run stops at
that step with a message naming it. |test_threads_split_batch_exactly| checks that two threads give the one-thread gradient to
rounding and that two-thread runs are bitwise reproducible. |test_training_reduces_loss| trains the theory's
one-layer linear-attention model for 300 steps and asserts that the held-out loss fell below half
its initial value.
|test_retrieval_training_config_and_bitwise_resume| sets a retrieval task from its keys, checks the
token model's vocabulary, classes and length that follow from them, the refusals of a token model
with a regression task and the reverse (and of an impossible task and the curriculum), that a
checkpoint records the task's keys, and that a token model resumed from a checkpoint ends bitwise
where the uninterrupted run ends. Its log has the columns of accuracy per depth, with values in $[0,1]$.

@*1 Further reading. D. Kingma and J. Ba, ``Adam'' (2015); I. Loshchilov and F. Hutter,
``Decoupled weight decay regularization'' (2019). Garg et al.\ (2022) for the curriculum.
