% mhicl.w: the spine of the book. Weave with "make pdf", tangle with "make".
\input tex/mhiclmac
\def\title{MHICL}
\def\topofcontents{\null\vfill
  \centerline{\titlefont MHICL}
  \medskip
  \centerline{How trained transformers use multi-head attention to learn in context}
  \smallskip
  \centerline{a literate reference implementation in C}
  \vfill}

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

This edition contains the foundation: the task sampler, the estimators with which every learned
model will be compared, and the machinery for measuring risk. The first result a reader can run is
the comparison of preprocess-then-optimize with gradient descent, ridge regression, least squares
and the Lasso, in the chapter on risk. Then comes the engine of the experiments with learned
models: a transformer with exact gradients, its training with checkpoints, and the common
evaluation protocol, ending with a demonstration on the problem of Garg et al. The constructions
chapter writes the algorithms as transformer weights, and the theory chapter checks the first
result's bounds. The interpretation chapter takes models apart (head masking, pruning, two kinds
of probing, named activations), and the experiments chapter runs it on trained multi-head
transformers to check Chen et al.'s findings, reporting where our models agree and where they do
not. A last chapter reports the program's speed against scikit-learn and PyTorch.

@ Notation. Vectors are columns. A prompt has $n$ context points; $X\in\R^{n\times d}$ stacks
the $x_i\tp $ as rows and $y\in\R^n$ the responses. The empirical second moments
$$\Sh={1\over n}X\tp  X,\qquad \rh={1\over n}X\tp  y$$
appear everywhere: every estimator in this book is a function of $(\Sh,\rh)$ alone.
The population covariance is $\Sigma=\Ex xx\tp $ (the identity unless said otherwise), $\sigma$ is
the noise level, $s$ the number of nonzero coordinates of $\beta$ (its support is $S$), and
$\norm{v}_\Sigma^2=v\tp \Sigma v$. An estimator $\bh$ has {\it excess risk}
$\Ex(\bh\tp  x_q-\beta\tp  x_q)^2=\norm{\bh-\beta}_\Sigma^2$ on a fresh query.
In the code the same symbols are the names: |Sigma_hat|, |r_hat|, |beta_hat|, |eta|, |sigma|.

@ The program. \.{mhicl} is one program with subcommands (\.{mhicl risk}, \.{train}, \.{eval},
\.{heads}, \.{compare}, \.{reproduce}, \.{dump}), described in the chapter on the command line. Each chapter is tangled on its own into one \.{.c}
and one \.{.h} file in \.{generated/} (the chapter on the command line into \.{mhicl.c}, the
main program); the tests in \.{tests/} link the same files. A chapter therefore never uses a named
module of another chapter: it uses the other chapter's header, like any C client.

The formatting hints below tell \.{cweave} which identifiers are type names.

@s uint64_t int
@s uint32_t int
@s size_t int
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
@s attn_kind int
@s batch int
@s beta_kind int
@s chen_run int
@s chen_scale int
@s ckpt_reader int
@s ckpt_writer int
@s comparison int
@s eigensystem int
@s eval_result int
@s gd_probe_work int
@s head_effect int
@s hyper int
@s init_kind int
@s interval int
@s key_spec int
@s key_type int
@s layer_acts int
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
@i chapters/cli.w
@i chapters/performance.w

@* Index.
