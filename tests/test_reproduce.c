/* Tests of the experiments chapter (chapters/reproduce.w): the whole pipeline at the smoke scale
   (d = 4, 30 training steps per model), its outputs, and that a rerun after losing files
   recomputes them bit for bit (resumability and determinism at a fixed thread count). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <math.h>
#include <sys/stat.h>
#include "testutil.h"
#include "support.h"
#include "reproduce.h"

static size_t rows_of(const char *dir, const char *name, char *header, size_t size)
{
  char path[512], line[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "r");
  if (f == NULL) fail_msg("missing %s", path);
  assert_non_null(fgets(header, (int) size, f));
  size_t n = 0;
  while (fgets(line, sizeof line, f)) n++;
  fclose(f);
  return n;
}

static char *slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  char *buf = NULL;
  size_t cap = 0, n = 0, got;
  do {
    if (n + 4096 > cap) { cap = 2 * cap + 4096; buf = realloc(buf, cap); }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
  } while (got > 0);
  fclose(f);
  *len = n;
  return buf;
}

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
  assert_int_equal(rows_of(dir, "chen_runs.csv", header, sizeof header), 12);
  assert_int_equal(rows_of(dir, "chen_length.csv", header, sizeof header), 12 * 8);
  assert_string_equal(header, "run,family,layers,heads,sigma,seed,length,risk,se\n");
  /* heads: each run has 2 layers of 1 or 4 heads: 6 x 2 + 6 x 8 */
  assert_int_equal(rows_of(dir, "chen_heads.csv", header, sizeof header), 6 * 2 + 6 * 8);
  /* pruning: full, pruned, one later layer, layer 1 to its best head */
  assert_int_equal(rows_of(dir, "chen_pruning.csv", header, sizeof header), 12 * 4);
  assert_int_equal(rows_of(dir, "chen_probe_linear.csv", header, sizeof header), 12 * 3);
  assert_int_equal(rows_of(dir, "chen_probe_gd.csv", header, sizeof header), 12 * 3 * 6);
  assert_int_equal(rows_of(dir, "chen_baselines.csv", header, sizeof header), 3 * 8 * 6);
  /* one summary row per family and noise level */
  assert_int_equal(rows_of(dir, "chen_pruning_summary.csv", header, sizeof header), 2 * 3);
  /* Lose an analysis, a combined file and a checkpoint; the rerun restores them exactly. */
  const char *kept[] = { "chen_heads.csv", "chen_probe_gd.csv", "chen_length.csv" };
  char path[512];
  size_t len0[3];
  char *before[3];
  for (int k = 0; k < 3; k++) {
    snprintf(path, sizeof path, "%s/%s", dir, kept[k]);
    before[k] = slurp(path, &len0[k]);
  }
  snprintf(path, sizeof path, "%s/runs/gpt2_L2_H4_sigma0.1_seed0.probe_gd.csv", dir);
  assert_int_equal(unlink(path), 0);
  snprintf(path, sizeof path, "%s/runs/theory_L2_H4_sigma0.1_seed0.ckpt", dir);
  assert_int_equal(unlink(path), 0);
  snprintf(path, sizeof path, "%s/runs/theory_L2_H4_sigma0.1_seed0.probe_gd.csv", dir);
  assert_int_equal(unlink(path), 0);
  snprintf(path, sizeof path, "%s/chen_heads.csv", dir);
  assert_int_equal(unlink(path), 0);
  if (chen_reproduce("smoke", dir, 1, -1, 2, err, sizeof err) != 0) fail_msg("%s", err);
  for (int k = 0; k < 3; k++) {
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir, kept[k]);
    char *after = slurp(path, &len);
    assert_int_equal(len, len0[k]);
    assert_memory_equal(after, before[k], len);
    free(after); free(before[k]);
  }
  /* The same directory reused for another scale: the first checkpoint is refused by name. */
  assert_int_equal(chen_reproduce("quick", dir, 1, -1, 2, err, sizeof err), -1);
  assert_non_null(strstr(err, "another scale"));
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
    char *a = slurp(path, &la);
    snprintf(path, sizeof path, "%s/runs/gpt2_L2_H4_sigma0.1_seed0.%s.csv", dir2, kinds[k]);
    char *b = slurp(path, &lb);
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

static void test_reproduce_reports_unwritable_directory(void **state)
{
  (void) state;
  char err[512];
  assert_int_equal(chen_reproduce("smoke", "/nonexistent-dir/chen", 1, -1, 1, err, sizeof err), -1);
  assert_non_null(strstr(err, "cannot create directory"));
  assert_int_equal(chen_reproduce("large", "/tmp", 1, -1, 1, err, sizeof err), -1);
  assert_non_null(strstr(err, "unknown scale"));
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
    cmocka_unit_test(test_tuned_baselines_beat_zero_predictor),
  };
  return cmocka_run_group_tests_name("reproduce", tests, NULL, NULL);
}
