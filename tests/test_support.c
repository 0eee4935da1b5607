/* Tests of the support chapter (chapters/support.w): the array exponential and the atomic
   writer. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <math.h>
#include <string.h>
#include "testutil.h"
#include "support.h"

/* Distance in units in the last place between a computed value and the C library's exp, which is
   itself correctly rounded to within one ulp; the method's error bound (a few ulp from the
   rounding of Horner's rule, truncation below 5e-18) makes four ulp the right tolerance. */
static double ulps(double got, double want)
{
  return fabs(got - want) / (nextafter(want, INFINITY) - want);
}

static void test_exp_array_within_four_ulp(void **state)
{
  (void) state;
  enum { N = 200001 };
  double *x = malloc(N * sizeof(double)), *y = malloc(N * sizeof(double));
  assert_non_null(x); assert_non_null(y);
  for (size_t i = 0; i < N; i++) x[i] = -708.0 + 1417.0 * (double) i / (double) (N - 1);
  x[7] = 0.0; x[8] = -0.0; x[9] = 1e-300; x[10] = -1e-17; x[11] = 0.34657359027997264; x[12] = -0.34657359027997264;
  memcpy(y, x, N * sizeof(double));
  mhicl_exp_array(y, N);  /* odd length: the last value goes through the tail */
  double worst = 0.0;
  for (size_t i = 0; i < N; i++) worst = fmax(worst, ulps(y[i], exp(x[i])));
  assert_true(worst <= 4.0);
  assert_true(y[7] == 1.0 && y[8] == 1.0 && y[9] == 1.0);
  /* Outside the clamp: small and large arguments saturate, NaN propagates. */
  double z[5] = { -1000.0, -INFINITY, 1000.0, INFINITY, NAN };
  mhicl_exp_array(z, 5);
  assert_true(z[0] == z[1] && z[0] > 0.0 && z[0] < 1e-300);
  assert_true(z[2] == z[3] && z[2] > 1e307 && isfinite(z[2]));
  assert_true(isnan(z[4]));
  free(x); free(y);
}

/* The value of an entry does not depend on its neighbours or its position (the property that
   makes results independent of how arrays are split among threads): exact equality. */
static void test_exp_array_independent_of_alignment(void **state)
{
  (void) state;
  double a[9], b[10];
  for (int i = 0; i < 9; i++) a[i] = b[i + 1] = 0.37 * i - 1.3;
  b[0] = 123.0;
  mhicl_exp_array(a, 9); mhicl_exp_array(b, 10);
  for (int i = 0; i < 9; i++) assert_true(a[i] == b[i + 1]);
}

/* The GELU's hyperbolic tangent (transformer chapter) is 1 - 2/(e^{2u} + 1) with this exponential.
   Its absolute error against the C library's tanh stays within a few units of 1e-16 (the
   subtraction from 1 costs relative, not absolute, accuracy: 4e-16 is four ulp of numbers near 1),
   and it is exactly +-1 far out. */
static void test_tanh_from_exp_array_absolute_error(void **state)
{
  (void) state;
  enum { N = 100001 };
  double *u = malloc(N * sizeof(double)), *e = malloc(N * sizeof(double));
  assert_non_null(u); assert_non_null(e);
  for (size_t i = 0; i < N; i++) { u[i] = -20.0 + 40.0 * (double) i / (double) (N - 1); e[i] = 2.0 * u[i]; }
  mhicl_exp_array(e, N);
  double worst = 0.0;
  for (size_t i = 0; i < N; i++) worst = fmax(worst, fabs((1.0 - 2.0 / (e[i] + 1.0)) - tanh(u[i])));
  assert_true(worst <= 4e-16);
  double far[2] = { 2.0 * 400.0, 2.0 * -400.0 };
  mhicl_exp_array(far, 2);
  assert_true(1.0 - 2.0 / (far[0] + 1.0) == 1.0 && 1.0 - 2.0 / (far[1] + 1.0) == -1.0);
  free(u); free(e);
}

/* The atomic writer. */




static void assert_text(const char *path, const char *want)
{
  char buf[256] = "";
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  assert_string_equal(buf, want);
}

static int write_atomically(const char *path, const char *text, atomic_file *af)
{
  if (atomic_open(af, path) != 0) return -1;
  fputs(text, af->f);
  return atomic_commit(af);
}

/* A target that exists and is not a regular file (a named pipe, a folder) is refused with the
   reason, and left as it was; no temporary remains. */
static void test_atomic_refuses_non_regular_target(void **state)
{
  (void) state;
  char dir[64], fifo[256], sub[256];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-support-");
  snprintf(fifo, sizeof fifo, "%s/pipe", dir);
  snprintf(sub, sizeof sub, "%s/folder", dir);
  assert_int_equal(mkfifo(fifo, 0600), 0);
  assert_int_equal(mkdir(sub, 0700), 0);
  atomic_file af;
  assert_int_equal(write_atomically(fifo, "data\n", &af), -1);
  assert_non_null(strstr(af.why, "not a regular file"));
  assert_int_equal(write_atomically(sub, "data\n", &af), -1);
  assert_non_null(strstr(af.why, "not a regular file"));
  struct stat st;
  assert_int_equal(lstat(fifo, &st), 0);
  assert_true(S_ISFIFO(st.st_mode));
  assert_int_equal(lstat(sub, &st), 0);
  assert_true(S_ISDIR(st.st_mode));
  assert_int_equal(tu_count_temps(dir), 0);
  tu_remove_tree(dir);
}

/* A symbolic link is written through: the link stays, its target gets the new content (also
   through a relative link into another folder); a link to nothing is refused. */
static void test_atomic_writes_through_symlink(void **state)
{
  (void) state;
  char dir[64], target[256], link_path[256], sub[256], rel[256], dangling[256];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-support-");
  snprintf(target, sizeof target, "%s/target.csv", dir);
  snprintf(link_path, sizeof link_path, "%s/link.csv", dir);
  snprintf(sub, sizeof sub, "%s/sub", dir);
  snprintf(rel, sizeof rel, "%s/sub/rel.csv", dir);
  snprintf(dangling, sizeof dangling, "%s/dangling.csv", dir);
  tu_write_text(target, "old\n");
  assert_int_equal(symlink("target.csv", link_path), 0);
  assert_int_equal(mkdir(sub, 0700), 0);
  assert_int_equal(symlink("../target.csv", rel), 0);
  assert_int_equal(symlink("nowhere.csv", dangling), 0);
  atomic_file af;
  assert_int_equal(write_atomically(link_path, "new\n", &af), 0);
  struct stat st;
  assert_int_equal(lstat(link_path, &st), 0);
  assert_true(S_ISLNK(st.st_mode));
  assert_text(target, "new\n");
  assert_int_equal(write_atomically(rel, "newer\n", &af), 0);
  assert_int_equal(lstat(rel, &st), 0);
  assert_true(S_ISLNK(st.st_mode));
  assert_text(target, "newer\n");
  assert_int_equal(write_atomically(dangling, "x\n", &af), -1);
  assert_non_null(strstr(af.why, "symbolic link"));
  assert_int_equal(lstat(dangling, &st), 0);
  assert_true(S_ISLNK(st.st_mode));
  assert_int_equal(tu_count_temps(dir), 0);
  assert_int_equal(tu_count_temps(sub), 0);
  tu_remove_tree(dir);
}

/* A write that fails says strerror's reason: under a file-size limit of 16 bytes (SIGXFSZ
   ignored) the commit fails with "File too large", the target keeps its old content and the
   temporary is removed. Run in a child, whose limit does not reach this process. */
static void test_atomic_reports_reason(void **state)
{
  (void) state;
  char dir[64], path[256];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-support-");
  snprintf(path, sizeof path, "%s/big.csv", dir);
  tu_write_text(path, "old\n");
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    struct rlimit rl = { 16, 16 };
    signal(SIGXFSZ, SIG_IGN);
    if (setrlimit(RLIMIT_FSIZE, &rl) != 0) _exit(3);
    atomic_file af;
    if (atomic_open(&af, path) != 0) _exit(4);
    for (int i = 0; i < 2000; i++) fprintf(af.f, "%d,0.125\n", i);
    if (atomic_commit(&af) == 0) _exit(5);
    _exit(strcmp(af.why, strerror(EFBIG)) == 0 ? 0 : 6);
  }
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status));
  assert_int_equal(WEXITSTATUS(status), 0);
  assert_text(path, "old\n");
  assert_int_equal(tu_count_temps(dir), 0);
  /* A temporary that cannot be made is named in the reason. */
  char nodir[300];
  snprintf(nodir, sizeof nodir, "%s/nodir/x.csv", dir);
  atomic_file af;
  assert_int_equal(atomic_open(&af, nodir), -1);
  assert_non_null(strstr(af.why, strerror(ENOENT)));
  tu_remove_tree(dir);
}

/* Temporaries of the same target left by a killed writer (no lock held on them) are removed by
   the next writer of that target; a live writer's temporary (locked), other targets'
   temporaries and names that only look alike stay. */
static void test_atomic_removes_stale_temps(void **state)
{
  (void) state;
  char dir[64], path[256], stale[300], other[300], alike[300];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-support-");
  snprintf(path, sizeof path, "%s/x.csv", dir);
  snprintf(stale, sizeof stale, "%s.tmp.Ab12Cd", path);
  snprintf(other, sizeof other, "%s/y.csv.tmp.Ab12Cd", dir);
  snprintf(alike, sizeof alike, "%s.tmp.toolong1", path);
  atomic_file live, af;
  assert_int_equal(atomic_open(&live, path), 0);  /* a writer still at work */
  tu_write_text(stale, "stale");
  tu_write_text(other, "other");
  tu_write_text(alike, "alike");
  assert_int_equal(tu_count_temps(dir), 4);
  assert_int_equal(write_atomically(path, "done\n", &af), 0);
  assert_int_equal(access(stale, F_OK), -1);
  assert_int_equal(access(other, F_OK), 0);
  assert_int_equal(access(alike, F_OK), 0);
  assert_int_equal(access(live.tmp, F_OK), 0);
  atomic_abort(&live);
  assert_int_equal(tu_count_temps(dir), 2);
  assert_text(path, "done\n");
  tu_remove_tree(dir);
}

/* SIGINT and SIGTERM remove every open temporary, then end the process by the same signal. */
static void test_atomic_temps_removed_on_signal(void **state)
{
  (void) state;
  int sigs[2] = { SIGINT, SIGTERM };
  for (int k = 0; k < 2; k++) {
    char dir[64], a[256], b[256];
    tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-support-");
    snprintf(a, sizeof a, "%s/a.ckpt", dir);
    snprintf(b, sizeof b, "%s/b.log", dir);
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
      atomic_remove_on_signals();
      atomic_file fa, fb;
      if (atomic_open(&fa, a) != 0 || atomic_open(&fb, b) != 0) _exit(3);
      fputs("partial", fa.f); fflush(fa.f);
      if (write(fd[1], "r", 1) != 1) _exit(4);
      for (;;) pause();
    }
    char c;
    assert_int_equal(read(fd[0], &c, 1), 1);
    assert_int_equal(tu_count_temps(dir), 2);
    assert_int_equal(kill(pid, sigs[k]), 0);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == sigs[k]);
    assert_int_equal(tu_count_temps(dir), 0);
    assert_int_equal(access(a, F_OK), -1);
    close(fd[0]); close(fd[1]);
    tu_remove_tree(dir);
  }
}

/* What the command line checks before any work: a folder that is missing, a name too long for
   its temporary; same_file by device and inode (hard link, symbolic link, ./..) and by resolved
   name for files not yet created. */
static void test_atomic_check_target_and_same_file(void **state)
{
  (void) state;
  char dir[64], a[256], hard[256], sym[256], dotted[256], nodir[256], fresh[256], fresh2[300];
  char why[512], name[300];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-support-");
  snprintf(a, sizeof a, "%s/a.ckpt", dir);
  snprintf(hard, sizeof hard, "%s/hard.ckpt", dir);
  snprintf(sym, sizeof sym, "%s/sym.ckpt", dir);
  snprintf(dotted, sizeof dotted, "%s/./a.ckpt", dir);
  snprintf(nodir, sizeof nodir, "%s/nodir/a.ckpt", dir);
  snprintf(fresh, sizeof fresh, "%s/new.csv", dir);
  snprintf(fresh2, sizeof fresh2, "%s/../%s/new.csv", dir, dir + 5);  /* dir is /tmp/... */
  tu_write_text(a, "a");
  assert_int_equal(link(a, hard), 0);
  assert_int_equal(symlink("a.ckpt", sym), 0);
  assert_int_equal(atomic_check_target(a, why, sizeof why), 0);
  assert_int_equal(atomic_check_target(fresh, why, sizeof why), 0);
  assert_int_equal(atomic_check_target(nodir, why, sizeof why), -1);
  assert_non_null(strstr(why, "nodir"));
  memset(name, 'n', 250);
  name[250] = '\0';
  char longpath[600];
  snprintf(longpath, sizeof longpath, "%s/%s", dir, name);
  assert_int_equal(atomic_check_target(longpath, why, sizeof why), -1);
  assert_non_null(strstr(why, "too long"));
  name[240] = '\0';  /* 240 + 11 characters fit */
  snprintf(longpath, sizeof longpath, "%s/%s", dir, name);
  assert_int_equal(atomic_check_target(longpath, why, sizeof why), 0);
  assert_int_equal(atomic_check_target(dir, why, sizeof why), -1);
  assert_non_null(strstr(why, "not a regular file"));
  assert_true(same_file(a, hard));
  assert_true(same_file(a, sym));
  assert_true(same_file(a, dotted));
  assert_true(same_file(fresh, fresh2));
  assert_false(same_file(a, fresh));
  assert_false(same_file(fresh, nodir));
  tu_remove_tree(dir);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_exp_array_within_four_ulp),
    cmocka_unit_test(test_exp_array_independent_of_alignment),
    cmocka_unit_test(test_tanh_from_exp_array_absolute_error),
    cmocka_unit_test(test_atomic_refuses_non_regular_target),
    cmocka_unit_test(test_atomic_writes_through_symlink),
    cmocka_unit_test(test_atomic_reports_reason),
    cmocka_unit_test(test_atomic_removes_stale_temps),
    cmocka_unit_test(test_atomic_temps_removed_on_signal),
    cmocka_unit_test(test_atomic_check_target_and_same_file),
  };
  return cmocka_run_group_tests_name("support", tests, NULL, NULL);
}
