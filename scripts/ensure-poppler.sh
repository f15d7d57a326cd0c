#!/usr/bin/env bash
# The searchable-PDF test checks the PDF with Debian's poppler-utils (pdftotext, pdfinfo): installs
# them when missing and this user may; otherwise says what to run. Without them the test fails in
# CI and is skipped, with a printed reason, elsewhere.
set -euo pipefail

command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "ensure-poppler: installing poppler-utils"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y poppler-utils
else
  echo "ensure-poppler: poppler-utils is missing; install it with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y poppler-utils" >&2
  exit 1
fi
