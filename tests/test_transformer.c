/* Tests of the transformer chapter (chapters/transformer.w): exact gradients; prompts independent
   of their batch. */
#include <math.h>
#include <stdio.h>
#include <string.h>
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
    batch *bt = batch_alloc(&c, B, n);
    for (size_t i = 0; i < B * bt->T * bt->d_in; i++) bt->tokens[i] = gsl_ran_gaussian(rng, 1.0);
    for (size_t i = 0; i < B * bt->T; i++) {
      bt->target[i] = gsl_ran_gaussian(rng, 1.0);
      bt->weight[i] = (i % 2 == 0 || c.format == FORMAT_STACKED) ? 1.0 : 0.0;
    }
    model_zero_grads(m);
    model_forward(m, bt);
    model_backward(m, bt);
    tensor_info table[MODEL_MAX_TENSORS];
    size_t count = model_table(&m->cfg, table, MODEL_MAX_TENSORS);
    for (size_t ti = 0; ti < count; ti++) {
      size_t picks = table[ti].size < 6 ? table[ti].size : 6;
      for (size_t e = 0; e < picks; e++) {
        size_t idx = table[ti].offset + (picks == table[ti].size ? e : gsl_rng_uniform_int(rng, table[ti].size));
        double keep = m->params[idx], h = 1e-5;
        m->params[idx] = keep + h; double lp = model_forward(m, bt);
        m->params[idx] = keep - h; double lm = model_forward(m, bt);
        m->params[idx] = keep;
        double fd = (lp - lm) / (2 * h), an = m->grads[idx];
        if (!(fabs(fd - an) <= 1e-9 + 1e-6 * fmax(fabs(fd), fabs(an))))
          fail_msg("%s: %s[%zu]: backward %.12g, finite differences %.12g", v->name,
            table[ti].name, idx - table[ti].offset, an, fd);
      }
    }
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
    batch *bt = batch_alloc(&c, B, n), *one = batch_alloc(&c, 1, n);
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
    batch *bt = batch_alloc(&c, 1, n);
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

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_gradients_match_finite_differences),
    cmocka_unit_test(test_prompts_independent_of_batch),
    cmocka_unit_test(test_interleaved_prediction_ignores_later_tokens),
  };
  return cmocka_run_group_tests_name("transformer", tests, NULL, NULL);
}
