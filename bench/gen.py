#!/usr/bin/env python3
"""gen.py - deterministic forms and drafts for bench/scale.sh.

    bench/gen.py [-o DIR] SIZE...      SIZE: 1k 10k 100k 1M or a number

For each SIZE writes DIR/form-SIZE.csv (a form with exactly SIZE indicator
rows: 一级/二级/三级) and DIR/draft-SIZE.csv (a filled self-assessment of it).
The mix follows the standard form: about 40 % of the leaves are scored
directly, 25 % by checklists, 30 % computed from money, percent, rate and
count figures (with tiers, min, if), some by choice + veto, and one group in
ten has a "custom" placeholder that the draft replaces by two of the unit's
own indicators. Names, descriptions, criteria and notes are Chinese; some
notes need CSV quoting (ASCII comma, double quote, line break). A few leaves
are left unscored, carry review verdicts, review scores and evidence.

The draft is written exactly as jixiao saves it (BOM, CRLF, the same
quoting, compact numbers, computed scores and subtotals, and the form hash,
which `jixiao new` gives for the form: --jixiao, default build/jixiao), so
a load -> save round trip gives the same bytes. Output depends only on
SIZE: no clock, no random module, no dict ordering.
"""
import argparse
import csv
import os
import subprocess
import sys
from fractions import Fraction

GROUP_L2 = 10    # 二级 per 一级
GROUP_L3 = 10    # 三级 per 二级


def mix(i, salt=0):
    """splitmix64 of (i, salt): a stable pseudo-random 64-bit integer."""
    x = (i * 0x9E3779B97F4A7C15 + salt * 0xBF58476D1CE4E5B9 + 0x94D049BB133111EB) & (2**64 - 1)
    x ^= x >> 30
    x = (x * 0xBF58476D1CE4E5B9) & (2**64 - 1)
    x ^= x >> 27
    x = (x * 0x94D049BB133111EB) & (2**64 - 1)
    x ^= x >> 31
    return x


L1_NAMES = ["部门决策", "部门管理", "部门绩效", "资金使用", "履职效能", "社会效益", "可持续发展",
            "服务对象满意度"]
L2_NAMES = ["预算编制", "目标设置", "资金管理", "项目管理", "资产管理", "人员管理", "制度管理",
            "产出数量", "产出质量", "产出时效", "经济效益", "生态效益"]
L3_NAMES = ["预算编制合理性", "预算编制规范性", "绩效目标完整性", "绩效指标明确性", "政府采购执行情况",
            "财务合规性", "预决算信息公开", "项目实施程序", "项目监管", "资产管理安全性",
            "固定资产利用率", "财政供养人员控制率", "编外人员控制率", "管理制度健全性",
            "重点工作完成情况", "项目完成及时性", "预算执行率", "公用经费控制率", "群众满意度",
            "政务服务事项办结率"]
DESCS = ["部门(单位)预算的合理性，即是否符合本部门职责、是否符合方针政策和工作要求。",
         "部门(单位)是否按要求编报项目绩效目标,是否依据充分、内容完整、覆盖全面、符合实际。",
         "用以反映和考核部门(单位)对资金使用的规范性和安全性。",
         "部门(单位)实际完成工作任务与计划的比较,用以反映工作任务的完成程度。"]
CRITS = ["1.符合本部门职责和方针政策（{a}分）；\n2.资金根据年度工作重点合理分配（{b}分）。",
         "按要求完成的得满分,发现一项不符合的扣1分,扣完为止。",
         "达到或超过计划的得满分；每低于计划一个百分点扣0.1分，扣完为止。"]
NOTES = ["自评发现绩效目标表中的部分指标仍为定性指标，未明确具体指标值，扣{d}分。",
         "年初预算与调整后预算差异较大，资金调整调剂规范性有待提升，扣{d}分。",
         "部分项目验收滞后,\"资金支付进度\"未达到序时要求,扣{d}分。",
         "抽查发现：\n1. 个别合同未按规定备案；\n2. 资产台账更新不及时。\n合计扣{d}分。",
         "见报告“存在的问题”第二部分，扣{d}分。"]
CHECK_LABELS = ["符合职责和方针政策", "资金按重点合理分配", "专项资金编制细化", "分类准确无频繁调剂",
                "预算分配不固化", "制度健全有效", "执行到位"]


def fmt_pts(h):
    """hundredths -> compact decimal as num_format_pts: 5, 5.5, 5.76."""
    sign = "-" if h < 0 else ""
    h = abs(h)
    s = "%d" % (h // 100)
    c = h % 100
    if c:
        s += (".%02d" % c).rstrip("0")
    return sign + s


def fmt_dec(mant, scale):
    """exact decimal mant/10^scale without trailing zeros (num_format_decimal)."""
    s = str(mant)
    if scale:
        s = s.rjust(scale + 1, "0")
        s = (s[:-scale] + "." + s[-scale:]).rstrip("0").rstrip(".")
    return s


def round_half_up(x):
    """Fraction (points) -> hundredths, half up (x >= 0)."""
    return int((x * 100 + Fraction(1, 2)) // 1)


def csv_field(s):
    """Quote exactly as csvio_put_field: comma, quote, CR, LF, or an edge blank."""
    if s and (s[0] in " \t" or s[-1] in " \t" or any(c in s for c in ',"\r\n')):
        return '"' + s.replace('"', '""') + '"'
    return s


class Leaf:
    __slots__ = ("kind", "points", "figs", "rule", "figvals", "marks", "score", "entered",
                 "note", "review_status", "review_comment", "review_score", "evidence")


def make_leaf(i):
    """Leaf number i (global): its rule, points and a plausible filled state."""
    h = mix(i)
    r = h % 100
    lf = Leaf()
    lf.figs = ""
    lf.rule = ""
    lf.figvals = ""
    lf.marks = ""
    lf.entered = None
    exact = None          # Fraction: exact sum of parts when rule-scored
    if r < 40:            # scored directly
        lf.kind = "direct"
        p = [2, 3, 4, 5, 6, 8, 10][mix(i, 1) % 7] * 100
        lf.points = p
        u = mix(i, 2) % 100
        if u < 3:
            lf.entered = None
        elif u < 80:
            lf.entered = p
        else:
            lf.entered = max(0, p - 50 * (1 + mix(i, 3) % 4) - (mix(i, 4) % 2) * 25)
        lf.score = lf.entered
    elif r < 65:          # checklist
        lf.kind = "check"
        n = 2 + mix(i, 1) % 4
        parts, marks, total = [], [], Fraction(0)
        for k in range(n):
            pk = 100 * (1 + mix(i, 10 + k) % 2)
            parts.append("check(%s, %s)" % (CHECK_LABELS[k], fmt_pts(pk)))
            u = mix(i, 20 + k) % 100
            m = pk if u < 85 else (0 if u < 95 else pk // 2)
            marks.append("%s=%s" % (CHECK_LABELS[k], fmt_pts(m)))
            total += Fraction(m, 100)
        lf.points = sum(100 * (1 + mix(i, 10 + k) % 2) for k in range(n))
        lf.rule = "\n".join(parts)
        lf.marks = "; ".join(marks)
        exact = total
    elif r < 80:          # money: execution rate + a check
        lf.kind = "money"
        pc = 100 * (2 + mix(i, 1) % 4)
        lf.points = pc + 100
        lf.figs = "planned:money:预算金额（万元）\nactual:money:实际支出金额（万元）"
        lf.rule = ("calc(预算执行率, %s, %s * min(1, actual / planned))\ncheck(资金使用合规, 1)"
                   % (fmt_pts(pc), fmt_pts(pc)))
        planned = 10000 + mix(i, 2) % 990000            # hundredths of 万元
        actual = planned * (80 + mix(i, 3) % 25) // 100
        lf.figvals = "planned=%s; actual=%s" % (fmt_dec(planned, 2), fmt_dec(actual, 2))
        ok = 100 if mix(i, 4) % 10 else 0
        lf.marks = "资金使用合规=%s" % fmt_pts(ok)
        v = Fraction(pc, 100) * min(Fraction(1), Fraction(actual, planned))
        exact = min(max(v, Fraction(0)), Fraction(pc, 100)) + Fraction(ok, 100)
    elif r < 88:          # percent with tiers
        lf.kind = "tiers"
        lf.points = 500
        lf.figs = "rate:percent:任务完成率"
        lf.rule = "calc(任务完成率, 5, tiers(rate, 95%, 5, 80%, 3, 60%, 1, 0))"
        rate = 500 + mix(i, 2) % 501                    # tenths of a percent: 50.0 .. 100.0
        lf.figvals = "rate=%s" % fmt_dec(rate, 1)
        x = Fraction(rate, 1000)
        exact = Fraction(5 if x >= Fraction(95, 100) else 3 if x >= Fraction(80, 100)
                         else 1 if x >= Fraction(60, 100) else 0)
    elif r < 94:          # count of problems, with an if
        lf.kind = "count"
        pc = 100 * (3 + mix(i, 1) % 5)
        lf.points = pc
        lf.figs = "n:count:发现问题数量\nfixed:count:已整改数量"
        lf.rule = "calc(问题整改, %s, if(n == 0, %s, %s - (n - fixed) * 0.5))" % (
            fmt_pts(pc), fmt_pts(pc), fmt_pts(pc))
        n = mix(i, 2) % 6
        fixed = n - mix(i, 3) % (n + 1) if n else 0
        lf.figvals = "n=%d; fixed=%d" % (n, fixed)
        v = Fraction(pc, 100) if n == 0 else Fraction(pc, 100) - Fraction(n - fixed, 2)
        exact = min(max(v, Fraction(0)), Fraction(pc, 100))
    elif r < 97:          # choice + veto + check
        lf.kind = "choice"
        lf.points = 300
        lf.rule = ("choice(信息公开, 2, 按规定公开=2, 部分公开=1, 未公开=0)\n"
                   "veto(存在违规违纪问题)\ncheck(材料齐全, 1)")
        c = mix(i, 2) % 10
        opt, ov = ("按规定公开", 2) if c < 7 else ("部分公开", 1) if c < 9 else ("未公开", 0)
        veto = mix(i, 3) % 50 == 0
        lf.marks = "信息公开=%s; 存在违规违纪问题=%s; 材料齐全=1" % (opt, "是" if veto else "否")
        exact = Fraction(0) if veto else Fraction(ov + 1)
    else:                 # rate that may exceed 100
        lf.kind = "rate"
        lf.points = 200
        lf.figs = "util:rate:固定资产利用率"
        lf.rule = "calc(固定资产利用率, 2, 2 * min(1, util / 95%))"
        util = 7000 + mix(i, 2) % 4000                  # hundredths of a percent
        lf.figvals = "util=%s" % fmt_dec(util, 2)
        v = 2 * min(Fraction(1), Fraction(util, 10000) / Fraction(95, 100))
        exact = min(max(v, Fraction(0)), Fraction(2))
    if exact is not None:
        lf.score = round_half_up(exact)
    lf.note = ""
    if lf.score is not None and lf.score < lf.points and mix(i, 5) % 10 < 8:
        lf.note = NOTES[mix(i, 6) % len(NOTES)].format(d=fmt_pts(lf.points - lf.score))
    u = mix(i, 7) % 1000
    lf.review_status, lf.review_comment, lf.review_score = "", "", None
    if u < 30:
        lf.review_status = "通过"
    elif u < 35:
        lf.review_status = "有疑问"
        lf.review_comment = "请补充佐证材料，说明扣分依据。"
    elif u < 45 and lf.score is not None:
        lf.review_score = max(0, lf.score - 50)
        lf.review_comment = "复核认为扣分不足，调减0.5分。"
    lf.evidence = ""
    if mix(i, 8) % 50 == 0:
        lf.evidence = "佐证材料/2021/%d.pdf|%d" % (i, 1 + mix(i, 9) % 40)
    return lf


def build(size):
    """Nodes in table order: dicts with id, level, parent index, leaf or None."""
    nodes = []
    g = 0
    leafno = 0
    while len(nodes) < size:
        g += 1
        gi = len(nodes)
        nodes.append({"id": str(g), "level": 1, "parent": -1, "kids": [], "leaf": None})
        for b in range(1, GROUP_L2 + 1):
            if len(nodes) >= size:
                break
            bi = len(nodes)
            nodes[gi]["kids"].append(bi)
            nodes.append({"id": "%d.%d" % (g, b), "level": 2, "parent": gi, "kids": [],
                          "leaf": None})
            for c in range(1, GROUP_L3 + 1):
                if len(nodes) >= size:
                    break
                ci = len(nodes)
                nodes[bi]["kids"].append(ci)
                nodes.append({"id": "%d.%d.%d" % (g, b, c), "level": 3, "parent": bi,
                              "kids": [], "leaf": None})
    for k, nd in enumerate(nodes):
        if nd["kids"]:
            continue
        leafno += 1
        lf = make_leaf(leafno)
        parts = nd["id"].split(".")
        # one group in ten: the last leaf of its last 二级 is a custom placeholder
        nd["custom_slot"] = (len(parts) == 3 and int(parts[0]) % 10 == 1 and
                             parts[1] == str(GROUP_L2) and parts[2] == str(GROUP_L3))
        if nd["custom_slot"]:
            lf = Leaf()
            lf.kind, lf.points, lf.figs, lf.rule = "custom", 400, "", "custom"
            lf.figvals = lf.marks = lf.note = lf.review_status = lf.review_comment = ""
            lf.evidence, lf.review_score, lf.entered, lf.score = "", None, None, None
        nd["leaf"] = lf
        nd["no"] = leafno
    # branch points bottom-up (children come after their parent)
    for nd in reversed(nodes):
        nd["points"] = nd["leaf"].points if nd["leaf"] else sum(nodes[c]["points"] for c in nd["kids"])
    return nodes


def name_of(nd):
    n = nd.get("no", 0) or int(nd["id"].replace(".", "")[:9])
    if nd["level"] == 1:
        return "%s（第%s组）" % (L1_NAMES[int(nd["id"]) % len(L1_NAMES)], nd["id"])
    if nd["level"] == 2:
        return L2_NAMES[mix(n, 40) % len(L2_NAMES)]
    return L3_NAMES[mix(n, 41) % len(L3_NAMES)]


def form_hash(jixiao, form_path, out):
    """The form's hash as jixiao computes it: from the blank draft that
    `jixiao new` writes for the form (docs/forms.md defines the hash)."""
    tmp = os.path.join(out, ".hash-draft.csv")
    subprocess.run([jixiao, "new", "--force", "--form", form_path, tmp], check=True,
                   stdout=subprocess.DEVNULL)
    try:
        with open(tmp, encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                if row and row[0] == "#form_hash":
                    return row[2]
    finally:
        os.remove(tmp)
    sys.exit("gen.py: no #form_hash in the draft %s wrote" % jixiao)


def write_form(path, title, nodes, total):
    grades = "优>=%s; 良>=%s; 中>=%s; 差" % (fmt_pts(total * 90 // 100), fmt_pts(total * 80 // 100),
                                          fmt_pts(total * 60 // 100))
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = f.write
        w("id,level,name,points,description,criteria,figures,rule\n")
        w("#name,,%s,,,,,\n" % csv_field(title))
        w("#version,,bench,,,,,\n")
        w("#grades,,%s,,,,,\n" % csv_field(grades))
        for nd in nodes:
            lf = nd["leaf"]
            desc = crit = figs = rule = ""
            if lf:
                n = nd["no"]
                desc = DESCS[mix(n, 42) % len(DESCS)]
                crit = CRITS[mix(n, 43) % len(CRITS)].format(a=1, b=1)
                figs, rule = lf.figs, lf.rule
            w("%s,%d,%s,%s,%s,%s,%s,%s\n" % (nd["id"], nd["level"], csv_field(nd["name"]),
                                           fmt_pts(nd["points"]), csv_field(desc), csv_field(crit),
                                           csv_field(figs), csv_field(rule)))


def write_draft(path, title, fhash, nodes, total_points):
    # customs under each placeholder's parent: two of the unit's own, 2 + 2 points
    customs = {}
    for nd in nodes:
        if nd["leaf"] and nd.get("custom_slot"):
            p = nd["parent"]
            base = nd["id"].rsplit(".", 1)[0]
            customs[p] = [("%s.%d" % (base, GROUP_L3 + 1), "社区服务站点建设", 200, 200, ""),
                          ("%s.%d" % (base, GROUP_L3 + 2), "智慧政务平台推广", 200, 150,
                           "推广覆盖率未达目标，扣0.5分。")]
    # scores bottom-up: contrib, scored count, review sums
    score = [0] * len(nodes)
    scored = [0] * len(nodes)
    review = [0] * len(nodes)
    for k in range(len(nodes) - 1, -1, -1):
        nd = nodes[k]
        lf = nd["leaf"]
        if lf:
            if lf.kind == "custom":
                continue
            s = lf.score
            score[k] = s or 0
            scored[k] = s is not None
            review[k] = lf.review_score if lf.review_score is not None else score[k]
            continue
        for c in nd["kids"]:
            score[k] += score[c]
            scored[k] += scored[c]
            review[k] += review[c]
        for (_, _, _, sc, _) in customs.get(k, []):
            score[k] += sc
            scored[k] += 1
            review[k] += sc
    grades = [(90, "优"), (80, "良"), (60, "中")]

    def grade(t):
        for pct, g in grades:
            if t >= total_points * pct // 100:
                return g
        return "差"
    pad = "," * 13
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = f.write
        w("\ufeffid,level,indicator,points,score,note,figures,marks,custom,description,"
          "review_score,review_status,review_comment,evidence\r\n")
        for key, val in (("#format", "jixiao-draft 1"), ("#form", title),
                         ("#form_version", "bench"), ("#form_hash", fhash),
                         ("#unit", "深圳市规模测试区政务服务数据管理局"), ("#year", "2021"),
                         ("#assessor", "张三")):
            w("%s,,%s%s\r\n" % (key, csv_field(val), "," * 11))
        out = []
        for k, nd in enumerate(nodes):
            lf = nd["leaf"]
            if lf:
                sc = "" if lf.score is None else fmt_pts(lf.score)
                rs = "" if lf.review_score is None else fmt_pts(lf.review_score)
                out.append("%s,%d,%s,%s,%s,%s,%s,%s,,,%s,%s,%s,%s\r\n" % (
                    nd["id"], nd["level"], csv_field(nd["name"]), fmt_pts(nd["points"]), sc,
                    csv_field(lf.note), csv_field(lf.figvals), csv_field(lf.marks), rs,
                    lf.review_status, csv_field(lf.review_comment), csv_field(lf.evidence)))
            else:
                sc = fmt_pts(score[k]) if scored[k] else ""
                out.append("%s,%d,%s,%s,%s,,,,,,,,,\r\n" % (nd["id"], nd["level"],
                                                           csv_field(nd["name"]),
                                                           fmt_pts(nd["points"]), sc))
            # the unit's own indicators follow the last child of their parent
            p = nd["parent"]
            if p >= 0 and p in customs and nodes[p]["kids"][-1] == k:
                for (cid, cname, cpts, csc, cnote) in customs[p]:
                    out.append("%s,3,%s,%s,%s,%s,,,个性化,%s,,,,\r\n" % (
                        cid, cname, fmt_pts(cpts), fmt_pts(csc), csv_field(cnote),
                        "本单位自设指标，反映年度重点任务完成情况。"))
            if len(out) >= 4096:
                w("".join(out))
                out = []
        w("".join(out))
        tot = sum(score[k] for k, nd in enumerate(nodes) if nd["level"] == 1)
        any_scored = any(scored[k] for k, nd in enumerate(nodes) if nd["level"] == 1)
        rtot = sum(review[k] for k, nd in enumerate(nodes) if nd["level"] == 1)
        reviewed = any(nd["leaf"] and nd["leaf"].review_score is not None for nd in nodes)
        w("total,,总分,%s,%s,%s,,,,,%s,%s,,\r\n" % (
            fmt_pts(total_points), fmt_pts(tot) if any_scored else "",
            grade(tot) if any_scored else "", fmt_pts(rtot) if reviewed else "",
            grade(rtot) if reviewed else ""))
    del pad


def parse_size(s):
    t = s.lower()
    mult = 1
    if t.endswith("k"):
        mult, t = 1000, t[:-1]
    elif t.endswith("m"):
        mult, t = 1000000, t[:-1]
    return int(t) * mult


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--out", default=os.path.join(os.path.dirname(__file__) or ".", "out"))
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--jixiao", default=os.path.join(root, "build", "jixiao"),
                    help="the jixiao that gives the form hash (default: build/jixiao)")
    ap.add_argument("sizes", nargs="+")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    for s in a.sizes:
        size = parse_size(s)
        nodes = build(size)
        for nd in nodes:
            nd["name"] = name_of(nd)
        total = sum(nd["points"] for nd in nodes if nd["level"] == 1)
        title = "规模测试评分表（%s）" % s
        fp = os.path.join(a.out, "form-%s.csv" % s)
        dp = os.path.join(a.out, "draft-%s.csv" % s)
        write_form(fp, title, nodes, total)
        write_draft(dp, title, form_hash(a.jixiao, fp, a.out), nodes, total)
        print("%s: %d rows, form %d bytes, draft %d bytes" % (
            s, len(nodes), os.path.getsize(fp), os.path.getsize(dp)), file=sys.stderr)


if __name__ == "__main__":
    main()
