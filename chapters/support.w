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

@ The C file asks for the GNU extensions (for |flock| and |fopencookie|, used by the atomic
writer) before any header.

@(generated/support.c@>=
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <gsl/gsl_errno.h>
#include "support.h"
@<Support functions@>@;

@ The program's version, the one place it is defined. Every CSV that records a measurement
carries it in a column, so that a file can be traced to the code that wrote it.

@<Support decl...@>=
#define MHICL_VERSION "0.9.0"

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

@ An estimate with its interval: the evaluation chapter's bootstrap means and the retrieval
chapter's proportions with Wilson's interval are reported in this form.

@<Support decl...@>=
typedef struct { double mean, lo, hi; } interval;

@*1 Clock and atomic files.
@^atomic file output@>
Long runs report progress against a monotonic clock. Files are written to a temporary name in the
same directory and renamed over the destination only when complete, so an interrupted or failed run
never leaves a half-written file behind: |mkstemp_template| makes the pattern of a unique name,
|atomic_open| returns the stream and remembers the
temporary name, |atomic_commit| flushes, syncs and renames, |atomic_abort| removes the temporary.

The writer promises more than completeness; these are the guarantees the command-line chapter
lists under ``what mhicl never does to your files'', and where they are kept.
\item{$\bullet$} {\it Only regular files are replaced.} A destination that exists and is not a regular
file (a device such as \.{/dev/full}, a named pipe, a folder) is refused: renaming over it would
replace the device node or the pipe by a plain file.
\item{$\bullet$} {\it A symbolic link is written through.} A destination that is a symbolic link to a
regular file keeps the link: the temporary is made beside the file the link finally points to and renamed
over it, so the link now shows the new content. (Renaming over the link itself, as a plain
writer does, replaces the link by a file and leaves the file it pointed to stale.) A link to nothing is
refused, since we cannot tell where the user meant the file to go.
\item{$\bullet$} {\it Every failure says why,} in the C library's words (|strerror|): the reason is
in the field |why| after a failed |atomic_open| or |atomic_commit|, and names the temporary where
it was the temporary that could not be made. A write that fails inside the standard I/O buffer
(a full disk, a file-size limit) would lose its |errno| by the time the buffer is flushed, so the
stream writes through a small function of ours that keeps the first error.
\item{$\bullet$} {\it No temporary outlives its process,} when the process is told to stop:
|atomic_remove_on_signals|, called once by the main program, removes every open temporary on
\.{SIGINT}, \.{SIGTERM} and \.{SIGHUP} and on any |exit| (a fatal error), then lets the signal end
the process as it would have. A process killed by \.{SIGKILL} cannot clean up; the next writer of
the same destination removes the temporaries it left (below).

\noindent The tests, in \.{tests/test\_support.c}: |test_atomic_refuses_non_regular_target| (a
named pipe and a folder are refused and left as they were), |test_atomic_writes_through_symlink|
(the link stays, the file it points to, also through a relative link into another folder, gets the content;
a link to nothing is refused), |test_atomic_reports_reason| (under a file-size limit of 16 bytes
the commit fails with ``File too large'' and the old content stays; a missing folder is named
with its reason), |test_atomic_removes_stale_temps| (a dead writer's temporary goes, a live
writer's, another destination's and a look-alike name stay), |test_atomic_temps_removed_on_signal|
(\.{SIGINT} and \.{SIGTERM} remove two open temporaries and end the process by the same signal),
and \hfil\break |test_atomic_check_target_and_same_file| (the checks the command line makes before any work).

@<Support decl...@>=
double mhicl_seconds(void);
typedef struct atomic_io atomic_io;
typedef struct {
  FILE *f;
  char *path, *tmp;  /* the destination (for a link, the file it points to), the temporary */
  atomic_io *io;  /* the descriptor under |f| and its first write error */
  int slot;  /* where the temporary's name is kept for the signal handler ($-1$: none) */
  char why[320];  /* after a failure: the reason */
} atomic_file;
int atomic_open(atomic_file *af, const char *path);
void mkstemp_template(char *buf, size_t size, const char *prefix);
int atomic_commit(atomic_file *af);
void atomic_abort(atomic_file *af);
void atomic_remove_on_signals(void);
int atomic_check_target(const char *path, char *why, size_t len);
int same_file(const char *a, const char *b);

@ @<Support functions@>=
double mhicl_seconds(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

void mkstemp_template(char *buf, size_t size, const char *prefix)
{  /* |prefix| followed by the six pattern letters that |mkstemp| and |mkdtemp| replace */
  size_t k = strlen(prefix);
  if (buf != prefix) memmove(buf, prefix, k);
  if (k + 7 > size) mhicl_fatal("temporary name too long");
  memset(buf + k, 'X', 6);
  buf[k + 6] = '\0';
}

@ Which file a name will write. For a name that is a symbolic link, the file it finally points to (the
link followed to the end, by |realpath|); otherwise the name itself. A link to nothing, and a
name that exists but is not a regular file, are refused with the reason in |why|.

@<Support functions@>=
static char *atomic_target(const char *path, char *why, size_t len)
{
  struct stat st;
  char *target;
  if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
    target = realpath(path, NULL);
    if (target == NULL) {
      snprintf(why, len, "a symbolic link to a file that cannot be reached (%s)", strerror(errno));
      return NULL;
    }
  } else {
    size_t n = strlen(path);
    target = xmalloc(n + 1);
    memcpy(target, path, n + 1);
  }
  if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
    snprintf(why, len, "it exists and is not a regular file (%s); only regular files are replaced",
      S_ISDIR(st.st_mode) ? "a folder" : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
      : S_ISFIFO(st.st_mode) ? "a named pipe" : S_ISSOCK(st.st_mode) ? "a socket" : "not a file");
    free(target);
    return NULL;
  }
  return target;
}

@ The folder and the last component of a name (the folder is \.{.} for a bare name).

@<Support functions@>=
static void split_path(const char *path, char *dir, size_t dsize, const char **base)
{
  const char *slash = strrchr(path, '/');
  *base = slash ? slash + 1 : path;
  if (slash == NULL) snprintf(dir, dsize, ".");
  else if (slash == path) snprintf(dir, dsize, "/");
  else snprintf(dir, dsize, "%.*s", (int) (slash - path), path);
}

@ Temporaries left by a killed writer. Every writer holds an exclusive |flock| on its temporary
from its creation to its rename, and the kernel drops the lock when the process dies, however it
dies. So before making its own temporary a writer looks in the destination's folder for names of the
form \.{{\it destination}.tmp.{\it abcdef}} (exactly six letters after the dot) and removes those it can lock: their
writer is gone. A temporary of a writer still at work (another process writing the same destination,
which is already a mistake, or another thread) is locked and stays.

@<Support functions@>=
static void remove_stale_temps(const char *target)
{
  char dir[4096], name[4096 + 260];
  const char *base;
  split_path(target, dir, sizeof dir, &base);
  size_t blen = strlen(base);
  DIR *d = opendir(dir);
  if (d == NULL) return;
  for (struct dirent *e; (e = readdir(d)) != NULL; ) {
    if (strlen(e->d_name) != blen + 11 || strncmp(e->d_name, base, blen) != 0
        || strncmp(e->d_name + blen, ".tmp.", 5) != 0) continue;
    snprintf(name, sizeof name, "%s/%s", dir, e->d_name);
    int fd = open(name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
    if (fd < 0) continue;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0)
      unlink(name);
    close(fd);
  }
  closedir(d);
}

@ The names of the open temporaries, for the signal handler. A handler may not take a lock or
call |malloc|, and another thread may be opening or committing a file when the signal comes; so
the names live in a fixed table of slots, each with an atomic state: 0 free, 1 being filled, 2
holding the name of an open temporary. A writer claims a free slot by compare-and-swap, copies the
name, then marks it~2; it frees the slot after the rename (a signal in between unlinks a name that
no longer exists, which does no harm). With all slots in use a temporary is not registered; a
later run still removes it as stale.

@<Support functions@>=
enum { ATOMIC_SLOTS = 64 };
static struct { atomic_int state; char name[4096]; } pending[ATOMIC_SLOTS];

static int register_temp(const char *tmp)
{
  if (strlen(tmp) >= sizeof pending[0].name) return -1;
  for (int i = 0; i < ATOMIC_SLOTS; i++) {
    int free_slot = 0;
    if (atomic_compare_exchange_strong(&pending[i].state, &free_slot, 1)) {
      strcpy(pending[i].name, tmp);
      atomic_store(&pending[i].state, 2);
      return i;
    }
  }
  return -1;
}

static void unregister_temp(int slot)
{
  if (slot >= 0) atomic_store(&pending[slot].state, 0);
}

static void remove_pending_temps(void)
{
  for (int i = 0; i < ATOMIC_SLOTS; i++)
    if (atomic_load(&pending[i].state) == 2) unlink(pending[i].name);
}

static void remove_temps_and_die(int sig)
{
  remove_pending_temps();
  signal(sig, SIG_DFL);
  raise(sig);
}

void atomic_remove_on_signals(void)
{
  static int installed = 0;
  if (installed++) return;
  atexit(remove_pending_temps);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = remove_temps_and_die;
  sigemptyset(&sa.sa_mask);
  int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
  for (int i = 0; i < 3; i++) sigaction(sigs[i], &sa, NULL);
}

@ The stream's writes go to |atomic_write|, which keeps the first |errno| of a failed |write|.
(|fopencookie| is the C library's way to put a function of ours under a |FILE|; GNU and musl
have it.)

@<Support functions@>=
struct atomic_io { int fd, err; };

static ssize_t atomic_write(void *cookie, const char *buf, size_t n)
{
  atomic_io *io = cookie;
  size_t done = 0;
  while (done < n) {
    ssize_t w = write(io->fd, buf + done, n - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) {
      if (io->err == 0) io->err = w < 0 ? errno : EIO;
      errno = io->err;
      return -1;
    }
    done += (size_t) w;
  }
  return (ssize_t) n;
}

static int atomic_close(void *cookie)
{
  atomic_io *io = cookie;
  int status = close(io->fd);
  if (status != 0 && io->err == 0) io->err = errno;
  return status;
}

@ Opening: resolve the destination, remove stale temporaries, make and lock our own, register it.

@<Support functions@>=
static void atomic_reset(atomic_file *af)
{
  free(af->path); free(af->tmp); free(af->io);
  af->path = af->tmp = NULL; af->f = NULL; af->io = NULL; af->slot = -1;
}

int atomic_open(atomic_file *af, const char *path)
{
  af->path = af->tmp = NULL; af->f = NULL; af->io = NULL; af->slot = -1; af->why[0] = '\0';
  af->path = atomic_target(path, af->why, sizeof af->why);
  if (af->path == NULL) { errno = EINVAL; return -1; }
  remove_stale_temps(af->path);
  size_t len = strlen(af->path);
  af->tmp = xmalloc(len + 16);
  snprintf(af->tmp, len + 16, "%s.tmp.", af->path);
  mkstemp_template(af->tmp, len + 16, af->tmp);
  int fd = mkstemp(af->tmp);
  if (fd < 0) {
    int e = errno;
    snprintf(af->why, sizeof af->why, "cannot create the temporary '%s': %s", af->tmp,
      strerror(e));
    atomic_reset(af);
    errno = e;
    return -1;
  }
  flock(fd, LOCK_EX);  /* held until the rename; see |remove_stale_temps| */
  af->slot = register_temp(af->tmp);
  mode_t mask = umask(0);  /* |mkstemp| makes the file private; give it the usual mode */
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  af->io = xmalloc(sizeof *af->io);
  af->io->fd = fd; af->io->err = 0;
  cookie_io_functions_t fns = { NULL, atomic_write, NULL, atomic_close };
  af->f = fopencookie(af->io, "w", fns);
  if (af->f == NULL) {
    snprintf(af->why, sizeof af->why, "%s", strerror(errno));
    close(fd); unlink(af->tmp); unregister_temp(af->slot);
    atomic_reset(af);
    return -1;
  }
  return 0;
}

@ Committing: flush, sync, close, rename; the first failure gives the reason, and the temporary
is removed.

@<Support functions@>=
int atomic_commit(atomic_file *af)
{
  int e = 0;
  if (fflush(af->f) != 0 || ferror(af->f)) e = af->io->err ? af->io->err : errno ? errno : EIO;
  if (e == 0 && fsync(af->io->fd) != 0) e = errno;
  if (fclose(af->f) != 0 && e == 0) e = af->io->err ? af->io->err : errno;
  if (e == 0 && rename(af->tmp, af->path) != 0) e = errno;
  if (e != 0) {
    unlink(af->tmp);
    snprintf(af->why, sizeof af->why, "%s", strerror(e));
  }
  unregister_temp(af->slot);
  af->f = NULL;
  atomic_reset(af);
  if (e != 0) errno = e;
  return e ? -1 : 0;
}

void atomic_abort(atomic_file *af)
{
  if (af->f) fclose(af->f);
  if (af->tmp) unlink(af->tmp);
  unregister_temp(af->slot);
  af->f = NULL;
  atomic_reset(af);
}

@ What the command line checks before any work, for every output: that the destination would be
accepted (above), that its folder exists and is a folder we may write in, and that the name with
\.{.tmp.} and six letters added fits the file system's limit on a name (|NAME_MAX|, usually 255) and the
system's on a path. It also removes the destination's stale temporaries at once, rather than at the
first write. The reason goes to |why|.

@<Support functions@>=
int atomic_check_target(const char *path, char *why, size_t len)
{
  char *target = atomic_target(path, why, len), dir[4096];
  if (target == NULL) return -1;
  const char *base;
  split_path(target, dir, sizeof dir, &base);
  struct stat st;
  int status = -1;
  if (*base == '\0') snprintf(why, len, "the name ends in a slash");
  else if (stat(dir, &st) != 0) snprintf(why, len, "folder '%s': %s", dir, strerror(errno));
  else if (!S_ISDIR(st.st_mode)) snprintf(why, len, "'%s' is not a folder", dir);
  else if (access(dir, W_OK | X_OK) != 0)
    snprintf(why, len, "folder '%s': %s", dir, strerror(errno));
  else {
    long name_max = pathconf(dir, _PC_NAME_MAX);
    if (name_max <= 0) name_max = 255;
    if (strlen(base) + 11 > (size_t) name_max)
      snprintf(why, len, "name too long: %zu characters, and %ld at most with the '.tmp.' and six "
        "letters of its temporary", strlen(base), name_max - 11);
    else if (strlen(target) + 11 >= 4096) snprintf(why, len, "path too long");
    else { status = 0; remove_stale_temps(target); }
  }
  free(target);
  return status;
}

@ Two names are the same file when both exist and have the same device and inode (so a hard
link, a symbolic link and \.{./a/../b} are all caught), or when the one that does not exist yet
names the same place: its folder resolved by |realpath|, then its last component. (If one exists
and the other does not, they differ.)

@<Support functions@>=
static char *resolved_name(const char *path)
{
  char dir[4096];
  const char *base;
  split_path(path, dir, sizeof dir, &base);
  char *rdir = realpath(dir, NULL);
  size_t n = (rdir ? strlen(rdir) : strlen(dir)) + strlen(base) + 2;
  char *out = xmalloc(n);
  snprintf(out, n, "%s/%s", rdir ? rdir : dir, base);
  free(rdir);
  return out;
}

int same_file(const char *a, const char *b)
{
  struct stat sa, sb;
  int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
  if (ea && eb) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  if (ea || eb) return 0;
  char *ra = resolved_name(a), *rb = resolved_name(b);
  int same = strcmp(ra, rb) == 0;
  free(ra); free(rb);
  return same;
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
than the library (OpenBLAS~0.3.21 in Debian~12 does not know some recent Intel Xeons) gets the
generic {\it Prescott} kernels, which use 128-bit vectors and no fused multiply-add: the
\.{dgemm} rate falls to about a fifth of the processor's, and a training step of the tiny model
takes about twice as long (the appendix of measurements gives the numbers). The choice can
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
widest the processor runs. With AVX-512 that is almost three times as fast as with AVX2, and
more than four times as fast as the C library's |exp| (the appendix of measurements gives the
times). The three copies give the same bits: each lane does the same IEEE operations in the
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

@ @<Support functions@>=
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
__attribute__((target_clones("avx512f", "avx2", "default")))@;
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
survivor. \.{MUTATE\_ONLY} names the bugs to plant and \.{MUTATE\_BINS} the test programs
to run, for a quicker check of a few rows. Every planted bug compiles under \.{-Wall -Wextra -Werror} (hence two of them are
written a little awkwardly, so that no parameter goes unused).

The list has the five bugs an outside audit found alive in an earlier edition, and eleven more
across the chapters. The table is the output of \.{make mutate}: the first, third, fourth and
fifth rows from a run of those bugs with the estimators, risk and transformer test programs only
(\.{MUTATE\_BINS}; the tests written for them live there), the second from the same run
with the transformer tests, the rows of the unscaled softmax and of tuning on the evaluation
tasks from runs of those two bugs with the retrieval-model and risk test programs, the other
nine from a run of the whole list before those tests were written (so their lists of catching
tests may now be incomplete, never longer than true):

\medskip
\halign{\quad#\hfil&\quad#\hfil\cr
{\it planted bug}&{\it caught by}\cr
the linear Bayes penalty $\sigma^2/(n\tau^2)$ without its $1/n$&|test_lmmse_equals_dual_form|,\cr
&\quad|test_bayes_reduces_to_lmmse_when_s_equals_d|,\cr
&\quad|test_ridge_above_bayes_bound|\cr
the causal mask dropped (interleaved format)&|test_interleaved_prediction_ignores_later_tokens|\cr
|excess_risk| ignoring $\Sigma$&|test_excess_risk_uses_sigma|,\cr
&\quad|test_ols_risk_exact_correlated_design|\cr
the oracle dropping one support coordinate&|test_oracle_risk_exact|,\cr
&\quad|test_bayes_below_every_method|\cr
the Bayes lower bound with $\sigma^2$ for $d\sigma^2$ (denominator)&|test_ridge_above_bayes_bound|\cr
the reproduction's GD step not capped at $1/\Lambda$&|test_tuned_baselines_beat_zero_predictor|\cr
PtO's $\phi(r)=\vert r\vert$ computed as $r$&|test_pto_preprocess_matches_independent_computation|\cr
PtO's quadratic $\phi_i^2\Sh_{ij}$ for $\phi_i\Sh_{ij}\phi_j$&|test_pto_is_gd_on_reweighted_data| and six more\cr
GD's filter with $(1-x)^{t-1}$ where $x\ge1/2$&|test_gd_iterates_equal_closed_form|,\cr
&\quad|test_pto_iterate_equals_closed_form|\cr
the Lasso's soft threshold wrong below $-\lambda$&|test_lasso_meets_kkt|, |test_lasso_theory_rate|,\cr
&\quad the risk chapter's tests past their time limit\cr
context noise of standard deviation $\sigma^2$&|test_one_step_gd_risk_formula|,\cr
&\quad|test_ridge_above_bayes_bound|\cr
softmax scores not divided by $\sqrt{d_h}$&|test_musat_dump_patterns_are_the_forward|\cr
the head mask not applied&|test_gradients_match_finite_differences| and two more\cr
Adam's second bias correction with $\beta_1$&|test_adam_matches_hand_computation|\cr
tuning on the evaluation tasks&|test_tuning_uses_its_own_tasks|\cr
a standard error reported as a standard deviation&|test_rhat_mean_and_variance| and twelve more\cr
}
\medskip

\noindent All five audited bugs are now caught, each by a test written for it. The linear Bayes
estimator without its $1/n$ fails |test_lmmse_equals_dual_form| (the estimator against the
posterior mean of the Gaussian prior in its dual form, $X\tp(XX\tp+\sigma^2/\tau^2I)^{-1}y$,
computed without the code under test), and two more. |excess_risk| ignoring $\Sigma$ fails
|test_excess_risk_uses_sigma| and |test_ols_risk_exact_correlated_design|, which run at a
correlated $\Sigma$ where the identity gives another number; before them every risk test ran at
$\Sigma=I$. The oracle dropping a coordinate fails |test_oracle_risk_exact| (its risk against the
closed form $\sigma^2s/(n-s-1)$) and |test_bayes_below_every_method| (under the Gaussian prior the posterior mean cannot
beat the oracle, and it beats the broken one). The Bayes lower bound with $\sigma^2$ for $d\sigma^2$
fails |test_ridge_above_bayes_bound|, whose window is now narrow enough to reject the wrong
formula. The causal mask dropped in
the interleaved format survived every earlier test (the gradients stay exact, and each prompt
stays independent of its batch) and is caught by the transformer chapter's
|test_interleaved_prediction_ignores_later_tokens|. Likewise, a gradient-descent baseline whose
step is no longer capped is caught only by the experiments chapter's
|test_tuned_baselines_beat_zero_predictor|, and a wrong preprocessing $\phi(r)=\vert r\vert$
only by
|test_pto_preprocess_matches_independent_computation| of the estimators tests: the test of the PtO iterate against its closed form calls the
same |pto_preprocess| on both sides, so a wrong $\phi$ agrees with itself. The new test computes
$\rh$, $\phi(\rh)$, $A=(X\Phi)\tp X\Phi/n$ and $g=(X\Phi)\tp y/n$ from the raw prompt by plain
loops and runs the gradient steps itself, for every variant, and asks |pto_preprocess| and
|est_pto| to agree to $10^{-12}$ relative.

Two of the eleven others survived the whole list's run and are caught by tests written since.
Attention scores not divided by $\sqrt{d_h}$, in the forward and the backward pass alike, leave
the gradients exact and the constructions (linear attention) unchanged; they are caught by
|test_musat_dump_patterns_are_the_forward|, which recomputes a softmax model's patterns from its
dumped scores with the $1/\sqrt{d_h}$ of the definition. Tuning on the evaluation tasks instead of
independent ones makes every tuned risk slightly optimistic; |test_tuning_uses_its_own_tasks|
recomputes the choice of ridge's $\lambda$ from the tuning stream's tasks, one by one, and
checks, at a seed where the evaluation tasks would choose another $\lambda$, that the
experiment chose the tuning stream's. A run of the whole list
takes about 40 minutes on two cores shared with other work (the fast test programs for every bug,
the slow ones where listed).

@*1 Further reading. D. Blackman and S. Vigna, ``Scrambled linear pseudorandom number
generators,'' {\sl ACM Transactions on Mathematical Software\/ \bf47} (2021): xoshiro256** and the
splitmix64 seeding. M. Galassi et al., {\sl GNU Scientific Library Reference Manual}: the
|gsl_rng_type| interface through which we register the generator.
