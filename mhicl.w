% mhicl.w: the spine of the book. Weave with "make pdf", tangle with "make".
% The book has a part per paper.  A part is a group "@@** Title." (tex/mhiclmac.tex numbers it and
% gives it a page of its own), whose text is the part's one-page summary, followed by the @@i lines
% of its chapters.  Part II (He, Pan, Chen and Yang 2025: chapters/softmax.w) and Part III (Musat
% 2024: chapters/retrieval.w) go after Part I's last chapter, before the back matter, which is the
% unnumbered group "@@** \unnumbered ...":
%   @@** Multi-head softmax attention: He, Pan, Chen and Yang (2025).
%   (the summary: the claims, whose each is, a \resultstable of our results with \secref pointers)
%   @@i chapters/softmax.w
\input tex/mhiclmac
\def\title{MHICL}
\frontmatter{MHICL}{How trained transformers use multi-head attention to learn in context}
  {a literate reference implementation in C}

@* Introduction.
A transformer that is shown a few input--output pairs $(x_1,y_1),\ldots,(x_n,y_n)$ of an unknown
function, followed by a query $x_q$, can predict $y_q$ without any change to its weights. This
is {\it in-context learning}, and the simplest place to study it is linear regression: the pairs
satisfy $y_i=\beta\tp  x_i+\varepsilon_i$ for a vector $\beta$ that is drawn afresh for every
prompt, so the only way to predict well is to estimate $\beta$ from the context.
@^in-context learning@>

This book is a program that makes three recent results about such transformers runnable,
readable and checkable.

\item{1.} {\it Preprocess-then-optimize} (Chen, Zhao and Zou, 2024). On {\it sparse} linear
regression a trained multi-head transformer uses all heads of its first layer to reweight the
features of the context, and one head per later layer to run gradient-descent-like steps on the
reweighted features. The book implements that algorithm (``PtO''), compares it with the classical
estimators, and checks its statistical claims.

\item{2.} {\it Multi-head softmax attention on linear regression} (He, Pan, Chen and Yang, 2025):
what the key--query and output--value weights of trained heads look like, and why two heads
implement a debiased gradient step.

\item{3.} {\it The retrieval problem} (Musat, 2025): multi-hop variable lookup needs at least
$\log_3(2D)$ layers for $D$ hops, and transformers learn it only with an implicit curriculum.

\noindent The chapters present the mathematics first, then the code that implements exactly that
mathematics, then the name of the test that checks it. Every proposition in the book has a test
in \.{tests/}, run by \.{make check}, that checks it numerically and that fails when the
proposition (or the code) is wrong. Where the papers' bodies were not available to us the book says
so, and what it states is then our own derivation, tested as such.

Part I contains the foundation: the task sampler, the estimators with which every learned
model will be compared, and the machinery for measuring risk. The first result a reader can run is
the comparison of preprocess-then-optimize with gradient descent, ridge regression, least squares
and the Lasso, in the chapter on risk. Then comes the engine of the experiments with learned
models: a transformer with exact gradients, its training with checkpoints, and the common
evaluation protocol, ending with a demonstration on the problem of Garg et al. The constructions
chapter writes the algorithms as transformer weights, and the theory chapter checks the first
result's bounds. The interpretation chapter takes models apart (head masking, pruning, two kinds
of probing, named activations), and the experiments chapter runs it on trained multi-head
transformers to check Chen et al.'s findings, reporting where our models agree and where they do
not. The second part reduces a softmax layer of He et al.\ to its $2H$ parameters, proves and
tests that reduced model's properties, and trains the paper's one-layer model to read the circuit
off its weights. The third part builds Musat's retrieval task, proves its depth bound in a model
of information flow, writes pointer doubling as the weights of a token transformer, and trains
such transformers with and without the implicit curriculum. A last group of chapters gives the
command line, the program's speed against scikit-learn and PyTorch, and the appendix of
measurements.

@ Notation. Vectors are columns. A prompt has $n$ context points; $X\in\Reals^{n\times d}$ stacks
the $x_i\tp $ as rows and $y\in\Reals^n$ the responses. The empirical second moments
$$\Sh={1\over n}X\tp  X,\qquad \rh={1\over n}X\tp  y$$
appear everywhere: every estimator in this book is a function of $(\Sh,\rh)$ alone.
The population covariance is $\Sigma=\Ex xx\tp $ (the identity unless said otherwise), $\sigma$ is
the noise level, $s$ the number of nonzero coordinates of $\beta$ (its support is $S$), and
$\norm{v}_\Sigma^2=v\tp \Sigma v$. An estimator $\bh$ has {\it excess risk}
$\Ex(\bh\tp  x_q-\beta\tp  x_q)^2=\norm{\bh-\beta}_\Sigma^2$ on a fresh query.
In the code the same symbols are the names: |Sigma_hat|, |r_hat|, |beta_hat|, |eta|, |sigma|.
The symbols that recur across chapters:

\smallskip
{\ninerm\halign{\quad$#$\hfil&\quad#\hfil\qquad&$#$\hfil&\quad#\hfil\cr
d&dimension of $x$&\eta&step size of gradient descent and PtO\cr
s&nonzero coordinates of $\beta$, support $S$&t&number of gradient steps\cr
n&context points of a prompt&\lambda&penalty of ridge and the Lasso\cr
k&context points a prediction has seen&L&layers of a transformer\cr
x_i,y_i&context point and response&H_\ell&heads of layer $\ell$ ($h$: of every layer)\cr
x_q,y_q&the query and its response&C&width of the residual stream\cr
\beta&the task's coefficients&d_h&width of a head\cr
\sigma&noise level; $b$: signal scale&T&tokens of a prompt\cr
\Sh,\rh&empirical second moments&B&prompts in a batch\cr
\bh&an estimate of $\beta$&I_{\ell h}&importance of a head (masking)\cr}}
\smallskip

@ The program. \.{mhicl} is one program with subcommands (\.{mhicl risk}, \.{train}, \.{eval},
\.{heads}, \.{compare}, \.{reproduce}, \.{dump}), described in the chapter on the command line. Each chapter is tangled on its own into one \.{.c}
and one \.{.h} file in \.{generated/} (the chapter on the command line into \.{mhicl.c}, the
main program); the tests in \.{tests/} link the same files. A chapter therefore never uses a named
module of another chapter: it uses the other chapter's header, like any C client.

The formatting hints below tell \.{cweave} which identifiers are type names.

@s uint64_t int
@s uint32_t int
@s size_t int
@s mode_t int
@s gsl_vector int
@s gsl_matrix int
@s gsl_rng int
@s gsl_rng_type int
@s gsl_vector_view int
@s gsl_matrix_view int
@s gsl_vector_const_view int
@s gsl_matrix_const_view int
@s gsl_eigen_symmv_workspace int
@s pthread_t int
@s FILE int
@s va_list int
@s atomic_file int
@s atomic_io int
@s named_file int
@s ssize_t int
@s cookie_io_functions_t int
@s mode_t int
@s atomic_int int
@s DIR int
@s attn_kind int
@s dot_order int
@s blas_family int
@s prompt_batch int
@s _Thread_local static
@s MHICL_FMA_TARGET static
@s line x
@s beta_kind int
@s mt_spec int
@s mt_task int
@s he_mt_circuits int
@s chen_grid int
@s chen_run int
@s chen_scale int
@s ckpt_reader int
@s ckpt_writer int
@s comparison int
@s eigensystem int
@s eval_result int
@s gd_probe_work int
@s grid_paper int
@s grid_plan int
@s grid_unit int
@s head_effect int
@s hyper int
@s init_kind int
@s interval int
@s key_spec int
@s key_type int
@s layer_acts int
@s sublayer_backward_fn int
@s mc_summary int
@s method_id int
@s model int
@s model_config int
@s moments int
@s param_view int
@s pass_job int
@s probe_job int
@s probe_source int
@s prompt_format int
@s prune_kind int
@s prune_row int
@s pto_preprocessing int
@s pto_variant int
@s query_states int
@s risk_config int
@s risk_grids int
@s risk_result int
@s risk_row int
@s risk_workspace int
@s slice_job int
@s batch_draw int
@s pthread_barrier_t int
@s task int
@s task_spec int
@s tensor_info int
@s train_config int
@s trainer int
@s xoshiro_state int
@s spectral_fn int
@s sparse_prior int
@s lse_sum int
@s probe_visit int
@s retrieval_spec int
@s retrieval_key int
@s retrieval_draw int
@s retrieval_seq int
@s retrieval_acc int
@s retrieval_flow int
@s musat_scale int
@s musat_run int
@s musat_grid int
@s musat_unit_state int
@s musat_layout int
@s musat_positions int
@s layout_sort int
@s retrieval_visit int
@s sm_setting int
@s sm_kind int
@s sm_estimator int
@s sm_work int
@s sm_head_pattern int
@s sm_layer_pattern int
@s he_scale int
@s he_run int
@s he_circuits int
@s he_grid int
@s flow_params int
@s gsl_odeiv2_system int
@s gsl_odeiv2_driver int

@** Preprocess-then-optimize: Chen, Zhao and Zou (2024).
@^Chen, Zhao and Zou (2024)@>
Chen, Zhao and Zou train multi-head transformers on {\it sparse} linear regression (only $s$ of
the $d$ coordinates of $\beta$ are nonzero) and find that the trained model runs an algorithm of
two stages: the heads of layer 1 together {\it preprocess} the context, reweighting each feature
by how strongly it correlates with the response, and each later layer takes a gradient step on
the reweighted features with one head. They prove that this preprocess-then-optimize (PtO)
estimator beats gradient descent and ridge regression on sparse problems. This part builds the
machinery (tasks, estimators, risk, a transformer with exact gradients, its training and
evaluation), writes PtO as transformer weights, checks the statistical claims, and runs the
paper's analyses on trained models. Where the paper's statements were not available to us, the
statement in this book is ours, and the table says so: ``paper'' marks Chen, Zhao and Zou's
claims, ``ours'' the book's own, and ``our statement'' a claim of the paper in a form we chose.

\medskip
\resultstable{
\resultrow{PtO beats ridge and gradient descent on sparse problems and is comparable to the
Lasso}{paper}{Holds at $\sigma=0.5$ ($d=20$, $s=3$, $n=100$): fixed-step PtO has $0.41$ times the
risk of ridge and gradient descent and $1.10$ times the Lasso's; the exact Bayes posterior mean
has half the Lasso's; Figure~\figref{risk}.}{\secref{The regime
claim}}
\resultrow{At low noise ridge beats PtO with a bounded number of steps}{ours}{Holds at
$\sigma=0.1$ with at most 1000 steps, by more than four standard errors; with $10^4$ steps PtO
is below ridge.}%
{\secref{The regime claim}}
\resultrow{PtO's risk decays like $1/n$, grows with $s$, and only weakly with $d$}{paper's
claim, our statement}{Fitted slopes $-1.15$ to $-1.20$; doubling $s$ multiplies PtO's risk by
1.9, doubling $d$ by 1.25, and ridge's by 2.06.}{\secref{The rate of preprocess-then-optimize}}
\resultrow{PtO is within a factor $\log d$ of the Lasso}{paper's claim, our statement}{Holds on
all sixteen problems of a grid, with room (at most $0.56\log d$ times the Lasso's risk); the
Lasso is better on fourteen.}{\secref{PtO
against the Lasso}}
\resultrow{Off the support PtO's error is of order $n^{-3}$ (Proposition 6)}{ours}{Proved, and
checked by Monte Carlo.}{\secref{The off-support term}}
\resultrow{A trained one-layer linear-attention model is the best one-step gradient descent
(Proposition 5)}{ours}{Its risk is within 10\% of the closed form.}{\secref{Trained models and
constructions}}
\resultrow{Layer 1 of a trained model uses all its heads}{paper}{Seven or all eight of eight
heads matter, at $d=8$ and at $d=16$, in both seeds.}{\secref{What the quick reproduction shows},
\secref{What the paper scale shows}}
\resultrow{Later layers use one head; pruning the rest preserves the risk}{paper}{Not in our
models: later layers use two to six heads, with effects ten to a hundred times smaller than layer
1's, and pruning them raises the risk seven to eleven times.}{\secref{What the quick reproduction shows},
\secref{What the paper scale shows}}
\resultrow{Probing shows preprocessing, then optimization}{paper}{Gradient descent on layer 1's
states beats gradient descent on $x$ fivefold after five steps; layer 1 adds a correction to the
stream rather than replacing $x$.}{\secref{What the quick reproduction shows}}
\resultrow{The GPT-2 family learns the same algorithm}{paper}{Not testable at our budget: the
trained models stay 16 to 45 times worse than ridge.}{\secref{The GPT-2 family at the quick
size}, \secref{The GPT-2 family trained longer}}
}

@i chapters/support.w
@i chapters/tasks.w
@i chapters/estimators.w
@i chapters/risk.w
@i chapters/transformer.w
@i chapters/train.w
@i chapters/evaluate.w
@i chapters/construct.w
@i chapters/theory.w
@i chapters/interpret.w
@i chapters/reproduce.w
@** Multi-head softmax attention: He, Pan, Chen and Yang (2025).
@^He, Pan, Chen and Yang (2025)@>
He, Pan, Chen and Yang train one-layer multi-head {\it softmax} attention on dense linear
regression ($x\sim N(0,I_d)$, $\beta\sim N(0,I_d/d)$, $\sigma^2=0.1$, $d=5$, $L=40$) and find that
the trained heads collapse to a simple circuit: each head's key--query block is a multiple
$\omega_h$ of the identity, its output--value weights read only the response, with weights
$\mu_h$ of opposite signs that sum to zero. Two heads of opposite sign then compute a {\it debiased}
gradient step. This part reduces the model to its $2H$ parameters $(\omega,\mu)$, derives the
loss, the optimal weights, the lower bound and the gradient flow of that reduced model, and checks
each against Monte Carlo; then it trains the layer itself and reads off its weights the circuit,
its course along training, its preconditioner on correlated covariates and its superposition of
two tasks. The paper's body was not available to us: its claims are taken from its
abstract and its authors' code, and the propositions below are our statements of them, marked so.

\medskip
\resultstable{
\resultrow{The optimal output weights of sign-symmetric heads sum to zero (Proposition H2)}
{paper's claim, our proof}{Exactly, and nearly so without symmetry: $\mu^*=(3.487,-3.505)$ for
$\omega=(0.2,-0.05)$.}{\secref{The optimal output weights, and why they sum to zero}}
\resultrow{Two heads are enough: no number of heads beats the two-head circuit (Proposition H3)}
{paper's claim, our statement}{The bound $0.22088$ at the paper's setting; none of 200000 random
$(\omega,\mu)$ beats it; two heads reach it as $\omega\to0$.}{\secref{Two heads are enough}}
\resultrow{One head is worse (Proposition H4)}{ours}{Its excess risk is $e$ times the two-head
circuit's as $L\to\infty$ (2.25 times at $L=40$).}{\secref{One head against two}}
\resultrow{The two-head circuit is debiased gradient descent (Proposition H5)}{paper's claim, our
proof}{The difference shrinks like $\omega^2$: fourfold per halving of $\omega$.}
{\secref{The debiased gradient step, exactly}}
\resultrow{Gradient flow: a plateau, a drop, a slow drift to the circuit (Proposition H8)}{paper's
code, our statements}{Sign pairing and zero sum emerge; $2\omega\mu$ is within 0.1\% of the
optimal step $\eta^*$ at $t=10^4$; four heads split into two groups.}{\secref{Gradient flow on the
reduced model}}
\resultrow{On correlated covariates the circuit is preconditioned debiased GD (Proposition H9)}
{ours}{At $\rho=0.5$ the optimal preconditioner lowers the risk from 0.376 to 0.237.}
{\secref{Correlated covariates: preconditioned debiased gradient descent}}
\resultrow{Trained layers show the sign-paired, zero-sum circuit; extra heads become dummies}
{paper}{In five of six models with $H\ge2$ after 5000 steps (two seeds): zero sums 0.003--0.04,
$\sum\omega\mu$ within 1\% of $\eta^*$ at $H=2$; six active heads and two dummies at $H=8$ in
both seeds; one two-head seed stays at the single-head solution.}{\secref{What the quick scale
shows}}
\resultrow{The trained circuit is debiased GD}{paper}{Risk within $0.001\pm0.002$ of debiased GD
in seed 0 ($H=2,4,8$), $0.008\pm0.002$ above in seed 1.}{\secref{What the quick scale shows}}
\resultrow{Softmax generalizes in length where linear attention does not}{paper}{Against linear
attention normalized at the training length (risk 94 at $L=500$); linear attention normalized by
the actual length generalizes as well as softmax.}{\secref{What the quick scale shows}}
\resultrow{Along training $\omega$ overshoots, then relaxes with $\omega\mu$ held near $\eta^*/2$}
{paper's figures}{Two heads, seed 0: $\omega$ peaks at $+0.355$ and $-0.266$ by step 600 and
relaxes to $\pm0.20$ by step 5000, while $\sum\omega\mu$ stays within 0.84--0.89 of
$\eta^*=0.879$ from step 600 on; in the authors' 500000 steps it settles at $\omega=\pm0.131$,
$\mu=\pm3.35$ (the notes: $\pm0.14$, $\pm3.2$), diagonal ratios 0.9995.}{\secref{Along training: the trace}}
\resultrow{On correlated covariates trained layers are preconditioned debiased GD}{paper
(abstract); $\Gamma^*$ ours}{Three of four layers pair; their effective preconditioner has cosine
0.999 with $\Gamma^*$ and its shape rather than $\Sigma^{-1}$'s; risk within $0.002\pm0.002$ of
preconditioned debiased GD with $\Gamma^*$.}{\secref{Correlated covariates: which preconditioner}}
\resultrow{Three heads superpose two tasks; four heads split into one sign pair per task}{paper's
code (notebook)}{Three heads superpose in both seeds, with zero sums per task and an effective
preconditioner of 0.87--0.93 on each task's coordinates and at most 0.07 off them; four heads do
{\it not} split cleanly in 10000 steps (one seed nearly).}{\secref{What the quick scale shows for
two tasks}}
}

@i chapters/softmax.w
@i chapters/he2025.w
@** Stacked attention heads and the retrieval problem: Musat (2024).
@^Musat (2024)@>
Musat studies multi-hop variable lookup: a sequence of assignments $x_b:=x_a$ forms chains, and
the answer for a variable is the value at the root of its chain. The paper claims that a
transformer needs at least $\log_3(2D)$ layers for $D$ hops, that trained models learn the task
only with an implicit curriculum (labels at every intermediate variable), and that their retrieval
heads emerge one at a time. Its body and code were not available to us: the task's details are
our choices, each a switch, and the depth bound is proved here in a model of information flow
that is our reading of the paper's assumption.

\medskip
\resultstable{
\resultrow{$D$ hops need at least $\log_3(2D)$ layers (Theorem 1)}{paper; the proof's model
ours}{Holds in our slot model for every $D\le121$ and $t\le9$; there the bound is attained only
when a position may read both ways, and at the query, with causal attention, $2^t\ge2D+1$ layers
are needed.}{\secref{Theorem 1: the depth a retrieval needs}}
\resultrow{Pointer doubling solves depth $D$ with $\lceil\log_2(D+1)\rceil+1$ layers
(Propositions R3, R4)}{ours}{It meets the causal bound exactly, so in our model it is optimal for
chains in order.}{\secref{Pointer doubling: a construction and its depth}}
\resultrow{Pointer doubling as the weights of an attention-only transformer (Proposition R4)}
{ours}{Exact on every labelled position of held-out sequences for $D\le12$, run by the same model
code as the trained models.}{\secref{Pointer doubling: a construction and its depth}}
\resultrow{One softmax layer answers the query of depth 1 by elimination (Proposition R5)}{ours}
{Exact on every labelled position for $K\le4$ chains; without its same-token score no query is
answered. So the paper's bound is attained at $D=1$, one layer below the causal threshold; the
one-layer models of the paper scale read this way.}{\secref{One layer by elimination}}
\resultrow{Transformers learn the task only with an implicit curriculum; heads emerge in order}
{paper}{IC needed at $t=3$, $D=3$ at the quick scale (three seeds 0.79--0.999 at the query,
without IC 0.49--0.58), not at the paper scale (without IC 1.0, 0.875, 0.707; with IC 1.0);
depths learned in order; at the quick scale few heads cross their role threshold, at the paper
scale 147 of 312 do, as depths are learned and layer by layer in 15 models of 17. Largest depth
solved with 1 to 4 layers at the paper scale: 1, 2, 3, 4--6 (bound 1, 4, 13, 40).}{\secref{At
the paper scale}}
\resultrow{How trained models pass the slot model's threshold}{ours}{Two layers answer the
query at $D=2$ by copying the roots to fixed positions and picking the copy by the layout of the
facts (root mass 0.88--0.998 in every layout, seeds 0 and 1); three-layer models that did not
solve their depth err by layout ($p<10^{-11}$).}{\secref{What the quick runs show}}
}

@i chapters/retrieval.w
@i chapters/musat2024.w
@** \unnumbered The program and its measurements.
The main program with its subcommands, the speed of the code against scikit-learn and PyTorch,
and an appendix that records every measurement the book quotes with the runs that made it.

@i chapters/cli.w
@i chapters/performance.w
@i chapters/measurements.w

@* Index.
