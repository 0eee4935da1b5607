/* What bench_train and bench_tokens share (bench/bench_common.c). */
#ifndef MHICL_BENCH_COMMON_H
#define MHICL_BENCH_COMMON_H
#include "train.h"
double bench_start(char **argv);  /* OpenBLAS kernels and one thread, GSL handler; the dgemm peak */
double bench_step_flops(const train_config *c);
#endif
