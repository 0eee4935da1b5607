#!/bin/sh
# The index without one-letter names (make pdf runs this between cweave and pdftex).  cweave
# indexes every identifier; the one-letter ones (i, n, x, the matrices A and B, ...) are local
# names that occur in hundreds of sections, so their entries are long lists that point nowhere in
# particular.  The concepts they stand for are indexed by name (@^...@> entries in the chapters).
# An entry of mhicl.idx starts with \I and may continue on the following lines; an entry for a
# one-letter identifier is \I\|{x}, ...
# Usage: sh tools/index-trim.sh mhicl.idx (rewrites the file in place).
set -eu
idx=${1:-mhicl.idx}
awk '/^\\I/ { skip = ($0 ~ /^\\I\\\|\{[A-Za-z]\},/) } !skip' "$idx" > "$idx.tmp"
mv "$idx.tmp" "$idx"
