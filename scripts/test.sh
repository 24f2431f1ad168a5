#!/bin/bash
# Set up (scripts/setup.sh) and run every test: the suites in build/, again
# under AddressSanitizer and UndefinedBehaviorSanitizer (built with
# -Werror), the unit suites under valgrind, a clang -Werror build, the
# static analyzer on core/, tui/ and tests/, and each fuzz target for a short
# smoke. Ends with the line "N passed, N failed" (", N skipped" when some
# were), counting test cases, not suites.
#
# Every step counts: a configure, compile or analyzer step that fails is a
# failure; each `meson test` run writes its own log, which is cleared first
# and read by scripts/testcount.py, so a failed rebuild can never re-count an
# old run. A suite that did not run, or ran fewer cases than
# tests/expected-tests says, is a failure. Under CI=true a skipped case is a
# failure unless its reason is in tests/skip-allowed, and so is a run turned
# off by one of the JIXIAO_NO_* variables below (for local use only):
#   JIXIAO_NO_SANITIZE, JIXIAO_NO_VALGRIND, JIXIAO_NO_CLANG, JIXIAO_NO_ANALYZE,
#   JIXIAO_NO_FUZZ; JIXIAO_FUZZ_SECONDS (default 30).
set -uo pipefail
cd "$(dirname "$0")/.."

ci=""
[ "${CI:-}" = "true" ] && ci=--ci
passed=0 failed=0 skipped=0
failures=()

fail() { failed=$((failed + 1)); failures+=("$1"); echo "FAIL $1"; }

# step NAME CMD...: one check that passes when CMD exits 0; its output is
# shown when it fails.
step() {
    local name=$1; shift
    local log
    log=$(mktemp)
    echo "== $name"
    if "$@" >"$log" 2>&1; then
        passed=$((passed + 1))
        echo "ok step: $name"
    else
        local st=$?
        tail -n 40 "$log" | sed 's/^/    /'
        fail "step: $name (exit $st)"
    fi
    rm -f "$log"
}

# tally RUN FILE [testcount options]: add one run's counts
tally() {
    local out last
    out=$(python3 scripts/testcount.py "$@" --expect tests/expected-tests \
          --allow tests/skip-allowed $ci)
    local st=$?
    last=$(printf '%s\n' "$out" | tail -n 1)
    printf '%s\n' "$out" | sed '$d'
    while IFS= read -r l; do
        case $l in FAIL\ *) failures+=("${l#FAIL }") ;; esac
    done <<<"$out"
    if [ $st -ne 0 ] || ! [[ $last =~ ^count\ ([0-9]+)\ ([0-9]+)\ ([0-9]+)$ ]]; then
        fail "$1: scripts/testcount.py failed (exit $st)"
        return 1
    fi
    passed=$((passed + BASH_REMATCH[1]))
    failed=$((failed + BASH_REMATCH[2]))
    skipped=$((skipped + BASH_REMATCH[3]))
}

# run_tests RUN BUILDDIR [meson test options]: one meson test run, its own log
run_tests() {
    local run=$1 dir=$2; shift 2
    echo "== tests: $run"
    rm -f "$dir/meson-logs/$run".* "$dir/meson-logs/$run"-*
    meson test -C "$dir" --logbase "$run" --print-errorlogs "$@"
    local st=$?
    local logs=("$dir/meson-logs/$run"*.json)
    local before=$failed
    tally "$run" "${logs[0]}"
    if [ $st -ne 0 ] && [ "$failed" -eq "$before" ]; then
        fail "$run: meson test exit status $st"
    fi
}

# off NAME VAR: whether a run is turned off; under CI that is a failure
off() {
    [ -n "${!2:-}" ] || return 1
    if [ -n "$ci" ]; then fail "$1: turned off by $2 in CI"; else
        echo "SKIP run $1 ($2 is set)"; skipped=$((skipped + 1)); fi
    return 0
}

finish() {
    if [ ${#failures[@]} -gt 0 ]; then
        echo
        echo "Failures:"
        printf '  %s\n' "${failures[@]}"
    fi
    echo
    if [ "$skipped" -gt 0 ]; then
        echo "$passed passed, $failed failed, $skipped skipped"
    else
        echo "$passed passed, $failed failed"
    fi
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
    exit $?
}

step "setup and build (scripts/setup.sh)" scripts/setup.sh
command -v meson >/dev/null && command -v python3 >/dev/null || finish

run_tests main build

if ! off sanitize JIXIAO_NO_SANITIZE; then
    san_opts=(-Db_sanitize=address,undefined -Db_lundef=false -Dwerror=true)
    if [ -d build-san/meson-private ]; then
        step "configure build-san (ASan+UBSan, gcc -Werror)" meson configure build-san "${san_opts[@]}"
    else
        step "configure build-san (ASan+UBSan, gcc -Werror)" meson setup build-san "${san_opts[@]}"
    fi
    step "compile build-san" meson compile -C build-san   # message catalogues too
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 run_tests san build-san
fi

# The unit suites once more under valgrind: no invalid access, no leak.
if ! off valgrind JIXIAO_NO_VALGRIND; then
    run_tests valgrind build --suite unit --no-suite slow --timeout-multiplier 10 \
        --wrapper 'valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect --child-silent-after-fork=yes'
fi

# The whole project with clang, warnings as errors.
if ! off clang JIXIAO_NO_CLANG; then
    if [ -d build-clang/meson-private ]; then
        step "configure build-clang (clang -Werror)" meson configure build-clang -Dwerror=true
    else
        step "configure build-clang (clang -Werror)" env CC=clang meson setup build-clang -Dwerror=true
    fi
    step "compile build-clang" meson compile -C build-clang
fi

if [ -x scripts/analyze.sh ] && ! off analyze JIXIAO_NO_ANALYZE; then
    step "static analyzer on core/, tui/, tests/ (scripts/analyze.sh)" scripts/analyze.sh
fi

# Each libFuzzer target for a 30-second smoke (clang, ASan+UBSan).
if ! off fuzz JIXIAO_NO_FUZZ; then
    echo "== fuzz"
    fuzzlog=$(mktemp)
    scripts/fuzz.sh "${JIXIAO_FUZZ_SECONDS:-30}" 2>&1 | tee "$fuzzlog"
    tally fuzz "$fuzzlog" --suite fuzz --rc "${PIPESTATUS[0]}"
    rm -f "$fuzzlog"
fi

finish
