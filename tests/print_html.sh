#!/bin/bash
# print_html.sh - the HTML export printed by a real browser: headless
# Chromium prints it to PDF, poppler-utils reads the pages back (count and
# size). With JIXIAO_PRINT_DIR set, the PDFs and their pages as PNG are
# left there for a person to look at (docs/reports.md).
set -u
. "$(dirname "$0")/lib.sh"
ex="$src/examples/dapeng-2021.csv"

chrome=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chrome" ] || ! command -v pdfinfo >/dev/null; then
    for c in "portrait" "landscape"; do skip "print $c" "chromium or poppler-utils not installed"; done
    finish; exit
fi
out=${JIXIAO_PRINT_DIR:-$tmp}
mkdir -p "$out"

# print NAME EXPORT-ARGS...: NAME.html to NAME.pdf; sets pages and size
print() {
    local name=$1; shift
    "$bin" export --format html "$@" "$ex" >"$out/$name.html" || return 1
    HOME=$tmp timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
        --user-data-dir="$tmp/chrome" --print-to-pdf="$out/$name.pdf" "$out/$name.html" \
        >"$tmp/chrome.log" 2>&1 || { sed 's/^/# /' "$tmp/chrome.log" | tail -3; return 1; }
    pages=$(pdfinfo "$out/$name.pdf" | sed -n 's/^Pages: *//p')
    size=$(pdfinfo "$out/$name.pdf" | sed -n 's/^Page size: *\([0-9.]* x [0-9.]*\).*/\1/p')
    echo "# $name: $pages pages, $size pt"
    [ -n "${JIXIAO_PRINT_DIR:-}" ] && command -v pdftoppm >/dev/null &&
        pdftoppm -r 60 -png "$out/$name.pdf" "$out/$name"
    return 0
}

# A4 is 595 x 842 pt
if print portrait; then
    [ "$size" = "594.96 x 841.92" ] && ok "portrait: A4 upright" || bad "portrait: size $size"
    [ "$pages" -ge 1 ] && [ "$pages" -le 3 ] && ok "portrait: $pages pages" || bad "portrait: $pages pages"
else bad "portrait: printed"; bad "portrait: pages"; fi
if print landscape --criteria; then
    [ "$size" = "841.92 x 594.96" ] && ok "criteria: A4 landscape" || bad "criteria: size $size"
    # the texts in wide columns, no blank page: 8 pages (11 with a blank first one)
    [ "$pages" -ge 4 ] && [ "$pages" -le 9 ] && ok "criteria: $pages pages" || bad "criteria: $pages pages"
else bad "criteria: printed"; bad "criteria: pages"; fi

finish
