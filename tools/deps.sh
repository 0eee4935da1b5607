#!/bin/sh
# Install (as root) or print the Debian packages mhicl needs.  Usage: sh tools/deps.sh [--bench]
# Build and tests: gcc make libgsl-dev libopenblas-dev libcmocka-dev; the book: texlive-binaries
# (ctangle, cweave, pdftex), texlive-plain-generic, texlive-extra-utils (cwebmac.tex),
# texlive-pictures (pgfplots for the figures).  The benchmark adds python3-sklearn and python3-torch.
set -e
PKGS="gcc make libc6-dev libgsl-dev libopenblas-dev libcmocka-dev texlive-binaries texlive-plain-generic texlive-extra-utils texlive-pictures"
[ "${1:-}" = "--bench" ] && PKGS="$PKGS python3-sklearn python3-numpy python3-torch"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then echo "deps: all Debian packages present"; exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing packages; run as root:"
  echo "  apt-get update && apt-get install -y --no-install-recommends$missing"
  exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends $missing
