/* Tests of the command-line chapter (chapters/cli.w): bad input gives one line on stderr,
   exit status 2 and no output file; a good run writes a well-formed CSV. The program under test
   is $MHICL (set by the Makefile), default ./mhicl. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "testutil.h"
#include "support.h"

/* Start the program with args (NULL-terminated) in the background: stdout to /dev/null, stderr
   to err_fd (-1: /dev/null too); returns its pid. */
static pid_t spawn_mhicl_to(const char *const *args, int err_fd)
{
  const char *prog = getenv("MHICL") ? getenv("MHICL") : "./mhicl";
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
    dup2(err_fd >= 0 ? err_fd : null, 2);
    close(null);
    if (err_fd >= 0) close(err_fd);
    execv(prog, (char *const *) argv);
    _exit(127);
  }
  return pid;
}

/* Run the program with args; stderr captured into err; returns the exit status. */
static int run_mhicl(const char *const *args, char *err, size_t size)
{
  int fd[2];
  assert_int_equal(pipe(fd), 0);
  pid_t pid = spawn_mhicl_to(args, fd[1]);
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
  char out[256], cfgdir[64], cfg[256];
  snprintf(out, sizeof out, "%s/out.csv", dir);
  mkstemp_template(cfgdir, sizeof cfgdir, "/tmp/mhicl-cli-");
  assert_non_null(mkdtemp(cfgdir));
  snprintf(cfg, sizeof cfg, "%s/ok.cfg", cfgdir);
  FILE *cf = fopen(cfg, "w");
  assert_non_null(cf);
  fputs("steps = 1\neval_prompts = 4\n", cf);
  fclose(cf);
  const char *cases[][14] = {
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
    { "train", "--heads", "1,,2", "--layers", "3", "--steps", "1", "--eval_prompts", "4", NULL },
    { "train", "--heads", "1,2", "--layers", "3", "--steps", "1", "--eval_prompts", "4", NULL },
    { "train", "--attention", "linear,softmax,linear,linear", "--layers", "3", "--steps", "1",
      "--eval_prompts", "4", NULL },
    { "train", "--eps", "0", "--steps", "1", "--eval_prompts", "4", NULL },
    { "train", "--rho", "1", "--steps", "1", "--eval_prompts", "4", NULL },
    { "train", "--rho", "-1", "--steps", "1", "--eval_prompts", "4", NULL },
    { "train", "--rho", "nan", "--steps", "1", "--eval_prompts", "4", NULL },
    { "train", "--task", "retrieval", "--format", "tokens", "--rho", "0.5", "--steps", "1", NULL },
    { "train", "--config", cfg, "--config", cfg, NULL },
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
  unlink(cfg);
  rmdir(cfgdir);
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

/* Helpers of the tests of the file guarantees ("what mhicl never does to your files"). */


/* The whole content of a file (NUL-terminated; *size its length); NULL if it cannot be read. */
static char *slurp(const char *path, size_t *size)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL) return NULL;
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  int c;
  while ((c = fgetc(f)) != EOF) fputc(c, mem);
  fclose(mem); fclose(f);
  if (size) *size = len;
  return buf;
}


/* The file at path is byte for byte `want` (of length n). */
static void assert_file_is(const char *path, const char *want, size_t n)
{
  size_t len;
  char *got = slurp(path, &len);
  assert_non_null(got);
  assert_int_equal(len, n);
  assert_memory_equal(got, want, n);
  free(got);
}


/* Train the smallest model for `steps` steps into ckpt (and log, if not NULL). */
static void train_tiny(const char *ckpt, const char *log, const char *steps)
{
  const char *args[40] = { "train", "--layers", "1", "--heads", "1", "--d_model", "8", "--d_head",
    "4", "--d", "2", "--s", "2", "--n", "4", "--batch", "4", "--steps", steps, "--eval_every", "0",
    "--eval_prompts", "4", "--checkpoint_every", "0", "--quiet", "--checkpoint", ckpt, NULL };
  size_t k = 0;
  while (args[k]) k++;
  if (log) { args[k++] = "--log"; args[k++] = log; args[k] = NULL; }
  char err[4096];
  int status = run_mhicl(args, err, sizeof err);
  if (status != 0) fail_msg("training the tiny model: status %d, %s", status, err);
}

/* A refusal: status 2, one line, and the line names each of the (up to two) options. */
static void assert_refused(const char *const *args, const char *opt1, const char *opt2)
{
  char err[4096];
  int status = run_mhicl(args, err, sizeof err);
  if (status != 2 || count_lines(err) != 1 || (opt1 && strstr(err, opt1) == NULL)
      || (opt2 && strstr(err, opt2) == NULL))
    fail_msg("%s %s: status %d, stderr '%s' (wanted status 2, one line naming %s and %s)",
      args[0], args[1], status, err, opt1 ? opt1 : "-", opt2 ? opt2 : "-");
}

/* An output that is an input (by name, through ./.. and through a hard link or a symbolic link,
   which compare by device and inode) is refused before any work, naming both options, and the
   input is left byte for byte as it was. */
static void test_cli_refuses_output_equal_to_input(void **state)
{
  (void) state;
  char dir[64], ckpt[256], cfg[256], alias[256], hard[256], sym[256], log[256];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-cli-");
  snprintf(ckpt, sizeof ckpt, "%s/c.ckpt", dir);
  snprintf(cfg, sizeof cfg, "%s/t.cfg", dir);
  snprintf(alias, sizeof alias, "%s/./sub/../c.ckpt", dir);
  snprintf(hard, sizeof hard, "%s/hard.ckpt", dir);
  snprintf(sym, sizeof sym, "%s/sym.ckpt", dir);
  snprintf(log, sizeof log, "%s/new.log", dir);
  char sub[256];
  snprintf(sub, sizeof sub, "%s/sub", dir);
  assert_int_equal(mkdir(sub, 0777), 0);
  train_tiny(ckpt, NULL, "2");
  assert_int_equal(link(ckpt, hard), 0);
  assert_int_equal(symlink(ckpt, sym), 0);
  tu_write_text(cfg, "steps = 3\n");
  size_t n_ckpt = 0, n_cfg = 0;
  char *before = slurp(ckpt, &n_ckpt), *cfg_before = slurp(cfg, &n_cfg);
  const char *cases[][12] = {
    { "eval", "--checkpoint", ckpt, "--out", ckpt, "--prompts", "2", NULL },
    { "eval", "--checkpoint", ckpt, "--out", alias, "--prompts", "2", NULL },
    { "eval", "--checkpoint", ckpt, "--out", hard, "--prompts", "2", NULL },
    { "eval", "--checkpoint", sym, "--out", ckpt, "--prompts", "2", NULL },
    { "dump", "--checkpoint", ckpt, "--out", ckpt, NULL },
    { "dump", "--checkpoint", hard, "--out", sym, NULL },
    { "train", "--resume", ckpt, "--log", ckpt, "--steps", "3", "--quiet", NULL },
    { "train", "--resume", ckpt, "--log", hard, "--steps", "3", "--quiet", NULL },
    { "train", "--config", cfg, "--log", cfg, "--checkpoint", log, "--quiet", NULL },
    { "train", "--config", cfg, "--checkpoint", cfg, "--quiet", NULL },
    { "train", "--checkpoint", log, "--log", log, "--quiet", NULL },  /* neither exists yet */
  };
  const char *opts[][2] = { { "--out", "--checkpoint" }, { "--out", "--checkpoint" },
    { "--out", "--checkpoint" }, { "--out", "--checkpoint" }, { "--out", "--checkpoint" },
    { "--out", "--checkpoint" }, { "--log", "--resume" }, { "--log", "--resume" },
    { "--log", "--config" }, { "--checkpoint", "--config" }, { "--log", "--checkpoint" } };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    assert_refused(cases[i], opts[i][0], opts[i][1]);
    assert_file_is(ckpt, before, n_ckpt);
    assert_file_is(cfg, cfg_before, n_cfg);
    assert_int_equal(access(log, F_OK), -1);
  }
  free(before); free(cfg_before);
  tu_remove_tree(dir);
}

/* Resuming a copy writes the copy (and a log beside it), never the file the checkpoint was
   trained into; resuming in place keeps the checkpoint's own log. */
static void test_cli_resume_writes_resumed_checkpoint(void **state)
{
  (void) state;
  char dir[64], orig[256], olog[256], backup[256], blog[256];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-cli-");
  snprintf(orig, sizeof orig, "%s/orig.ckpt", dir);
  snprintf(olog, sizeof olog, "%s/orig.log", dir);
  snprintf(backup, sizeof backup, "%s/backup.ckpt", dir);
  snprintf(blog, sizeof blog, "%s/backup.log.csv", dir);
  train_tiny(orig, olog, "2");
  size_t n_ckpt = 0, n_log = 0, n_backup = 0;
  char *ckpt_before = slurp(orig, &n_ckpt), *log_before = slurp(olog, &n_log);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "cp '%s' '%s'", orig, backup);
  assert_int_equal(system(cmd), 0);
  const char *resume[] = { "train", "--resume", backup, "--steps", "4", "--quiet", NULL };
  char err[4096];
  assert_int_equal(run_mhicl(resume, err, sizeof err), 0);
  assert_file_is(orig, ckpt_before, n_ckpt);
  assert_file_is(olog, log_before, n_log);
  char *after = slurp(backup, &n_backup);
  assert_non_null(after);
  assert_true(n_backup != n_ckpt || memcmp(after, ckpt_before, n_ckpt) != 0);  /* trained on */
  size_t n_blog;
  char *blog_text = slurp(blog, &n_blog);
  assert_non_null(blog_text);  /* the log beside the copy: the earlier rows, then steps 3 to 4 */
  assert_int_equal(count_lines(blog_text), 3);  /* header, step 2, step 4 */
  assert_non_null(strstr(blog_text, "\n4,"));
  /* In place: the checkpoint's own log continues. */
  const char *in_place[] = { "train", "--resume", orig, "--steps", "4", "--quiet", NULL };
  assert_int_equal(run_mhicl(in_place, err, sizeof err), 0);
  char *olog_after = slurp(olog, NULL);
  assert_non_null(olog_after);
  assert_int_equal(count_lines(olog_after), 3);
  assert_non_null(strstr(olog_after, "\n4,"));
  free(ckpt_before); free(log_before); free(after); free(blog_text); free(olog_after);
  tu_remove_tree(dir);
}

/* An output that exists and is not a regular file (a named pipe, a folder) is refused before
   any work and left as it was; a symbolic link is written through, to its target. */
static void test_cli_refuses_non_regular_output(void **state)
{
  (void) state;
  char dir[64], fifo[256], sub[256], target[256], link_path[256];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-cli-");
  snprintf(fifo, sizeof fifo, "%s/pipe.csv", dir);
  snprintf(sub, sizeof sub, "%s/folder.csv", dir);
  snprintf(target, sizeof target, "%s/target.csv", dir);
  snprintf(link_path, sizeof link_path, "%s/link.csv", dir);
  assert_int_equal(mkfifo(fifo, 0666), 0);
  assert_int_equal(mkdir(sub, 0777), 0);
  const char *to_fifo[] = { "heads", "--d", "2", "--s", "1", "--trials", "20", "--tune-trials",
    "10", "--out", fifo, NULL };
  assert_refused(to_fifo, "--out", "regular file");
  struct stat st;
  assert_int_equal(lstat(fifo, &st), 0);
  assert_true(S_ISFIFO(st.st_mode));
  const char *to_dir[] = { "heads", "--d", "2", "--s", "1", "--out", sub, NULL };
  assert_refused(to_dir, "--out", "regular file");
  assert_int_equal(lstat(sub, &st), 0);
  assert_true(S_ISDIR(st.st_mode));
  tu_write_text(target, "old\n");
  assert_int_equal(symlink("target.csv", link_path), 0);
  const char *to_link[] = { "heads", "--d", "2", "--s", "1", "--trials", "20", "--tune-trials",
    "10", "--out", link_path, NULL };
  char err[4096];
  assert_int_equal(run_mhicl(to_link, err, sizeof err), 0);
  assert_int_equal(lstat(link_path, &st), 0);
  assert_true(S_ISLNK(st.st_mode));  /* still the link */
  char *text = slurp(target, NULL);
  assert_non_null(text);
  assert_int_equal(strncmp(text, "version,prior,b,d,", 18), 0);  /* and the target is the new CSV */
  free(text);
  assert_int_equal(tu_count_temps(dir), 0);
  tu_remove_tree(dir);
}

/* A configuration that is a folder is refused; with --resume, a configuration may change steps,
   logging, checkpoints and threads, and is refused (naming the key) where it would change the
   model or its training. */
static void test_cli_config_and_resume(void **state)
{
  (void) state;
  char dir[64], ckpt[256], cfg[256], err[4096];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-cli-");
  snprintf(ckpt, sizeof ckpt, "%s/m.ckpt", dir);
  snprintf(cfg, sizeof cfg, "%s/more.cfg", dir);
  const char *folder[] = { "train", "--config", dir, "--steps", "1", "--quiet", NULL };
  assert_refused(folder, dir, "regular file");
  train_tiny(ckpt, NULL, "2");
  tu_write_text(cfg, "steps = 3\nthreads = 2\neval_every = 1\n");
  const char *more[] = { "train", "--config", cfg, "--resume", ckpt, "--quiet", NULL };
  char *out = NULL;
  {  /* the configuration's steps apply: trained to step 3 */
    const char *prog = getenv("MHICL") ? getenv("MHICL") : "./mhicl";
    char cmd[800];
    snprintf(cmd, sizeof cmd, "%s train --config '%s' --resume '%s' --quiet", prog, cfg, ckpt);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    char line[512] = "";
    assert_non_null(fgets(line, sizeof line, p));
    assert_int_equal(pclose(p), 0);
    out = strdup(line);
  }
  assert_int_equal(strncmp(out, "trained to step 3 ", 18), 0);
  free(out);
  tu_write_text(cfg, "steps = 4\nlr = 0.5\n");
  assert_refused(more, "lr", "--resume");
  tu_write_text(cfg, "steps = 4\nheads = 3\n");
  assert_refused(more, "heads", "--resume");
  const char *option[] = { "train", "--resume", ckpt, "--batch", "5", "--quiet", NULL };
  assert_refused(option, "batch", "--resume");
  const char *rho[] = { "train", "--resume", ckpt, "--rho", "0.5", "--quiet", NULL };
  assert_refused(rho, "rho", "--resume");
  const char *back[] = { "train", "--resume", ckpt, "--steps", "2", "--quiet", NULL };
  assert_refused(back, "--steps", "step 3");
  assert_int_equal(run_mhicl(more, err, sizeof err), 2);
  tu_remove_tree(dir);
}

/* An output that cannot be written (no such folder; a name too long once ".tmp." and six
   letters are added) is refused at once, before the first step: status 2, nothing trained. */
static void test_cli_checks_outputs_before_work(void **state)
{
  (void) state;
  char dir[64], nodir[256], longname[300], log[256];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-cli-");
  snprintf(nodir, sizeof nodir, "%s/nodir/x.ckpt", dir);
  snprintf(log, sizeof log, "%s/x.log", dir);
  char name[260];
  memset(name, 'c', 250);
  memcpy(name + 245, ".ckpt", 6);  /* 250 characters: fits NAME_MAX, not with .tmp. and six letters */
  snprintf(longname, sizeof longname, "/tmp/%s", name);
  const char *steps = "100000";  /* minutes of training if the check came after it */
  const char *args1[] = { "train", "--layers", "1", "--d_model", "8", "--d_head", "4",
    "--steps", steps, "--checkpoint", nodir, "--quiet", NULL };
  double t0 = mhicl_seconds();
  assert_refused(args1, "--checkpoint", "nodir");
  const char *args2[] = { "train", "--layers", "1", "--d_model", "8", "--d_head", "4",
    "--steps", steps, "--checkpoint", longname, "--quiet", NULL };
  assert_refused(args2, "--checkpoint", "too long");
  const char *args3[] = { "train", "--layers", "1", "--d_model", "8", "--d_head", "4",
    "--steps", steps, "--log", nodir, "--quiet", NULL };
  assert_refused(args3, "--log", "nodir");
  assert_less(mhicl_seconds() - t0, 30.0);  /* refused, not trained (each run is milliseconds) */
  assert_int_equal(access(longname, F_OK), -1);
  tu_remove_tree(dir);
}


/* Interrupt a command once its temporary output exists: the temporary is removed, and the
   program ends by the signal. */
static void interrupt_leaves_nothing(const char *const *args, const char *dir, int sig)
{
  pid_t pid = spawn_mhicl_to(args, -1);
  double t0 = mhicl_seconds();
  while (tu_count_temps(dir) == 0 && mhicl_seconds() - t0 < 60.0) usleep(20000);
  if (tu_count_temps(dir) == 0) {
    kill(pid, SIGKILL); waitpid(pid, NULL, 0);
    fail_msg("%s: no temporary output appeared within 60 s", args[0]);
  }
  usleep(50000);
  assert_int_equal(kill(pid, sig), 0);
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  if (!WIFSIGNALED(status) || WTERMSIG(status) != sig)
    fail_msg("%s: ended with status %d, not by signal %d", args[0], status, sig);
  if (tu_count_temps(dir) != 0) fail_msg("%s: temporary file left after signal %d", args[0], sig);
}

/* SIGINT and SIGTERM remove the temporary output of every command; a temporary left by a killed
   run (SIGKILL cannot be caught) is removed by the next run that writes the same file. */
static void test_cli_signals_leave_no_temporaries(void **state)
{
  (void) state;
  char dir[64], out[256], ckpt[256], cdir[64];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-cli-");
  tu_tmp_dir(cdir, sizeof cdir, "/tmp/mhicl-cli-");
  snprintf(out, sizeof out, "%s/out.csv", dir);
  snprintf(ckpt, sizeof ckpt, "%s/m.ckpt", cdir);
  train_tiny(ckpt, NULL, "2");
  const char *heads[] = { "heads", "--d", "8", "--trials", "10000000", "--out", out, NULL };
  interrupt_leaves_nothing(heads, dir, SIGINT);
  const char *eval[] = { "eval", "--checkpoint", ckpt, "--prompts", "1000000", "--out", out,
    NULL };
  interrupt_leaves_nothing(eval, dir, SIGTERM);
  const char *compare[] = { "compare", "--steps", "1000000", "--out", out, NULL };
  interrupt_leaves_nothing(compare, dir, SIGINT);
  const char *risk[] = { "risk", "--trials", "1000000", "--quiet", "--out", out, NULL };
  interrupt_leaves_nothing(risk, dir, SIGTERM);
  assert_int_equal(access(out, F_OK), -1);
  /* Stale temporaries of the outputs, as SIGKILL leaves them, go on the next run. */
  char stale[300], other[300], log[256];
  snprintf(log, sizeof log, "%s/m.log", cdir);
  snprintf(stale, sizeof stale, "%s.tmp.AbC123", ckpt);
  tu_write_text(stale, "half a checkpoint");
  snprintf(stale, sizeof stale, "%s.tmp.zzzzzz", log);
  tu_write_text(stale, "half a log");
  snprintf(other, sizeof other, "%s/other.ckpt.tmp.AbC123", cdir);
  tu_write_text(other, "another file's temporary");
  const char *resume[] = { "train", "--resume", ckpt, "--log", log, "--steps", "3", "--quiet",
    NULL };
  char err[4096];
  assert_int_equal(run_mhicl(resume, err, sizeof err), 0);
  assert_int_equal(tu_count_temps(cdir), 1);  /* only the other file's */
  assert_int_equal(access(other, F_OK), 0);
  tu_remove_tree(dir); tu_remove_tree(cdir);
}

/* A failed write says why, in strerror's words: a file-size limit (the shell's ulimit -f, with
   SIGXFSZ ignored) gives "File too large" at the final write; a target in a folder where no
   temporary can be made names the temporary and the reason. */
static void test_cli_write_errors_give_reason(void **state)
{
  (void) state;
  char dir[64], out[256], cmd[1024];
  tu_tmp_dir(dir, sizeof dir, "/tmp/mhicl-cli-");
  snprintf(out, sizeof out, "%s/risk.csv", dir);
  const char *prog = getenv("MHICL") ? getenv("MHICL") : "./mhicl";
  snprintf(cmd, sizeof cmd, "trap '' XFSZ; ulimit -f 1; exec %s risk --d 8 --s 2 --n-min 10 "
    "--n-max 60 --n-step 10 --trials 20 --tune-trials 10 --quiet --out '%s' 2>&1 >/dev/null",
    prog, out);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  char line[1024] = "";
  assert_non_null(fgets(line, sizeof line, p));
  int status = pclose(p);
  assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
  if (strstr(line, out) == NULL || strstr(line, strerror(EFBIG)) == NULL)
    fail_msg("size limit: '%s' does not name the file and '%s'", line, strerror(EFBIG));
  assert_int_equal(access(out, F_OK), -1);
  assert_int_equal(tu_count_temps(dir), 0);
  if (access("/proc/version", F_OK) == 0 && access("/proc", W_OK) == 0) {
    char err[4096];
    const char *args[] = { "heads", "--d", "2", "--s", "1", "--out", "/proc/version", NULL };
    assert_int_equal(run_mhicl(args, err, sizeof err), 2);
    if (strstr(err, "temporary") == NULL || strstr(err, "/proc/version") == NULL)
      fail_msg("/proc/version: '%s' does not say that the temporary could not be made", err);
  }
  tu_remove_tree(dir);
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

/* The retrieval task through the command line: a token model with a regression task, the reverse,
   a task that cannot be built and a bad task key are each refused in one line with status 2; a
   tiny model trained from a configuration file is evaluated per depth, the CSV has its header and
   one row per depth (D = 2, IC labels: two rows); dump writes its tokens and patterns. */
static void test_cli_retrieval_train_and_eval(void **state)
{
  (void) state;
  char dir[64], cfg[256], ckpt[256], out[256], err[4096];
  mkstemp_template(dir, sizeof dir, "/tmp/mhicl-cli-");
  assert_non_null(mkdtemp(dir));
  snprintf(cfg, sizeof cfg, "%s/r.cfg", dir);
  snprintf(ckpt, sizeof ckpt, "%s/r.ckpt", dir);
  snprintf(out, sizeof out, "%s/acc.csv", dir);
  const char *cases[][8] = {
    { "train", "--format", "tokens", "--steps", "1", NULL },
    { "train", "--task", "retrieval", "--steps", "1", NULL },
    { "train", "--task", "retrieval", "--format", "tokens", "--depth", "0", NULL },
    { "train", "--task", "retrieval", "--format", "tokens", "--chains", "x", NULL },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    int status = run_mhicl(cases[i], err, sizeof err);
    if (status != 2 || count_lines(err) != 1 || strncmp(err, "mhicl: ", 7) != 0)
      fail_msg("case %zu: status %d, stderr '%s'", i, status, err);
  }
  FILE *f = fopen(cfg, "w");
  assert_non_null(f);
  fputs("task = retrieval\nformat = tokens\nlayers = 2\nheads = 1\nd_model = 16\nd_head = 8\n"
    "mlp = 0\nvalues = 5\nvariables = 8\nchains = 2\ndepth = 2\nbatch = 8\nsteps = 4\n"
    "eval_every = 0\neval_prompts = 8\n", f);
  fclose(f);
  const char *train[] = { "train", "--config", cfg, "--checkpoint", ckpt, "--quiet", NULL };
  assert_int_equal(run_mhicl(train, err, sizeof err), 0);
  const char *eval[] = { "eval", "--checkpoint", ckpt, "--prompts", "40", "--out", out, NULL };
  assert_int_equal(run_mhicl(eval, err, sizeof err), 0);
  f = fopen(out, "r");
  assert_non_null(f);
  char line[1024];
  assert_non_null(fgets(line, sizeof line, f));
  assert_string_equal(line, "position,depth,correct,total,accuracy,wilson_lo,wilson_hi,z,chance,"
    "values,variables,chains,task_depth,ic,seed\n");
  size_t rows = 0;
  while (fgets(line, sizeof line, f)) {
    rows++;
    assert_int_equal(strncmp(line, "destination,", 12), 0);
    assert_non_null(strstr(line, ",80,"));  /* 40 sequences, two chains: 80 trials per depth */
  }
  fclose(f);
  assert_int_equal(rows, 2);
  unlink(out);
  const char *big[] = { "dump", "--checkpoint", ckpt, "--prompts", "9", "--out", out, NULL };
  assert_int_equal(run_mhicl(big, err, sizeof err), 2);  /* the batch is 8 */
  assert_int_equal(count_lines(err), 1);
  assert_int_equal(access(out, F_OK), -1);
  const char *dump[] = { "dump", "--checkpoint", ckpt, "--prompts", "2", "--first", "3", "--out",
    out, NULL };
  assert_int_equal(run_mhicl(dump, err, sizeof err), 0);
  size_t n, tokens = 0, patterns = 0;
  char *text = tu_slurp(out, &n);
  for (char *p = text; (p = strchr(p, '\n')) != NULL; p++) {
    tokens += strncmp(p + 1, "tokens,", 7) == 0;
    patterns += strncmp(p + 1, "attn.hook_pattern,", 18) == 0;
  }
  free(text);
  assert_int_equal(tokens, 2 * 8);  /* two sequences of 2KD = 8 tokens (no query) */
  assert_int_equal(patterns, 2 * 2 * 8 * 8);  /* two layers, one head, T x T each */
  unlink(out);
  char an[256];
  snprintf(an, sizeof an, "%s/analysis", dir);
  const char *analyze[] = { "reproduce", "chen", "--analyze", ckpt, "--out", an, NULL };
  assert_int_equal(run_mhicl(analyze, err, sizeof err), 1);
  assert_int_equal(count_lines(err), 1);
  assert_non_null(strstr(err, "retrieval"));
  assert_int_equal(access(an, F_OK), -1);
  unlink(ckpt); unlink(cfg);
  rmdir(dir);
}

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_cli_rejects_bad_input),
    cmocka_unit_test(test_cli_rejects_bad_checkpoints),
    cmocka_unit_test(test_cli_risk_writes_csv),
    cmocka_unit_test(test_cli_info_reports_blas_kernels),
    cmocka_unit_test(test_cli_refuses_output_equal_to_input),
    cmocka_unit_test(test_cli_resume_writes_resumed_checkpoint),
    cmocka_unit_test(test_cli_refuses_non_regular_output),
    cmocka_unit_test(test_cli_config_and_resume),
    cmocka_unit_test(test_cli_checks_outputs_before_work),
    cmocka_unit_test(test_cli_signals_leave_no_temporaries),
    cmocka_unit_test(test_cli_write_errors_give_reason),
    cmocka_unit_test(test_cli_retrieval_train_and_eval),
  };
  return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
