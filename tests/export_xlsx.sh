#!/bin/bash
# export_xlsx.sh - jixiao export --format xlsx, read back by openpyxl: the
# appendix grid (values, merged ranges), the subtotals, total and grade as
# formulas, number formats, print setup (A4, repeated header rows, fit to
# width, frozen panes), the 扣分说明 sheet, a reviewed draft, hostile text
# kept as text, and the errors (no -o, a folder that cannot be written).
set -u
. "$(dirname "$0")/lib.sh"
ex="$src/examples/dapeng-2021.csv"

# openpyxl is Debian's python3-openpyxl: the system python, not a pyenv one
py=""
for p in /usr/bin/python3 python3; do
    command -v "$p" >/dev/null && "$p" -c "import openpyxl" 2>/dev/null && { py=$p; break; }
done

expect "xlsx needs -o" 2 "$bin" export --format xlsx "$ex"
has "xlsx needs -o: says so" "$tmp/err" "-o FILE.xlsx"
expect "xlsx into a missing folder" 2 "$bin" export --format xlsx -o "$tmp/no/such/x.xlsx" "$ex"
has "missing folder: names the file" "$tmp/err" "$tmp/no/such/x.xlsx"
expect "export xlsx" 0 "$bin" export --format xlsx -o "$tmp/seed.xlsx" "$ex"
[ "$(head -c 2 "$tmp/seed.xlsx")" = "PK" ] && ok "a zip container" || bad "a zip container"
ls "$tmp" | grep -q jixiao-tmp && bad "no temp file left" || ok "no temp file left"

if [ -z "$py" ]; then
    skip "read back" "python3-openpyxl not installed"
    finish; exit
fi

cat >"$tmp/dump.py" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = open(sys.argv[2], "w", encoding="utf-8")
out.write("SHEETS " + " ".join(wb.sheetnames) + "\n")
for ws in wb.worksheets:
    out.write("SHEET %s\n" % ws.title)
    for row in ws.iter_rows():
        vals = ["" if c.value is None else str(c.value) for c in row]
        out.write("\t".join(v.replace("\n", "\\n") for v in vals).rstrip("\t") + "\n")
    for c in ws.iter_rows():
        for cell in c:
            if isinstance(cell.value, (int, float)) or (isinstance(cell.value, str) and cell.value.startswith("=")):
                out.write("FMT %s%d %s\n" % (cell.column_letter, cell.row, cell.number_format))
    out.write("MERGED " + " ".join(sorted(str(r) for r in ws.merged_cells.ranges)) + "\n")
    ps = ws.page_setup
    # fitToWidth left out of the XML means its default, 1
    out.write("PAGE paper=%s orientation=%s fitw=%s fith=%s fit=%s\n" % (ps.paperSize, ps.orientation,
              1 if ps.fitToWidth is None else ps.fitToWidth, ps.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage
              if ws.sheet_properties.pageSetUpPr else None))
    out.write("TITLES %s\n" % ws.print_title_rows)
    out.write("FREEZE %s\n" % ws.freeze_panes)
    out.write("WRAP A6 %s\n" % ws["A6"].alignment.wrap_text)
    out.write("BORDER A6 %s\n" % ws["A6"].border.left.style)
    out.write("WIDTH A %s E %s\n" % (ws.column_dimensions["A"].width, ws.column_dimensions["E"].width))
PY
dump() { "$py" "$tmp/dump.py" "$1" "$1.txt" 2>"$tmp/perr" && ok "$2: openpyxl reads it" ||
    { bad "$2: openpyxl reads it"; sed 's/^/    /' "$tmp/perr" | tail -5; }; }

dump "$tmp/seed.xlsx" seed
d="$tmp/seed.xlsx.txt"
has "two sheets" "$d" "SHEETS 评分表 扣分说明"
has "title" "$d" "部门整体支出绩效评价自评指标评分表"
has "header block" "$d" $'单位名称：深圳市大鹏新区政务服务数据管理局\t\t评价年度：2021\t\t填报人：'
has "填报日期 to fill in" "$d" "填报日期：＿"
has "header rows" "$d" $'评价指标\t\t\t\t\t\t得分\t小计'
has "header names" "$d" $'名称\t参考分值\t名称\t参考分值\t名称\t参考分值\t\t一级指标\t二级指标'
has "first row and its subtotals" "$d" $'部门决策\t25\t预算编制\t10\t预算编制合理性\t5\t5\t=SUM(G6:G9)\t=SUM(G6:G7)'
has "a leaf under a merged branch" "$d" $'\t\t\t\t预算编制规范性\t5\t5'
has "a fractional score" "$d" $'项目完成及时性\t6\t5.76'
has "一级 subtotal over its 10 rows" "$d" $'部门管理\t20\t资金管理\t8\t政府采购执行情况\t2\t2\t=SUM(G10:G19)\t=SUM(G10:G12)'
has "total: a formula over every score" "$d" $'总分\t100\t-\t100\t-\t100\t=SUM(G6:G26)'
has "grade: nested IF over the bands" "$d" $'等级\t\t\t\t\t\t=IF(G27>=90,"优",IF(G27>=80,"良",IF(G27>=60,"中","差")))'
has "signature line" "$d" $'单位负责人：＿＿＿＿＿＿\t\t填报人：＿＿＿＿＿＿\t\t单位（盖章）：＿＿＿＿＿＿\t\t日期：'
has "merged 一级 names" "$d" "A10:A19 A1:I1 A20:A26"
has "merged 二级 names and points" "$d" "C10:C12 C13:C14"
has "merged 一级 subtotal" "$d" "H10:H19 H20:H26"
has "merged header" "$d" "A3:F3"
has "scores with two decimals" "$d" "FMT G23 0.00"
has "total with two decimals" "$d" "FMT G27 0.00"
has "A4, portrait, one page wide" "$d" "PAGE paper=9 orientation=portrait fitw=1 fith=0 fit=True"
has "header rows repeated" "$d" 'TITLES $3:$5'
has "top rows frozen" "$d" "FREEZE A6"
has "wrapped text" "$d" "WRAP A6 True"
has "borders" "$d" "BORDER A6 thin"
has "widths for Chinese names" "$d" "WIDTH A 14"
has "deductions sheet" "$d" $'1.2.2\t绩效指标明确性\t5\t7\t2\t自评发现绩效目标表中'
has "deduction of 0.24" "$d" $'3.2.3\t项目完成及时性\t5.76\t6\t0.24\t计划完成项目25个'
has "figures" "$d" $'2.1.2\t财务合规性\t调整后预算（万元）\t\t\t7621.05'
has "a percent figure" "$d" $'3.2.1\t预算执行率\t一季度末支出进度\t\t\t32.74'
hasnt "no review columns without review data" "$d" "复核"

# criteria: the two text columns, landscape
"$bin" export --format xlsx --criteria -o "$tmp/crit.xlsx" "$ex" && dump "$tmp/crit.xlsx" criteria
has "criteria header" "$tmp/crit.xlsx.txt" $'评价指标\t\t\t\t\t\t指标说明\t参考评分标准\t得分\t小计'
has "criteria text" "$tmp/crit.xlsx.txt" "部门(单位)预算的合理性"
has "criteria: total over column I" "$tmp/crit.xlsx.txt" "=SUM(I6:I26)"
has "criteria: A4 landscape" "$tmp/crit.xlsx.txt" "PAGE paper=9 orientation=landscape"

# reviewed, with hostile text: review columns, the review total and grade
# as formulas, text kept as text
tr -d '\r' <"$ex" | sed -e 's~^#unit,,.*~#unit,,"=1+1 <b>单位</b> \& ""Co""",,,,,,,,,,,~' \
    -e 's~^3\.2\.2,\(.*\),,,,$~3.2.2,\1,7,有疑问,"=HYPERLINK(""http://x"")",~' >"$tmp/rev.csv"
expect "export reviewed" 0 "$bin" export --format xlsx -o "$tmp/rev.xlsx" "$tmp/rev.csv"
dump "$tmp/rev.xlsx" reviewed
r="$tmp/rev.xlsx.txt"
has "review columns" "$r" $'得分\t复核得分\t复核状态\t复核意见\t小计'
has "review score and comment as text" "$r" $'重点工作完成情况\t8\t8\t7\t有疑问\t=HYPERLINK("http://x")'
has "review total: unreviewed count with their score" "$r" '=SUMPRODUCT((H6:H26="")*G6:G26)+SUM(H6:H26)'
has "review grade" "$r" '=IF(H27>=90,"优"'
has "unit kept as text" "$r" '单位名称：=1+1 <b>单位</b> & "Co"'
has "reviewed progress remark" "$r" "1 of 21 indicators reviewed"

# a blank draft: no scores, the formulas still there
"$bin" new "$tmp/blank.csv" >/dev/null 2>&1
expect "export blank" 0 "$bin" export --format xlsx -o "$tmp/blank.xlsx" "$tmp/blank.csv"
dump "$tmp/blank.xlsx" blank
has "blank: total formula" "$tmp/blank.xlsx.txt" $'总分\t100\t-\t100\t-\t100\t=SUM(G6:G26)'
has "blank: no score" "$tmp/blank.xlsx.txt" $'预算编制规范性\t5\n'
has "blank: no deductions" "$tmp/blank.xlsx.txt" "(no deductions)"

finish
