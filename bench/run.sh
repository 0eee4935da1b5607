#!/bin/sh
# make bench: mhicl's Lasso against scikit-learn, the estimator suite with OpenBLAS against
# GSL's reference CBLAS.  Run from the repository root after make (uses build/*.o).
# Writes bench/out/bench.csv (name,value,unit), atomically.
set -e

CC=${CC:-gcc}
CFLAGS=${CFLAGS:--O3 -g}
WARN="-std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L -DHAVE_INLINE"
OBJ="build/support.o build/tasks.o build/estimators.o"
ALLOBJ="build/support.o build/tasks.o build/estimators.o build/risk.o build/transformer.o build/train.o build/retrieval.o"
TSTEPS=${BENCH_TRAIN_STEPS:-40}
OUT=bench/out
PY=${BENCH_PYTHON:-/usr/bin/python3}  # Debian python3 with python3-sklearn

# One BLAS thread everywhere, for a fair single-thread comparison.
OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
export OMP_NUM_THREADS OPENBLAS_NUM_THREADS MKL_NUM_THREADS

start=$(date +%s)
[ -x ./mhicl ] || { echo "bench: ./mhicl is missing; run make first" >&2; exit 1; }
# OpenBLAS picks its kernels by the processor's model; on a model it does not know it falls back
# to generic ones, and mhicl then picks better ones itself (support chapter). Every program of the
# bench, PyTorch and numpy included, must run the same kernels: export mhicl's choice.
# (Only a replacement is exported; OpenBLAS's own choice is the same in every program anyway.)
info=$(env -u OPENBLAS_CORETYPE ./mhicl info)
core=$(echo "$info" | sed -n 's/^OpenBLAS kernels: \([^ ]*\) (chosen by mhicl.*/\1/p')
if [ -n "${OPENBLAS_CORETYPE:-}" ]; then core=$OPENBLAS_CORETYPE
elif [ -n "$core" ]; then OPENBLAS_CORETYPE=$core; export OPENBLAS_CORETYPE
else core=$(echo "$info" | sed -n 's/^OpenBLAS kernels: \([^ ]*\) .*/\1/p'); fi
[ -n "$core" ] || { echo "bench: mhicl info did not name the OpenBLAS kernels" >&2; exit 1; }
echo "OpenBLAS kernels for every program of the bench: $core"
for o in $OBJ; do
  [ -f "$o" ] || { echo "bench: $o is missing; run make first" >&2; exit 1; }
done
mkdir -p "$OUT"
results="$OUT/results.txt"
: > "$results"
# Timings are wall-clock: report the load, since another job on the machine skews them.
if [ -r /proc/loadavg ]; then
  read -r load1 _ < /proc/loadavg
  echo "RESULT loadavg_1min_at_start $load1 load" >> "$results"
  echo "load average (1 min) at start: $load1 on $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo "?") CPUs"
fi
echo "RESULT openblas_kernels $core name" >> "$results"

# Run a command, show its output and append it to $results; fail if the command fails
# (POSIX sh has no pipefail, so no pipe into tee).
step() {
  "$@" > "$OUT/step.txt" || { cat "$OUT/step.txt"; echo "bench: $1 failed" >&2; exit 1; }
  cat "$OUT/step.txt"; cat "$OUT/step.txt" >> "$results"; rm -f "$OUT/step.txt"
}

# The best of the repetitions in a file of RESULT lines (names ending in _repK), under the names
# without the suffix.
best_of_reps() {
  awk '$1 == "RESULT" && $2 ~ /_rep[0-9]+$/ {
      k = $2; sub(/_rep[0-9]+$/, "", k)
      if (!(k in best) || $3 + 0 > best[k] + 0) { best[k] = $3; unit[k] = $4 }
    }
    END { for (k in best) print "RESULT " k " " best[k] " " unit[k] }' "$1" | sort
}

echo "== compile"
# shellcheck disable=SC2086
$CC $CFLAGS $WARN -Igenerated bench/bench_lasso.c $OBJ -lgsl -lopenblas -lm -lpthread \
  -o "$OUT/bench_lasso_openblas"
# shellcheck disable=SC2086
$CC $CFLAGS $WARN -Igenerated bench/bench_lasso.c bench/openblas_stub.c $OBJ \
  -lgsl -lgslcblas -lm -lpthread -o "$OUT/bench_lasso_gslcblas"
if command -v ldd >/dev/null 2>&1 && ldd "$OUT/bench_lasso_gslcblas" | grep -q openblas; then
  echo "bench: the gslcblas build pulled in OpenBLAS" >&2; exit 1
fi

echo "== mhicl, OpenBLAS"
step "$OUT/bench_lasso_openblas" "$OUT" openblas --write-prompts
echo "== mhicl, GSL reference CBLAS"
step "$OUT/bench_lasso_gslcblas" "$OUT" gslcblas

t_mhicl=$(awk '$1 == "RESULT" && $2 == "lasso_mhicl_openblas_s" { print $3 }' "$results")

echo "== scikit-learn"
if [ -x "$PY" ] && "$PY" -c 'import sklearn, numpy' >/dev/null 2>&1; then
  step "$PY" bench/lasso_sklearn.py "$OUT" "$t_mhicl"
else
  echo "SKIPPED the scikit-learn comparison: $PY cannot import sklearn and numpy."
  echo "  Install them with:  sudo apt-get install python3-sklearn python3-numpy"
fi

echo "== transformer training steps: mhicl against PyTorch (float64, same batch and threads)"
# shellcheck disable=SC2086
$CC $CFLAGS $WARN -Igenerated bench/bench_train.c bench/bench_common.c $ALLOBJ -lgsl -lopenblas -lm -lpthread \
  -o "$OUT/bench_train"
# The same driver with every matrix product timed (bench/blas_timer.c): how much of a step the
# products take, and so how fast a step could be if nothing else cost anything.
# shellcheck disable=SC2086
$CC $CFLAGS $WARN -DBENCH_BLAS_TIMER -Igenerated bench/bench_train.c bench/bench_common.c bench/blas_timer.c $ALLOBJ \
  -Wl,--wrap=gsl_blas_dgemm -lgsl -lopenblas -lm -lpthread -o "$OUT/bench_train_blas"
blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || echo unknown)
echo "libblas.so.3 -> $blas"
case "$blas" in
  *openblas*) echo "RESULT libblas_is_openblas 1 bool" >> "$results" ;;
  *) echo "RESULT libblas_is_openblas 0 bool" >> "$results"
     echo "bench: libblas.so.3 is not OpenBLAS; PyTorch and numpy would use the slow reference BLAS." >&2
     echo "  Fix: apt-get install libopenblas0-pthread && update-alternatives --config libblas.so.3-x86_64-linux-gnu" >&2 ;;
esac
# The machine is shared: a burst of load during one short measurement would decide the ratio. So
# each measurement is repeated REPS times, mhicl and PyTorch alternating, every repetition is
# recorded (suffix _repK), and the best rate of each program is the one compared.
REPS=${BENCH_REPS:-5}
have_torch=0
if [ -x "$PY" ] && "$PY" -c 'import torch' >/dev/null 2>&1; then have_torch=1
else echo "SKIPPED the PyTorch comparison: $PY cannot import torch (apt-get install python3-torch)"; fi
for th in 1 2; do
  rep=1
  while [ "$rep" -le "$REPS" ]; do
    "$OUT/bench_train" "$th" "$TSTEPS" > "$OUT/train_c.txt"
    awk -F, -v th="$th" -v rep="$rep" '{
      print "RESULT train_" $1 "_mhicl_t" th "_steps_per_s_rep" rep " " $3 " steps/s";
      print "RESULT train_" $1 "_mhicl_t" th "_gflops_rep" rep " " $4 " GFLOP/s";
      print "RESULT dgemm_peak_1thread_gflops_rep" rep " " $5 " GFLOP/s";
      print "RESULT train_" $1 "_gflop_per_step " $6 " GFLOP" }' "$OUT/train_c.txt" >> "$results"
    if [ "$have_torch" = 1 ]; then
      OMP_NUM_THREADS=$th "$PY" bench/torch_train.py "$th" "$(( TSTEPS / 4 + 3 ))" > "$OUT/train_py.txt"
      awk -F, -v th="$th" -v rep="$rep" '{
        print "RESULT train_" $1 "_torch_t" th "_steps_per_s_rep" rep " " $3 " steps/s" }' \
        "$OUT/train_py.txt" >> "$results"
    fi
    rep=$((rep + 1))
  done
  # The products' share of a step, from the timed build, BENCH_BLAS_REPS (3) times (not compared, so not
  # alternated with PyTorch); the smallest share is kept, which gives the most generous bound.
  rep=1
  while [ "$rep" -le "${BENCH_BLAS_REPS:-3}" ]; do
    "$OUT/bench_train_blas" "$th" "$TSTEPS" > "$OUT/train_c.txt"
    awk -F, -v th="$th" -v rep="$rep" '{
      print "RESULT train_" $1 "_mhicl_t" th "_blas_fraction_run" rep " " $7 " fraction" }' \
      "$OUT/train_c.txt" >> "$results"
    rep=$((rep + 1))
  done
done
# The best of the repetitions, under the names without the suffix.
best_of_reps "$results" > "$OUT/best.txt"
cat "$OUT/best.txt" >> "$results"
awk '$1 == "RESULT" && $2 ~ /_blas_fraction_run[0-9]+$/ {
    k = $2; sub(/_run[0-9]+$/, "", k)
    if (!(k in low) || $3 + 0 < low[k] + 0) low[k] = $3
  }
  END { for (k in low) print "RESULT " k " " low[k] " fraction" }' "$results" | sort > "$OUT/low.txt"
cat "$OUT/low.txt" >> "$results"
awk '$1 == "RESULT" { v[$2] = $3 }
  END {
    for (th = 1; th <= 2; th++) for (i = 0; i < 2; i++) {
      c = (i ? "sparse" : "tiny")
      a = v["train_" c "_mhicl_t" th "_steps_per_s"]; b = v["train_" c "_torch_t" th "_steps_per_s"]
      if (a != "" && b != "" && b > 0)
        printf "RESULT train_%s_t%d_speedup %.2f x\n", c, th, a / b
      # The fraction of the one-thread dgemm peak that a training step reaches: the step'"'"'s
      # FLOPs (the same model in both programs) times steps per second, over the peak.
      g = v["train_" c "_gflop_per_step"]; p = v["dgemm_peak_1thread_gflops"]
      if (a != "" && g != "" && p > 0)
        printf "RESULT train_%s_mhicl_t%d_peak_fraction %.3f fraction\n", c, th, a * g / p
      if (b != "" && g != "" && p > 0)
        printf "RESULT train_%s_torch_t%d_peak_fraction %.3f fraction\n", c, th, b * g / p
      # The ratio mhicl would reach if everything outside the matrix products took no time.
      f = v["train_" c "_mhicl_t" th "_blas_fraction"]
      if (a != "" && b != "" && b > 0 && f != "" && f > 0)
        printf "RESULT train_%s_t%d_products_only_ceiling %.2f x\n", c, th, a / f / b
    }
  }' "$results" > "$OUT/ratios.txt"
cat "$OUT/ratios.txt" >> "$results"

# ---- He et al.'s model (H = 2): the paper's 500000 steps at batch 256 on two cores, and
# against the same model in PyTorch (float64, one thread each). Self-contained: its own driver,
# repetitions (alternating mhicl and PyTorch, best of each), ratios and summary lines.
echo "== He et al.'s model, H = 2: mhicl against PyTorch (float64)"
HEOBJ="$ALLOBJ"
REPS=${REPS:-${BENCH_REPS:-5}}
if [ -z "${have_torch:-}" ]; then
  have_torch=0
  if [ -x "$PY" ] && "$PY" -c 'import torch' >/dev/null 2>&1; then have_torch=1; fi
fi
for o in $HEOBJ; do
  [ -f "$o" ] || { echo "bench: $o is missing; run make first" >&2; exit 1; }
done
# shellcheck disable=SC2086
$CC $CFLAGS $WARN -Igenerated bench/bench_he.c $HEOBJ -lgsl -lopenblas -lm -lpthread -o "$OUT/bench_he"
HE_STEPS=${BENCH_HE_STEPS:-1500}
HE_TORCH_STEPS=${BENCH_HE_TORCH_STEPS:-40}
rep=1
while [ "$rep" -le "$REPS" ]; do
  for th in 1 2; do
    "$OUT/bench_he" "$th" "$HE_STEPS" > "$OUT/he_c.txt"
    awk -F, -v th="$th" -v rep="$rep" '{
      print "RESULT he2_mhicl_t" th "_steps_per_s_rep" rep " " $3 " steps/s"
      if (rep == 1 && th == 1) print "RESULT he2_gflop_per_step " $4 " GFLOP" }' "$OUT/he_c.txt" >> "$results"
  done
  if [ "$have_torch" = 1 ]; then
    for rows in full query; do
      OMP_NUM_THREADS=1 "$PY" bench/torch_he.py 1 "$HE_TORCH_STEPS" 2 "$rows" > "$OUT/he_py.txt"
      awk -F, -v rows="$rows" -v rep="$rep" '{
        k = rows == "full" ? "he2_torch_t1" : "he2_torch_query_t1"
        print "RESULT " k "_steps_per_s_rep" rep " " $3 " steps/s" }' "$OUT/he_py.txt" >> "$results"
    done
  fi
  rep=$((rep + 1))
done
# Where a step's time goes (one thread, timers around each phase of the same steps).
"$OUT/bench_he" phases 400 > "$OUT/he_phases.txt"
awk -F, '{ print "RESULT he2_phase_" $2 "_fraction " $3 " fraction";
  print "RESULT he2_phase_" $2 "_ms " $4 " ms/step" }' "$OUT/he_phases.txt" >> "$results"
awk '$1 == "RESULT" && $2 ~ /^he2_.*_rep[0-9]+$/ {
    k = $2; sub(/_rep[0-9]+$/, "", k)
    if (!(k in best) || $3 + 0 > best[k] + 0) { best[k] = $3; unit[k] = $4 }
  }
  END { for (k in best) print "RESULT " k " " best[k] " " unit[k] }' "$results" | sort > "$OUT/he_best.txt"
cat "$OUT/he_best.txt" >> "$results"
# Ratios and targets: 500000 steps in at most 16 minutes with two threads (at least 520.8
# steps/s), and at least five times PyTorch's steps per second, one thread each.
awk '$1 == "RESULT" { v[$2] = $3 }
  END {
    a1 = v["he2_mhicl_t1_steps_per_s"]; a2 = v["he2_mhicl_t2_steps_per_s"]
    b = v["he2_torch_t1_steps_per_s"]; bq = v["he2_torch_query_t1_steps_per_s"]
    g = v["he2_gflop_per_step"]; p = v["dgemm_peak_1thread_gflops"]
    if (a1 != "" && b != "" && b > 0) printf "RESULT he2_t1_speedup_over_torch %.2f x\n", a1 / b
    if (a1 != "" && bq != "" && bq > 0) printf "RESULT he2_t1_speedup_over_torch_query %.2f x\n", a1 / bq
    if (a2 != "" && a2 > 0) printf "RESULT he2_paper_run_t2_minutes %.1f min\n", 500000 / a2 / 60
    if (a2 != "") printf "RESULT he2_target_16min_met %s yesno\n", (a2 * 960 >= 500000 ? "yes" : "no")
    if (a1 != "" && b != "" && b > 0) printf "RESULT he2_target_5x_torch_met %s yesno\n", (a1 >= 5 * b ? "yes" : "no")
    if (g != "" && p > 0) {
      if (a1 != "") printf "RESULT he2_mhicl_t1_peak_fraction %.4f fraction\n", a1 * g / p
      if (a2 != "") printf "RESULT he2_mhicl_t2_peak_fraction %.4f fraction\n", a2 * g / p
      if (b != "") printf "RESULT he2_torch_t1_peak_fraction %.4f fraction\n", b * g / p
    }
  }' "$results" > "$OUT/he_ratios.txt"
cat "$OUT/he_ratios.txt" >> "$results"
awk '$1 == "RESULT" && $2 ~ /^he2_/ && $2 !~ /_rep[0-9]+$/ { printf "%-50s %12s %s\n", $2, $3, $4 }' \
  "$results"

# ---- The retrieval token model of the Musat chapter, quick scale (t = 3, D = 3): mhicl against
# PyTorch, float64, the same threads, repetitions alternating, best of each (as above).
echo "== token model (Musat quick, t = 3, D = 3) training steps: mhicl against PyTorch"
KSTEPS=${BENCH_TOKEN_STEPS:-200}
# shellcheck disable=SC2086
$CC $CFLAGS $WARN -Igenerated bench/bench_tokens.c bench/bench_common.c $ALLOBJ build/evaluate.o \
  build/construct.o build/theory.o build/softmax.o build/interpret.o build/reproduce.o \
  build/he2025.o build/musat2024.o -lgsl -lopenblas -lm -lpthread \
  -o "$OUT/bench_tokens"
ktorch=0
if [ -x "$PY" ] && "$PY" -c 'import torch' >/dev/null 2>&1; then ktorch=1
else echo "SKIPPED the PyTorch token comparison: $PY cannot import torch (apt-get install python3-torch)"; fi
: > "$OUT/tokens.txt"
for th in 1 2; do
  rep=1
  while [ "$rep" -le "${BENCH_REPS:-5}" ]; do
    "$OUT/bench_tokens" "$th" "$KSTEPS" > "$OUT/tok_c.txt"
    awk -F, -v th="$th" -v rep="$rep" '{
      print "RESULT tokens_mhicl_t" th "_steps_per_s_rep" rep " " $3 " steps/s";
      print "RESULT tokens_dgemm_peak_1thread_gflops_rep" (th - 1) * 100 + rep " " $5 " GFLOP/s";
      if (th == 1 && rep == 1) print "RESULT tokens_gflop_per_step " $6 " GFLOP" }' \
      "$OUT/tok_c.txt" >> "$OUT/tokens.txt"
    if [ "$ktorch" = 1 ]; then
      OMP_NUM_THREADS=$th "$PY" bench/torch_tokens.py "$th" "$(( KSTEPS / 4 + 5 ))" > "$OUT/tok_py.txt"
      awk -F, -v th="$th" -v rep="$rep" '{
        print "RESULT tokens_torch_t" th "_steps_per_s_rep" rep " " $3 " steps/s" }' \
        "$OUT/tok_py.txt" >> "$OUT/tokens.txt"
    fi
    rep=$((rep + 1))
  done
done
best_of_reps "$OUT/tokens.txt" > "$OUT/tokens_best.txt"
cat "$OUT/tokens.txt" "$OUT/tokens_best.txt" > "$OUT/tokens_all.txt"
awk '$1 == "RESULT" { best[$2] = $3 }
  END {
    g = best["tokens_gflop_per_step"]; p = best["tokens_dgemm_peak_1thread_gflops"]
    for (th = 1; th <= 2; th++) {
      a = best["tokens_mhicl_t" th "_steps_per_s"]; b = best["tokens_torch_t" th "_steps_per_s"]
      if (a != "" && b != "" && b > 0) printf "RESULT tokens_t%d_speedup %.2f x\n", th, a / b
      if (a != "" && g != "" && p > 0) printf "RESULT tokens_mhicl_t%d_peak_fraction %.3f fraction\n", th, a * g / p
      if (b != "" && g != "" && p > 0) printf "RESULT tokens_torch_t%d_peak_fraction %.3f fraction\n", th, b * g / p
    }
  }' "$OUT/tokens_all.txt" | sort >> "$OUT/tokens_best.txt"
cat "$OUT/tokens.txt" "$OUT/tokens_best.txt" >> "$results"
sed 's/^RESULT /  /' "$OUT/tokens_best.txt"
rm -f "$OUT/tokens.txt" "$OUT/tokens_best.txt" "$OUT/tokens_all.txt" "$OUT/tok_c.txt" "$OUT/tok_py.txt"

end=$(date +%s)
echo "RESULT bench_wall_time_s $((end - start)) s" >> "$results"

# The CSV, written to a temporary file and renamed.
tmp=$(mktemp "$OUT/bench.csv.tmp.XXXXXX")
{
  echo "name,value,unit"
  awk '$1 == "RESULT" { print $2 "," $3 "," $4 }' "$results"
} > "$tmp"
chmod 644 "$tmp"
mv "$tmp" "$OUT/bench.csv"

echo "== summary (bench/out/bench.csv)"
awk -F, '
  NR > 1 { v[$1] = $2 }
  function show(label, key, fmt, unit) {
    if (key in v) printf "%-58s " fmt " %s\n", label, v[key], unit
    else printf "%-58s %s\n", label, "n/a"
  }
  END {
    show("mhicl Lasso, OpenBLAS (6400 fits)", "lasso_mhicl_openblas_s", "%10.4f", "s")
    show("mhicl Lasso, gslcblas (6400 fits)", "lasso_mhicl_gslcblas_s", "%10.4f", "s")
    show("sklearn Lasso, default tol 1e-4", "lasso_sklearn_default_s", "%10.4f", "s")
    show("sklearn Lasso, tight tol 1e-12", "lasso_sklearn_tight_s", "%10.4f", "s")
    show("speed ratio sklearn(default)/mhicl", "speed_ratio_default", "%10.1f", "x")
    show("speed ratio sklearn(tight)/mhicl", "speed_ratio_tight", "%10.1f", "x")
    show("max |dbeta| vs sklearn tight", "max_abs_dbeta_tight", "%10.2e", "")
    show("max |dbeta| vs sklearn default", "max_abs_dbeta_default", "%10.2e", "")
    show("max |dbeta| mhicl openblas vs gslcblas", "max_abs_dbeta_openblas_vs_gslcblas", "%10.2e", "")
    show("suite, OpenBLAS", "suite_openblas_prompts_per_s", "%10.0f", "prompts/s")
    show("suite, gslcblas", "suite_gslcblas_prompts_per_s", "%10.0f", "prompts/s")
    show("numpy BLAS is OpenBLAS", "numpy_blas_is_openblas", "%10d", "(1 = yes)")
    show("wall time of make bench", "bench_wall_time_s", "%10d", "s")
    show("load average (1 min) at start", "loadavg_1min_at_start", "%10.2f", "")
    show("dgemm peak, one thread", "dgemm_peak_1thread_gflops", "%10.1f", "GFLOP/s")
    for (th = 1; th <= 2; th++)
      for (mi = 1; mi <= 2; mi++) {
        md = mi == 1 ? "tiny" : "sparse"
        show(md ": mhicl steps/s, threads " th, "train_" md "_mhicl_t" th "_steps_per_s", "%10.2f", "")
        show(md ": PyTorch steps/s, threads " th, "train_" md "_torch_t" th "_steps_per_s", "%10.2f", "")
        show(md ": speed-up over PyTorch, threads " th, "train_" md "_t" th "_speedup", "%10.2f", "x")
        show(md ": mhicl GFLOP/s, threads " th, "train_" md "_mhicl_t" th "_gflops", "%10.2f", "")
        show(md ": mhicl, fraction of 1-thread dgemm peak, threads " th, "train_" md "_mhicl_t" th "_peak_fraction", "%10.3f", "")
        show(md ": PyTorch, fraction of 1-thread dgemm peak, threads " th, "train_" md "_torch_t" th "_peak_fraction", "%10.3f", "")
        show(md ": share of a step in products, threads " th, "train_" md "_mhicl_t" th "_blas_fraction", "%10.3f", "")
        show(md ": ratio if only products cost, threads " th, "train_" md "_t" th "_products_only_ceiling", "%10.2f", "x")
      }
    show("tokens: GFLOP per step (Musat quick, t=3, D=3)", "tokens_gflop_per_step", "%10.4f", "")
    for (th = 1; th <= 2; th++) {
      show("tokens: mhicl steps/s, threads " th, "tokens_mhicl_t" th "_steps_per_s", "%10.2f", "")
      show("tokens: PyTorch steps/s, threads " th, "tokens_torch_t" th "_steps_per_s", "%10.2f", "")
      show("tokens: speed-up over PyTorch, threads " th, "tokens_t" th "_speedup", "%10.2f", "x")
      show("tokens: mhicl, fraction of 1-thread dgemm peak, threads " th, "tokens_mhicl_t" th "_peak_fraction", "%10.3f", "")
      show("tokens: PyTorch, fraction of 1-thread dgemm peak, threads " th, "tokens_torch_t" th "_peak_fraction", "%10.3f", "")
    }
    show("libblas.so.3 is OpenBLAS", "libblas_is_openblas", "%10d", "(1 = yes)")
    show("OpenBLAS kernels (every program)", "openblas_kernels", "%10s", "")
  }' "$OUT/bench.csv"
