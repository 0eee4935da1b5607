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

@*1 Further reading. D. Blackman and S. Vigna, ``Scrambled linear pseudorandom number
generators,'' {\sl ACM Transactions on Mathematical Software\/ \bf47} (2021): xoshiro256** and the
splitmix64 seeding. M. Galassi et al., {\sl GNU Scientific Library Reference Manual}: the
|gsl_rng_type| interface through which we register the generator.
