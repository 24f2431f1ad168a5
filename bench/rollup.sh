#!/bin/bash
# rollup.sh - how `jixiao summary` (a district's roll-up) scales with the
# number of drafts, from 10 to 10,000.
#
#     bench/rollup.sh [COUNT...]          (default counts: 10 100 1000 10000)
#
# Environment: BUILD (meson build dir, default build), OUT (scratch dir,
# default bench/out), CC (default cc), REPS (runs of each command per
# count, default 3).
#
# Makes COUNT copies of examples/dapeng-2021.csv, each with a unit of its
# own (once; kept in OUT/rollup). Then, the two taking turns, through
# bench/measure.c (the fastest run kept):
#   summary  jixiao summary FILES... (the tidy CSV on stdout, the ranking
#            on stderr)
#   python   Python's csv module reads every draft and adds up its
#            first-level scores (the reference)
# Both must find the same grand total. Prints wall and CPU ms and peak RSS
# (MiB), summary / python, the growth per 10x the drafts (linear = 10) and
# the peak RSS per draft.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
OUT=${OUT:-bench/out}
CC=${CC:-cc}
REPS=${REPS:-3}
JIXIAO=$BUILD/jixiao
counts=()
for a in "$@"; do
    case $a in
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) counts+=("$a") ;;
    esac
done
[ ${#counts[@]} -eq 0 ] && counts=(10 100 1000 10000)
die() { echo "rollup.sh: $*" >&2; exit 1; }
[ -x "$JIXIAO" ] || die "no $JIXIAO (meson setup $BUILD && meson compile -C $BUILD, or set BUILD)"
mkdir -p "$OUT/rollup"
. bench/lib.sh   # measure, run, ratio, mib

most=0
for c in "${counts[@]}"; do [ "$c" -gt "$most" ] && most=$c; done
if [ ! -f "$OUT/rollup/d$((most - 1)).csv" ]; then
    python3 - "$OUT/rollup" "$most" <<'PY' || die "cannot write the drafts"
import sys
out, n = sys.argv[1], int(sys.argv[2])
src = open('examples/dapeng-2021.csv', encoding='utf-8-sig').read().splitlines(True)
for i in range(n):
    rows = ['#unit,,测试单位%05d,,,,,,,,,,,\r\n' % i if r.startswith('#unit,') else r for r in src]
    open('%s/d%d.csv' % (out, i), 'w', encoding='utf-8-sig', newline='').write(''.join(rows))
PY
fi

cat >"$OUT/rollup.py" <<'PY'
import csv, sys
total = 0
for path in sys.argv[1:]:
    with open(path, encoding='utf-8-sig', newline='') as f:
        for row in csv.DictReader(f):
            if row['level'] == '1' and row['score']:
                total += round(float(row['score']) * 100)
print('%d.%02d' % (total // 100, total % 100))
PY


ok=1
declare -A AW AT AR
for c in "${counts[@]}"; do
    files=()
    for ((i = 0; i < c; i++)); do files+=("$OUT/rollup/d$i.csv"); done
    W=() T=() R=()
    for ((rep = 0; rep < REPS; rep++)); do
        run python python3 "$OUT/rollup.py" "${files[@]}"
        want=$(cat "$OUT/last.out")
        run summary "$JIXIAO" summary "${files[@]}"
        got=$(awk '$1 ~ /^[0-9]+$/ { sub(/\*$/, "", $4); t += $4 * 100 }
                   END { printf "%d.%02d\n", int((t + 0.5) / 100), int(t + 0.5) % 100 }' "$OUT/last.err")
        [ "$got" = "$want" ] || { echo "ERROR $c: summary totals $got, python $want" >&2; ok=0; }
    done
    for t in summary python; do AW[$t,$c]=${W[$t]} AT[$t,$c]=${T[$t]} AR[$t,$c]=${R[$t]}; done
done

printf '\nwall ms / CPU ms (user+sys) / peak RSS MiB, fastest of %s runs\n\n' "$REPS"
printf '| drafts | summary | python | summary / python: wall, CPU | summary KiB per draft |\n'
printf '|---|---|---|---|---|\n'
for c in "${counts[@]}"; do
    printf '| %s |' "$c"
    for t in summary python; do
        printf ' %s / %s / %s |' "${AW[$t,$c]}" "${AT[$t,$c]}" "$(mib "${AR[$t,$c]}")"
    done
    printf ' %s, %s | %s |\n' "$(ratio "${AW[summary,$c]}" "${AW[python,$c]}")" \
        "$(ratio "${AT[summary,$c]}" "${AT[python,$c]}")" "$(ratio "${AR[summary,$c]}" "$c")"
done
printf '\ngrowth: CPU time at this count / at the previous one\n\n| counts | summary | python |\n|---|---|---|\n'
prev=
for c in "${counts[@]}"; do
    [ -n "$prev" ] && printf '| %s/%s | %s | %s |\n' "$c" "$prev" \
        "$(ratio "${AT[summary,$c]}" "${AT[summary,$prev]}")" "$(ratio "${AT[python,$c]}" "${AT[python,$prev]}")"
    prev=$c
done
[ $ok = 1 ] || { echo "rollup.sh: results disagree (see ERROR above)" >&2; exit 1; }
exit 0
