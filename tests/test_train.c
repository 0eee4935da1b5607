/* Tests of the training chapter (chapters/train.w): Adam, configuration, checkpoints, resume. */
#define _GNU_SOURCE
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "testutil.h"
#include "support.h"
#include "train.h"

/* A small, fast configuration: 2 layers, interleaved, width 8. */
static train_config small_config(void)
{
  train_config c;
  train_config_default(&c);
  c.arch.n_layers = 2; c.arch.d_model = 8; c.arch.d_head = 4;
  c.d = 3; c.s = 3; c.n = 6; c.batch = 8; c.steps = 6; c.eval_prompts = 16; c.eval_every = 2;
  c.checkpoint_every = 0;
  assert_null(train_config_check(&c));
  return c;
}

static void tmp_path(char *buf, size_t size, const char *name)
{
  char dir[64];
  mkstemp_template(dir, sizeof dir, "/tmp/mhicl-train-");
  assert_non_null(mkdtemp(dir));
  snprintf(buf, size, "%s/%s", dir, name);
}

/* Two AdamW steps (lr 0.1, weight decay 0.01) from p = 1 with gradients 0.5 and -1: golden values
   computed by hand from the update formula; 1e-15 relative is a few ulps. */
static void test_adam_matches_hand_computation(void **state)
{
  (void) state;
  train_config c = small_config();
  c.lr = 0.1; c.weight_decay = 0.01;
  trainer *tr = trainer_new(&c);
  tr->m->params[0] = 1.0;
  tr->m->grads[0] = 0.5; adam_step(tr, c.lr); tr->step++;
  assert_close(tr->m->params[0], 0.899000002, 0.0, 1e-15);
  tr->m->grads[0] = -1.0; adam_step(tr, c.lr); tr->step++;
  assert_close(tr->m->params[0], 0.9347113542385653, 0.0, 1e-15);
  trainer_free(tr);
}

static void write_file(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void test_config_file_and_errors(void **state)
{
  (void) state;
  char path[256], err[512];
  tmp_path(path, sizeof path, "run.cfg");
  write_file(path, "# a run\nlayers = 4\nheads = 8,1,1,1  # first layer wide\n"
    "attention = linear\nlr = 3e-4\nbeta = sparse\n\nformat = stacked\nloss = query\n");
  train_config c;
  train_config_default(&c);
  assert_int_equal(train_config_read(&c, path, err, sizeof err), 0);
  assert_int_equal(c.arch.n_layers, 4);
  assert_int_equal(c.arch.heads[0], 8);
  assert_int_equal(c.arch.heads[3], 1);
  assert_int_equal(c.arch.attn[2], ATTN_LINEAR);
  assert_close(c.lr, 3e-4, 0.0, 0.0);
  assert_int_equal(c.beta, BETA_SPARSE_GAUSS);
  assert_int_equal(c.arch.format, FORMAT_STACKED);
  write_file(path, "layers = 2\nwarp_speed = 9\n");
  assert_int_equal(train_config_read(&c, path, err, sizeof err), -1);
  assert_non_null(strstr(err, ":2: unknown key 'warp_speed'"));
  write_file(path, "lr = fast\n");
  assert_int_equal(train_config_read(&c, path, err, sizeof err), -1);
  assert_non_null(strstr(err, ":1: lr: 'fast' is not a number"));
  write_file(path, "layers = 99\n");
  assert_int_equal(train_config_read(&c, path, err, sizeof err), -1);
  write_file(path, "heads 3\n");
  assert_int_equal(train_config_read(&c, path, err, sizeof err), -1);
  assert_non_null(strstr(err, "expected 'key = value'"));
  unlink(path);
}

static int same_state(const trainer *a, const trainer *b)
{
  size_t n = a->m->n_params * sizeof(double);
  return a->m->n_params == b->m->n_params && a->step == b->step
    && memcmp(a->m->params, b->m->params, n) == 0 && memcmp(a->adam_m, b->adam_m, n) == 0
    && memcmp(a->adam_v, b->adam_v, n) == 0;
}

/* Save, load: bitwise the same. Then a truncated file, a flipped byte, a foreign file and a
   missing file are each refused with their own message (and never crash). */
static void test_checkpoint_roundtrip_and_bad_files(void **state)
{
  (void) state;
  train_config c = small_config();
  char path[256], err[512];
  tmp_path(path, sizeof path, "m.ckpt");
  trainer *tr = trainer_new(&c);
  model_init(tr->m, 5, 0.1);
  assert_int_equal(train_run(tr, 2, 0, err, sizeof err), 0);
  assert_int_equal(checkpoint_save(tr, path, err, sizeof err), 0);
  trainer *back = checkpoint_load(path, err, sizeof err);
  assert_non_null(back);
  assert_true(same_state(tr, back));
  trainer_free(back);
  FILE *f = fopen(path, "rb");
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  rewind(f);
  unsigned char *bytes = malloc((size_t) size);
  assert_int_equal(fread(bytes, 1, (size_t) size, f), (size_t) size);
  fclose(f);
  char bad[300];
  snprintf(bad, sizeof bad, "%s.bad", path);
  FILE *g = fopen(bad, "wb"); fwrite(bytes, 1, (size_t) size / 2, g); fclose(g);  /* truncated */
  assert_null(checkpoint_load(bad, err, sizeof err));
  assert_non_null(strstr(err, "truncated"));
  bytes[size - 20] ^= 0x40;  /* one flipped bit in the Adam moments */
  g = fopen(bad, "wb"); fwrite(bytes, 1, (size_t) size, g); fclose(g);
  assert_null(checkpoint_load(bad, err, sizeof err));
  assert_non_null(strstr(err, "checksum mismatch"));
  write_file(bad, "layers = 3\nthis is a config file, not a checkpoint\n");  /* foreign */
  assert_null(checkpoint_load(bad, err, sizeof err));
  assert_non_null(strstr(err, "not an mhicl checkpoint"));
  unlink(bad);
  assert_null(checkpoint_load(bad, err, sizeof err));  /* missing */
  assert_non_null(strstr(err, "cannot read"));
  free(bytes);
  trainer_free(tr);
  unlink(path);
}

/* 6 steps straight equal 3 steps, a checkpoint, a load and 3 more steps: bitwise (exact
   comparison of parameters and both Adam moments), because batches are functions of
   (seed, step) and the optimizer state is saved whole. */
/* Trains c for 6 steps straight and for 3 + 3 through a checkpoint; asserts the two end bitwise
   equal and returns the resumed trainer (for its configuration), with the checkpoint removed. */
static trainer *resume_matches_straight_run(train_config c)
{
  char path[256], err[512];
  tmp_path(path, sizeof path, "r.ckpt");
  trainer *straight = trainer_new(&c);
  model_init(straight->m, 9, 0.1);
  assert_int_equal(train_run(straight, 6, 0, err, sizeof err), 0);
  strcpy(c.checkpoint, path);
  trainer *first = trainer_new(&c);
  model_init(first->m, 9, 0.1);
  assert_int_equal(train_run(first, 3, 0, err, sizeof err), 0);
  trainer_free(first);
  trainer *second = checkpoint_load(path, err, sizeof err);
  assert_non_null(second);
  assert_int_equal(second->step, 3);
  second->cfg.checkpoint[0] = '\0';
  assert_int_equal(train_run(second, 6, 0, err, sizeof err), 0);
  assert_true(same_state(straight, second));
  trainer_free(straight);
  unlink(path);
  return second;
}

static void test_resume_is_bitwise_identical(void **state)
{
  (void) state;
  trainer_free(resume_matches_straight_run(small_config()));
}

static train_config retrieval_config(void);

/* Training to step 6 in one call equals training to steps 1, 2, 4 and 6 in four calls on the
   same trainer (no checkpoint between): exact comparison, with a warm-up and the cosine schedule
   (whose rate depends on the run's steps, not on where a call stops), correlated covariates, and
   two threads. A record taken between the calls reads the model and changes nothing. */
static void test_train_in_segments_is_bitwise_identical(void **state)
{
  (void) state;
  train_config c = small_config();
  char err[512];
  c.warmup = 2; c.cosine = 1; c.rho = 0.5;
  for (size_t threads = 1; threads <= 2; threads++) {
    c.threads = threads;
    trainer *one = trainer_new(&c), *parts = trainer_new(&c);
    model_init(one->m, 9, 0.1); model_init(parts->m, 9, 0.1);
    assert_int_equal(train_run(one, 6, 0, err, sizeof err), 0);
    const size_t stops[4] = { 1, 2, 4, 6 };
    for (int k = 0; k < 4; k++) {
      assert_int_equal(train_run(parts, stops[k], 0, err, sizeof err), 0);
      assert_int_equal(parts->step, stops[k]);
      (void) heldout_loss(parts);
    }
    assert_true(same_state(one, parts));
    trainer_free(one); trainer_free(parts);
  }
}

/* The key rho. Refused outside (-1, 1), at the ends, and as NaN or infinity, naming the key; a
   retrieval task with rho is refused. Written to a configuration only when not 0, so that a
   checkpoint of an uncorrelated run is what it was before the key existed, and read back when
   set. A checkpoint keeps it, a resumed run may not change it (train_config_resume_change names
   it), and the run resumes bitwise. The batches follow Sigma_ij = rho^|i-j|: over 3000
   covariates of 500 prompts (d = 3, interleaved), E x1 x2 = rho = 0.5 and E x1 x3 = rho^2 = 0.25
   within four standard errors (the variance of x1 x2 is 1 + rho^2, so the standard error is
   0.02), and E x1 x2 is more than 8 standard errors from 0, which the uncorrelated draw gives. */
static void test_config_rho_key(void **state)
{
  (void) state;
  train_config c = small_config();
  char err[512];
  const char *bad[] = { "1", "-1", "1.5", "-2", "nan", "inf", "0.5x" };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    assert_int_equal(train_config_set(&c, "rho", bad[i], err, sizeof err), -1);
    assert_non_null(strstr(err, "rho"));
    assert_non_null(strstr(err, "(-1, 1)"));
  }
  assert_int_equal(train_config_set(&c, "rho", "-0.99", err, sizeof err), 0);
  assert_int_equal(train_config_set(&c, "rho", "0.5", err, sizeof err), 0);
  assert_true(c.rho == 0.5);
  train_config r = retrieval_config();
  r.rho = 0.5;
  assert_non_null(strstr(train_config_check(&r), "rho"));
  char *text = NULL;
  size_t tlen = 0;
  FILE *mem = open_memstream(&text, &tlen);
  train_config z = small_config();
  train_config_write(mem, &z);
  fclose(mem);
  assert_null(strstr(text, "rho"));
  free(text);
  mem = open_memstream(&text, &tlen);
  train_config_write(mem, &c);
  fclose(mem);
  assert_non_null(strstr(text, "\nrho = 0.5\n"));
  free(text);
  trainer *back = resume_matches_straight_run(c);
  assert_true(back->cfg.rho == 0.5);
  assert_non_null(back->spec.L);
  assert_string_equal(train_config_resume_change(&back->cfg, &z), "rho");
  trainer_free(back);
  trainer *plain = trainer_new(&z);
  assert_null(plain->spec.L);
  trainer_free(plain);
  c.batch = 500;
  prompt_batch *bt = batch_alloc(&c.arch, c.batch, c.n);
  task *t = task_alloc(c.n, c.d);
  fill_batch(&c, c.d, c.n, STREAM_TRAIN, 0, bt, t);
  double s12 = 0.0, s13 = 0.0;
  size_t count = 0;
  for (size_t b = 0; b < bt->B; b++)
    for (size_t i = 0; i < c.n; i++) {
      const double *x = bt->tokens + (b * bt->T + 2 * i) * bt->d_in;
      s12 += x[0] * x[1]; s13 += x[0] * x[2]; count++;
    }
  double se = sqrt(1.25 / (double) count);
  print_message("# rho 0.5: E x1 x2 = %.4f, E x1 x3 = %.4f (se %.4f)\n", s12 / count, s13 / count, se);
  assert_close(s12 / count, 0.5, 4.0 * se, 0.0);
  assert_close(s13 / count, 0.25, 4.0 * se, 0.0);
  assert_true(s12 / count > 8.0 * se);
  batch_free(bt); task_free(t);
}

/* Training works: a one-layer linear-attention model in the stacked format (the theory's
   one-step-GD model) on dense regression in d = 3 with n = 20 points, loss at the query: the
   held-out loss starts near E y^2 = 3 and must fall below half of that within 300 steps (one GD
   step reaches about 0.6). */
static void test_training_reduces_loss(void **state)
{
  (void) state;
  train_config c = small_config();
  char err[512];
  const char *keys[][2] = { { "format", "stacked" }, { "loss", "query" }, { "layers", "1" },
    { "heads", "1" }, { "attention", "linear" }, { "d_head", "4" }, { "mlp", "0" },
    { "layernorm", "0" }, { "pos_embed", "0" }, { "attn_bias", "0" }, { "n", "20" }, { "lr", "0.01" },
    { "batch", "32" }, { "steps", "300" }, { "eval_prompts", "256" } };
  for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
    assert_int_equal(train_config_set(&c, keys[i][0], keys[i][1], err, sizeof err), 0);
  assert_null(train_config_check(&c));
  trainer *tr = trainer_new(&c);
  model_init(tr->m, 3, c.init_std);
  double before = heldout_loss(tr);
  assert_int_equal(train_run(tr, c.steps, 0, err, sizeof err), 0);
  double after = heldout_loss(tr);
  print_message("# held-out loss %.4f -> %.4f\n", before, after);
  assert_less(after, 0.5 * before);
  trainer_free(tr);
}

/* Splitting a batch over 2 threads gives the single-thread gradient up to rounding (1e-12 of the
   largest entry: the slices' sums are reassociated), and two 2-thread runs are bitwise equal. */
static void test_threads_split_batch_exactly(void **state)
{
  (void) state;
  train_config c = small_config();
  char err[512];
  trainer *one = trainer_new(&c);
  c.threads = 2;
  trainer *two = trainer_new(&c), *again = trainer_new(&c);
  model_init(one->m, 4, 0.1); model_init(two->m, 4, 0.1); model_init(again->m, 4, 0.1);
  prompt_batch *bt = batch_alloc(&c.arch, c.batch, c.n);
  task *t = task_alloc(c.n, c.d);
  fill_batch(&c, c.d, c.n, STREAM_TRAIN, 0, bt, t);
  double l1 = batch_gradients(one, bt), l2 = batch_gradients(two, bt);
  assert_close(l1, l2, 0.0, 1e-12);
  double gmax = 0.0;
  for (size_t i = 0; i < one->m->n_params; i++) gmax = fmax(gmax, fabs(one->m->grads[i]));
  for (size_t i = 0; i < one->m->n_params; i++)
    assert_close(one->m->grads[i], two->m->grads[i], 1e-12 * gmax, 0.0);
  assert_int_equal(train_run(two, 3, 0, err, sizeof err), 0);
  assert_int_equal(train_run(again, 3, 0, err, sizeof err), 0);
  assert_true(same_state(two, again));
  batch_free(bt); task_free(t);
  trainer_free(one); trainer_free(two); trainer_free(again);
}

/* A NaN in the parameters stops the run at once with a message naming the step. */
static void test_nonfinite_loss_stops_run(void **state)
{
  (void) state;
  train_config c = small_config();
  char err[512];
  trainer *tr = trainer_new(&c);
  model_init(tr->m, 4, 0.1);
  assert_int_equal(train_run(tr, 2, 0, err, sizeof err), 0);
  tr->m->params[3] = NAN;
  assert_int_equal(train_run(tr, 6, 0, err, sizeof err), -1);
  assert_non_null(strstr(err, "step 2: the loss is not finite"));
  assert_int_equal(tr->step, 2);
  trainer_free(tr);
}

/* text = prefix, then fill up to `upto` characters, then suffix. */
static void long_text(char *text, const char *prefix, char fill, size_t upto, const char *suffix)
{
  size_t k = (size_t) sprintf(text, "%s", prefix);
  while (k < upto) text[k++] = fill;
  sprintf(text + k, "%s", suffix);
}

/* The configuration reader reads whole lines of any length: a comment of 3000 characters whose
   1024th starts "steps = 3" is one comment (the old 1023-character reader applied it), and the
   line numbers after it are right. A NUL byte, a folder, a duplicate key are refused. */
static void test_config_reader_long_lines_and_bad_files(void **state)
{
  (void) state;
  char path[256], err[512];
  tmp_path(path, sizeof path, "long.cfg");
  char *text = malloc(8000);
  assert_non_null(text);
  long_text(text, "#", 'x', 1022, "steps = 3");
  long_text(text + strlen(text), "", 'y', 3000 - strlen(text), "\nlayers = 2\n");
  write_file(path, text);
  train_config c;
  train_config_default(&c);
  assert_int_equal(train_config_read(&c, path, err, sizeof err), 0);
  assert_int_equal(c.steps, 5000);  /* the default: the comment set nothing */
  assert_int_equal(c.arch.n_layers, 2);
  /* The case as first seen: "# ", 1021 x's, "steps = 3": the old reader's second piece of the
     line was exactly "steps = 3", and was applied. */
  long_text(text, "# ", 'x', 1023, "steps = 3\n");
  write_file(path, text);
  train_config_default(&c);
  assert_int_equal(train_config_read(&c, path, err, sizeof err), 0);
  assert_int_equal(c.steps, 5000);
  /* A long value is read whole too (and refused whole, at its own line). */
  long_text(text, "# one\nlr = 0.", '1', 5000, "x\nbatch = 3\n");
  write_file(path, text);
  assert_int_equal(train_config_read(&c, path, err, sizeof err), -1);
  assert_non_null(strstr(err, ":2: lr:"));
  long_text(text, "#", 'z', 2500, "\n\nwarp = 1\n");
  write_file(path, text);
  assert_int_equal(train_config_read(&c, path, err, sizeof err), -1);
  assert_non_null(strstr(err, ":3: unknown key 'warp'"));
  free(text);
  FILE *f = fopen(path, "wb");
  fwrite("layers = 2\nsteps = 3\0\n", 1, 22, f);  /* a NUL after "steps = 3" on line 2 */
  fclose(f);
  train_config_default(&c);
  assert_int_equal(train_config_read(&c, path, err, sizeof err), -1);
  assert_non_null(strstr(err, ":2: NUL byte"));
  write_file(path, "steps = 3\nlr = 0.1\nsteps = 4\n");
  assert_int_equal(train_config_read(&c, path, err, sizeof err), -1);
  assert_non_null(strstr(err, ":3: steps: also set on line 1"));
  char dir[256];
  snprintf(dir, sizeof dir, "%s", path);
  *strrchr(dir, '/') = '\0';
  train_config_default(&c);
  assert_int_equal(train_config_read(&c, dir, err, sizeof err), -1);
  assert_non_null(strstr(err, "not a regular file"));
  unlink(path);
  rmdir(dir);
}

/* Per-layer lists: an empty entry, a list neither of one entry nor of one per layer, and an Adam
   epsilon of zero (0/0 at the first step with a zero gradient) are refused when set or checked. */
static void test_config_lists_and_eps(void **state)
{
  (void) state;
  char err[512];
  train_config c;
  train_config_default(&c);
  assert_int_equal(train_config_set(&c, "heads", "1,,2", err, sizeof err), -1);
  assert_non_null(strstr(err, "empty entry"));
  assert_int_equal(train_config_set(&c, "heads", "1,2,", err, sizeof err), -1);
  assert_int_equal(train_config_set(&c, "layers", "3", err, sizeof err), 0);
  assert_int_equal(train_config_set(&c, "heads", "1,2", err, sizeof err), 0);
  assert_non_null(train_config_check(&c));
  assert_non_null(strstr(train_config_check(&c), "heads: 2 entries for 3 layers"));
  assert_int_equal(train_config_set(&c, "heads", "1,2,4", err, sizeof err), 0);
  assert_null(train_config_check(&c));
  assert_int_equal(train_config_set(&c, "attention", "linear,softmax,linear,linear", err,
    sizeof err), 0);
  assert_non_null(strstr(train_config_check(&c), "attention: 4 entries for 3 layers"));
  assert_int_equal(train_config_set(&c, "attention", "linear", err, sizeof err), 0);
  assert_null(train_config_check(&c));
  assert_int_equal(train_config_set(&c, "eps", "0", err, sizeof err), -1);
  assert_non_null(strstr(err, "eps: '0' is not a number in (0, 1]"));
  assert_int_equal(train_config_set(&c, "eps", "1e-300", err, sizeof err), 0);
}

/* The bytes of a checkpoint, and the same bytes written back with a freshly computed checksum
   (FNV-1a of every byte before it, as the training chapter defines it). */
static unsigned char *read_bytes(const char *path, size_t *size)
{
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  *size = (size_t) ftell(f);
  rewind(f);
  unsigned char *b = malloc(*size);
  assert_int_equal(fread(b, 1, *size, f), *size);
  fclose(f);
  return b;
}

static void write_with_checksum(const char *path, unsigned char *b, size_t size)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i + 8 < size; i++) { h ^= b[i]; h *= 0x100000001b3ULL; }
  memcpy(b + size - 8, &h, 8);
  FILE *f = fopen(path, "wb");
  assert_int_equal(fwrite(b, 1, size, f), size);
  fclose(f);
}

/* A checkpoint with a valid checksum but a NaN parameter, an infinite moment or a step beyond
   its own step count (2^64-1) is refused on load, each with its reason. */
static void test_checkpoint_refuses_impossible_state(void **state)
{
  (void) state;
  train_config c = small_config();
  char path[256], bad[300], err[512];
  tmp_path(path, sizeof path, "s.ckpt");
  snprintf(bad, sizeof bad, "%s.bad", path);
  trainer *tr = trainer_new(&c);
  model_init(tr->m, 5, 0.1);
  assert_int_equal(checkpoint_save(tr, path, err, sizeof err), 0);
  size_t size;
  unsigned char *b = read_bytes(path, &size);
  uint64_t tl;
  memcpy(&tl, b + 12, 8);
  size_t at_step = 20 + (size_t) tl, at_params = at_step + 16, np = tr->m->n_params;
  unsigned char *copy = malloc(size);
  memcpy(copy, b, size);
  write_with_checksum(bad, copy, size);
  trainer *ok = checkpoint_load(bad, err, sizeof err);  /* recomputing the checksum is neutral */
  assert_non_null(ok);
  trainer_free(ok);
  double nan = NAN, inf = INFINITY;
  memcpy(copy + at_params + 3 * sizeof(double), &nan, sizeof nan);
  write_with_checksum(bad, copy, size);
  assert_null(checkpoint_load(bad, err, sizeof err));
  assert_non_null(strstr(err, "not finite"));
  memcpy(copy, b, size);
  memcpy(copy + at_params + (2 * np + 1) * sizeof(double), &inf, sizeof inf);
  write_with_checksum(bad, copy, size);
  assert_null(checkpoint_load(bad, err, sizeof err));
  assert_non_null(strstr(err, "not finite"));
  memcpy(copy, b, size);
  uint64_t step = UINT64_MAX;
  memcpy(copy + at_step, &step, 8);
  write_with_checksum(bad, copy, size);
  assert_null(checkpoint_load(bad, err, sizeof err));
  assert_non_null(strstr(err, "step 18446744073709551615"));
  free(b); free(copy);
  trainer_free(tr);
  unlink(bad); unlink(path);
  *strrchr(path, '/') = '\0';
  rmdir(path);
}

/* A checkpoint whose configuration asks for a huge model (batch 65536, n 100000: terabytes of
   activations) and whose checksum is wrong is refused as corrupted before anything is
   allocated. The load runs in a child, so that the old order (allocate, then check), which
   ended the process with "out of memory", fails the test instead of ending it. */
static void test_checkpoint_checksum_before_allocation(void **state)
{
  (void) state;
  char path[256];
  tmp_path(path, sizeof path, "huge.ckpt");
  const char *text = "batch = 65536\nn = 100000\n";
  uint32_t version = 1;
  uint64_t tl = strlen(text), step = 0, np = 0, sum = 0;
  FILE *f = fopen(path, "wb");
  fwrite("MHICLCKP", 1, 8, f); fwrite(&version, 4, 1, f); fwrite(&tl, 8, 1, f);
  fwrite(text, 1, tl, f); fwrite(&step, 8, 1, f); fwrite(&np, 8, 1, f); fwrite(&sum, 8, 1, f);
  fclose(f);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    char err[512];
    trainer *tr = checkpoint_load(path, err, sizeof err);
    _exit(tr == NULL && strstr(err, "checksum mismatch") ? 0 : 1);
  }
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  unlink(path);
  *strrchr(path, '/') = '\0';
  rmdir(path);
}

/* Trains c from seed 9 for `steps` steps with a log in a new temporary file (its path to `log`),
   and returns the log open after its header, which is left in `line`. */
static FILE *train_with_log(train_config c, size_t steps, char *log, size_t lsize, char *line,
  size_t size)
{
  char err[512];
  tmp_path(log, lsize, "run.csv");
  strcpy(c.log, log);
  trainer *tr = trainer_new(&c);
  model_init(tr->m, 9, 0.1);
  assert_int_equal(train_run(tr, steps, 0, err, sizeof err), 0);
  trainer_free(tr);
  FILE *f = fopen(log, "r");
  assert_non_null(f);
  assert_non_null(fgets(line, size, f));
  return f;
}

/* A configuration from the defaults and a list of keys, each accepted, the whole checked. */
static train_config config_of_keys(const char *const (*kv)[2], size_t n)
{
  train_config c;
  train_config_default(&c);
  char err[512];
  for (size_t i = 0; i < n; i++)
    assert_int_equal(train_config_set(&c, kv[i][0], kv[i][1], err, sizeof err), 0);
  assert_null(train_config_check(&c));
  return c;
}

/* A small retrieval configuration: an attention-only token model of 2 layers on K = 2 chains of
   depth 2 (V = 5, N = 8). */
static train_config retrieval_config(void)
{
  static const char *const kv[][2] = { { "task", "retrieval" }, { "format", "tokens" }, { "layers", "2" },
    { "heads", "2" }, { "d_model", "8" }, { "d_head", "4" }, { "mlp", "0" }, { "values", "5" },
    { "variables", "8" }, { "chains", "2" }, { "depth", "2" }, { "batch", "8" }, { "steps", "6" },
    { "eval_every", "2" }, { "eval_prompts", "16" }, { "checkpoint_every", "0" } };
  return config_of_keys(kv, sizeof kv / sizeof kv[0]);
}

/* Token models train from a configuration like any other: the task's keys set the model's
   vocabulary (V + N + 2), classes (V) and length (2KD); a token model with a regression task, a
   regression model with a retrieval task, a task that cannot be built and the curriculum on a
   retrieval task are refused with a message naming the problem; the checkpoint records the task's
   keys, and a run resumed from it is bitwise the uninterrupted run (parameters and moments). */
static void test_retrieval_training_config_and_bitwise_resume(void **state)
{
  (void) state;
  train_config c = retrieval_config();
  assert_int_equal(c.arch.vocab, 5 + 8 + 2);
  assert_int_equal(c.arch.n_classes, 5);
  assert_int_equal(c.n, 8);
  train_config bad = c;
  bad.arch.format = FORMAT_INTERLEAVED;
  assert_non_null(strstr(train_config_check(&bad), "needs format = tokens"));
  bad = c; bad.task_kind = TASK_REGRESSION;
  assert_non_null(strstr(train_config_check(&bad), "set task = retrieval"));
  bad = c; bad.retrieval.K = 5;
  assert_non_null(strstr(train_config_check(&bad), "exceeds the 8 variables"));
  bad = c; bad.curriculum = 1;
  assert_non_null(strstr(train_config_check(&bad), "curriculum"));
  trainer *second = resume_matches_straight_run(c);
  assert_int_equal(second->cfg.task_kind, TASK_RETRIEVAL);
  assert_int_equal(second->cfg.retrieval.N, 8);
  assert_int_equal(second->cfg.retrieval.D, 2);
  double held = heldout_loss(second);
  assert_true(isfinite(held) && held > 0.0);
  trainer_free(second);
  char log[256], line[512];  /* the log has a column of accuracy per depth */
  FILE *f = train_with_log(c, 6, log, sizeof log, line, sizeof line);
  assert_string_equal(line, "step,loss,heldout_loss,lr,d_active,n_active,seconds,acc_depth1,acc_depth2\n");
  size_t rows = 0;
  while (fgets(line, sizeof line, f)) {
    double a1, a2;
    const char *p = line;
    for (int comma = 0; comma < 7; p++) comma += *p == ',';
    assert_int_equal(sscanf(p, "%lf,%lf", &a1, &a2), 2);
    assert_true(a1 >= 0.0 && a1 <= 1.0 && a2 >= 0.0 && a2 <= 1.0);
    rows++;
  }
  fclose(f);
  assert_int_equal(rows, 3);  /* steps 2, 4, 6 */
  unlink(log);
}

/* The multi-task configuration: He et al.'s layer (stacked, one softmax layer, head width
   d + 2) on the two-task problem, d = 6, n = 12. */
static train_config multitask_config(void)
{
  static const char *const kv[][2] = { { "task", "multitask" }, { "format", "stacked" }, { "loss", "query" },
    { "layers", "1" }, { "heads", "3" }, { "d_head", "8" }, { "mlp", "0" }, { "layernorm", "0" },
    { "pos_embed", "0" }, { "attn_bias", "0" }, { "init", "torch" }, { "d", "6" }, { "n", "12" },
    { "sigma", "0.31622776601683794" }, { "batch", "8" }, { "steps", "6" },
    { "eval_prompts", "16" }, { "eval_every", "2" }, { "checkpoint_every", "0" } };
  return config_of_keys(kv, sizeof kv / sizeof kv[0]);
}

/* Every combination that cannot work is refused with its own line, in the library and through
   mhicl train (one line on stderr, exit status 2, no checkpoint written); the good configuration
   is accepted and gives the model two read-out rows, width d + 2. */
static void test_multitask_config_refusals(void **state)
{
  (void) state;
  train_config c = multitask_config(), bad;
  assert_int_equal(model_outputs(&c.arch), 2);
  assert_int_equal(model_width(&c.arch), 8);
  bad = c; bad.arch.format = FORMAT_INTERLEAVED;
  assert_non_null(strstr(train_config_check(&bad), "the interleaved format has one read-out"));
  bad = c; bad.arch.format = FORMAT_TOKENS;
  assert_non_null(strstr(train_config_check(&bad), "the token format reads classes"));
  bad = c; bad.curriculum = 1;
  assert_non_null(strstr(train_config_check(&bad), "curriculum"));
  bad = c; bad.beta = BETA_SPARSE_GAUSS;
  assert_non_null(strstr(train_config_check(&bad), "leave beta = dense and b = 0"));
  bad = c; bad.b = 1.0;
  assert_non_null(strstr(train_config_check(&bad), "leave beta = dense and b = 0"));
  bad = c; bad.d_2 = 7;
  assert_non_null(strstr(train_config_check(&bad), "must not exceed d"));
  bad = c; bad.query_only = 0;
  assert_non_null(strstr(train_config_check(&bad), "set loss = query"));
  bad = c; bad.rho = 0.5;
  assert_non_null(strstr(train_config_check(&bad), "leave rho = 0"));
  bad = c; bad.task_kind = TASK_REGRESSION;  /* the same keys as one task: one read-out row */
  assert_null(train_config_check(&bad));
  assert_int_equal(model_outputs(&bad.arch), 1);
  char prog[512], dir[64];
  tu_program(prog, sizeof prog);
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-train-");
  const char *cases[][2] = {
    { "--format interleaved", "interleaved format has one read-out" },
    { "--format stacked --loss query --curriculum 1", "curriculum grows" },
    { "--format stacked --loss query --b 1", "leave beta = dense" },
    { "--format stacked --loss query --d 6 --d_1 7", "must not exceed d" },
    { "--format stacked --loss query --d 3", "must not exceed d" },
    { "--format stacked --loss query --rho 0.5", "leave rho = 0" },
    { "--format tokens", "token format reads classes" } };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_int_equal(tu_shell("'%s' train --task multitask %s --steps 1 --batch 2 --eval_prompts 2 "
      "--checkpoint '%s/m.ckpt' --quiet > /dev/null 2> '%s/err'", prog, cases[i][0], dir, dir), 2);
    assert_int_equal(tu_shell("test $(wc -l < '%s/err') -eq 1 && grep -q \"%s\" '%s/err'", dir,
      cases[i][1], dir), 0);
    assert_int_equal(tu_shell("test ! -e '%s/m.ckpt'", dir), 0);
  }
  tu_remove_tree(dir);
}

/* A multi-task batch holds (x_i; y_i1; y_i2) in column i and (x_q; 0; 0) at the query, whose two
   labels are mt_sample's noiseless targets (exact copies: equality). The risk per output of
   output_errors on the held-out stream averages to the held-out loss (1e-12 relative: the same
   squares summed in another order). A checkpoint records task = multitask and the windows, and
   a single-task checkpoint's text has no multi-task key; a multi-task run resumed from its
   checkpoint ends bitwise where the straight run ends; its log has a column per output. */
static void test_multitask_batch_layout(void **state)
{
  (void) state;
  train_config c = multitask_config();
  c.d_1 = 5; c.d_2 = 3;
  assert_null(train_config_check(&c));
  prompt_batch *bt = batch_alloc(&c.arch, c.batch, c.n);
  task *t = task_alloc(c.n, c.d);
  fill_batch(&c, c.d, c.n, STREAM_TRAIN, 40, bt, t);
  mt_spec spec;
  assert_int_equal(train_mt_spec(&c, &spec), 0);
  assert_int_equal(spec.first[1], 3);
  mt_task *mt = mt_task_alloc(c.n, c.d, 2);
  size_t T = bt->T, din = bt->d_in;
  assert_int_equal(din, 8);
  for (size_t b = 0; b < bt->B; b++) {
    mt_sample(&spec, c.n, c.seed, STREAM_TRAIN, 40 + b, mt);
    const double *tok = bt->tokens + b * T * din, *tg = bt->target + b * T * 2;
    for (size_t i = 0; i < c.n; i++) {
      for (size_t j = 0; j < 6; j++) assert_true(tok[i * din + j] == gsl_matrix_get(mt->X, i, j));
      for (size_t k = 0; k < 2; k++) assert_true(tok[i * din + 6 + k] == gsl_matrix_get(mt->Y, i, k));
      assert_true(bt->weight[b * T + i] == 0.0);
    }
    for (size_t j = 0; j < 6; j++) assert_true(tok[c.n * din + j] == gsl_vector_get(mt->x_q, j));
    assert_true(tok[c.n * din + 6] == 0.0 && tok[c.n * din + 7] == 0.0);
    for (size_t k = 0; k < 2; k++) assert_true(tg[c.n * 2 + k] == mt->y_q[k]);
    assert_true(bt->weight[b * T + c.n] == 1.0);
  }
  mt_task_free(mt); batch_free(bt); task_free(t);
  trainer *tr = trainer_new(&c);
  model_init(tr->m, 5, 0.1);
  double *err = malloc(c.eval_prompts * 2 * sizeof(double)), mean = 0.0;
  output_errors(tr, c.seed, STREAM_HELDOUT, c.eval_prompts, err);
  for (size_t i = 0; i < 2 * c.eval_prompts; i++) mean += err[i] / (2.0 * (double) c.eval_prompts);
  assert_close(mean, heldout_loss(tr), 0.0, 1e-12);
  free(err);
  char path[256], msg[512];
  tmp_path(path, sizeof path, "mt.ckpt");
  assert_int_equal(checkpoint_save(tr, path, msg, sizeof msg), 0);
  trainer_free(tr);
  size_t len;
  char *text = tu_slurp(path, &len);
  assert_non_null(memmem(text, len, "task = multitask\n", 17));
  assert_non_null(memmem(text, len, "d_1 = 5\n", 8));
  assert_non_null(memmem(text, len, "d_2 = 3\n", 8));
  free(text);
  trainer *back = checkpoint_load(path, msg, sizeof msg);
  assert_non_null(back);
  assert_int_equal(model_outputs(&back->cfg.arch), 2);
  assert_int_equal(back->cfg.d_1, 5);
  trainer_free(back);
  unlink(path);
  train_config one = small_config();
  tr = trainer_new(&one);
  assert_int_equal(checkpoint_save(tr, path, msg, sizeof msg), 0);
  trainer_free(tr);
  text = tu_slurp(path, &len);
  assert_null(memmem(text, len, "d_1 =", 5));
  free(text);
  unlink(path);
  trainer_free(resume_matches_straight_run(c));
  char log[256], line[512];
  FILE *f = train_with_log(c, 2, log, sizeof log, line, sizeof line);
  assert_string_equal(line, "step,loss,heldout_loss,lr,d_active,n_active,seconds,heldout_out1,heldout_out2\n");
  fclose(f);
  unlink(log);
}

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_adam_matches_hand_computation),
    cmocka_unit_test(test_config_file_and_errors),
    cmocka_unit_test(test_checkpoint_roundtrip_and_bad_files),
    cmocka_unit_test(test_resume_is_bitwise_identical),
    cmocka_unit_test(test_train_in_segments_is_bitwise_identical),
    cmocka_unit_test(test_config_rho_key),
    cmocka_unit_test(test_training_reduces_loss),
    cmocka_unit_test(test_threads_split_batch_exactly),
    cmocka_unit_test(test_nonfinite_loss_stops_run),
    cmocka_unit_test(test_config_reader_long_lines_and_bad_files),
    cmocka_unit_test(test_config_lists_and_eps),
    cmocka_unit_test(test_checkpoint_refuses_impossible_state),
    cmocka_unit_test(test_checkpoint_checksum_before_allocation),
    cmocka_unit_test(test_retrieval_training_config_and_bitwise_resume),
    cmocka_unit_test(test_multitask_config_refusals),
    cmocka_unit_test(test_multitask_batch_layout),
  };
  return cmocka_run_group_tests_name("train", tests, NULL, NULL);
}
