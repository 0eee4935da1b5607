@* Support.
This chapter collects the few services every other chapter uses: allocation that cannot return
|NULL|, the error handler for GSL, the random streams from which tasks are drawn, a clock, and
atomic file output. It is tangled into \.{generated/support.h} and \.{generated/support.c}.

@(generated/support.h@>=
#ifndef MHICL_SUPPORT_H
#define MHICL_SUPPORT_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <gsl/gsl_rng.h>
@<Support declarations@>@;
#endif

@ @(generated/support.c@>=
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <gsl/gsl_errno.h>
#include "support.h"
@<Support functions@>@;

@*1 Memory and errors.
Running out of memory is the one failure the library does not try to recover from: |xmalloc|
reports it in one line and exits with status~1. Everything else (bad options, bad values) is
checked at the command line, before the library sees it.

@<Support decl...@>=
void *xmalloc(size_t bytes);
void *xcalloc(size_t count, size_t size);
void mhicl_fatal(const char *format, ...)
  __attribute__((noreturn, format(printf, 1, 2)));

@ @<Support functions@>=
void mhicl_fatal(const char *format, ...)
{
  va_list args;
  fputs("mhicl: ", stderr);
  va_start(args, format);
  vfprintf(stderr, format, args);
  va_end(args);
  fputc('\n', stderr);
  exit(1);
}

void *xmalloc(size_t bytes)
{
  void *p = malloc(bytes ? bytes : 1);
  if (p == NULL) mhicl_fatal("out of memory (%zu bytes)", bytes);
  return p;
}

void *xcalloc(size_t count, size_t size)
{
  void *p = calloc(count ? count : 1, size ? size : 1);
  if (p == NULL) mhicl_fatal("out of memory (%zu x %zu bytes)", count, size);
  return p;
}

@ GSL calls |abort| on an error unless told otherwise. A numerical routine that fails inside an
experiment (a singular matrix, say) is a bug in this program, not bad input, but it should still
end with a message rather than a core dump; |mhicl_gsl_handler| reports GSL's reason and the
source line in one line and exits. The main program and every test install it.

A few calls expect a failure and handle it (a Cholesky factorization that tells whether a
matrix is positive definite). They do not switch GSL's handler off: the handler is one global
pointer, and switching it off and back in one thread while another thread runs its own guarded
call let a failure in the second thread reach the fatal handler (the smoke reproduction, whose
baselines run on two threads, died so under the sanitizers). Instead a thread marks the call with
|mhicl_gsl_expect_errors(1)| and |(0)|, a per-thread flag the handler reads: while it is set the
handler returns and GSL hands the error code back to the caller.

@<Support decl...@>=
void mhicl_install_gsl_handler(void);
void mhicl_gsl_expect_errors(int on);

@ @<Support functions@>=
static _Thread_local int gsl_errors_expected = 0;

void mhicl_gsl_expect_errors(int on)
{
  gsl_errors_expected = on;
}

static void mhicl_gsl_handler(const char *reason, const char *file, int line,
  int gsl_errno)
{
  if (gsl_errors_expected) return;
  mhicl_fatal("GSL error %d (%s) at %s:%d", gsl_errno, reason, file, line);
}

void mhicl_install_gsl_handler(void)
{
  gsl_set_error_handler(mhicl_gsl_handler);
}

@*1 Random streams.
@^determinism@>
@^random streams@>
Every random quantity in this book is drawn from a stream identified by three numbers: the
run's |seed|, a |stream| number that says what the draws are for (tuning tasks, evaluation tasks,
tests), and an index |k| (the task number). The generator is reseeded from these three numbers
before each task, so task |k| is the same whatever the batch size, the thread count or the order in
which tasks are visited. That is the whole of our determinism argument for sampling.

The usual choice, GSL's Mersenne Twister, takes only the low 32 bits of its seed. Among $10^5$
tasks seeded by 32-bit hashes two would coincide with probability about $1-e^{-10^{10}/2^{33}}
\approx0.7$. We therefore register a small generator of our own with GSL, Blackman and Vigna's
{\it xoshiro256**}, whose 256-bit state we fill from a 64-bit seed with the {\it splitmix64}
sequence. It is an ordinary |gsl_rng|: every |gsl_ran_| sampler works with it unchanged.

@<Support decl...@>=
extern const gsl_rng_type *mhicl_rng_xoshiro256;
uint64_t mhicl_mix64(uint64_t x);
uint64_t mhicl_stream_seed(uint64_t seed, uint64_t stream, uint64_t k);
gsl_rng *mhicl_rng_alloc(void);
void mhicl_rng_seek(gsl_rng *rng, uint64_t seed, uint64_t stream, uint64_t k);

@ The splitmix64 finalizer is a bijection of 64-bit words with good avalanche; chaining it over
the three numbers gives the seed of a stream.

@<Support functions@>=
uint64_t mhicl_mix64(uint64_t x)
{
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t mhicl_stream_seed(uint64_t seed, uint64_t stream, uint64_t k)
{
  return mhicl_mix64(mhicl_mix64(mhicl_mix64(seed) ^ stream) ^ k);
}

@ The generator's state is four 64-bit words, never all zero (splitmix64 output of four
consecutive counters cannot be). |get| returns the top 32 bits of the 64-bit output, so that the
generator's range is the usual $[0,2^{32})$; |get_double| uses the top 53 bits.

@<Support functions@>=
typedef struct { uint64_t s[4]; } xoshiro_state;

static inline uint64_t rotl64(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t xoshiro_next(xoshiro_state *st)
{
  uint64_t *s = st->s;
  const uint64_t result = rotl64(s[1] * 5, 7) * 9;
  const uint64_t t = s[1] << 17;
  s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl64(s[3], 45);
  return result;
}

static void xoshiro_set(void *vstate, unsigned long seed)
{
  xoshiro_state *st = vstate;
  uint64_t z = (uint64_t) seed;
  for (int i = 0; i < 4; i++) {
    z += 0x9e3779b97f4a7c15ULL;
    st->s[i] = mhicl_mix64(z);
  }
}

static unsigned long xoshiro_get(void *vstate)
{
  return (unsigned long) (xoshiro_next(vstate) >> 32);
}

static double xoshiro_get_double(void *vstate)
{
  return (double) (xoshiro_next(vstate) >> 11) * 0x1.0p-53;
}

static const gsl_rng_type xoshiro_type = {
  "xoshiro256**", 0xffffffffUL, 0, sizeof(xoshiro_state),
  xoshiro_set, xoshiro_get, xoshiro_get_double };

const gsl_rng_type *mhicl_rng_xoshiro256 = &xoshiro_type;

@ |gsl_rng_set| takes an |unsigned long|; on the 64-bit systems we support that is 64 bits, and
the static assertion below makes the build fail loudly elsewhere rather than silently halve the
seed.

@<Support functions@>=
_Static_assert(sizeof(unsigned long) == 8, "mhicl needs 64-bit unsigned long seeds");

gsl_rng *mhicl_rng_alloc(void)
{
  gsl_rng *rng = gsl_rng_alloc(mhicl_rng_xoshiro256);
  if (rng == NULL) mhicl_fatal("out of memory (random generator)");
  return rng;
}

void mhicl_rng_seek(gsl_rng *rng, uint64_t seed, uint64_t stream, uint64_t k)
{
  gsl_rng_set(rng, (unsigned long) mhicl_stream_seed(seed, stream, k));
}

@ The streams in use. Tuning and evaluation draw from different streams, so hyper-parameters are
never chosen on the tasks that measure them; a model's initial weights, its training batches and
its held-out evaluation set have streams of their own.

@<Support decl...@>=
enum { STREAM_TUNE = 1, STREAM_EVAL = 2, STREAM_TEST = 3, STREAM_INIT = 4, STREAM_TRAIN = 5,
  STREAM_HELDOUT = 6 };

@*1 Clock and atomic files.
@^atomic file output@>
Long runs report progress against a monotonic clock. Files are written to a temporary name in the
same directory and renamed over the target only when complete, so an interrupted or failed run
never leaves a half-written file behind: |mkstemp_template| makes the pattern of a unique name,
|atomic_open| returns the stream and remembers the
temporary name, |atomic_commit| flushes, syncs and renames, |atomic_abort| removes the temporary.

@<Support decl...@>=
double mhicl_seconds(void);
typedef struct { FILE *f; char *path; char *tmp; } atomic_file;
int atomic_open(atomic_file *af, const char *path);
void mkstemp_template(char *buf, size_t size, const char *prefix);
int atomic_commit(atomic_file *af);
void atomic_abort(atomic_file *af);

@ @<Support functions@>=
double mhicl_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

int atomic_open(atomic_file *af, const char *path)
{
  size_t len = strlen(path);
  af->path = xmalloc(len + 1);
  memcpy(af->path, path, len + 1);
  af->tmp = xmalloc(len + 16);
  snprintf(af->tmp, len + 16, "%s.tmp.", path);
  mkstemp_template(af->tmp, len + 16, af->tmp);
  int fd = mkstemp(af->tmp);
  if (fd < 0) {
    free(af->path); free(af->tmp);
    af->path = af->tmp = NULL; af->f = NULL;
    return -1;
  }
  mode_t mask = umask(0);  /* |mkstemp| makes the file private; give it the usual mode */
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  af->f = fdopen(fd, "w");
  if (af->f == NULL) { close(fd); unlink(af->tmp); return -1; }
  return 0;
}

void mkstemp_template(char *buf, size_t size, const char *prefix)
{  /* |prefix| followed by the six pattern letters that |mkstemp| and |mkdtemp| replace */
  size_t k = strlen(prefix);
  if (buf != prefix) memmove(buf, prefix, k);
  if (k + 7 > size) mhicl_fatal("temporary name too long");
  memset(buf + k, 'X', 6);
  buf[k + 6] = '\0';
}

int atomic_commit(atomic_file *af)
{
  int status = 0;
  if (fflush(af->f) != 0 || ferror(af->f) || fsync(fileno(af->f)) != 0) status = -1;
  if (fclose(af->f) != 0) status = -1;
  if (status == 0 && rename(af->tmp, af->path) != 0) status = -1;
  if (status != 0) unlink(af->tmp);
  free(af->path); free(af->tmp);
  af->path = af->tmp = NULL; af->f = NULL;
  return status;
}

void atomic_abort(atomic_file *af)
{
  if (af->f) fclose(af->f);
  if (af->tmp) unlink(af->tmp);
  free(af->path); free(af->tmp);
  af->path = af->tmp = NULL; af->f = NULL;
}

@ OpenBLAS starts its own thread pool; our parallelism is over tasks, each of which works on
matrices of order $d\le100$, where threading inside BLAS costs more than it gains and would make
the thread count of the run depend on two settings. The main program and the tests pin OpenBLAS to
one thread with |mhicl_blas_single_thread|. (OpenBLAS's \.{cblas.h} clashes with GSL's, so we
declare the one function we need.)

@<Support decl...@>=
void mhicl_blas_single_thread(void);

@ @<Support functions@>=
extern void openblas_set_num_threads(int num_threads);
void mhicl_blas_single_thread(void) { openblas_set_num_threads(1); }

@ {\it Which kernels OpenBLAS runs.} Debian's OpenBLAS carries kernels for many processors and
picks one set when the library is loaded, from the processor's model number. A processor newer
than the library (OpenBLAS~0.3.21 in Debian~12 does not know Intel's model 207, the Xeon of
some of the machines this project runs on) gets the generic {\it Prescott} kernels, which use
128-bit vectors and no fused multiply-add: on that machine the measured \.{dgemm} rate fell from
70 to 15~GFLOP/s, and a training step of the tiny model took 2.3 times as long. The choice can
only be changed before the library is loaded, through the environment variable
\.{OPENBLAS\_CORETYPE}. So the program, at its start, asks OpenBLAS which kernels it chose; if they
are the generic ones while the processor has the instructions of a better set (AVX-512 in the
five subsets of Skylake-X, or AVX2 with FMA for Haswell), it sets the variable and executes itself
again (\.{/proc/self/exe}, same arguments), before it has read or written anything. If the
variable is already set, whatever its value, nothing is changed: that is how to reproduce a run
made with other kernels, since different kernels add in different orders and so give different
bits (\.{OPENBLAS\_CORETYPE=Prescott} recovers the runs made on such a machine before this
choice existed). If the execution fails the program removes both variables it set and goes on with the kernels
it has. (On processors other than x86-64 the function names no better kernels.)
\.{mhicl info} prints the kernels in use (and OpenBLAS's own choice, which the program leaves in
\.{MHICL\_OPENBLAS\_OWN\_CHOICE} when it replaces it). |test_cli_info_reports_blas_kernels| (\.{tests/test\_cli.c}) checks that
they are the ones |mhicl_blas_better_core| names for this processor, or the detected ones where it
names none, and that a value set by the user is kept. (The test programs themselves do not
execute themselves again: they run OpenBLAS's own choice, which is what that test needs to know.)

Beyond the kernels, the bits did not depend on the machine where we could check: the
demonstration's training log and evaluation for seed~0 (transformer chapter) and the CSV of
trained against constructed models (constructions chapter), both made on an AMD machine where
OpenBLAS chooses its \.{Cooperlake} kernels (whose \.{dgemm} is Skylake-X's), come out byte for
byte the same on the Intel machine with the \.{SkylakeX} kernels, and differ in the last digits
with the generic ones.

@<Support decl...@>=
const char *mhicl_blas_core(void);
const char *mhicl_blas_better_core(const char *core);
void mhicl_blas_choose_kernels(char **argv);

@ @<Support functions@>=
extern char *openblas_get_corename(void);
const char *mhicl_blas_core(void) { return openblas_get_corename(); }

const char *mhicl_blas_better_core(const char *core)
{
  if (core == NULL || strcmp(core, "Prescott") != 0) return NULL;
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl"))
    return "SkylakeX";
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "Haswell";
#endif
  return NULL;
}

void mhicl_blas_choose_kernels(char **argv)
{
  if (argv == NULL || getenv("OPENBLAS_CORETYPE") != NULL) return;
  unsetenv("MHICL_OPENBLAS_OWN_CHOICE");  /* only this function may say that it chose */
  const char *own = mhicl_blas_core(), *better = mhicl_blas_better_core(own);
  if (better == NULL || setenv("MHICL_OPENBLAS_OWN_CHOICE", own, 1) != 0 ||
      setenv("OPENBLAS_CORETYPE", better, 1) != 0) return;
  execv("/proc/self/exe", argv);
  unsetenv("OPENBLAS_CORETYPE");  /* the execution failed: the loaded kernels stay */
  unsetenv("MHICL_OPENBLAS_OWN_CHOICE");
}

@*1 The exponential of an array.
@^exponential, vectorized@>
Softmax attention and the GELU of the perceptron need $e^x$ for every score and every hidden unit:
about a million values per training step of the tiny model, where the C library's |tanh| (through
|expm1|) took a sixth of the step's time. |mhicl_exp_array| replaces $x_i$ by $e^{x_i}$ for a whole
array with vector arithmetic (GCC's vector extension: no intrinsics, and no compiler flags beyond
the defaults).

The method is the textbook one. Write $x=k\ln2+r$ with $k={\rm round}(x/\ln2)$, so $|r|\le\ln2/2$;
then $e^x=2^k e^r$. The integer $k$ comes from adding $1.5\cdot2^{52}$ to $x/\ln2$: the sum is
rounded to an integer and its low bits hold $k$, which shifted into the exponent field gives
$2^k$ exactly. $\ln2$ is split into a high part with trailing zero bits, so that $k\ln2_{\rm hi}$
is exact for $|k|\le2^{11}$, and a low part. The Taylor polynomial of degree 13 leaves a
truncation error of at most $(\ln2/2)^{14}/14!<5\cdot10^{-18}$ relative, far below the rounding
of its own Horner evaluation; the result is within a few units in the last place of the true
value. The test |test_exp_array_within_four_ulp| (\.{tests/test\_support.c}) compares it with
the C library's |exp| at 200001 points of $[-708,709]$ and on the special values, and asserts four
units in the last place (the largest error seen is one).

Arguments are clamped to $[-708,709]$, where $2^k$ stays a normal number: a smaller argument gives
$e^{-708}\approx3\cdot10^{-307}$ instead of a smaller number or zero, which changes a softmax
weight or a hyperbolic tangent by less than $10^{-300}$. A NaN stays a NaN (both comparisons are
false), so a diverging run is still caught where its loss is checked. Each value is computed by the
same operations whatever its neighbours, so the result does not depend on how an array is split
among threads; |test_exp_array_independent_of_alignment| checks that exactly.

@<Support decl...@>=
void mhicl_exp_array(double *x, size_t n);

@ Eight values go through the polynomial together, in one eight-wide vector of GCC's vector
extension. The compiler lowers it to whatever the processor has: GCC's |target_clones| makes three
copies of |mhicl_exp_array|, for AVX-512, AVX2 and plain SSE2, and the dynamic loader picks the
widest the processor runs. On this machine (measured on two million arguments) that is 1.3~ns per
value with AVX-512 against 3.6 with AVX2, 4.7 with SSE2, 6 for the C library's |exp| and 9.5 for
its |tanh|. The three copies give the same bits: each lane does the same IEEE operations in the
same order, and in ISO~C mode (\.{-std=c11}) GCC contracts no multiplication and addition into a
fused one. (Checked once by hand: the SSE2 and the AVX-512 build give identical output on the two
million arguments of the test.)

@s v8d int
@s v8i int
@s VECTOR8 const
@s INLINE_ALWAYS static

@<Support functions@>=
#define VECTOR8 __attribute__((vector_size(64)))
#define INLINE_ALWAYS __attribute__((always_inline)) inline
typedef double v8d VECTOR8;
typedef long long v8i VECTOR8;

static INLINE_ALWAYS void exp_v8d(double *x)
{
  const double log2e = 0x1.71547652b82fep0, shifter = 0x1.8p52;
  const double ln2_hi = 0x1.62e42fee00000p-1, ln2_lo = 0x1.a39ef35793c76p-33;
  v8d v, lo, hi, sh;
  memcpy(&v, x, sizeof v);
  for (int i = 0; i < 8; i++) { lo[i] = -708.0; hi[i] = 709.0; sh[i] = shifter; }
  v8i below = v < lo, above = v > hi;
  v = (v8d) (((v8i) v & ~below) | ((v8i) lo & below));
  v = (v8d) (((v8i) v & ~above) | ((v8i) hi & above));
  v8d t = v * log2e + sh;
  v8d k = t - sh;
  v8d r = (v - k * ln2_hi) - k * ln2_lo;
  v8d p = 1.0 / 479001600.0 + r * (1.0 / 6227020800.0);  /* $1/12!+r/13!$ */
  p = 1.0 / 39916800.0 + r * p;
  p = 1.0 / 3628800.0 + r * p;
  p = 1.0 / 362880.0 + r * p;
  p = 1.0 / 40320.0 + r * p;
  p = 1.0 / 5040.0 + r * p;
  p = 1.0 / 720.0 + r * p;
  p = 1.0 / 120.0 + r * p;
  p = 1.0 / 24.0 + r * p;
  p = 1.0 / 6.0 + r * p;
  p = 0.5 + r * p;
  p = 1.0 + r * p;
  p = 1.0 + r * p;
  v8i ki = (v8i) t - (v8i) sh;
  v8d scale = (v8d) ((ki + 1023) << 52);
  v = p * scale;
  memcpy(x, &v, sizeof v);
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void mhicl_exp_array(double *x, size_t n)
{
  size_t i = 0;
  for (; i + 8 <= n; i += 8) exp_v8d(x + i);
  if (i < n) {
    double tail[8] = { 0 };
    memcpy(tail, x + i, (n - i) * sizeof(double));
    exp_v8d(tail);
    memcpy(x + i, tail, (n - i) * sizeof(double));
  }
}

@*1 Testing the tests: planted bugs.
@^mutation testing@>
@^planted bugs@>
A test that cannot fail checks nothing, and a suite can pass while a plausible bug sits in the
code it is meant to guard. \.{make mutate} (not part of \.{make check}) measures that directly.
The script \.{tools/mutate.sh} copies the tree into a scratch directory, builds it, and then plants
one bug at a time: a literal substitution in a chapter, tangled again in the copy; it rebuilds the
program and the tests and runs the test programs (the fast ones for every bug, and the slow ones
of the theory, experiments and interpretation chapters where the bug concerns them;
\.{MUTATE\_ALL=1} runs all of them), then restores the chapter. The real tree is never touched.
A bug is {\it caught} when some test fails, or a test program crashes or runs past its time
limit. The substitutions match code rather than function names, so a renamed function does not
break the list, and a substitution that no longer matches is reported as such, never as a
survivor. Every planted bug compiles under \.{-Wall -Wextra -Werror} (hence two of them are
written a little awkwardly, so that no parameter goes unused).

The list has the five bugs an outside audit found alive in an earlier edition, and eleven more
across the chapters. The table is the output of \.{make mutate} on this edition:

\medskip
\halign{\quad#\hfil&\quad#\hfil\cr
{\it planted bug}&{\it caught by}\cr
the linear Bayes penalty $\sigma^2/(n\tau^2)$ without its $1/n$&none\cr
the causal mask dropped (interleaved format)&|test_interleaved_prediction_ignores_later_tokens|\cr
|excess_risk| ignoring $\Sigma$&none\cr
the oracle dropping one support coordinate&none\cr
the Bayes lower bound with $\sigma^2$ for $d\sigma^2$ (denominator)&none\cr
the reproduction's GD step not capped at $1/\Lambda$&|test_tuned_baselines_beat_zero_predictor|\cr
PtO's $\phi(r)=\vert r\vert$ computed as $r$&|test_pto_preprocess_matches_independent_computation|\cr
PtO's quadratic $\phi_i^2\Sh_{ij}$ for $\phi_i\Sh_{ij}\phi_j$&|test_pto_is_gd_on_reweighted_data| and six more\cr
GD's filter with $(1-x)^{t-1}$ where $x\ge1/2$&|test_gd_iterates_equal_closed_form|,\cr
&\quad|test_pto_iterate_equals_closed_form|\cr
the Lasso's soft threshold wrong below $-\lambda$&|test_lasso_meets_kkt|, |test_lasso_theory_rate|,\cr
&\quad the risk chapter's tests past their time limit\cr
context noise of standard deviation $\sigma^2$&|test_one_step_gd_risk_formula|,\cr
&\quad|test_ridge_above_bayes_bound|\cr
softmax scores not divided by $\sqrt{d_h}$&none\cr
the head mask not applied&|test_gradients_match_finite_differences| and two more\cr
Adam's second bias correction with $\beta_1$&|test_adam_matches_hand_computation|\cr
tuning on the evaluation tasks&none\cr
a standard error reported as a standard deviation&|test_rhat_mean_and_variance| and twelve more\cr
}
\medskip

\noindent Four of the five audited bugs are caught by no test of this edition: the penalty of
the linear Bayes estimator without its $1/n$ (the estimator is used only as a column of the risk
table, which no test compares with its closed form), |excess_risk| ignoring $\Sigma$ (every risk
test runs at $\Sigma=I$), the oracle dropping a support coordinate (the oracle has no test), and the
Bayes lower bound with $\sigma^2$ for $d\sigma^2$ in its denominator (the bound's non-vacuity
window, 1.5 times, is wide enough for the wrong formula). The fifth, the causal mask dropped in the
interleaved format, survived every earlier test (the gradients stay exact, and each prompt stays
independent of its batch) and is caught only by the transformer chapter's
|test_interleaved_prediction_ignores_later_tokens|. Likewise, a gradient-descent baseline whose
step is no longer capped is caught only by the experiments chapter's
|test_tuned_baselines_beat_zero_predictor|, and a wrong preprocessing $\phi(r)=\vert r\vert$
only by
|test_pto_preprocess_matches_independent_computation| of the estimators tests: the test of the PtO iterate against its closed form calls the
same |pto_preprocess| on both sides, so a wrong $\phi$ agrees with itself. The new test computes
$\rh$, $\phi(\rh)$, $A=(X\Phi)\tp X\Phi/n$ and $g=(X\Phi)\tp y/n$ from the raw prompt by plain
loops and runs the gradient steps itself, for every variant, and asks |pto_preprocess| and
|est_pto| to agree to $10^{-12}$ relative.

Two of the eleven others survive too. Attention scores not divided by $\sqrt{d_h}$, in the
forward and the backward pass alike, leave the gradients exact and the constructions (linear
attention) unchanged; no test pins a softmax model's output to a value computed another way.
Tuning on the evaluation tasks instead of independent ones makes every tuned risk slightly
optimistic, and no test compares a tuned method's risk on fresh tasks with its risk on the tasks
it was tuned on. Both are named here as gaps, not as checked properties. A run of the whole list
takes about 40 minutes on two cores shared with other work (the fast test programs for every bug,
the slow ones where listed).

@*1 Further reading. D. Blackman and S. Vigna, ``Scrambled linear pseudorandom number
generators,'' {\sl ACM Transactions on Mathematical Software\/ \bf47} (2021): xoshiro256** and the
splitmix64 seeding. M. Galassi et al., {\sl GNU Scientific Library Reference Manual}: the
|gsl_rng_type| interface through which we register the generator.
