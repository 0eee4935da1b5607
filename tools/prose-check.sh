#!/bin/sh
# The book reads as findings, not as a log of its making (make check-weave runs this).  In the
# TeX prose of every chapter but the appendix of measurements (chapters/measurements.w), and of
# the spine mhicl.w, it fails, naming the file and line, on
#   1. the words issue, session and target (whole words, any case, with a plural s): the book
#      states findings, not the work items, sittings or goals that produced them;
#   2. a date written year-month-day with a four-digit year (2026-11-30): run dates belong with the
#      runs, in the appendix.
# Prose is the TeX part of each section and the comments of its C; the C itself, |code| and
# \.{strings} inside the prose (identifiers, file names, flags) are not prose.
# Usage: sh tools/prose-check.sh [file.w ...] (default: mhicl.w and chapters/*.w).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
[ $# -gt 0 ] || set -- mhicl.w chapters/*.w
status=0
for f in "$@"; do
  case "$f" in */measurements.w | measurements.w) continue ;; esac
  [ -f "$f" ] || { echo "prose-check: $f is missing"; status=2; continue; }
  awk -v file="$f" '
    function prose(s, n) {   # drop |code| and \.{string}, keep the rest
      gsub(/\|[^|]*\|/, " ", s); gsub(/\\\.\{[^}]*\}/, " ", s); return s }
    function flag(s, what) {
      printf "prose-check: %s:%d: %s: %s\n", file, FNR, what, line; bad = 1 }
    function look(s,   t) {
      t = tolower(s)
      if (t ~ /(^|[^a-z_])(issues?|sessions?|targets?)([^a-z_]|$)/)
        flag(s, "the words issue, session and target belong to the appendix of measurements")
      if (s ~ /(^|[^0-9])[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]([^0-9]|$)/)
        flag(s, "a run date belongs to the appendix of measurements")
    }
    BEGIN { code = 0; incomment = 0 }
    { line = $0 }
    /^@([ \t*]|$)/ { code = 0 }
    /^@[dcp]([ \t]|$)|@<.*@>\+?=[ \t]*$|^@\(.*@>\+?=/ { code = 1; incomment = 0; next }
    !code { look(prose($0)); next }
    {  # C: only the comments are prose
      s = $0; text = ""
      while (s != "") {
        if (incomment) {
          i = index(s, "*/")
          if (i == 0) { text = text " " s; s = "" } else { text = text " " substr(s, 1, i - 1); s = substr(s, i + 2); incomment = 0 }
        } else {
          i = index(s, "/*")
          if (i == 0) s = ""; else { s = substr(s, i + 2); incomment = 1 }
        }
      }
      if (text != "") look(prose(text))
    }
    END { exit bad }' "$f" || status=1
done
[ $status -eq 0 ] && echo "prose-check: no work-log words or run dates outside the appendix of measurements"
exit $status
