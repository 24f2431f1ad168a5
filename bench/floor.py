#!/usr/bin/env python3
"""floor.py - bench/floor.c in Python with the csv module: parse a form and a
draft, sum the form's leaf points and the draft's leaf scores (a row is a
leaf when the next row is not deeper). Prints "SCORE / POINTS"."""
import csv
import sys


def hundredths(s):
    whole, _, frac = s.partition(".")
    return int(whole or 0) * 100 + int((frac + "00")[:2])


def sum_file(path, column):
    total, prev_level, prev_value = 0, 0, 0
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f, strict=True)
        header = next(rows)
        lc, vc = header.index("level"), header.index(column)
        for row in rows:
            lv = row[lc]
            if len(lv) != 1:
                continue
            level = ord(lv) - 48
            if prev_level and level <= prev_level:
                total += prev_value
            prev_level, prev_value = level, hundredths(row[vc])
    return total + (prev_value if prev_level else 0)


points = sum_file(sys.argv[1], "points")
score = sum_file(sys.argv[2], "score")
print("%d.%02d / %d.%02d" % (score // 100, score % 100, points // 100, points % 100))
