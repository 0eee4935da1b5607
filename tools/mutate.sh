#!/bin/sh
# Planted bugs: "make mutate" (not part of "make check").
#
# Copies the working tree (tracked and untracked, not ignored files) into a scratch directory,
# builds it once, then plants each bug of the list below one at a time: the bug is a literal text
# substitution in a chapter (.w), which is tangled again in the scratch copy; only the generated
# files whose text changed are replaced, the program and the test binaries are rebuilt, and the
# test binaries are run.  A mutant is "caught" when some test fails (or a test binary crashes, or
# the mutant does not compile: reported as such).  The chapter and its generated files are then
# restored before the next mutant.  The real tree is never modified.
#
# Each mutant lists the slow test binaries (test_theory, test_reproduce, test_interpret; a minute
# or more each) that concern it; the fast ones run for every mutant.  MUTATE_ALL=1 runs every
# binary for every mutant; MUTATE_ONLY=id,id runs only those mutants; MUTATE_BINS="test_a test_b"
# runs only those test binaries (a quicker check that the named tests catch the mutants; the
# table then says nothing about the other binaries).  A test binary that runs
# longer than MUTATE_TIMEOUT seconds (300; the slowest takes about 80 on an idle machine) is
# stopped and counts as catching the mutant ("timed out": a Lasso that no longer converges, say).
# The table goes to stdout and to build/mutate.txt of the real tree.
#
# A mutant must compile under -Wall -Wextra -Werror to be worth anything, hence "T + 0 * t",
# "(double) (n > 0)" and "0.0 * (double) dh" below (an unused parameter would be an error).
# A pattern that is not found (or found a different number of times than the list says) is
# reported as "pattern not found", not as survived: the list matches code, not function names,
# so that renaming a function (the linear Bayes estimator to lmmse, say) does not break it.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/mhicl-mutate.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
jobs=${MUTATE_JOBS:-2}

# id | chapter | occurrences | slow tests | what the bug is
# then the line "-" followed by the original text, the line "+" followed by the mutated text.
list="$scratch/list"
cat > "$list" <<'EOF'
lmmse_mu_without_1_over_n|estimators|1|test_theory|linear Bayes (LMMSE) penalty mu = sigma^2/tau^2, without its 1/n
-sigma * sigma / ((double) n * tau2)
+sigma * sigma / ((double) (n > 0) * tau2)
causal_mask_dropped|transformer|1|test_interpret|interleaved (GPT-2) format: every position attends to all T keys
-return c->format == FORMAT_STACKED ? T - 1 : t + 1;
+return c->format == FORMAT_STACKED ? T - 1 : c->format == FORMAT_INTERLEAVED ? T : t + 1;
excess_risk_ignores_Sigma|risk|1||excess_risk uses the identity whatever Sigma is
-if (Sigma == NULL) { q += ei * ei; continue; }
+{ q += ei * ei; continue; }
oracle_drops_coordinate|estimators|1|test_theory|the support oracle writes only s - 1 of its s coordinates
-for (size_t a = 0; a < s; a++) gsl_vector_set(beta_hat, support[a]
+for (size_t a = 0; a + 1 < s; a++) gsl_vector_set(beta_hat, support[a]
bayes_bound_sigma2|risk|1||the Jensen (Bayes) lower bound with d sigma^2 replaced by sigma^2 in its denominator
-((double) n * b2 + (double) d * s2)
+((double) n * b2 + s2)
gd_baseline_step_uncapped|reproduce|1|test_reproduce|the reproduction's GD step grid is not capped at 1/Lambda
-if (etas[a] * Lambda < 1.0)
+if (etas[a] > 0.0)
pto_abs_is_identity|estimators|1|test_theory|PtO preprocessing phi(r) = |r| computed as r
-case PTO_ABS: p = fabs(r); break;
+case PTO_ABS: p = r; break;
pto_quadratic_one_sided|estimators|1|test_theory|PtO quadratic A = Phi S Phi computed as phi_i^2 S_ij
-pi * gsl_matrix_get(m->Sigma_hat, i, j) * gsl_vector_get(phi, j)
+pi * gsl_matrix_get(m->Sigma_hat, i, j) * pi
gd_filter_power_off_by_one|estimators|1|test_theory|GD spectral filter uses (1 - x)^(t-1) where eta lambda >= 0.5
-return (1.0 - pow(1.0 - x, t)) / lambda;
+return (1.0 - pow(1.0 - x, t - 1.0)) / lambda;
lasso_soft_threshold_sign|estimators|1|test_theory|Lasso soft threshold wrong on the negative side
-if (rho < -lambda) return rho + lambda;
+if (rho < -lambda) return rho - lambda;
task_noise_variance|tasks|1||context noise with standard deviation sigma^2 instead of sigma
-gsl_vector_set(t->y, i, dot + spec->sigma * gsl_ran_gaussian_ziggurat(rng, 1.0));
+gsl_vector_set(t->y, i, dot + spec->sigma * spec->sigma * gsl_ran_gaussian_ziggurat(rng, 1.0));
softmax_unscaled|transformer|2|test_interpret|attention scores not scaled by 1/sqrt(d_head) (forward and backward)
-double scale = 1.0 / sqrt((double) dh);
+double scale = 1.0 + 0.0 * (double) dh;
head_mask_ignored|transformer|1|test_interpret|the head mask is not applied to the output weights
-out[i] = m->head_mask[l][h] * m->p.W_O[l][i];
+out[i] = m->p.W_O[l][i];
adam_bias_correction_beta1|train|1|test_interpret|Adam's second-moment bias correction uses beta1
-bc2 = 1.0 - pow(c->beta2, k)
+bc2 = 1.0 - pow(c->beta1, k)
tuned_on_evaluation_tasks|risk|1|test_theory|risk experiment tunes on the evaluation stream (tuning leaks into the reported risk)
-run_pass(cfg, n, STREAM_TUNE, cfg->tune_trials
+run_pass(cfg, n, STREAM_EVAL, cfg->tune_trials
standard_error_is_sd|risk|1|test_theory|Monte-Carlo standard error reported as the standard deviation
-out.se = sqrt(ss / (double) (count - 1) / (double) count);
+out.se = sqrt(ss / (double) (count - 1));
EOF

echo "mutate: copying the tree to $scratch/tree and building it" >&2
mkdir -p "$scratch/tree"
(cd "$root" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$scratch/tree") || exit 1
tree="$scratch/tree"
fast=""; slow_all="test_theory test_reproduce test_interpret"
for t in "$tree"/tests/test_*.c; do
  b=$(basename "$t" .c)
  case " $slow_all " in *" $b "*) ;; *) fast="$fast $b";; esac
done
all_bins=""
for t in "$tree"/tests/test_*.c; do all_bins="$all_bins build/tests/$(basename "$t" .c)"; done
if [ -n "${MUTATE_BINS:-}" ]; then
  all_bins=""; for b in $MUTATE_BINS; do all_bins="$all_bins build/tests/$b"; done
fi
(cd "$tree" && make -j"$jobs" mhicl $all_bins > "$scratch/build.log" 2>&1) || {
  echo "mutate: the unmodified tree does not build; see below" >&2; tail -20 "$scratch/build.log" >&2; exit 1; }

# apply FILE OLD NEW COUNT: literal substitution of every occurrence; fails unless exactly COUNT
apply() {
  perl -e '
    my ($file, $old, $new, $count) = @ARGV;
    local $/; open(my $f, "<", $file) or exit 3; my $s = <$f>; close $f;
    my $n = () = $s =~ /\Q$old\E/g;
    exit 4 if $n != $count;
    $s =~ s/\Q$old\E/$new/g;
    open($f, ">", $file) or exit 3; print $f $s; close $f;' "$@"
}

# tangle CHAPTER: tangle it in a side directory and copy the generated files that changed
tangle() {
  rm -rf "$scratch/tangle"; mkdir -p "$scratch/tangle/generated"
  (cd "$scratch/tangle" && ctangle -q "$tree/chapters/$1.w" - main.c > /dev/null) || return 1
  for g in "$scratch/tangle/generated"/*; do
    cmp -s "$g" "$tree/generated/$(basename "$g")" || cp "$g" "$tree/generated/$(basename "$g")"
  done
  touch "$tree/build/tangle.stamp"
}

out="$scratch/table"
printf '%-28s %-8s %s\n' "mutant" "caught" "by" > "$out"
total=0; caught=0
only=",${MUTATE_ONLY:-},"
exec 3< "$list"
while IFS='|' read -r id chapter count slow what <&3; do
  IFS= read -r minus <&3; IFS= read -r plus <&3
  old=${minus#-}; new=${plus#+}
  case "$only" in ",,") ;; *",$id,"*) ;; *) continue;; esac
  total=$((total + 1))
  echo "mutate: $id ($what)" >&2
  w="$tree/chapters/$chapter.w"
  cp -p "$w" "$scratch/orig.w"
  rm -rf "$scratch/orig-gen"; mkdir -p "$scratch/orig-gen"; cp -p "$tree"/generated/*.[ch] "$scratch/orig-gen/"
  verdict=""; by=""
  apply "$w" "$old" "$new" "$count"; rc=$?
  if [ $rc -ne 0 ]; then
    verdict="n/a"; by="pattern not found $count time(s) in chapters/$chapter.w"
  elif ! tangle "$chapter" || ! (cd "$tree" && make -j"$jobs" mhicl $all_bins > "$scratch/mbuild.log" 2>&1); then
    verdict="yes"; by="(does not compile)"
    grep -m1 'error:' "$scratch/mbuild.log" >&2
  else
    bins="$fast"
    if [ "${MUTATE_ALL:-0}" = 1 ]; then bins="$fast $slow_all"; else bins="$fast $slow"; fi
    if [ -n "${MUTATE_BINS:-}" ]; then bins="$MUTATE_BINS"; fi
    for b in $bins; do
      (cd "$tree" && CMOCKA_MESSAGE_OUTPUT=TAP MHICL=./mhicl timeout "${MUTATE_TIMEOUT:-300}" "build/tests/$b" \
        > "$scratch/run.log" 2>&1); brc=$?
      failed=$(sed -n 's/^not ok [0-9]* - \(test_[A-Za-z0-9_]*\).*/\1/p' "$scratch/run.log" | tr '\n' ' ')
      if [ -n "$failed" ]; then by="$by$failed"
      elif [ $brc -eq 124 ]; then by="$by$b(timed out) "
      elif [ $brc -ne 0 ]; then by="$by$b(exit $brc) "
      fi
    done
    if [ -n "$by" ]; then verdict="yes"; else verdict="NO"; by="-"; fi
  fi
  [ "$verdict" = yes ] && caught=$((caught + 1))
  printf '%-28s %-8s %s\n' "$id" "$verdict" "$by" >> "$out"
  # restore: the chapter and the generated files, touched so that make rebuilds what the mutant built
  cp -p "$scratch/orig.w" "$w"
  for g in "$scratch/orig-gen"/*; do
    cmp -s "$g" "$tree/generated/$(basename "$g")" || { cp "$g" "$tree/generated/"; touch "$tree/generated/$(basename "$g")"; }
  done
  touch "$tree/build/tangle.stamp"
done
exec 3<&-
echo "caught $caught of $total" >> "$out"
mkdir -p "$root/build"
cp "$out" "$root/build/mutate.txt"
cat "$out"
