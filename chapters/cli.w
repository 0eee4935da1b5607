@* The command line.
@^command line@>
\.{mhicl} is invoked as \.{mhicl} {\it command} [{\it options}]; the commands are \.{risk},
\.{train}, \.{eval}, \.{heads}, \.{compare}, \.{reproduce}, \.{dump}, \.{softmax} and \.{info}.

\.{mhicl risk} runs the experiment of the risk chapter and prints a table; with \.{--out} it also
writes the CSV. Every option, its default and its meaning is in the help text below, which is
also what \.{mhicl risk --help} prints. A bad option or value is reported in one line that names
it, the exit status is~2, and no output file is created (the CSV is written to a temporary file and
renamed only at the end; an interrupt removes the temporary).

@(generated/mhicl.c@>=
@<Header files of the program@>@;
@<Command-line data@>@;
@<Command-line functions@>@;
@<The main program@>@;

@ @<Header files of the program@>=
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "support.h"
#include "tasks.h"
#include "estimators.h"
#include "risk.h"
#include "train.h"
#include "evaluate.h"
#include "construct.h"
#include "interpret.h"
#include "reproduce.h"
#include "he2025.h"
#include "musat2024.h"
#include "softmax.h"

@ @<Command-line data@>=
static const char usage_main[] =
  "usage: mhicl <command> [options]\n"
  "\n"
  "commands:\n"
  "  risk    excess risk of PtO, GD, ridge, OLS, Lasso, the support oracle,\n"
  "          the best linear estimator (lmmse) and the Bayes posterior mean\n"
  "          on in-context sparse linear regression, tuned, against n\n"
  "  train   train a transformer on fresh in-context regression tasks\n"
  "  eval    evaluate a trained model (checkpoint) with the common protocol\n"
  "  heads   risk of the H-head preprocessing against H (constructions chapter)\n"
  "  compare trained linear-attention models against their constructions\n"
  "  reproduce chen   train transformers and run masking, pruning and probing\n"
  "  reproduce he     train He et al.'s one-layer softmax model and read its circuit\n"
  "  reproduce musat  train retrieval models: IC or not, depth, head roles, emergence\n"
  "  dump    write a trained model's named activations (TransformerLens names), tokens too\n"
  "  softmax flow|risk  the reduced softmax model's gradient flow, or its\n"
  "          estimators against the prompt length (softmax chapter), CSV\n"
  "  info    the OpenBLAS kernels in use (see the support chapter)\n"
  "\n"
  "mhicl <command> --help describes a command's options.\n";

static const char usage_risk[] =
  "usage: mhicl risk [options]\n"
  "\n"
  "Tunes every method on independent tasks, then measures its excess risk\n"
  "||beta_hat - beta||_Sigma^2 on fresh tasks, for each prompt length n.\n"
  "Prints a table; --out also writes a CSV (one row per n and method).\n"
  "\n"
  "task options:\n"
  "  --d N            dimension (default 20)\n"
  "  --s N            nonzeros of beta for sparse priors (default 3)\n"
  "  --beta KIND      prior of beta: sparse (Gaussian nonzeros, default),\n"
  "                   sign (nonzeros +-b/sqrt(s)), dense (N(0, b^2/d I))\n"
  "  --b X            signal scale, E||beta||^2 = b^2 (default 1; mhicl train\n"
  "                   defaults to b = 0, unit-variance nonzeros, E||beta||^2 = s)\n"
  "  --sigma X        noise level (default 0.5)\n"
  "  --rho X          covariance Sigma_ij = rho^|i-j| (default 0: identity)\n"
  "experiment options:\n"
  "  --n-min N        smallest prompt length (default 30)\n"
  "  --n-max N        largest prompt length (default 200)\n"
  "  --n-step N       step between prompt lengths (default 10)\n"
  "  --trials N       evaluation tasks per n (default 2000)\n"
  "  --tune-trials N  tuning tasks per n (default 1000)\n"
  "  --methods LIST   comma-separated subset of\n"
  "                   ols,ridge,gd,lasso,oracle,lmmse,bayes,pto (default: all);\n"
  "                   lmmse: ridge with mu = sigma^2 d/(n b^2), the best linear\n"
  "                   estimator; bayes: the exact posterior mean under the prior,\n"
  "                   by enumeration of supports (and signs), at most 1e6 terms\n"
  "                   per prompt, needs sigma > 0\n"
  "  --pto-variant V  preprocessing phi(r): r (default), abs, sq, residual\n"
  "  --pto-c X        c of the residual form 1 + c r (default 1)\n"
  "  --t-max N        most gradient steps for GD and PtO, the depth budget\n"
  "                   (default 1000; step counts 1, 2, 3, 4, 5, 6, 8, 10, ... up to N)\n"
  "  --pto-step S     fixed (eta, default; steps 0.005..1, kept only if\n"
  "                   eta lambda_max(A) <= 1 on every tuning task) or\n"
  "                   relative (eta / lambda_max(A), eta 0.1..1.95)\n"
  "  --seed N         seed of all random streams (default 1)\n"
  "  --threads N      worker threads; results do not depend on it (default 1)\n"
  "  --out FILE       write the CSV to FILE (atomically)\n"
  "  --quiet          no progress on stderr\n"
  "  --help           this text\n";

@ Every complaint about the command line goes through |usage_error|: one line on |stderr|,
exit status 2.

@<Command-line functions@>=
static void usage_error(const char *format, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void usage_error(const char *format, ...)
{
  va_list args;
  fputs("mhicl: ", stderr);
  va_start(args, format);
  vfprintf(stderr, format, args);
  va_end(args);
  fputs(" (see mhicl --help)\n", stderr);
  exit(2);
}

@ Numbers are parsed strictly: the whole argument must be a number, in range. NaN and infinities
are refused.

@<Command-line functions@>=
static unsigned long long parse_count(const char *opt, const char *text, unsigned long long lo,
  unsigned long long hi)
{
  char *end;
  errno = 0;
  if (text[0] == '-' || text[0] == '\0') usage_error("%s: '%s' is not a count", opt, text);
  unsigned long long v = strtoull(text, &end, 10);
  if (errno != 0 || *end != '\0') usage_error("%s: '%s' is not a count", opt, text);
  if (v < lo || v > hi) usage_error("%s: %llu is out of range [%llu, %llu]", opt, v, lo, hi);
  return v;
}

static double parse_real(const char *opt, const char *text, double lo, double hi)
{
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (errno != 0 || *end != '\0' || end == text || !isfinite(v))
    usage_error("%s: '%s' is not a finite number", opt, text);
  if (v < lo || v > hi) usage_error("%s: %g is out of range [%g, %g]", opt, v, lo, hi);
  return v;
}

@ The methods list.

@<Command-line functions@>=
static void parse_methods(const char *text, int *use)
{
  char buf[256];
  if (strlen(text) >= sizeof buf) usage_error("--methods: list too long");
  strcpy(buf, text);
  for (int m = 0; m < M_COUNT; m++) use[m] = 0;
  int any = 0;
  for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
    int m = method_from_name(tok);
    if (m < 0) usage_error("--methods: unknown method '%s'", tok);
    use[m] = 1; any = 1;
  }
  if (!any) usage_error("--methods: empty list");
}

@ The output CSV of a command (\.{--out}) is written through the support chapter's atomic writer.
It is opened, as its temporary, before the command's work starts, so that a path that cannot be
written is reported at once; it is committed at the end. If the user interrupts the run, or it
ends by a fatal error, the temporary is removed: the main program installs the writer's one
mechanism for that (|atomic_remove_on_signals|), which covers every file any command writes,
checkpoints and logs included.

@<Command-line data@>=
static atomic_file out_file;

@ @<Command-line functions@>=
static void open_out(const char *out)
{
  if (atomic_open(&out_file, out) != 0) usage_error("--out: cannot write '%s': %s", out, out_file.why);
}

static void commit_out(const char *out)
{
  if (atomic_commit(&out_file) != 0) mhicl_fatal("cannot write '%s': %s", out, out_file.why);
  printf("wrote %s\n", out);
}

@*1 What mhicl never does to your files.
@^files, guarantees@>
A checkpoint is hours of training, and a command line is easy to mistype. These are the
guarantees every command keeps, and the tests that check them (the writer's own are in the
support chapter; reading configurations and checkpoints, in the training chapter).
\item{1.} {\it It never writes over one of its inputs.} Every output (\.{--out},
\.{--checkpoint}, \.{--log}) is compared with every input (\.{--checkpoint} of \.{eval} and
\.{dump}, \.{--config}, \.{--resume}) and with every other output, before any work: by device
and inode where both exist, so that a hard link, a symbolic link or \.{./x/../c.ckpt} is caught,
and by the resolved name where a file does not exist yet. A match is refused in one line naming
both options, with exit status~2. The one allowed match is a resumed run's checkpoint, which is
the file it resumed from.
\item{2.} {\it A resumed run writes to the checkpoint it was resumed from,} not to the path
recorded inside it, and its log beside it (or where \.{--checkpoint} and \.{--log} say); the
training chapter gives the rule.
\item{3.} {\it It replaces only regular files,} and writes through a symbolic link to the
file it points to. A device, a pipe or a folder given as an output is refused.
\item{4.} {\it It checks every output before the first step:} the folder exists and may be
written, and the name, with the eleven characters (\.{.tmp.} and six letters) that make its
temporary's name, fits the file system.

\item{5.} {\it It leaves no temporary behind.} \.{SIGINT}, \.{SIGTERM} and \.{SIGHUP} remove
the temporaries of every command; those of a killed process (\.{SIGKILL}) are removed by the next
run that writes the same file.
\item{6.} {\it A failed write says why,} in the C library's words: ``No space left on device'',
``File too large'', or which temporary could not be made.
\item{7.} {\it A configuration is read whole or refused:} lines of any length, no NUL bytes, no
key twice, a regular file only; with \.{--resume} it may change only the steps, the held-out
evaluation, checkpoints, the log and the threads, and a key that would change the run is refused
by name.

\noindent In all, an output file is either its old self or complete; never half-written, never
a replaced input. The tests, in \.{tests/test\_cli.c}, one per guarantee in this order, are
\hfil\break |test_cli_refuses_output_equal_to_input|, \hfil\break
|test_cli_resume_writes_resumed_checkpoint|, \hfil\break |test_cli_refuses_non_regular_output|,
\hfil\break |test_cli_checks_outputs_before_work|, \hfil\break
|test_cli_signals_leave_no_temporaries|, \hfil\break |test_cli_write_errors_give_reason|, and
\hfil\break |test_cli_config_and_resume|.\hfil\break Each makes the mistake it guards against and checks the files
byte for byte afterwards: \.{eval} and \.{dump} asked to write over their checkpoint (by its
name, a hard link, a symbolic link and a detour through \.{..}), \.{train} asked to log into its
checkpoint or its configuration; a copy of a checkpoint resumed; a named pipe, a folder and a
symbolic link given as \.{--out}; a checkpoint in a missing folder or with a 250-character name
before 100000 steps of training (refused at once); \.{heads}, \.{eval}, \.{compare} and
\.{risk} interrupted by \.{SIGINT} or \.{SIGTERM} while their temporary exists, and stale
temporaries of a checkpoint and a log left for the next run; a CSV larger than a file-size
limit, and \.{--out /proc/version}, where no temporary can be made; a folder given as the
configuration, and configurations with \.{--resume} that change the steps (applied), the
learning rate or the heads (refused).

@ The check of a command's files. Each is named by its option; |may_be| names the one option
whose file an output may be (a resumed checkpoint). Outputs are checked with
|atomic_check_target| (which also removes their stale temporaries), then against every other
file with |same_file|.

@<Command-line data@>=
typedef struct { const char *opt, *path; int output; const char *may_be; } named_file;

@ @<Command-line functions@>=
static void check_files(const named_file *files, size_t n)
{
  char why[400];
  for (size_t i = 0; i < n; i++) {
    if (files[i].path == NULL || !files[i].output) continue;
    if (atomic_check_target(files[i].path, why, sizeof why) != 0)
      usage_error("%s: cannot write '%s': %s", files[i].opt, files[i].path, why);
    for (size_t j = 0; j < n; j++) {
      if (j == i || files[j].path == NULL || (files[j].output && j < i)) continue;
      if (files[i].may_be && strcmp(files[i].may_be, files[j].opt) == 0) continue;
      if (same_file(files[i].path, files[j].path))
        usage_error("%s and %s name the same file '%s'", files[i].opt, files[j].opt,
          files[i].path);
    }
  }
}

@ A command whose outputs go into a folder (\.{reproduce}) checks the folder: it is one, and may
be written, or it does not exist yet and could be made. The units of one grid start at the same
moment and each makes the folder if it is missing, so the folder may appear between any two of
these lines. The order of the checks makes that harmless: a folder that was missing and could be
made passes whether or not another unit made it meanwhile; one that could not be made is looked at
again, and passes if another unit has made it since. |test_units_in_reverse_match_one_process|
starts the units of a grid two at a time into a folder that does not exist yet;
|test_grid_commands_reject_bad_options| gives a file, and a folder under a missing one.

@<Command-line functions@>=
static void check_output_dir(const char *opt, const char *dir)
{
  struct stat st;
  char why[400];
  if (stat(dir, &st) != 0) {
    if (atomic_check_target(dir, why, sizeof why) == 0) return;  /* missing, and can be made */
    if (stat(dir, &st) != 0) usage_error("%s: cannot make the folder '%s': %s", opt, dir, why);
  }
  if (!S_ISDIR(st.st_mode))
    usage_error("%s: cannot make the folder '%s': it exists and is not a folder", opt, dir);
  if (access(dir, W_OK | X_OK) != 0)
    usage_error("%s: cannot write in '%s': %s", opt, dir, strerror(errno));
}

@ The options of \.{mhicl risk}. Options take their value as the next argument.

@<Command-line functions@>=
static int command_risk(int argc, char **argv)
{
  risk_config cfg;
  risk_config_init(&cfg);
  size_t d = 20, s = 3, n_min = 30, n_max = 200, n_step = 10;
  unsigned t_max = RISK_T_MAX;
  double b = 1.0, sigma = 0.5, rho = 0.0;
  beta_kind kind = BETA_SPARSE_GAUSS;
  const char *out = NULL;
  cfg.progress = 1;
  for (int i = 0; i < argc; i++) {
    const char *opt = argv[i];
    if (strcmp(opt, "--help") == 0) { fputs(usage_risk, stdout); return 0; }
    if (strcmp(opt, "--quiet") == 0) { cfg.progress = 0; continue; }
    if (strncmp(opt, "--", 2) != 0) usage_error("risk: unexpected argument '%s'", opt);
    if (i + 1 >= argc) usage_error("%s needs a value", opt);
    const char *val = argv[++i];
    @<Parse one option of \.{mhicl risk}@>@;
  }
  @<Check the options of \.{mhicl risk} against each other@>@;
  @<Run the experiment and write its results@>@;
  return 0;
}

@ @<Parse one option of \.{mhicl risk}@>=
if (strcmp(opt, "--d") == 0) d = parse_count(opt, val, 1, 1000);
else if (strcmp(opt, "--s") == 0) s = parse_count(opt, val, 1, 1000);
else if (strcmp(opt, "--b") == 0) b = parse_real(opt, val, 0.0, 1e6);
else if (strcmp(opt, "--sigma") == 0) sigma = parse_real(opt, val, 0.0, 1e6);
else if (strcmp(opt, "--rho") == 0) rho = parse_real(opt, val, -0.99, 0.99);
else if (strcmp(opt, "--n-min") == 0) n_min = parse_count(opt, val, 1, 1000000);
else if (strcmp(opt, "--n-max") == 0) n_max = parse_count(opt, val, 1, 1000000);
else if (strcmp(opt, "--n-step") == 0) n_step = parse_count(opt, val, 1, 1000000);
else if (strcmp(opt, "--trials") == 0) cfg.trials = parse_count(opt, val, 2, 100000000);
else if (strcmp(opt, "--tune-trials") == 0)
  cfg.tune_trials = parse_count(opt, val, 1, 100000000);
else if (strcmp(opt, "--seed") == 0) cfg.seed = parse_count(opt, val, 0, UINT64_MAX);
else if (strcmp(opt, "--threads") == 0) cfg.threads = (unsigned) parse_count(opt, val, 1, 256);
else if (strcmp(opt, "--methods") == 0) parse_methods(val, cfg.use);
else if (strcmp(opt, "--pto-c") == 0) cfg.pto.c = parse_real(opt, val, -1e6, 1e6);
else if (strcmp(opt, "--out") == 0) out = val;
else if (strcmp(opt, "--t-max") == 0) t_max = (unsigned) parse_count(opt, val, 1, 100000);
else if (strcmp(opt, "--beta") == 0) {
  if (strcmp(val, "sparse") == 0) kind = BETA_SPARSE_GAUSS;
  else if (strcmp(val, "sign") == 0) kind = BETA_SPARSE_SIGN;
  else if (strcmp(val, "dense") == 0) kind = BETA_DENSE;
  else usage_error("--beta: unknown prior '%s' (sparse, sign or dense)", val);
} else if (strcmp(opt, "--pto-step") == 0) {
  if (strcmp(val, "relative") == 0) cfg.pto.relative_step = 1;
  else if (strcmp(val, "fixed") == 0) cfg.pto.relative_step = 0;
  else usage_error("--pto-step: unknown step rule '%s' (relative or fixed)", val);
} else if (strcmp(opt, "--pto-variant") == 0) {
  if (strcmp(val, "r") == 0) cfg.pto.variant = PTO_R;
  else if (strcmp(val, "abs") == 0) cfg.pto.variant = PTO_ABS;
  else if (strcmp(val, "sq") == 0) cfg.pto.variant = PTO_SQ;
  else if (strcmp(val, "residual") == 0) cfg.pto.variant = PTO_RESIDUAL;
  else usage_error("--pto-variant: unknown variant '%s' (r, abs, sq or residual)", val);
} else usage_error("risk: unknown option '%s'", opt);

@ The checks that involve several options, and the one on the output file: it is opened (as its
temporary) before the run starts, so that an unwritable path is reported at once rather than after
the work.

@<Check the options of \.{mhicl risk}...@>=
if (kind != BETA_DENSE && s > d) usage_error("--s: %zu nonzeros exceed the dimension %zu", s, d);
if (n_max < n_min) usage_error("--n-max %zu is below --n-min %zu", n_max, n_min);
size_t count = (n_max - n_min) / n_step + 1;
if (count > 1000) usage_error("--n-min/--n-max/--n-step: %zu prompt lengths (at most 1000)", count);
task_spec_init(&cfg.spec, d, s, kind, b, sigma);
risk_grids_free(&cfg.grids);
risk_grids_default(&cfg.grids, t_max, cfg.pto.relative_step);
cfg.rho = rho;
if (cfg.use[M_BAYES]) {
  sparse_prior prior = risk_bayes_prior(&cfg.spec);
  if (!(sigma > 0.0))
    usage_error("--sigma 0: the Bayes posterior mean needs sigma > 0 (leave bayes out of --methods)");
  if (bayes_terms(d, &prior) > BAYES_MAX_TERMS)
    usage_error("bayes: %.4g terms per prompt exceed the enumeration cap %.0g (leave bayes out of --methods, or lower d or s)",
      bayes_terms(d, &prior), BAYES_MAX_TERMS);
}
if (rho != 0.0) {
  gsl_matrix *Sigma = gsl_matrix_alloc(d, d);
  for (size_t i = 0; i < d; i++)
    for (size_t j = 0; j < d; j++)
      gsl_matrix_set(Sigma, i, j, pow(rho, fabs((double) i - (double) j)));
  if (task_spec_set_covariance(&cfg.spec, Sigma) != 0)
    usage_error("--rho: covariance is not positive definite");
  gsl_matrix_free(Sigma);
}
cfg.n_count = count;
cfg.ns = xmalloc(count * sizeof(size_t));
for (size_t i = 0; i < count; i++) cfg.ns[i] = n_min + i * n_step;
if (out != NULL) {
  named_file files[] = { { "--out", out, 1, NULL } };
  check_files(files, 1);
  open_out(out);
}

@ @<Run the experiment...@>=
risk_result res;
double t0 = mhicl_seconds();
risk_run(&cfg, &res);
double elapsed = mhicl_seconds() - t0;
risk_print_table(stdout, &cfg, &res);
printf("time: %.1f s with %u thread%s\n", elapsed, cfg.threads, cfg.threads == 1 ? "" : "s");
if (out != NULL) {
  risk_write_csv(out_file.f, &cfg, &res);
  commit_out(out);
}
risk_result_free(&res);
risk_grids_free(&cfg.grids);
task_spec_free(&cfg.spec);
free(cfg.ns);

@ \.{mhicl train} [\.{--config} {\it file}] [\.{--resume} {\it checkpoint}] [\.{--}{\it key}
{\it value}]$\ldots$ trains a model. The keys are those of the training chapter's table; a
configuration file is read first, then the options override it (one \.{--config} at most: with two,
one would silently win). With \.{--resume} the run's configuration comes from the checkpoint;
a configuration file and options are then applied on top of it, and may change only the keys
that do not change the run (steps, held-out evaluation, checkpoints, log, threads; the help text
marks them), while any other key that differs from the checkpoint's is refused by name (the
training chapter's |train_config_resume_change|). Training continues from the checkpoint's
step, and writes to the checkpoint it was resumed from (|train_resume_outputs|). \.{--until}
{\it step} stops early (the checkpoint is written there), which is how a run is split in two.
All files are checked before the first step (|check_files|).

@<Command-line functions@>=
static void train_usage(FILE *f)
{
  fputs("usage: mhicl train [--config FILE] [--resume CHECKPOINT] [--until STEP]\n"
    "                   [--quiet] [--KEY VALUE]...\n\n"
    "With --resume, the configuration is the checkpoint's; --config FILE and --KEY options\n"
    "may change only the keys marked [may change on --resume]; any other key that differs\n"
    "from the checkpoint's is refused. A resumed run writes the checkpoint it was resumed\n"
    "from, and a log beside it (CKPT.log.csv for a copy), unless --checkpoint/--log say\n"
    "otherwise. No output may be an input (checked before the first step).\n"
    "\nkeys (also for the config file, key = value):\n", f);
  train_config_help(f);
}

static int command_train(int argc, char **argv)
{
  train_config cfg;
  train_config_default(&cfg);
  const char *resume = NULL, *config = NULL;
  size_t until = (size_t) -1;
  int progress = 1;
  char err[512];
  for (int i = 0; i < argc; i++) {  /* first pass: the file and the checkpoint */
    if (strcmp(argv[i], "--help") == 0) { train_usage(stdout); return 0; }
    const char **which = !strcmp(argv[i], "--config") ? &config : !strcmp(argv[i], "--resume") ? &resume : NULL;
    if (which && i + 1 < argc) {
      if (*which) usage_error("%s given twice", argv[i]);
      *which = argv[++i];
    }
  }
  trainer *tr = NULL;
  if (resume) {
    tr = checkpoint_load(resume, err, sizeof err);
    if (tr == NULL) { fprintf(stderr, "mhicl: %s\n", err); return 1; }
    cfg = tr->cfg;
  }
  if (config && train_config_read(&cfg, config, err, sizeof err) != 0) usage_error("--config: %s", err);
  for (int i = 0; i < argc; i++) {
    const char *opt = argv[i];
    if (!strcmp(opt, "--quiet")) { progress = 0; continue; }
    if (strncmp(opt, "--", 2) != 0) usage_error("train: unexpected argument '%s'", opt);
    if (i + 1 >= argc) usage_error("%s needs a value", opt);
    const char *val = argv[++i];
    if (!strcmp(opt, "--config") || !strcmp(opt, "--resume")) continue;
    if (!strcmp(opt, "--until")) { until = parse_count(opt, val, 1, (unsigned long long) 1e12); continue; }
    if (train_config_set(&cfg, opt + 2, val, err, sizeof err) != 0) usage_error("%s", err);
  }
  const char *bad = train_config_check(&cfg);
  if (bad) usage_error("train: %s", bad);
  if (tr) @<Check what the resumed run changes, and where it writes@>@;
  named_file files[] = { { "--config", config, 0, NULL }, { "--resume", resume, 0, NULL },
    { "--log", cfg.log[0] ? cfg.log : NULL, 1, NULL },
    { "--checkpoint", cfg.checkpoint[0] ? cfg.checkpoint : NULL, 1, "--resume" } };
  check_files(files, 4);
  if (tr == NULL) {
    tr = trainer_new(&cfg);
    model_init(tr->m, cfg.seed, cfg.init_std);
  } else trainer_reconfigure(tr, &cfg);
  if (progress)
    fprintf(stderr, "train: %zu parameters, steps %zu to %zu\n", tr->m->n_params, tr->step,
      until < cfg.steps ? until : cfg.steps);
  double t0 = mhicl_seconds();
  int status = train_run(tr, until, progress, err, sizeof err);
  if (status != 0) { fprintf(stderr, "mhicl: %s\n", err); trainer_free(tr); return 1; }
  printf("trained to step %zu in %.1f s; held-out loss %.6g\n", tr->step, mhicl_seconds() - t0,
    heldout_loss(tr));
  trainer_free(tr);
  return 0;
}

@ @<Check what the resumed run changes...@>=
{
  const char *key = train_config_resume_change(&tr->cfg, &cfg);
  if (key)
    usage_error("--resume: '%s' differs from the checkpoint's; only steps, eval_every, "
      "eval_prompts, checkpoint_every, log, checkpoint and threads may change", key);
  if (cfg.steps < tr->step)
    usage_error("--steps: %zu is below step %zu, where the checkpoint is", cfg.steps, tr->step);
  if (train_resume_outputs(&cfg, &tr->cfg, resume, err, sizeof err) != 0) usage_error("%s", err);
}

@ A checkpoint of a retrieval model is evaluated by exact match per depth (retrieval chapter):
$N$ sequences of the evaluation stream under the seed $s$, a row per depth at the destinations
and one for the query, each with its Wilson interval at 95\% and chance; \.{--out} writes the
same rows as CSV.

@<Command-line functions@>=
static int eval_retrieval(trainer *tr, size_t sequences, uint64_t seed, const char *out)
{
  const retrieval_spec *s = &tr->cfg.retrieval;
  retrieval_acc acc;
  retrieval_evaluate(tr->m, s, seed, STREAM_EVAL, sequences, tr->cfg.batch, &acc);
  printf("exact match per depth, %zu sequences (V = %zu, N = %zu, K = %zu, D = %zu), "
    "chance %.3f\n%-12s %5s %9s %8s %17s\n", sequences, s->V, s->N, s->K, s->D,
    retrieval_chance(s), "position", "depth", "trials", "accuracy", "95% Wilson");
  for (size_t bin = 1; bin <= acc.D + 1; bin++) {
    size_t k = bin <= acc.D ? bin : 0;
    if (acc.total[k] == 0) continue;
    interval w = retrieval_acc_interval(&acc, k, 1.96);
    printf("%-12s %5zu %9zu %8.4f   [%.4f, %.4f]\n", k ? "destination" : "query", k ? k : acc.D,
      acc.total[k], w.mean, w.lo, w.hi);
  }
  if (out != NULL) {
    retrieval_acc_write_csv(out_file.f, &acc, s, seed, 1.96);
    commit_out(out);
  }
  retrieval_acc_free(&acc);
  trainer_free(tr);
  return 0;
}

@ A checkpoint of a multi-task model is evaluated output by output (the training chapter's
|output_errors|): $N$ prompts of the evaluation stream under the seed $s$, the risk
${\Ex}(\hat y_{qk}-y_{qk})^2$ of each read-out row with its standard error; \.{--out} writes
them as CSV (\.{output,risk,se,prompts,seed}).

@<Command-line functions@>=
static int eval_outputs(trainer *tr, size_t prompts, uint64_t seed, const char *out)
{
  size_t R = model_outputs(&tr->cfg.arch);
  double *err = xmalloc(prompts * R * sizeof(double));
  output_errors(tr, seed, STREAM_EVAL, prompts, err);
  printf("risk per output at the query, %zu prompts\n%6s %12s %12s\n", prompts, "output", "risk", "se");
  if (out != NULL) fprintf(out_file.f, "output,risk,se,prompts,seed\n");
  for (size_t r = 0; r < R; r++) {
    mc_summary m = mc_summarize(err + r, prompts, R);
    printf("%6zu %12.6g %12.3g\n", r + 1, m.mean, m.se);
    if (out != NULL)
      fprintf(out_file.f, "%zu,%.17g,%.17g,%zu,%llu\n", r + 1, m.mean, m.se, prompts,
        (unsigned long long) seed);
  }
  if (out != NULL) commit_out(out);
  free(err);
  trainer_free(tr);
  return 0;
}

@ \.{mhicl eval --checkpoint} {\it file} [\.{--prompts} $N$] [\.{--seed} $s$] [\.{--out}
{\it csv}] runs the protocol of the evaluation chapter and prints the normalized error of the model
and the baselines at every prefix length.

@<Command-line functions@>=
static int command_eval(int argc, char **argv)
{
  const char *ckpt = NULL, *out = NULL;
  size_t prompts = 1280;
  uint64_t seed = 1;
  for (int i = 0; i < argc; i++) {
    const char *opt = argv[i];
    if (!strcmp(opt, "--help")) {
      puts("usage: mhicl eval --checkpoint FILE [--prompts N (1280)] [--seed S (1)] [--out CSV]");
      return 0;
    }
    if (i + 1 >= argc) usage_error("%s needs a value", opt);
    const char *val = argv[++i];
    if (!strcmp(opt, "--checkpoint")) ckpt = val;
    else if (!strcmp(opt, "--prompts")) prompts = parse_count(opt, val, 2, 100000000);
    else if (!strcmp(opt, "--seed")) seed = parse_count(opt, val, 0, UINT64_MAX);
    else if (!strcmp(opt, "--out")) out = val;
    else usage_error("eval: unknown option '%s'", opt);
  }
  if (ckpt == NULL) usage_error("eval: --checkpoint is required");
  named_file files[] = { { "--checkpoint", ckpt, 0, NULL }, { "--out", out, 1, NULL } };
  check_files(files, 2);
  char err[512];
  trainer *tr = checkpoint_load(ckpt, err, sizeof err);
  if (tr == NULL) { fprintf(stderr, "mhicl: %s\n", err); return 1; }
  if (out != NULL) open_out(out);
  if (tr->cfg.task_kind == TASK_RETRIEVAL) return eval_retrieval(tr, prompts, seed, out);
  if (tr->cfg.task_kind == TASK_MULTITASK) return eval_outputs(tr, prompts, seed, out);
  eval_result res;
  evaluate_model(tr, prompts, seed, &res);
  @<Print the evaluation table@>@;
  if (out != NULL) {
    eval_write_csv(out_file.f, &res, seed);
    commit_out(out);
  }
  eval_result_free(&res);
  trainer_free(tr);
  return 0;
}

@ @<Print the evaluation table@>=
printf("normalized squared error (zero predictor = 1), mean over %zu prompts\n%6s", prompts, "prefix");
for (int meth = 0; meth < EV_COUNT; meth++) printf(" %13s", eval_method_names[meth]);
putchar('\n');
for (size_t k = 0; k < res.n_prefix; k++) {
  printf("%6zu", res.prefix[k]);
  for (int meth = 0; meth < EV_COUNT; meth++) {
    mc_summary s = mc_summarize(res.err + ((size_t) meth * res.n_prefix + k) * prompts, prompts, 1);
    printf(" %13.4g", s.mean);
  }
  putchar('\n');
}

@ \.{mhicl heads} [\.{--d} $d$] [\.{--s} $s$] [\.{--sigma} $\sigma$] [\.{--n} $n$] [\.{--trials}
$N$] [\.{--tune-trials} $N$] [\.{--seed} $s$] [\.{--out} {\it csv}] measures the tuned risk of the
$H$-head algorithm of the constructions chapter for every $H$ that divides into contiguous groups,
$H=1,\ldots,d$, on the same evaluation tasks, and prints and writes one row per $H$.

@<Command-line functions@>=
static int command_heads(int argc, char **argv)
{
  size_t d = 8, s = 2, n = 40, trials = 2000, tune = 500;
  double sigma = 0.5;
  uint64_t seed = 1;
  const char *out = NULL;
  for (int i = 0; i < argc; i++) {
    const char *opt = argv[i];
    if (!strcmp(opt, "--help")) {
      puts("usage: mhicl heads [--d 8] [--s 2] [--sigma 0.5] [--n 40] [--trials 2000]\n"
        "                   [--tune-trials 500] [--seed 1] [--out CSV]");
      return 0;
    }
    if (i + 1 >= argc) usage_error("%s needs a value", opt);
    const char *val = argv[++i];
    if (!strcmp(opt, "--d")) d = parse_count(opt, val, 1, 256);
    else if (!strcmp(opt, "--s")) s = parse_count(opt, val, 1, 256);
    else if (!strcmp(opt, "--n")) n = parse_count(opt, val, 1, 1000000);
    else if (!strcmp(opt, "--sigma")) sigma = parse_real(opt, val, 0.0, 1e6);
    else if (!strcmp(opt, "--trials")) trials = parse_count(opt, val, 2, 100000000);
    else if (!strcmp(opt, "--tune-trials")) tune = parse_count(opt, val, 1, 100000000);
    else if (!strcmp(opt, "--seed")) seed = parse_count(opt, val, 0, UINT64_MAX);
    else if (!strcmp(opt, "--out")) out = val;
    else usage_error("heads: unknown option '%s'", opt);
  }
  if (s > d) usage_error("--s: %zu nonzeros exceed the dimension %zu", s, d);
  if (out != NULL) {
    named_file files[] = { { "--out", out, 1, NULL } };
    check_files(files, 1);
    open_out(out);
  }
  task_spec spec;
  task_spec_init(&spec, d, s, BETA_SPARSE_GAUSS, 1.0, sigma);
  double *r = xmalloc(trials * sizeof(double));
  if (out)  /* the provenance columns: the constructions chapter's grouped PtO uses the sparse
     Gaussian prior with $b=1$, $\Sigma=I$, the relative step and at most 100 steps */
    fprintf(out_file.f, "version,prior,b,d,s,sigma,rho,n,H,pto_step,t_max,risk_mean,risk_se,"
      "trials,tune_trials,seed\n");
  printf("tuned excess risk of the H-head preprocessing, d = %zu, s = %zu, sigma = %g, n = %zu\n",
    d, s, sigma, n);
  for (size_t H = 1; H <= d; H++) {
    grouped_head_risk(&spec, n, H, tune, trials, seed, r);
    mc_summary m = mc_summarize(r, trials, 1);
    printf("  H = %3zu  %.5f +- %.5f\n", H, m.mean, m.se);
    if (out) fprintf(out_file.f, "%s,sparse,1,%zu,%zu,%.17g,0,%zu,%zu,relative,100,%.17g,%.17g,"
      "%zu,%zu,%llu\n", MHICL_VERSION, d, s, sigma, n, H, m.mean, m.se, trials, tune,
      (unsigned long long) seed);
  }
  free(r);
  if (out != NULL) commit_out(out);
  return 0;
}

@ \.{mhicl softmax} {\it part} [{\it options}] \.{--out} {\it csv} writes what the softmax
chapter's figures plot: \.{flow}, the gradient flows of the reduced model (|sm_flow_csv|;
\.{--points} $N$), or \.{risk}, the estimators against the prompt length (|sm_compare_csv|;
\.{--trials} $N$); both take \.{--seed} $s$.

@<Command-line functions@>=
static int command_softmax(int argc, char **argv)
{
  static const size_t Ls[19] = { 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80,
    85, 90, 95, 100 };
  size_t points = 200, trials = 20000;
  uint64_t seed = 1;
  const char *out = NULL;
  if (argc < 1 || !strcmp(argv[0], "--help")) {
    puts("usage: mhicl softmax flow [--points 200] [--seed 1] --out CSV\n"
      "       mhicl softmax risk [--trials 20000] [--seed 1] --out CSV");
    return 0;
  }
  int flow = !strcmp(argv[0], "flow");
  if (!flow && strcmp(argv[0], "risk") != 0)
    usage_error("softmax: unknown part '%s' (flow or risk)", argv[0]);
  for (int i = 1; i < argc; i++) {
    const char *opt = argv[i];
    if (i + 1 >= argc) usage_error("%s needs a value", opt);
    const char *val = argv[++i];
    if (flow && !strcmp(opt, "--points")) points = parse_count(opt, val, 2, 100000);
    else if (!flow && !strcmp(opt, "--trials")) trials = parse_count(opt, val, 2, 100000000);
    else if (!strcmp(opt, "--seed")) seed = parse_count(opt, val, 0, UINT64_MAX);
    else if (!strcmp(opt, "--out")) out = val;
    else usage_error("softmax %s: unknown option '%s'", argv[0], opt);
  }
  if (out == NULL) usage_error("softmax: --out is required");
  named_file files[] = { { "--out", out, 1, NULL } };
  check_files(files, 1);
  open_out(out);
  if ((flow ? sm_flow_csv(out_file.f, points, seed) : sm_compare_csv(out_file.f, Ls, 19, trials,
      seed)) != 0) mhicl_fatal("softmax: the ODE solver failed");
  commit_out(out);
  return 0;
}

@ \.{mhicl compare} [\.{--d} $d$] [\.{--s} $s$] [\.{--sigma} $\sigma$] [\.{--n} $n$]
[\.{--steps} $N$] [\.{--lr} $\alpha$] [\.{--prompts} $N$] [\.{--seed} $s$] [\.{--out} {\it csv}]
trains and compares the three models of the constructions chapter's last section.

@<Command-line functions@>=
static int command_compare(int argc, char **argv)
{
  train_config c;
  train_config_default(&c);
  char err[512];
  const char *defaults[][2] = { { "d", "8" }, { "s", "2" }, { "beta", "sparse" }, { "b", "1" },
    { "sigma", "0.5" }, { "n", "40" }, { "steps", "3000" }, { "lr", "0.005" }, { "batch", "64" },
    { "eval_every", "0" }, { "eval_prompts", "64" }, { "format", "stacked" }, { "loss", "query" } };
  for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
    train_config_set(&c, defaults[i][0], defaults[i][1], err, sizeof err);
  size_t prompts = 2000;
  const char *out = NULL;
  for (int i = 0; i < argc; i++) {
    const char *opt = argv[i];
    if (!strcmp(opt, "--help")) {
      puts("usage: mhicl compare [--d 8] [--s 2] [--sigma 0.5] [--n 40] [--steps 3000]\n"
        "                     [--lr 0.005] [--prompts 2000] [--seed 1] [--out CSV]");
      return 0;
    }
    if (i + 1 >= argc) usage_error("%s needs a value", opt);
    const char *val = argv[++i];
    if (!strcmp(opt, "--out")) out = val;
    else if (!strcmp(opt, "--prompts")) prompts = parse_count(opt, val, 2, 100000000);
    else if (!strcmp(opt, "--d") || !strcmp(opt, "--s") || !strcmp(opt, "--sigma") || !strcmp(opt, "--n")
        || !strcmp(opt, "--steps") || !strcmp(opt, "--lr") || !strcmp(opt, "--seed")) {
      if (train_config_set(&c, opt + 2, val, err, sizeof err) != 0) usage_error("%s", err);
    } else usage_error("compare: unknown option '%s'", opt);
  }
  c.arch = construct_config(c.d, c.n, 1, 1);
  const char *bad = train_config_check(&c);
  if (bad) usage_error("compare: %s", bad);
  if (out != NULL) {
    named_file files[] = { { "--out", out, 1, NULL } };
    check_files(files, 1);
    open_out(out);
    fprintf(out_file.f, "model,layers,heads1,trained,trained_se,constructed,constructed_se,eta,cosine\n");
  }
  const size_t shapes[3][2] = { { 1, 1 }, { 2, 1 }, { 2, c.d } };
  printf("prediction risk E(y_hat - y_q)^2 (noise %g included), %zu prompts\n", c.sigma * c.sigma, prompts);
  for (int i = 0; i < 3; i++) {
    comparison r = compare_trained_constructed(&c, shapes[i][0], shapes[i][1], prompts);
    printf("  L = %zu, H1 = %2zu: trained %.4f +- %.4f  constructed %.4f +- %.4f (eta %g)  cosine %.3f\n",
      shapes[i][0], shapes[i][1], r.trained, r.trained_se, r.constructed, r.constructed_se, r.eta, r.cosine);
    if (out) fprintf(out_file.f, "%d,%zu,%zu,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", i + 1,
      shapes[i][0], shapes[i][1], r.trained, r.trained_se, r.constructed, r.constructed_se, r.eta, r.cosine);
  }
  if (out != NULL) commit_out(out);
  return 0;
}

@ \.{mhicl reproduce chen} [\.{--scale} {\it smoke}$\vert${\it quick}$\vert${\it paper}] [\.{--out} {\it dir}]
[\.{--family} {\it theory}$\vert${\it gpt2}$\vert${\it both}] [\.{--seeds} $N$] [\.{--threads} $K$]
runs the experiments chapter's grid in one process. With \.{--plan} it runs nothing and prints
the grid's units, one command a line, with the program and the directory as absolute paths; with
\.{--unit} {\it name} it runs that one unit; with \.{--join} it joins the finished units' files,
or names the unfinished ones in one line and exits with status~1 (the experiments chapter, on
grids in units). With \.{--analyze} {\it checkpoint} it trains nothing and runs the
five analyses on that one model instead, with the scale's prompt counts (the experiments
chapter), into \.{DIR/runs/} (default directory \.{chen-analyze}); \.{--family} and
\.{--seeds} are then refused. With \.{--only} \.{baselines} it trains nothing and computes
only the estimators on the scale's prompts, into \.{DIR/chen\_baselines.csv}. The quick scale runs the theory family unless told otherwise
(the GPT-2 family does not leave its loss plateau in the quick scale's steps; see the
experiments chapter); the other scales run both. The directory is created if
needed; a rerun with the same directory continues where the last one stopped.
\.{mhicl reproduce he} takes the same options but \.{--family}, and runs the He grid of its own
chapter (default directory \.{he-quick} or \.{he-paper}, and the scale's number of seeds);
its \.{--analyze} refuses, with status~2, a checkpoint that is not the paper's layer.

@<Command-line functions@>=
static int reproduce_musat(const char *scale, const char *out, const char *analyze,
  const char *step, const char *unit, size_t seeds, size_t threads, const char *program);
static void plan_paths(const char *step, char *dir, size_t size, const char *program, char *prog,
  size_t psize);
static int grid_command(grid_plan *p, const char *step, const char *unit, const char *prog,
  const char *scale);
static int command_reproduce(int argc, char **argv, const char *program)
{
  if (argc >= 1 && !strcmp(argv[0], "--help")) {
    puts("usage: mhicl reproduce chen [--scale smoke|quick|paper (quick)] [--out DIR (chen-SCALE)]\n"
      "                             [--family theory|gpt2|both (quick: theory; else both)]\n"
      "                             [--seeds N (1)] [--only baselines]\n"
      "                             [--threads K (2)]\n"
      "                             [--plan | --unit NAME | --join]\n"
      "         --plan: print one command per unit of the grid; --unit: run one unit;\n"
      "         --join: join the finished units' files (as the run without these does)\n"
      "       mhicl reproduce chen --analyze CHECKPOINT [--scale S (quick)] [--out DIR (chen-analyze)]\n"
      "                             [--threads K (2)]\n"
      "       mhicl reproduce he [--scale S (quick)] [--out DIR (he-SCALE)] [--seeds N (scale's)]\n"
      "                          [--threads K (2)] [--plan | --unit NAME | --join]\n"
      "       mhicl reproduce he --analyze CHECKPOINT [--scale S (quick)] [--out DIR (he-analyze)]\n"
      "       mhicl reproduce musat [--scale S (quick)] [--seeds N (3)] [--threads K (2)]\n"
      "                             [--out DIR (musat-SCALE)] [--plan | --unit NAME | --join]\n"
      "       mhicl reproduce musat --analyze CHECKPOINT [--out DIR (musat-analyze)]");
    return 0;
  }
  if (argc < 1 || (strcmp(argv[0], "chen") != 0 && strcmp(argv[0], "he") != 0
      && strcmp(argv[0], "musat") != 0))
    usage_error("reproduce: the experiment to reproduce must be 'chen', 'he' or 'musat'");
  const char *paper = argv[0];
  int he = strcmp(paper, "he") == 0, musat = strcmp(paper, "musat") == 0;
  const char *scale = "quick", *out = NULL, *analyze = NULL, *step = NULL, *unit = NULL;
  const char *only = NULL;  /* \.{--only baselines}: the estimators alone, no training */
  size_t seeds = he ? 0 : musat ? 3 : 1, threads = 2;  /* he: 0 is the scale's number of seeds */
  int grid_options = 0;  /* \.{--family} or \.{--seeds} given */
  int family = -2;  /* not given: the scale's default */
  for (int i = 1; i < argc; i++) {
    const char *opt = argv[i];
    if (!strcmp(opt, "--plan") || !strcmp(opt, "--join") || !strcmp(opt, "--unit")) {
      if (step) usage_error("reproduce: %s and %s exclude each other", step, opt);
      step = opt;
      if (strcmp(opt, "--unit")) continue;
    }
    if (i + 1 >= argc) usage_error("%s needs a value", opt);
    const char *val = argv[++i];
    if (!strcmp(opt, "--scale")) {
      if ((musat ? musat_scale_named(val) != NULL : chen_scale_named(val) != NULL) == 0)
        usage_error("--scale: '%s' is not smoke, quick or paper", val);
      scale = val;
    } else if (!strcmp(opt, "--out")) out = val;
    else if (!strcmp(opt, "--unit")) unit = val;
    else if (!strcmp(opt, "--seeds")) { seeds = parse_count(opt, val, 1, 10); grid_options = 1; }
    else if (!strcmp(opt, "--analyze")) analyze = val;
    else if (!strcmp(opt, "--only") && !he && !musat) {
      if (strcmp(val, "baselines") != 0) usage_error("--only: '%s' is not baselines", val);
      only = val;
    }
    else if (!strcmp(opt, "--family") && !he && !musat) {
      grid_options = 1;
      if (!strcmp(val, "theory")) family = FAMILY_THEORY;
      else if (!strcmp(val, "gpt2")) family = FAMILY_GPT2;
      else if (!strcmp(val, "both")) family = -1;
      else usage_error("--family: '%s' is not theory, gpt2 or both", val);
    }
    else if (!strcmp(opt, "--threads")) threads = parse_count(opt, val, 1, 64);
    else usage_error("reproduce: unknown option '%s'", opt);
  }
  if (musat) return reproduce_musat(scale, out, analyze, step, unit, seeds, threads, program);
  char dir[256], err[8192];
  if (analyze != NULL) {
    if (grid_options) usage_error("reproduce: --analyze takes one model; --family and --seeds do not apply");
    if (step) usage_error("reproduce: --analyze takes one model; %s does not apply", step);
    if (only != NULL) usage_error("reproduce: --analyze and --only baselines do not go together");
    snprintf(dir, sizeof dir, "%s", out ? out : he ? "he-analyze" : "chen-analyze");
    check_output_dir("--out", dir);
    int rc = he ? he_analyze_checkpoint(analyze, scale, dir, err, sizeof err)
      : chen_analyze_checkpoint(analyze, scale, dir, threads, err, sizeof err);
    if (rc != 0) {
      fprintf(stderr, "mhicl: %s\n", err);
      return rc == -2 ? 2 : 1;
    }
    printf("reproduce %s: analyses of '%s' in %s/runs/\n", paper, analyze, dir);
    return 0;
  }
  if (family == -2) family = strcmp(scale, "quick") == 0 ? FAMILY_THEORY : -1;
  snprintf(dir, sizeof dir, "%s-%s", paper, strcmp(scale, "quick") ? "paper" : "quick");
  if (out) snprintf(dir, sizeof dir, "%s", out);
  check_output_dir("--out", dir);
  if (only != NULL) {
    if (step) usage_error("reproduce: --only baselines and %s do not go together", step);
    double t0 = mhicl_seconds();
    if (chen_reproduce_baselines(scale, dir, seeds, err, sizeof err) != 0) {
      fprintf(stderr, "mhicl: %s\n", err);
      return 1;
    }
    printf("reproduce chen (%s): baselines in %s/chen_baselines.csv, %.0f s\n", scale, dir,
      mhicl_seconds() - t0);
    return 0;
  }
  @<Run the reproduction's plan, one unit of it, its join, or all of it@>@;
}

@ The plan names the program and the directory absolutely (the experiments chapter says why); a
program found through \.{PATH} (no slash in its name) is printed as it was called. Both
reproductions run their plan, one unit of it, its join, or all of it through |grid_command|.

@<Run the reproduction's plan...@>=
char prog[512];
plan_paths(step, dir, sizeof dir, program, prog, sizeof prog);
grid_plan p;
if ((he ? he_plan(scale, seeds, threads, dir, &p, err, sizeof err)
    : chen_plan(scale, seeds, family, threads, dir, &p, err, sizeof err)) != 0) usage_error("%s", err);
return grid_command(&p, step, unit, prog, scale);

@ @<Command-line functions@>=
static void plan_paths(const char *step, char *dir, size_t size, const char *program, char *prog,
  size_t psize)
{
  snprintf(prog, psize, "%s", program);
  if (!step || strcmp(step, "--plan")) return;
  char given[256];
  snprintf(given, sizeof given, "%s", dir);
  if (grid_absolute(given, dir, size) != 0)
    usage_error("--out: '%s' made absolute does not fit in 255 characters", given);
  if (strchr(program, '/') == NULL || grid_absolute(program, prog, psize) != 0)
    snprintf(prog, psize, "%s", program);
}

static int grid_command(grid_plan *p, const char *step, const char *unit, const char *prog,
  const char *scale)
{
  const char *paper = p->paper->name;
  char err[8192];
  const grid_unit *u = NULL;
  if (unit && (u = grid_unit_named(p, unit)) == NULL) {
    grid_plan_free(p);
    usage_error("--unit: no unit '%s' in this grid (--plan lists them)", unit);
  }
  double t0 = mhicl_seconds(), seconds = 0;
  int rc = 0;
  if (step && !strcmp(step, "--plan")) grid_plan_print(p, prog, stdout);
  else if (u) {
    rc = grid_run_unit(p, u, &seconds, err, sizeof err);
    if (rc >= 0) printf("reproduce %s: unit %s %s\n", paper, unit, rc ? "was finished already" : "finished");
  } else if (step) {
    rc = grid_join(p, err, sizeof err);
    if (rc == 0)
      printf("reproduce %s (%s): %zu units joined into %s/%s_*.csv\n", paper, scale, p->count, p->dir,
        paper);
  } else {
    rc = grid_run_all(p, err, sizeof err);
    if (rc == 0)
      printf("reproduce %s (%s): results in %s/%s_*.csv, %.0f s\n", paper, scale, p->dir, paper,
        mhicl_seconds() - t0);
  }
  grid_plan_free(p);
  if (rc < 0) { fprintf(stderr, "mhicl: %s\n", err); return 1; }
  return 0;
}

@ \.{mhicl reproduce musat} [\.{--scale} {\it smoke}$\vert${\it quick}$\vert${\it paper}]
[\.{--seeds} $N$] [\.{--threads} $K$] [\.{--out} {\it dir}] [\.{--plan}$\vert$\.{--unit}
{\it name}$\vert$\.{--join}] runs the grid of the chapter on trained retrieval models the same
way, its options read by the same loop (three seeds by default; \.{--family} is Chen's only); \.{--analyze} {\it checkpoint} reads one retrieval model instead, and a checkpoint of
another task is refused with status~2.

@<Command-line functions@>=
static int reproduce_musat(const char *scale, const char *out, const char *analyze,
  const char *step, const char *unit, size_t seeds, size_t threads, const char *program)
{
  char dir[256], err[8192];
  if (analyze != NULL) {
    if (step) usage_error("reproduce: --analyze takes one model; %s does not apply", step);
    snprintf(dir, sizeof dir, "%s", out ? out : "musat-analyze");
    check_output_dir("--out", dir);
    int rc = musat_analyze_checkpoint(analyze, dir, err, sizeof err);
    if (rc == -2) usage_error("%s", err);
    if (rc != 0) { fprintf(stderr, "mhicl: %s\n", err); return 1; }
    printf("reproduce musat: analyses of '%s' in %s/runs/\n", analyze, dir);
    return 0;
  }
  snprintf(dir, sizeof dir, "%s", out ? out : (strcmp(scale, "quick") ? "musat-paper" : "musat-quick"));
  check_output_dir("--out", dir);
  char prog[512];
  plan_paths(step, dir, sizeof dir, program, prog, sizeof prog);
  grid_plan p;
  if (musat_plan(scale, seeds, threads, dir, &p, err, sizeof err) != 0) usage_error("%s", err);
  return grid_command(&p, step, unit, prog, scale);
}

@ \.{mhicl dump --checkpoint} {\it file} \.{--out} {\it csv} [\.{--prompts} $N$] [\.{--first}
$k$] [\.{--seed} $s$] runs prompts $k,\ldots,k+N-1$ of the evaluation stream ($N$ at most the
model's batch size) through the model and writes the named activations of the interpretation
chapter: probe prompts for a regression model (seed 1 unless given), sequences of the retrieval
task for a token model, with their tokens, labels, depths and logits (|musat_dump|; the seed is
the checkpoint's unless given, so that the sequences are those of its training run's maps).

@<Command-line functions@>=
static int command_dump(int argc, char **argv)
{
  const char *ckpt = NULL, *out = NULL;
  size_t prompts = 1;
  uint64_t seed = 1, first = 0;
  int seed_given = 0;
  for (int i = 0; i < argc; i++) {
    const char *opt = argv[i];
    if (!strcmp(opt, "--help")) {
      puts("usage: mhicl dump --checkpoint FILE --out CSV [--prompts N (1)] [--first K (0)]\n"
        "                  [--seed S (1; a retrieval model: its own)]\n"
        "  prompts K..K+N-1 of the evaluation stream: their activations, TransformerLens names;\n"
        "  for a retrieval model also the rows tokens, labels, depth and logits");
      return 0;
    }
    if (i + 1 >= argc) usage_error("%s needs a value", opt);
    const char *val = argv[++i];
    if (!strcmp(opt, "--checkpoint")) ckpt = val;
    else if (!strcmp(opt, "--out")) out = val;
    else if (!strcmp(opt, "--prompts")) prompts = parse_count(opt, val, 1, 1024);
    else if (!strcmp(opt, "--first")) first = parse_count(opt, val, 0, UINT64_MAX / 2);
    else if (!strcmp(opt, "--seed")) { seed = parse_count(opt, val, 0, UINT64_MAX); seed_given = 1; }
    else usage_error("dump: unknown option '%s'", opt);
  }
  if (ckpt == NULL || out == NULL) usage_error("dump: --checkpoint and --out are required");
  named_file files[] = { { "--checkpoint", ckpt, 0, NULL }, { "--out", out, 1, NULL } };
  check_files(files, 2);
  char err[512];
  trainer *tr = checkpoint_load(ckpt, err, sizeof err);
  if (tr == NULL) { fprintf(stderr, "mhicl: %s\n", err); return 1; }
  if (tr->cfg.task_kind == TASK_MULTITASK) {
    fprintf(stderr, "mhicl: dump: '%s' is a model of the multi-task task; dump reads single-task "
      "regression and retrieval models\n", ckpt);
    trainer_free(tr);
    return 2;
  }
  if (prompts > tr->m->B_max) {
    fprintf(stderr, "mhicl: dump: --prompts %zu exceeds the model's batch size %zu\n", prompts,
      tr->m->B_max);
    trainer_free(tr);
    return 2;
  }
  open_out(out);
  train_config c = tr->cfg;
  if (c.task_kind == TASK_RETRIEVAL) {
    musat_dump(tr->m, &c.retrieval, seed_given ? seed : c.seed, first, prompts, out_file.f);
    commit_out(out);
    trainer_free(tr);
    return 0;
  }
  c.seed = seed;
  prompt_batch *bt = batch_alloc(&c.arch, prompts, c.n);
  task *t = task_alloc(c.n, c.d);
  double *signal = xmalloc(prompts * sizeof(double));
  bt->B = prompts;
  probe_fill(&c, STREAM_EVAL, first, bt, t, signal);
  model_forward(tr->m, bt);
  dump_activations(tr->m, out_file.f);
  commit_out(out);
  free(signal); task_free(t); batch_free(bt); trainer_free(tr);
  return 0;
}

@ The main program: install the GSL handler, pin OpenBLAS to one thread, dispatch.

@<The main program@>=
int main(int argc, char **argv)
{
  mhicl_blas_choose_kernels(argv);
  mhicl_install_gsl_handler();
  mhicl_blas_single_thread();
  atomic_remove_on_signals();
  if (argc < 2) { fputs(usage_main, stderr); return 2; }
  const char *cmd = argv[1];
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
    fputs(usage_main, stdout); return 0;
  }
  if (strcmp(cmd, "risk") == 0) return command_risk(argc - 2, argv + 2);
  if (strcmp(cmd, "train") == 0) return command_train(argc - 2, argv + 2);
  if (strcmp(cmd, "eval") == 0) return command_eval(argc - 2, argv + 2);
  if (strcmp(cmd, "heads") == 0) return command_heads(argc - 2, argv + 2);
  if (strcmp(cmd, "compare") == 0) return command_compare(argc - 2, argv + 2);
  if (strcmp(cmd, "reproduce") == 0) return command_reproduce(argc - 2, argv + 2, argv[0]);
  if (strcmp(cmd, "dump") == 0) return command_dump(argc - 2, argv + 2);
  if (strcmp(cmd, "softmax") == 0) return command_softmax(argc - 2, argv + 2);
  if (strcmp(cmd, "info") == 0) {
    if (argc > 2) usage_error("mhicl info takes no options");
    const char *forced = getenv("OPENBLAS_CORETYPE"), *own = getenv("MHICL_OPENBLAS_OWN_CHOICE");
    if (own) printf("OpenBLAS kernels: %s (chosen by mhicl; OpenBLAS chose %s)\n", mhicl_blas_core(), own);
    else printf("OpenBLAS kernels: %s (OPENBLAS_CORETYPE %s%s)\n", mhicl_blas_core(),
      forced ? "= " : "unset", forced ? forced : "");
    return 0;
  }
  usage_error("unknown command '%s'", cmd);
}

@ Tests. |test_cli_rejects_bad_input| runs the built program with unknown options, malformed and
out-of-range numbers, NaN, an impossible sparsity and an unwritable output path, and checks for
each a single line on |stderr|, exit status 2, and no output file.
It also covers the two refusals of the Bayes posterior mean: an enumeration beyond its cap (the
default methods at $d=40$, $s=8$: $C(40,8)\approx7.7\times10^7$ supports) and $\sigma=0$.
The same test covers \.{mhicl train} (unknown keys, bad values and lists, a missing
configuration file, inconsistent keys), \.{mhicl eval}, \.{mhicl heads} and \.{mhicl compare}. |test_cli_rejects_bad_checkpoints|
gives \.{mhicl eval} a missing and a truncated checkpoint, and \.{mhicl train --resume}, \.{mhicl
dump} and \.{mhicl reproduce chen --analyze} the truncated one: one line, status~1, and no output
file or directory. |test_cli_risk_writes_csv| runs a tiny experiment through the program and checks the CSV's header
and row count.
|test_cli_retrieval_train_and_eval| gives \.{mhicl train} a token model with a regression task,
a regression model with a retrieval task, a task that cannot be built and a malformed task key
(each one line, status~2), then trains a tiny retrieval model from a configuration file and
checks the per-depth CSV that \.{mhicl eval} writes for it, that \.{mhicl dump} writes its
activations with the sequences' tokens (and refuses more prompts than its batch in one line,
status~2, writing nothing), and that \.{mhicl reproduce chen --analyze}, which reads regression
models, refuses it in one line and leaves no output.
