@* The retrieval problem.
@^retrieval problem@>
@^Musat, T.@>
This chapter begins the third result of the book, Musat's study of stacked attention heads
(``Mechanism and emergence of stacked attention heads in multi-layer transformers'', ICLR 2025).
Its task is multi-hop lookup: a sequence states facts such as ``$a:=7$, $c:=a$, $f:=c$'' among
facts about other variables, and asks for the value of $f$. Answering needs $D$ hops, and the
paper's Theorem~1 says that a transformer needs at least $\log_3(2D)$ layers to bring the answer
to the query. The chapter has three parts: the task generator with its switches and the
bookkeeping of accuracy per hop depth; the theorem, with our reconstruction of its proof and a
simulation of the information flow that checks it; and an explicit algorithm, pointer doubling,
with the number of layers it needs, set against the bound.

The paper's body and code were not available to us. What the book attributes to the paper is what
its abstract and its reviewers state: the task, the implicit curriculum, the bound
$t\ge\log_3(2D)$ under an assumption on what attention can select, and the largest depths
$\lfloor3^t/2\rfloor=1,4,13,40,121$ for $t=1,\ldots,5$ layers. The token format, the switches,
the precise model of information flow, the exact thresholds and the construction are ours.

@(generated/retrieval.h@>=
#ifndef MHICL_RETRIEVAL_H
#define MHICL_RETRIEVAL_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "support.h"
#include "transformer.h"
@<Retrieval types@>@;
@<Retrieval declarations@>@;
#endif

@ @(generated/retrieval.c@>=
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "support.h"
#include "retrieval.h"
@<Retrieval functions@>@;

@*1 The task.
@^implicit curriculum@>
The vocabulary has $V$ {\it value} tokens $v_0,\ldots,v_{V-1}$ and $N$ {\it variable} tokens
$x_0,\ldots,x_{N-1}$, and two markers: the query marker $Q$ and a beginning-of-sequence token.
A {\it fact} is two tokens $[s\ d]$, read $d:=s$; its {\it source} $s$ is a value or a variable, its
{\it destination} $d$ a variable. A {\it chain} of depth $D$ is $D$ facts
$$[v\ x_{a_1}]\ [x_{a_1}\ x_{a_2}]\ \ldots\ [x_{a_{D-1}}\ x_{a_D}],$$
so that every variable of the chain resolves to the chain's {\it root value} $v$, and $x_{a_k}$
does so in $k$ hops. A sequence holds $K$ chains of depth $D$ with $KD$ distinct variables: its
$KD$ facts are interleaved at random, each chain's facts in their order (a switch shuffles the
order within each chain as well). So the sequence has $2KD$ tokens, one more at the start with
the beginning token, and one or two more at the end with a query.

Two ways of labelling it:
\item{$\bullet$} {\it Implicit curriculum} (IC, the paper's term): a label at the destination of
every fact, the value to which that variable resolves. The destination of the $k$th fact of a
chain is a $k$-hop sub-problem, so one sequence holds every depth $1,\ldots,D$, $K$ times each, and
the easy depths can be learned first.
\item{$\bullet$} {\it Query only} (non-IC): the sequence ends with the query ``$Q\ x_{a_D}$'' for
one chain chosen at random, and the last position alone is labelled, with that chain's root
value ($D$ hops).

\noindent With IC labels a query may be appended too; it is then labelled as well. Without the
query marker the query is the variable alone.

@ A worked example, with $K=2$, $D=3$ and the variables
$a,b,\ldots,f$ written $x_0,\ldots,x_5$: chains $7\to a\to c\to f$ and $2\to b\to d\to e$, facts
in the chain order $0,1,0,1,0,1$:
$$v_7\ a\quad v_2\ b\quad a\ c\quad b\ d\quad c\ f\quad d\ e\qquad Q\ f$$
The IC labels sit on $a,b,c,d,f,e$ (the destinations) with values $7,2,7,2,7,2$ and depths
$1,1,2,2,3,3$; with the query, the last position ($f$ after $Q$) is labelled $7$, depth~3.
|test_retrieval_worked_example| builds exactly these choices and checks every token, label
and depth, and the text the sequence prints as.

@ The switches are the keys of |retrieval_spec|; the table |retrieval_keys| below documents them
and parses \.{key = value} settings the way the training chapter's table does, so that a
configuration file can set them.

\medskip
\halign{\quad\tt#\hfil&\quad#\hfil&\quad#\hfil\cr
{\rm key}&default&meaning\cr
values&10&$V$, value tokens\cr
variables&26&$N$, variable tokens\cr
chains&2&$K$, chains per sequence\cr
depth&3&$D$, facts per chain\cr
ic&1&labels at every destination (1) or at the query only (0)\cr
query&0&append a query for a random chain\cr
marker&1&the query is ``$Q\ x$'' (1) or ``$x$'' (0)\cr
bos&0&a beginning-of-sequence token first\cr
shuffle&0&shuffle the facts within each chain too\cr
distinct\_values&1&the chains' root values are distinct\cr}
\medskip

\noindent With distinct root values a model that answers with the root of the wrong chain is
wrong; with independent ones it would be right by luck $1/V$ of the time.

@<Retrieval types@>=
typedef struct {
  size_t V, N, K, D;  /* values, variables, chains, depth */
  int ic, query, marker, bos, shuffle, distinct_values;  /* switches */
} retrieval_spec;

@ @<Retrieval declarations@>=
void retrieval_spec_default(retrieval_spec *s);
int retrieval_spec_set(retrieval_spec *s, const char *key, const char *value, char *err,
  size_t len);
int retrieval_spec_check(const retrieval_spec *s, char *err, size_t len);
void retrieval_spec_help(FILE *f);

@ @<Retrieval functions@>=
void retrieval_spec_default(retrieval_spec *s)
{
  s->V = 10; s->N = 26; s->K = 2; s->D = 3;
  s->ic = 1; s->query = 0; s->marker = 1; s->bos = 0; s->shuffle = 0; s->distinct_values = 1;
}

@ Every key holds a count (a |size_t|) or a switch (an |int|, 0 or 1). A value is a decimal
integer with nothing around it, in the key's range.

@<Retrieval types@>=
typedef struct {
  const char *key;
  size_t offset;
  int is_switch;
  size_t lo, hi;
  const char *doc;
} retrieval_key;

@ @<Retrieval functions@>=
#define ROFF(f) offsetof(retrieval_spec, f)
static const retrieval_key retrieval_keys[] = {
  { "values", ROFF(V), 0, 1, 100000, "V, value tokens v0..v(V-1) (at least 2)" },
  { "variables", ROFF(N), 0, 1, 100000, "N, variable tokens x0..x(N-1)" },
  { "chains", ROFF(K), 0, 1, 1000, "K, chains per sequence" },
  { "depth", ROFF(D), 0, 0, 100000, "D, facts (hops) per chain (at least 1)" },
  { "ic", ROFF(ic), 1, 0, 1,
    "implicit curriculum: label every destination (1), or the query only (0)" },
  { "query", ROFF(query), 1, 0, 1, "append a query for a random chain (needed when ic = 0)" },
  { "marker", ROFF(marker), 1, 0, 1, "the query is 'Q x' (1) or 'x' (0)" },
  { "bos", ROFF(bos), 1, 0, 1, "a beginning-of-sequence token first" },
  { "shuffle", ROFF(shuffle), 1, 0, 1, "shuffle the order of the facts within each chain" },
  { "distinct_values", ROFF(distinct_values), 1, 0, 1,
    "the chains' root values are distinct (needs values >= chains)" },
};
#define N_RETRIEVAL_KEYS (sizeof retrieval_keys / sizeof retrieval_keys[0])

int retrieval_spec_set(retrieval_spec *s, const char *key, const char *value, char *err,
  size_t len)
{
  const retrieval_key *k = NULL;
  for (size_t i = 0; i < N_RETRIEVAL_KEYS; i++)
    if (strcmp(retrieval_keys[i].key, key) == 0) k = &retrieval_keys[i];
  if (k == NULL) { snprintf(err, len, "unknown retrieval key '%s'", key); return -1; }
  char *end;
  errno = 0;
  unsigned long long u = strtoull(value, &end, 10);
  if (errno || end == value || *end != '\0' || value[0] < '0' || value[0] > '9'
      || u < k->lo || u > k->hi) {
    snprintf(err, len, "%s: '%s' is not an integer in [%zu, %zu]", key, value, k->lo, k->hi);
    return -1;
  }
  char *base = (char *) s + k->offset;
  if (k->is_switch) *(int *) base = (int) u; else *(size_t *) base = (size_t) u;
  return 0;
}

void retrieval_spec_help(FILE *f)
{
  for (size_t i = 0; i < N_RETRIEVAL_KEYS; i++)
    fprintf(f, "  %-17s %s\n", retrieval_keys[i].key, retrieval_keys[i].doc);
}

@ A task that cannot be built is refused in one line that names the problem: fewer than two
values (the answer would be known in advance), depth zero (there is nothing to look up), more
chain variables $KD$ than variable tokens $N$ (variables are distinct within a sequence), more
chains than values when the root values are distinct, and labels at the query only without a
query. |test_retrieval_spec_errors| checks each message, and that the defaults and the worked
example pass.

@<Retrieval functions@>=
int retrieval_spec_check(const retrieval_spec *s, char *err, size_t len)
{
  if (s->V < 2) { snprintf(err, len, "values = %zu: a task needs at least 2 values", s->V); return -1; }
  if (s->D == 0) { snprintf(err, len, "depth = 0: a chain needs at least one fact"); return -1; }
  if (s->K == 0) { snprintf(err, len, "chains = 0: a sequence needs at least one chain"); return -1; }
  if (s->K > s->N / s->D) {  /* $KD>N$, without overflow */
    snprintf(err, len, "chains x depth = %zu x %zu exceeds the %zu variables "
      "(variables are distinct within a sequence)", s->K, s->D, s->N);
    return -1;
  }
  if (s->distinct_values && s->K > s->V) {
    snprintf(err, len, "chains = %zu exceeds values = %zu, but distinct_values = 1", s->K, s->V);
    return -1;
  }
  if (!s->ic && !s->query) {
    snprintf(err, len, "ic = 0 labels the query only, but query = 0");
    return -1;
  }
  return 0;
}

@*1 Token ids.
@^token ids@>
The ids are fixed by $V$ and $N$ alone, whatever the switches, so that an id means the same token
in every configuration of the same vocabulary: values first, then variables, then the two
markers.
$$\hbox{id}(v_i)=i,\qquad \hbox{id}(x_j)=V+j,\qquad \hbox{id}(Q)=V+N,\qquad
\hbox{id}(\hbox{BOS})=V+N+1;$$
the vocabulary has $V+N+2$ ids. A label is the index $i$ of a value (so a model's read-out has
$V$ outputs), and $-1$ where there is none.

@<Retrieval declarations@>=
size_t retrieval_vocab(const retrieval_spec *s);
size_t retrieval_length(const retrieval_spec *s);
int retrieval_token_name(const retrieval_spec *s, int tok, char *buf, size_t len);

@ @<Retrieval functions@>=
size_t retrieval_vocab(const retrieval_spec *s) { return s->V + s->N + 2; }

size_t retrieval_length(const retrieval_spec *s)
{
  return (s->bos ? 1 : 0) + 2 * s->K * s->D + (s->query ? 1 + (s->marker ? 1 : 0) : 0);
}

int retrieval_token_name(const retrieval_spec *s, int tok, char *buf, size_t len)
{
  size_t V = s->V, N = s->N;
  if (tok < 0 || (size_t) tok >= V + N + 2) return snprintf(buf, len, "?");
  if ((size_t) tok < V) return snprintf(buf, len, "v%d", tok);
  if ((size_t) tok < V + N) return snprintf(buf, len, "x%zu", (size_t) tok - V);
  return snprintf(buf, len, (size_t) tok == V + N ? "Q" : "BOS");
}

@*1 Drawing a sequence.
A sequence is drawn in two steps: the random choices (|retrieval_draw|), then their layout
into tokens and labels (|retrieval_layout|), which is deterministic. The worked example is a
layout of hand-made choices. The choices are
\item{$\bullet$} |values[c]|, the root value of chain $c$;
\item{$\bullet$} |vars[c*D+j]|, the variable $x_{a_{j+1}}$ that the $j$th fact of chain $c$ assigns
(counting from 0);
\item{$\bullet$} |order[i]|, the chain whose fact comes $i$th in the sequence;
\item{$\bullet$} |within[c*D+r]|, which fact of chain $c$ is its $r$th to appear (the identity
unless shuffled);
\item{$\bullet$} |query_chain|, the chain the query asks about.

\noindent The layout records, beside tokens and labels, the role of every position: its chain
and its {\it slot}, the place of its token in the chain's order. The source of fact $j$ is slot
$2j$, its destination slot $2j+1$, and the query's variable slot $2D$; so slot 0 is the root value
and slots $2D-1$ and $2D$ hold the same variable $x_{a_D}$. Markers have chain and slot $-1$.
|slot_pos[c*(2D+1)+i]| is the position of slot $i$ of chain $c$ ($-1$ for a slot $2D$ that is not
queried). The information-flow simulation below reads these.

@<Retrieval types@>=
typedef struct {
  size_t K, D;
  size_t *values, *vars, *order, *within;  /* $[K]$, $[KD]$, $[KD]$, $[KD]$ */
  size_t query_chain;
} retrieval_draw;

typedef struct {
  size_t T, K, D;  /* tokens, chains, depth */
  int *tok;  /* $[T]$ token ids */
  int *label;  /* $[T]$ value index, or $-1$ */
  int *depth;  /* $[T]$ hops of the label, 0 where none */
  int *chain, *slot;  /* $[T]$ role of each position, $-1$ for markers */
  int *slot_pos;  /* $[K(2D+1)]$ position of each slot */
  int query_pos;  /* position of the query's variable, or $-1$ */
  retrieval_draw draw;  /* the choices it was laid out from */
} retrieval_seq;

@ @<Retrieval declarations@>=
retrieval_seq *retrieval_seq_alloc(const retrieval_spec *s);
void retrieval_seq_free(retrieval_seq *q);
void retrieval_layout(const retrieval_spec *s, retrieval_seq *q);
void retrieval_sample(const retrieval_spec *s, uint64_t seed, uint64_t stream, uint64_t k,
  retrieval_seq *q);
size_t retrieval_seq_text(const retrieval_spec *s, const retrieval_seq *q, char *buf,
  size_t len);

@ The specification must have passed |retrieval_spec_check|.

@<Retrieval functions@>=
retrieval_seq *retrieval_seq_alloc(const retrieval_spec *s)
{
  retrieval_seq *q = xmalloc(sizeof *q);
  size_t T = retrieval_length(s), K = s->K, D = s->D;
  q->T = T; q->K = K; q->D = D;
  q->tok = xmalloc(T * sizeof(int)); q->label = xmalloc(T * sizeof(int));
  q->depth = xmalloc(T * sizeof(int)); q->chain = xmalloc(T * sizeof(int));
  q->slot = xmalloc(T * sizeof(int));
  q->slot_pos = xmalloc(K * (2 * D + 1) * sizeof(int));
  q->draw.K = K; q->draw.D = D;
  q->draw.values = xmalloc(K * sizeof(size_t));
  q->draw.vars = xmalloc(K * D * sizeof(size_t));
  q->draw.order = xmalloc(K * D * sizeof(size_t));
  q->draw.within = xmalloc(K * D * sizeof(size_t));
  q->draw.query_chain = 0;
  q->query_pos = -1;
  return q;
}

void retrieval_seq_free(retrieval_seq *q)
{
  if (q == NULL) return;
  free(q->tok); free(q->label); free(q->depth); free(q->chain); free(q->slot);
  free(q->slot_pos); free(q->draw.values); free(q->draw.vars); free(q->draw.order);
  free(q->draw.within); free(q);
}

@ The order of the draws is part of the specification, as in the tasks chapter: sequence $k$ of
stream |stream| under |seed| is drawn from its own reseeded generator, so it does not depend on
which other sequences were drawn, nor in which order, nor by which thread. First the root values
(a uniform permutation of the $V$ values, of which the first $K$ are taken, or $K$ independent
uniform draws), then the variables (a uniform permutation of the $N$, of which the first $KD$ are
taken), then the interleaving (a uniform permutation of the multiset holding each chain $D$
times, so every interleaving is equally likely), then, if shuffled, one permutation of the facts
of each chain, and last the queried chain. |test_retrieval_seed_fixes_sequence| checks that the
same $(|seed|,|stream|,k)$ gives the same tokens, drawn in any order, and that another seed
gives others. Training sequences are to be drawn from the stream |STREAM_TRAIN| and the
held-out sequences that measure accuracy from |STREAM_HELDOUT| (support chapter), so that no
held-out sequence is trained on, except by a coincidence of all the draws.

@<Retrieval functions@>=
void retrieval_sample(const retrieval_spec *s, uint64_t seed, uint64_t stream, uint64_t k,
  retrieval_seq *q)
{
  size_t V = s->V, N = s->N, K = s->K, D = s->D;
  retrieval_draw *d = &q->draw;
  gsl_rng *rng = mhicl_rng_alloc();
  mhicl_rng_seek(rng, seed, stream, k);
  if (s->distinct_values) {
    size_t *all = xmalloc(V * sizeof(size_t));
    for (size_t i = 0; i < V; i++) all[i] = i;
    gsl_ran_shuffle(rng, all, V, sizeof(size_t));
    memcpy(d->values, all, K * sizeof(size_t));
    free(all);
  } else
    for (size_t c = 0; c < K; c++) d->values[c] = (size_t) gsl_rng_uniform_int(rng, V);
  size_t *vars = xmalloc(N * sizeof(size_t));
  for (size_t i = 0; i < N; i++) vars[i] = i;
  gsl_ran_shuffle(rng, vars, N, sizeof(size_t));
  memcpy(d->vars, vars, K * D * sizeof(size_t));
  free(vars);
  for (size_t i = 0; i < K * D; i++) d->order[i] = i / D;
  gsl_ran_shuffle(rng, d->order, K * D, sizeof(size_t));
  for (size_t c = 0; c < K; c++) {
    for (size_t r = 0; r < D; r++) d->within[c * D + r] = r;
    if (s->shuffle) gsl_ran_shuffle(rng, d->within + c * D, D, sizeof(size_t));
  }
  d->query_chain = s->query ? (size_t) gsl_rng_uniform_int(rng, K) : 0;
  gsl_rng_free(rng);
  retrieval_layout(s, q);
}

@ The layout. Fact $j$ of chain $c$ has source $v_{|values[c]|}$ for $j=0$ and the variable of
fact $j-1$ otherwise, and destination the variable of fact $j$; its destination is labelled (IC)
with the root value, depth $j+1$.

@<Retrieval functions@>=
void retrieval_layout(const retrieval_spec *s, retrieval_seq *q)
{
  size_t V = s->V, N = s->N, K = s->K, D = s->D, S = 2 * D + 1, t = 0;
  const retrieval_draw *d = &q->draw;
  size_t *seen = xcalloc(K, sizeof(size_t));
  for (size_t i = 0; i < K * S; i++) q->slot_pos[i] = -1;
  if (s->bos) {
    q->tok[t] = (int) (V + N + 1); q->label[t] = -1; q->depth[t] = 0;
    q->chain[t] = -1; q->slot[t] = -1; t++;
  }
  for (size_t i = 0; i < K * D; i++) {
    size_t c = d->order[i], j = d->within[c * D + seen[c]++];
    int src = j == 0 ? (int) d->values[c] : (int) (V + d->vars[c * D + j - 1]);
    int dst = (int) (V + d->vars[c * D + j]);
    q->tok[t] = src; q->label[t] = -1; q->depth[t] = 0;
    q->chain[t] = (int) c; q->slot[t] = (int) (2 * j); q->slot_pos[c * S + 2 * j] = (int) t;
    t++;
    q->tok[t] = dst; q->label[t] = s->ic ? (int) d->values[c] : -1;
    q->depth[t] = s->ic ? (int) (j + 1) : 0;
    q->chain[t] = (int) c; q->slot[t] = (int) (2 * j + 1);
    q->slot_pos[c * S + 2 * j + 1] = (int) t;
    t++;
  }
  q->query_pos = -1;
  if (s->query) {
    size_t c = d->query_chain;
    if (s->marker) {
      q->tok[t] = (int) (V + N); q->label[t] = -1; q->depth[t] = 0;
      q->chain[t] = -1; q->slot[t] = -1; t++;
    }
    q->tok[t] = (int) (V + d->vars[c * D + D - 1]);
    q->label[t] = (int) d->values[c]; q->depth[t] = (int) D;
    q->chain[t] = (int) c; q->slot[t] = (int) (2 * D); q->slot_pos[c * S + 2 * D] = (int) t;
    q->query_pos = (int) t;
    t++;
  }
  free(seen);
}

@ A sequence as text, tokens separated by spaces: the form in which the worked example is
written above, and a way to look at what the generator makes. The return value is the length
the full text needs, as with |snprintf|.

@<Retrieval functions@>=
size_t retrieval_seq_text(const retrieval_spec *s, const retrieval_seq *q, char *buf,
  size_t len)
{
  size_t used = 0;
  char name[32];
  if (len > 0) buf[0] = '\0';
  for (size_t t = 0; t < q->T; t++) {
    retrieval_token_name(s, q->tok[t], name, sizeof name);
    int n = snprintf(used < len ? buf + used : NULL, used < len ? len - used : 0, "%s%s",
      t ? " " : "", name);
    used += (size_t) n;
  }
  return used;
}

@ Tests of the generator (\.{tests/test\_retrieval.c}). |test_retrieval_generator_invariants|
draws sequences under every combination of the switches and checks: the length is
|retrieval_length|; the $KD$ variables are distinct; every label is the true resolution, found by
following the facts in the sequence backwards from the labelled variable, without the draw's
record; with IC labels every depth $1,\ldots,D$ is present exactly $K$ times (once more for $D$
with a query); without them only the query is labelled; each chain's facts appear in their
order unless shuffled; and with shuffling, some sequences do have a chain out of order.

@*1 Accuracy per depth.
@^Wilson interval@>
A model is scored by exact match: at a labelled position its prediction (the value with the
largest logit) is right or wrong. We count right answers and trials per hop depth $k=1,\ldots,D$
(at destinations) and separately at the query, whose depth is $D$. A proportion $\hat p=x/n$ is
reported with Wilson's score interval, the set of $p$ for which the normal test of $\hat p$ does
not reject $p$ at level $z$:
$$p\in{\hat p+z^2/(2n)\over1+z^2/n}\ \pm\ {z\over1+z^2/n}
\sqrt{{\hat p(1-\hat p)\over n}+{z^2\over4n^2}}.$$
Unlike the normal interval $\hat p\pm z\sqrt{\hat p(1-\hat p)/n}$ it does not collapse to a point
at $\hat p=0$ or 1, which matters here: a model that solves a depth scores 1000 out of 1000, and
the interval $[0.9962,1]$ ($z=1.96$) says what that excludes. It is used with $z=1.96$ (95\%).

The {\it chance level} is $1/V$: a guess that ignores the sequence, or the value of a uniformly
random variable, is right with probability $1/V$, whatever the depth. A second baseline matters for
reading the results: a model that has learned to answer with the root value of {\it some} chain
in the sequence, but not which, scores $1/K$ (distinct roots).
|test_retrieval_accuracy_and_wilson| checks the counting on sequences with known predictions, and
the interval against the values Newcombe (1998) tabulates.

@<Retrieval types@>=
typedef struct {
  size_t D;
  size_t *correct, *total;  /* $[D+1]$: index 0 the query, $k$ the destinations at depth $k$ */
} retrieval_acc;

@ @<Retrieval declarations@>=
void retrieval_acc_init(retrieval_acc *a, size_t D);
void retrieval_acc_free(retrieval_acc *a);
void retrieval_acc_add(retrieval_acc *a, const retrieval_seq *q, const int *pred);
interval wilson_interval(size_t successes, size_t trials, double z);
interval retrieval_acc_interval(const retrieval_acc *a, size_t bin, double z);
double retrieval_chance(const retrieval_spec *s);

@ |pred[t]| is the value index predicted at position $t$; only labelled positions are read.

@<Retrieval functions@>=
void retrieval_acc_init(retrieval_acc *a, size_t D)
{
  a->D = D;
  a->correct = xcalloc(D + 1, sizeof(size_t));
  a->total = xcalloc(D + 1, sizeof(size_t));
}

void retrieval_acc_free(retrieval_acc *a)
{
  free(a->correct); free(a->total);
  a->correct = a->total = NULL;
}

void retrieval_acc_add(retrieval_acc *a, const retrieval_seq *q, const int *pred)
{
  for (size_t t = 0; t < q->T; t++) {
    if (q->label[t] < 0) continue;
    size_t bin = (int) t == q->query_pos ? 0 : (size_t) q->depth[t];
    a->total[bin]++;
    a->correct[bin] += pred[t] == q->label[t];
  }
}

interval wilson_interval(size_t successes, size_t trials, double z)
{
  interval r = { 0.0, 0.0, 1.0 };
  if (trials == 0) return r;
  double n = (double) trials, p = (double) successes / n, z2 = z * z;
  double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  double half = z / (1 + z2 / n) * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  r.mean = p;
  r.lo = fmax(0.0, centre - half);
  r.hi = fmin(1.0, centre + half);
  return r;
}

interval retrieval_acc_interval(const retrieval_acc *a, size_t bin, double z)
{
  return wilson_interval(a->correct[bin], a->total[bin], z);
}

double retrieval_chance(const retrieval_spec *s) { return 1.0 / (double) s->V; }

@*1 The task as a training set.
@^token format@>
A retrieval task is trained like any other: \.{mhicl train} with \.{task = retrieval} and
\.{format = tokens} (training chapter) reads the keys of |retrieval_keys| in the same file as the
model's, and the token model of the transformer chapter reads the sequences. The vocabulary of the
model is the task's $V+N+2$ ids, its read-out has $V$ classes (a label is a value index), and its
length is |retrieval_length|. The training chapter asks for these three functions: whether a key
is a task key, the keys written back in the configuration's syntax (so that a checkpoint records
its task), and a batch.

@<Retrieval declarations@>=
int retrieval_key_known(const char *key);
void retrieval_spec_write(FILE *f, const retrieval_spec *s);
void retrieval_batch_row(const retrieval_seq *q, prompt_batch *bt, size_t b);
void retrieval_fill_batch(const retrieval_spec *s, uint64_t seed, uint64_t stream,
  uint64_t first, prompt_batch *bt);

@ @<Retrieval functions@>=
int retrieval_key_known(const char *key)
{
  for (size_t i = 0; i < N_RETRIEVAL_KEYS; i++)
    if (strcmp(retrieval_keys[i].key, key) == 0) return 1;
  return 0;
}

void retrieval_spec_write(FILE *f, const retrieval_spec *s)
{
  for (size_t i = 0; i < N_RETRIEVAL_KEYS; i++) {
    const retrieval_key *k = &retrieval_keys[i];
    const char *base = (const char *) s + k->offset;
    if (k->is_switch) fprintf(f, "%s = %d\n", k->key, *(const int *) base);
    else fprintf(f, "%s = %zu\n", k->key, *(const size_t *) base);
  }
}

@ Row |b| of a token batch holds one sequence: the ids, and at every labelled position the label
with weight 1 (elsewhere label 0, weight 0). Sequence $k$ of a batch that starts at |first| is
sequence |first|$+k$ of the stream, as the training chapter's batches of prompts are.

@<Retrieval functions@>=
void retrieval_batch_row(const retrieval_seq *q, prompt_batch *bt, size_t b)
{
  for (size_t t = 0; t < q->T; t++) {
    size_t i = b * q->T + t;
    bt->tokens[i * bt->d_in] = (double) q->tok[t];
    bt->target[i] = q->label[t] >= 0 ? (double) q->label[t] : 0.0;
    bt->weight[i] = q->label[t] >= 0 ? 1.0 : 0.0;
  }
}

void retrieval_fill_batch(const retrieval_spec *s, uint64_t seed, uint64_t stream,
  uint64_t first, prompt_batch *bt)
{
  retrieval_seq *q = retrieval_seq_alloc(s);
  bt->n = bt->T = q->T;
  for (size_t b = 0; b < bt->B; b++) {
    retrieval_sample(s, seed, stream, first + b, q);
    retrieval_batch_row(q, bt, b);
  }
  retrieval_seq_free(q);
}

@ Evaluating a model: |count| sequences of the stream, in batches of |batch|, through the model;
the prediction at each labelled position is the model's class with the largest logit, counted per
depth by |retrieval_acc_add|. The model must have been made for the task (its vocabulary, classes
and length), which the caller checks.

@<Retrieval declarations@>=
typedef void (*retrieval_visit)(model *m, retrieval_seq *const *q, size_t B, void *ctx);
void retrieval_run_stream(model *m, const retrieval_spec *s, uint64_t seed, uint64_t stream,
  size_t count, size_t batch, retrieval_visit visit, void *ctx);
void retrieval_evaluate(model *m, const retrieval_spec *s, uint64_t seed, uint64_t stream,
  size_t count, size_t batch, retrieval_acc *acc);
void retrieval_acc_write_csv(FILE *f, const retrieval_acc *a, const retrieval_spec *s,
  uint64_t seed, double z);

@ |retrieval_run_stream| is the loop that every reading of a model on held-out sequences shares:
sequences |0|, \dots, |count|$-1$ of the stream, in batches of at most |batch|, each batch run
forward and then handed, with its sequences, to |visit|, which reads what it needs from the
model's activations. |retrieval_evaluate| counts the predictions with it; the retrieval models'
chapter sorts attention patterns by layout with it.

@<Retrieval functions@>=
void retrieval_run_stream(model *m, const retrieval_spec *s, uint64_t seed, uint64_t stream,
  size_t count, size_t batch, retrieval_visit visit, void *ctx)
{
  size_t T = retrieval_length(s);
  retrieval_seq **q = xmalloc(batch * sizeof *q);
  for (size_t b = 0; b < batch; b++) q[b] = retrieval_seq_alloc(s);
  prompt_batch *bt = batch_alloc(&m->cfg, batch, T);
  for (size_t done = 0; done < count; done += bt->B) {
    bt->B = count - done < batch ? count - done : batch;
    for (size_t b = 0; b < bt->B; b++) {
      retrieval_sample(s, seed, stream, done + b, q[b]);
      retrieval_batch_row(q[b], bt, b);
    }
    model_forward(m, bt);
    visit(m, q, bt->B, ctx);
  }
  for (size_t b = 0; b < batch; b++) retrieval_seq_free(q[b]);
  free(q); batch_free(bt);
}

static void count_predictions(model *m, retrieval_seq *const *q, size_t B, void *ctx)
{
  size_t T = q[0]->T;
  int *pred = xmalloc(T * sizeof(int));
  for (size_t b = 0; b < B; b++) {
    for (size_t t = 0; t < T; t++) pred[t] = (int) m->pred[b * T + t];
    retrieval_acc_add(ctx, q[b], pred);
  }
  free(pred);
}

void retrieval_evaluate(model *m, const retrieval_spec *s, uint64_t seed, uint64_t stream,
  size_t count, size_t batch, retrieval_acc *acc)
{
  retrieval_acc_init(acc, s->D);
  retrieval_run_stream(m, s, seed, stream, count, batch, count_predictions, acc);
}

@ The table of accuracies: one row per depth at the destinations, and one for the query (depth
$D$, |position = query|), each with its count, the Wilson interval at level $z$, chance, and what
reruns it (seed, $V$, $N$, $K$, $D$, and whether the labels were IC).

@<Retrieval functions@>=
void retrieval_acc_write_csv(FILE *f, const retrieval_acc *a, const retrieval_spec *s,
  uint64_t seed, double z)
{
  fprintf(f, "position,depth,correct,total,accuracy,wilson_lo,wilson_hi,z,chance,"
    "values,variables,chains,task_depth,ic,seed\n");
  for (size_t bin = 1; bin <= a->D + 1; bin++) {
    size_t k = bin <= a->D ? bin : 0;
    if (a->total[k] == 0) continue;
    interval w = retrieval_acc_interval(a, k, z);
    fprintf(f, "%s,%zu,%zu,%zu,%.6f,%.6f,%.6f,%.2f,%.6f,%zu,%zu,%zu,%zu,%d,%llu\n",
      k ? "destination" : "query", k ? k : a->D, a->correct[k], a->total[k], w.mean, w.lo, w.hi,
      z, retrieval_chance(s), s->V, s->N, s->K, s->D, s->ic, (unsigned long long) seed);
  }
}

@*1 Theorem 1: the depth a retrieval needs.
@^information flow@>
@^Assumption 1@>
The paper's statement, as its abstract and reviewers give it:

@^Theorem 1 (Musat), depth of retrieval@>\proclaim Theorem 1 (Musat). Under Assumption~1 (a position can attend selectively only to
positions that already share token or positional information with it), the answer to a
retrieval of depth $D$ reaches the query's residual stream only if the number of layers $t$
satisfies $t\ge\log_3(2D)$.

\noindent So a model with $t$ layers can answer at most $D\le\lfloor3^t/2\rfloor=1,4,13,40,121$
hops for $t=1,\ldots,5$, and the depth needed grows like the logarithm of the chain's length.
What follows, the model that makes Assumption~1 precise, the proof, and the exact thresholds, is
our reconstruction.

@ {\it The slot model} (ours). Follow one chain. Its tokens in chain order are slots
$0,1,\ldots,2D-1$ (the source and the destination of each fact in turn), and the query's variable,
if there is a query for this chain, is slot $2D$. Consecutive slots are linked, in one of two
ways: slots $2j$ and $2j+1$ are the two halves of one fact, adjacent positions ({\it positional}
information: a position that knows where one half is knows where the other is); slots $2j+1$ and
$2j+2$ are the same variable, as destination of one fact and source of the next ({\it token}
information), and so are slots $2D-1$ and $2D$. No other pair of positions shares anything about
the chain: the other chains' variables are other tokens, and with distinct roots so are their
values.

Each position $p$ holds, after layer $\ell$, a set $I_\ell(p)$ of the chain's slots, the ones whose
token and position its residual stream may depend on: $I_0(p)$ is $p$'s own slot (empty for the
other chains' tokens and the markers). Assumption~1 becomes: in layer $\ell+1$ position $p$ can
read position $q$ only if the two share something, that is, if some slot in $I_\ell(p)$ equals or
is linked to some slot in $I_\ell(q)$; then $I_{\ell+1}(p)$ is $I_\ell(p)$ together with the sets
of all positions $p$ reads. The {\it maximal flow} lets every position read every position it may
(all of them, with bidirectional attention; the earlier ones and itself, with a causal mask); any
model obeying the assumption holds subsets of what the maximal flow holds, since a set can only
grow by what a reading brings and the maximal flow reads everything allowed. The answer {\it
reaches the query} after $t$ layers when slot 0 is in the query's set. Attention that is not
selective (uniform over the earlier positions, say) mixes every position with weights that do not
depend on the chain; we read the assumption as counting such a mixture as carrying nothing a
later layer can select on, and the model leaves it out.

Since linked slots are consecutive, two sets that share something overlap or touch, and the union
of touching intervals is an interval: by induction every $I_\ell(p)$ is an interval of slots.

@^Lemma R1 (threefold growth)@>\proclaim Lemma R1 (threefold growth; the paper's argument, made precise). Let
$M_\ell=\max_p\vert I_\ell(p)\vert$. Then $\vert I_{\ell+1}(p)\vert\le\vert I_\ell(p)\vert+2M_\ell$,
so $M_{\ell+1}\le3M_\ell$ and $M_t\le3^t$. With a causal mask and the chain's facts in their order,
$M_{\ell+1}\le2M_\ell$ and $M_t\le2^t$.

{\it Proof.} Write $I_\ell(p)=[a,b]$. A set $[a',b']$ that touches it and reaches left of $a$ has
$b'\ge a-1$, so $a'\ge b'-M_\ell+1\ge a-M_\ell$: the union reaches at most $M_\ell$ slots further
left, and likewise right. For the causal case, the positions of the slots increase with the slot
(the chain is in order, the query comes last), and a position reads only earlier ones; by
induction every set is $[a,i]$ with $i$ the position's own slot, so nothing is added on the
right. \quad$\square$

@ @^Theorem 1 (Musat), our form@>\proclaim Theorem 1 (our form). In the slot model the answer reaches the query only if
$3^t\ge2D+1$, which, since $3^t$ is odd, is the paper's $3^t\ge2D$.

{\it Proof.} Slot 0 in the query's set means the interval holds slots $0,\ldots,2D$, that is
$2D+1\le M_t\le3^t$. \quad$\square$

\noindent The argument bounds what any one stream can hold; the query sits at an end of the chain,
so it gathers from one side only, and the maximal flow shows how far each bound is from being
attained:

@^Proposition R2 (exact thresholds)@>\proclaim Proposition R2 (exact thresholds, ours). With bidirectional attention the maximal flow
has $I_\ell(i)=[i-r_\ell,\,i+r_\ell]\cap[0,S]$ for the position of slot $i$, with
$r_\ell=(3^\ell-1)/2$ and $S$ the last slot; so $M_\ell=\min(3^\ell,S+1)$, some position holds the
whole chain (slots $0,\ldots,2D-1$) after $t$ layers exactly when $3^t\ge2D$, the destination of
depth $k$ holds the root exactly when $3^t\ge4k-1$, and the query exactly when $3^t\ge4D+1$. With a
causal mask and the facts in order, $I_\ell(i)=[\max(0,i-2^\ell+1),\,i]$: the destination of depth
$k$ holds the root exactly when $2^t\ge2k$, and the query exactly when $2^t\ge2D+1$.

{\it Proof.} Bidirectional: if the sets at layer $\ell$ are as stated, the positions of slots $j$
with $\vert i-j\vert\le2r_\ell+1$ touch that of slot $i$, and the farthest of them reach
$i\pm(3r_\ell+1)=i\pm r_{\ell+1}$. The whole chain fits in one interval of radius $r_t$ exactly
when $2r_t+1=3^t\ge2D$; the destination of depth $k$ is slot $2k-1$ and needs $r_t\ge2k-1$; the
query is slot $2D$ and needs $r_t\ge2D$. Causal: slot $i$ reads the earlier slots
$j\ge i-2^\ell$, of which the farthest reaches $i-2^{\ell+1}+1$; the destination of depth $k$
needs $2^t\ge2k$, the query $2^t\ge2D+1$. \quad$\square$

\noindent So in the slot model the paper's bound is attained, but not at the query: after $\lceil\log_3(2D)\rceil$
layers of bidirectional flow the chain's information is assembled in one stream (near the middle
of the chain), and the query, which can read it one layer later, needs
$\lceil\log_3(4D+1)\rceil$, one layer more than the bound for $D=1$, 3--4, 7--13, 21--40, 61--121
and none for the others. The largest depth the query answers with $t$ layers is
$\lfloor(3^t-1)/4\rfloor=0,2,6,20,60$. A causal model on chains in their order that obeys
Assumption~1 cannot triple at all (one that reads by elimination can do better at $D=1$:
Proposition R5): its flow doubles, the query needs $\lceil\log_2(2D+1)\rceil$ layers and answers at most
$\lfloor(2^t-1)/2\rfloor=0,1,3,7,15$ hops with $t=1,\ldots,5$. Shuffling the facts within the
chains lets a causal model gather from slots after its own that happen to sit at earlier
positions, so its growth can exceed doubling (never tripling: Lemma R1). We observe, without a
proof, that the query then never needs more layers than with the facts in order, and often
fewer: on 6050 shuffled sequences ($K=2$, $D=1,\ldots,121$, 50 each, seed 21, measured once with
the simulation below) it needed fewer on 4074 and as many on the rest; at $D=40$ it needed 6
layers on 191 of 200 sequences and 7 on the others, at $D=121$ 7 layers on 86 of 200 and 8 on
the others. A model trained on shuffled facts could thus come one layer nearer the bound on
many sequences, but not on all.

@ The simulation. |retrieval_flow_run| computes the maximal flow of one chain of a sequence for
|layers| layers, bidirectional or causal, and stores every interval. It needs distinct root
values when there are several chains (otherwise the roots share a token and the slot model does
not apply) and returns $-1$ if they are not.

@<Retrieval types@>=
typedef struct {
  size_t layers, T, D;
  int *lo, *hi;  /* $[(|layers|+1)T]$: $I_\ell(p)=[|lo|,|hi|]$, empty when $|lo|>|hi|$ */
} retrieval_flow;

@ @<Retrieval declarations@>=
int retrieval_flow_run(const retrieval_seq *q, size_t chain, size_t layers, int causal,
  retrieval_flow *f);
void retrieval_flow_free(retrieval_flow *f);
size_t retrieval_flow_size(const retrieval_flow *f, size_t l, size_t p);
size_t retrieval_flow_max(const retrieval_flow *f, size_t l);
int retrieval_flow_holds(const retrieval_flow *f, size_t l, int p, int first, int last);

@ Only the positions of the chain's slots ever hold anything, so the update loops over those.
Each layer reads the previous layer's sets only, as attention does.

@<Retrieval functions@>=
int retrieval_flow_run(const retrieval_seq *q, size_t chain, size_t layers, int causal,
  retrieval_flow *f)
{
  size_t T = q->T, D = q->D, S = 2 * D + 1;
  for (size_t c = 0; c < q->K; c++)
    for (size_t e = 0; e < c; e++)
      if (q->draw.values[c] == q->draw.values[e]) return -1;
  f->layers = layers; f->T = T; f->D = D;
  f->lo = xmalloc((layers + 1) * T * sizeof(int));
  f->hi = xmalloc((layers + 1) * T * sizeof(int));
  int *pos = xmalloc(S * sizeof(int));
  size_t m = 0;
  for (size_t i = 0; i < S; i++) if (q->slot_pos[chain * S + i] >= 0) pos[m++] = q->slot_pos[chain * S + i];
  for (size_t p = 0; p < T; p++) {
    int own = q->chain[p] == (int) chain;
    f->lo[p] = own ? q->slot[p] : 1; f->hi[p] = own ? q->slot[p] : 0;
  }
  for (size_t l = 0; l < layers; l++) {
    const int *lo = f->lo + l * T, *hi = f->hi + l * T;
    int *nlo = f->lo + (l + 1) * T, *nhi = f->hi + (l + 1) * T;
    memcpy(nlo, lo, T * sizeof(int)); memcpy(nhi, hi, T * sizeof(int));
    for (size_t a = 0; a < m; a++) {
      int p = pos[a];
      for (size_t b = 0; b < m; b++) {
        int r = pos[b];
        if (causal && r > p) continue;
        if (lo[r] <= hi[p] + 1 && lo[p] <= hi[r] + 1) {  /* they share or touch */
          if (lo[r] < nlo[p]) nlo[p] = lo[r];
          if (hi[r] > nhi[p]) nhi[p] = hi[r];
        }
      }
    }
  }
  free(pos);
  return 0;
}

void retrieval_flow_free(retrieval_flow *f)
{
  free(f->lo); free(f->hi);
  f->lo = f->hi = NULL;
}

size_t retrieval_flow_size(const retrieval_flow *f, size_t l, size_t p)
{
  int lo = f->lo[l * f->T + p], hi = f->hi[l * f->T + p];
  return lo > hi ? 0 : (size_t) (hi - lo + 1);
}

size_t retrieval_flow_max(const retrieval_flow *f, size_t l)
{
  size_t m = 0;
  for (size_t p = 0; p < f->T; p++) {
    size_t s = retrieval_flow_size(f, l, p);
    if (s > m) m = s;
  }
  return m;
}

@ Whether position |p| (or, with $p=-1$, some position) holds slots |first| to |last| after
layer |l|.

@<Retrieval functions@>=
int retrieval_flow_holds(const retrieval_flow *f, size_t l, int p, int first, int last)
{
  for (size_t r = 0; r < f->T; r++) {
    if (p >= 0 && (int) r != p) continue;
    if (f->lo[l * f->T + r] <= first && f->hi[l * f->T + r] >= last) return 1;
  }
  return 0;
}

@ The tests run the simulation on generated sequences with $K=2$ chains, for every $D=1,\ldots,121$
and $t=1,\ldots,8$ layers (eight, so that the causal thresholds up to $2^8\ge243$ are seen from
both sides), bidirectional and causal, with the facts in order and shuffled.
\item{$\bullet$} |test_retrieval_flow_growth_at_most_threefold|: Lemma R1 for every position and
layer, $\vert I_{\ell+1}(p)\vert\le\vert I_\ell(p)\vert+2M_\ell$, hence $M_{\ell+1}\le3M_\ell$ and
$M_\ell\le3^\ell$; and, so that the bound is not vacuous, that the bidirectional flow attains it,
$M_\ell=\min(3^\ell,2D+1)$ with a query.
\item{$\bullet$} |test_retrieval_theorem1_query_needs_log3_2D|: Theorem 1 in every regime (slot 0
at the query after $t$ layers only if $3^t\ge2D$), and Proposition R2's bidirectional part: the
whole chain is in some stream exactly when $3^t\ge2D$, the query has the root exactly when
$3^t\ge4D+1$, the destination of depth $k$ exactly when $3^t\ge4k-1$; and that the causal flow
holds subsets of the bidirectional one.
\item{$\bullet$} |test_retrieval_flow_causal_forward_doubling|: Proposition R2's causal part
with the facts in order: $M_{\ell+1}\le2M_\ell$, the query has the root exactly when
$2^t\ge2D+1$, the destination of depth $k$ exactly when $2^t\ge2k$; with shuffled facts, the
causal flow beats doubling on some sequences, as the text says it can, and the observation: the
query never needs more layers than with the facts in order, and fewer on some sequences.

@*1 Pointer doubling: a construction and its depth.
@^pointer doubling@>
An explicit algorithm that answers with the layers a causal transformer has, using only the
selections Assumption~1 allows. Every position keeps a {\it pointer}, a token. After layer 1 each
destination points to its fact's source (a previous-token head: positional information), and the
query's variable points to itself. In each later layer every position whose pointer is a variable
$y$ reads the pointer of $y$'s destination, the one position that holds token $y$ and is the second
half of a fact (token information, and the fact's parity, which is positional), provided that
position is not later; a pointer that is a value stays. This is list ranking by pointer jumping
(Wyllie, 1979) run on the chain.

@^Proposition R3 (the construction's depth)@>\proclaim Proposition R3 (the construction's depth, ours). With the facts of each chain in their
order, after $L$ layers the destination of depth $k$ points $\min(k,2^{L-1})$ hops back, so it holds
its root value exactly when $L\ge\lceil\log_2k\rceil+1$; the query points
$\min(D,2^{L-1}-1)$ hops back and holds the answer exactly when $L\ge\lceil\log_2(D+1)\rceil+1$.
Both equal the causal thresholds of Proposition R2: in the slot model, pointer doubling is optimal
among causal models on chains in order.

{\it Proof.} A destination's hops double, $h_1=1$, $h_L=2h_{L-1}$, until the root; the query reads
at layer $L$ a destination's pointer of layer $L-1$, so $g_1=0$ and $g_L=g_{L-1}+h_{L-1}$, giving
$g_L=2^{L-1}-1$. The destination read is always earlier in the sequence, because the chain is in
order. Finally $2^{L-1}\ge k$ is $2^L\ge2k$, and $2^{L-1}\ge D+1$ is $2^L\ge2D+2$, which for the
even number $2^L$ is $2^L\ge2D+1$. \quad$\square$

\noindent {\it Is the $\log_3$ bound attained?} Not by a causal model on chains in order that
obeys Assumption~1 (a softmax head that reads by elimination does not, and attains it at $D=1$:
Proposition R5 below): there
the information doubles per layer at most (Lemma R1), so $\lceil\log_2(2D+1)\rceil$ layers are
needed and pointer doubling needs no more; Proposition R4 below runs it as the weights of a
transformer with exactly that many layers. For $D=121$ that is 8 layers against the paper's 5.
The tripling of the bound needs a stream to gather from both sides of its interval, the slots
after it as well as before; a causal mask allows that only where later facts of the chain sit
earlier in the sequence, that is with shuffled facts, and then only sequence by sequence. Without
a mask the bound is attained in the sense of Proposition R2: one stream holds the whole chain
after $\lceil\log_3(2D)\rceil$ layers, though the query itself needs
$\lceil\log_3(4D+1)\rceil$.

@<Retrieval declarations@>=
void retrieval_pointer_doubling(const retrieval_spec *s, const retrieval_seq *q, size_t layers,
  int *ptr);

@ |ptr[t]| is the pointer of position $t$ after |layers| layers (a token id, $-1$ where there is
none). A destination's lookup table |dst_pos| plays the part of the attention pattern: the score
of the position holding the matching destination is the only large one.

@<Retrieval functions@>=
void retrieval_pointer_doubling(const retrieval_spec *s, const retrieval_seq *q, size_t layers,
  int *ptr)
{
  size_t T = q->T, V = s->V, N = s->N;
  int *dst_pos = xmalloc(N * sizeof(int)), *prev = xmalloc(T * sizeof(int));
  for (size_t j = 0; j < N; j++) dst_pos[j] = -1;
  for (size_t t = 0; t < T; t++) {
    ptr[t] = (int) t == q->query_pos ? q->tok[t] : -1;
    if (q->slot[t] >= 0 && q->slot[t] % 2 == 1 && (int) t != q->query_pos)
      dst_pos[q->tok[t] - (int) V] = (int) t;
  }
  for (size_t l = 1; l <= layers; l++) {
    memcpy(prev, ptr, T * sizeof(int));
    for (size_t t = 0; t < T; t++) {
      if (l == 1) {  /* previous-token head at destinations */
        if (q->slot[t] >= 0 && q->slot[t] % 2 == 1 && (int) t != q->query_pos) ptr[t] = q->tok[t - 1];
        continue;
      }
      int y = prev[t];
      if (y < (int) V || y >= (int) (V + N)) continue;  /* none, or a value: stays */
      int r = dst_pos[y - (int) V];
      if (r >= 0 && r <= (int) t && prev[r] >= 0) ptr[t] = prev[r];
    }
  }
  free(dst_pos); free(prev);
}

@ |test_retrieval_pointer_doubling_depth| runs the construction on generated sequences (facts in
order, a query, $D=1,\ldots,121$, $L=1,\ldots,9$) and checks Proposition R3: the pointer of the
destination of depth $k$ is the variable $\min(k,2^{L-1})$ hops back, or its root value when
$2^{L-1}\ge k$, and the query's likewise with $2^{L-1}-1$; whenever it holds a value, that value is
the label; and the first $L$ at which the query holds its answer equals the first at which the
causal maximal flow brings slot 0 to the query. With shuffled facts it checks that some
destinations stay unresolved under the causal mask however many layers are given (their
destination to read sits later), and that every value a pointer does reach is the label.

@*1 Pointer doubling as transformer weights.
@^pointer doubling@>
@^construction, retrieval@>
The program above runs as the weights of an attention-only token model of the transformer
chapter, run by the same |model_forward| that trained models run. The weights are set by hand
from the task's specification alone (never from a sequence), one head per layer, no LayerNorm,
no perceptron. The residual stream of width
$$C=V_t+2+T+LV_t,\qquad V_t=V+N+2,$$
holds, in this order: the token, one-hot over the $V_t$ ids (the embedding $W_E[x]=e_x$); a
constant 1 (every token's embedding has it); a {\it role} coordinate, 1 at the destination
positions (the learned positions write it) and 1 at value tokens (the embedding writes it); the
position, one-hot over the $T$ positions (the learned positions again); and $L$ pointer subspaces
$P_1,\ldots,P_L$ of $V_t$ coordinates each, one per layer, since a layer adds to the stream and
cannot overwrite what an earlier one wrote. Every head has width $d_h=\max(T,V_t+1)$, and its
scores are multiplied by $\lambda\sqrt{d_h}$ so that after the softmax's $1/\sqrt{d_h}$ a
score of one unit is $\lambda$.
\item{$\bullet$} {\it Layer 1} (positional: a previous-token head at destinations). Position $t$
queries the position $f(t)$, $t-1$ at a destination and $t$ itself elsewhere: $q_t=\lambda e_{f(t)}$
from its position coordinates, $k_r=e_r$ from position $r$'s, so the one score $\lambda$ is at
$r=f(t)$; the value is the token, written to $P_1$. A destination's $P_1$ is its fact's source, every
other position's $P_1$ its own token.
\item{$\bullet$} {\it Layer $\ell\ge2$} (token and parity: the lookup). Position $t$ with pointer
$y$ (its $P_{\ell-1}$, one-hot) queries $q_t=\lambda(y;1)$; position $r$ offers
$k_r=(e_{x_r};\,{\rm role}_r)$. The score $\lambda([x_r=y]+{\rm role}_r)$ is $2\lambda$ at the one
position that holds $y$ and has the role, the destination of $y$ when $y$ is a variable, the
value's own position when $y$ is a value (whose $P_{\ell-1}$ is $y$ itself, so a resolved pointer
stays), and at most $\lambda$ elsewhere. The value is $P_{\ell-1}$, written to $P_\ell$.
\item{$\bullet$} {\it Read-out}: the logit of value $v$ is the coordinate $v$ of $P_L$; $b_U=0$.

\noindent Attention that is not quite one-hot puts weight at most $Te^{-\lambda}$ off the
position it points at, and this error is carried but not amplified by later layers (a pointer's
stray weight, multiplied by $\lambda$ in the next query, changes a score by at most $\lambda
Te^{-\lambda}$); with $\lambda=40$ and $T<100$, $Te^{-\lambda}<10^{-15}$ and
$\lambda Te^{-\lambda}<2\cdot10^{-14}$. So a position that the
program resolves after $L$ layers has logit $1$ for its value and about $0$ for the others, and a
position still pointing at a variable has all its value logits about 0: the model is exact where
the program is, and {\it visibly} unresolved (largest logit below $1/2$) where it is not. The
construction assumes the facts of each chain in their order (otherwise some lookups point
forward, and the causal mask hides what they point at).

@^Proposition R4 (the constructed model is exact)@>\proclaim Proposition R4 (ours). With $L=\lceil\log_2(D+1)\rceil+1=\lceil\log_2(2D+1)\rceil$
layers the constructed model answers every labelled position of every sequence (IC destinations of
all depths and the query) with its label; with $L-1$ layers it leaves the query unresolved on
every sequence. Its depth is the causal threshold of Proposition R2, so no causal model obeying
Assumption~1 answers the query with fewer layers; against the paper's bound
$\lceil\log_3(2D)\rceil$ it needs $2,3,4,5,7,8$ layers where the bound says $1,2,2,3,4,5$ for
$D=1,2,4,13,40,121$.

{\it Proof.} The model computes the program of Proposition R3 position by position, up to the
$Te^{-\lambda}$ error above. \quad$\square$

@<Retrieval declarations@>=
size_t retrieval_construction_layers(size_t D);
model *retrieval_construct(const retrieval_spec *s, size_t layers, double lambda, size_t B_max,
  char *err, size_t len);

@ @<Retrieval functions@>=
size_t retrieval_construction_layers(size_t D)
{
  size_t L = 1;
  while (((size_t) 1 << (L - 1)) < D + 1) L++;  /* $2^{L-1}\ge D+1$ */
  return L;
}

@ The positions' roles follow from the specification: with the beginning token the facts start at
position 1, and a destination is an odd offset from there; the marker and the query's variable come
after the facts and are not destinations. A specification with shuffled facts is refused (its
lookups may point forward).

@<Retrieval functions@>=
model *retrieval_construct(const retrieval_spec *s, size_t layers, double lambda, size_t B_max,
  char *err, size_t len)
{
  if (s->shuffle) { snprintf(err, len, "the construction needs each chain's facts in order"); return NULL; }
  if (layers < 1 || layers > MAX_LAYERS) {
    snprintf(err, len, "layers = %zu: the construction takes 1 to %d", layers, MAX_LAYERS);
    return NULL;
  }
  size_t Vt = retrieval_vocab(s), T = retrieval_length(s), L = layers;
  size_t ONE = Vt, ROLE = Vt + 1, POS = Vt + 2, P0 = POS + T, C = P0 + L * Vt;
  size_t dh = T > Vt + 1 ? T : Vt + 1, o = s->bos ? 1 : 0, facts = 2 * s->K * s->D;
  model_config c;
  memset(&c, 0, sizeof c);
  c.format = FORMAT_TOKENS; c.vocab = Vt; c.n_classes = s->V; c.n_max = T;
  c.n_layers = L; c.d_model = C; c.d_head = dh; c.pos_embed = 1;
  for (size_t l = 0; l < L; l++) { c.heads[l] = 1; c.attn[l] = ATTN_SOFTMAX; }
  model *m = model_alloc(&c, B_max);
  double big = lambda * sqrt((double) dh);
#define AT(W, row, col) (W)[(row) * dh + (col)]  /* one head: $W[c][e]$ */
  for (size_t x = 0; x < Vt; x++) {
    m->p.W_E[x * C + x] = 1.0;
    m->p.W_E[x * C + ONE] = 1.0;
    if (x < s->V) m->p.W_E[x * C + ROLE] = 1.0;
  }
  for (size_t t = 0; t < T; t++) {
    int dest = t >= o && t < o + facts && (t - o) % 2 == 1;
    m->p.W_pos[t * C + POS + t] = 1.0;
    if (dest) m->p.W_pos[t * C + ROLE] = 1.0;
    AT(m->p.W_Q[0], POS + t, dest ? t - 1 : t) = big;
    AT(m->p.W_K[0], POS + t, t) = 1.0;
  }
  for (size_t x = 0; x < Vt; x++) {
    AT(m->p.W_V[0], x, x) = 1.0;
    m->p.W_O[0][x * C + P0 + x] = 1.0;
  }
  for (size_t l = 1; l < L; l++) {
    size_t prev = P0 + (l - 1) * Vt, cur = P0 + l * Vt;
    for (size_t x = 0; x < Vt; x++) {
      AT(m->p.W_Q[l], prev + x, x) = big;
      AT(m->p.W_K[l], x, x) = 1.0;
      AT(m->p.W_V[l], prev + x, x) = 1.0;
      m->p.W_O[l][x * C + cur + x] = 1.0;
    }
    AT(m->p.W_Q[l], ONE, Vt) = big;
    AT(m->p.W_K[l], ROLE, Vt) = 1.0;
  }
#undef AT
  for (size_t v = 0; v < s->V; v++) m->p.W_U[(P0 + (L - 1) * Vt + v) * s->V + v] = 1.0;
  return m;
}

@ |test_retrieval_construction_solves_depth| builds the model for $K=2$ chains, every depth
$D=1,\ldots,12$, with and without the beginning token, IC labels and a query, and runs it with
|retrieval_evaluate| on 100 held-out sequences each: with $L=\lceil\log_2(D+1)\rceil+1$ layers
every labelled position is right (accuracy 1 at every depth and at the query, at most $10^{-9}$
from a one-hot logit vector); $L$ equals the first number of layers at which the causal maximal
flow of Proposition R2 brings the root to the query ($2^L\ge2D+1$), and is at least the paper's
$\lceil\log_3(2D)\rceil$, strictly more for every $D$ here. With $L-1$ layers every query is
visibly unresolved (largest logit below $1/2$), and the destinations of depth $k$ are resolved
exactly when $2^{L-2}\ge k$, right whenever resolved; so the test would fail for a construction
that needed fewer layers than it claims, or more. A shuffled specification is refused.

@*1 One layer by elimination.
@^elimination, a read by@>
@^construction, retrieval@>
Proposition R2 says that no causal model obeying Assumption~1 answers the query of depth~1 with
one layer: the query's variable shares its token with the fact's destination only, and the root
sits beside that destination, sharing nothing with the query. A softmax head need not obey the
assumption. Its weights are normalized over the positions it sees, so a head can select a
position by what {\it another} position holds: lowering one score hands the attention to the
rest. Here is such a head as weights, run by the same |model_forward|.

One layer of $K$ heads, one per fact ($D=1$: fact $j$ has its source at $s_j=o+2j$ and its
destination at $d_j=s_j+1$, $o$ being 1 with the beginning token and 0 without), no LayerNorm,
no perceptron. The residual stream, of width $V_t+T+V$, holds the token one-hot, the position
one-hot and $V$ answer coordinates; each head has width $d_h=T+V_t$, a positional part and a
token part, and its scores are scaled, as before, so that one unit is $\lambda$. Head $j$'s score
of position $t$ on position $r\le t$ is
$$\lambda\bigl(\pi_j(t,r)-2[x_t=x_r]\bigr),$$
a positional term less twice a same-token term, where $\pi_j(t,r)$ is 1 at $r=s_j$ and 2 at
$r=d_j$ when $t$ is the query's position; 1 at $r=t-1$ when $j=0$ and $t$ is a destination; 3 at
$r=t$ otherwise; and 0 elsewhere. The value of a value token $v$ is $e_v$ in the answer
coordinates, of every other token 0; the logit of value $v$ is answer coordinate $v$.

At the query, holding $x_q$: if fact $j$'s destination holds another variable, it scores 2, the
source 1 and every other position at most 0, so head $j$ reads the destination, a variable, and
adds nothing; if it holds $x_q$, it scores $2-2=0$, and the head reads the source, the root.
Variables are distinct, so exactly one fact is the queried one, and the logits are the root's
one-hot. At a destination, head 0 scores the source before it 1, itself $-2$ and the rest 0, so
it reads the answer; every other head scores the destination itself $3-2=1$ and the rest at most
0, and reads a variable. A score margin of $\lambda$ everywhere leaves a stray weight of at most
$Te^{-\lambda}$ per head, as in Proposition R4.

@^Proposition R5 (one layer by elimination)@>\proclaim Proposition R5 (ours). For $D=1$, any
number of chains $K$ and a query, the one-layer model above answers every labelled position of
every sequence with its label. Proposition R2's causal threshold for $D=1$ is two layers; one
layer is the paper's bound $\lceil\log_3 2\rceil=1$, so with softmax attention the paper's bound
is attained at $D=1$ by a causal model. Without the same-token term every head reads its fact's
destination at the query, which is then left unresolved.

{\it Proof.} The two paragraphs above, with the stray weight of Proposition R4. Without the
same-token term the destination scores 2 against the source's 1 in every head. \quad$\square$

\noindent The one-layer models trained at the paper scale answer the depth-1 query this way
(the chapter on trained models, last section). Whether reads by elimination lower the causal
threshold for deeper chains we have not worked out.

@<Retrieval declarations@>=
model *retrieval_construct_elimination(const retrieval_spec *s, double lambda, int same_token,
  size_t B_max, char *err, size_t len);

@ The switch |same_token| keeps the same-token term (1) or leaves it out (0), for the test of the
proposition's last sentence.

@<Retrieval functions@>=
model *retrieval_construct_elimination(const retrieval_spec *s, double lambda, int same_token,
  size_t B_max, char *err, size_t len)
{
  if (s->D != 1 || !s->query) {
    snprintf(err, len, "the one-layer construction answers a query of depth 1 (D = %zu, query = %d)",
      s->D, s->query);
    return NULL;
  }
  size_t Vt = retrieval_vocab(s), T = retrieval_length(s), K = s->K;
  size_t POS = Vt, ANS = Vt + T, C = ANS + s->V, dh = T + Vt, o = s->bos ? 1 : 0;
  model_config c;
  memset(&c, 0, sizeof c);
  c.format = FORMAT_TOKENS; c.vocab = Vt; c.n_classes = s->V; c.n_max = T;
  c.n_layers = 1; c.d_model = C; c.d_head = dh; c.pos_embed = 1;
  c.heads[0] = K; c.attn[0] = ATTN_SOFTMAX;
  model *m = model_alloc(&c, B_max);
  double big = lambda * sqrt((double) dh);
#define AT(W, h, row, col) (W)[((h) * C + (row)) * dh + (col)]  /* head $h$: $W[c][e]$ */
  for (size_t x = 0; x < Vt; x++) m->p.W_E[x * C + x] = 1.0;
  for (size_t t = 0; t < T; t++) m->p.W_pos[t * C + POS + t] = 1.0;
  for (size_t j = 0; j < K; j++) {
    for (size_t t = 0; t < T; t++) {
      int dest = t >= o && t < o + 2 * K && (t - o) % 2 == 1;
      AT(m->p.W_K[0], j, POS + t, t) = 1.0;
      if (t == T - 1) {
        AT(m->p.W_Q[0], j, POS + t, o + 2 * j) = big;
        AT(m->p.W_Q[0], j, POS + t, o + 2 * j + 1) = 2.0 * big;
      } else if (j == 0 && dest) AT(m->p.W_Q[0], j, POS + t, t - 1) = big;
      else AT(m->p.W_Q[0], j, POS + t, t) = 3.0 * big;
    }
    for (size_t x = 0; x < Vt; x++) {
      AT(m->p.W_K[0], j, x, T + x) = 1.0;
      if (same_token) AT(m->p.W_Q[0], j, x, T + x) = -2.0 * big;
    }
    for (size_t v = 0; v < s->V; v++) {
      AT(m->p.W_V[0], j, v, v) = 1.0;
      m->p.W_O[0][(j * dh + v) * C + ANS + v] = 1.0;
    }
  }
#undef AT
  for (size_t v = 0; v < s->V; v++) m->p.W_U[(ANS + v) * s->V + v] = 1.0;
  return m;
}

@ |test_retrieval_elimination_one_layer| builds the model for $K=1,\ldots,4$ chains, with and
without the beginning token and the query's marker, IC labels and a query, and checks on 100
held-out sequences each that every labelled position's logits are the one-hot of its label to
$10^{-9}$ (the stray weight is below $10^{-15}$ at $\lambda=40$) and that |retrieval_evaluate|
counts every depth-1 destination and every query right. Without the same-token term every query
is unresolved (largest logit below $1/2$) while the destinations stay right, so the test fails
for a construction that did not select by elimination. A task of depth 2, or one without a
query, is refused with a message.

@*1 A first trained model.
@^implicit curriculum@>
@^initialization scale@>
Can gradient descent find a two-layer solution of depth 2? Two layers are what the causal
thresholds of Proposition R2 ask for the destinations of depth 2 ($2^t\ge2k$), so with IC labels
(no query) a two-layer attention-only model can in principle answer every label. We trained
such models with $K=2$ chains of depth $D=2$, $V=10$ values, $N=26$ variables, labels at every
destination: two layers of two softmax heads, $d_{\rm model}=64$, $d_h=32$, pre-LayerNorm, no
perceptron, no attention biases, learned positions; batches of 64 fresh sequences, Adam with
learning rate $10^{-3}$ after 100 warm-up steps, 4000 steps, one thread:
$$\vbox{\halign{#\hfil\cr
\.{mhicl train --task retrieval --format tokens --depth 2 --chains 2}\cr
\quad\.{--layers 2 --heads 2 --d\_model 64 --d\_head 32 --mlp 0 --attn\_bias 0}\cr
\quad\.{--lr 0.001 --warmup 100 --steps 4000 --init\_std 0.1 --seed 1}\cr
\quad\.{--eval\_every 250 --eval\_prompts 512 --log run.csv --checkpoint run.ckpt}\cr
\.{mhicl eval --checkpoint run.ckpt --prompts 1000 --seed 7}\cr}}$$
(the other keys at their defaults: $V=10$, $N=26$, IC labels, batch 64). With initial weights of
standard deviation 0.1 all three seeds (1, 2, 3) answer every one of the 2000 depth-1 and 2000
depth-2 labels of 1000 held-out sequences (accuracy 1, Wilson interval $[0.9981,1]$; chance is
0.1). The held-out cross-entropy sits on a plateau near 0.22--0.26 and then drops within 250
steps to below 0.01; it first falls below 0.05 at step 500, 750 and 3000 for the three seeds. The
log's accuracy columns (training chapter) show the order: for seed 1, depth 1 is already answered
on all 1024 held-out labels at step 250, when depth 2 is at 0.68; depth 2 reaches 0.998 at step
500 and 1 at step 750. A run takes 19--21 seconds of one core.

With GPT-2's initial standard deviation of 0.02 (the training chapter's default) the same three
seeds answer depth 1 perfectly but depth 2 only 65.7\%, 67.0\% and 66.1\% of the time after 4000
steps (held-out loss 0.22--0.25), and seed 1 trained for 20000 steps (1000 warm-up steps) is
still at 66.8\%, the plateau's level: above the 50\% of a model that answers with the root
of a random one of the two chains, far from solved. The scale of the initialization, not the
number of steps, decided whether these small models left the plateau in our runs; a study of
which seeds and scales escape, and of the heads the trained models use, belongs to the
experiments on trained models.

@*1 Further reading. T. Musat, ``Mechanism and emergence of stacked attention heads in
multi-layer transformers'' (ICLR 2025, arXiv 2411.12118): the retrieval problem, the implicit
curriculum, Theorem~1 and its Assumption~1. C. Sanford, D. Hsu and M. Telgarsky, ``Transformers,
parallel computation, and logarithmic depth'' (2024): $k$-hop induction heads and the
$O(\log k)$ depth that suffices. J.~C. Wyllie, {\sl The Complexity of Parallel Computations}
(Cornell, 1979): pointer jumping. R.~G. Newcombe, ``Two-sided confidence intervals for the single
proportion: comparison of seven methods,'' {\sl Statistics in Medicine\/ \bf17} (1998): the Wilson
interval and the examples our test reproduces. E.~B. Wilson, ``Probable inference, the law of
succession, and statistical inference,'' {\sl JASA\/ \bf22} (1927).
