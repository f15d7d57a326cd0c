#!/usr/bin/env bash
# The searchable-PDF tests check the PDFs with Debian's poppler-utils (pdftotext, pdfinfo,
# pdfimages) and qpdf (--check): installs them when missing and this user may; otherwise says
# what to run. Without them those tests fail in CI and are skipped, with a printed reason, elsewhere.
set -euo pipefail

command -v pdftotext >/dev/null && command -v pdfimages >/dev/null && command -v qpdf >/dev/null && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "ensure-pdf-tools: installing poppler-utils and qpdf"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y poppler-utils qpdf
else
  echo "ensure-pdf-tools: poppler-utils or qpdf is missing; install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y poppler-utils qpdf" >&2
  exit 1
fi
