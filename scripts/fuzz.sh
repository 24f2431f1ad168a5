#!/bin/bash
# Build the libFuzzer targets with clang (ASan+UBSan) in build-fuzz/ and run
# each for a short smoke, 30 s by default: scripts/fuzz.sh [SECONDS].
# Crashes are saved in build-fuzz/crashes/; each one found becomes a
# regression file in tests/data/bad/. Prints TAP, one case per target with
# its executions and coverage; exits non-zero when a target fails or the
# targets cannot be built.
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}

# libFuzzer needs its own main: probe with a tiny target
probe=$(mktemp -d)
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' >"$probe/p.c"
if ! clang -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" 2>/dev/null &&
        command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq clang >/dev/null
fi
if ! clang -fsanitize=fuzzer "$probe/p.c" -o "$probe/p" 2>/dev/null; then
    echo "# fuzz: clang with libFuzzer is not available"
    rm -rf "$probe"
    exit 1
fi
rm -rf "$probe"

targets="draft form rule csvread import"
if [ ! -d build-fuzz/meson-private ]; then
    setup_log=$(mktemp)
    if ! CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined \
            -Db_lundef=false -Dbuildtype=debugoptimized >"$setup_log" 2>&1; then
        tail -n 20 "$setup_log" | sed 's/^/# /'
        echo "# fuzz: configuring build-fuzz failed"
        rm -f "$setup_log"
        exit 1
    fi
    rm -f "$setup_log"
fi
# an existing build-fuzz may predate a target: regenerate it first (meson
# compile looks targets up before it would notice the changed meson.build)
if ! { ninja -C build-fuzz build.ninja &&
       meson compile -C build-fuzz $(printf 'fuzz/fuzz_%s ' $targets); } >build-fuzz/compile.log 2>&1; then
    grep -E 'error|warning' build-fuzz/compile.log | head -n 20 | sed 's/^/# /'
    echo "# fuzz: building the targets failed (build-fuzz/compile.log)"
    exit 1
fi

mkdir -p build-fuzz/crashes
rc=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=1
n=0
for t in $targets; do
    n=$((n + 1))
    work=build-fuzz/corpus-$t
    mkdir -p "$work"
    log=build-fuzz/fuzz_$t.log
    # new inputs go to the work folder; the seeds in fuzz/corpus stay as committed
    build-fuzz/fuzz/fuzz_$t -max_total_time="$secs" -max_len=65536 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix=build-fuzz/crashes/$t- -print_final_stats=1 \
        "$work" "fuzz/corpus/$t" >"$log" 2>&1
    st=$?
    execs=$(grep -m1 '^stat::number_of_executed_units' "$log" | awk '{print $2}')
    cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | grep -o 'cov: [0-9]*' | awk '{print $2}')
    if [ $st -ne 0 ]; then
        echo "not ok $n - fuzz_$t: FAILED after ${execs:-?} executions (see $log, build-fuzz/crashes/)"
        grep -m5 -E 'ERROR|SUMMARY|runtime error' "$log" | sed 's/^/# /'
        rc=1
    else
        echo "ok $n - fuzz_$t: ${execs:-0} executions in ${secs} s, coverage ${cov:-?}, no crash"
    fi
done
echo "1..$n"
exit $rc
