/* Benchmark: He et al.'s one-layer model (stacked format, H softmax heads of width d+1 = 6, no MLP,
   LayerNorm or biases, PyTorch's initialization, loss at the query, d = 5, n = 40, batch 256,
   Adam 1e-3), as mhicl reproduce he trains it.
   Usage: bench_he THREADS STEPS [HEADS]   prints  he_H<HEADS>,threads,steps_per_s,gflop_per_step
          bench_he phases STEPS [HEADS]    prints  he_H<HEADS>,phase,fraction,ms_per_step  per phase
   Steps per second come from train_run itself (what a run does, threads included). The phases are
   timed on one thread by a loop that takes the same steps train_run takes (and so the same bits):
   drawing the batch, the forward pass, the backward pass, and the optimizer (gradient norm and
   Adam). gflop_per_step counts the model's multiply-adds with every row of the attention formed
   (as PyTorch forms them), forward once and backward twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "support.h"
#include "tasks.h"
#include "train.h"

static void he_config(train_config *c, size_t heads, size_t threads, size_t steps)
{
  char err[256], h[16], th[16], st[16];
  snprintf(h, sizeof h, "%zu", heads);
  snprintf(th, sizeof th, "%zu", threads);
  snprintf(st, sizeof st, "%zu", steps);
  const char *kv[][2] = { { "format", "stacked" }, { "layers", "1" }, { "heads", h },
    { "attention", "softmax" }, { "d_model", "6" }, { "d_head", "6" }, { "mlp", "0" },
    { "layernorm", "0" }, { "pos_embed", "0" }, { "attn_bias", "0" }, { "init", "torch" },
    { "d", "5" }, { "beta", "dense" }, { "b", "1" }, { "sigma", "0.316227766016838" },
    { "n", "40" }, { "loss", "query" }, { "batch", "256" }, { "lr", "0.001" },
    { "eval_every", "0" }, { "eval_prompts", "1" }, { "checkpoint_every", "0" },
    { "threads", th }, { "steps", st } };
  train_config_default(c);
  for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
    if (train_config_set(c, kv[i][0], kv[i][1], err, sizeof err) != 0) {
      fprintf(stderr, "bench_he: %s\n", err);
      exit(2);
    }
  const char *bad = train_config_check(c);
  if (bad) { fprintf(stderr, "bench_he: %s\n", bad); exit(2); }
}

/* Multiply-adds of one step, times two: Q, K, V, O, the scores and P V, backward twice forward. */
static double step_gflop(const train_config *c)
{
  const model_config *m = &c->arch;
  double B = (double) c->batch, T = (double) model_tokens(m, c->n), C = (double) model_width(m);
  double H = (double) m->heads[0], dh = (double) m->d_head;
  double f = 2 * B * T * C * 3 * H * dh + 2 * B * T * H * dh * C + 2 * 2 * B * H * T * T * dh;
  return 3.0 * f / 1e9;
}

static void phases(size_t steps, size_t heads)
{
  train_config c;
  he_config(&c, heads, 1, steps + 10);
  trainer *tr = trainer_new(&c);
  model_init(tr->m, c.seed, c.init_std);
  trainer_query_only(tr, 1);
  prompt_batch *bt = batch_alloc(&c.arch, c.batch, c.n);
  task *t = task_alloc(c.n, c.d);
  double sec[4] = { 0.0, 0.0, 0.0, 0.0 };
  const char *name[4] = { "sample", "forward", "backward", "adam" };
  for (size_t s = 0; s < steps + 10; s++) {
    double t0 = mhicl_seconds();
    fill_batch(&c, c.d, c.n, STREAM_TRAIN, (uint64_t) tr->step * c.batch, bt, t);
    double t1 = mhicl_seconds();
    model_zero_grads(tr->m);
    model_forward(tr->m, bt);
    double t2 = mhicl_seconds();
    model_backward(tr->m, bt);
    double t3 = mhicl_seconds();
    grad_norm(tr->m);
    adam_step(tr, learning_rate(&c, tr->step));
    tr->step++;
    double t4 = mhicl_seconds();
    if (s < 10) continue;  /* warm up */
    sec[0] += t1 - t0; sec[1] += t2 - t1; sec[2] += t3 - t2; sec[3] += t4 - t3;
  }
  double total = sec[0] + sec[1] + sec[2] + sec[3];
  for (int k = 0; k < 4; k++)
    printf("he_H%zu,%s,%.4f,%.4f\n", heads, name[k], sec[k] / total, 1e3 * sec[k] / (double) steps);
  batch_free(bt); task_free(t); trainer_free(tr);
}

int main(int argc, char **argv)
{
  mhicl_blas_choose_kernels(argv);
  mhicl_install_gsl_handler();
  mhicl_blas_single_thread();
  if (argc < 3) { fprintf(stderr, "usage: bench_he THREADS|phases STEPS [HEADS]\n"); return 2; }
  size_t steps = (size_t) atoi(argv[2]), heads = argc > 3 ? (size_t) atoi(argv[3]) : 2;
  if (steps < 1 || heads < 1) { fprintf(stderr, "bench_he: STEPS and HEADS must be positive\n"); return 2; }
  if (strcmp(argv[1], "phases") == 0) { phases(steps, heads); return 0; }
  size_t threads = (size_t) atoi(argv[1]);
  if (threads < 1) { fprintf(stderr, "bench_he: THREADS must be positive\n"); return 2; }
  train_config c;
  he_config(&c, heads, threads, steps + 20);
  trainer *tr = trainer_new(&c);
  model_init(tr->m, c.seed, c.init_std);
  char err[256];
  if (train_run(tr, 20, 0, err, sizeof err) != 0) { fprintf(stderr, "bench_he: %s\n", err); return 1; }
  double t0 = mhicl_seconds();
  if (train_run(tr, 20 + steps, 0, err, sizeof err) != 0) { fprintf(stderr, "bench_he: %s\n", err); return 1; }
  double sps = (double) steps / (mhicl_seconds() - t0);
  printf("he_H%zu,%zu,%.3f,%.6f\n", heads, threads, sps, step_gflop(&c));
  trainer_free(tr);
  return 0;
}
