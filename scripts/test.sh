#!/bin/bash
# Set up (scripts/setup.sh), run every test suite, then again under
# AddressSanitizer and UndefinedBehaviorSanitizer, then the unit suites under
# valgrind, then a short fuzzing smoke. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0
count() {   # count <meson-logs dir>: add the results of a meson test run
    local f="$1/testlog.json"
    [ -f "$f" ] || return
    local p q
    p=$(grep -c '"result": "OK"' "$f" || true)
    q=$(grep -c -E '"result": "(FAIL|TIMEOUT|ERROR|UNEXPECTEDPASS)"' "$f" || true)
    passed=$((passed + p)) failed=$((failed + q))
}

meson test -C build --print-errorlogs
count build/meson-logs

if [ "${JIXIAO_NO_SANITIZE:-}" = "" ]; then
    [ -d build-san ] || meson setup build-san -Db_sanitize=address,undefined \
        -Db_lundef=false >/dev/null
    meson compile -C build-san >/dev/null   # everything, message catalogues too
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        meson test -C build-san --print-errorlogs
    count build-san/meson-logs
fi

# The unit suites once more under valgrind: no invalid access, no leak.
if [ "${JIXIAO_NO_VALGRIND:-}" = "" ] && command -v valgrind >/dev/null; then
    meson test -C build --suite unit --no-suite slow --print-errorlogs --timeout-multiplier 10 \
        --wrapper 'valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect --child-silent-after-fork=yes'
    count build/meson-logs
fi

# Each libFuzzer target for a 30-second smoke (clang, ASan+UBSan).
if [ "${JIXIAO_NO_FUZZ:-}" = "" ]; then
    fuzzlog=$(mktemp)
    scripts/fuzz.sh "${JIXIAO_FUZZ_SECONDS:-30}" 2>&1 | tee "$fuzzlog"
    p=$(grep -c ': .* no crash$' "$fuzzlog" || true)
    q=$(grep -c -E ': FAILED|not available' "$fuzzlog" || true)
    passed=$((passed + p)) failed=$((failed + q))
    rm -f "$fuzzlog"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
