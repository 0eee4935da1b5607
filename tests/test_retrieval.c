/* Tests of the retrieval chapter (chapters/retrieval.w): the generator, the accuracy
   bookkeeping, Theorem 1 with the information-flow simulation, and pointer doubling. Everything
   here is combinatorial and exact, so the assertions are equalities, except the Wilson interval
   (four printed decimals) and one Monte-Carlo check of the chance level (four standard errors). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "support.h"
#include "retrieval.h"

static retrieval_spec spec_of(size_t V, size_t N, size_t K, size_t D)
{
  retrieval_spec s;
  retrieval_spec_default(&s);
  s.V = V; s.N = N; s.K = K; s.D = D;
  return s;
}

/* The worked example of the notes: chains 7->a->c->f and 2->b->d->e (a..f = x0..x5), facts in
   chain order 0,1,0,1,0,1, query for the first chain. */
static void test_retrieval_worked_example(void **state)
{
  (void) state;
  retrieval_spec s = spec_of(10, 6, 2, 3);
  s.query = 1;
  char err[200];
  assert_int_equal(retrieval_spec_check(&s, err, sizeof err), 0);
  retrieval_seq *q = retrieval_seq_alloc(&s);
  const size_t values[2] = { 7, 2 }, vars[6] = { 0, 2, 5, 1, 3, 4 }, order[6] = { 0, 1, 0, 1, 0, 1 };
  memcpy(q->draw.values, values, sizeof values);
  memcpy(q->draw.vars, vars, sizeof vars);
  memcpy(q->draw.order, order, sizeof order);
  for (size_t i = 0; i < 6; i++) q->draw.within[i] = i % 3;
  q->draw.query_chain = 0;
  retrieval_layout(&s, q);
  const int tok[14] = { 7, 10, 2, 11, 10, 12, 11, 13, 12, 15, 13, 14, 16, 15 };
  const int label[14] = { -1, 7, -1, 2, -1, 7, -1, 2, -1, 7, -1, 2, -1, 7 };
  const int depth[14] = { 0, 1, 0, 1, 0, 2, 0, 2, 0, 3, 0, 3, 0, 3 };
  assert_int_equal(q->T, 14);
  for (size_t t = 0; t < 14; t++) {
    assert_int_equal(q->tok[t], tok[t]);
    assert_int_equal(q->label[t], label[t]);
    assert_int_equal(q->depth[t], depth[t]);
  }
  assert_int_equal(q->query_pos, 13);
  char text[200];
  retrieval_seq_text(&s, q, text, sizeof text);
  assert_string_equal(text, "v7 x0 v2 x1 x0 x2 x1 x3 x2 x5 x3 x4 Q x5");
  s.ic = 0;  /* non-IC: "... d e Q f" -> 7, one label */
  retrieval_layout(&s, q);
  for (size_t t = 0; t < 14; t++) {
    assert_int_equal(q->tok[t], tok[t]);
    assert_int_equal(q->label[t], t == 13 ? 7 : -1);
  }
  retrieval_seq_free(q);
}

static void expect_error(const retrieval_spec *s, const char *needle)
{
  char err[300];
  assert_int_equal(retrieval_spec_check(s, err, sizeof err), -1);
  if (strstr(err, needle) == NULL) fail_msg("message '%s' does not name '%s'", err, needle);
  assert_null(strchr(err, '\n'));
}

/* Each task that cannot be built is refused with a one-line message naming the problem; bad
   key settings likewise; the defaults pass. */
static void test_retrieval_spec_errors(void **state)
{
  (void) state;
  char err[300];
  retrieval_spec s;
  retrieval_spec_default(&s);
  assert_int_equal(retrieval_spec_check(&s, err, sizeof err), 0);
  s = spec_of(1, 26, 2, 3); expect_error(&s, "values = 1");
  s = spec_of(10, 26, 2, 0); expect_error(&s, "depth = 0");
  s = spec_of(10, 26, 0, 3); expect_error(&s, "chains = 0");
  s = spec_of(10, 11, 3, 4); expect_error(&s, "chains x depth = 3 x 4 exceeds the 11 variables");
  s = spec_of(10, 12, 3, 4);
  assert_int_equal(retrieval_spec_check(&s, err, sizeof err), 0);  /* KD = N is allowed */
  s = spec_of(3, 26, 4, 3); expect_error(&s, "chains = 4 exceeds values = 3");
  s.distinct_values = 0;
  assert_int_equal(retrieval_spec_check(&s, err, sizeof err), 0);
  s = spec_of(10, 26, 2, 3); s.ic = 0; expect_error(&s, "query = 0");
  s = spec_of(10, (size_t) -1, (size_t) 1 << 40, (size_t) 1 << 40);  /* KD overflows */
  expect_error(&s, "exceeds");
  retrieval_spec_default(&s);
  assert_int_equal(retrieval_spec_set(&s, "depth", "7", err, sizeof err), 0);
  assert_int_equal(s.D, 7);
  assert_int_equal(retrieval_spec_set(&s, "shuffle", "1", err, sizeof err), 0);
  assert_int_equal(s.shuffle, 1);
  assert_int_equal(retrieval_spec_set(&s, "shuffle", "2", err, sizeof err), -1);
  assert_non_null(strstr(err, "shuffle"));
  assert_int_equal(retrieval_spec_set(&s, "depth", "-3", err, sizeof err), -1);
  assert_int_equal(retrieval_spec_set(&s, "depth", "3x", err, sizeof err), -1);
  assert_int_equal(retrieval_spec_set(&s, "depth", "", err, sizeof err), -1);
  assert_int_equal(retrieval_spec_set(&s, "hops", "3", err, sizeof err), -1);
  assert_non_null(strstr(err, "hops"));
  assert_int_equal(s.D, 7);
}

/* Follow the facts of the sequence backwards from variable token y, without the draw's record:
   returns the value index it resolves to and the hops in *hops, or -1. */
static int resolve(const retrieval_spec *s, const retrieval_seq *q, int y, int *hops)
{
  size_t first = s->bos ? 1 : 0, facts = s->K * s->D;
  *hops = 0;
  while (y >= (int) s->V) {
    int found = 0;
    for (size_t i = 0; i < facts && !found; i++)
      if (q->tok[first + 2 * i + 1] == y) { y = q->tok[first + 2 * i]; found = 1; }
    if (!found) return -1;
    (*hops)++;
  }
  return y;
}

static void check_invariants(const retrieval_spec *s, const retrieval_seq *q, int *out_of_order)
{
  size_t V = s->V, N = s->N, K = s->K, D = s->D, first = s->bos ? 1 : 0;
  assert_int_equal(q->T, retrieval_length(s));
  if (s->bos) assert_int_equal(q->tok[0], (int) (V + N + 1));
  /* the KD destinations are distinct variables; every source is a value or one of them */
  int *seen = calloc(N, sizeof(int));
  for (size_t i = 0; i < K * D; i++) {
    int d = q->tok[first + 2 * i + 1];
    assert_true(d >= (int) V && d < (int) (V + N));
    assert_int_equal(seen[d - (int) V], 0);
    seen[d - (int) V] = 1;
  }
  for (size_t i = 0; i < K * D; i++) {
    int src = q->tok[first + 2 * i];
    assert_true(src >= 0 && (src < (int) V || (src < (int) (V + N) && seen[src - (int) V])));
  }
  free(seen);
  /* every label is the true resolution, and its depth the number of hops */
  size_t *count = calloc(D + 1, sizeof(size_t)), labels = 0;
  for (size_t t = 0; t < q->T; t++) {
    if (q->label[t] < 0) { assert_int_equal(q->depth[t], 0); continue; }
    int hops, v = resolve(s, q, q->tok[t], &hops);
    assert_int_equal(q->label[t], v);
    assert_int_equal(q->depth[t], hops);
    assert_true(hops >= 1 && hops <= (int) D);
    count[hops]++; labels++;
  }
  if (s->ic)
    for (size_t k = 1; k <= D; k++) assert_int_equal(count[k], K + (s->query && k == D));
  else {
    assert_int_equal(labels, 1);
    assert_int_equal(q->label[q->T - 1] >= 0, 1);
  }
  if (s->query) {
    assert_int_equal(q->query_pos, (int) q->T - 1);
    if (s->marker) assert_int_equal(q->tok[q->T - 2], (int) (V + N));
  }
  if (s->distinct_values)
    for (size_t c = 0; c < K; c++)
      for (size_t e = 0; e < c; e++) assert_true(q->draw.values[c] != q->draw.values[e]);
  /* within each chain the slots come in order, unless shuffled */
  size_t S = 2 * D + 1;
  for (size_t c = 0; c < K; c++)
    for (size_t i = 0; i + 1 < 2 * D; i++) {
      int a = q->slot_pos[c * S + i], b = q->slot_pos[c * S + i + 1];
      assert_true(a >= 0 && b >= 0);
      if (b < a) {
        assert_true(s->shuffle);
        (*out_of_order)++;
      }
    }
  free(count);
}

/* Every switch combination that can be built, 40 sequences each. */
static void test_retrieval_generator_invariants(void **state)
{
  (void) state;
  char err[300];
  const size_t shapes[3][4] = { { 5, 20, 3, 4 }, { 2, 7, 1, 7 }, { 10, 26, 2, 3 } };
  for (size_t sh = 0; sh < 3; sh++)
    for (unsigned bits = 0; bits < 64; bits++) {
      retrieval_spec s = spec_of(shapes[sh][0], shapes[sh][1], shapes[sh][2], shapes[sh][3]);
      s.ic = bits & 1; s.query = (bits >> 1) & 1; s.marker = (bits >> 2) & 1;
      s.bos = (bits >> 3) & 1; s.shuffle = (bits >> 4) & 1; s.distinct_values = (bits >> 5) & 1;
      if (retrieval_spec_check(&s, err, sizeof err) != 0) {
        assert_true(!s.ic && !s.query);  /* the only invalid combination of these shapes */
        continue;
      }
      retrieval_seq *q = retrieval_seq_alloc(&s);
      int out_of_order = 0;
      for (uint64_t k = 0; k < 40; k++) {
        retrieval_sample(&s, 11, STREAM_TEST, k, q);
        check_invariants(&s, q, &out_of_order);
      }
      if (s.shuffle && s.D >= 3) assert_true(out_of_order > 0);  /* the switch does shuffle */
      retrieval_seq_free(q);
    }
}

static int same_seq(const retrieval_seq *a, const retrieval_seq *b)
{
  if (a->T != b->T) return 0;
  for (size_t t = 0; t < a->T; t++)
    if (a->tok[t] != b->tok[t] || a->label[t] != b->label[t]) return 0;
  return 1;
}

/* Sequence k depends on (seed, stream, k) only. */
static void test_retrieval_seed_fixes_sequence(void **state)
{
  (void) state;
  retrieval_spec s = spec_of(10, 26, 3, 5);
  s.query = 1; s.shuffle = 1;
  retrieval_seq *a = retrieval_seq_alloc(&s), *b = retrieval_seq_alloc(&s);
  for (uint64_t k = 0; k < 20; k++) {
    retrieval_sample(&s, 7, STREAM_TRAIN, k, a);
    retrieval_sample(&s, 7, STREAM_TRAIN, 19 - k, b);  /* another in between */
    retrieval_sample(&s, 7, STREAM_TRAIN, k, b);
    assert_true(same_seq(a, b));
    retrieval_sample(&s, 8, STREAM_TRAIN, k, b);
    assert_false(same_seq(a, b));
    retrieval_sample(&s, 7, STREAM_HELDOUT, k, b);
    assert_false(same_seq(a, b));
  }
  retrieval_seq_free(a); retrieval_seq_free(b);
}

/* Counting per depth, the Wilson interval against Newcombe's (1998) table (four decimals, so a
   tolerance of 5e-5), and the chance level by Monte Carlo. */
static void test_retrieval_accuracy_and_wilson(void **state)
{
  (void) state;
  const double z = 1.96;
  const size_t x[5] = { 81, 15, 0, 1, 29 }, n[5] = { 263, 148, 20, 29, 29 };
  const double lo[5] = { 0.2553, 0.0624, 0.0, 0.0061, 0.8830 };
  const double hi[5] = { 0.3662, 0.1605, 0.1611, 0.1718, 1.0 };
  for (size_t i = 0; i < 5; i++) {
    interval w = wilson_interval(x[i], n[i], z);
    assert_close(w.lo, lo[i], 5e-5, 0.0);
    assert_close(w.hi, hi[i], 5e-5, 0.0);
    assert_close(w.mean, (double) x[i] / (double) n[i], 0.0, 1e-15);
  }
  interval w = wilson_interval(1000, 1000, z);
  assert_close(w.lo, 0.9962, 5e-5, 0.0);
  w = wilson_interval(0, 0, z);
  assert_true(w.lo == 0.0 && w.hi == 1.0);

  retrieval_spec s = spec_of(10, 26, 2, 3);
  s.query = 1;
  retrieval_seq *q = retrieval_seq_alloc(&s);
  retrieval_acc perfect, wrong2, guess;
  retrieval_acc_init(&perfect, 3); retrieval_acc_init(&wrong2, 3); retrieval_acc_init(&guess, 3);
  int *pred = malloc(q->T * sizeof(int));
  gsl_rng *rng = tu_rng(1);
  const size_t M = 2000;
  for (uint64_t k = 0; k < M; k++) {
    retrieval_sample(&s, 3, STREAM_TEST, k, q);
    memcpy(pred, q->label, q->T * sizeof(int));
    retrieval_acc_add(&perfect, q, pred);
    for (size_t t = 0; t < q->T; t++)
      if (q->depth[t] == 2) pred[t] = (q->label[t] + 1) % 10;
    retrieval_acc_add(&wrong2, q, pred);
    for (size_t t = 0; t < q->T; t++) pred[t] = (int) gsl_rng_uniform_int(rng, 10);
    retrieval_acc_add(&guess, q, pred);
  }
  assert_int_equal(perfect.total[0], M);  /* one query per sequence */
  for (size_t k = 1; k <= 3; k++) {
    assert_int_equal(perfect.total[k], 2 * M);  /* K destinations per depth */
    assert_int_equal(perfect.correct[k], 2 * M);
    assert_int_equal(wrong2.correct[k], k == 2 ? 0 : 2 * M);
  }
  assert_int_equal(wrong2.correct[0], M);  /* the query is counted apart from depth 3 */
  size_t right = 0, trials = 0;
  for (size_t b = 0; b <= 3; b++) { right += guess.correct[b]; trials += guess.total[b]; }
  double p = (double) right / (double) trials, chance = retrieval_chance(&s);
  assert_within_se(p, sqrt(chance * (1 - chance) / (double) trials), chance, 4.0);
  interval r = retrieval_acc_interval(&guess, 1, z);
  assert_true(r.lo < r.mean && r.mean < r.hi && r.hi - r.lo < 0.05);
  gsl_rng_free(rng);
  free(pred);
  retrieval_acc_free(&perfect); retrieval_acc_free(&wrong2); retrieval_acc_free(&guess);
  retrieval_seq_free(q);
}

/* The flow tests: K = 2 chains, a query, D = 1..121, up to 9 layers. */
enum { DMAX = 121, LMAX = 9 };

static size_t ipow(size_t b, size_t e)
{
  size_t r = 1;
  while (e--) r *= b;
  return r;
}

static retrieval_seq *flow_seq(size_t D, int shuffle, uint64_t k, retrieval_spec *s)
{
  *s = spec_of(10, 2 * D, 2, D);
  s->query = 1; s->shuffle = shuffle;
  retrieval_seq *q = retrieval_seq_alloc(s);
  retrieval_sample(s, 21, STREAM_TEST, k, q);
  return q;
}

/* Lemma R1 everywhere; the bidirectional flow attains min(3^l, 2D+1). */
static void test_retrieval_flow_growth_at_most_threefold(void **state)
{
  (void) state;
  for (size_t D = 1; D <= DMAX; D++)
    for (int shuffle = 0; shuffle <= 1; shuffle++)
      for (int causal = 0; causal <= 1; causal++) {
        retrieval_spec s;
        retrieval_seq *q = flow_seq(D, shuffle, D, &s);
        retrieval_flow f;
        assert_int_equal(retrieval_flow_run(q, q->draw.query_chain, LMAX, causal, &f), 0);
        for (size_t l = 0; l < LMAX; l++) {
          size_t M = retrieval_flow_max(&f, l), M1 = retrieval_flow_max(&f, l + 1);
          for (size_t p = 0; p < q->T; p++)
            assert_true(retrieval_flow_size(&f, l + 1, p) <= retrieval_flow_size(&f, l, p) + 2 * M);
          assert_true(M1 <= 3 * M);
          assert_true(M1 <= ipow(3, l + 1));
          if (!causal) {
            size_t attained = ipow(3, l + 1) < 2 * D + 1 ? ipow(3, l + 1) : 2 * D + 1;
            assert_int_equal(M1, attained);
          }
        }
        retrieval_flow_free(&f);
        retrieval_seq_free(q);
      }
}

/* Theorem 1 in every regime; Proposition R2's bidirectional thresholds, both sides; causal
   flow inside bidirectional flow. */
static void test_retrieval_theorem1_query_needs_log3_2D(void **state)
{
  (void) state;
  for (size_t D = 1; D <= DMAX; D++)
    for (int shuffle = 0; shuffle <= 1; shuffle++) {
      retrieval_spec s;
      retrieval_seq *q = flow_seq(D, shuffle, 1000 + D, &s);
      size_t c = q->draw.query_chain, S = 2 * D + 1;
      retrieval_flow bi, ca;
      assert_int_equal(retrieval_flow_run(q, c, LMAX, 0, &bi), 0);
      assert_int_equal(retrieval_flow_run(q, c, LMAX, 1, &ca), 0);
      for (size_t t = 1; t <= LMAX; t++) {
        size_t p3 = ipow(3, t);
        int reached_bi = retrieval_flow_holds(&bi, t, q->query_pos, 0, 0);
        int reached_ca = retrieval_flow_holds(&ca, t, q->query_pos, 0, 0);
        if (reached_bi || reached_ca) assert_true(p3 >= 2 * D);  /* Theorem 1 */
        assert_int_equal(retrieval_flow_holds(&bi, t, -1, 0, (int) (2 * D - 1)), p3 >= 2 * D);
        assert_int_equal(reached_bi, p3 >= 4 * D + 1);
        for (size_t k = 1; k <= D; k++) {
          int dst = q->slot_pos[c * S + 2 * k - 1];
          assert_int_equal(retrieval_flow_holds(&bi, t, dst, 0, 0), p3 >= 4 * k - 1);
        }
        for (size_t p = 0; p < q->T; p++)
          if (retrieval_flow_size(&ca, t, p) > 0)
            assert_true(bi.lo[t * q->T + p] <= ca.lo[t * q->T + p]
              && ca.hi[t * q->T + p] <= bi.hi[t * q->T + p]);
      }
      retrieval_flow_free(&bi); retrieval_flow_free(&ca);
      retrieval_seq_free(q);
    }
  /* with equal roots the slot model does not apply, and the simulation says so */
  retrieval_spec s = spec_of(2, 8, 2, 4);
  s.distinct_values = 0;
  retrieval_seq *q = retrieval_seq_alloc(&s);
  retrieval_flow f;
  int refused = 0;
  for (uint64_t k = 0; k < 20; k++) {
    retrieval_sample(&s, 5, STREAM_TEST, k, q);
    if (q->draw.values[0] != q->draw.values[1]) continue;
    assert_int_equal(retrieval_flow_run(q, 0, 2, 0, &f), -1);
    refused++;
  }
  assert_true(refused > 0);
  retrieval_seq_free(q);
}

/* Proposition R2's causal part: facts in order double at most, with exact thresholds; shuffled
   facts beat doubling on some sequences. */
static void test_retrieval_flow_causal_forward_doubling(void **state)
{
  (void) state;
  size_t beats = 0, earlier = 0;
  for (size_t D = 1; D <= DMAX; D++) {
    retrieval_spec s;
    retrieval_seq *q = flow_seq(D, 0, 2000 + D, &s);
    size_t c = q->draw.query_chain, S = 2 * D + 1;
    retrieval_flow f;
    assert_int_equal(retrieval_flow_run(q, c, LMAX, 1, &f), 0);
    for (size_t t = 1; t <= LMAX; t++) {
      size_t p2 = ipow(2, t);
      assert_true(retrieval_flow_max(&f, t) <= 2 * retrieval_flow_max(&f, t - 1));
      assert_int_equal(retrieval_flow_holds(&f, t, q->query_pos, 0, 0), p2 >= 2 * D + 1);
      for (size_t k = 1; k <= D; k++) {
        int dst = q->slot_pos[c * S + 2 * k - 1];
        assert_int_equal(retrieval_flow_holds(&f, t, dst, 0, 0), p2 >= 2 * k);
      }
    }
    retrieval_flow_free(&f);
    retrieval_seq_free(q);
    q = flow_seq(D, 1, 2000 + D, &s);
    assert_int_equal(retrieval_flow_run(q, q->draw.query_chain, LMAX, 1, &f), 0);
    for (size_t t = 1; t <= LMAX; t++)
      if (retrieval_flow_max(&f, t) > 2 * retrieval_flow_max(&f, t - 1)) { beats++; break; }
    /* the observation: shuffled, the query never needs more layers than in order */
    size_t in_order = 1;
    while (ipow(2, in_order) < 2 * D + 1) in_order++;
    size_t first = 1;
    while (first <= LMAX && !retrieval_flow_holds(&f, first, q->query_pos, 0, 0)) first++;
    assert_true(first <= in_order);
    earlier += first < in_order;
    retrieval_flow_free(&f);
    retrieval_seq_free(q);
  }
  assert_true(beats > 0);
  assert_true(earlier > 0);
}

static size_t ceil_log2(size_t x)
{
  size_t r = 0;
  while (((size_t) 1 << r) < x) r++;
  return r;
}

/* Proposition R3: pointer doubling's hop counts, its answers, and its depth equal to the causal
   flow's threshold. */
static void test_retrieval_pointer_doubling_depth(void **state)
{
  (void) state;
  size_t unresolved = 0;
  for (size_t D = 1; D <= DMAX; D++) {
    retrieval_spec s;
    retrieval_seq *q = flow_seq(D, 0, 3000 + D, &s);
    size_t V = s.V, c = q->draw.query_chain, S = 2 * D + 1;
    int *depth_of = malloc(s.N * sizeof(int)), *ptr = malloc(q->T * sizeof(int));
    for (size_t e = 0; e < s.K; e++)
      for (size_t j = 0; j < D; j++) depth_of[q->draw.vars[e * D + j]] = (int) j + 1;
    retrieval_flow f;
    assert_int_equal(retrieval_flow_run(q, c, LMAX, 1, &f), 0);
    size_t first_pd = 0, first_flow = 0;
    for (size_t L = 1; L <= LMAX; L++) {
      retrieval_pointer_doubling(&s, q, L, ptr);
      size_t h = (size_t) 1 << (L - 1);
      for (size_t t = 0; t < q->T; t++) {
        if (q->label[t] < 0) continue;
        size_t k = (size_t) q->depth[t], back = (int) t == q->query_pos ? h - 1 : h;
        if (back >= k) assert_int_equal(ptr[t], q->label[t]);  /* a value: the right one */
        else {
          assert_true(ptr[t] >= (int) V);
          assert_int_equal(depth_of[ptr[t] - (int) V], (int) (k - back));
        }
      }
      size_t k_all = D;  /* every destination resolved exactly from ceil(log2 k) + 1 layers */
      for (size_t k = 1; k <= k_all; k++) {
        int dst = q->slot_pos[c * S + 2 * k - 1];
        assert_int_equal(ptr[dst] == q->label[dst], L >= ceil_log2(k) + 1);
      }
      if (!first_pd && ptr[q->query_pos] == q->label[q->query_pos]) first_pd = L;
      if (!first_flow && retrieval_flow_holds(&f, L, q->query_pos, 0, 0)) first_flow = L;
    }
    assert_int_equal(first_pd, ceil_log2(D + 1) + 1);
    assert_int_equal(first_pd, first_flow);  /* the construction attains the causal bound */
    retrieval_flow_free(&f);
    retrieval_seq_free(q);
    /* shuffled facts: a destination may sit after its reader, which then cannot resolve under
       the causal mask however many layers it has; what it does resolve is right */
    q = flow_seq(D, 1, 3000 + D, &s);
    retrieval_pointer_doubling(&s, q, 2 * LMAX, ptr);
    for (size_t t = 0; t < q->T; t++) {
      if (q->label[t] < 0) continue;
      if (ptr[t] < (int) V) assert_int_equal(ptr[t], q->label[t]);
      else unresolved++;
    }
    free(depth_of); free(ptr);
    retrieval_seq_free(q);
  }
  assert_true(unresolved > 0);
}

/* Proposition R4: the hand-set attention-only model (lambda = 40) answers every labelled position
   with L = ceil(log2(D+1)) + 1 layers, and with L' layers resolves exactly the destinations of
   depth k <= 2^(L'-1) and the query iff 2^(L'-1) >= D + 1 (checked for every L' <= L). Resolved
   means the largest logit is within 1e-9 of 1 and the others within 1e-9 of 0 (the error bound
   T e^-lambda is below 1e-15); unresolved means every logit is below 1/2. */
static void test_retrieval_construction_solves_depth(void **state)
{
  (void) state;
  char err[200];
  const size_t B = 100;
  for (size_t D = 1; D <= 12; D++)
    for (int bos = 0; bos <= 1; bos++) {
      retrieval_spec s = spec_of(10, 2 * D + 3, 2, D);
      s.query = 1; s.bos = bos;
      assert_int_equal(retrieval_spec_check(&s, err, sizeof err), 0);
      size_t L = retrieval_construction_layers(D);
      size_t causal = 1, paper = 0;
      while (((size_t) 1 << causal) < 2 * D + 1) causal++;
      for (size_t p3 = 1; p3 < 2 * D; p3 *= 3) paper++;  /* ceil(log3(2D)) */
      assert_int_equal(L, causal);
      assert_true(L > paper);
      model *m = retrieval_construct(&s, L, 40.0, B, err, sizeof err);
      assert_non_null(m);
      retrieval_acc acc;
      retrieval_evaluate(m, &s, 21, STREAM_HELDOUT, B, B, &acc);
      for (size_t k = 0; k <= D; k++) {
        assert_int_equal(acc.total[k], k ? 2 * B : B);
        assert_int_equal(acc.correct[k], acc.total[k]);
      }
      retrieval_acc_free(&acc);
      model_free(m);
      retrieval_seq *q = retrieval_seq_alloc(&s);
      for (size_t Lp = 1; Lp <= L; Lp++) {
        m = retrieval_construct(&s, Lp, 40.0, B, err, sizeof err);
        prompt_batch *bt = batch_alloc(&m->cfg, B, q->T);
        size_t T = q->T, V = s.V, reach = (size_t) 1 << (Lp - 1);
        retrieval_fill_batch(&s, 21, STREAM_HELDOUT, 0, bt);
        model_forward(m, bt);
        for (size_t b = 0; b < B; b++) {
          retrieval_sample(&s, 21, STREAM_HELDOUT, b, q);  /* the sequence of row b */
          for (size_t t = 0; t < T; t++) {
            if (q->label[t] < 0) continue;
            const double *lg = m->logits + (b * T + t) * V;
            int is_query = (int) t == q->query_pos;
            int expect = is_query ? reach >= D + 1 : reach >= (size_t) q->depth[t];
            double mx = lg[0];
            for (size_t v = 1; v < V; v++) mx = fmax(mx, lg[v]);
            if (expect) {
              for (size_t v = 0; v < V; v++)
                if (!(fabs(lg[v] - ((int) v == q->label[t] ? 1.0 : 0.0)) <= 1e-9))
                  fail_msg("D %zu, L %zu, sequence %zu, position %zu: logit %zu is %.17g", D, Lp,
                    b, t, v, lg[v]);
            } else if (!(mx < 0.5))
              fail_msg("D %zu, L %zu, sequence %zu, position %zu (depth %d): resolved too early",
                D, Lp, b, t, q->depth[t]);
          }
        }
        batch_free(bt);
        model_free(m);
      }
      retrieval_seq_free(q);
      s.shuffle = 1;
      assert_null(retrieval_construct(&s, L, 40.0, B, err, sizeof err));
      assert_non_null(strstr(err, "in order"));
    }
}

/* Proposition R5: one layer answers the depth-1 query by elimination; without the same-token
   term it cannot. */
static void test_retrieval_elimination_one_layer(void **state)
{
  (void) state;
  char err[200];
  const size_t B = 100;
  for (size_t K = 1; K <= 4; K++)
    for (int bos = 0; bos <= 1; bos++)
      for (int marker = 0; marker <= 1; marker++)
        for (int same_token = 1; same_token >= 0; same_token--) {
          retrieval_spec s = spec_of(10, 2 * K + 3, K, 1);
          s.query = 1; s.bos = bos; s.marker = marker;
          assert_int_equal(retrieval_spec_check(&s, err, sizeof err), 0);
          model *m = retrieval_construct_elimination(&s, 40.0, same_token, B, err, sizeof err);
          assert_non_null(m);
          assert_int_equal(m->cfg.n_layers, 1);
          retrieval_seq *q = retrieval_seq_alloc(&s);
          prompt_batch *bt = batch_alloc(&m->cfg, B, q->T);
          size_t T = q->T, V = s.V, queries = 0;
          retrieval_fill_batch(&s, 23, STREAM_HELDOUT, 0, bt);
          model_forward(m, bt);
          for (size_t b = 0; b < B; b++) {
            retrieval_sample(&s, 23, STREAM_HELDOUT, b, q);
            for (size_t t = 0; t < T; t++) {
              if (q->label[t] < 0) continue;
              const double *lg = m->logits + (b * T + t) * V;
              int is_query = (int) t == q->query_pos;
              queries += is_query;
              double mx = lg[0];
              for (size_t v = 1; v < V; v++) mx = fmax(mx, lg[v]);
              if (is_query && !same_token) {
                if (!(mx < 0.5)) fail_msg("K %zu: the query is resolved without the same-token term", K);
                continue;
              }
              for (size_t v = 0; v < V; v++)
                if (!(fabs(lg[v] - ((int) v == q->label[t] ? 1.0 : 0.0)) <= 1e-9))
                  fail_msg("K %zu, bos %d, marker %d, sequence %zu, position %zu: logit %zu is %.17g",
                    K, bos, marker, b, t, v, lg[v]);
            }
          }
          assert_int_equal(queries, B);
          if (same_token) {
            retrieval_acc acc;
            retrieval_evaluate(m, &s, 23, STREAM_HELDOUT, B, B, &acc);
            assert_int_equal(acc.correct[0], B);
            assert_int_equal(acc.correct[1], K * B);
            assert_int_equal(acc.total[1], K * B);
            retrieval_acc_free(&acc);
          }
          batch_free(bt);
          retrieval_seq_free(q);
          model_free(m);
        }
  retrieval_spec s = spec_of(10, 12, 2, 2);
  s.query = 1;
  assert_null(retrieval_construct_elimination(&s, 40.0, 1, B, err, sizeof err));
  assert_non_null(strstr(err, "depth 1"));
  s.D = 1; s.query = 0;
  assert_null(retrieval_construct_elimination(&s, 40.0, 1, B, err, sizeof err));
  assert_non_null(strstr(err, "query"));
}

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_retrieval_worked_example),
    cmocka_unit_test(test_retrieval_spec_errors),
    cmocka_unit_test(test_retrieval_generator_invariants),
    cmocka_unit_test(test_retrieval_seed_fixes_sequence),
    cmocka_unit_test(test_retrieval_accuracy_and_wilson),
    cmocka_unit_test(test_retrieval_flow_growth_at_most_threefold),
    cmocka_unit_test(test_retrieval_theorem1_query_needs_log3_2D),
    cmocka_unit_test(test_retrieval_flow_causal_forward_doubling),
    cmocka_unit_test(test_retrieval_pointer_doubling_depth),
    cmocka_unit_test(test_retrieval_construction_solves_depth),
    cmocka_unit_test(test_retrieval_elimination_one_layer),
  };
  return cmocka_run_group_tests_name("retrieval", tests, NULL, NULL);
}
