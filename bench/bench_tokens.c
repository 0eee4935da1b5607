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
#include "bench_common.h"
#include "musat2024.h"



int main(int argc, char **argv)
{
  size_t threads = argc > 1 ? (size_t) atoi(argv[1]) : 1, steps = argc > 2 ? (size_t) atoi(argv[2]) : 100;
  const musat_scale *sc = musat_scale_named(argc > 3 ? argv[3] : "quick");
  if (threads < 1 || threads > 64 || steps < 1 || sc == NULL) {
    fprintf(stderr, "usage: bench_tokens THREADS STEPS [smoke|quick|paper LAYERS DEPTH]\n");
    return 2;
  }
  double peak = bench_start(argv);
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
  double gflop = bench_step_flops(&c) / 1e9;
  printf("tokens_%s_L%zu_D%zu,%zu,%.3f,%.3f,%.2f,%.5f\n", sc->name, r.layers, r.D, threads, sps, sps * gflop, peak, gflop);
  trainer_free(tr);
  return 0;
}
