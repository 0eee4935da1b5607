/* Tests of the experiments chapter (chapters/reproduce.w): the whole pipeline at the smoke scale
   (d = 4, 30 training steps per model), its outputs, that a rerun after losing files
   recomputes them bit for bit (resumability and determinism at a fixed thread count), and that
   the grid run as separate units, in any order, joins to the same bytes. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "testutil.h"
#include "support.h"
#include "reproduce.h"

static void test_run_list(void **state)
{
  (void) state;
  chen_run runs[256];
  const chen_scale *paper = chen_scale_named("paper");
  assert_non_null(paper);
  /* 2 families x (3 depths x 4 head counts + 2 noise levels x 2 head counts) */
  assert_int_equal(chen_run_list(paper, 1, runs, 256), 2 * (12 + 4));
  assert_int_equal(chen_run_list(paper, 2, runs, 256), 2 * 2 * (12 + 4));
  assert_null(chen_scale_named("huge"));
}

static void test_smoke_pipeline_and_resume(void **state)
{
  (void) state;
  char dir[64], err[512], header[1024];
  mkstemp_template(dir, sizeof dir, "/tmp/mhicl-chen-");
  assert_non_null(mkdtemp(dir));
  if (chen_reproduce("smoke", dir, 1, -1, 2, err, sizeof err) != 0) fail_msg("%s", err);
  /* 12 runs: 2 families x (2 head counts at sigma 0.1 + 2 x 2 at the other noise levels) */
  assert_int_equal(tu_csv_rows(dir, "chen_runs.csv", header, sizeof header), 12);
  assert_string_equal(header, "run,family,layers,heads,sigma,seed,steps,heldout_loss\n");
  assert_int_equal(tu_csv_rows(dir, "chen_length.csv", header, sizeof header), 12 * 8);
  assert_string_equal(header, "run,family,layers,heads,sigma,seed,length,risk,se\n");
  /* heads: each run has 2 layers of 1 or 4 heads: 6 x 2 + 6 x 8 */
  assert_int_equal(tu_csv_rows(dir, "chen_heads.csv", header, sizeof header), 6 * 2 + 6 * 8);
  /* pruning: full, pruned, one later layer, layer 1 to its best head */
  assert_int_equal(tu_csv_rows(dir, "chen_pruning.csv", header, sizeof header), 12 * 4);
  assert_int_equal(tu_csv_rows(dir, "chen_probe_linear.csv", header, sizeof header), 12 * 3);
  assert_int_equal(tu_csv_rows(dir, "chen_probe_gd.csv", header, sizeof header), 12 * 3 * 6);
  assert_int_equal(tu_csv_rows(dir, "chen_baselines.csv", header, sizeof header), 3 * 8 * 6);
  /* one summary row per family and noise level */
  assert_int_equal(tu_csv_rows(dir, "chen_pruning_summary.csv", header, sizeof header), 2 * 3);
  /* Lose an analysis, a combined file and a checkpoint; the rerun restores them exactly. */
  const char *kept[] = { "chen_heads.csv", "chen_probe_gd.csv", "chen_length.csv" };
  char path[512];
  size_t len0[3];
  char *before[3];
  for (int k = 0; k < 3; k++) {
    snprintf(path, sizeof path, "%s/%s", dir, kept[k]);
    before[k] = tu_slurp(path, &len0[k]);
  }
  /* An interrupted analysis (its last file and the unit's .done missing), a lost model. */
  const char *lost[] = { "gpt2_L2_H4_sigma0.1_seed0.probe_gd.csv", "gpt2_L2_H4_sigma0.1_seed0.done",
    "theory_L2_H4_sigma0.1_seed0.ckpt", "theory_L2_H4_sigma0.1_seed0.probe_gd.csv",
    "theory_L2_H4_sigma0.1_seed0.done", "theory_L2_H4_sigma0.1_seed0.run.csv" };
  for (size_t k = 0; k < sizeof lost / sizeof lost[0]; k++) {
    snprintf(path, sizeof path, "%s/runs/%s", dir, lost[k]);
    assert_int_equal(unlink(path), 0);
  }
  snprintf(path, sizeof path, "%s/chen_heads.csv", dir);
  assert_int_equal(unlink(path), 0);
  if (chen_reproduce("smoke", dir, 1, -1, 2, err, sizeof err) != 0) fail_msg("%s", err);
  for (int k = 0; k < 3; k++) {
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir, kept[k]);
    char *after = tu_slurp(path, &len);
    assert_int_equal(len, len0[k]);
    assert_memory_equal(after, before[k], len);
    free(after); free(before[k]);
  }
  /* The same directory reused for another scale or thread count: the first unit is refused by
     name, and so is a checkpoint of another thread count when the unit is not finished. */
  assert_int_equal(chen_reproduce("quick", dir, 1, -1, 2, err, sizeof err), -1);
  assert_non_null(strstr(err, "another scale"));
  assert_non_null(strstr(err, "theory_L2_H1_sigma0.1_seed0.done"));
  snprintf(path, sizeof path, "%s/runs/theory_L2_H1_sigma0.1_seed0.done", dir);
  assert_int_equal(unlink(path), 0);
  assert_int_equal(chen_reproduce("smoke", dir, 1, -1, 1, err, sizeof err), -1);
  assert_non_null(strstr(err, "theory_L2_H1_sigma0.1_seed0.ckpt' was made with another scale, grid "
    "or thread count"));
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

/* A checkpoint of the pipeline analyzed on its own (the GPT-2 family of the smoke grid, at the
   pipeline's thread count) gives the pipeline's five files byte for byte; bad files are refused. */
static void test_analyze_checkpoint_matches_pipeline(void **state)
{
  (void) state;
  char dir[64], err[512], path[512];
  mkstemp_template(dir, sizeof dir, "/tmp/mhicl-chen-");
  assert_non_null(mkdtemp(dir));
  if (chen_reproduce("smoke", dir, 1, FAMILY_GPT2, 2, err, sizeof err) != 0) fail_msg("%s", err);
  /* One checkpoint analyzed on its own gives the pipeline's five files, byte for byte. */
  char dir2[64];
  mkstemp_template(dir2, sizeof dir2, "/tmp/mhicl-analyze-");
  assert_non_null(mkdtemp(dir2));
  snprintf(path, sizeof path, "%s/runs/gpt2_L2_H4_sigma0.1_seed0.ckpt", dir);
  if (chen_analyze_checkpoint(path, "smoke", dir2, 2, err, sizeof err) != 0) fail_msg("%s", err);
  const char *kinds[] = { "length", "heads", "pruning", "probe_linear", "probe_gd" };
  for (int k = 0; k < 5; k++) {
    size_t la, lb;
    snprintf(path, sizeof path, "%s/runs/gpt2_L2_H4_sigma0.1_seed0.%s.csv", dir, kinds[k]);
    char *a = tu_slurp(path, &la);
    snprintf(path, sizeof path, "%s/runs/gpt2_L2_H4_sigma0.1_seed0.%s.csv", dir2, kinds[k]);
    char *b = tu_slurp(path, &lb);
    assert_int_equal(la, lb);
    assert_memory_equal(a, b, la);
    free(a); free(b);
  }
  /* A file that is not a checkpoint: the loader's one-line error, nothing written. */
  snprintf(path, sizeof path, "%s/chen_runs.csv", dir);
  assert_int_equal(chen_analyze_checkpoint(path, "smoke", dir2, 1, err, sizeof err), -1);
  assert_non_null(strstr(err, "not an mhicl checkpoint"));
  assert_null(strchr(err, '\n'));
  snprintf(path, sizeof path, "%s/missing.ckpt", dir);
  assert_int_equal(chen_analyze_checkpoint(path, "smoke", dir2, 1, err, sizeof err), -1);
  assert_non_null(strstr(err, "cannot read checkpoint"));
  assert_int_equal(chen_analyze_checkpoint(path, "large", dir2, 1, err, sizeof err), -1);
  assert_non_null(strstr(err, "unknown scale"));
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", dir, dir2);
  assert_int_equal(system(cmd), 0);
}

/* The join of a grid with nothing done: every unit named while they fit, then how many more. */
static void test_join_names_unfinished_units(void **state)
{
  (void) state;
  grid_plan p;
  char err[4096], small[160];
  if (chen_plan("smoke", 1, -1, 2, "/nonexistent-dir/chen", &p, err, sizeof err) != 0)
    fail_msg("%s", err);
  assert_int_equal(p.count, 15);
  assert_string_equal(p.options, "--scale smoke --family both --seeds 1 --threads 2");
  assert_string_equal(p.identity, "chen --scale smoke --threads 2");
  assert_int_equal(grid_join(&p, err, sizeof err), -1);
  assert_non_null(strstr(err, "15 of 15 units not finished: theory_L2_H1_sigma0.1_seed0, "));
  assert_non_null(strstr(err, ", baselines_sigma0.5_seed0"));
  assert_null(strstr(err, "more"));
  assert_int_equal(grid_join(&p, small, sizeof small), -1);
  assert_non_null(strstr(small, "15 of 15 units not finished: theory_L2_H1_sigma0.1_seed0, "));
  assert_non_null(strstr(small, " more"));
  assert_true(strlen(small) < sizeof small - 1);  /* not cut off */
  grid_plan_free(&p);
  /* A directory name too long to hold the units' files: refused when the plan is made. */
  char longdir[200];
  memset(longdir, 'a', sizeof longdir - 1);
  longdir[sizeof longdir - 1] = '\0';
  assert_int_equal(chen_plan("smoke", 1, -1, 2, longdir, &p, err, sizeof err), -1);
  assert_non_null(strstr(err, "output directory name too long"));
}

static void test_reproduce_reports_unwritable_directory(void **state)
{
  (void) state;
  char err[512];
  assert_int_equal(chen_reproduce("smoke", "/nonexistent-dir/chen", 1, -1, 1, err, sizeof err), -1);
  assert_non_null(strstr(err, "cannot create directory"));
  assert_int_equal(chen_reproduce("large", "/tmp", 1, -1, 1, err, sizeof err), -1);
  assert_non_null(strstr(err, "unknown scale"));
}


/* The grid in units (the section on plans, units and joins). The smoke grid run in one process is
   the reference; it is made once and shared by the tests that compare with it. */
static char one_dir[64];
static const char *const joined[] = { "chen_runs.csv", "chen_length.csv", "chen_heads.csv",
  "chen_pruning.csv", "chen_probe_linear.csv", "chen_probe_gd.csv", "chen_baselines.csv",
  "chen_pruning_summary.csv" };
#define N_JOINED (sizeof joined / sizeof joined[0])

#define program_path tu_program
#define shell tu_shell

/* The program itself, not this test's process: the bits depend on the OpenBLAS kernels, which the
   program chooses for itself (the support chapter). */
static const char *one_process_grid(void)
{
  if (one_dir[0] == '\0') {
    char prog[512];
    program_path(prog, sizeof prog);
    mkstemp_template(one_dir, sizeof one_dir, "/tmp/mhicl-one-");
    assert_non_null(mkdtemp(one_dir));
    assert_int_equal(shell("'%s' reproduce chen --scale smoke --family both --out '%s' "
      "> /dev/null 2>&1", prog, one_dir), 0);
  }
  return one_dir;
}

static void assert_joined_equal(const char *dir)
{
  char a[512], b[512];
  for (size_t k = 0; k < N_JOINED; k++) {
    size_t la, lb;
    snprintf(a, sizeof a, "%s/%s", one_process_grid(), joined[k]);
    snprintf(b, sizeof b, "%s/%s", dir, joined[k]);
    char *x = tu_slurp(a, &la), *y = tu_slurp(b, &lb);
    if (la != lb || memcmp(x, y, la) != 0) fail_msg("%s differs from %s", b, a);
    free(x); free(y);
  }
}

static size_t read_lines(const char *path, char lines[][1024], size_t max)
{
  FILE *f = fopen(path, "r");
  if (f == NULL) fail_msg("missing %s", path);
  size_t n = 0;
  while (n < max && fgets(lines[n], sizeof lines[n], f)) lines[n][strcspn(lines[n], "\n")] = '\0', n++;
  fclose(f);
  return n;
}

/* The plan of the smoke grid, made in |base| with a relative --out whose name needs quoting; the
   run directory is |base|/unit's grid. */
static size_t smoke_plan(const char *base, const char *prog, char lines[][1024], size_t max)
{
  assert_int_equal(shell("cd '%s' && '%s' reproduce chen --scale smoke --family both "
    "--out \"unit's grid\" --plan > plan.txt", base, prog), 0);
  char path[512];
  snprintf(path, sizeof path, "%s/plan.txt", base);
  return read_lines(path, lines, max);
}

static void test_units_in_reverse_match_one_process(void **state)
{
  (void) state;
  char base[64], prog[512], path[1024], dir[512], lines[32][1024];
  program_path(prog, sizeof prog);
  mkstemp_template(base, sizeof base, "/tmp/mhicl-grid-");
  assert_non_null(mkdtemp(base));
  size_t n = smoke_plan(base, prog, lines, 32);
  /* 12 models and the estimators at 3 noise levels; each line names the program and the
     directory absolutely, the directory quoted for the shell. */
  assert_int_equal(n, 15);
  snprintf(dir, sizeof dir, "%s/unit's grid", base);
  char expect[2048];
  snprintf(expect, sizeof expect, "%s reproduce chen --scale smoke --family both --seeds 1 "
    "--threads 2 --out '%s/unit'\\''s grid' --unit theory_L2_H1_sigma0.1_seed0", prog, base);
  assert_string_equal(lines[0], expect);
  /* The units in reverse order, two at a time, each in its own process, started from '/'. */
  snprintf(path, sizeof path, "%s/reverse.sh", base);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fprintf(f, "cd /\n");
  for (size_t i = n; i > 0; i -= i >= 2 ? 2 : 1) {
    if (i >= 2)
      fprintf(f, "%s & a=$!\n%s & b=$!\nwait $a; s=$?; wait $b; [ $? = 0 ] && [ $s = 0 ] || exit 1\n",
        lines[i - 1], lines[i - 2]);
    else fprintf(f, "%s || exit 1\n", lines[0]);
  }
  fclose(f);
  if (shell("sh '%s/reverse.sh' > '%s/units.log' 2>&1", base, base) != 0) {
    /* name what failed: the log's lines other than progress */
    snprintf(path, sizeof path, "%s/units.log", base);
    size_t m = read_lines(path, lines, 32), shown = 0;
    for (size_t i = 0; i < m; i++)
      if (strncmp(lines[i], "train:", 6) != 0 && strncmp(lines[i], "reproduce: unit", 15) != 0
          && strstr(lines[i], "finished") == NULL && shown++ < 4)
        print_message("units.log: %s\n", lines[i]);
    fail_msg("units run two at a time failed; their log is %s", path);
  }
  /* A finished unit run again does nothing: its .done file keeps its bytes. */
  size_t l0, l1;
  snprintf(path, sizeof path, "%s/runs/gpt2_L2_H4_sigma0.1_seed0.done", dir);
  char *before = tu_slurp(path, &l0);
  assert_int_equal(shell("%s > '%s/again.txt'", lines[7], base), 0);
  char *after = tu_slurp(path, &l1);
  assert_int_equal(l0, l1);
  assert_memory_equal(before, after, l0);
  free(before); free(after);
  char out[2][1024];
  snprintf(path, sizeof path, "%s/again.txt", base);
  assert_int_equal(read_lines(path, out, 2), 1);
  assert_string_equal(out[0], "reproduce chen: unit gpt2_L2_H4_sigma0.1_seed0 was finished already");
  /* A join with one unit unfinished: one line naming it, status 1, no joined file. */
  snprintf(path, sizeof path, "%s/runs/theory_L2_H4_sigma0.1_seed0.done", dir);
  assert_int_equal(unlink(path), 0);
  assert_int_equal(shell("cd '%s' && '%s' reproduce chen --scale smoke --family both "
    "--out \"unit's grid\" --join > join.out 2> join.err", base, prog), 1);
  snprintf(path, sizeof path, "%s/join.err", base);
  assert_int_equal(read_lines(path, out, 2), 1);
  assert_string_equal(out[0], "mhicl: 1 of 15 units not finished: theory_L2_H4_sigma0.1_seed0");
  for (size_t k = 0; k < N_JOINED; k++) {
    snprintf(path, sizeof path, "%s/%s", dir, joined[k]);
    assert_int_equal(access(path, F_OK), -1);
  }
  /* The unit rerun (its checkpoint and analyses are there: it only finishes), then the join. */
  assert_int_equal(shell("%s > /dev/null 2>&1", lines[1]), 0);
  assert_int_equal(shell("cd '%s' && '%s' reproduce chen --scale smoke --family both "
    "--out \"unit's grid\" --join > join.out", base, prog), 0);
  assert_joined_equal(dir);
  assert_int_equal(shell("rm -rf '%s'", base), 0);
}

/* tools/slurm-array.sh against a stand-in for sbatch that runs a job at once, an array's tasks
   in reverse order, and checks that the join depends on the array. */
static const char fake_sbatch[] =
  "#!/bin/sh\n"
  "array=; dep=\n"
  "for a in \"$@\"; do case $a in --array=*) array=${a#--array=} ;;"
  " --dependency=*) dep=${a#--dependency=} ;; esac; done\n"
  "n=$(cat \"$FAKE/count\" 2>/dev/null || echo 100); n=$((n + 1)); echo $n > \"$FAKE/count\"\n"
  "cat > \"$FAKE/job$n.sh\"\n"
  "echo \"job $n: $*\" >> \"$FAKE/sbatch.log\"\n"
  "if [ -n \"$array\" ]; then\n"
  "  i=${array#*-}\n"
  "  while [ $i -ge ${array%-*} ]; do\n"
  "    (cd / && SLURM_ARRAY_TASK_ID=$i sh \"$FAKE/job$n.sh\") >> \"$FAKE/jobs.log\" 2>&1 || exit 1\n"
  "    i=$((i - 1))\n"
  "  done\n"
  "else\n"
  "  [ \"$dep\" = \"afterok:$((n - 1))\" ] || exit 1\n"
  "  sh \"$FAKE/job$n.sh\" >> \"$FAKE/jobs.log\" 2>&1 || exit 1\n"
  "fi\n"
  "echo \"$n;cluster\"\n";

static void test_slurm_array_script_runs_plan_and_join(void **state)
{
  (void) state;
  char base[64], prog[512], path[1024], dir[512], lines[32][1024];
  if (access("tools/slurm-array.sh", R_OK) != 0) fail_msg("run from the repository's root");
  program_path(prog, sizeof prog);
  mkstemp_template(base, sizeof base, "/tmp/mhicl-slurm-");
  assert_non_null(mkdtemp(base));
  assert_int_equal(smoke_plan(base, prog, lines, 32), 15);
  snprintf(path, sizeof path, "%s/sbatch", base);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(fake_sbatch, f);
  fclose(f);
  assert_int_equal(chmod(path, 0755), 0);
  assert_int_equal(shell("FAKE='%s' PATH='%s':\"$PATH\" sh tools/slurm-array.sh '%s/plan.txt' "
    "--cpus-per-task=2 > '%s/submit.txt'", base, base, base, base), 0);
  snprintf(path, sizeof path, "%s/submit.txt", base);
  char out[4][1024];
  assert_int_equal(read_lines(path, out, 4), 1);
  assert_string_equal(out[0], "units: job array 101 (15 tasks); join: job 102");
  snprintf(path, sizeof path, "%s/sbatch.log", base);
  assert_int_equal(read_lines(path, out, 4), 2);
  assert_non_null(strstr(out[0], "--array=1-15 --cpus-per-task=2"));
  assert_non_null(strstr(out[1], "--dependency=afterok:101"));
  assert_non_null(strstr(out[1], "--cpus-per-task=2"));
  snprintf(dir, sizeof dir, "%s/unit's grid", base);
  assert_joined_equal(dir);
  /* Not a plan: one line, status 2. */
  assert_int_equal(shell("sh tools/slurm-array.sh '%s/sbatch.log' 2> /dev/null", base), 2);
  assert_int_equal(shell("rm -rf '%s'", base), 0);
}


static void test_grid_commands_reject_bad_options(void **state)
{
  (void) state;
  char base[64], prog[512], path[1024], out[4][1024];
  program_path(prog, sizeof prog);
  mkstemp_template(base, sizeof base, "/tmp/mhicl-bad-");
  assert_non_null(mkdtemp(base));
  const char *bad[] = { "--plan --join", "--unit nosuch_unit", "--unit", "--analyze x.ckpt --plan" };
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    assert_int_equal(shell("cd '%s' && '%s' reproduce chen --scale smoke --out grid %s "
      "> out.txt 2> err.txt", base, prog, bad[k]), 2);
    snprintf(path, sizeof path, "%s/err.txt", base);
    assert_int_equal(read_lines(path, out, 4), 1);
    snprintf(path, sizeof path, "%s/out.txt", base);
    assert_int_equal(read_lines(path, out, 4), 0);
    snprintf(path, sizeof path, "%s/grid", base);
    assert_int_equal(access(path, F_OK), -1);
  }
  /* --out naming a file, and a folder whose parent is missing: one line naming the folder and
     the reason, status 2, the file untouched and nothing made. */
  const char *outs[2][2] = { { "afile", "it exists and is not a folder" },
                             { "missing/grid", "No such file or directory" } };
  snprintf(path, sizeof path, "%s/afile", base);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("keep\n", f);
  fclose(f);
  for (size_t k = 0; k < 2; k++) {
    assert_int_equal(shell("cd '%s' && '%s' reproduce chen --scale smoke --out %s "
      "--unit baselines_sigma0_seed0 > out.txt 2> err.txt", base, prog, outs[k][0]), 2);
    snprintf(path, sizeof path, "%s/err.txt", base);
    assert_int_equal(read_lines(path, out, 4), 1);
    assert_non_null(strstr(out[0], "--out: cannot make the folder"));
    assert_non_null(strstr(out[0], outs[k][1]));
  }
  size_t len;
  snprintf(path, sizeof path, "%s/afile", base);
  char *kept = tu_slurp(path, &len);
  assert_int_equal(len, 5);
  assert_memory_equal(kept, "keep\n", 5);
  free(kept);
  snprintf(path, sizeof path, "%s/missing", base);
  assert_int_equal(access(path, F_OK), -1);
  assert_int_equal(shell("rm -rf '%s'", base), 0);
}

static int remove_one_process_grid(void **state)
{
  (void) state;
  if (one_dir[0] != '\0' && shell("rm -rf '%s'", one_dir) != 0) return -1;
  return 0;
}

/* The tuned estimators of the reproduction never do worse than predicting zero: at the quick
   scale, at sigma = 0 and 0.1 (where a step tuned on the tuning prompts alone once diverged on an
   evaluation prompt) in both seeds, every tuned method's mean risk is at most the zero
   predictor's, E|beta|^2 = b^2 = 1, plus four of the zero predictor's standard errors,
   b^2 sqrt(2/s) / sqrt(prompts) (|beta|^2 is b^2/s times a chi-square with s degrees of freedom).
   Not vacuous: at the longest length each is below a tenth of it.  Under MHICL_QUICK one seed
   and one noise level (seed 0, sigma 0.1: the case that reached 1.6e9). */
static void test_tuned_baselines_beat_zero_predictor(void **state)
{
  (void) state;
  char dir[64], err[512], path[512], line[1024];
  mkstemp_template(dir, sizeof dir, "/tmp/mhicl-base-");
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/runs", dir);
  assert_int_equal(mkdir(path, 0777), 0);
  const chen_scale *sc = chen_scale_named("quick");
  assert_non_null(sc);
  const double zero_risk = 1.0;
  const double zero_se = sqrt(2.0 / (double) sc->s) / sqrt((double) sc->length_prompts);
  const double sigmas[2] = { 0.1, 0.0 };
  size_t seeds = tu_quick() ? 1 : 2, levels = tu_quick() ? 1 : 2, checked = 0;
  for (uint64_t seed = 0; seed < seeds; seed++)
    for (size_t k = 0; k < levels; k++) {
      if (chen_baselines(sc, sigmas[k], seed, dir, err, sizeof err) != 0) fail_msg("%s", err);
      snprintf(path, sizeof path, "%s/runs/baselines_sigma%g_seed%llu.csv", dir, sigmas[k],
        (unsigned long long) seed);
      FILE *f = fopen(path, "r");
      assert_non_null(f);
      assert_non_null(fgets(line, sizeof line, f));
      while (fgets(line, sizeof line, f)) {
        char method[32];
        size_t n;
        double risk;
        assert_int_equal(sscanf(line, "%*[^,],%*[^,],%31[^,],%zu,%lf", method, &n, &risk), 3);
        if (strcmp(method, "gd") && strcmp(method, "ridge") && strcmp(method, "lasso")
            && strcmp(method, "pto")) continue;
        if (!(risk <= zero_risk + 4.0 * zero_se))
          fail_msg("%s at n = %zu, sigma %g, seed %llu: risk %g above the zero predictor's %g"
            " + 4 x %g", method, n, sigmas[k], (unsigned long long) seed, risk, zero_risk,
            zero_se);
        if (n == sc->n && !(risk < 0.1 * zero_risk))
          fail_msg("%s at n = %zu: risk %g, not below a tenth of the zero predictor's", method,
            n, risk);
        checked++;
      }
      fclose(f);
    }
  assert_int_equal(checked, seeds * levels * 8 * 4);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

int main(void)
{
  tu_setup_library();
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_run_list),
    cmocka_unit_test(test_smoke_pipeline_and_resume),
    cmocka_unit_test(test_analyze_checkpoint_matches_pipeline),
    cmocka_unit_test(test_reproduce_reports_unwritable_directory),
    cmocka_unit_test(test_join_names_unfinished_units),
    cmocka_unit_test(test_units_in_reverse_match_one_process),
    cmocka_unit_test(test_slurm_array_script_runs_plan_and_join),
    cmocka_unit_test(test_grid_commands_reject_bad_options),
    cmocka_unit_test(test_tuned_baselines_beat_zero_predictor),
  };
  return cmocka_run_group_tests_name("reproduce", tests, NULL, remove_one_process_grid);
}
