#!/usr/bin/env bash
# Regenerates test/fixtures/documents/ (PDF and HEIC inputs) from the committed receipt images
# and born-digital.html. Needs Debian's img2pdf, qpdf, libheif-examples (heif-enc) and chromium:
#   apt-get install -y img2pdf qpdf libheif-examples chromium
# The outputs are committed, so tests and CI never need these tools.
set -euo pipefail
cd "$(dirname "$0")/../test/fixtures"
out=documents

# Three scanned receipts, one per page, embedded as they are (no re-encoding) at 200 DPI: the app
# renders pages at 200 DPI, so each page comes back at its image's own pixel size.
img2pdf --imgsize 200dpix200dpi --producer= --creationdate= --moddate= --nodate \
  sroie_019.jpg sroie_053.jpg sroie_614.jpg -o "$out/scanned-3-pages.pdf"

# A born-digital page with a text layer, printed by Chromium.
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$out/born-digital.pdf" "$out/born-digital.html" 2>/dev/null

# The same page behind a password (AES-256).
qpdf --encrypt secret secret 256 -- "$out/born-digital.pdf" "$out/encrypted.pdf"

# The scanned PDF cut after its first 40 % of bytes: no cross-reference table, pages missing.
size=$(stat -c %s "$out/scanned-3-pages.pdf")
head -c $((size * 2 / 5)) "$out/scanned-3-pages.pdf" > "$out/truncated.pdf"

# A well-formed PDF whose page tree is empty.
python3 - "$out/zero-pages.pdf" <<'PY'
import sys
objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
body = b"%PDF-1.4\n"
offsets = []
for number, text in enumerate(objects, 1):
    offsets.append(len(body))
    body += b"%d 0 obj\n" % number + text + b"\nendobj\n"
xref = len(body)
body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
open(sys.argv[1], "wb").write(body)
PY

# A HEIC of a receipt (HEVC), to compare with the JPEG it was made from.
heif-enc --quality 90 "sroie_019.jpg" -o "$out/sroie_019.heic"

# A HEIC whose Exif says "rotate 90°" (copied from the JPEG) but whose HEIF item has no irot:
# HEIF's own transforms decide, so it decodes as stored, never turned by the Exif tag.
heif-enc --quality 50 "ic15_img_2-rotated.jpg" -o "$out/ic15_img_2-exif-6.heic"

ls -l "$out"
