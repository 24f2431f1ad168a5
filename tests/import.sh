#!/bin/bash
# import.sh - jixiao form import as a user runs it: the seed's appendix as
# the finance bureau's .xlsx and as CSV saved by Excel/WPS (UTF-8 with BOM,
# GB18030) each gives forms/standard.csv (compared column by column); so
# do an .xlsx made again by tests/make_template.py (openpyxl) and .xlsx
# files written by LibreOffice Calc from the CSV and from the .xlsx; every
# bad template in tests/data/import/EXPECT gives its row-numbered message;
# the form made is one jixiao uses (check, new, score).
set -u
. "$(dirname "$0")/lib.sh"
data="$src/tests/data/import"

# the columns jixiao's form has, compared with forms/standard.csv (rules and
# figures are added by hand after an import: not compared)
cat >"$tmp/same.py" <<'PY'
import csv, sys
def rows(p):
    with open(p, encoding="utf-8-sig", newline="") as f:
        return [(r["id"], r["level"], r["name"], r["points"], r["description"], r["criteria"])
                for r in csv.DictReader(f) if not r["id"].startswith("#")]
a, b = rows(sys.argv[1]), rows(sys.argv[2])
if a != b:
    print("# %d rows, want %d" % (len(a), len(b)))
    for x, y in zip(a, b):
        if x != y:
            print("# got  %r\n# want %r" % (x[:4], y[:4]))
            break
    sys.exit(1)
PY

# same NAME FORM: FORM has the standard form's ids, names, points and texts
same() {
    if python3 "$tmp/same.py" "$2" "$src/forms/standard.csv" >"$tmp/diff" 2>&1; then
        ok "$1 gives the standard form's ids, names, points and texts"
    else
        bad "$1 differs from forms/standard.csv"; cat "$tmp/diff"
    fi
}

# import_ok NAME TEMPLATE: imports (exit 0) to a form equal to the standard
import_ok() {
    rm -f "$tmp/form.csv"
    expect "$1 imports" 0 "$bin" form import "$2" -o "$tmp/form.csv"
    if [ -f "$tmp/form.csv" ]; then same "$1" "$tmp/form.csv"; else bad "$1: no form written"; fi
}

import_ok "xlsx with merged cells" "$data/standard-template.xlsx"
has "the summary line counts the levels" "$tmp/err" "3 一级, 11 二级, 21 三级指标, 21 scored directly, total 100"
expect "the imported form passes check" 0 "$bin" check "$tmp/form.csv"
expect "a draft can be made on it" 0 "$bin" new --form "$tmp/form.csv" "$tmp/d.csv"
expect "and scored" 0 "$bin" score --form "$tmp/form.csv" "$tmp/d.csv"
has "its total is out of 100" "$tmp/out" "/ 100"

import_ok "CSV UTF-8 with BOM (Excel)" "$data/standard-template.csv"
import_ok "CSV GB18030 (WPS, Excel on Chinese Windows)" "$data/standard-template-gb18030.csv"
has "GB18030 is said" "$tmp/err" "GB18030"

# without -o the form goes to stdout
expect "stdout without -o" 0 "$bin" form import "$data/standard-template.csv"
has "stdout holds the form" "$tmp/out" "1.1.1,3,预算编制合理性,5,"
# --name and --grades
expect "--name and --grades" 0 "$bin" form import --name "某区评分表" --grades "优>=85; 差" \
    "$data/standard-template.xlsx"
has "--name is the form's name" "$tmp/out" "#name,,某区评分表"
has "--grades are its bands" "$tmp/out" "#grades,,优>=85; 差"
# an existing form is not replaced without --force
echo keep >"$tmp/exists.csv"
expect "an existing -o is refused" 2 "$bin" form import "$data/standard-template.csv" -o "$tmp/exists.csv"
has "and kept" "$tmp/exists.csv" "keep"
expect "--force replaces it" 0 "$bin" form import --force "$data/standard-template.csv" -o "$tmp/exists.csv"
expect "a missing template" 2 "$bin" form import "$tmp/nothing.xlsx" -o "$tmp/n.csv"
expect "no template given" 2 "$bin" form import -o "$tmp/n.csv"
expect "an unknown form command" 2 "$bin" form export x
expect "--sheet names a sheet that is not there" 1 "$bin" form import --sheet 无此表 \
    "$data/standard-template.xlsx"
has "which is said" "$tmp/err" "the workbook has no sheet \"无此表\""
expect "--sheet names the sheet" 0 "$bin" form import --sheet 评分表 "$data/standard-template.xlsx"
expect "--help lists form import" 0 "$bin" --help
has "form import in --help" "$tmp/out" "jixiao form import"

# every bad template: exit 1 and its message with the sheet's row
while IFS=$'\t' read -r file msg; do
    case $file in ''|'#'*) continue ;; esac
    (cd "$data" && "$bin" form import "$file" -o "$tmp/bad.csv") >"$tmp/out" 2>"$tmp/err"
    st=$?
    if [ $st -eq 1 ] && grep -qF -- "$msg" "$tmp/err" && [ ! -e "$tmp/bad.csv" ]; then
        ok "$file: $msg"
    else
        bad "$file: exit $st, want 1 and \"$msg\" (and no form written)"; sed 's/^/    /' "$tmp/err"
    fi
done <"$data/EXPECT"
# in Chinese
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
    (cd "$data" && LC_ALL=zh_CN.UTF-8 LANGUAGE=zh_CN "$bin" form import bad-sum.csv) \
        >"$tmp/out" 2>"$tmp/err"
    has "messages in Chinese under zh_CN" "$tmp/err" "bad-sum.csv:4: “预算编制”的分值（10）不等于其下级指标分值之和（9）"
else
    skip "messages in Chinese under zh_CN" "zh_CN.UTF-8 locale not installed"
fi

# an .xlsx made again from forms/standard.csv by openpyxl
py=""
for p in python3 /usr/bin/python3; do
    if command -v "$p" >/dev/null && "$p" -c 'import openpyxl' 2>/dev/null; then py=$p; break; fi
done
if [ -n "$py" ]; then
    if "$py" "$src/tests/make_template.py" "$tmp/made" >"$tmp/err" 2>&1; then
        import_ok "a fresh make_template.py .xlsx" "$tmp/made/standard-template.xlsx"
    else
        bad "make_template.py failed"; sed 's/^/    /' "$tmp/err"
    fi
else
    skip "a fresh make_template.py .xlsx" "python3-openpyxl not installed"
fi

# LibreOffice Calc writes the workbook: from the CSV, and from the .xlsx
# (its own shared strings, styles and merged cells)
if command -v soffice >/dev/null; then
    lo() {
        mkdir -p "$tmp/lo/$2"
        soffice -env:UserInstallation="file://$tmp/lo/profile" --headless \
            --infilter=CSV:44,34,76,1 --convert-to xlsx --outdir "$tmp/lo/$2" "$1" \
            >"$tmp/lo.log" 2>&1
    }
    lo "$data/standard-template.csv" csv
    if [ -f "$tmp/lo/csv/standard-template.xlsx" ]; then
        import_ok "LibreOffice's .xlsx of the CSV" "$tmp/lo/csv/standard-template.xlsx"
    else
        bad "LibreOffice did not convert the CSV"; sed 's/^/    /' "$tmp/lo.log"
    fi
    lo "$data/standard-template.xlsx" xlsx
    if [ -f "$tmp/lo/xlsx/standard-template.xlsx" ]; then
        import_ok "LibreOffice's .xlsx of the .xlsx" "$tmp/lo/xlsx/standard-template.xlsx"
    else
        bad "LibreOffice did not convert the .xlsx"; sed 's/^/    /' "$tmp/lo.log"
    fi
else
    skip "LibreOffice's .xlsx of the CSV" "libreoffice-calc not installed"
    skip "LibreOffice's .xlsx of the .xlsx" "libreoffice-calc not installed"
fi
finish
