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

/* Central differences at h = 1e-5 against the backward pass (already run on |bt|), at up to six
   entries of every tensor; relative error <= 1e-6, absolute floor 1e-9 (see the test below). */
static void check_tensors_fd(model *m, const prompt_batch *bt, gsl_rng *rng, const char *name)
{
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
    check_tensors_fd(m, bt, rng, v->name);
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
    model_config c;
    memset(&c, 0, sizeof c);
    c.format = FORMAT_STACKED; c.d_x = 3; c.n_max = n; c.n_layers = 1; c.d_head = 4;
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
    check_tensors_fd(m, bt, rng, kind == 0 ? "linear_fixed" : "softmax, PyTorch init");
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

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_gradients_match_finite_differences),
    cmocka_unit_test(test_prompts_independent_of_batch),
    cmocka_unit_test(test_gradients_linear_fixed_and_torch_init),
  };
  return cmocka_run_group_tests_name("transformer", tests, NULL, NULL);
}
