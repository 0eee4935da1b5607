/* Benchmark: mhicl training steps per second for the two configurations of the transformer
   chapter, and the achieved GFLOP/s against this machine's measured dgemm peak.
   Usage: bench_train THREADS STEPS [tiny|sparse] (both when omitted).  Prints CSV rows:
   config,threads,steps_per_s,gflops,peak,gflop_per_step (gflops is steps_per_s times
   gflop_per_step; peak is the one-thread dgemm rate in GFLOP/s).
   Built with -DBENCH_BLAS_TIMER and bench/blas_timer.c (see there), each row gains a seventh
   column: the fraction of the threads' time spent in matrix products. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "support.h"
#include "train.h"
#include "bench_common.h"

#ifdef BENCH_BLAS_TIMER
double bench_blas_seconds(int reset);
#endif



int main(int argc, char **argv)
{
  size_t threads = argc > 1 ? (size_t) atoi(argv[1]) : 1, steps = argc > 2 ? (size_t) atoi(argv[2]) : 50;
  double peak = bench_start(argv);
  const char *names[2] = { "tiny", "sparse" };
  for (int k = 0; k < 2; k++) {
    if (argc > 3 && strcmp(argv[3], names[k]) != 0) continue;
    train_config c;
    train_config_default(&c);
    char err[256];
    if (k == 1) {
      const char *kv[][2] = { { "heads", "8" }, { "d_head", "8" }, { "d", "20" }, { "n", "40" },
        { "beta", "sparse" }, { "s", "3" } };
      for (size_t i = 0; i < 6; i++) train_config_set(&c, kv[i][0], kv[i][1], err, sizeof err);
    }
    c.threads = threads; c.steps = steps + 5; c.eval_every = 0; c.eval_prompts = 1;
    if (train_config_check(&c)) { fprintf(stderr, "bad config\n"); return 1; }
    trainer *tr = trainer_new(&c);
    model_init(tr->m, 1, c.init_std);
    train_run(tr, 5, 0, err, sizeof err);  /* warm up */
#ifdef BENCH_BLAS_TIMER
    bench_blas_seconds(1);
#endif
    double t0 = mhicl_seconds();
    train_run(tr, 5 + steps, 0, err, sizeof err);
    double t = mhicl_seconds() - t0, sps = (double) steps / t;
    double gflop = bench_step_flops(&c) / 1e9;
    printf("%s,%zu,%.3f,%.2f,%.2f,%.4f", names[k], threads, sps, sps * gflop, peak, gflop);
#ifdef BENCH_BLAS_TIMER
    size_t K = threads < c.batch ? threads : c.batch;
    printf(",%.4f", bench_blas_seconds(0) / ((double) K * t));
#endif
    printf("\n");
    trainer_free(tr);
  }
  return 0;
}
