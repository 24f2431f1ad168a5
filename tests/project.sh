#!/bin/bash
# project.sh - project tables (项目支出绩效自评表) from the command line:
# new --form project, check, score, export and summary of the two public
# tables in tests/data/project and of drafts changed from them.
set -u
. "$(dirname "$0")/lib.sh"

data=$src/tests/data/project
school=$data/school-2019.csv
town=$data/township-2022.csv

expect "new project table" 0 "$bin" new --form project --project 学校改造 --unit 某小学 \
    --department 某市教育局 --year 2019 "$tmp/p.csv"
has "new: the project's name is written" "$tmp/p.csv" "#project,,学校改造"
has "new: the department is written" "$tmp/p.csv" "#department,,某市教育局"
has "new: target and actual columns" "$tmp/p.csv" ",target,actual"
has "new: one indicator until the unit adds its own" "$tmp/err" "with 1 indicators"
expect "new project table without a name is refused" 1 "$bin" new --form project "$tmp/q.csv" \
    </dev/null
has "new: says how to name the project" "$tmp/err" "--project NAME"
[ -e "$tmp/q.csv" ] && bad "new: no file without a name" || ok "new: no file without a name"
expect "new --form standard" 0 "$bin" new --form standard "$tmp/s.csv"
has "new --form standard: the department's form" "$tmp/s.csv" "#form,,部门整体支出绩效评价自评指标评分表"
hasnt "new --form standard: no project columns" "$tmp/s.csv" "target"
expect "new --form nonsense is refused" 2 "$bin" new --form nonsense "$tmp/n.csv"
expect "check the project form" 0 "$bin" check "$src/forms/project.csv"

# a blank project table: every group's points still to distribute
expect "check blank project table" 1 "$bin" check "$tmp/p.csv"
has "check: 产出指标 not distributed" "$tmp/err" "2 产出指标: its indicators add up to 0 points, not 50"

# the two public tables, found by their form without --form
expect "check school table" 0 "$bin" check "$school"
expect "score school table" 0 "$bin" score "$school"
has "score school: 预算执行率 86% gives 8.6" "$tmp/out" "预算执行率 86.20% → 8.6 / 10"
has "score school: total" "$tmp/out" "总分 98.60 / 100 优"
expect "check township table" 0 "$bin" check "$town"
expect "score township table" 0 "$bin" score "$town"
has "score township: full marks" "$tmp/out" "总分 100.00 / 100 优"

# a missed at-least target lowers the score and needs its reason
sed 's/,≥1200平方米,1200平方米/,≥1200平方米,900平方米/' "$school" >"$tmp/missed.csv"
expect "missed target: check fails" 1 "$bin" check "$tmp/missed.csv"
has "missed target: the reason is asked" "$tmp/err" "2.1.2 维修改造校舍面积: 15 of 20 points, but no reason"
expect "missed target: score" 0 "$bin" score "$tmp/missed.csv"
has "missed target: total follows" "$tmp/out" "总分 93.60 / 100 优"
# a score in the file that the target does not give is not taken
sed 's/,维修改造校舍面积,20,,/,维修改造校舍面积,20,7,/' "$school" >"$tmp/typed.csv"
expect "typed over a target: loads" 0 "$bin" score "$tmp/typed.csv"
has "typed over a target: warned" "$tmp/err" "年度指标值 and 实际完成值 give 20; using 20"

# 不适用: left out, and the total rescaled to 100
sed 's/^\(4\.1\.2,3,师生满意度,10,\)/\1不适用/' "$school" >"$tmp/na.csv"
expect "not applicable: check passes" 0 "$bin" check "$tmp/na.csv"
expect "not applicable: score" 0 "$bin" score "$tmp/na.csv"
has "not applicable: score explains the total" "$tmp/out" "按百分制折算：不适用指标不计分，88.60 / 90 × 100 = 98.44"
expect "not applicable: export" 0 "$bin" export "$tmp/na.csv"
has "not applicable: rescaled" "$tmp/out" "按百分制折算：不适用指标不计分，88.60 / 90 × 100 = 98.44"
has "not applicable: shown" "$tmp/out" "不适用"

# the official layout: target and actual beside each indicator
expect "export school table" 0 "$bin" export "$school"
has "export: target column" "$tmp/out" "年度指标值"
has "export: a target" "$tmp/out" "≤43.2万元"
has "export: the 偏差原因 column" "$tmp/out" "偏差原因分析及改进措施"
has "export: project name" "$tmp/out" "项目名称：校舍维修改造项目"
has "export: goal" "$tmp/out" "年度总体目标（实际完成情况）："
expect "export school table html" 0 "$bin" export --format html "$school"
has "export html: actual column" "$tmp/out" "实际完成值"

# points that do not add up: one more indicator than 产出指标's 50
awk -F, 'BEGIN{OFS=","} /^2\.4\.2,/{print; $1="2.4.3"; $3="追加指标"; print; next} {print}' \
    "$school" >"$tmp/over.csv"
expect "points over: score refuses" 1 "$bin" score "$tmp/over.csv"
has "points over: where" "$tmp/err" "2 产出指标: its indicators add up to 55 points, more than its 50"

# many projects of a unit: rolled up by unit
sed 's/校舍维修改造项目/操场改造项目/; s/,改善办学条件,30,30,,/,改善办学条件,30,10,效果一般，群众反映一般,/' \
    "$school" >"$tmp/low.csv"
sed 's/校舍维修改造项目/食堂改造项目/' "$school" >"$tmp/mid.csv"
expect "summary of project tables" 0 "$bin" summary --table "$school" "$tmp/low.csv" "$tmp/mid.csv" "$town"
has "summary: project column" "$tmp/out" "项目"
has "summary: by unit" "$tmp/out" "某市第一小学  projects 3  average 91.93  lowest 78.60"
has "summary: below 80 listed" "$tmp/out" "below 80: 操场改造项目 78.60 中"
has "summary: township" "$tmp/out" "某镇人民政府  projects 1  average 100.00  lowest 100.00"
hasnt "summary: projects of one unit are not duplicates" "$tmp/err" "the same unit"

finish
