#!/bin/bash
# recalc_xlsx.sh - the xlsx export in a real spreadsheet: LibreOffice Calc
# (headless) recalculates every formula on load and converts the first
# sheet to CSV. The recalculated total and grade must be jixiao's own, and
# must follow a score changed in the workbook (edited with openpyxl, which
# drops the cached results, so only a recalculation can give the new total).
# Calc's first start is slow: each run uses a private profile in $tmp.
set -u
. "$(dirname "$0")/lib.sh"
ex="$src/examples/dapeng-2021.csv"

soffice=$(command -v soffice || command -v libreoffice || true)
py=""
for p in /usr/bin/python3 python3; do
    command -v "$p" >/dev/null && "$p" -c "import openpyxl" 2>/dev/null && { py=$p; break; }
done
if [ -z "$soffice" ] || [ -z "$py" ]; then
    for c in total grade review edited; do skip "recalc $c" "libreoffice-calc or python3-openpyxl not installed"; done
    finish; exit
fi

# a private profile that recalculates OOXML files on every load
prof="$tmp/lo"
mkdir -p "$prof/user"
cat >"$prof/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU

"$bin" export --format xlsx -o "$tmp/seed.xlsx" "$ex" || bad "export"
tr -d '\r' <"$ex" | sed -e 's~^3\.2\.2,\(.*\),,,,$~3.2.2,\1,7,有疑问,x,~' >"$tmp/rev.csv"
"$bin" export --format xlsx -o "$tmp/rev.xlsx" "$tmp/rev.csv" || bad "export reviewed"
# the edit a reviewer makes in Excel: 政府采购执行情况 (G10) 2 -> 1 and
# 社会效益... (G24) 18 -> 5: total 79.76, grade 中
"$py" - "$tmp/seed.xlsx" "$tmp/edited.xlsx" <<'PY' && ok "edited with openpyxl" || bad "edited with openpyxl"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["评分表"]
assert ws["E10"].value == "政府采购执行情况" and ws["E24"].value.startswith("社会效益")
ws["G10"] = 1
ws["G24"] = 5
wb.save(sys.argv[2])
PY

HOME=$tmp timeout 300 "$soffice" -env:UserInstallation="file://$prof" --headless --norestore \
    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir "$tmp/csv" \
    "$tmp/seed.xlsx" "$tmp/rev.xlsx" "$tmp/edited.xlsx" >"$tmp/lo.log" 2>&1
for f in seed rev edited; do
    [ -s "$tmp/csv/$f.csv" ] && ok "$f: converted by Calc" || { bad "$f: converted by Calc"; sed 's/^/# /' "$tmp/lo.log" | tail -3; }
done

# the cell in CSV row R, column C (1-based; quoted fields hold no commas here)
cell() { "$py" -c 'import csv,sys; r=list(csv.reader(open(sys.argv[1],encoding="utf-8"))); print(r[int(sys.argv[2])-1][int(sys.argv[3])-1])' "$@" 2>/dev/null; }

want=$("$bin" score "$ex" | sed -n 's/^总分 \([0-9.]*\) .*/\1/p')
got=$(cell "$tmp/csv/seed.csv" 27 7)
echo "# jixiao total $want, Calc total $got"
[ -n "$want" ] && [ "$got" = "$want" ] && ok "total as jixiao's ($want)" || bad "total: Calc $got, jixiao $want"
[ "$(cell "$tmp/csv/seed.csv" 28 7)" = "优" ] && ok "grade 优" || bad "grade: $(cell "$tmp/csv/seed.csv" 28 7)"
[ "$(cell "$tmp/csv/seed.csv" 10 8)" = "19.00" ] && ok "一级 subtotal 部门管理" || bad "subtotal: $(cell "$tmp/csv/seed.csv" 10 8)"

rwant=$("$bin" export "$tmp/rev.csv" | sed -n 's/^复核总分 \([0-9.]*\) .*/\1/p')
rgot=$(cell "$tmp/csv/rev.csv" 27 8)
[ -n "$rwant" ] && [ "$rgot" = "$rwant" ] && ok "review total as jixiao's ($rwant)" || bad "review total: Calc $rgot, jixiao $rwant"

egot=$(cell "$tmp/csv/edited.csv" 27 7)
echo "# edited: Calc total $egot"
[ "$egot" = "79.76" ] && ok "total follows the edited scores" || bad "edited total: $egot"
[ "$(cell "$tmp/csv/edited.csv" 28 7)" = "中" ] && ok "grade follows: 中" || bad "edited grade: $(cell "$tmp/csv/edited.csv" 28 7)"
[ "$(cell "$tmp/csv/edited.csv" 10 9)" = "6.00" ] && ok "二级 subtotal follows" || bad "edited subtotal: $(cell "$tmp/csv/edited.csv" 10 9)"

finish
