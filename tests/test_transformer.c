/* Tests of the transformer chapter (chapters/transformer.w): exact gradients; prompts independent
   of their batch. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_randist.h>
#include "testutil.h"
#include "support.h"
#include "transformer.h"

typedef struct {
  const char *name;
  prompt_format format;
  attn_kind attn[2];
  int mlp, layernorm, pos_embed, masked;
  size_t heads[2];
} variant;

static const variant variants[] = {
  { "softmax interleaved mlp ln pos", FORMAT_INTERLEAVED, { ATTN_SOFTMAX, ATTN_SOFTMAX }, 1, 1, 1, 0, { 2, 1 } },
  { "softmax interleaved bare", FORMAT_INTERLEAVED, { ATTN_SOFTMAX, ATTN_SOFTMAX }, 0, 0, 0, 0, { 2, 2 } },
  { "linear interleaved mlp", FORMAT_INTERLEAVED, { ATTN_LINEAR, ATTN_LINEAR }, 1, 0, 1, 0, { 1, 3 } },
  { "relu interleaved ln", FORMAT_INTERLEAVED, { ATTN_RELU, ATTN_RELU }, 0, 1, 0, 0, { 2, 1 } },
  { "mixed interleaved masked", FORMAT_INTERLEAVED, { ATTN_SOFTMAX, ATTN_RELU }, 1, 1, 1, 1, { 3, 2 } },
  { "linear stacked (theory)", FORMAT_STACKED, { ATTN_LINEAR, ATTN_LINEAR }, 0, 0, 0, 0, { 3, 1 } },
  { "softmax stacked mlp ln", FORMAT_STACKED, { ATTN_SOFTMAX, ATTN_SOFTMAX }, 1, 1, 0, 0, { 2, 2 } },
  { "relu stacked masked pos", FORMAT_STACKED, { ATTN_RELU, ATTN_LINEAR }, 1, 0, 1, 1, { 3, 1 } },
};

static model_config config_of(const variant *v)
{
  model_config c;
  memset(&c, 0, sizeof c);
  c.format = v->format; c.d_x = 3; c.n_max = 4; c.extra_rows = 1;
  c.n_layers = 2; c.d_model = 6; c.d_head = 3;
  for (int l = 0; l < 2; l++) { c.heads[l] = v->heads[l]; c.attn[l] = v->attn[l]; }
  c.mlp = v->mlp; c.layernorm = v->layernorm; c.pos_embed = v->pos_embed;
  c.attn_bias = v->layernorm;  /* with biases in the GPT-2-like variants */
  return c;
}

/* Central differences at h = 1e-5 against the gradients the backward pass left in m, at up to
   `picks` entries of every tensor (all of a smaller one); relative error <= 1e-6 (see the chapter
   for why), absolute floor 1e-9 for entries whose gradient is zero (a removed head). */
static void check_tensors_by_differences(model *m, const prompt_batch *bt, gsl_rng *rng,
  size_t picks_max, const char *name)
{
  tensor_info table[MODEL_MAX_TENSORS];
  size_t count = model_table(&m->cfg, table, MODEL_MAX_TENSORS);
  for (size_t ti = 0; ti < count; ti++) {
    size_t picks = table[ti].size < picks_max ? table[ti].size : picks_max;
    for (size_t e = 0; e < picks; e++) {
      size_t idx = table[ti].offset + (picks == table[ti].size ? e : gsl_rng_uniform_int(rng, table[ti].size));
      double keep = m->params[idx], h = 1e-5;
      m->params[idx] = keep + h; double lp = model_forward(m, bt);
      m->params[idx] = keep - h; double lm = model_forward(m, bt);
      m->params[idx] = keep;
      double fd = (lp - lm) / (2 * h), an = m->grads[idx];
      if (!(fabs(fd - an) <= 1e-9 + 1e-6 * fmax(fabs(fd), fabs(an))))
        fail_msg("%s: %s[%zu]: backward %.12g, finite differences %.12g", name,
          table[ti].name, idx - table[ti].offset, an, fd);
    }
  }
}

/* Central differences at h = 1e-5 against the backward pass, at up to six entries of every
   tensor; relative error <= 1e-6 (see the chapter for why), absolute floor 1e-9 for entries
   whose gradient is zero (a removed head). */
static void test_gradients_match_finite_differences(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(40);
  for (size_t vi = 0; vi < sizeof variants / sizeof variants[0]; vi++) {
    const variant *v = &variants[vi];
    model_config c = config_of(v);
    assert_null(model_config_check(&c));
    const size_t B = 2, n = 4;
    model *m = model_alloc(&c, B);
    model_init(m, 100 + vi, 0.4);
    if (v->masked) { m->head_mask[0][1] = 0.0; m->head_mask[1][0] = 0.5; }
    prompt_batch *bt = batch_alloc(&c, B, n);
    for (size_t i = 0; i < B * bt->T * bt->d_in; i++) bt->tokens[i] = gsl_ran_gaussian(rng, 1.0);
    for (size_t i = 0; i < B * bt->T; i++) {
      bt->target[i] = gsl_ran_gaussian(rng, 1.0);
      bt->weight[i] = (i % 2 == 0 || c.format == FORMAT_STACKED) ? 1.0 : 0.0;
    }
    model_zero_grads(m);
    model_forward(m, bt);
    model_backward(m, bt);
    check_tensors_by_differences(m, bt, rng, 6, v->name);
    batch_free(bt);
    model_free(m);
  }
  gsl_rng_free(rng);
}

/* A prompt's predictions do not depend on the other prompts of its batch: the forward pass of
   eleven prompts (66 or 44 rows, so LayerNorm's groups of eight rows straddle prompts) against
   each prompt alone. The products of a batch and of one prompt may be blocked differently by
   OpenBLAS, so equality is asked to 1e-12 (predictions are of order one; a row that read another
   row's data would be off by order one). */
static void test_prompts_independent_of_batch(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(41);
  double worst = 0.0;
  for (size_t vi = 0; vi < sizeof variants / sizeof variants[0]; vi++) {
    const variant *v = &variants[vi];
    model_config c = config_of(v);
    const size_t B = 11, n = 3;
    model *m = model_alloc(&c, B);
    model_init(m, 200 + vi, 0.4);
    if (v->masked) { m->head_mask[0][1] = 0.0; m->head_mask[1][0] = 0.5; }
    prompt_batch *bt = batch_alloc(&c, B, n), *one = batch_alloc(&c, 1, n);
    size_t T = bt->T, din = bt->d_in;
    for (size_t i = 0; i < B * T * din; i++) bt->tokens[i] = gsl_ran_gaussian(rng, 1.0);
    for (size_t i = 0; i < B * T; i++) { bt->target[i] = 0.0; bt->weight[i] = 1.0; }
    for (size_t i = 0; i < T; i++) { one->target[i] = 0.0; one->weight[i] = 1.0; }
    model_forward(m, bt);
    double *pred = xmalloc(B * T * sizeof(double));
    memcpy(pred, m->pred, B * T * sizeof(double));
    for (size_t b = 0; b < B; b++) {
      memcpy(one->tokens, bt->tokens + b * T * din, T * din * sizeof(double));
      model_forward(m, one);
      for (size_t t = 0; t < T; t++) {
        double diff = fabs(m->pred[t] - pred[b * T + t]);
        worst = fmax(worst, diff);
        if (!(diff <= 1e-12))
          fail_msg("%s: prompt %zu, position %zu: %.17g in the batch, %.17g alone", v->name, b, t,
            pred[b * T + t], m->pred[t]);
      }
    }
    free(pred);
    batch_free(bt); batch_free(one);
    model_free(m);
  }
  print_message("largest difference between a prompt in the batch and alone: %.3g\n", worst);
  gsl_rng_free(rng);
}

/* The cross-entropy's gradient in every logit against central differences (h = 1e-5, relative
   error <= 1e-6, as for the model's tensors), on rows weighted 0, 1 and 2 with logits of scale
   up to 8; and the loss of equal logits is log V to 1e-15. */
static void test_cross_entropy_gradient_matches_finite_differences(void **state)
{
  (void) state;
  enum { N = 5, V = 7 };
  gsl_rng *rng = tu_rng(42);
  double logits[N * V], probs[N * V], dl[N * V], pred[N];
  const double target[N] = { 3, 0, 6, 2, 5 }, weight[N] = { 1, 0, 2, 1, 1 };
  for (size_t i = 0; i < N * V; i++) logits[i] = gsl_ran_gaussian(rng, 1.0) * (double) (1 + i % 8);
  double W = 5.0;
  cross_entropy_forward(logits, N, V, target, weight, W, probs, pred);
  cross_entropy_backward(probs, N, V, target, weight, W, dl);
  for (size_t i = 0; i < N * V; i++) {
    double keep = logits[i], h = 1e-5;
    logits[i] = keep + h; double lp = cross_entropy_forward(logits, N, V, target, weight, W, probs, pred);
    logits[i] = keep - h; double lm = cross_entropy_forward(logits, N, V, target, weight, W, probs, pred);
    logits[i] = keep;
    double fd = (lp - lm) / (2 * h);
    if (!(fabs(fd - dl[i]) <= 1e-9 + 1e-6 * fmax(fabs(fd), fabs(dl[i]))))
      fail_msg("logit %zu: backward %.12g, finite differences %.12g", i, dl[i], fd);
  }
  for (size_t k = 0; k < V; k++) assert_true(dl[V + k] == 0.0);  /* the unweighted row */
  double flat[V] = { 0 }, fp[V], fpred[1], one = 1.0, y = 4.0;
  for (size_t k = 0; k < V; k++) flat[k] = 2.5;
  double l = cross_entropy_forward(flat, 1, V, &y, &one, 1.0, fp, fpred);
  assert_true(fabs(l - log((double) V)) <= 1e-15);
  gsl_rng_free(rng);
}

typedef struct {
  const char *name;
  int mlp, layernorm, pos_embed, masked;
  size_t heads[2];
} token_variant;

static const token_variant token_variants[] = {
  { "attention-only bare", 0, 0, 1, 0, { 1, 2 } },
  { "attention-only ln", 0, 1, 1, 0, { 2, 2 } },
  { "mlp ln no positions", 1, 1, 0, 0, { 2, 1 } },
  { "attention-only masked", 0, 0, 1, 1, { 3, 2 } },
};

static model_config token_config_of(const token_variant *v)
{
  model_config c;
  memset(&c, 0, sizeof c);
  c.format = FORMAT_TOKENS; c.vocab = 9; c.n_classes = 4; c.n_max = 6;
  c.n_layers = 2; c.d_model = 6; c.d_head = 3;
  for (int l = 0; l < 2; l++) { c.heads[l] = v->heads[l]; c.attn[l] = ATTN_SOFTMAX; }
  c.mlp = v->mlp; c.layernorm = v->layernorm; c.pos_embed = v->pos_embed;
  c.attn_bias = v->layernorm;
  return c;
}

/* A batch of B random sequences of 6 token ids, labels at odd positions (class below 4). */
static void token_batch_fill(prompt_batch *bt, gsl_rng *rng)
{
  for (size_t i = 0; i < bt->B * bt->T; i++) {
    bt->tokens[i] = (double) gsl_rng_uniform_int(rng, 9);
    bt->target[i] = (double) gsl_rng_uniform_int(rng, 4);
    bt->weight[i] = i % 2 == 1 ? 1.0 : 0.0;
  }
}

/* Every tensor of token models (embedding, positions, attention, LayerNorms, MLP, unembedding)
   against central differences, as test_gradients_match_finite_differences; the ids are
   integers, so only the parameters are perturbed. */
static void test_token_model_gradients_match_finite_differences(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(43);
  for (size_t vi = 0; vi < sizeof token_variants / sizeof token_variants[0]; vi++) {
    const token_variant *v = &token_variants[vi];
    model_config c = token_config_of(v);
    assert_null(model_config_check(&c));
    const size_t B = 2, n = 6;
    model *m = model_alloc(&c, B);
    model_init(m, 300 + vi, 0.5);
    if (v->masked) { m->head_mask[0][1] = 0.0; m->head_mask[1][0] = 0.5; }
    prompt_batch *bt = batch_alloc(&c, B, n);
    assert_int_equal(bt->T, n);
    assert_int_equal(bt->d_in, 1);
    token_batch_fill(bt, rng);
    model_zero_grads(m);
    double loss = model_forward(m, bt);
    assert_true(loss > 0.0);
    model_backward(m, bt);
    tensor_info table[MODEL_MAX_TENSORS];
    size_t count = model_table(&m->cfg, table, MODEL_MAX_TENSORS);
    int seen_embed = 0, seen_unembed = 0;
    for (size_t ti = 0; ti < count; ti++) {
      seen_embed += !strcmp(table[ti].name, "embed.W_E");
      seen_unembed += !strcmp(table[ti].name, "unembed.W_U") || !strcmp(table[ti].name, "unembed.b_U");
    }
    check_tensors_by_differences(m, bt, rng, 8, v->name);
    assert_int_equal(seen_embed, 1);
    assert_int_equal(seen_unembed, 2);
    batch_free(bt);
    model_free(m);
  }
  gsl_rng_free(rng);
}

/* A sequence's logits are the same in a batch of eleven as alone, to 1e-12 (see
   test_prompts_independent_of_batch for the tolerance). */
static void test_token_prompts_independent_of_batch(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(44);
  for (size_t vi = 0; vi < sizeof token_variants / sizeof token_variants[0]; vi++) {
    model_config c = token_config_of(&token_variants[vi]);
    const size_t B = 11, n = 6, V = c.n_classes;
    model *m = model_alloc(&c, B);
    model_init(m, 400 + vi, 0.5);
    prompt_batch *bt = batch_alloc(&c, B, n), *one = batch_alloc(&c, 1, n);
    token_batch_fill(bt, rng);
    model_forward(m, bt);
    size_t T = bt->T;
    double *logits = xmalloc(B * T * V * sizeof(double));
    memcpy(logits, m->logits, B * T * V * sizeof(double));
    for (size_t b = 0; b < B; b++) {
      memcpy(one->tokens, bt->tokens + b * T, T * sizeof(double));
      memcpy(one->target, bt->target + b * T, T * sizeof(double));
      memcpy(one->weight, bt->weight + b * T, T * sizeof(double));
      model_forward(m, one);
      for (size_t i = 0; i < T * V; i++)
        if (!(fabs(m->logits[i] - logits[b * T * V + i]) <= 1e-12))
          fail_msg("%s: sequence %zu, logit %zu: %.17g in the batch, %.17g alone",
            token_variants[vi].name, b, i, logits[b * T * V + i], m->logits[i]);
    }
    free(logits);
    batch_free(bt); batch_free(one);
    model_free(m);
  }
  gsl_rng_free(rng);
}

/* Causality of the interleaved format: the prediction at position t is a function of tokens
   0..t only.  In every interleaved variant, for every position t, the tokens after t are redrawn
   and the predictions at positions 0..t must not move (asked to 1e-14 relative: the products have
   the same shapes, so OpenBLAS blocks them alike; a position that saw a later token would move by
   the size of a prediction).  Not vacuous: redrawing the tokens after t moves some later
   prediction by more than 1e-3. */
static void test_interleaved_prediction_ignores_later_tokens(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(42);
  size_t checked = 0;
  for (size_t vi = 0; vi < sizeof variants / sizeof variants[0]; vi++) {
    const variant *v = &variants[vi];
    if (v->format != FORMAT_INTERLEAVED) continue;
    model_config c = config_of(v);
    const size_t n = 4;
    model *m = model_alloc(&c, 1);
    model_init(m, 300 + vi, 0.4);
    if (v->masked) { m->head_mask[0][1] = 0.0; m->head_mask[1][0] = 0.5; }
    prompt_batch *bt = batch_alloc(&c, 1, n);
    size_t T = bt->T, din = bt->d_in;
    double *tokens = xmalloc(T * din * sizeof(double)), *pred = xmalloc(T * sizeof(double));
    for (size_t i = 0; i < T * din; i++) tokens[i] = gsl_ran_gaussian(rng, 1.0);
    for (size_t i = 0; i < T; i++) { bt->target[i] = 0.0; bt->weight[i] = 1.0; }
    memcpy(bt->tokens, tokens, T * din * sizeof(double));
    model_forward(m, bt);
    memcpy(pred, m->pred, T * sizeof(double));
    for (size_t t = 0; t + 1 < T; t++) {
      memcpy(bt->tokens, tokens, T * din * sizeof(double));
      for (size_t i = (t + 1) * din; i < T * din; i++) bt->tokens[i] = gsl_ran_gaussian(rng, 1.0);
      model_forward(m, bt);
      double later = 0.0;
      for (size_t u = 0; u < T; u++) {
        double diff = fabs(m->pred[u] - pred[u]);
        if (u > t) { later = fmax(later, diff); continue; }
        if (!(diff <= 1e-14 * fmax(1.0, fabs(pred[u]))))
          fail_msg("%s: the prediction at position %zu moved by %.3g when the tokens after %zu"
            " changed", v->name, u, diff, t);
        checked++;
      }
      if (!(later > 1e-3))
        fail_msg("%s: the tokens after %zu changed but no later prediction moved (%.3g)",
          v->name, t, later);
    }
    free(tokens); free(pred);
    batch_free(bt);
    model_free(m);
  }
  assert_true(checked > 0);
  gsl_rng_free(rng);
}

/* A stacked model without MLP, LayerNorm, biases or positions; heads and attention to be set. */
static model_config stacked_config(size_t d_x, size_t n, size_t layers, size_t d_head)
{
  model_config c;
  memset(&c, 0, sizeof c);
  c.format = FORMAT_STACKED; c.d_x = d_x; c.n_max = n; c.n_layers = layers; c.d_head = d_head;
  return c;
}

/* He et al.'s layer: stacked, one layer, no MLP, LayerNorm or biases, head width C = d + 1.
   (a) Central differences as above (same tolerance and reason) for linear attention normalized
   at n0 = 4 evaluated at n = 6, and for softmax under PyTorch's initialization. (b) At n = 6 the
   fixed normalization's prediction is 6/4 times the ordinary linear layer's (same weights; the
   stacked prediction is linear in the attention output): to 1e-12 relative, rounding only.
   (c) The PyTorch draws lie in +-1/sqrt(fan_in) (C for W_Q, H C for W_O) and reach past 60% of
   the bound in every tensor (a draw of 12 to 72 uniforms misses that with probability < 1e-4). */
static void test_gradients_linear_fixed_and_torch_init(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(42);
  const size_t B = 2, n = 6, H = 2;
  for (int kind = 0; kind < 2; kind++) {
    model_config c = stacked_config(3, n, 1, 4);
    c.heads[0] = H; c.attn[0] = kind == 0 ? ATTN_LINEAR_FIXED : ATTN_SOFTMAX;
    c.n_fixed = 4; c.init_torch = kind == 1;
    assert_null(model_config_check(&c));
    model *m = model_alloc(&c, B);
    model_init(m, 300 + kind, 0.4);
    prompt_batch *bt = batch_alloc(&c, B, n);
    for (size_t i = 0; i < B * bt->T * bt->d_in; i++) bt->tokens[i] = gsl_ran_gaussian(rng, 1.0);
    for (size_t i = 0; i < B * bt->T; i++) { bt->target[i] = gsl_ran_gaussian(rng, 1.0); bt->weight[i] = 1.0; }
    for (size_t b = 0; b < B; b++) bt->tokens[(b * bt->T + n) * bt->d_in + c.d_x] = 0.0;  /* the query's y slot */
    model_zero_grads(m);
    model_forward(m, bt);
    model_backward(m, bt);
    check_tensors_by_differences(m, bt, rng, 6, kind == 0 ? "linear_fixed" : "softmax, PyTorch init");
    tensor_info table[MODEL_MAX_TENSORS];
    size_t count = model_table(&m->cfg, table, MODEL_MAX_TENSORS);
    for (size_t ti = 0; ti < count; ti++) {
      if (kind == 1) {
        double bound = 1.0 / sqrt(strstr(table[ti].name, "W_O") ? (double) (H * 4) : 4.0), top = 0.0;
        for (size_t j = 0; j < table[ti].size; j++) {
          double w = fabs(m->params[table[ti].offset + j]);
          assert_true(w <= bound);
          top = fmax(top, w);
        }
        assert_true(top >= 0.6 * bound);
      }
    }
    if (kind == 0) {
      double fixed[2];
      model_forward(m, bt);
      for (size_t b = 0; b < B; b++) fixed[b] = m->pred[b * bt->T + n];
      m->cfg.attn[0] = ATTN_LINEAR;
      model_forward(m, bt);
      for (size_t b = 0; b < B; b++) {
        double lin = m->pred[b * bt->T + n];
        assert_true(fabs(lin) > 1e-6);
        assert_true(fabs(fixed[b] - lin * n / 4.0) <= 1e-12 * fmax(1.0, fabs(fixed[b])));
      }
    }
    batch_free(bt);
    model_free(m);
  }
  gsl_rng_free(rng);
}

/* Several read-out rows (multi-task): the stacked model with R = 2 predicts minus rows d and
   d + 1 of the query's output. (a) Central differences against the backward pass, same
   tolerance and reason as above, for He et al.'s multi-task layer (one softmax layer, head width
   d + 2, PyTorch's initialization) and for a two-layer variant with MLP, LayerNorm and an extra
   row. (b) The loss is the mean over the two rows of each row's weighted squared error, formed
   here from the predictions (1e-14 relative: the same sums in another order), and each
   prediction is minus its row of the final stream (exactly). (c) Several rows are refused in the
   interleaved and token formats. */
static void test_gradients_multi_output(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(43);
  const size_t B = 3, n = 5, R = 2;
  for (int kind = 0; kind < 2; kind++) {
    model_config c = stacked_config(4, n, kind == 0 ? 1 : 2, kind == 0 ? 6 : 3);
    c.n_out = R;
    for (int l = 0; l < 2; l++) { c.heads[l] = 3 - l; c.attn[l] = ATTN_SOFTMAX; }
    c.init_torch = kind == 0; c.mlp = kind == 1; c.layernorm = kind == 1; c.extra_rows = kind;
    assert_null(model_config_check(&c));
    assert_int_equal(model_width(&c), c.d_x + R + c.extra_rows);
    model *m = model_alloc(&c, B);
    model_init(m, 400 + kind, 0.4);
    prompt_batch *bt = batch_alloc(&c, B, n);
    assert_int_equal(bt->R, R);
    for (size_t i = 0; i < B * bt->T * bt->d_in; i++) bt->tokens[i] = gsl_ran_gaussian(rng, 1.0);
    for (size_t i = 0; i < B * bt->T * R; i++) bt->target[i] = gsl_ran_gaussian(rng, 1.0);
    for (size_t i = 0; i < B * bt->T; i++) bt->weight[i] = (i % bt->T == n) ? 1.0 : (i % 3 == 0 ? 0.5 : 0.0);
    model_zero_grads(m);
    double loss = model_forward(m, bt);
    double sum = 0.0, W = 0.0;
    size_t C = model_width(&c);
    for (size_t i = 0; i < B * bt->T; i++) {
      W += bt->weight[i];
      for (size_t r = 0; r < R; r++) {
        assert_true(m->pred[i * R + r] == -m->resid_final[i * C + c.d_x + r]);
        double e = m->pred[i * R + r] - bt->target[i * R + r];
        sum += bt->weight[i] * e * e;
      }
    }
    assert_close(loss, sum / (W * (double) R), 0.0, 1e-14);
    model_backward(m, bt);
    check_tensors_by_differences(m, bt, rng, 6, kind == 0 ? "multi-task layer" : "two rows, mlp ln extra");
    batch_free(bt);
    model_free(m);
  }
  model_config c;
  memset(&c, 0, sizeof c);
  c.format = FORMAT_INTERLEAVED; c.d_x = 3; c.n_max = 4; c.n_layers = 1; c.d_model = 8; c.d_head = 4;
  c.heads[0] = 1; c.attn[0] = ATTN_SOFTMAX; c.n_out = 2;
  assert_string_equal(model_config_check(&c), "several read-out rows need the stacked format");
  c.format = FORMAT_TOKENS; c.vocab = 5; c.n_classes = 5;
  assert_string_equal(model_config_check(&c), "several read-out rows need the stacked format");
  gsl_rng_free(rng);
}


/* Under OpenBLAS's own kernels (what a test program runs), and once more in a child process under
   the better family mhicl itself would choose (OPENBLAS_CORETYPE set, the test program executed
   again with only `test` selected), so that both orders the reduced pass knows are checked
   wherever the processor has both. */
static char **test_argv;
static void rerun_under_better_kernels(const char *test)
{
  const char *better = mhicl_blas_better_core(mhicl_blas_core());
  if (getenv("OPENBLAS_CORETYPE") != NULL || better == NULL) return;
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {  /* its report goes to stderr, out of the parent's TAP stream */
    dup2(2, 1);
    setenv("OPENBLAS_CORETYPE", better, 1);
    char *args[] = { test_argv[0], (char *) "--only", (char *) test, NULL };
    execv("/proc/self/exe", args);
    _exit(127);
  }
  int status = 0;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fail_msg("%s under OPENBLAS_CORETYPE=%s: exit status %d", test, better,
      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* blas_row_product against the library's dgemm, bit for bit: random row-major products of 1-140
   rows, 1-17 columns, inner size 1-150 (and, one in four, 1-20), plain and with B transposed,
   rows 0, R/2 and the last four; every entry equal (== , so +0 and -0 agree). Declined shapes are
   skipped and counted; at least a third of the shapes must be taken with the Prescott or Skylake-X
   kernels, or the check would be vacuous. */
static void test_blas_order_matches_dgemm(void **state)
{
  (void) state;
  gsl_rng *rng = tu_rng(77);
  const size_t N = 160 * 160;
  double *A = malloc(N * sizeof(double)), *Bm = malloc(N * sizeof(double));
  double *Cm = malloc(N * sizeof(double)), row[32];
  for (size_t i = 0; i < N; i++) { A[i] = gsl_ran_gaussian(rng, 1.0); Bm[i] = gsl_ran_gaussian(rng, 1.0); }
  size_t taken = 0, shapes = 0;
  for (int trial = 0; trial < 1500; trial++) {
    size_t R = 1 + gsl_rng_uniform_int(rng, 140), n = 1 + gsl_rng_uniform_int(rng, 17);
    size_t K = 1 + gsl_rng_uniform_int(rng, trial % 4 == 0 ? 20 : 150);
    for (int tb = 0; tb < 2; tb++) {
      shapes++;
      gsl_matrix_view Av = gsl_matrix_view_array(A, R, K);
      gsl_matrix_view Bv = tb ? gsl_matrix_view_array(Bm, n, K) : gsl_matrix_view_array(Bm, K, n);
      gsl_matrix_view Cv = gsl_matrix_view_array(Cm, R, n);
      gsl_blas_dgemm(CblasNoTrans, tb ? CblasTrans : CblasNoTrans, 1.0, &Av.matrix, &Bv.matrix, 0.0,
        &Cv.matrix);
      size_t rows[6] = { 0, R / 2, R - 1, R > 1 ? R - 2 : 0, R > 2 ? R - 3 : 0, R > 3 ? R - 4 : 0 };
      for (int ri = 0; ri < 6; ri++) {
        if (!blas_row_product(tb, R, rows[ri], A + rows[ri] * K, Bm, tb ? K : n, n, K, row)) break;
        if (ri == 0) taken++;
        for (size_t c = 0; c < n; c++)
          if (!(row[c] == Cm[rows[ri] * n + c]))
            fail_msg("%s R=%zu n=%zu K=%zu: entry (%zu,%zu) %.17g, dgemm %.17g (kernels %s)",
              tb ? "A B^T" : "A B", R, n, K, rows[ri], c, row[c], Cm[rows[ri] * n + c],
              mhicl_blas_core());
      }
    }
  }
  const char *core = mhicl_blas_core();
  if (strcmp(core, "Prescott") == 0 || strcmp(core, "SkylakeX") == 0 || strcmp(core, "Cooperlake") == 0)
    assert_true(3 * taken >= shapes);
  else assert_int_equal(taken, 0);  /* another family: every shape declined */
  free(A); free(Bm); free(Cm);
  gsl_rng_free(rng);
  rerun_under_better_kernels("test_blas_order_matches_dgemm");
}

/* The reduced pass of the last layer against the full pass, bit for bit: the loss, the
   predictions at the queries and every gradient. Models: He et al.'s (stacked, one layer, head
   width 6, d = 5, n = 40, PyTorch init) with softmax H = 1, 2, 8 and linear, linear_fixed H = 2;
   a two-layer stacked model with LayerNorm, a head at mask 0.5 and n = 7; one with attention
   biases and n = 9; He et al.'s multi-task layer (two read-out rows, head width 7, H = 3).
   Batches of 7 prompts and then 5 (odd sizes put query rows in the library's
   edge blocks; the change of shape moves the rows the reduced pass keeps at zero). Also: the path
   is taken wherever the kernels are known (Prescott, Skylake-X); a weight off the query refuses
   it; a model without the switch gets every row of the pattern. */
typedef struct { size_t layers, heads, n; attn_kind attn; int layernorm, bias, masked; size_t out; } qp_case;

static void test_query_path_equals_full_path(void **state)
{
  (void) state;
  static const qp_case cases[] = {
    { 1, 1, 40, ATTN_SOFTMAX, 0, 0, 0, 1 }, { 1, 2, 40, ATTN_SOFTMAX, 0, 0, 0, 1 },
    { 1, 8, 40, ATTN_SOFTMAX, 0, 0, 0, 1 }, { 1, 2, 40, ATTN_LINEAR, 0, 0, 0, 1 },
    { 1, 2, 40, ATTN_LINEAR_FIXED, 0, 0, 0, 1 }, { 2, 2, 7, ATTN_SOFTMAX, 1, 0, 1, 1 },
    { 1, 3, 9, ATTN_SOFTMAX, 0, 1, 0, 1 }, { 1, 3, 40, ATTN_SOFTMAX, 0, 0, 0, 2 },
  };
  const char *core = mhicl_blas_core();
  int known = strcmp(core, "Prescott") == 0 || strcmp(core, "SkylakeX") == 0
    || strcmp(core, "Cooperlake") == 0;
  gsl_rng *rng = tu_rng(78);
  for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
    const qp_case *q = &cases[ci];
    model_config c;
    memset(&c, 0, sizeof c);
    size_t R = q->out;
    c.format = FORMAT_STACKED; c.d_x = 5; c.n_max = q->n; c.n_layers = q->layers; c.d_head = 5 + R;
    c.d_model = 5 + R; c.n_out = q->out; c.init_torch = 1; c.n_fixed = q->n; c.layernorm = q->layernorm; c.attn_bias = q->bias;
    for (size_t l = 0; l < q->layers; l++) { c.heads[l] = q->heads; c.attn[l] = q->attn; }
    assert_null(model_config_check(&c));
    model *m = model_alloc(&c, 7);
    model_init(m, 500 + ci, 0.3);
    if (q->masked) m->head_mask[q->layers - 1][1] = 0.5;
    double *g_full = malloc(m->n_params * sizeof(double)), pred_full[7 * 2];
    for (size_t Bn = 7; Bn >= 5; Bn -= 2) {
      prompt_batch *bt = batch_alloc(&c, Bn, q->n);
      size_t T = bt->T;
      for (size_t i = 0; i < Bn * T * bt->d_in; i++) bt->tokens[i] = gsl_ran_gaussian(rng, 1.0);
      for (size_t b = 0; b < Bn; b++) {
        for (size_t r = 0; r < R; r++) {
          bt->tokens[(b * T + T - 1) * bt->d_in + c.d_x + r] = 0.0;
          bt->target[(b * T + T - 1) * R + r] = gsl_ran_gaussian(rng, 1.0);
        }
        bt->weight[b * T + T - 1] = 1.0;
      }
      model_set_query_only(m, 0);
      model_zero_grads(m);
      double loss_full = model_forward(m, bt);
      model_backward(m, bt);
      assert_false(m->reduced);
      memcpy(g_full, m->grads, m->n_params * sizeof(double));
      for (size_t b = 0; b < Bn * R; b++) pred_full[b] = m->pred[(b / R * T + T - 1) * R + b % R];
      model_set_query_only(m, 1);
      model_zero_grads(m);
      double loss = model_forward(m, bt);
      model_backward(m, bt);
      assert_int_equal(m->reduced, known);
      if (!(loss == loss_full)) fail_msg("case %zu B=%zu: loss %.17g, full %.17g", ci, Bn, loss, loss_full);
      for (size_t b = 0; b < Bn * R; b++) {
        double p = m->pred[(b / R * T + T - 1) * R + b % R];
        if (!(p == pred_full[b]))
          fail_msg("case %zu: prediction %zu %.17g, full %.17g", ci, b, p, pred_full[b]);
      }
      for (size_t i = 0; i < m->n_params; i++)
        if (!(m->grads[i] == g_full[i]))
          fail_msg("case %zu B=%zu: gradient %zu %.17g, full %.17g (kernels %s)", ci, Bn, i,
            m->grads[i], g_full[i], core);
      bt->weight[0] = 1.0;  /* a weight off the query: the full pass */
      model_forward(m, bt);
      assert_false(m->reduced);
      batch_free(bt);
    }
    free(g_full);
    model_free(m);
  }
  /* Off by default: every row of the pattern is formed (softmax rows sum to one). */
  model_config c;
  memset(&c, 0, sizeof c);
  c.format = FORMAT_STACKED; c.d_x = 5; c.n_max = 6; c.n_layers = 1; c.d_head = 6; c.d_model = 6;
  c.heads[0] = 2; c.attn[0] = ATTN_SOFTMAX;
  model *m = model_alloc(&c, 2);
  model_init(m, 9, 0.3);
  prompt_batch *bt = batch_alloc(&c, 2, 6);
  for (size_t i = 0; i < 2 * bt->T * bt->d_in; i++) bt->tokens[i] = gsl_ran_gaussian(rng, 1.0);
  for (size_t b = 0; b < 2; b++) bt->weight[b * bt->T + bt->T - 1] = 1.0;
  model_forward(m, bt);
  assert_false(m->reduced);
  for (size_t r = 0; r < 2 * 2 * bt->T; r++) {
    double sum = 0.0;
    for (size_t j = 0; j < bt->T; j++) sum += m->acts[0].pattern[r * bt->T + j];
    assert_close(sum, 1.0, 1e-12, 0.0);
  }
  batch_free(bt);
  model_free(m);
  gsl_rng_free(rng);
  rerun_under_better_kernels("test_query_path_equals_full_path");
}

int main(int argc, char **argv)
{
  tu_setup_library();
  test_argv = argv;
  if (argc == 3 && strcmp(argv[1], "--only") == 0) cmocka_set_test_filter(argv[2]);
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_gradients_match_finite_differences),
    cmocka_unit_test(test_prompts_independent_of_batch),
    cmocka_unit_test(test_cross_entropy_gradient_matches_finite_differences),
    cmocka_unit_test(test_token_model_gradients_match_finite_differences),
    cmocka_unit_test(test_token_prompts_independent_of_batch),
    cmocka_unit_test(test_interleaved_prediction_ignores_later_tokens),
    cmocka_unit_test(test_gradients_linear_fixed_and_torch_init),
    cmocka_unit_test(test_gradients_multi_output),
    cmocka_unit_test(test_blas_order_matches_dgemm),
    cmocka_unit_test(test_query_path_equals_full_path),
  };
  return cmocka_run_group_tests_name("transformer", tests, NULL, NULL);
}
