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

# bonus and penalty items (加分项/扣分项) outside the 100 points: the total,
# the line that names them, exports, and the reasons they need
kf="$src/tests/data/kinds/form.csv"
expect "new kinds draft" 0 "$bin" new --form "$kf" "$tmp/kinds.csv"
sed -i -e 's/^1\.1,2,甲,60,,/1.1,2,甲,60,55,/' -e 's/^1\.2,2,乙,40,,/1.2,2,乙,40,34,/' \
    -e 's/^2\.1,2,获得表彰,5,,,,/2.1,2,获得表彰,5,,,n=1,/' \
    -e 's/^3\.1,2,违规事项,10,,,,/3.1,2,违规事项,10,,,n=3,/' "$tmp/kinds.csv"
expect "score kinds" 0 "$bin" score --form "$kf" "$tmp/kinds.csv"
grep -qxF "总分 89.50 / 100 良" "$tmp/out" && ok "kinds total 89 + 2 - 1.5" || bad "kinds total"
grep -qxF "其中加分 2.00，扣分 1.50" "$tmp/out" && ok "kinds score names bonus and penalty" \
    || bad "kinds score line"
for fmt in txt md html; do
    expect "export $fmt kinds" 0 "$bin" export --format $fmt --form "$kf" "$tmp/kinds.csv"
    has "export $fmt kinds total" "$tmp/out" "总分 89.50 / 100 良"
    has "export $fmt kinds bonus/penalty" "$tmp/out" "其中加分 2.00，扣分 1.50"
done
"$bin" export --form "$kf" "$tmp/kinds.csv" >"$tmp/out" 2>&1
grep -q "获得表彰  2.00 / 5" "$tmp/out" && bad "a bonus is listed as a deduction" \
    || ok "a bonus is no deduction"
expect "check kinds draft" 1 "$bin" check --form "$kf" "$tmp/kinds.csv"
has "kinds: a bonus needs its reason" "$tmp/err" "2.1 获得表彰: 2 points added, but no reason given"
has "kinds: a penalty needs its reason" "$tmp/err" "3.1 违规事项: 1.5 points taken off, but no reason given"
expect "score standard has no kinds line" 0 "$bin" score "$ex"
grep -q "其中加分" "$tmp/out" && bad "kinds line on a form without kinds" || ok "no kinds line without kinds"

# veto(LABEL, group|all): a marked veto zeroes its first-level group or the
# whole table, says so under the total, and leaves the total alone unmarked
vf="$src/tests/data/kinds/veto.csv"
expect "check veto form" 0 "$bin" check "$vf"
expect "new veto draft" 0 "$bin" new --form "$vf" "$tmp/veto.csv"
sed -i -e 's/^1\.1,2,甲,40,,,,/1.1,2,甲,40,,有重大违规,,合规=40; 重大违规=否/' \
    -e 's/^2\.1,2,乙,30,,/2.1,2,乙,30,25,说明/' \
    -e 's/^2\.2,2,丙,30,,,,/2.2,2,丙,30,,,,到位=30; 挪用资金=否/' "$tmp/veto.csv"
expect "score veto unmarked" 0 "$bin" score --form "$vf" "$tmp/veto.csv"
grep -qxF "总分 95.00 / 100 优" "$tmp/out" && ok "veto unmarked: 95" || bad "veto unmarked total"
hasnt "veto unmarked: no veto line" "$tmp/out" "一票否决"
sed -i 's/重大违规=否/重大违规=是/' "$tmp/veto.csv"
expect "score veto group" 0 "$bin" score --form "$vf" "$tmp/veto.csv"
grep -qxF "总分 55.00 / 100 差" "$tmp/out" && ok "veto group: 55" || bad "veto group total"
has "veto group line" "$tmp/out" "一票否决：1 决策 得 0 分"
for fmt in txt md html; do
    expect "export $fmt veto" 0 "$bin" export --format $fmt --form "$vf" "$tmp/veto.csv"
    has "export $fmt veto total" "$tmp/out" "总分 55.00 / 100 差"
    has "export $fmt veto line" "$tmp/out" "一票否决：1 决策 得 0 分"
done
sed -i 's/挪用资金=否/挪用资金=是/' "$tmp/veto.csv"
expect "score veto all" 0 "$bin" score --form "$vf" "$tmp/veto.csv"
grep -qxF "总分 0.00 / 100 差" "$tmp/out" && ok "veto all: 0" || bad "veto all total"
has "veto all line" "$tmp/out" "一票否决：总分为 0"

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
