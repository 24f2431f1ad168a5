#!/usr/bin/env python3
"""testcount.py - count the individual tests of one `meson test` run.

    testcount.py RUN LOG.json [--expect tests/expected-tests]
                 [--allow tests/skip-allowed] [--ci]
    testcount.py RUN OUTPUT.tap --suite NAME --rc STATUS [--expect ...] ...

The second form reads the TAP a script printed (scripts/fuzz.sh) as one
suite NAME whose exit status was STATUS.

Reads meson's JSON log of one run (one object a line) and the TAP each
test printed: every "ok"/"not ok" line is one test case. A suite whose
meson result is not OK counts as a failure even when its TAP said ok (a
crash after the last case, valgrind's error exit, a timeout, a plan that
does not match). Each expected suite of this RUN (from --expect) must have
run with at least its minimum number of cases, and every suite that ran
must be listed there: a suite that vanished, or shrank, is a failure, not
a smaller green number. A skipped case is listed with its reason (the
"# skip: REASON" line a test prints before skipping, or the TAP directive's
text); with --ci it counts as a failure unless its reason starts with a line
of --allow.

Prints one line per failure ("FAIL RUN: suite: what") and per skip, then
a last line "count PASSED FAILED SKIPPED". Exits 0; the caller adds up.
"""
import json
import re
import sys

TAP_CASE = re.compile(r'^(not ok|ok)\b\s*(\d+)?\s*(?:-\s*)?([^#]*?)\s*(?:#\s*(.*))?$')
TAP_PLAN = re.compile(r'^1\.\.(\d+)\s*(?:#\s*(.*))?$')
SKIP_DIRECTIVE = re.compile(r'^(SKIP|TODO)\S*\s*(.*)$', re.IGNORECASE)
SKIP_REASON = re.compile(r'^#\s*skip:\s*(.*)$')
CHECKER_REPORT = re.compile(r'definitely lost|indirectly lost|Invalid (read|write|free)|'
                            r'uninitialised|ERROR: \w*Sanitizer|runtime error:')
GOOD_RESULTS = {'OK', 'SKIP', 'EXPECTEDFAIL'}


def suite_name(meson_name):
    """'jixiao:unit / test_num' -> 'test_num'"""
    return meson_name.rsplit(' / ', 1)[-1].strip()


def parse_tap(text):
    """Yield (status, name, reason) for each case: status pass/fail/skip."""
    reason = None
    for line in text.splitlines():
        m = SKIP_REASON.match(line)
        if m:
            reason = m.group(1).strip()
            continue
        m = TAP_PLAN.match(line)
        if m:
            if m.group(1) == '0':
                d = SKIP_DIRECTIVE.match(m.group(2) or '')
                yield 'skip', '(whole suite)', (d.group(2) if d else m.group(2)) or 'no reason given'
            continue
        m = TAP_CASE.match(line)
        if not m:
            continue
        ok, num, name, directive = m.groups()
        name = name or ('case %s' % num)
        d = SKIP_DIRECTIVE.match(directive or '')
        if d:
            # cmocka writes "not ok N # SKIP name" (the name in the directive,
            # the reason on a "# skip:" line before it); lib.sh writes
            # "ok N - name # SKIP reason"
            said = None
            if not name or name == 'case %s' % num:
                name = d.group(2) or name
            else:
                said = d.group(2)
            yield 'skip', name, reason or said or ('%s without a reason' % d.group(1).upper())
            reason = None
        else:
            yield ('pass' if ok == 'ok' else 'fail'), name, None


def read_expect(path, run):
    """{suite: minimum} for the suites expected in this run."""
    want = {}
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.split('#', 1)[0].split()
            if not line:
                continue
            if len(line) < 3 or not line[1].isdigit():
                sys.exit('%s:%d: want "SUITE MINIMUM RUN..."' % (path, lineno))
            if run in line[2:] or 'all' in line[2:]:
                want[line[0]] = int(line[1])
    return want


def read_allow(path):
    with open(path, encoding='utf-8') as f:
        return [l.strip() for l in f if l.strip() and not l.startswith('#')]


def main(argv):
    args = argv[1:]
    opts = {'--expect': None, '--allow': None, '--suite': None, '--rc': None}
    ci = False
    pos = []
    i = 0
    while i < len(args):
        if args[i] in opts:
            opts[args[i]] = args[i + 1]
            i += 2
        elif args[i] == '--ci':
            ci = True
            i += 1
        else:
            pos.append(args[i])
            i += 1
    if len(pos) != 2:
        sys.exit(__doc__)
    run, log = pos
    expect = read_expect(opts['--expect'], run) if opts['--expect'] else None
    allow = read_allow(opts['--allow']) if opts['--allow'] else []

    passed = failed = skipped = 0
    seen = {}

    def fail(what):
        nonlocal failed
        failed += 1
        print('FAIL %s: %s' % (run, what))

    try:
        with open(log, encoding='utf-8', errors='replace') as f:
            if opts['--suite']:
                rc = int(opts['--rc'] or 0)
                entries = [{'name': opts['--suite'], 'stdout': f.read(), 'returncode': rc,
                            'result': 'OK' if rc == 0 else 'FAIL'}]
            else:
                entries = [json.loads(l) for l in f if l.strip()]
    except (OSError, ValueError) as e:
        fail('no test log (%s)' % e)
        entries = []

    for e in entries:
        suite = suite_name(e.get('name', '?'))
        result = e.get('result', '?')
        cases = list(parse_tap(e.get('stdout') or ''))
        seen[suite] = seen.get(suite, 0) + len(cases)
        bad = 0
        for status, name, reason in cases:
            if status == 'pass':
                passed += 1
            elif status == 'fail':
                bad += 1
                fail('%s: %s' % (suite, name))
            else:
                if ci and not any(reason.startswith(a) for a in allow):
                    bad += 1
                    fail('%s: %s skipped (%s), and that reason is not in tests/skip-allowed'
                         % (suite, name, reason))
                else:
                    skipped += 1
                    print('SKIP %s: %s: %s (%s)' % (run, suite, name, reason))
        if result not in GOOD_RESULTS and bad == 0:
            rc = e.get('returncode')
            # why: the first report of valgrind or a sanitizer, else what
            # the suite said last on stderr, else its last TAP comment
            err = (e.get('stderr') or '').strip().splitlines()
            why = [l for l in err if CHECKER_REPORT.search(l)][:1]
            why = why or [l for l in err if l.strip() and 'exited with status' not in l][-1:]
            why = why or [l[1:].strip() for l in (e.get('stdout') or '').splitlines()
                          if l.startswith('#')][-1:]
            fail('%s: %s, exit status %s%s' % (suite, result, rc,
                 (': ' + why[0].strip()[:200]) if why else ''))
        elif result in GOOD_RESULTS and not cases:
            fail('%s: ran no test case' % suite)

    if expect is not None:
        for suite, minimum in sorted(expect.items()):
            if suite not in seen:
                fail('%s: did not run (expected in tests/expected-tests)' % suite)
            elif seen[suite] < minimum:
                fail('%s: ran %d cases, tests/expected-tests expects at least %d'
                     % (suite, seen[suite], minimum))
        for suite in sorted(set(seen) - set(expect)):
            fail('%s: ran but is not listed for run "%s" in tests/expected-tests'
                 % (suite, run))

    print('count %d %d %d' % (passed, failed, skipped))


if __name__ == '__main__':
    main(sys.argv)
