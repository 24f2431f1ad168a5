#!/bin/bash
# cli.sh - the command line as a user runs it: score, check, new, help,
# exit statuses, and every file in tests/data/bad with its expected outcome.
set -u
. "$(dirname "$0")/lib.sh"

ex="$src/examples/dapeng-2021.csv"

expect "score example" 0 "$bin" score "$ex"
last=$(tail -n 1 "$tmp/out")
[ "$last" = "总分 93.76 / 100 优" ] && ok "score last line" || bad "score last line: '$last'"
has "score 部门决策 subtotal" "$tmp/out" "部门决策"
grep -E '^1 +部门决策 +25 +23\.00$' "$tmp/out" >/dev/null && ok "部门决策 23" || bad "部门决策 23"
grep -E '^2 +部门管理 +20 +19\.00$' "$tmp/out" >/dev/null && ok "部门管理 19" || bad "部门管理 19"
grep -E '^3 +部门绩效 +55 +51\.76$' "$tmp/out" >/dev/null && ok "部门绩效 51.76" || bad "部门绩效 51.76"
grep -E '^3\.2\.3 +项目完成及时性 +6 +5\.76$' "$tmp/out" >/dev/null && ok "项目完成及时性 5.76" || bad "项目完成及时性 5.76"

expect "check example" 0 "$bin" check "$ex"
expect "check standard form" 0 "$bin" check "$src/forms/standard.csv"
expect "help" 0 "$bin" --help
has "help lists exit status" "$tmp/out" "Exit status"
expect "version" 0 "$bin" --version
expect "score without file" 2 "$bin" score
expect "score missing file" 2 "$bin" score "$tmp/none.csv"
expect "check missing file" 2 "$bin" check "$tmp/none.csv"

# new: a blank draft that checks as unscored and scores 0
expect "new" 0 "$bin" new --unit 测试单位 --year 2022 "$tmp/new.csv"
expect "new refuses to overwrite" 1 "$bin" new "$tmp/new.csv"
expect "new bad year" 1 "$bin" new --year 22 "$tmp/new2.csv"
[ ! -e "$tmp/new2.csv" ] && ok "bad year leaves no file" || bad "bad year wrote a file"
expect "check blank draft" 1 "$bin" check "$tmp/new.csv"
has "blank draft lists unscored" "$tmp/err" "not scored yet"
expect "score blank draft" 0 "$bin" score "$tmp/new.csv"
has "blank draft progress" "$tmp/out" "0 of 21"
head -c 3 "$tmp/new.csv" | od -An -tx1 | grep -q "ef bb bf" && ok "BOM written" || bad "BOM written"
grep -q $'\r$' "$tmp/new.csv" && ok "CRLF written" || bad "CRLF written"
has "unit saved" "$tmp/new.csv" "#unit,,测试单位"

# Chinese messages when the locale is Chinese and installed
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
    LC_ALL=zh_CN.UTF-8 "$bin" check "$tmp/new.csv" >/dev/null 2>"$tmp/zh"
    has "messages in Chinese" "$tmp/zh" "尚未评分"
fi

# what each formula computed (issue 15 §2): score lists it before the total,
# export --criteria puts it under 评分标准; a blank draft has none to show
expect "score values" 0 "$bin" score "$ex"
has "score: heading" "$tmp/out" "Computed values:"
grep -qxF "2.1.2 资金调整调剂规范性 44.29% → 0 / 1" "$tmp/out" && ok "score: 2.1.2 ratio" || bad "score: 2.1.2 ratio"
grep -qxF "3.1.1 “三公”经费控制率 33.49% → 3 / 3" "$tmp/out" && ok "score: 三公 ratio" || bad "score: 三公 ratio"
grep -qxF "3.1.1 日常公用经费控制率 99.69% → 2 / 3" "$tmp/out" && ok "score: 日常 ratio" || bad "score: 日常 ratio"
grep -qxF "3.2.3 项目完成及时性 96% → 5.76 / 6" "$tmp/out" && ok "score: 3.2.3 ratio" || bad "score: 3.2.3 ratio"
expect "score blank values" 0 "$bin" score "$tmp/new.csv"
hasnt "score: blank draft has no values" "$tmp/out" "Computed values:"
expect "export criteria values" 0 "$bin" export --criteria --format md "$ex"
has "export --criteria: 2.1.2 ratio" "$tmp/out" "资金调整调剂规范性 44.29% → 0 / 1"
has "export --criteria: 3.2.1 quarter" "$tmp/out" "四季度 99.80% → 1 / 1"
expect "export without criteria" 0 "$bin" export --format md "$ex"
hasnt "export: values only with --criteria" "$tmp/out" "44.29% →"
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
    LC_ALL=zh_CN.UTF-8 "$bin" score "$ex" >"$tmp/zh" 2>&1
    has "score values in Chinese" "$tmp/zh" "计算值："
fi
# reason templates (the reasons column) are checked with their line
printf '%s\n' 'id,level,name,points,description,criteria,figures,rule,reasons' \
    '#name,,模板表,,,,,,' \
    '1,1,甲,10,,,x:count:数,"calc(得分, 10, 10 - x)",得分=少{y}项' >"$tmp/reasons.csv"
expect "check bad reason template" 1 "$bin" check "$tmp/reasons.csv"
has "bad reason template: file and line" "$tmp/err" "reasons.csv:3: reasons of 1: reason template for \"得分\": unknown placeholder '{y}'"
sed -i 's/少{y}项/少{x}项/' "$tmp/reasons.csv"
expect "check good reason template" 0 "$bin" check "$tmp/reasons.csv"

# a table of more rows than one thread draws (rows_print): 15 chunks, the
# odd ones drawn by a second thread; every row once, in the form's order
awk 'BEGIN {
    print "id,level,name,points,description,criteria,figures,rule"
    print "#name,,大表,,,,,"
    for (g = 1; g <= 300; g++) {
        printf "%d,1,第%d组,200,,,,\n", g, g
        for (k = 1; k <= 200; k++)
            printf "%d.%d,2,指标%d,1,,,,\n", g, k, k
    }
}' >"$tmp/big-form.csv"
expect "new big draft" 0 "$bin" new --form "$tmp/big-form.csv" "$tmp/big.csv"
expect "score big draft" 0 "$bin" score --form "$tmp/big-form.csv" "$tmp/big.csv"
awk -F, 'NR > 2 { print $1 }' "$tmp/big-form.csv" >"$tmp/big-ids"
sed '$d' "$tmp/out" | sed '$d' | grep -E '^[0-9]+(\.[0-9]+)* ' | awk '{ print $1 }' >"$tmp/big-rows"
cmp -s "$tmp/big-ids" "$tmp/big-rows" && ok "big table: every row in order" ||
    bad "big table: rows differ from the form ($(wc -l <"$tmp/big-rows") rows)"
grep -E '^300\.200 +指标200 +1 +-$' "$tmp/out" >/dev/null && ok "big table: last row drawn" ||
    bad "big table: last row"
[ "$(tail -n 1 "$tmp/out")" = "总分 0.00 / 60000 差" ] && ok "big table: total" ||
    bad "big table: total '$(tail -n 1 "$tmp/out")'"

# the same table when the second thread cannot have its buffers (393216
# bytes: CHUNK rows of 96 bytes, tui/cli_table.c): this thread draws those
# chunks itself, and the table is the same. (Not under ASan: its runtime
# must come first, before any preloaded library.)
shim="${JIXIAO_BUILDDIR:?}/tests/failalloc.so"
asan=""
ldd "$bin" 2>/dev/null | grep -q libasan && asan=1
cp "$tmp/out" "$tmp/big-table"
for n in 1 2 5; do
    if [ -n "$asan" ]; then
        skip "big table, $n buffers refused" "failalloc cannot be preloaded under AddressSanitizer"
        continue
    fi
    [ -e "$shim" ] || { bad "big table, $n buffers refused: no $shim"; continue; }
    FAILALLOC_SIZE=393216 FAILALLOC_COUNT=$n FAILALLOC_LOG="$tmp/failed" LD_PRELOAD="$shim" \
        "$bin" score --form "$tmp/big-form.csv" "$tmp/big.csv" >"$tmp/out" 2>"$tmp/err"
    got=$?
    failed=$(cat "$tmp/failed" 2>/dev/null)
    if [ "$got" -ne 0 ] || [ "${failed:-0}" -lt 1 ]; then
        bad "big table, $n buffers refused: exit $got, $failed refused"
    else
        cmp -s "$tmp/out" "$tmp/big-table" && ok "big table, $n buffers refused: the same" ||
            bad "big table, $n buffers refused: the table differs"
    fi
done

# every hostile or malformed file: "FILE<TAB>STATUS<TAB>TEXT" in EXPECT
while IFS=$'\t' read -r file status text; do
    case "$file" in ''|'#'*) continue ;; esac
    cmd=check
    "$bin" $cmd "$src/tests/data/bad/$file" >"$tmp/out" 2>"$tmp/err"
    got=$?
    if [ "$got" -ne "$status" ]; then
        bad "bad/$file: exit $got, want $status"; sed 's/^/    /' "$tmp/err" | head -3
    elif [ -n "$text" ] && ! grep -qF -- "$text" "$tmp/err"; then
        bad "bad/$file: no \"$text\""; sed 's/^/    /' "$tmp/err" | head -3
    elif LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$tmp/err" "$tmp/out"; then
        # what a file says is shown, never run by the terminal
        bad "bad/$file: a control character reached the terminal"
    else
        ok "bad/$file"
    fi
done <"$src/tests/data/bad/EXPECT"

finish
