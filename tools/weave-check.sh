#!/bin/sh
# The check of the woven book (make check-weave): the printed code must be the code, and no line
# may stick out of the page.  It reads the book as woven (mhicl.tex) and as typeset (mhicl.log)
# and fails, naming the section, on each of these shapes:
#   1. tex/ or the book redefines \R, which cwebmac prints for C's logical not (every ! of the code
#      would print as something else); checked both in the sources and by the meaning \R has at the
#      end of the typesetting, which mhiclmac.tex writes to the log;
#   2. cweave could not parse a piece of C (an irreducible scrap sequence of more than one scrap):
#      a struct's closing line run into the next declaration, a keyword cweave does not know run
#      into the next word, a name used both as a type and as a field.  The book is woven a second
#      time, in a scratch directory, with cweave's tracing on.  The body of a #define that cweave
#      cannot parse is exempt (it prints on its own line, as written);
#   3. the raw braces, keyword-name and name-name runs that a misparse leaves in mhicl.tex;
#   4. overfull boxes in mhicl.log;
#   5. a \secref or \figref (tex/mhiclmac.tex) whose section title or figure label does not exist;
#   6. a work-log word (issue, session, target) or a run date in the prose of a chapter other than
#      the appendix of measurements (tools/prose-check.sh, which names file and line).
# Usage: sh tools/weave-check.sh (after make pdf).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
status=0
fail() { printf 'check-weave: %s\n' "$*"; status=1; }
for f in mhicl.tex mhicl.log; do
  [ -f "$f" ] || { echo "check-weave: $f is missing: run make pdf first"; exit 2; }
done

# The section that a line of mhicl.tex belongs to: the last \M{n} or \N{d}{n} at or before it.
section_of() {
  awk -v want="$1" 'NR > want { exit }
    /^\\M\{[0-9]+\}/ { s = $0; sub(/^\\M\{/, "", s); sub(/\}.*/, "", s) }
    /^\\N\{[0-9]+\}\{[0-9]+\}/ { s = $0; sub(/^\\N\{[0-9]+\}\{/, "", s); sub(/\}.*/, "", s) }
    END { print (s == "" ? "limbo" : s) }' mhicl.tex
}

# 1. \R.
grep -nE '\\(def|let|gdef|edef|xdef|newcommand\{?)\\R([^A-Za-z]|$)' tex/*.tex mhicl.w chapters/*.w \
  2>/dev/null | while IFS= read -r hit; do
  printf 'check-weave: %s: redefines \\R, which cwebmac prints for the ! of C\n' "$hit"; done | grep . && status=1
want=$(cd "${TMPDIR:-/tmp}" && printf '\\input cwebmac \\immediate\\write16{mhicl-check: R=\\meaning\\R}\\end\n' \
  > mhicl-R-$$.tex && pdftex -interaction=batchmode mhicl-R-$$.tex >/dev/null 2>&1; \
  grep -h '^mhicl-check: R=' mhicl-R-$$.log; rm -f mhicl-R-$$.*)
got=$(grep -h '^mhicl-check: R=' mhicl.log | tail -n 1)
if [ -z "$got" ]; then fail "mhicl.log has no 'mhicl-check: R=' line (tex/mhiclmac.tex writes it at the index)"
elif [ "$got" != "$want" ]; then fail "\\R means '${got#*R=}' at the end of the book, not cwebmac's '${want#*R=}': C's '!' prints wrong"
fi

# 2. What cweave could not parse.
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp -r mhicl.w chapters tex "$tmp/"
first=$(sed -n 's/^@i \(.*\)$/\1/p' mhicl.w | head -n 1)
awk 'BEGIN { done = 0 }
  !done && /^(@<.*@>=|@\(.*@>=|@c|@p)[ \t]*$/ { print $0 " @1"; done = 1; next }
  { print }' "$first" > "$tmp/$first"
(cd "$tmp" && cweave mhicl.w 2>&1) | sed 's/(Did you see.*//' | awk '
  /^Irreducible scrap sequence in section/ {
    n = $6; sub(/:$/, "", n); k = 0; depth = 0
    for (i = 7; i <= NF; i++) {
      if ($i == "#{") depth++; else if ($i == "#}") depth--
      else if ($i != "@d" && depth == 0) k++ }
    if (k > 1) { $1 = $2 = $3 = $4 = $5 = ""; sub(/^ +/, ""); print "section " $0 } }' > "$tmp/irr"
while IFS= read -r line; do
  fail "$line: cweave could not parse this C (the scraps left are listed): it prints run together"
done < "$tmp/irr"

# 3. The shapes such a parse leaves in the woven TeX.
# Raw braces; a keyword run into the next word; two names run together (a type cweave was not
# told about, as in "mode_t mask" printed "mode_tmask": every type name needs an @s line).
grep -nE '\$\\[{}]\$|\\&\{[^}]*\}\\\\\{|(\\\\\{[^}]*\}|\\\|.)(\\\\\{|\\\|)' mhicl.tex |
while IFS=: read -r ln rest; do
  echo "section $(section_of "$ln") (mhicl.tex line $ln): a brace, keyword or name run together with the next token"
done > "$tmp/shapes"
while IFS= read -r line; do fail "$line"; done < "$tmp/shapes"

# 4. Overfull boxes.  A line number in the log is one of the file pdftex was reading: mhicl.tex,
# or the index (mhicl.idx) and the list of section names (mhicl.scn) that the book reads at its end.
awk '/\(\.\/mhicl\.idx/ { where = "idx" } /Section names:/ { where = "scn" }
  /^Overfull \\[hv]box/ { print (where == "" ? "tex" : where) "\t" $0 }' mhicl.log > "$tmp/over"
while IFS="$(printf '\t')" read -r where line; do
  ln=$(printf '%s\n' "$line" | sed -n 's/.*at lines* \([0-9][0-9]*\).*/\1/p')
  case "$where:$ln" in
    tex:?*) fail "section $(section_of "$ln") (mhicl.tex line $ln): $line" ;;
    idx:*) fail "the index (mhicl.idx line $ln): $line" ;;
    scn:*) fail "the list of section names (mhicl.scn line $ln): $line" ;;
    *) fail "$line" ;;
  esac
done < "$tmp/over"

# 5. Pointers that found nothing: \secref{title} and \figref{key} write a line to the log.  And
# every figure is cited by its number somewhere: a \figlabel{key} with no \figref{key}.
for key in $(cat mhicl.w chapters/*.w | grep -o '\\figlabel{[^}]*}' | sed 's/.*{\(.*\)}/\1/' | sort -u); do
  cat mhicl.w chapters/*.w | grep -qF "\\figref{$key}" || fail "figure '$key' is never cited (no \\figref{$key})"
done
grep -h '^mhicl-check: no ' mhicl.log | sort -u > "$tmp/refs"
while IFS= read -r line; do fail "${line#mhicl-check: }"; done < "$tmp/refs"

# 6. The book states findings: tools/prose-check.sh.
sh tools/prose-check.sh | grep -v '^prose-check: no work-log' | sed 's/^prose-check:/check-weave:/' | grep . && status=1

[ $status -eq 0 ] && echo "check-weave: the woven code parses, \\R is C's not, no overfull boxes, every pointer found, the prose states findings"
exit $status
