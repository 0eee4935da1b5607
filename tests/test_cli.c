/* Tests of the command-line chapter (chapters/cli.w): bad input gives one line on stderr,
   exit status 2 and no output file; a good run writes a well-formed CSV. The program under test
   is $MHICL (set by the Makefile), default ./mhicl. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "testutil.h"
#include "support.h"

/* Run the program with args (NULL-terminated); stdout to /dev/null; stderr captured into err;
   returns the exit status. */
static int run_mhicl(const char *const *args, char *err, size_t size)
{
  const char *prog = getenv("MHICL") ? getenv("MHICL") : "./mhicl";
  int fd[2];
  assert_int_equal(pipe(fd), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    const char *argv[40];
    size_t k = 0;
    argv[k++] = prog;
    for (size_t i = 0; args[i] && k < 39; i++) argv[k++] = args[i];
    argv[k] = NULL;
    int null = open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(fd[1], 2);
    close(fd[0]); close(fd[1]); close(null);
    execv(prog, (char *const *) argv);
    _exit(127);
  }
  close(fd[1]);
  size_t len = 0;
  ssize_t got;
  while (len + 1 < size && (got = read(fd[0], err + len, size - 1 - len)) > 0) len += (size_t) got;
  err[len] = '\0';
  close(fd[0]);
  int status;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static size_t count_lines(const char *s)
{
  size_t n = 0;
  for (; *s; s++) n += *s == '\n';
  return n;
}

static void test_cli_rejects_bad_input(void **state)
{
  (void) state;
  char dir[64];
  mkstemp_template(dir, sizeof dir, "/tmp/mhicl-cli-");
  assert_non_null(mkdtemp(dir));
  char out[256];
  snprintf(out, sizeof out, "%s/out.csv", dir);
  const char *cases[][12] = {
    { "frobnicate", NULL },
    { "risk", "--bogus", "1", "--out", out, NULL },
    { "risk", "--d", "twenty", "--out", out, NULL },
    { "risk", "--d", "0", "--out", out, NULL },
    { "risk", "--d", "-3", "--out", out, NULL },
    { "risk", "--sigma", "nan", "--out", out, NULL },
    { "risk", "--sigma", "inf", "--out", out, NULL },
    { "risk", "--sigma", "0.5x", "--out", out, NULL },
    { "risk", "--d", "5", "--s", "9", "--out", out, NULL },
    { "risk", "--n-min", "50", "--n-max", "40", "--out", out, NULL },
    { "risk", "--methods", "ridge,magic", "--out", out, NULL },
    { "risk", "--beta", "laplace", "--out", out, NULL },
    { "risk", "--trials", "1", "--out", out, NULL },
    { "risk", "--threads", "0", "--out", out, NULL },
    { "risk", "--rho", "1.5", "--out", out, NULL },
    { "risk", "--d", "40", "--s", "8", "--out", out, NULL },
    { "risk", "--sigma", "0", "--methods", "ridge,bayes", "--out", out, NULL },
    { "risk", "--out", NULL },
    { "risk", "--out", "/nonexistent-dir/x.csv", NULL },
    { "train", "--warp", "9", NULL },
    { "train", "--layers", "0", NULL },
    { "train", "--lr", "nan", NULL },
    { "train", "--heads", "2,x", NULL },
    { "train", "--config", "/nonexistent-dir/run.cfg", NULL },
    { "train", "--format", "stacked", "--loss", "prefixes", NULL },
    { "eval", "--prompts", "10", NULL },
    { "heads", "--d", "4", "--s", "9", NULL },
    { "heads", "--warp", "1", NULL },
    { "compare", "--steps", "0", NULL },
    { "compare", "--lr", "-1", NULL },
    { "eval", "--checkpoint", out, "--prompts", "-4", NULL },
    { "reproduce", NULL },
    { "reproduce", "garg", NULL },
    { "reproduce", "chen", "--scale", "huge", NULL },
    { "reproduce", "chen", "--seeds", "0", NULL },
    { "reproduce", "chen", "--threads", "1.5", NULL },
    { "reproduce", "chen", "--scale", NULL },
    { "reproduce", "chen", "--family", "bert", NULL },
    { "reproduce", "chen", "--analyze", out, "--seeds", "2", NULL },
    { "reproduce", "chen", "--analyze", NULL },
    { "dump", "--out", out, NULL },
    { "dump", "--checkpoint", out, "--prompts", "0", "--out", out, NULL },
    { "dump", "--colour", "red", NULL },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char err[4096];
    int status = run_mhicl(cases[i], err, sizeof err);
    if (status != 2 || count_lines(err) != 1 || strncmp(err, "mhicl: ", 7) != 0)
      fail_msg("case %zu (%s %s): status %d, stderr '%s'", i, cases[i][1] ? cases[i][1] : "",
        cases[i][2] ? cases[i][2] : "", status, err);
    assert_int_equal(access(out, F_OK), -1);  /* no output file left behind */
  }
  /* and no temporary either */
  char cmd[512];
  snprintf(cmd, sizeof cmd, "test -z \"$(ls -A %s)\"", dir);
  assert_int_equal(system(cmd), 0);
  rmdir(dir);
}

/* A checkpoint that is missing, truncated or foreign: one line naming the problem, status 1. */
static void test_cli_rejects_bad_checkpoints(void **state)
{
  (void) state;
  char dir[64], path[256], err[4096];
  mkstemp_template(dir, sizeof dir, "/tmp/mhicl-cli-");
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/x.ckpt", dir);
  const char *missing[] = { "eval", "--checkpoint", path, NULL };
  assert_int_equal(run_mhicl(missing, err, sizeof err), 1);
  assert_int_equal(count_lines(err), 1);
  FILE *f = fopen(path, "w");
  fputs("MHICLCK", f);  /* seven bytes of the magic: truncated */
  fclose(f);
  assert_int_equal(run_mhicl(missing, err, sizeof err), 1);
  assert_int_equal(count_lines(err), 1);
  assert_non_null(strstr(err, "not an mhicl checkpoint"));
  const char *resume[] = { "train", "--resume", path, NULL };
  assert_int_equal(run_mhicl(resume, err, sizeof err), 1);
  assert_int_equal(count_lines(err), 1);
  char out[256];
  snprintf(out, sizeof out, "%s/acts.csv", dir);
  const char *dump[] = { "dump", "--checkpoint", path, "--out", out, NULL };
  assert_int_equal(run_mhicl(dump, err, sizeof err), 1);
  assert_int_equal(count_lines(err), 1);
  assert_int_equal(access(out, F_OK), -1);
  snprintf(out, sizeof out, "%s/analysis", dir);
  const char *analyze[] = { "reproduce", "chen", "--analyze", path, "--out", out, NULL };
  assert_int_equal(run_mhicl(analyze, err, sizeof err), 1);
  assert_int_equal(count_lines(err), 1);
  assert_non_null(strstr(err, "not an mhicl checkpoint"));
  assert_int_equal(access(out, F_OK), -1);  /* nothing created for a bad checkpoint */
  unlink(path);
  rmdir(dir);
}

static void test_cli_risk_writes_csv(void **state)
{
  (void) state;
  char dir[64];
  mkstemp_template(dir, sizeof dir, "/tmp/mhicl-cli-");
  assert_non_null(mkdtemp(dir));
  char out[256];
  snprintf(out, sizeof out, "%s/risk.csv", dir);
  const char *args[] = { "risk", "--d", "8", "--s", "2", "--n-min", "10", "--n-max", "20",
    "--n-step", "10", "--trials", "30", "--tune-trials", "20", "--threads", "2", "--quiet",
    "--out", out, NULL };
  char err[4096];
  assert_int_equal(run_mhicl(args, err, sizeof err), 0);
  FILE *f = fopen(out, "r");
  assert_non_null(f);
  char line[1024];
  assert_non_null(fgets(line, sizeof line, f));
  assert_string_equal(line, "version,prior,b,d,s,sigma,rho,n,method,lambda,eta,t,pto_step,"
    "pto_variant,pto_c,t_max,risk_mean,risk_se,trials,tune_trials,seed,unstable\n");
  size_t rows = 0;
  while (fgets(line, sizeof line, f)) rows++;
  fclose(f);
  assert_int_equal(rows, 2 * 8);  /* two prompt lengths, eight methods */
  unlink(out);
  rmdir(dir);
}

/* The kernels named by `mhicl info` run with the environment variable set to ENV (NULL: unset). */
static void info_kernels(const char *env, char *name, size_t size)
{
  const char *prog = getenv("MHICL") ? getenv("MHICL") : "./mhicl";
  char cmd[512];
  if (env) snprintf(cmd, sizeof cmd, "env OPENBLAS_CORETYPE=%s %s info", env, prog);
  else snprintf(cmd, sizeof cmd, "env -u OPENBLAS_CORETYPE %s info", prog);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  char line[256] = "";
  assert_non_null(fgets(line, sizeof line, p));
  assert_int_equal(pclose(p), 0);
  const char *prefix = "OpenBLAS kernels: ";
  assert_int_equal(strncmp(line, prefix, strlen(prefix)), 0);
  size_t k = 0;
  for (const char *c = line + strlen(prefix); *c && *c != ' ' && k + 1 < size; c++) name[k++] = *c;
  name[k] = '\0';
}

/* The support chapter: with OPENBLAS_CORETYPE unset, mhicl runs the kernels that
   mhicl_blas_better_core names for OpenBLAS's own choice (this test process, which does not
   re-execute itself, runs OpenBLAS's own choice), or OpenBLAS's choice where it names none; with
   the variable set, exactly the kernels it names. */
static void test_cli_info_reports_blas_kernels(void **state)
{
  (void) state;
  char name[64];
  info_kernels(NULL, name, sizeof name);
  if (getenv("OPENBLAS_CORETYPE") == NULL) {
    const char *own = mhicl_blas_core(), *better = mhicl_blas_better_core(own);
    assert_string_equal(name, better ? better : own);
  } else
    assert_null(mhicl_blas_better_core(name));  /* at least not the generic kernels, if avoidable */
  info_kernels("Prescott", name, sizeof name);
  assert_string_equal(name, "Prescott");
#if defined(__x86_64__) && defined(__GNUC__)
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    info_kernels("Haswell", name, sizeof name);
    assert_string_equal(name, "Haswell");
  }
#endif
}

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_cli_rejects_bad_input),
    cmocka_unit_test(test_cli_rejects_bad_checkpoints),
    cmocka_unit_test(test_cli_risk_writes_csv),
    cmocka_unit_test(test_cli_info_reports_blas_kernels),
  };
  return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
