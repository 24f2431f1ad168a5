#!/bin/bash
# report.sh - jixiao diff, export and summary as a user runs them, and the
# evidence part of jixiao check: exit statuses, output on a pipe and on a
# terminal, files written, drafts of other forms refused by name.
set -u
. "$(dirname "$0")/lib.sh"

ex="$src/examples/dapeng-2021.csv"
# edited copies of the seed (LF line ends, which drafts may have)
lf="$tmp/lf.csv"
tr -d '\r' <"$ex" >"$lf"
sed -e 's/planned=635.3; actual=635.3/planned=635.3; actual=600/' \
    -e 's/^\(3\.2\.2,.*\),,,,$/\1,7,有疑问,"请补充\n验收材料",/' \
    -e 's/^\(3\.2\.3,3,项目完成及时性,6,5\.76,\)[^,]*,/\1计划完成项目25个，1个暂停。,/' \
    "$lf" >"$tmp/b.csv"

# ---- diff ----
expect "diff same" 0 "$bin" diff "$ex" "$ex"
has "diff same: says so" "$tmp/out" "no differences"
has "diff same: total" "$tmp/out" "总分: 93.76 优 (unchanged)"
expect "diff CRLF vs LF copy" 0 "$bin" diff "$ex" "$lf"
expect "diff changed" 1 "$bin" diff "$ex" "$tmp/b.csv"
cp "$tmp/out" "$tmp/diff.txt"
has "diff: indicator" "$tmp/diff.txt" "2.1.1 政府采购执行情况"
has "diff: score" "$tmp/diff.txt" "  得分: 2.00 -> 1.94"
has "diff: figure" "$tmp/diff.txt" "  实际采购金额（万元）: 635.3 -> 600"
has "diff: review score" "$tmp/diff.txt" "  复核得分: (empty) -> 7.00"
has "diff: review status" "$tmp/diff.txt" "  复核状态: (empty) -> 有疑问"
has "diff: multi-line comment" "$tmp/diff.txt" "    + 验收材料"
# a note edited in place: the changed characters, not the whole note twice
has "diff: long note, changed characters" "$tmp/diff.txt" \
    "    计划完成项目25个，[-大鹏新区政务微信协同平台项目按"
has "diff: long note, added" "$tmp/diff.txt" "要求-]{+1个+}暂停[-平台建设"
hasnt "diff: long note, not removed whole" "$tmp/diff.txt" "    - 计划完成项目25个"
sed -e 's/酌情扣2分/酌情扣3分/' "$lf" >"$tmp/c.csv"
expect "diff one character" 1 "$bin" diff "$ex" "$tmp/c.csv"
has "diff one character: shown with context" "$tmp/out" "    …目标基本如期完成，酌情扣[-2-]{+3+}分。"
has "diff one character: label alone" "$tmp/out" "  扣分说明:"
has "diff: totals" "$tmp/diff.txt" "总分: 93.76 优 -> 93.70 优"
has "diff: review totals" "$tmp/diff.txt" "复核总分: 93.76 优 -> 92.70 优"
hasnt "diff: no colour in a pipe" "$tmp/diff.txt" $'\e['
expect "diff one file" 2 "$bin" diff "$ex"
expect "diff missing file" 2 "$bin" diff "$ex" "$tmp/none.csv"
expect "diff other form" 2 "$bin" diff "$ex" "$src/tests/data/bad/draft-other-form.csv"
has "diff other form: named" "$tmp/err" "draft-other-form.csv"
# on a terminal: colour, unless NO_COLOR
if script -qc true /dev/null >/dev/null 2>&1; then
    script -qc "'$bin' diff '$ex' '$tmp/b.csv'" /dev/null >"$tmp/tty" 2>&1
    has "diff: colour on a terminal" "$tmp/tty" $'\e[32m'
    NO_COLOR=1 script -qc "'$bin' diff '$ex' '$tmp/b.csv'" /dev/null >"$tmp/tty" 2>&1
    hasnt "diff: NO_COLOR" "$tmp/tty" $'\e['
    has "diff: NO_COLOR output" "$tmp/tty" "得分: 2.00 -> 1.94"
fi

# ---- export ----
expect "export txt" 0 "$bin" export "$ex"
has "export txt: header" "$tmp/out" "| 一级指标 | 二级指标 | 三级指标"
has "export txt: total" "$tmp/out" "总分 93.76 / 100 优"
has "export txt: deductions" "$tmp/out" "3.2.3 项目完成及时性  5.76 / 6  (-0.24)"
expect "export md" 0 "$bin" export --format md "$ex"
has "export md: title" "$tmp/out" "# 部门整体支出绩效评价自评指标评分表"
expect "export html -o" 0 "$bin" export --format html -o "$tmp/t.html" "$ex"
[ -s "$tmp/t.html" ] && [ ! -s "$tmp/out" ] && ok "export -o writes the file only" ||
    bad "export -o writes the file only"
ls "$tmp" | grep -q "jixiao-tmp" && bad "export -o leaves a temp file" || ok "no temp file left"
expect "export criteria" 0 "$bin" export --criteria "$ex"
has "export criteria: column" "$tmp/out" "| 评分标准"
expect "export review" 0 "$bin" export "$tmp/b.csv"
has "export review: columns" "$tmp/out" "| 复核得分 | 复核状态 | 复核意见"
has "export review: total" "$tmp/out" "复核总分 92.70 / 100 优"
expect "export bad format" 2 "$bin" export --format pdf "$ex"
expect "export missing file" 2 "$bin" export "$tmp/none.csv"
expect "export to a missing folder" 2 "$bin" export -o "$tmp/no/such/x.txt" "$ex"
expect "export two files" 2 "$bin" export "$ex" "$ex"
# every column at once: a project (open) form 8 levels deep, reviewed, with
# --criteria has 18 columns; the 17th once overwrote the column count
{ echo "id,level,name,points,description,criteria,figures,rule"; echo "#name,,深表,,,,,"
  id=""; for l in 1 2 3 4 5 6 7 8; do id=${id:+$id.}1; echo "$id,$l,第${l}级,50,说明,标准,,"; done
  echo "2,1,项目,50,,,,"; echo "2.1,2,产出,,,,,custom"; } >"$tmp/deep-form.csv"
expect "new deep project draft" 0 "$bin" new --form "$tmp/deep-form.csv" --project P "$tmp/deep.csv"
awk 'BEGIN { FS = OFS = "," } $1 == "1.1.1.1.1.1.1.1" { $5 = 40; $11 = 30; $12 = "有疑问" } { print }' \
    "$tmp/deep.csv" >"$tmp/deep-reviewed.csv"
for fmt in md html txt; do
    expect "export $fmt, 18 columns" 0 "$bin" export --criteria --format $fmt \
        --form "$tmp/deep-form.csv" "$tmp/deep-reviewed.csv"
    has "export $fmt, 18 columns: the last" "$tmp/out" "评分标准"
done
has "export txt, 18 columns: all in order" "$tmp/out" \
    "| 八级指标 | 年度指标值 | 实际完成值 | 分值 |  得分 | 偏差原因分析及改进措施 | 复核得分 | 复核状态 | 复核意见 | 指标说明 | 评分标准 |"

# ---- summary ----
sed -e 's/^#unit,,.*/#unit,,甲局,,,,,,,,,,,/' \
    -e 's/^\(3\.3\.1,3,[^,]*,20,\)18,/\115,/' "$lf" >"$tmp/jia.csv"
sed -e 's/^#unit,,.*/#unit,,乙局,,,,,,,,,,,/' "$tmp/b.csv" >"$tmp/yi.csv"
expect "summary" 0 "$bin" summary "$ex" "$tmp/jia.csv" "$tmp/yi.csv"
head -c 3 "$tmp/out" | od -An -tx1 | grep -q "ef bb bf" && ok "summary: BOM" || bad "summary: BOM"
[ "$(grep -c $'\r$' "$tmp/out")" -eq 64 ] && ok "summary: 64 CRLF lines" ||
    bad "summary: $(grep -c $'\r$' "$tmp/out") CRLF lines"
has "summary: header" "$tmp/out" "unit,year,id,indicator,points,score,review_score"
has "summary: row" "$tmp/out" "甲局,2021,3.3.1,社会效益、经济效益、生态效益及可持续影响等,20,15.00,"
has "summary: review score" "$tmp/out" "乙局,2021,3.2.2,重点工作完成情况,8,8.00,7.00"
has "summary: ranking on stderr" "$tmp/err" "排名"
grep -E '^ +1 +深圳市大鹏新区政务服务数据管理局 +2021 +93\.76 +优' "$tmp/err" >/dev/null &&
    ok "summary: first" || bad "summary: first"
grep -E '^ +2 +乙局 +2021 +93\.70 +优 +92\.70 +优$' "$tmp/err" >/dev/null &&
    ok "summary: second, reviewed" || bad "summary: second, reviewed"
grep -E '^ +3 +甲局 +2021 +90\.76 +优' "$tmp/err" >/dev/null && ok "summary: third" ||
    bad "summary: third"
expect "summary --table" 0 "$bin" summary --table "$ex" "$tmp/jia.csv"
has "summary --table: ranking on stdout" "$tmp/out" "排名"
hasnt "summary --table: no CSV" "$tmp/out" "unit,year"
expect "summary other form" 1 "$bin" summary "$ex" "$src/tests/data/bad/draft-other-form.csv"
has "summary other form: named" "$tmp/err" "draft-other-form.csv: "
has "summary other form: says why" "$tmp/err" "另一张评分表"
[ ! -s "$tmp/out" ] && ok "summary other form: nothing on stdout" || bad "summary other form: output"
sed 's/^#form_hash,,.*/#form_hash,,0123456789abcdef,,,,,,,,,,,/' "$lf" >"$tmp/oldform.csv"
expect "summary other form version" 1 "$bin" summary "$ex" "$tmp/oldform.csv"
has "summary other version: named" "$tmp/err" "oldform.csv: "
expect "summary missing file" 2 "$bin" summary "$ex" "$tmp/none.csv"
expect "summary no file" 2 "$bin" summary

# ---- check: evidence ----
mkdir -p "$tmp/ev/佐证"
printf 'goals' >"$tmp/ev/佐证/目标表.pdf"
sha=$(sha256sum "$tmp/ev/佐证/目标表.pdf" | cut -d' ' -f1)
sed "s~^\(1\.2\.2,.*\)\$~\1佐证/目标表.pdf|3|$sha~" "$lf" >"$tmp/ev/draft.csv"
expect "check: evidence in place" 0 "$bin" check "$tmp/ev/draft.csv"
(cd "$tmp/ev" && "$bin" check draft.csv >/dev/null 2>&1) && ok "check: relative to the draft's folder" ||
    bad "check: relative to the draft's folder"
printf 'changed' >"$tmp/ev/佐证/目标表.pdf"
expect "check: evidence changed" 1 "$bin" check "$tmp/ev/draft.csv"
has "check: changed message" "$tmp/err" "draft.csv: 1.2.2 绩效指标明确性: evidence 佐证/目标表.pdf has changed since it was attached (page 3)"
rm "$tmp/ev/佐证/目标表.pdf"
expect "check: evidence missing" 1 "$bin" check "$tmp/ev/draft.csv"
has "check: missing message" "$tmp/err" "evidence 佐证/目标表.pdf is missing"
printf 'goals' >"$tmp/ev/佐证/目标表.pdf"
sed "s~^\(1\.2\.2,.*\)\$~\1佐证/目标表.pdf|3~" "$lf" >"$tmp/ev/nohash.csv"
expect "check: evidence without hash only warns" 0 "$bin" check "$tmp/ev/nohash.csv"
has "check: no hash warning" "$tmp/err" "has no SHA-256 recorded"
# a FIFO given as evidence is not a regular file: said so, never opened
# (opening it would wait for a writer for ever: timeout makes that red)
mkfifo "$tmp/ev/佐证/管道.pdf"
sed "s~^\(1\.2\.2,.*\)\$~\1佐证/管道.pdf|1|$sha~" "$lf" >"$tmp/ev/fifo.csv"
expect "check: FIFO evidence" 1 timeout 10 "$bin" check "$tmp/ev/fifo.csv"
has "check: FIFO evidence message" "$tmp/err" "evidence 佐证/管道.pdf is not a regular file (a device, FIFO, socket or folder): not read (page 1)"
ln -s /dev/zero "$tmp/ev/佐证/零.pdf"   # endless zeros behind an innocent name
sed "s~^\(1\.2\.2,.*\)\$~\1佐证/零.pdf|1|$sha~" "$lf" >"$tmp/ev/zero.csv"
expect "check: /dev/zero evidence" 1 timeout 10 "$bin" check "$tmp/ev/zero.csv"
has "check: /dev/zero evidence message" "$tmp/err" "evidence 佐证/零.pdf is not a regular file"

finish
