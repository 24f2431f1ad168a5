# lib.sh - shared by the bench scripts: source it after setting OUT and CC
# and defining die. Builds bench/measure.c into OUT and gives:
#   run NAME CMD...  one run through measure; keeps the fastest wall and CPU
#                    ms and the largest peak RSS (KiB) so far in W[NAME]
#                    T[NAME] R[NAME] (the caller clears them); stdout in
#                    $OUT/last.out, stderr in $OUT/last.err
#   ratio A B        A / B with two decimals ("-" when B is 0)
#   mib KIB          KiB as MiB with one decimal
$CC -O2 -std=c11 -Wall -Wextra -D_DEFAULT_SOURCE -o "$OUT/measure" bench/measure.c \
    || die "cannot build measure"

declare -A W T R
run() {
    local name=$1 wall cpu kb rc
    shift
    read -r wall cpu kb rc < <("$OUT/measure" "$OUT/last.out" "$OUT/last.err" "$@")
    [ -z "${W[$name]:-}" ] || awk -v a="$wall" -v b="${W[$name]}" 'BEGIN { exit !(a < b) }' &&
        W[$name]=$wall
    [ -z "${T[$name]:-}" ] || awk -v a="$cpu" -v b="${T[$name]}" 'BEGIN { exit !(a < b) }' &&
        T[$name]=$cpu
    [ -z "${R[$name]:-}" ] || [ "$kb" -gt "${R[$name]}" ] && R[$name]=$kb
    return 0
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
