#!/usr/bin/env python3
"""make_template.py - the seed report's appendix table (附件: 部门整体支出绩效评价
自评指标评分表) as a finance bureau would issue it, made from forms/standard.csv,
for the tests of `jixiao form import`.

    tests/make_template.py OUTDIR

writes into OUTDIR:
  standard-template.xlsx          the table with merged cells (openpyxl)
  standard-template.csv           that sheet saved by Excel as "CSV UTF-8"
                                  (BOM, CRLF, merged cells blank)
  standard-template-gb18030.csv   saved as plain "CSV" on Chinese Windows
                                  (GB18030), as WPS does too
  bad-merge.xlsx                  a 二级指标 merged cell running into the next 一级指标
  bad-formula.xlsx                a points cell that is a formula never calculated
The committed copies are in tests/data/import/.
"""
import csv
import os
import sys

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side

HERE = os.path.dirname(os.path.abspath(__file__))
COLS = ["一级名称", "一级分值", "二级名称", "二级分值", "三级名称", "三级分值",
        "指标说明", "参考评分标准", "得分"]


def load_standard():
    with open(os.path.join(HERE, "..", "forms", "standard.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    title = next(r["name"] for r in rows if r["id"] == "#name")
    nodes = [r for r in rows if not r["id"].startswith("#")]
    return title, nodes


def number(p):
    v = float(p)
    return int(v) if v == int(v) else v


def table(title, nodes):
    """The grid (list of rows of 9 cells) and its merged ranges (r1, c1, r2, c2),
    1-based, as the appendix prints it."""
    grid = [[title] + [None] * 8,
            ["评价指标", None, None, None, None, None, "指标说明", "参考评分标准", "得分"],
            ["一级指标", None, "二级指标", None, "三级指标", None, None, None, None],
            ["名称", "参考分值", "名称", "参考分值", "名称", "参考分值", None, None, None]]
    merges = [(1, 1, 1, 9), (2, 1, 2, 6), (2, 7, 4, 7), (2, 8, 4, 8), (2, 9, 4, 9),
              (3, 1, 3, 2), (3, 3, 3, 4), (3, 5, 3, 6)]
    start = {}          # id -> first row
    last = {}           # id -> last row
    for n in nodes:
        if n["level"] != "3":
            continue
        r = len(grid) + 1
        i3 = n["id"]
        i2 = i3.rsplit(".", 1)[0]
        i1 = i2.rsplit(".", 1)[0]
        row = [None] * 9
        for i, col in ((i1, 0), (i2, 2)):
            if i not in start:
                start[i] = r
                node = next(x for x in nodes if x["id"] == i)
                row[col] = node["name"]
                row[col + 1] = number(node["points"])
            last[i] = r
        row[4] = n["name"]
        row[5] = number(n["points"])
        row[6] = n["description"] or None
        row[7] = n["criteria"] or None
        grid.append(row)
    for i, r in start.items():
        if last[i] > r:
            col = 1 if "." not in i else 3
            merges.append((r, col, last[i], col))
            merges.append((r, col + 1, last[i], col + 1))
    total = sum(number(n["points"]) for n in nodes if n["level"] == "1")
    grid.append(["总分", total, "-", total, "-", total, "-", "-", None])
    return grid, merges


def write_xlsx(path, grid, merges, tweak=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "评分表"
    thin = Side(style="thin")
    for r, row in enumerate(grid, 1):
        for c, v in enumerate(row, 1):
            cell = ws.cell(row=r, column=c)
            if v is not None:
                cell.value = v
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if r > 1:
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["A1"].font = Font(bold=True, size=14)
    for m in merges:
        ws.merge_cells(start_row=m[0], start_column=m[1], end_row=m[2], end_column=m[3])
    for c, w in zip("ABCDEFGHI", (10, 6, 10, 6, 14, 6, 40, 60, 6)):
        ws.column_dimensions[c].width = w
    if tweak:
        tweak(ws)
    wb.save(path)


def write_csv(path, grid, encoding):
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        for row in grid:
            w.writerow(["" if v is None else v for v in row])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "data", "import")
    os.makedirs(out, exist_ok=True)
    title, nodes = load_standard()
    grid, merges = table(title, nodes)
    write_xlsx(os.path.join(out, "standard-template.xlsx"), grid, merges)
    write_csv(os.path.join(out, "standard-template.csv"), grid, "utf-8-sig")
    write_csv(os.path.join(out, "standard-template-gb18030.csv"), grid, "gb18030")

    # 二级 目标设置 (C7:D8) merged one row too far, over row 9 where 一级
    # 部门管理 and its 二级 资金管理 start (merging keeps only the top-left value)
    bad = [m for m in merges if m[:2] not in ((7, 3), (7, 4), (9, 3), (9, 4))] + [(7, 3, 9, 3), (7, 4, 9, 4)]
    bad_grid = [list(r) for r in grid]
    bad_grid[8][2] = bad_grid[8][3] = None
    write_xlsx(os.path.join(out, "bad-merge.xlsx"), bad_grid, bad)

    def formula(ws):
        ws["F5"] = "=2+3"                        # saved by openpyxl: no cached value
    write_xlsx(os.path.join(out, "bad-formula.xlsx"), grid, merges, formula)


if __name__ == "__main__":
    main()
