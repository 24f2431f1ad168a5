#!/bin/bash
# scale.sh - how jixiao's command line scales from 1k to 1M indicators.
#
#     bench/scale.sh [--quick] [SIZE...]      (default sizes: 1k 10k 100k 1M;
#                                              --quick stops at 100k)
#
# Environment: BUILD (meson build dir, default build), OUT (scratch dir,
# default bench/out), CC (default cc), REPS (runs of each command per size;
# default 5, 3 at 1M).
#
# For each size, bench/gen.py writes a form and a filled draft (once; they
# are kept in OUT). Then, in the same run, it times and measures the peak
# RSS of:
#   score   jixiao score --form FORM DRAFT > /dev/null
#   check   jixiao check --form FORM DRAFT (the draft has problems: exit 1)
#   round   bench/roundtrip.c: form_load_file + draftio_load + draftio_save
#   floor   bench/floor.c: libcsv parses both files and sums the leaf scores
#   python  bench/floor.py: the same with Python's csv module
#   mlr     Miller summing the score column, when installed
# Each is run several times (fewer at 1M), the commands taking turns, through
# bench/measure.c (wall and CPU time, peak RSS from wait4) and the fastest
# run is kept.
# Results must agree: score's total = floor's = python's, and the round trip
# must give back the draft byte for byte; a mismatch is printed as an error.
# Prints a table of wall and CPU times (ms) and peak RSS (MiB), ratios to the floor
# and to Python, growth ratios between sizes, and RSS over file size.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=${BUILD:-build}
OUT=${OUT:-bench/out}
CC=${CC:-cc}
JIXIAO=$BUILD/jixiao
sizes=()
quick=0
for a in "$@"; do
    case $a in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) sizes+=("$a") ;;
    esac
done
if [ ${#sizes[@]} -eq 0 ]; then
    sizes=(1k 10k 100k 1M)
    [ $quick = 1 ] && sizes=(1k 10k 100k)
fi

die() { echo "scale.sh: $*" >&2; exit 1; }
[ -x "$JIXIAO" ] || die "no $JIXIAO (meson setup $BUILD && meson compile -C $BUILD, or set BUILD)"
[ -f "$BUILD/core/libjixiao-core.a" ] || die "no $BUILD/core/libjixiao-core.a"
mkdir -p "$OUT"

# the helpers: built here, not by meson
$CC -O2 -std=c11 -Wall -Wextra -o "$OUT/floor" bench/floor.c -lcsv || die "cannot build floor"
. bench/lib.sh   # measure, run, ratio, mib
$CC -O2 -std=c11 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -Icore -I"$BUILD" \
    -o "$OUT/roundtrip" bench/roundtrip.c "$BUILD/core/libjixiao-core.a" -lcsv -lm -lnettle -pthread \
    || die "cannot build roundtrip"
MLR=$(command -v mlr || true)


tools=(score check round floor python)
[ -n "$MLR" ] && tools+=(mlr)
declare -A ALL_W ALL_T ALL_R SIZE_B FORM_B PHASES
ok=1
for s in "${sizes[@]}"; do
    form=$OUT/form-$s.csv draft=$OUT/draft-$s.csv
    if [ ! -f "$draft" ] || [ bench/gen.py -nt "$draft" ]; then
        python3 bench/gen.py --jixiao "$JIXIAO" -o "$OUT" "$s" || die "gen.py $s failed"
    fi
    reps=${REPS:-5}
    case $s in 1M|1m|1000k) reps=${REPS:-3} ;; esac
    W=() T=() R=()
    # the tools take turns, run after run, so that a slow spell of a
    # shared machine falls on all of them alike
    for ((rep = 0; rep < reps; rep++)); do
        run floor "$OUT/floor" "$form" "$draft"
        want=$(cat "$OUT/last.out")
        run python python3 bench/floor.py "$form" "$draft"
        got=$(cat "$OUT/last.out")
        [ "$got" = "$want" ] || { echo "ERROR $s: python says $got, floor $want" >&2; ok=0; }
        run score "$JIXIAO" score --form "$form" "$draft"
        got=$(awk '/^总分/ { print $2 }' "$OUT/last.out")
        [ "$got" = "${want%% *}" ] || { echo "ERROR $s: jixiao score says $got, floor $want" >&2; ok=0; }
        run check "$JIXIAO" check --form "$form" "$draft"
        run round "$OUT/roundtrip" "$form" "$draft" "$OUT/saved-$s.csv"
        read -r fms dms sms same < "$OUT/last.out"
        [ "$same" = 1 ] || { echo "ERROR $s: the round trip changed the draft" >&2; ok=0; }
        PHASES[$s]="$fms/$dms/$sms"
        rm -f "$OUT/saved-$s.csv"
        if [ -n "$MLR" ]; then
            run mlr "$MLR" --icsv --ojson --implicit-csv-header stats1 -a count,sum -f 5 "$draft"
        fi
    done
    for t in "${tools[@]}"; do
        ALL_W[$t,$s]=${W[$t]}
        ALL_T[$t,$s]=${T[$t]}
        ALL_R[$t,$s]=${R[$t]}
    done
    SIZE_B[$s]=$(stat -c %s "$draft")
    FORM_B[$s]=$(stat -c %s "$form")
done

printf '\nper tool: wall ms / CPU ms (user+sys) / peak RSS MiB, fastest of the runs;\n'
printf 'ratios: wall time (what the user waits for; jixiao parses a large file on\n'
printf 'other threads, so its CPU time is more than its wall time), then CPU time\n\n'
printf '| size | form MiB | draft MiB |'
for t in "${tools[@]}"; do printf ' %s |' "$t"; done
printf ' score / floor: wall, CPU | python / score: wall, CPU | round: form, draft, save ms |\n|---|---|---|'
for t in "${tools[@]}"; do printf -- '---|'; done
printf -- '---|---|---|\n'
for s in "${sizes[@]}"; do
    printf '| %s | %s | %s |' "$s" "$(mib $(( ${FORM_B[$s]} / 1024 )))" "$(mib $(( ${SIZE_B[$s]} / 1024 )))"
    for t in "${tools[@]}"; do
        printf ' %s / %s / %s |' "${ALL_W[$t,$s]}" "${ALL_T[$t,$s]}" "$(mib "${ALL_R[$t,$s]}")"
    done
    printf ' %s, %s | %s, %s | %s |\n' \
        "$(ratio "${ALL_W[score,$s]}" "${ALL_W[floor,$s]}")" "$(ratio "${ALL_T[score,$s]}" "${ALL_T[floor,$s]}")" \
        "$(ratio "${ALL_W[python,$s]}" "${ALL_W[score,$s]}")" "$(ratio "${ALL_T[python,$s]}" "${ALL_T[score,$s]}")" \
        "${PHASES[$s]}"
done

printf '\ngrowth: CPU time at this size / at the previous size (10x the rows; linear = 10)\n\n'
printf '| sizes |'
for t in "${tools[@]}"; do printf ' %s |' "$t"; done
printf '\n|---|'
for t in "${tools[@]}"; do printf -- '---|'; done
printf '\n'
prev=
for s in "${sizes[@]}"; do
    if [ -n "$prev" ]; then
        printf '| %s/%s |' "$s" "$prev"
        for t in "${tools[@]}"; do printf ' %s |' "$(ratio "${ALL_T[$t,$s]}" "${ALL_T[$t,$prev]}")"; done
        printf '\n'
    fi
    prev=$s
done

printf '\npeak RSS / draft size, and / (form + draft) size (target: under 3x the draft file at 1M)\n\n'
printf '| size |'
for t in score check round floor python; do printf ' %s |' "$t"; done
printf '\n|---|---|---|---|---|---|\n'
for s in "${sizes[@]}"; do
    printf '| %s |' "$s"
    for t in score check round floor python; do
        b=$(( ${ALL_R[$t,$s]} * 1024 ))
        printf ' %s / %s |' "$(ratio $b "${SIZE_B[$s]}")" "$(ratio $b $(( ${SIZE_B[$s]} + ${FORM_B[$s]} )))"
    done
    printf '\n'
done
[ -z "$MLR" ] && printf '\n(mlr is not installed: skipped)\n'
[ $ok = 1 ] || { echo "scale.sh: results disagree (see ERROR above)" >&2; exit 1; }
exit 0
