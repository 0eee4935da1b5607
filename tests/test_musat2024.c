/* Tests of the chapter on trained retrieval models (chapters/musat2024.w): head roles read off
   the pointer-doubling construction, the mean-ablation copy, the smoke grid run and joined, the
   plan/unit/join guarantee (units in another order join to the same bytes), and --analyze
   refusing a checkpoint of another task. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"
#include "support.h"
#include "train.h"
#include "musat2024.h"

/* The construction for K = 2, D = 2 (three layers, one head each; lambda = 40, so attention is
   one-hot up to T e^{-40}): layer 1 is the fact's other half, layer 2 the previous hop, layer 3
   the resolved source, each above 0.99. The ablation copy with nothing ablated is the model
   (accuracy identical); mean-ablating layer 1 breaks depth 1 (below 0.5, from 1). */
static void test_musat_roles_name_the_construction(void **state)
{
  (void) state;
  retrieval_spec s;
  retrieval_spec_default(&s);
  s.K = 2; s.D = 2; s.ic = 1; s.query = 0;  /* at a query the construction reads the resolved destination, not the root */
  char err[256];
  assert_int_equal(retrieval_spec_check(&s, err, sizeof err), 0);
  size_t L = retrieval_construction_layers(s.D);
  assert_int_equal(L, 3);
  model *m = retrieval_construct(&s, L, 40.0, 64, err, sizeof err);
  assert_non_null(m);
  double score[3 * ROLES], *mean = xmalloc(3 * m->cfg.d_model * sizeof *mean);
  musat_roles(m, &s, 5, 64, score, mean);
  /* layer 2 looks up where its pointer was assigned: same token at sources, previous hop at
     destinations, both one-hot. Every other role scores at most 0.6: two overlap by construction,
     layer 2's previous token (a source's previous position is the assignment it looks up when
     the chain's two facts are adjacent, about half the time) and layer 3's other half (at a
     depth-1 destination, half of them for D = 2, the root is the fact's other half). */
  const int want[3][2] = { { ROLE_HALF, ROLE_HALF }, { ROLE_SAME, ROLE_HOP }, { ROLE_ROOT, ROLE_ROOT } };
  for (size_t l = 0; l < L; l++) {
    int got = musat_best_role(score + l * ROLES);
    if (got != want[l][0] && got != want[l][1])
      fail_msg("layer %zu: role %s, want %s", l + 1, musat_role_names[got], musat_role_names[want[l][1]]);
    for (int k = 0; k < ROLES; k++)
      if (k == want[l][0] || k == want[l][1]) assert_true(score[l * ROLES + k] > 0.99);
      else if (score[l * ROLES + k] > 0.6)
        fail_msg("layer %zu: %s scores %g", l + 1, musat_role_names[k], score[l * ROLES + k]);
  }
  retrieval_acc a, b;
  retrieval_evaluate(m, &s, 5, STREAM_EVAL, 128, 64, &a);
  model *ab = musat_ablation_model(m);
  retrieval_evaluate(ab, &s, 5, STREAM_EVAL, 128, 64, &b);
  for (size_t k = 0; k <= s.D; k++) {
    assert_int_equal(a.correct[k], a.total[k]);  /* the construction is exact */
    assert_int_equal(b.correct[k], a.correct[k]);
  }
  retrieval_acc_free(&b);
  musat_ablate(ab, m, 0, 0, mean);
  retrieval_evaluate(ab, &s, 5, STREAM_EVAL, 128, 64, &b);
  assert_true((double) b.correct[1] < 0.5 * (double) b.total[1]);
  retrieval_acc_free(&a); retrieval_acc_free(&b);
  model_free(ab); model_free(m); free(mean);
}

static const char *const joined[] = { "musat_acc.csv", "musat_roles.csv", "musat_emerge.csv",
  "musat_solved.csv", "musat_map.csv", "musat_depth.csv" };

/* The smoke grid (one seed: ic L1 D1, ic L2 D1, noic L2 D1; 40 steps, records at 0, 20, 40)
   runs and joins: row counts and headers of every joined file. */
static void test_musat_smoke_grid_runs_and_joins(void **state)
{
  (void) state;
  char dir[128], err[1024], header[1024];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-musat-");
  if (musat_reproduce("smoke", dir, 1, 1, err, sizeof err) != 0) fail_msg("%s", err);
  /* accuracy: per record (3 curve + 1 final) and per ablation (none + one per head), the
     destination depth and the query (the run without IC: the query only) */
  assert_int_equal(tu_csv_rows(dir, "musat_acc.csv", header, sizeof header), 4 * (3 * 2 + 5 * 2 + 5));
  assert_non_null(strstr(header, "paper,scale,run,variant,layers,D,seed,program,"));
  assert_int_equal(tu_csv_rows(dir, "musat_roles.csv", header, sizeof header), 4 * (2 + 4 + 4));
  assert_int_equal(tu_csv_rows(dir, "musat_emerge.csv", header, sizeof header), (2 + 2) + 2 * (4 + 2));
  assert_int_equal(tu_csv_rows(dir, "musat_solved.csv", header, sizeof header), 3);
  /* the map: the pair of the comparison (ic L2 D1), T = 6, 2 layers x 2 heads x 21 pairs */
  assert_int_equal(tu_csv_rows(dir, "musat_map.csv", header, sizeof header), 4 * 21);
  assert_int_equal(tu_csv_rows(dir, "musat_depth.csv", header, sizeof header), 2);
  assert_string_equal(header, "paper,scale,program,layers,seed,largest_D_solved,largest_D_tried,"
    "log3_bound_D,construction_D\n");
  tu_remove_tree(dir);
}

/* The guarantee: the plan's units run one by one in reverse order, in another directory, join
   to the bytes of the one-machine run; a rerun of a finished unit does nothing; the join of a
   half-done grid names the unfinished units in one line. */
static void test_musat_plan_units_join_same_bytes(void **state)
{
  (void) state;
  char one[128], split[128], err[1024], path[512];
  tu_tmp_dir(one, sizeof one, "/tmp/mhicl-musat-");
  tu_tmp_dir(split, sizeof split, "/tmp/mhicl-musat-");
  if (musat_reproduce("smoke", one, 1, 1, err, sizeof err) != 0) fail_msg("%s", err);
  grid_plan p;
  if (musat_plan("smoke", 1, 1, split, &p, err, sizeof err) != 0) fail_msg("%s", err);
  assert_int_equal(p.count, 3);
  double seconds;
  assert_int_equal(grid_run_unit(&p, &p.units[2], &seconds, err, sizeof err), 0);
  assert_int_equal(grid_join(&p, err, sizeof err), -1);
  assert_non_null(strstr(err, "2 of 3 units not finished: ic_L1_D1_seed0, ic_L2_D1_seed0"));
  assert_null(strchr(err, '\n'));
  for (size_t i = p.count; i-- > 0;)
    assert_true(grid_run_unit(&p, &p.units[i], &seconds, err, sizeof err) >= 0);
  assert_int_equal(grid_run_unit(&p, &p.units[0], &seconds, err, sizeof err), 1);
  if (grid_join(&p, err, sizeof err) != 0) fail_msg("%s", err);
  grid_plan_free(&p);
  for (size_t k = 0; k < sizeof joined / sizeof joined[0]; k++) {
    size_t la, lb;
    snprintf(path, sizeof path, "%s/%s", one, joined[k]);
    char *a = tu_slurp(path, &la);
    snprintf(path, sizeof path, "%s/%s", split, joined[k]);
    char *b = tu_slurp(path, &lb);
    if (la != lb || memcmp(a, b, la) != 0) fail_msg("%s differs", joined[k]);
    free(a); free(b);
  }
  tu_remove_tree(one);
  tu_remove_tree(split);
}

/* --analyze: a checkpoint of the smoke grid is analyzed (the accuracy and role files); a
   regression checkpoint is refused by the function (-2) and by the program (status 2, one line,
   nothing written). */
static void test_musat_analyze_refuses_regression_checkpoint(void **state)
{
  (void) state;
  char dir[128], out[160], err[1024], path[512], cmd[1400];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-musat-");
  grid_plan p;
  if (musat_plan("smoke", 1, 1, dir, &p, err, sizeof err) != 0) fail_msg("%s", err);
  double seconds;
  assert_int_equal(grid_run_unit(&p, &p.units[0], &seconds, err, sizeof err), 0);
  grid_plan_free(&p);
  snprintf(path, sizeof path, "%s/runs/ic_L1_D1_seed0.ckpt", dir);
  snprintf(out, sizeof out, "%s/an", dir);
  if (musat_analyze_checkpoint(path, out, err, sizeof err) != 0) fail_msg("%s", err);
  char header[1024];
  snprintf(path, sizeof path, "%s/runs", out);
  assert_int_equal(tu_csv_rows(path, "analyze.roles.csv", header, sizeof header), 2);
  assert_int_equal(tu_csv_rows(path, "analyze.acc.csv", header, sizeof header), 2 * 3);
  assert_int_equal(tu_csv_rows(path, "analyze.carry.csv", header, sizeof header), 2);  /* qo, oq */
  assert_true(tu_csv_rows(path, "analyze.layout.csv", header, sizeof header) > 2);
  assert_int_equal(tu_csv_rows(path, "analyze.position.csv", header, sizeof header), 3);  /* 1, 3, query */
  train_config c;
  train_config_default(&c);
  c.steps = 1; c.batch = 4; c.eval_prompts = 4;
  assert_null(train_config_check(&c));
  trainer *tr = trainer_new(&c);
  model_init(tr->m, 1, 0.02);
  snprintf(path, sizeof path, "%s/regression.ckpt", dir);
  assert_int_equal(checkpoint_save(tr, path, err, sizeof err), 0);
  trainer_free(tr);
  snprintf(out, sizeof out, "%s/refused", dir);
  assert_int_equal(musat_analyze_checkpoint(path, out, err, sizeof err), -2);
  assert_non_null(strstr(err, "regression"));
  const char *prog = getenv("MHICL") ? getenv("MHICL") : "./mhicl";
  snprintf(cmd, sizeof cmd, "'%s' reproduce musat --analyze '%s' --out '%s' 2> '%s/stderr'", prog,
    path, out, dir);
  int status = system(cmd);
  assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 2);
  snprintf(path, sizeof path, "%s/stderr", dir);
  size_t n;
  char *text = tu_slurp(path, &n);
  assert_true(n > 7 && strncmp(text, "mhicl: ", 7) == 0);
  assert_ptr_equal(strchr(text, '\n'), text + n - 1);  /* one line */
  free(text);
  snprintf(path, sizeof path, "%s/runs/analyze.acc.csv", out);
  assert_int_equal(access(path, F_OK), -1);
  tu_remove_tree(dir);
}

/* An untrained model of the smoke scale (two layers, D = 2, IC with a query), weights drawn with
   standard deviation 0.5 so that its attention is spread: what the dump and layout tests read. */
static trainer *spread_smoke_model(const musat_scale *sc, train_config *c)
{
  musat_run r = { 1, 2, 2, 0, "spread" };
  char err[256];
  if (musat_train_config(sc, &r, 1, c, err, sizeof err) != 0) fail_msg("%s", err);
  trainer *tr = trainer_new(c);
  model_init(tr->m, 3, 0.5);
  return tr;
}

/* The layout of a sequence and the slot names (K = 2, D = 3, 300 sequences of one stream), checked
   against the tokens and labels: q1s holds the query's answer, q(j)s the token of q(j-1)d, q(D)d
   the query's variable; a fact is a 'q' exactly when its destination's IC label is the query's
   answer (distinct roots); the word has D of each letter. Which tasks get the table: two chains
   in order with a query and D <= 5 only. */
static void test_musat_layout_names_the_slots(void **state)
{
  (void) state;
  retrieval_spec s;
  retrieval_spec_default(&s);
  s.K = 2; s.D = 3; s.ic = 1; s.query = 1;
  char err[256], word[16], name[16];
  assert_int_equal(retrieval_spec_check(&s, err, sizeof err), 0);
  assert_true(musat_layout_applies(&s));
  retrieval_seq *q = retrieval_seq_alloc(&s);
  for (uint64_t k = 0; k < 300; k++) {
    retrieval_sample(&s, 7, STREAM_EVAL, k, q);
    musat_layout_of(q, word);
    assert_int_equal(strlen(word), 2 * s.D);
    size_t nq = 0;
    for (size_t i = 0; i < 2 * s.D; i++) nq += word[i] == 'q';
    assert_int_equal(nq, s.D);
    int answer = q->label[q->query_pos], pos[2][8][2];  /* [chain q/o][j][s/d] */
    for (size_t t = 0; t < q->T; t++) {
      musat_slot_name(q, t, name, sizeof name);
      if ((int) t == q->query_pos) { assert_string_equal(name, "query"); continue; }
      if ((int) t + 1 == q->query_pos) { assert_string_equal(name, "marker"); continue; }
      assert_true((name[0] == 'q' || name[0] == 'o') && (name[2] == 's' || name[2] == 'd'));
      int j = name[1] - '0';
      assert_true(j >= 1 && j <= (int) s.D);
      pos[name[0] == 'o'][j][name[2] == 'd'] = (int) t;
      assert_int_equal(word[t / 2], name[0]);
      if (name[2] == 'd') assert_int_equal(q->label[t] == answer, name[0] == 'q');
    }
    assert_int_equal(q->tok[pos[0][1][0]], answer);  /* v_i has id i */
    assert_int_equal(q->tok[pos[0][s.D][1]], q->tok[q->query_pos]);
    for (int c = 0; c < 2; c++)
      for (size_t j = 2; j <= s.D; j++)
        assert_int_equal(q->tok[pos[c][j][0]], q->tok[pos[c][j - 1][1]]);
  }
  retrieval_seq_free(q);
  retrieval_spec t = s;
  t.K = 3; assert_false(musat_layout_applies(&t));
  t = s; t.shuffle = 1; assert_false(musat_layout_applies(&t));
  t = s; t.D = 5; assert_true(musat_layout_applies(&t));
  t = s; t.D = 6; assert_false(musat_layout_applies(&t));
}

/* The table of a model (smoke scale, two layers, D = 2, weights drawn with standard deviation 0.5
   so that attention is spread): 300 sequences in batches of the model's 8 fall into the 6 layouts, in
   alphabetical order; every averaged pattern row sums to 1 (1e-12: a sum of at most 10 entries
   over at most 300 sequences); the right answers at the query add up to what retrieval_evaluate
   counts on the same sequences (an independent path: batches of 5, its own counting). */
static void test_musat_layout_table(void **state)
{
  (void) state;
  const musat_scale *sc = musat_scale_named("smoke");
  train_config c;
  trainer *tr = spread_smoke_model(sc, &c);
  const retrieval_spec *s = &c.retrieval;
  size_t T = retrieval_length(s), L = 2, H = sc->heads, count = 300, total = 0, right = 0;
  musat_layout *lay = xmalloc(MUSAT_MAX_LAYOUTS * sizeof *lay);
  size_t n = musat_layout_collect(tr->m, s, 11, count, sc->batch, lay);
  assert_int_equal(n, 6);
  for (size_t i = 0; i < n; i++) {
    if (i > 0) assert_true(strcmp(lay[i - 1].word, lay[i].word) < 0);
    total += lay[i].n;
    right += lay[i].correct;
    for (size_t lh = 0; lh < L * H; lh++)
      for (size_t t = 0; t < T; t++) {
        double row = 0.0;
        for (size_t u = 0; u < T; u++) row += lay[i].sum[(lh * T + t) * T + u];
        assert_true(fabs(row / (double) lay[i].n - 1.0) < 1e-12);
      }
  }
  assert_int_equal(total, count);
  retrieval_acc a;
  retrieval_evaluate(tr->m, s, 11, STREAM_EVAL, count, 5, &a);
  assert_int_equal(right, a.correct[0]);
  assert_int_equal(count, a.total[0]);
  retrieval_acc_free(&a);
  musat_layout_free(lay, n);
  free(lay);
  trainer_free(tr);
}

/* Accuracy by position (the spread smoke model, K = 2, D = 2, 300 sequences): the rows of each
   depth add up to retrieval_evaluate's counts on the same sequences, right answers and labels;
   the query is one row at the last position; a destination of depth k stands at an odd position
   (no beginning token) at least 2k - 1, since each chain's facts keep their order; and every
   sequence brings K D + 1 labels. */
static void test_musat_position_table(void **state)
{
  (void) state;
  const musat_scale *sc = musat_scale_named("smoke");
  train_config c;
  trainer *tr = spread_smoke_model(sc, &c);
  const retrieval_spec *s = &c.retrieval;
  size_t count = 300, D = s->D, T = retrieval_length(s);
  musat_positions pt;
  musat_position_tally(tr->m, s, 11, count, sc->batch, &pt);
  retrieval_acc a;
  retrieval_evaluate(tr->m, s, 11, STREAM_EVAL, count, 5, &a);
  assert_int_equal(pt.query_pos, (int) T - 1);
  size_t right[8] = { 0 }, labels[8] = { 0 }, all = 0;
  for (size_t t = 0; t < T; t++)
    for (size_t d = 0; d <= D; d++) {
      size_t k = t * (D + 1) + d;
      all += pt.total[k];
      if (pt.total[k] == 0) continue;
      assert_true(pt.correct[k] <= pt.total[k]);
      if ((int) t == pt.query_pos) {
        assert_int_equal(d, D);
        assert_int_equal(pt.total[k], count);
        right[0] += pt.correct[k]; labels[0] += pt.total[k];
        continue;
      }
      assert_true(d >= 1 && t % 2 == 1 && t >= 2 * d - 1);
      right[d] += pt.correct[k]; labels[d] += pt.total[k];
    }
  assert_int_equal(all, count * (s->K * D + 1));
  for (size_t d = 0; d <= D; d++) {
    assert_int_equal(right[d], a.correct[d]);
    assert_int_equal(labels[d], a.total[d]);
  }
  assert_true(a.correct[1] > 0 && a.correct[1] < a.total[1]);  /* the sums are not trivially 0 or full */
  retrieval_acc_free(&a);
  musat_positions_free(&pt);
  trainer_free(tr);
}

/* Carriers and root mass on hand-set patterns (two layers, one head, two sequences, positions
   q1s, q1d, marker, query). Layer 1: q1d puts exactly half on the root (a carrier: the bound is
   inclusive), the marker 0.4 on it and 0.6 on q1d (not a carrier: q1d carries only after layer
   1), the query all on the root (never a carrier). Layer 2: the query reads q1d 0.7 and the
   marker 0.3, so the mass is 0.7 (to rounding, 1e-15). */
static void test_musat_layout_carried(void **state)
{
  (void) state;
  enum { T = 4 };
  double P[2][T][T] = {
    { { 1, 0, 0, 0 }, { 0.5, 0.5, 0, 0 }, { 0.4, 0.6, 0, 0 }, { 1, 0, 0, 0 } },
    { { 1, 0, 0, 0 }, { 1, 0, 0, 0 }, { 0, 1, 0, 0 }, { 0, 0.7, 0.3, 0 } } };
  char names[T][16] = { "q1s", "q1d", "marker", "query" };
  double sum[2 * T * T];
  for (size_t k = 0; k < 2 * T * T; k++) sum[k] = 2.0 * (&P[0][0][0])[k];
  musat_layout y = { "qo", 2, 2, sum, names };
  int carrier[T];
  double mass = musat_layout_carried(&y, 2, 1, T, carrier);
  assert_int_equal(carrier[0], 1);
  assert_int_equal(carrier[1], 1);
  assert_int_equal(carrier[2], 0);
  assert_int_equal(carrier[3], 0);
  assert_true(fabs(mass - 0.7) < 1e-15);
}

/* Pearson's test of one accuracy for all layouts, on a table worked by hand: 40 of 50 and 20 of
   50 right, pooled 0.6, so chi2 = 2 (10^2/30 + 10^2/20) = 50/3 with one degree of freedom, upper
   tail 4.456e-5 (1e-12 and 1e-3 relative: the statistic is exact in binary to rounding, the tail
   is GSL's). A table with no error has nothing to test (0, p = 1); equal accuracies give 0. */
static void test_musat_layout_homogeneity(void **state)
{
  (void) state;
  musat_layout lay[2] = { { "qo", 50, 40, NULL, NULL }, { "oq", 50, 20, NULL, NULL } };
  double p;
  assert_true(fabs(musat_layout_homogeneity(lay, 2, &p) - 50.0 / 3.0) < 1e-12);
  assert_true(fabs(p / 4.456e-5 - 1.0) < 1e-3);
  lay[0].correct = 50; lay[1].correct = 50;
  assert_true(musat_layout_homogeneity(lay, 2, &p) == 0.0 && p == 1.0);
  lay[0].correct = 30; lay[1].correct = 30;
  assert_true(fabs(musat_layout_homogeneity(lay, 2, &p)) < 1e-12 && fabs(p - 1.0) < 1e-12);
}

/* mhicl dump for a token model: three sequences (5, 6, 7 of the evaluation stream) of a
   smoke-scale model with spread attention. Pattern rows vanish beyond the causal keys and sum to
   one over r <= t (1e-13: at most 14 terms, each rounded once); every entry is the pattern of the
   sequence run alone (1e-12, the batch-independence tolerance of the transformer chapter) and the
   softmax of the dumped scores (1e-13); tokens, labels and depths are the sequences' own, and the
   prediction is the argmax of the logits. */
static void test_musat_dump_patterns_are_the_forward(void **state)
{
  (void) state;
  const musat_scale *sc = musat_scale_named("smoke");
  train_config c;
  trainer *tr = spread_smoke_model(sc, &c);
  const retrieval_spec *s = &c.retrieval;
  size_t T = retrieval_length(s), L = 2, H = sc->heads, V = s->V, B = 3, first = 5;
  uint64_t seed = 11;
  FILE *f = tmpfile();
  assert_non_null(f);
  musat_dump(tr->m, s, seed, first, B, f);
  rewind(f);
  size_t nsq = L * B * H * T * T;
  double *pat = xcalloc(nsq, sizeof *pat), *scr = xcalloc(nsq, sizeof *scr);
  double *logit = xcalloc(B * T * V, sizeof *logit), pred[3 * 64];
  int tok[3 * 64], lab[3 * 64], dep[3 * 64];
  size_t n_pat = 0, n_tok = 0, n_logit = 0;
  char line[256], hook[64];
  long layer, head;
  size_t b, t, idx;
  double v;
  assert_non_null(fgets(line, sizeof line, f));
  assert_string_equal(line, "hook,layer,prompt,position,head,index,value\n");
  while (fgets(line, sizeof line, f)) {
    assert_int_equal(sscanf(line, "%63[^,],%ld,%zu,%zu,%ld,%zu,%lg", hook, &layer, &b, &t, &head,
      &idx, &v), 7);
    assert_true(b < B && t < T);
    size_t at = (((size_t) (layer < 0 ? 0 : layer) * B + b) * H + (size_t) (head < 0 ? 0 : head)) * T * T + t * T + idx;
    if (!strcmp(hook, "attn.hook_pattern")) { pat[at] = v; n_pat++; }
    else if (!strcmp(hook, "attn.hook_attn_scores")) scr[at] = v;
    else if (!strcmp(hook, "tokens")) { tok[b * T + t] = (int) v; n_tok++; }
    else if (!strcmp(hook, "labels")) lab[b * T + t] = (int) v;
    else if (!strcmp(hook, "depth")) dep[b * T + t] = (int) v;
    else if (!strcmp(hook, "prediction")) pred[b * T + t] = v;
    else if (!strcmp(hook, "logits")) { logit[(b * T + t) * V + idx] = v; n_logit++; }
  }
  fclose(f);
  assert_int_equal(n_pat, nsq);
  assert_int_equal(n_tok, B * T);
  assert_int_equal(n_logit, B * T * V);
  double scale = 1.0 / sqrt((double) c.arch.d_head);
  prompt_batch *one = batch_alloc(&c.arch, 1, T);
  retrieval_seq *q = retrieval_seq_alloc(s);
  for (b = 0; b < B; b++) {
    retrieval_sample(s, seed, STREAM_EVAL, first + b, q);
    retrieval_batch_row(q, one, 0);
    one->B = 1;
    model_forward(tr->m, one);
    for (t = 0; t < T; t++) {
      assert_int_equal(tok[b * T + t], q->tok[t]);
      assert_int_equal(lab[b * T + t], q->label[t]);
      assert_int_equal(dep[b * T + t], q->depth[t]);
      size_t arg = 0;
      for (size_t k = 1; k < V; k++) if (logit[(b * T + t) * V + k] > logit[(b * T + t) * V + arg]) arg = k;
      assert_true(pred[b * T + t] == (double) arg);
    }
    for (size_t l = 0; l < L; l++)
      for (size_t h = 0; h < H; h++)
        for (t = 0; t < T; t++) {
          const double *row = pat + ((l * B + b) * H + h) * T * T + t * T;
          const double *srow = scr + ((l * B + b) * H + h) * T * T + t * T;
          const double *alone = tr->m->acts[l].pattern + (h * T + t) * T;
          double sum = 0.0, z = 0.0, mx = -INFINITY;
          for (size_t u = 0; u <= t; u++) { sum += row[u]; mx = fmax(mx, srow[u] * scale); }
          for (size_t u = 0; u <= t; u++) z += exp(srow[u] * scale - mx);
          assert_close(sum, 1.0, 1e-13, 0.0);
          for (size_t u = 0; u < T; u++) {
            if (u > t) { assert_true(row[u] == 0.0); continue; }
            assert_close(row[u], alone[u], 1e-12, 0.0);
            assert_close(row[u], exp(srow[u] * scale - mx) / z, 1e-13, 0.0);
          }
        }
  }
  /* the attention is spread: some causal row of layer 1 has no entry above 0.9 */
  int spread = 0;
  for (t = 1; t < T && !spread; t++) {
    double mx = 0.0;
    for (size_t u = 0; u <= t; u++) mx = fmax(mx, pat[t * T + u]);
    spread = mx < 0.9;
  }
  assert_true(spread);
  retrieval_seq_free(q); batch_free(one);
  free(pat); free(scr); free(logit);
  trainer_free(tr);
}

/* A unit killed (SIGKILL, from the record hook) after its second record and, rerun, killed again
   after its fourth, then rerun to the end, writes every file byte for byte as the unit run without
   interruption, and leaves no state file, no .resume- checkpoint and no temporary behind. The
   scale is the smoke scale with 60 steps and a record every 10 (seven records). */
static size_t kill_at;
static void kill_hook(size_t records)
{
  if (records == kill_at) raise(SIGKILL);
}

static void run_killed_unit(const musat_scale *sc, const musat_run *r, const char *dir, size_t at)
{
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    char err[1024];
    kill_at = at;
    musat_record_hook = kill_hook;
    musat_unit(sc, r, dir, 1, err, sizeof err);
    _exit(3);  /* not reached: the hook kills the unit */
  }
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

static void test_musat_unit_resumes_to_same_bytes(void **state)
{
  (void) state;
  musat_scale sc = *musat_scale_named("smoke");
  sc.steps = 60; sc.eval_every = 10;
  musat_run r = { 1, 2, 1, 0, "ic_L2_D1_seed0" };
  char once[128], cut[128], err[1024], path[512], path2[512];
  tu_tmp_dir(once, sizeof once, "/tmp/mhicl-musat-");
  tu_tmp_dir(cut, sizeof cut, "/tmp/mhicl-musat-");
  snprintf(path, sizeof path, "%s/runs", once);
  assert_int_equal(mkdir(path, 0777), 0);
  snprintf(path, sizeof path, "%s/runs", cut);
  assert_int_equal(mkdir(path, 0777), 0);
  if (musat_unit(&sc, &r, once, 1, err, sizeof err) != 0) fail_msg("%s", err);
  run_killed_unit(&sc, &r, cut, 2);
  snprintf(path, sizeof path, "%s/runs/%s.resume", cut, r.name);
  assert_int_equal(access(path, F_OK), 0);
  snprintf(path, sizeof path, "%s/runs/%s.resume-10.ckpt", cut, r.name);
  assert_int_equal(access(path, F_OK), 0);
  run_killed_unit(&sc, &r, cut, 4);  /* resumes after record 2, killed after record 4 */
  assert_int_equal(access(path, F_OK), -1);  /* the checkpoint of record 2 is gone */
  snprintf(path, sizeof path, "%s/runs/%s.resume-30.ckpt", cut, r.name);
  assert_int_equal(access(path, F_OK), 0);
  if (musat_unit(&sc, &r, cut, 1, err, sizeof err) != 0) fail_msg("%s", err);
  const char *kinds[] = { "acc.csv", "roles.csv", "emerge.csv", "solved.csv", "map.csv", "ckpt" };
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    size_t la, lb;
    snprintf(path, sizeof path, "%s/runs/%s.%s", once, r.name, kinds[k]);
    char *a = tu_slurp(path, &la);
    snprintf(path2, sizeof path2, "%s/runs/%s.%s", cut, r.name, kinds[k]);
    char *b = tu_slurp(path2, &lb);
    if (la != lb || memcmp(a, b, la) != 0) fail_msg("%s differs after two interruptions", kinds[k]);
    if (k == 1) assert_true(la > 7 * 4 * 40);  /* seven curve records of four heads, and the final */
    free(a); free(b);
  }
  snprintf(path, sizeof path, "%s/runs", cut);
  DIR *d = opendir(path);
  assert_non_null(d);
  for (struct dirent *e; (e = readdir(d)) != NULL; )
    if (strstr(e->d_name, ".resume")) fail_msg("'%s' left behind", e->d_name);
  closedir(d);
  assert_int_equal(tu_count_temps(path), 0);
  tu_remove_tree(once);
  tu_remove_tree(cut);
}

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_musat_roles_name_the_construction),
    cmocka_unit_test(test_musat_smoke_grid_runs_and_joins),
    cmocka_unit_test(test_musat_plan_units_join_same_bytes),
    cmocka_unit_test(test_musat_analyze_refuses_regression_checkpoint),
    cmocka_unit_test(test_musat_layout_names_the_slots),
    cmocka_unit_test(test_musat_layout_table),
    cmocka_unit_test(test_musat_position_table),
    cmocka_unit_test(test_musat_layout_carried),
    cmocka_unit_test(test_musat_layout_homogeneity),
    cmocka_unit_test(test_musat_dump_patterns_are_the_forward),
    cmocka_unit_test(test_musat_unit_resumes_to_same_bytes),
  };
  return cmocka_run_group_tests_name("musat2024", tests, NULL, NULL);
}
