# lib.sh - shared by the shell test scripts: source it after `set -u`.
# Sets bin, src, tmp (removed on exit); ok/bad report one check each as a
# TAP line ("ok N - name" / "not ok N - name"), expect runs a command and
# checks its exit status, has/hasnt look for text in a file, finish prints
# the TAP plan and returns the status. Anything else a script prints must
# start with "#" (a TAP comment) or be indented.
bin=${JIXIAO_BIN:?}
src=${JIXIAO_SRCDIR:?}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0 runs=0

ok() { runs=$((runs + 1)); echo "ok $runs - $1"; }
bad() { runs=$((runs + 1)); fails=$((fails + 1)); echo "not ok $runs - $1"; }
# skip NAME REASON: a check that cannot run here, and why (in CI the reason
# must be in tests/skip-allowed)
skip() { runs=$((runs + 1)); echo "ok $runs - $1 # SKIP $2"; }
# expect NAME STATUS CMD...: run CMD (stdout in $tmp/out, stderr in $tmp/err)
expect() {
    local name=$1 want=$2; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"
    local got=$?
    if [ "$got" -eq "$want" ]; then ok "$name"; else
        bad "$name: exit $got, want $want"; sed 's/^/    /' "$tmp/err" | head -5; fi
}
# has NAME FILE TEXT / hasnt NAME FILE TEXT
has() {
    if grep -qF -- "$3" "$2"; then ok "$1"; else
        bad "$1: no \"$3\" in"; sed 's/^/    /' "$2" | head -8; fi
}
hasnt() { if grep -qF -- "$3" "$2"; then bad "$1: \"$3\" found"; else ok "$1"; fi; }
finish() {
    echo "1..$runs"
    echo "# $((runs - fails)) passed, $fails failed"
    [ "$fails" -eq 0 ]
}
