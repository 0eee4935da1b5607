#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_randist.h>
#include "support.h"
#include "testutil.h"

void _assert_close(double a, double b, double abs_tol, double rel_tol, const char *ea,
  const char *eb, const char *file, int line)
{
  double tol = abs_tol + rel_tol * fmax(fabs(a), fabs(b));
  if (!(fabs(a - b) <= tol)) {
    print_error("%s = %.17g and %s = %.17g differ by %.3g > tolerance %.3g\n", ea, a, eb, b,
      fabs(a - b), tol);
    _fail(file, line);
  }
}

void _assert_within_se(double mean, double se, double exact, double k, const char *what,
  const char *file, int line)
{
  if (!(fabs(mean - exact) <= k * se)) {
    print_error("%s = %.8g +- %.3g (s.e.) is %.2f s.e. from the exact %.8g (allowed %.1f)\n",
      what, mean, se, fabs(mean - exact) / se, exact, k);
    _fail(file, line);
  }
}

void _assert_less(double a, double b, const char *ea, const char *eb, const char *file, int line)
{
  if (!(a < b)) {
    print_error("expected %s = %.8g < %s = %.8g\n", ea, a, eb, b);
    _fail(file, line);
  }
}

void tu_setup_library(void)
{
  mhicl_install_gsl_handler();
  mhicl_blas_single_thread();
}

gsl_rng *tu_rng(uint64_t k)
{
  gsl_rng *rng = mhicl_rng_alloc();
  mhicl_rng_seek(rng, 20261123, STREAM_TEST, k);
  return rng;
}

void fill_gaussian(gsl_matrix *X, gsl_rng *rng)
{
  for (size_t i = 0; i < X->size1; i++)
    for (size_t j = 0; j < X->size2; j++) gsl_matrix_set(X, i, j, gsl_ran_gaussian(rng, 1.0));
}

double max_abs_diff(const gsl_vector *a, const gsl_vector *b)
{
  double m = 0.0;
  for (size_t i = 0; i < a->size; i++) m = fmax(m, fabs(gsl_vector_get(a, i) - gsl_vector_get(b, i)));
  return m;
}

double vec_norm_inf(const gsl_vector *a)
{
  double m = 0.0;
  for (size_t i = 0; i < a->size; i++) m = fmax(m, fabs(gsl_vector_get(a, i)));
  return m;
}

int tu_quick(void)
{
  const char *q = getenv("MHICL_QUICK");
  return q != NULL && q[0] == '1';
}

void tu_tmp_dir(char *dir, size_t size, const char *prefix)
{
  assert_true(strlen(prefix) + 7 <= size);
  size_t k = (size_t) snprintf(dir, size, "%s", prefix);
  memset(dir + k, 'X', 6);  /* the pattern mkdtemp replaces */
  dir[k + 6] = '\0';
  assert_non_null(mkdtemp(dir));
}

void tu_remove_tree(const char *dir)
{
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  assert_int_equal(system(cmd), 0);
}

void tu_write_text(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  assert_int_equal(fclose(f), 0);
}

size_t tu_count_temps(const char *dir)
{
  char cmd[512];
  snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -c '[.]tmp[.]'", dir);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  unsigned long n = 0;
  if (fscanf(p, "%lu", &n) != 1) n = 0;
  pclose(p);
  return n;
}

int tu_shell(const char *fmt, ...)
{
  char cmd[4096];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(cmd, sizeof cmd, fmt, ap);
  va_end(ap);
  int st = system(cmd);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void tu_program(char *buf, size_t size)
{
  const char *prog = getenv("MHICL") ? getenv("MHICL") : "./mhicl";
  char cwd[256];
  if (access(prog, X_OK) != 0) fail_msg("cannot run the program '%s'", prog);
  if (prog[0] == '/') { snprintf(buf, size, "%s", prog); return; }
  assert_non_null(getcwd(cwd, sizeof cwd));
  snprintf(buf, size, "%s/%s", cwd, prog);
}

char *tu_slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL) fail_msg("missing %s", path);
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

size_t tu_csv_rows(const char *dir, const char *name, char *header, size_t size)
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
