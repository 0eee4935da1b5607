@* Tasks: in-context linear regression prompts.
@^task sampler@>
A {\it task} is one prompt: a vector $\beta\in\Reals^d$, $n$ context points
$(x_i,y_i)$ with
$$x_i\sim N(0,\Sigma),\qquad y_i=\beta\tp  x_i+\sigma\varepsilon_i,\qquad
\varepsilon_i\sim N(0,1),$$
and a query $(x_q,y_q)$ drawn the same way. The vector $\beta$ is drawn afresh for every task from
one of three priors, all scaled so that $\Ex\norm\beta^2=b^2$ (the {\it signal scale} $b$, 1 by
default), which keeps the signal-to-noise ratio $b^2/\sigma^2$ the same whichever prior is used:
\item{$\bullet$} {\it dense}: $\beta\sim N(0,(b^2/d)I_d)$;
\item{$\bullet$} {\it sparse Gaussian}: a support $S$ of $s$ coordinates chosen uniformly, and
$\beta_j\sim N(0,b^2/s)$ for $j\in S$ (the default);
\item{$\bullet$} {\it sparse sign}: the same support, and $\beta_j=\pm b/\sqrt s$ with equal
probability, so that $\norm\beta=b$ exactly.

\noindent Chen, Zhao and Zou study the sparse case; the dense case is the one of Garg et al.\ and He
et al.

@(generated/tasks.h@>=
#ifndef MHICL_TASKS_H
#define MHICL_TASKS_H
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
@<Task types@>@;
@<Task declarations@>@;
#endif

@ @(generated/tasks.c@>=
#include <math.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include "support.h"
#include "tasks.h"
@<Task functions@>@;

@ A |task_spec| says how tasks are drawn; a |task| holds one drawn prompt. The design matrix is
allocated for the largest prompt length |n_max| a run will use; a task drawn with $n\le n_{\max}$
points fills the first $n$ rows.

@<Task types@>=
typedef enum { BETA_DENSE, BETA_SPARSE_GAUSS, BETA_SPARSE_SIGN } beta_kind;

typedef struct {
  size_t d;  /* dimension of $x$ */
  size_t s;  /* nonzeros of $\beta$ (sparse priors) */
  beta_kind beta;  /* prior of $\beta$ */
  double b;  /* signal scale: $\Ex\norm\beta^2=b^2$ */
  double sigma;  /* noise level */
  gsl_matrix *Sigma;  /* covariance of $x$; |NULL| means $I_d$ */
  gsl_matrix *L;  /* its lower Cholesky factor, $\Sigma=LL\tp $ */
} task_spec;

typedef struct {
  size_t n_max, d;
  size_t n;  /* context points drawn */
  gsl_matrix *X;  /* $n_{\max}\times d$; rows $x_i\tp $ */
  gsl_vector *y;  /* $n_{\max}$ */
  gsl_vector *beta;  /* $d$ */
  gsl_vector *x_q;  /* the query, $d$ */
  double y_q;  /* its response */
  size_t *support;  /* the $s$ indices of the support, increasing */
  size_t s;  /* size of the support ($d$ for the dense prior) */
  gsl_vector *z;  /* scratch: a standard normal vector */
} task;

@ @<Task declarations@>=
void task_spec_init(task_spec *spec, size_t d, size_t s, beta_kind beta, double b,
  double sigma);
int task_spec_set_covariance(task_spec *spec, const gsl_matrix *Sigma);
void task_spec_free(task_spec *spec);
task *task_alloc(size_t n_max, size_t d);
void task_free(task *t);
void task_sample(const task_spec *spec, size_t n, uint64_t seed, uint64_t stream, uint64_t k,
  task *t);

@ @<Task functions@>=
void task_spec_init(task_spec *spec, size_t d, size_t s, beta_kind beta, double b,
  double sigma)
{
  spec->d = d; spec->s = (beta == BETA_DENSE) ? d : s;
  spec->beta = beta; spec->b = b; spec->sigma = sigma;
  spec->Sigma = NULL; spec->L = NULL;
}

void task_spec_free(task_spec *spec)
{
  if (spec->Sigma) gsl_matrix_free(spec->Sigma);
  if (spec->L) gsl_matrix_free(spec->L);
  spec->Sigma = spec->L = NULL;
}

@ A general covariance is given by its matrix; we keep a copy and its Cholesky factor, and
$x=Lz$ with $z\sim N(0,I)$ then has covariance $LL\tp =\Sigma$. A matrix that is not symmetric
positive definite is refused (the caller reports it).

@<Task functions@>=
int task_spec_set_covariance(task_spec *spec, const gsl_matrix *Sigma)
{
  size_t d = spec->d;
  if (Sigma->size1 != d || Sigma->size2 != d) return -1;
  for (size_t i = 0; i < d; i++)
    for (size_t j = 0; j < i; j++)
      if (gsl_matrix_get(Sigma, i, j) != gsl_matrix_get(Sigma, j, i)) return -1;
  gsl_matrix *L = gsl_matrix_alloc(d, d);
  gsl_matrix_memcpy(L, Sigma);
  mhicl_gsl_expect_errors(1);
  int status = gsl_linalg_cholesky_decomp1(L);
  mhicl_gsl_expect_errors(0);
  if (status != GSL_SUCCESS) { gsl_matrix_free(L); return -1; }
  for (size_t i = 0; i < d; i++)
    for (size_t j = i + 1; j < d; j++) gsl_matrix_set(L, i, j, 0.0);
  task_spec_free(spec);
  spec->Sigma = gsl_matrix_alloc(d, d);
  gsl_matrix_memcpy(spec->Sigma, Sigma);
  spec->L = L;
  return 0;
}

@ Two presets. The {\it AR(1)} covariance $\Sigma_{ij}=\rho^{\vert i-j\vert}$, positive
definite exactly when $\vert\rho\vert<1$, is set by |task_spec_set_ar1|, which refuses any other
$\rho$ (and a NaN). |task_spec_he2025| is the setting of He, Pan, Chen and Yang: the dense prior
with $b=1$, so $\beta\sim N(0,I_d/d)$, noise $\sigma^2$ on every response including the query's,
and $x\sim N(0,\Sigma)$ with the AR(1) covariance when $\rho\ne0$; their main runs take $d=5$,
$\sigma^2=0.1$ and $\rho=0$. Both return $-1$ on a bad $\rho$ (or a negative $\sigma^2$) before they change the spec. The
test |test_he_setting_preset| (in \.{tests/test\_softmax.c}, where the setting is used) checks
the moments $\Ex\norm\beta^2=1$, $\Ex y_q^2=1+\sigma^2$ and $\Ex x_1x_2=\rho$, and the refusals.

@<Task declarations@>=
int task_spec_set_ar1(task_spec *spec, double rho);
int task_spec_he2025(task_spec *spec, size_t d, double sigma2, double rho);

@ @<Task functions@>=
int task_spec_set_ar1(task_spec *spec, double rho)
{
  if (!(rho > -1.0 && rho < 1.0)) return -1;
  size_t d = spec->d;
  gsl_matrix *Sigma = gsl_matrix_alloc(d, d);
  for (size_t i = 0; i < d; i++)
    for (size_t j = 0; j < d; j++)
      gsl_matrix_set(Sigma, i, j, pow(rho, fabs((double) i - (double) j)));
  int status = task_spec_set_covariance(spec, Sigma);
  gsl_matrix_free(Sigma);
  return status;
}

int task_spec_he2025(task_spec *spec, size_t d, double sigma2, double rho)
{
  if (!(rho > -1.0 && rho < 1.0) || !(sigma2 >= 0.0)) return -1;
  task_spec_init(spec, d, d, BETA_DENSE, 1.0, sqrt(sigma2));
  return rho == 0.0 ? 0 : task_spec_set_ar1(spec, rho);
}

@ @<Task functions@>=
task *task_alloc(size_t n_max, size_t d)
{
  task *t = xmalloc(sizeof *t);
  t->n_max = n_max; t->d = d; t->n = 0;
  t->X = gsl_matrix_alloc(n_max, d);
  t->y = gsl_vector_alloc(n_max);
  t->beta = gsl_vector_alloc(d);
  t->x_q = gsl_vector_alloc(d);
  t->z = gsl_vector_alloc(d);
  t->support = xmalloc(d * sizeof(size_t));
  t->s = 0; t->y_q = 0.0;
  return t;
}

void task_free(task *t)
{
  if (t == NULL) return;
  gsl_matrix_free(t->X); gsl_vector_free(t->y); gsl_vector_free(t->beta);
  gsl_vector_free(t->x_q); gsl_vector_free(t->z); free(t->support); free(t);
}

@ The order of the draws is part of the specification, because it is what makes prompts of
different lengths consistent: first $\beta$, then the query, then the context points one at a
time, each $x_i$ followed by its noise. A task drawn with $n$ points is therefore exactly the first
$n$ points of the same task drawn with $n'>n$ points, with the same $\beta$ and the same query.
Risk curves over $n$ use this: the estimators at $n$ and at $n'$ see nested data (common random
numbers), which makes the curves smooth at no cost.
@^common random numbers@>

@<Task functions@>=
static void draw_beta(const task_spec *spec, gsl_rng *rng, task *t);
static void draw_x(const task_spec *spec, gsl_rng *rng, task *t, gsl_vector *x);

void task_sample(const task_spec *spec, size_t n, uint64_t seed, uint64_t stream, uint64_t k,
  task *t)
{
  gsl_rng *rng = mhicl_rng_alloc();
  mhicl_rng_seek(rng, seed, stream, k);
  draw_beta(spec, rng, t);
  draw_x(spec, rng, t, t->x_q);
  double dot;
  gsl_blas_ddot(t->beta, t->x_q, &dot);
  t->y_q = dot + spec->sigma * gsl_ran_gaussian_ziggurat(rng, 1.0);
  for (size_t i = 0; i < n; i++) {
    gsl_vector_view row = gsl_matrix_row(t->X, i);
    draw_x(spec, rng, t, &row.vector);
    gsl_blas_ddot(t->beta, &row.vector, &dot);
    gsl_vector_set(t->y, i, dot + spec->sigma * gsl_ran_gaussian_ziggurat(rng, 1.0));
  }
  t->n = n;
  gsl_rng_free(rng);
}

@ The support is a uniform $s$-subset, drawn with |gsl_ran_choose|, which returns it in
increasing order.

@<Task functions@>=
static void draw_beta(const task_spec *spec, gsl_rng *rng, task *t)
{
  size_t d = spec->d;
  gsl_vector_set_zero(t->beta);
  if (spec->beta == BETA_DENSE) {
    double sd = spec->b / sqrt((double) d);
    for (size_t j = 0; j < d; j++) {
      t->support[j] = j;
      gsl_vector_set(t->beta, j, sd * gsl_ran_gaussian_ziggurat(rng, 1.0));
    }
    t->s = d;
    return;
  }
  size_t s = spec->s;
  size_t *all = xmalloc(d * sizeof(size_t));
  for (size_t j = 0; j < d; j++) all[j] = j;
  gsl_ran_choose(rng, t->support, s, all, d, sizeof(size_t));
  free(all);
  t->s = s;
  double scale = spec->b / sqrt((double) s);
  for (size_t a = 0; a < s; a++) {
    double v = (spec->beta == BETA_SPARSE_GAUSS) ? gsl_ran_gaussian_ziggurat(rng, 1.0)
      : (gsl_rng_uniform(rng) < 0.5 ? -1.0 : 1.0);
    gsl_vector_set(t->beta, t->support[a], scale * v);
  }
}

@ A point is $x=z$ for the identity and $x=Lz$ otherwise, with $z\sim N(0,I_d)$. The product is
formed row by row, $x_i=L_{ii}z_i+\sum_{j<i}L_{ij}z_j$ with the sum a dot product, rather than by
one call of OpenBLAS's triangular product |dtrmv|, which takes a lock around a work buffer on
every call: for the correlated models of He et al.\ ($d=5$) the lock and the call cost 6\% of
a unit's processor time (measurements appendix). The sums are those |dtrmv| forms for $d\le64$ (its block), so the bits are the same;
|test_task_correlated_draw_matches_dtrmv| checks it against |dtrmv| for $d=5$, 16 and 64.

@<Task functions@>=
static void draw_x(const task_spec *spec, gsl_rng *rng, task *t, gsl_vector *x)
{
  if (spec->L == NULL) {
    for (size_t j = 0; j < spec->d; j++) gsl_vector_set(x, j, gsl_ran_gaussian_ziggurat(rng, 1.0));
    return;
  }
  for (size_t j = 0; j < spec->d; j++) gsl_vector_set(t->z, j, gsl_ran_gaussian_ziggurat(rng, 1.0));
  for (size_t i = 0; i < spec->d; i++) {  /* $x=Lz$, row by row */
    double xi = gsl_matrix_get(spec->L, i, i) * gsl_vector_get(t->z, i);
    if (i > 0) {
      gsl_vector_const_view row = gsl_matrix_const_subrow(spec->L, i, 0, i);
      gsl_vector_const_view head = gsl_vector_const_subvector(t->z, 0, i);
      double dot;
      gsl_blas_ddot(&row.vector, &head.vector, &dot);
      xi += dot;
    }
    gsl_vector_set(x, i, xi);
  }
}

@ Tests. |test_task_reproducible_from_seed_and_index| draws tasks in two different
orders and checks that task $k$ is bitwise the same, and that a task drawn with $n$ points is the
prefix of the same task drawn with $2n$. |test_task_prior_and_covariance| checks
by Monte Carlo, within four standard errors, that $\Ex\norm\beta^2=b^2$ for each prior, that the
sparse priors have exactly $s$ nonzeros, and that the sample covariance of $x$ converges to a given
$\Sigma$ (an AR(1) matrix $\Sigma_{ij}=\rho^{\vert i-j\vert}$). Both are in
\.{tests/test\_tasks.c}.

@*1 Multi-task regression.
@^multi-task regression@>
@^superposition@>
He, Pan, Chen and Yang's second experiment (its authors' code) asks one layer to solve $N$ linear
regressions at once on the same covariates. With $x\sim N(0,I_d)$, task $k$ reads a window
$S_k$ of $d_k$ consecutive coordinates and has its own vector $\beta_k\sim N(0,I_{d_k})$, drawn
{\it unscaled} (so $\Ex\norm{\beta_k}^2=d_k$, unlike the single-task preset's $1$); every context
point carries one response per task,
$$y_{ik}=x_i[S_k]\tp\beta_k+\sqrt{d_k}\,\sigma_0\,\varepsilon_{ik},\qquad
\varepsilon_{ik}\sim N(0,1)\ \hbox{independent},$$
and the query's responses are {\it noiseless}, $y_{qk}=x_q[S_k]\tp\beta_k$. The authors take
$d=6$, $N=2$, $d_1=d_2=4$ (task 1 on coordinates 1--4, task 2 on 3--6, so that coordinates 3
and 4 are shared), $\sigma_0^2=0.1$ (context noise variance $0.4$) and $L=48$ context points. Then
$\Ex y_{ik}^2=d_k(1+\sigma_0^2)=4.4$ and $\Ex y_{qk}^2=d_k=4$.

|mt_spec_init| sets task 1 on the first $d_1$ coordinates and task 2 on the last $d_2$; the two
overlap on $d_1+d_2-d$ coordinates when that is positive. It refuses (returns $-1$) a window wider
than $d$ or empty, and a negative or NaN noise level.

@<Task types@>=
#define MT_MAX_TASKS 2
typedef struct {
  size_t d;  /* dimension of $x$ */
  size_t N;  /* tasks */
  size_t first[MT_MAX_TASKS], dim[MT_MAX_TASKS];  /* $S_k$: |dim[k]| coordinates from |first[k]| */
  double noise_std;  /* $\sigma_0$: task $k$'s context noise is $\sqrt{d_k}\,\sigma_0$ */
} mt_spec;

typedef struct {
  size_t n_max, d, N;
  size_t n;  /* context points drawn */
  gsl_matrix *X;  /* $n_{\max}\times d$ */
  gsl_matrix *Y;  /* $n_{\max}\times N$: $y_{ik}$ */
  gsl_matrix *beta;  /* $N\times d$: $\beta_k$ on $S_k$, zero elsewhere */
  gsl_vector *x_q;  /* $d$ */
  double y_q[MT_MAX_TASKS];  /* the query's responses, noiseless */
} mt_task;

@ @<Task declarations@>=
int mt_spec_init(mt_spec *spec, size_t d, size_t d1, size_t d2, double noise_std);
mt_task *mt_task_alloc(size_t n_max, size_t d, size_t N);
void mt_task_free(mt_task *t);
void mt_sample(const mt_spec *spec, size_t n, uint64_t seed, uint64_t stream, uint64_t k,
  mt_task *t);
void mt_task_view(const mt_spec *spec, const mt_task *t, size_t k, int whole, task *out);

@ @<Task functions@>=
int mt_spec_init(mt_spec *spec, size_t d, size_t d1, size_t d2, double noise_std)
{
  if (d < 1 || d1 < 1 || d2 < 1 || d1 > d || d2 > d || !(noise_std >= 0.0)) return -1;
  spec->d = d; spec->N = 2; spec->noise_std = noise_std;
  spec->first[0] = 0; spec->dim[0] = d1;
  spec->first[1] = d - d2; spec->dim[1] = d2;
  return 0;
}

mt_task *mt_task_alloc(size_t n_max, size_t d, size_t N)
{
  mt_task *t = xmalloc(sizeof *t);
  t->n_max = n_max; t->d = d; t->N = N; t->n = 0;
  t->X = gsl_matrix_alloc(n_max, d);
  t->Y = gsl_matrix_alloc(n_max, N);
  t->beta = gsl_matrix_calloc(N, d);
  t->x_q = gsl_vector_alloc(d);
  for (size_t k = 0; k < MT_MAX_TASKS; k++) t->y_q[k] = 0.0;
  return t;
}

void mt_task_free(mt_task *t)
{
  if (t == NULL) return;
  gsl_matrix_free(t->X); gsl_matrix_free(t->Y); gsl_matrix_free(t->beta);
  gsl_vector_free(t->x_q); free(t);
}

@ The draws come in a fixed order, as for a single task, and for the same reason (a prompt of
$n$ points is the first $n$ points of the same prompt drawn longer): $\beta_1,\ldots,\beta_N$,
then the query, then each context point's $x_i$ followed by its $N$ noises. A prompt depends on
(seed, stream, index) only.

@<Task functions@>=
static double mt_response(const mt_spec *spec, const mt_task *t, const gsl_vector *x, size_t k)
{
  double dot;
  gsl_vector_const_view xs = gsl_vector_const_subvector(x, spec->first[k], spec->dim[k]);
  gsl_vector_const_view bs = gsl_matrix_const_subrow(t->beta, k, spec->first[k], spec->dim[k]);
  gsl_blas_ddot(&xs.vector, &bs.vector, &dot);
  return dot;
}

void mt_sample(const mt_spec *spec, size_t n, uint64_t seed, uint64_t stream, uint64_t k,
  mt_task *t)
{
  gsl_rng *rng = mhicl_rng_alloc();
  mhicl_rng_seek(rng, seed, stream, k);
  gsl_matrix_set_zero(t->beta);
  for (size_t a = 0; a < spec->N; a++)
    for (size_t j = 0; j < spec->dim[a]; j++)
      gsl_matrix_set(t->beta, a, spec->first[a] + j, gsl_ran_gaussian_ziggurat(rng, 1.0));
  for (size_t j = 0; j < spec->d; j++) gsl_vector_set(t->x_q, j, gsl_ran_gaussian_ziggurat(rng, 1.0));
  for (size_t a = 0; a < spec->N; a++) t->y_q[a] = mt_response(spec, t, t->x_q, a);
  for (size_t i = 0; i < n; i++) {
    gsl_vector_view row = gsl_matrix_row(t->X, i);
    for (size_t j = 0; j < spec->d; j++) gsl_vector_set(&row.vector, j, gsl_ran_gaussian_ziggurat(rng, 1.0));
    for (size_t a = 0; a < spec->N; a++) {
      double sd = sqrt((double) spec->dim[a]) * spec->noise_std;
      gsl_matrix_set(t->Y, i, a, mt_response(spec, t, &row.vector, a)
        + sd * gsl_ran_gaussian_ziggurat(rng, 1.0));
    }
  }
  t->n = n;
  gsl_rng_free(rng);
}

@ Task $k$ of a prompt, seen alone: the responses $y_{\cdot k}$, $\beta_k$ and the query's noiseless
response, with the $d_k$ coordinates of its support $S_k$, or with all $d$ coordinates if |whole|
is set, copied into a single-task |task| (allocated by the caller with |task_alloc(n_max, dim[k])|
or |task_alloc(n_max, d)|). The estimators of the other chapters then run on it unchanged; an
estimator given only $S_k$ is the oracle that knows which coordinates its task reads.

@<Task functions@>=
void mt_task_view(const mt_spec *spec, const mt_task *t, size_t k, int whole, task *out)
{
  size_t f = whole ? 0 : spec->first[k], dk = whole ? spec->d : spec->dim[k];
  for (size_t i = 0; i < t->n; i++) {
    for (size_t j = 0; j < dk; j++) gsl_matrix_set(out->X, i, j, gsl_matrix_get(t->X, i, f + j));
    gsl_vector_set(out->y, i, gsl_matrix_get(t->Y, i, k));
  }
  for (size_t j = 0; j < dk; j++) {
    gsl_vector_set(out->beta, j, gsl_matrix_get(t->beta, k, f + j));
    gsl_vector_set(out->x_q, j, gsl_vector_get(t->x_q, f + j));
    out->support[j] = j;
  }
  out->s = dk; out->n = t->n; out->y_q = t->y_q[k];
}

@ Test. |test_multitask_moments_and_invariants| (in \.{tests/test\_tasks.c}) checks that a
prompt depends only on (seed, stream, index) and that a shorter prompt is a prefix of a longer
one (bitwise), that $\beta_k$ is exactly zero off $S_k$ and the query's responses are exactly
$x_q[S_k]\tp\beta_k$ (noiseless), that the view of task $k$ reproduces its responses and the query's,
and, by Monte Carlo within four standard errors, that $\Ex\norm{\beta_k}^2=d_k$, that the context
noise $y_{ik}-x_i[S_k]\tp\beta_k$ has variance $d_k\sigma_0^2$ and is uncorrelated between the
tasks, and that $\Ex y_{qk}^2=d_k$; each standard error is asserted to be below a twentieth of
the value, so the checks are not vacuous. It also checks the refusals of |mt_spec_init|.

@*1 Further reading. S. Garg, D. Tsipras, P. Liang and G. Valiant, ``What can transformers learn
in-context? A case study of simple function classes'' (NeurIPS 2022): the dense and sparse
regression tasks and the evaluation protocol. X. Chen, L. Zhao and D. Zou (NeurIPS 2024): the
sparse task studied in this book.
