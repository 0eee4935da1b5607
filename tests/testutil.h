/* Shared helpers of the mhicl cmocka tests: one tolerance check used everywhere, a Monte-Carlo
   check, and random prompts. */
#ifndef MHICL_TESTUTIL_H
#define MHICL_TESTUTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

/* |a - b| <= abs_tol + rel_tol * max(|a|, |b|); on failure prints both values and the tolerance. */
#define assert_close(a, b, abs_tol, rel_tol) \
  _assert_close((a), (b), (abs_tol), (rel_tol), #a, #b, __FILE__, __LINE__)
void _assert_close(double a, double b, double abs_tol, double rel_tol, const char *ea,
  const char *eb, const char *file, int line);

/* A Monte-Carlo mean agrees with its exact value within k standard errors. */
#define assert_within_se(mean, se, exact, k) \
  _assert_within_se((mean), (se), (exact), (k), #mean, __FILE__, __LINE__)
void _assert_within_se(double mean, double se, double exact, double k, const char *what,
  const char *file, int line);

/* a < b with the reason printed on failure */
#define assert_less(a, b) _assert_less((a), (b), #a, #b, __FILE__, __LINE__)
void _assert_less(double a, double b, const char *ea, const char *eb, const char *file, int line);

void tu_setup_library(void);  /* GSL error handler, single-threaded BLAS */
gsl_rng *tu_rng(uint64_t k);  /* a fixed-seed stream for test number k */
void fill_gaussian(gsl_matrix *X, gsl_rng *rng);
double max_abs_diff(const gsl_vector *a, const gsl_vector *b);
double vec_norm_inf(const gsl_vector *a);
int tu_quick(void);  /* nonzero under MHICL_QUICK=1 (sanitizer runs): smaller Monte Carlo */

/* Files, for the tests of the file guarantees (support, cli, train). */
void tu_tmp_dir(char *dir, size_t size, const char *prefix);  /* a new folder prefix + 6 letters */
void tu_remove_tree(const char *dir);
void tu_write_text(const char *path, const char *text);
size_t tu_count_temps(const char *dir);  /* entries of dir with ".tmp." in their names */
int tu_shell(const char *fmt, ...) __attribute__((format(printf, 1, 2)));  /* a command's exit status */
void tu_program(char *buf, size_t size);  /* the program under test: $MHICL (else ./mhicl), absolute */
char *tu_slurp(const char *path, size_t *len);  /* a whole file, malloc'd; fails the test if missing */
size_t tu_csv_rows(const char *dir, const char *name, char *header, size_t size);  /* rows after the header */
#endif
