@* Constructions: algorithms as transformer weights.
@^constructions@>
This chapter writes algorithms of the estimators chapter as explicit weights of the transformer
of the transformer chapter, in the theory's stacked format with linear attention, and checks that
the model's prediction is the algorithm's to rounding. The weights run through the same forward
pass as trained models; nothing here is a separate implementation of attention.

The layout of a token (a column of the theory papers, a row of our residual stream) has width
$D=2d+1$: rows $0,\ldots,d-1$ hold $x$, row $d$ holds $y$ (the query's is $0$), and rows
$d+1,\ldots,2d$ are {\it scratch}, zero on input (the stacked format's |extra_rows|$\,=d$). A
linear-attention head with weights $W_Q,W_K,W_V,W_O$ adds to token $t$
$${1\over n}\sum_{j<n}(z_tW_Q\cdot z_jW_K)\,z_jW_VW_O .$$

@(generated/construct.h@>=
#ifndef MHICL_CONSTRUCT_H
#define MHICL_CONSTRUCT_H
#include "tasks.h"
#include "estimators.h"
#include "transformer.h"
#include "train.h"
@<Construction declarations@>@;
#endif

@ @(generated/construct.c@>=
#include <math.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "support.h"
#include "risk.h"
#include "construct.h"
@<Construction functions@>@;

@*1 One gradient step is one head.
Let the {\it features} be rows $F=(f_0,\ldots,f_{d-1})$ of the token (the $x$ rows for plain
gradient descent, the scratch rows after preprocessing). Take $W_Q=W_K$ with column $c$ the unit
vector on row $f_c$, so that the score is $\tilde x_t\cdot\tilde x_j$; take $W_V$ with column 0 the
unit vector on the $y$ row, and $W_O$ with row 0 equal to $-\eta$ on the $y$ row. The head then
does
$$y_t\gets y_t-\eta\,\tilde x_t\tp{1\over n}\sum_{j<n}\tilde x_j\,y_j .$$
{\it Proof that $\ell$ such layers are $\ell$ steps of gradient descent} (von Oswald et al.). By
induction the context's $y$ rows hold the residuals $y_j-w_\ell\tp\tilde x_j$ and the query's $y$
slot holds $-w_\ell\tp\tilde x_q$ after $\ell$ layers: true for $\ell=0$ with $w_0=0$; and the
update subtracts $\tilde x_t\tp\eta\nabla$, with $\nabla={1\over n}\sum_j\tilde x_j(y_j-w_\ell\tp\tilde
x_j)$ the negative gradient of $\tilde L$ at $w_\ell$, so $w_{\ell+1}=w_\ell+\eta\nabla$. The
stacked format's read-out $\hat y=-h_q[d]$ is then $w_\ell\tp\tilde x_q$. \quad$\square$

With a matrix $P$ in place of the identity in $W_Q$ (rows $F$, $W_Q[f_c][c']=P_{cc'}$) the score is
$\tilde x_tP\tilde x_j\tp$ and the step becomes $w\gets w+\eta P\nabla$: {\it preconditioned}
gradient descent (Ahn et al.), which with $P\approx\Sigma^{-1}$ undoes an anisotropic covariance.

@<Construction declarations@>=
model_config construct_config(size_t d, size_t n_max, size_t layers, size_t first_heads);
void construct_gd_layer(model *m, size_t l, size_t first_row, double eta, const gsl_matrix *P);

@ The configuration of every construction: stacked format, linear attention, no MLP, no
LayerNorm, no positions, no biases, head width $d$, scratch of $d$ rows.

@<Construction functions@>=
model_config construct_config(size_t d, size_t n_max, size_t layers, size_t first_heads)
{
  model_config c;
  memset(&c, 0, sizeof c);
  c.format = FORMAT_STACKED; c.d_x = d; c.n_max = n_max; c.extra_rows = d;
  c.n_layers = layers; c.d_head = d;
  for (size_t l = 0; l < MAX_LAYERS; l++) { c.heads[l] = 1; c.attn[l] = ATTN_LINEAR; }
  c.heads[0] = first_heads;
  return c;
}

@ Layer |l|, head 0, as one (preconditioned) gradient step on the features in rows
|first_row|$,\ldots,$|first_row|$+d-1$; |P| may be |NULL| (the identity). All other weights of the
layer must be zero (a freshly allocated model is).

@<Construction functions@>=
void construct_gd_layer(model *m, size_t l, size_t first_row, double eta, const gsl_matrix *P)
{
  size_t d = m->cfg.d_x, D = m->cfg.d_model, dh = m->cfg.d_head;
  double *WQ = m->p.W_Q[l], *WK = m->p.W_K[l], *WV = m->p.W_V[l], *WO = m->p.W_O[l];
  for (size_t c = 0; c < d; c++) {
    WK[(first_row + c) * dh + c] = 1.0;
    for (size_t c2 = 0; c2 < d; c2++)
      WQ[(first_row + c) * dh + c2] = P ? gsl_matrix_get(P, c, c2) : (c == c2 ? 1.0 : 0.0);
  }
  WV[d * dh + 0] = 1.0;  /* $v_j$'s first component is $y_j$ */
  WO[0 * D + d] = -eta;  /* written, times $-\eta$, into the $y$ row */
}

@*1 Preprocessing needs many heads.
Layer 1 of preprocess-then-optimize must put $\rh_kx_{tk}$ into scratch row $k$ of every token.
Head $k$ with $W_Q=W_K=e_k$ (on $x$ row $k$), $W_V=e_y$ and $W_O$ writing into scratch row $k$ adds
$${1\over n}\sum_{j<n}x_{tk}x_{jk}y_j=x_{tk}\rh_k .$$
One head cannot do two coordinates: a head's output is $(\tilde x_tM\rh)\,o$ for a matrix
$M=W_QW_K\tp$ and one direction $o$, a bilinear map of rank one in the pair $(x_t,\rh)$, while
$(x,r)\mapsto\diag(r)x$ has rank $d$. So the map needs $d$ heads, and a gradient step, which is a
single read and write, needs one: this is our explanation of the pattern Chen et al.\ observe,
many heads in layer 1 and one in later layers.

With $H<d$ heads the best a head can do for a {\it group} $G_h$ of coordinates is to write one
feature, $\tilde x_{th}=\sum_{k\in G_h}\rh_kx_{tk}$ ($M$ the identity on the group). Gradient
descent on these $H$ features gives $\bh=\Phi w$ with $\Phi_{kh}=\rh_k[k\in G_h]$: coordinates are
reweighted by $\rh$ within a group and share one learned scale per group. At $H=d$ this is
preprocess-then-optimize; at $H=1$ it is a scaled averaging estimator. The groups are contiguous
blocks, $G_h=\{k:\lfloor kH/d\rfloor=h\}$.

@<Construction declarations@>=
void construct_preprocess_layer(model *m, size_t H);
void construct_pto(model *m, size_t H, double eta, unsigned t);
void est_pto_grouped(moments *mo, size_t H, double eta, unsigned t, gsl_vector *beta_hat);

@ @<Construction functions@>=
void construct_preprocess_layer(model *m, size_t H)
{
  size_t d = m->cfg.d_x, D = m->cfg.d_model, dh = m->cfg.d_head;
  for (size_t k = 0; k < d; k++) {
    size_t h = k * H / d;
    m->p.W_Q[0][h * D * dh + k * dh + (k - (h * d + H - 1) / H)] = 1.0;
    m->p.W_K[0][h * D * dh + k * dh + (k - (h * d + H - 1) / H)] = 1.0;
  }
  for (size_t h = 0; h < H; h++) {
    m->p.W_V[0][h * D * dh + d * dh + 0] = 1.0;
    m->p.W_O[0][h * dh * D + 0 * D + d + 1 + h] = 1.0;
  }
}

void construct_pto(model *m, size_t H, double eta, unsigned t)
{
  memset(m->params, 0, m->n_params * sizeof(double));
  construct_preprocess_layer(m, H);
  for (unsigned l = 1; l <= t; l++) construct_gd_layer(m, l, m->cfg.d_x + 1, eta, NULL);
}

@ The grouped estimator, the algorithm the $H$-head construction computes. Group $h$'s first
coordinate is $\lceil hd/H\rceil$, which is how the construction above numbers the columns of a
head's query and key.

@<Construction functions@>=
void pto_grouped_path(moments *mo, size_t H, double eta, int relative, const unsigned *ts,
  size_t nts, gsl_matrix *B)
{
  size_t d = mo->d;
  gsl_matrix *Phi = gsl_matrix_calloc(d, H), *SP = gsl_matrix_alloc(d, H);
  gsl_matrix *A = gsl_matrix_alloc(H, H), *W = gsl_matrix_alloc(nts, H);
  gsl_vector *g = gsl_vector_alloc(H), *w = gsl_vector_alloc(H), *work = gsl_vector_alloc(H);
  for (size_t k = 0; k < d; k++) gsl_matrix_set(Phi, k, k * H / d, gsl_vector_get(mo->r_hat, k));
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, mo->Sigma_hat, Phi, 0.0, SP);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, Phi, SP, 0.0, A);  /* $\Phi\tp\Sh\Phi$ */
  gsl_blas_dgemv(CblasTrans, 1.0, Phi, mo->r_hat, 0.0, g);  /* $\Phi\tp\rh$ */
  if (relative) {  /* the step $\eta/\lambda_{\max}(A)$, as PtO's relative step */
    eigensystem *e = eigensystem_alloc(H);
    eigensystem_compute(e, A);
    eta *= pto_step_scale(e);
    eigensystem_free(e);
  }
  quad_gd_path(A, g, eta, ts, nts, W, w, work);
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, W, Phi, 0.0, B);  /* rows $\Phi w$ */
  gsl_matrix_free(Phi); gsl_matrix_free(SP); gsl_matrix_free(A); gsl_matrix_free(W);
  gsl_vector_free(g); gsl_vector_free(w); gsl_vector_free(work);
}

void est_pto_grouped(moments *mo, size_t H, double eta, unsigned t, gsl_vector *beta_hat)
{
  gsl_matrix_view B = gsl_matrix_view_vector(beta_hat, 1, mo->d);
  pto_grouped_path(mo, H, eta, 0, &t, 1, &B.matrix);
}

@ {\it The risk against the number of heads.} |grouped_head_risk| tunes $(\eta,t)$ of the
$H$-head algorithm on |tune| tasks of the tuning stream (least mean excess risk over the grids) and
returns the excess risk of the tuned algorithm on each of |eval| tasks of the evaluation stream,
in |out|. It uses the relative step $\eta/\lambda_{\max}(A)$ of the estimators chapter and step
counts up to 100; the same tasks for every $H$, so differences between head counts are paired.
It keeps the relative step, not the risk chapter's fixed step, for a reason of code rather than
of statistics. A fixed step is safe only behind the risk chapter's screen of admissible steps
($\eta\lambda_{\max}\le1$ on every one of many screening prompts), and that screen is part of
|risk_run|'s tuning, written for its own methods and for PtO's $d\times d$ matrix $A$; the
$H$-head algorithm's matrix is the $H\times H$ matrix $\Phi\tp\Sh\Phi$, with its own
$\lambda_{\max}$. Using the fixed step here would mean writing the screen a second time, or first
making it a function of the risk chapter that takes any algorithm's $\lambda_{\max}$, and this
edition does neither. The figure's question, how the risk falls with $H$ at one step rule, does not
depend on the choice; its absolute level does: at $H=d$ the algorithm is relative-step PtO, whose
risk in the main experiment is 13\% above the fixed step's.
|test_risk_falls_with_heads| checks, at $d=8$, $s=2$, $\sigma=0.5$, $n=40$, that the tuned risk
falls from $H=1$ to $2$ to $4$ to $8$ by more than three paired standard errors at each step.
Measured (500 tuning and 2000 evaluation tasks, seed 21): $0.186\pm0.004$, $0.132\pm0.003$,
$0.077\pm0.002$ and $0.039\pm0.001$ for $H=1,2,4,8$; the risk roughly halves with each doubling
of the heads of layer 1, and only $H=d$ reaches preprocess-then-optimize. Figure~\figref{heads} shows the
whole curve at $d=16$, $s=2$, $n=80$, $\sigma=0.5$ (2000 evaluation and 500 tuning tasks per
point), from $0.199$ at $H=1$ to $0.0246$ at $H=16$; it is remade by \.{make figures}, which
runs \.{./mhicl heads --d 16 --s 2 --n 80 --out generated/risk\_vs\_heads.csv}.

\figlabel{heads}
\headsfigure{generated/risk_vs_heads.csv}{Tuned excess risk of the $H$-head preprocessing followed by
gradient descent against the number $H$ of heads in layer 1, $d=16$, $s=2$, $n=80$, $\sigma=0.5$;
bars are one standard error.}

@<Construction declarations@>=
void pto_grouped_path(moments *mo, size_t H, double eta, int relative, const unsigned *ts,
  size_t nts, gsl_matrix *B);
void grouped_head_risk(const task_spec *spec, size_t n, size_t H, size_t tune, size_t eval,
  uint64_t seed, double *out);

@ @<Construction functions@>=
static double grouped_task_risks(const task_spec *spec, size_t n, size_t H, uint64_t seed,
  uint64_t stream, uint64_t k, double *risk, task *t, moments *mo, gsl_matrix *B);
static const double head_etas[] = { 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 1.9 };
static const unsigned head_ts[] = { 1, 2, 3, 5, 8, 12, 20, 30, 50, 80, 100 };
#define N_HEAD_ETAS (sizeof head_etas / sizeof head_etas[0])
#define N_HEAD_TS (sizeof head_ts / sizeof head_ts[0])

void grouped_head_risk(const task_spec *spec, size_t n, size_t H, size_t tune, size_t eval,
  uint64_t seed, double *out)
{
  size_t d = spec->d, nc = N_HEAD_ETAS * N_HEAD_TS;
  task *t = task_alloc(n, d);
  moments *mo = moments_alloc(d);
  gsl_matrix *B = gsl_matrix_alloc(N_HEAD_TS, d);
  double *sum = xcalloc(nc, sizeof(double)), *risk = xmalloc(nc * sizeof(double));
  for (size_t k = 0; k < tune; k++) {
    grouped_task_risks(spec, n, H, seed, STREAM_TUNE, k, risk, t, mo, B);
    for (size_t c = 0; c < nc; c++) sum[c] += risk[c];
  }
  size_t best = 0;
  for (size_t c = 1; c < nc; c++) if (isfinite(sum[c]) && !(sum[c] >= sum[best])) best = c;
  for (size_t k = 0; k < eval; k++) {
    grouped_task_risks(spec, n, H, seed, STREAM_EVAL, k, risk, t, mo, B);
    out[k] = risk[best];
  }
  free(sum); free(risk); gsl_matrix_free(B); moments_free(mo); task_free(t);
}

static double grouped_task_risks(const task_spec *spec, size_t n, size_t H, uint64_t seed,
  uint64_t stream, uint64_t k, double *risk, task *t, moments *mo, gsl_matrix *B)
{
  task_sample(spec, n, seed, stream, k, t);
  moments_compute(mo, t->X, t->y, n);
  for (size_t a = 0; a < N_HEAD_ETAS; a++) {
    pto_grouped_path(mo, H, head_etas[a], 1, head_ts, N_HEAD_TS, B);
    for (size_t b = 0; b < N_HEAD_TS; b++) {
      double r = 0.0;
      for (size_t j = 0; j < spec->d; j++) {
        double e = gsl_matrix_get(B, b, j) - gsl_vector_get(t->beta, j);
        r += e * e;
      }
      risk[a * N_HEAD_TS + b] = isfinite(r) ? r : INFINITY;
    }
  }
  return 0.0;
}

@*1 Running a prompt through a constructed model.
|construct_predict| puts one task into a batch of the stacked format and returns the model's
prediction $-h_q[d]$; the activations stay in the model for inspection (the scratch block after
layer 1 is |acts[1].resid_pre|).

@<Construction declarations@>=
double construct_predict(model *m, const task *t, size_t n);

@ @<Construction functions@>=
double construct_predict(model *m, const task *t, size_t n)
{
  prompt_batch *bt = batch_alloc(&m->cfg, 1, n);
  size_t d = m->cfg.d_x, D = bt->d_in;
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < d; j++) bt->tokens[i * D + j] = gsl_matrix_get(t->X, i, j);
    bt->tokens[i * D + d] = gsl_vector_get(t->y, i);
  }
  for (size_t j = 0; j < d; j++) bt->tokens[n * D + j] = gsl_vector_get(t->x_q, j);
  bt->weight[n] = 1.0;
  model_forward(m, bt);
  double y = m->pred[n];
  batch_free(bt);
  return y;
}

@ Tests, in \.{tests/test\_construct.c}; each compares the model with the algorithm on random
prompts to $10^{-12}$ relative (the two compute the same sums in different orders).
|test_construct_gd_matches_estimator|: $t$ layers against |est_gd|, $t=1,2,5$.
|test_construct_pto_matches_estimator_and_scratch|: the scratch block after layer 1 equals
$\diag(\rh)x$ for every token, and the prediction equals |est_pto| with the fixed step.
|test_construct_grouped_heads|: $H=1,2,3,d$ heads against |est_pto_grouped|, which at $H=d$ equals
|est_pto|. |test_risk_falls_with_heads| is described above. |test_construct_preconditioned_gd|: with $P=\Sigma^{-1}$ for an AR(1) covariance, against
preconditioned gradient descent computed directly.

@*1 Trained models and constructions.
Does training find the construction? @^one-step gradient descent@>
The simplest case can be settled exactly. A one-layer, single-head linear-attention model in the
stacked format can compute $\hat y=\eta\,\rh\tp x_q$, one gradient step from zero, and for
isotropic $x$ the best step is known in closed form.

@^Proposition 5 (best one-step gradient descent)@>
\proclaim Proposition 5 (best one-step gradient descent). With $x\sim N(0,I_d)$, noise $\sigma$ and a
prior with $\Ex\norm\beta^2=b^2$, the excess risk of $\bh=\eta\rh$ averaged over the prior is
$(1-\eta)^2b^2+\eta^2c$ with $c=\bigl((d+1)b^2+d\sigma^2\bigr)/n$, least at $\eta^*=b^2/(b^2+c)$,
where it equals $b^2c/(b^2+c)$.

{\it Proof.} $\Ex[\rh\mid\beta]=\beta$ and, summing Proposition 1 over $j$,
$\Ex\norm{\rh-\beta}^2=((d+1)\norm\beta^2+d\sigma^2)/n$; so the risk at $\beta$ is
$(1-\eta)^2\norm\beta^2+\eta^2((d+1)\norm\beta^2+d\sigma^2)/n$, linear in $\norm\beta^2$, and
the average replaces $\norm\beta^2$ by $b^2$. Minimizing the quadratic
$a(1-\eta)^2+c\eta^2$ gives $\eta^*=a/(a+c)$ and the value $ac/(a+c)$. \quad$\square$

Tests: |test_one_step_gd_risk_formula| checks the formula by Monte Carlo ($d=4$, $n=10$,
$\sigma=0.5$, dense prior, 80000 tasks): the risk at $\eta^*$ and at $\eta^*\mp0.25$ each within four
standard errors of the formula, $\eta^*$ below both neighbours by more than four paired standard
errors, and the formula with $c$ lacking the $\Ex\norm\beta^2/n$ term (the coordinates of $\rh$
treated as independent) rejected (measured $0.3760\pm0.0012$ against $0.3750$; the wrong $c$
predicts $0.333$). |test_trained_one_layer_reaches_best_one_step_gd| trains the one-layer single-head
linear-attention model (stacked format, $d=3$, $n=20$, noiseless, $b=1$, Adam, 1500 steps of batch
64) and asserts that its held-out risk on 20000 prompts is within 10\% of $b^2c/(b^2+c)=1/6$ and
not below it by more than four standard errors (no one-layer model of this kind can beat the best
one-step predictor by more than sampling error, and if it could, the proposition's reading of
the trained model would be wrong).

@<Construction declarations@>=
double one_step_gd_optimal_risk(size_t d, size_t n, double b, double sigma);

@ @<Construction functions@>=
double one_step_gd_optimal_risk(size_t d, size_t n, double b, double sigma)
{
  double a = b * b, c = ((double) (d + 1) * b * b + (double) d * sigma * sigma) / (double) n;
  return a * c / (a + c);
}

@ {\it Beyond one layer.} |compare_trained_constructed| trains a stacked linear-attention model of
the constructions' shape ($L$ layers, $H_1$ heads in layer 1 and one head after it, head width
$d$, scratch rows) on sparse regression, builds the matching construction (for $H_1=1$: $L$
gradient steps; for $H_1=d$: preprocessing then $L-1$ steps) with its step size tuned on the
tuning stream, and measures both on the same evaluation prompts: the prediction risk
$\Ex(\hat y-y_q)^2$ (it includes the noise $\sigma^2$), and the cosine similarity between the two
models' sensitivities $\partial\hat y/\partial x_q$ (central differences, $h=10^{-6}$), averaged
over prompts, the alignment measure of von Oswald et al. \.{mhicl compare} runs it for
$(L,H_1)=(1,1)$, $(2,1)$ and $(2,d)$ and writes \.{generated/trained\_vs\_constructed.csv}
(\.{make figures} runs it; 56 seconds).

What we measured (Figure~\figref{compare}; $d=8$, $s=2$, $\sigma=0.5$, $n=40$, Adam with learning rate $0.005$, 3000 steps
of batch 64, 2000 evaluation prompts; risks include $\sigma^2=0.25$):
\item{$\bullet$} $L=1$, one head: trained $0.500\pm0.019$, one gradient step $0.486\pm0.017$
($\eta=0.7$), cosine similarity of the sensitivities 0.990: training finds the construction.
\item{$\bullet$} $L=2$, one head per layer: trained $0.338\pm0.011$, two gradient steps with one
tuned step size $0.357\pm0.012$, cosine 0.985: the trained model is close to gradient descent and a
little better (it can use a different step in each layer).
\item{$\bullet$} $L=2$, eight heads in layer 1: trained $0.336\pm0.011$, preprocessing and one
gradient step $0.768\pm0.041$, cosine 0.922. Here training does {\it not} find the PtO
construction: with a single gradient step PtO is a poor estimator (its coordinates are
$\eta\rh_j^3$, far from thresholded), and the trained model instead matches the two-layer,
one-head model. Preprocess-then-optimize pays only with several optimization steps; whether
deeper trained models move to it is the question of the next chapter of experiments.

\figlabel{compare}
\comparefigure{generated/trained_vs_constructed.csv}{Prediction risk of trained linear-attention
models and of the matching constructions with tuned step size, on the same 2000 prompts; bars are
one standard error (\.{mhicl compare}).}

@<Construction declarations@>=
typedef struct { double trained, trained_se, constructed, constructed_se, eta, cosine; } comparison;
comparison compare_trained_constructed(const train_config *base, size_t layers, size_t heads1,
  size_t prompts);

@ @<Construction functions@>=
static void build_construction(model *m, size_t heads1, double eta)
{
  size_t L = m->cfg.n_layers, d = m->cfg.d_x;
  memset(m->params, 0, m->n_params * sizeof(double));
  if (heads1 == d && L >= 2) construct_pto(m, d, eta, (unsigned) (L - 1));
  else for (size_t l = 0; l < L; l++) construct_gd_layer(m, l, 0, eta, NULL);
}

static void query_errors(model *m, const train_config *c, uint64_t stream, size_t prompts,
  double *err, double *grad)
{  /* squared error at the query, and (if |grad|) $\partial\hat y/\partial x_q$ per prompt */
  prompt_batch *bt = batch_alloc(&c->arch, c->batch, c->n);
  task *t = task_alloc(c->n, c->d);
  size_t n = c->n, D = bt->d_in, d = c->d;
  for (size_t done = 0; done < prompts; done += bt->B) {
    bt->B = prompts - done < c->batch ? prompts - done : c->batch;
    fill_batch(c, d, n, stream, done, bt, t);
    model_forward(m, bt);
    for (size_t b = 0; b < bt->B; b++) {
      double e = m->pred[b * bt->T + n] - bt->target[b * bt->T + n];
      err[done + b] = e * e;
    }
    if (grad == NULL) continue;
    for (size_t j = 0; j < d; j++) {
      double lo[1024], h = 1e-6;
      for (int side = 0; side < 2; side++) {
        for (size_t b = 0; b < bt->B; b++) bt->tokens[(b * bt->T + n) * D + j] += side ? 2 * h : -h;
        model_forward(m, bt);
        for (size_t b = 0; b < bt->B; b++) {
          if (!side) lo[b] = m->pred[b * bt->T + n];
          else grad[(done + b) * d + j] = (m->pred[b * bt->T + n] - lo[b]) / (2 * h);
        }
      }
      for (size_t b = 0; b < bt->B; b++) bt->tokens[(b * bt->T + n) * D + j] -= h;
    }
  }
  batch_free(bt); task_free(t);
}

comparison compare_trained_constructed(const train_config *base, size_t layers, size_t heads1,
  size_t prompts)
{
  train_config c = *base;
  char err[512];
  c.arch = construct_config(c.d, c.n, layers, heads1);
  c.query_only = 1;
  if (c.batch > 1024) c.batch = 1024;
  comparison out;
  trainer *tr = trainer_new(&c);
  model_init(tr->m, c.seed, c.init_std);
  if (train_run(tr, c.steps, 0, err, sizeof err) != 0) mhicl_fatal("%s", err);
  model *k = model_alloc(&tr->m->cfg, c.batch);
  static const double etas[] = { 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0, 5.0 };
  double *e1 = xmalloc(prompts * sizeof(double)), *e2 = xmalloc(prompts * sizeof(double));
  double *g1 = xmalloc(prompts * c.d * sizeof(double)), *g2 = xmalloc(prompts * c.d * sizeof(double));
  double best = INFINITY;
  out.eta = etas[0];
  for (size_t a = 0; a < sizeof etas / sizeof etas[0]; a++) {
    build_construction(k, heads1, etas[a]);
    query_errors(k, &c, STREAM_TUNE, prompts, e2, NULL);
    mc_summary s = mc_summarize(e2, prompts, 1);
    if (isfinite(s.mean) && s.mean < best) { best = s.mean; out.eta = etas[a]; }
  }
  build_construction(k, heads1, out.eta);
  query_errors(tr->m, &c, STREAM_EVAL, prompts, e1, g1);
  query_errors(k, &c, STREAM_EVAL, prompts, e2, g2);
  mc_summary s1 = mc_summarize(e1, prompts, 1), s2 = mc_summarize(e2, prompts, 1);
  out.trained = s1.mean; out.trained_se = s1.se; out.constructed = s2.mean; out.constructed_se = s2.se;
  double cs = 0.0;
  for (size_t p = 0; p < prompts; p++) {
    double ab = 0, aa = 0, bb = 0;
    for (size_t j = 0; j < c.d; j++) {
      double x = g1[p * c.d + j], y = g2[p * c.d + j];
      ab += x * y; aa += x * x; bb += y * y;
    }
    cs += ab / sqrt(aa * bb + 1e-300);
  }
  out.cosine = cs / (double) prompts;
  free(e1); free(e2); free(g1); free(g2);
  model_free(k); trainer_free(tr);
  return out;
}

@*1 Further reading. J. von Oswald et al., ``Transformers learn in-context by gradient
descent'' (2023); K. Ahn et al., ``Transformers learn to implement preconditioned gradient descent
for in-context learning'' (2023); X. Chen, L. Zhao and D. Zou (2024) for the preprocessing layer
and the observation of many heads in layer 1.
