/* Benchmark: mhicl training steps per second for the retrieval token model of the Musat chapter
   at its quick scale, as `mhicl reproduce musat --scale quick` trains it for the pair it also
   trains without the implicit curriculum (t = 3 layers, depth D = 3; musat_scales and
   musat_train_config): 3 layers of 2 softmax heads of width 32, d_model 64, attention only, no
   attention biases, pre-LayerNorm and a final LayerNorm, learned positions, token embedding of
   V + N + 2 = 38 ids, untied unembedding to V = 10 logits, sequences of T = 2KD + 2 = 14 tokens
   (K = 2 chains, a query "Q x"), labels at the 6 destinations and the query, batch 64, Adam.
   Usage: bench_tokens THREADS STEPS [SCALE LAYERS DEPTH].  Prints one CSV row:
   config,threads,steps_per_s,gflops,peak,gflop_per_step (as bench_train does).  With SCALE,
   LAYERS and DEPTH it times that model of `mhicl reproduce musat` instead (the Musat chapter's
   estimate of a whole grid's cost; make bench does not). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "support.h"
#include "train.h"
#include "musat2024.h"

/* Multiply-adds of one training step, counted from the shapes (forward; backward is twice):
   the Q, K, V and O projections, the scores and P V over the full T x T products as both programs
   compute them, and the unembedding to V logits.  The embedding is a lookup (no products). */
static double step_flops(const train_config *c)
{
  const model_config *m = &c->arch;
  double B = (double) c->batch, T = (double) model_tokens(m, c->n), C = (double) m->d_model;
  double f = 2 * B * T * C * (double) m->n_classes;
  for (size_t l = 0; l < m->n_layers; l++) {
    double H = (double) m->heads[l], dh = (double) m->d_head;
    f += 2 * B * T * C * 3 * H * dh + 2 * B * T * H * dh * C;
    f += 2 * 2 * B * H * T * T * dh;
  }
  return 3.0 * f;
}

static double dgemm_peak(void)
{
  const size_t N = 768;
  gsl_matrix *A = gsl_matrix_alloc(N, N), *B = gsl_matrix_alloc(N, N), *C = gsl_matrix_alloc(N, N);
  for (size_t i = 0; i < N * N; i++) { A->data[i] = 1.0 / (double) (i + 1); B->data[i] = 1.0; }
  double best = 0.0;
  for (int r = 0; r < 5; r++) {
    double t0 = mhicl_seconds();
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
    double t = mhicl_seconds() - t0;
    best = fmax(best, 2.0 * N * N * N / t / 1e9);
  }
  gsl_matrix_free(A); gsl_matrix_free(B); gsl_matrix_free(C);
  return best;
}

int main(int argc, char **argv)
{
  mhicl_blas_choose_kernels(argv);
  mhicl_install_gsl_handler();
  mhicl_blas_single_thread();
  size_t threads = argc > 1 ? (size_t) atoi(argv[1]) : 1, steps = argc > 2 ? (size_t) atoi(argv[2]) : 100;
  const musat_scale *sc = musat_scale_named(argc > 3 ? argv[3] : "quick");
  if (threads < 1 || threads > 64 || steps < 1 || sc == NULL) {
    fprintf(stderr, "usage: bench_tokens THREADS STEPS [smoke|quick|paper LAYERS DEPTH]\n");
    return 2;
  }
  double peak = dgemm_peak();
  musat_run r = { 1, sc->ic_layers, sc->ic_depth, 0, "bench" };
  if (argc > 5) { r.layers = (size_t) atoi(argv[4]); r.D = (size_t) atoi(argv[5]); }
  train_config c;
  char err[256];
  if (musat_train_config(sc, &r, threads, &c, err, sizeof err) != 0) { fprintf(stderr, "%s\n", err); return 1; }
  c.steps = steps + 5; c.eval_prompts = 1;
  if (train_config_check(&c)) { fprintf(stderr, "bad config\n"); return 1; }
  trainer *tr = trainer_new(&c);
  model_init(tr->m, c.seed, c.init_std);
  train_run(tr, 5, 0, err, sizeof err);  /* warm up */
  double t0 = mhicl_seconds();
  if (train_run(tr, 5 + steps, 0, err, sizeof err) != 0) { fprintf(stderr, "%s\n", err); return 1; }
  double t = mhicl_seconds() - t0, sps = (double) steps / t;
  double gflop = step_flops(&c) / 1e9;
  printf("tokens_%s_L%zu_D%zu,%zu,%.3f,%.3f,%.2f,%.5f\n", sc->name, r.layers, r.D, threads, sps, sps * gflop, peak, gflop);
  trainer_free(tr);
  return 0;
}
