#!/bin/sh
# The transformer chapter's demonstration: the tiny model (3 layers, 2 heads, width 64, softmax,
# MLP, LayerNorm) on dense noiseless regression, d = 5, 11 points, batch 64, Adam lr 1e-3,
# 5000 steps with a linear warm-up over the first 500, seeds 0, 1, 2; then the evaluation
# protocol on each.  Writes
# generated/demo_train_seedS.csv, generated/demo_eval_seedS.csv and generated/demo_summary.csv,
# and fails unless the error falls with the prefix length and its mean over seeds at prefix 10
# is at most 0.15.   Usage: sh tools/demo.sh [THREADS]   (sh tools/demo.sh --summary: only the
# summary of the CSVs already in generated/)
set -e
threads=${1:-2}
summary_only=0
if [ "$threads" = "--summary" ]; then summary_only=1; threads=$(awk -F, '$1 == "threads" { print $2 }' generated/demo_summary.csv 2>/dev/null || echo 2); fi
out=generated
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
start=$(date +%s)
[ "$summary_only" = 1 ] || for seed in 0 1 2; do
  ./mhicl train --seed "$seed" --threads "$threads" --steps 5000 --warmup 500 --eval_every 250 \
    --log "$out/demo_train_seed$seed.csv" --checkpoint "$tmp/seed$seed.ckpt" --quiet
  ./mhicl eval --checkpoint "$tmp/seed$seed.ckpt" --prompts 1280 --out "$out/demo_eval_seed$seed.csv" > /dev/null
done
elapsed=$(( $(date +%s) - start ))
[ "$summary_only" = 1 ] && elapsed=${DEMO_SECONDS:-0}
status=0
awk -F, -v elapsed="$elapsed" -v threads="$threads" -v OUT="$tmp/summary.csv" '
  FNR == 1 { seed++; next }
  $2 == "model" { e[seed, $1] = $3 }
  $1 == 10 && $2 == "least_squares" { ls = $3 }
  $1 == 10 && $2 == "zero" { z = $3 }
  END {
    bad = 0; sum = 0
    print "quantity,value" > OUT
    for (s = 1; s <= 3; s++) {
      sum += e[s, 10]
      printf "demo: seed %d: normalized error at prefix 0, 3, 6, 10: %.3f %.3f %.3f %.4f\n", s - 1, e[s, 0], e[s, 3], e[s, 6], e[s, 10]
      print "seed" s - 1 "_prefix10," e[s, 10] > OUT
      if (!(e[s, 0] > e[s, 3] && e[s, 3] > e[s, 6] && e[s, 6] > e[s, 10])) { printf "demo: seed %d: the error does not fall with the prefix length\n", s - 1; bad = 1 }
    }
    mean = sum / 3
    printf "demo: mean over seeds at prefix 10: %.4f (least squares %.3g, zero predictor %.4f); %d s with %d threads\n", mean, ls, z, elapsed, threads
    print "mean_prefix10," mean > OUT; print "least_squares_prefix10," ls > OUT
    print "zero_prefix10," z > OUT; print "seconds," elapsed > OUT; print "threads," threads > OUT
    if (mean > 0.15) { print "demo: FAILED: the mean at prefix 10 exceeds 0.15"; bad = 1 }
    exit bad
  }' "$out/demo_eval_seed0.csv" "$out/demo_eval_seed1.csv" "$out/demo_eval_seed2.csv" || status=1
mv "$tmp/summary.csv" "$out/demo_summary.csv"
exit $status
