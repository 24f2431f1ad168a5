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

# unit indicators worth more than their group: no total from score,
# export or summary (it used to print 98.76 / 100 with 效果性 at 23 of 20)
ovf="$src/tests/data/bad/draft-custom-overflow.csv"
for c in score export summary; do
    expect "overflow: $c refuses" 1 "$bin" $c "$ovf"
    has "overflow: $c says where" "$tmp/err" "draft-custom-overflow.csv:42: warning: 3.3 效果性: its indicators add up to 23 points"
    has "overflow: $c says why" "$tmp/err" "the points of 3.3 效果性 do not add up"
    hasnt "overflow: $c prints no total" "$tmp/out" "98.76"
done

# a long review comment quoted by check is cut between characters, with …
long=x$(printf '验收材料缺页%.0s' $(seq 60))   # x: the byte count lands mid-character
tr -d '\r' <"$ex" | sed "s/^\(3\.2\.2,.*\),,,,\$/\1,,有疑问,$long,/" >"$tmp/long-comment.csv"
expect "long comment: check lists it" 1 "$bin" check "$tmp/long-comment.csv"
has "long comment: cut with an ellipsis" "$tmp/err" "…"
hasnt "long comment: no half character (shown as U+FFFD)" "$tmp/err" "�"
# a comment of two lines is quoted on one, without a control character
tr -d '\r' <"$ex" | sed 's/^\(3\.2\.2,.*\),,,,$/\1,,有疑问,"第一行\n第二行",/' >"$tmp/two-lines.csv"
expect "two-line comment: check lists it" 1 "$bin" check "$tmp/two-lines.csv"
has "two-line comment: on one line" "$tmp/err" "有疑问: 第一行 第二行"
hasnt "two-line comment: no U+FFFD" "$tmp/err" "�"

# the editor given a folder lists its drafts (the folder screen, tested in
# tests/screen/test_dirlist.c) and q quits with 0; a folder that is not
# there exits 2, as for any file it cannot read. In a terminal, so that
# the folder is what it sees.
if command -v script >/dev/null; then
    mkdir -p "$tmp/a folder"
    cp "$ex" "$tmp/a folder/d.csv"
    printf q >"$tmp/q"
    expect "editor on a folder lists its drafts" 0 timeout 20 script -eqc "'$bin' '$tmp/a folder'" /dev/null <"$tmp/q"
    has "editor on a folder: the draft and its total" "$tmp/out" "93.76"
    expect "editor on a missing folder/ exits 2" 2 timeout 20 script -eqc "'$bin' '$tmp/no folder/'" /dev/null </dev/null
    has "editor on a missing folder/ says so" "$tmp/out" "cannot read the folder"
else
    skip "editor on a folder" "script (util-linux) is not installed"
fi

# a FIFO named like a draft (planted in a shared folder) is refused at
# once by every command, never waited on (each used to block for ever)
mkfifo "$tmp/pipe.csv"
for c in score check export summary "form import"; do
    expect "FIFO draft: $c refuses" 2 timeout 10 "$bin" $c "$tmp/pipe.csv"
    has "FIFO draft: $c says why" "$tmp/err" "not a regular file"
done
expect "FIFO draft: diff refuses" 2 timeout 10 "$bin" diff "$ex" "$tmp/pipe.csv"
if command -v script >/dev/null; then
    expect "FIFO draft: the editor refuses" 2 timeout 10 script -eqc "'$bin' '$tmp/pipe.csv'" /dev/null </dev/null
    has "FIFO draft: the editor says why" "$tmp/out" "not a regular file"
fi

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

# a score typed over the formula (override): the override column holds
# the reason; check lists it as a notice and still passes, score, diff and
# every export show it
awk -v q='"' 'BEGIN { FS = OFS = "," } {
    sub(/\r$/, "")
    r = ""
    if (NR == 1) r = "override"   # after the BOM and id
    if ($1 == "2.4.2") { $7 = ""; r = "报告未列出编外人员数" }
    if ($1 == "3.2.3") { $5 = "6"; r = q "表中得分为6, 按四舍五入" q }
    print $0, r "\r"
}' "$ex" >"$tmp/ov.csv"
expect "check override" 0 "$bin" check "$tmp/ov.csv"
has "check override notice 2.4.2" "$tmp/err" "2.4.2 编外人员控制率: score 1 typed over the formula, which has no figures yet: 报告未列出编外人员数"
has "check override notice 3.2.3" "$tmp/err" "which gives 5.76: 表中得分为6, 按四舍五入"
has "check override says notice" "$tmp/err" "notice: 3.2.3"
expect "score override" 0 "$bin" score "$tmp/ov.csv"
last=$(tail -n 1 "$tmp/out")
[ "$last" = "总分 94.00 / 100 优" ] && ok "override total 94.00" || bad "override total: '$last'"
grep -E '^3\.2\.3 +项目完成及时性 \(override\) +6 +6\.00$' "$tmp/out" >/dev/null &&
    ok "score tags the override" || bad "score tags the override"
expect "diff override" 1 "$bin" diff "$ex" "$tmp/ov.csv"
has "diff override score" "$tmp/out" "6.00（改）"
has "diff override reason" "$tmp/out" "改分理由"
has "diff override reason text" "$tmp/out" "表中得分为6, 按四舍五入"
for fmt in txt md html; do
    expect "export $fmt override" 0 "$bin" export --format $fmt "$tmp/ov.csv"
    has "export $fmt override tag" "$tmp/out" "6.00（改）"
    has "export $fmt override list" "$tmp/out" "改分说明"
    has "export $fmt override formula" "$tmp/out" "公式缺少数据"
done
expect "export without override" 0 "$bin" export "$ex"
grep -q "（改）\|改分说明" "$tmp/out" && bad "an export without overrides mentions them" ||
    ok "an export without overrides does not mention them"
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
    LC_ALL=zh_CN.UTF-8 "$bin" check "$tmp/ov.csv" >/dev/null 2>"$tmp/zh"
    has "override notice in Chinese" "$tmp/zh" "提示: 3.2.3 项目完成及时性：得分 6 为改分（公式得分 5.76）"
fi
# a reason without a score is an error with its line
sed 's/^3\.2\.3,3,项目完成及时性,6,6,/3.2.3,3,项目完成及时性,6,,/' "$tmp/ov.csv" >"$tmp/ov-bad.csv"
expect "override reason without score" 1 "$bin" check "$tmp/ov-bad.csv"
has "override reason without score line" "$tmp/err" "ov-bad.csv:38: 3.2.3"
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
