#!/bin/bash
# clang's static analyzer (clang --analyze) on every C file of core/, tui/
# and tests/ the build compiles (DIRS below). Prints each report as
# FILE:LINE:COL: warning: ... and exits 1 when there is any, 2 when the
# analyzer build (build-analyze, clang) cannot be set up. A report that is
# a false positive is not silenced with a flag here: the code is changed,
# or explained in a comment where it stands (in tests/, cmocka's _fail is
# declared noreturn in tests/cmocka_noreturn.h, so a path ends at fail_msg).
set -uo pipefail
cd "$(dirname "$0")/.."
dir=build-analyze
if [ ! -d "$dir/meson-private" ]; then
    CC=clang meson setup "$dir" >/dev/null || exit 2
fi
# the generated sources (the embedded form, the catalogues) must exist
ninja -C "$dir" >/dev/null || { echo "analyze: $dir does not build" >&2; exit 2; }
exec python3 - "$dir" <<'PY'
import json, os, shlex, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

build = sys.argv[1]
# all three are clean; the build's one other C file is generated (the
# embedded form, in build-analyze/), and fuzz/ is built only with -Dfuzz=true
DIRS = ("core", "tui", "tests")
with open(os.path.join(build, "compile_commands.json")) as fh:
    cdb = json.load(fh)

def argv(entry):
    args = shlex.split(entry["command"])
    out, skip = [], False
    for a in args[1:]:
        if skip:
            skip = False
        elif a in ("-o", "-MQ", "-MF"):
            skip = True
        elif (a not in ("-c", "-MD", "-Werror", "-fcolor-diagnostics")
              and not a.startswith("-fdiagnostics-color")):
            out.append(a)
    # no colour, whatever the build asked for: the reports are matched as
    # plain text below (with meson's -fcolor-diagnostics none matched, and
    # the step passed whatever the analyzer said)
    return ["clang", "--analyze"] + out + ["-fno-color-diagnostics", "-Xclang",
                                           "-analyzer-output=text", "-o", "/dev/null"]

def run(entry):
    src = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    p = subprocess.run(argv(entry), cwd=entry["directory"], capture_output=True, text=True)
    lines = [l for l in p.stderr.splitlines() if ": warning: " in l or ": error: " in l]
    return src, p.returncode, lines

root = os.getcwd()
todo, seen = [], set()
for e in cdb:   # a file built for several targets is analyzed once
    rel = os.path.relpath(os.path.normpath(os.path.join(e["directory"], e["file"])), root)
    if rel.endswith(".c") and rel.split(os.sep)[0] in DIRS and rel not in seen:
        seen.add(rel)
        todo.append(e)
reports = 0
with ThreadPoolExecutor(max_workers=2) as pool:
    for src, rc, lines in pool.map(run, todo):
        for l in lines:
            print(l)
        reports += len(lines)
        if rc != 0 and not lines:
            print(f"{src}: clang --analyze exited {rc}")
            reports += 1
print(f"analyze: {len(todo)} files, {reports} reports")
sys.exit(1 if reports else 0)
PY
