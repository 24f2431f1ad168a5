#!/bin/bash
# export_html.sh - jixiao export --format html, read back by a parser
# (python3 html.parser): well-formed (every element closed in order, void
# elements only as such), self-contained (no script, no external resource),
# A4 print rules, and the content: the rows, scores, total, deductions, and
# hostile text from a draft shown as text, never as markup.
set -u
. "$(dirname "$0")/lib.sh"
ex="$src/examples/dapeng-2021.csv"

command -v python3 >/dev/null || { echo "1..0 # SKIP python3 not installed"; exit 0; }

cat >"$tmp/check.py" <<'PY'
import sys
from html.parser import HTMLParser

VOID = {"meta", "br", "hr", "img", "link", "input", "col", "wbr"}

class Check(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.rows, self.cell = [], [], [], None
        self.tags, self.text, self.style, self.in_style = {}, [], "", False
        self.spans = []   # per row: (rowspan, colspan) of each cell

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        for k, v in attrs:
            if k.startswith("on") or (v or "").lower().startswith("javascript:"):
                self.errors.append("script attribute %s=%r" % (k, v))
            if k in ("src", "href"):
                self.errors.append("external resource %s=%r" % (k, v))
        if tag in VOID:
            return
        self.stack.append(tag)
        if tag == "tr":
            self.rows.append([])
            self.spans.append([])
        if tag in ("td", "th"):
            self.cell = []
            a = dict(attrs)
            self.spans[-1].append((int(a.get("rowspan") or 1), int(a.get("colspan") or 1)))
        if tag == "style":
            self.in_style = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID:
            self.errors.append("end tag for void element %s" % tag)
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes %s" % (tag, self.stack[-1] if self.stack else "nothing"))
            return
        self.stack.pop()
        if tag in ("td", "th"):
            self.rows[-1].append("".join(self.cell))
            self.cell = None
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.style += data
        elif self.cell is not None:
            self.cell.append(data)
        else:
            self.text.append(data)

doc = open(sys.argv[1], encoding="utf-8").read()
c = Check()
c.feed(doc)
c.close()
if not doc.startswith("<!DOCTYPE html>"):
    c.errors.append("no doctype")
if c.stack:
    c.errors.append("unclosed: %s" % c.stack)
for t in ("script", "iframe", "object", "link", "img"):
    if c.tags.get(t):
        c.errors.append("<%s> present" % t)
if "size: A4" not in c.style:
    c.errors.append("no @page size A4")
for t in ("html", "head", "body", "title", "table", "thead", "tbody"):
    if c.tags.get(t) != 1:
        c.errors.append("%d <%s>" % (c.tags.get(t, 0), t))
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for r in c.rows:
        out.write("\t".join(x.replace("\n", "\\n") for x in r) + "\n")
    out.write("TEXT " + " ".join(" ".join(c.text).split()) + "\n")
    # the grid: each row's width counting the cells merged into it from
    # the rows above (rowspan) and across (colspan); all must be equal
    carry, widths = [], []
    for row in c.spans:
        carry = [n - 1 for n in carry if n > 1]
        widths.append(len(carry) + sum(cs for rs, cs in row))
        carry += [rs for rs, cs in row for _ in range(cs)]
    out.write("WIDTHS " + " ".join(sorted(set(map(str, widths)))) + "\n")
    out.write("ROWSPANS " + " ".join(str(rs) for row in c.spans for rs, cs in row if rs > 1) + "\n")
for e in c.errors:
    print("html: " + e)
sys.exit(1 if c.errors else 0)
PY


# parse NAME HTML: well-formed, rows and text into HTML.rows
parse() {
    if python3 "$tmp/check.py" "$2" "$2.rows" >"$tmp/perr" 2>&1; then ok "$1 well-formed"; else
        bad "$1 well-formed"; sed 's/^/    /' "$tmp/perr" | head -10; fi
}

"$bin" export --format html "$ex" >"$tmp/seed.html" && ok "export html" || bad "export html"
parse seed "$tmp/seed.html"
rows="$tmp/seed.html.rows"
# the appendix's layout: 3 header rows, a row per third-level indicator
# (21), the total; first and second levels written once, spanning rows
[ "$(grep -c $'\t' "$rows")" -eq 25 ] && ok "3 header rows + 21 rows + total" || bad "rows: $(grep -c $'\t' "$rows")"
has "header" "$rows" $'一级指标\t二级指标\t三级指标'
has "header names" "$rows" $'名称\t参考分值\t名称\t参考分值\t名称\t参考分值'
has "部门决策 row" "$rows" $'部门决策\t25\t预算编制\t10\t预算编制合理性\t5\t5.00'
has "项目完成及时性 row" "$rows" $'项目完成及时性\t6\t5.76'
has "效率性 row" "$rows" $'效率性\t20\t预算执行率\t6\t6.00'
has "total row" "$rows" $'总分\t100\t-\t100\t-\t100\t93.76'
has "every row 7 columns wide" "$rows" "WIDTHS 7"
has "rowspans" "$rows" "ROWSPANS 3 4 4 2 2 2 2 10 10 3 3 2 2 2 2 2 2 7 7 3 3 2 2"
has "total" "$rows" "总分 93.76 / 100 优"
has "deduction" "$rows" "1.2.2 绩效指标明确性 5.00 / 7 (-2.00)"
has "deduction reason" "$rows" "计划完成项目25个"
has "unit" "$rows" "单位名称：深圳市大鹏新区政务服务数据管理局"
has "header block" "$rows" "评价年度：2021 填报人："
grep -q "填报日期：<span class=\"blank\"></span>" "$tmp/seed.html" && ok "header: a blank 填报日期 to write on" || bad "header: a blank 填报日期 to write on"
has "signature line" "$rows" "单位负责人： 填报人： 单位（盖章）： 日期："
grep -q "复核" "$rows" && bad "no review columns without review data" || ok "no review columns"

# criteria: two more columns with the form's texts
"$bin" export --format html --criteria "$ex" >"$tmp/crit.html"
parse criteria "$tmp/crit.html"
has "criteria header" "$tmp/crit.html.rows" $'评价指标\t指标说明\t参考评分标准\t得分'
has "criteria: every row 9 columns wide" "$tmp/crit.html.rows" "WIDTHS 9"
has "criteria text" "$tmp/crit.html.rows" "部门(单位)预算的合理性"
grep -q "size: A4 landscape" "$tmp/crit.html" && ok "criteria: A4 landscape" || bad "criteria: A4 landscape"
# a fixed layout: the 一级/二级 and number columns keep their width beside
# the long texts (they were squeezed to one character, the text vertical)
grep -q "table-layout: fixed" "$tmp/crit.html" && ok "criteria: fixed table layout" || bad "criteria: fixed table layout"
grep -q '<colgroup><col style="width: 7em"><col style="width: 4em"><col style="width: 7em"><col style="width: 4em"><col style="width: 9em"><col style="width: 4em"><col><col><col style="width: 5em"></colgroup>' "$tmp/crit.html" &&
    ok "criteria: column widths" || bad "criteria: column widths"

# hostile text in a note, a review comment and the unit: text, never markup
tr -d '\r' <"$ex" | sed -e 's~^#unit,,.*~#unit,,"<b>单位</b> \& ""Co""",,,,,,,,,,,~' \
    -e 's~^2\.1\.2,3,财务合规性,3,2,[^,]*,~2.1.2,3,财务合规性,3,2,"<script>alert(1)</script><img src=x onerror=alert(2)>",~' \
    -e 's~^3\.2\.2,\(.*\),,,,$~3.2.2,\1,7,有疑问,"</td></tr></table><a href=""javascript:x"">",~' \
    >"$tmp/hostile.csv"
"$bin" export --format html "$tmp/hostile.csv" >"$tmp/hostile.html" 2>"$tmp/err" && ok "export hostile" ||
    { bad "export hostile"; sed 's/^/    /' "$tmp/err" | head -5; }
parse hostile "$tmp/hostile.html"
has "script shown as text" "$tmp/hostile.html.rows" "<script>alert(1)</script><img src=x onerror=alert(2)>"
has "unit shown as text" "$tmp/hostile.html.rows" '<b>单位</b> & "Co"'
has "comment shown as text" "$tmp/hostile.html.rows" '</td></tr></table><a href="javascript:x">'
has "review columns" "$tmp/hostile.html.rows" $'复核得分\t复核状态\t复核意见'
has "review: every row 10 columns wide" "$tmp/hostile.html.rows" "WIDTHS 10"

finish
