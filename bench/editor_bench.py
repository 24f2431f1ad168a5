#!/usr/bin/env python3
"""bench/editor_bench.py - how fast the editor answers, through a pty.

Usage: bench/editor_bench.py [JIXIAO_BINARY] [--rows R --cols C --n N]
           [--form FORM.csv --draft DRAFT.csv [--search NAME] [--firsts K]]

Starts jixiao on a copy of examples/dapeng-2021.csv (or of --draft, with
--form, e.g. the generated sizes of bench/gen.py: bench/out/form-100k.csv
and bench/out/draft-100k.csv) in a pseudo-terminal and measures:
  - time from exec to the first complete frame,
  - key-to-frame latency (key written -> last byte of the frame it causes)
    for moving the selection (j/k) and for typing a digit into a score,
  - bytes written to the terminal per keystroke,
  - keystrokes that cleared and repainted the whole screen.
A frame is "complete" when the program has been quiet for QUIET seconds;
the latency is taken at the last byte, so the quiet wait is not counted.
The digit test searches --search (default 社会效益, 3.3.1 of the standard
form; 社区服务站点建设, a directly scored 2-point indicator, on the generated
forms) and types into its score field.
Figures go to stdout as a table; docs/performance.md records them.
"""
import argparse
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import sys
import tempfile
import termios
import time

QUIET = 0.03          # seconds without output that end a frame
CLEARS = (b"\x1b[2J", b"\x1b[H\x1b[J", b"\x1b[J\x1b[H")


def spawn(binary, args, rows, cols):
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", LC_ALL="C.UTF-8")
        env.pop("NO_COLOR", None)
        os.execve(binary, [binary] + args, env)
    return pid, fd


def read_frame(fd, timeout=2.0):
    """Read until QUIET seconds pass with no output. Returns (bytes, time of
    the last byte or None)."""
    data = bytearray()
    last = None
    deadline = time.perf_counter() + timeout
    while True:
        wait = QUIET if last is not None else max(0.0, deadline - time.perf_counter())
        r, _, _ = select.select([fd], [], [], wait)
        if not r:
            return bytes(data), last
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return bytes(data), last
        if not chunk:
            return bytes(data), last
        last = time.perf_counter()
        data += chunk


def wait_for(fd, needle, timeout=5.0):
    buf = bytearray()
    end = time.perf_counter() + timeout
    while needle not in buf and time.perf_counter() < end:
        chunk, _ = read_frame(fd, timeout=0.2)
        buf += chunk
    return needle in buf


def key(fd, k):
    t = time.perf_counter()
    os.write(fd, k)
    data, last = read_frame(fd)
    return (last - t if last else float("nan")), data


def measure(fd, keys, undo=None):
    lat, sizes, repaints = [], [], 0
    for k in keys:
        dt, data = key(fd, k)
        lat.append(dt * 1000)
        sizes.append(len(data))
        if any(c in data for c in CLEARS):
            repaints += 1
        if undo:
            key(fd, undo)
    return lat, sizes, repaints


def main():
    ap = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(here)
    ap.add_argument("binary", nargs="?", default=os.path.join(root, "build", "jixiao"))
    ap.add_argument("--rows", type=int, default=24)
    ap.add_argument("--cols", type=int, default=80)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--form", help="form of --draft (jixiao --form)")
    ap.add_argument("--draft", help="draft to copy and open instead of the example")
    ap.add_argument("--search", help="indicator to type digits into")
    ap.add_argument("--firsts", type=int, default=10, help="starts timed for the first frame")
    a = ap.parse_args()
    if a.search is None:
        a.search = "社区服务站点建设" if a.draft else "社会效益"

    tmp = tempfile.mkdtemp(prefix="jixiao-bench-")
    draft = os.path.join(tmp, "draft.csv")
    shutil.copy(a.draft or os.path.join(root, "examples", "dapeng-2021.csv"), draft)
    args = (["--form", os.path.abspath(a.form)] if a.form else []) + [draft]
    try:
        firsts = []
        for _ in range(a.firsts):
            t0 = time.perf_counter()
            pid, fd = spawn(a.binary, args, a.rows, a.cols)
            # a large file is announced ("jixiao: reading ...") before the
            # screen: the first frame is the one that shows the total
            data, last = bytearray(), None
            deadline = time.perf_counter() + 30.0
            while b"Total" not in data and time.perf_counter() < deadline:
                chunk, t = read_frame(fd, timeout=max(0.0, deadline - time.perf_counter()))
                if not chunk:
                    break
                data += chunk
                last = t
            if b"Total" not in data:
                sys.exit("no first frame: is %s the editor?" % a.binary)
            firsts.append((last - t0) * 1000)
            first_bytes = len(data)
            os.write(fd, b"q")
            read_frame(fd, timeout=0.5)
            os.waitpid(pid, 0)
            os.close(fd)

        pid, fd = spawn(a.binary, args, a.rows, a.cols)
        wait_for(fd, b"Total", timeout=30.0)
        read_frame(fd)
        # Moving: down through the tree and back up.
        n = a.n
        moves = ([b"j"] * 30 + [b"k"] * 30) * (n // 60 + 1)
        mlat, msize, mrep = measure(fd, moves[:n])
        # Typing a digit into the score of 3.3.1 (live preview of the total);
        # Backspace between digits keeps the value in range and is not timed.
        os.write(fd, ("/%s\r\t\r\x15" % a.search).encode())
        wait_for(fd, b"Score (0 to")
        read_frame(fd)
        dlat, dsize, drep = measure(fd, [b"1"] * n, undo=b"\x7f")
        os.write(fd, b"\x1b")
        read_frame(fd)
        os.write(fd, b"q")
        read_frame(fd, timeout=0.5)
        os.waitpid(pid, 0)
        os.close(fd)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def med(v):
        return statistics.median(v)

    def p95(v):
        return sorted(v)[int(len(v) * 0.95) - 1]

    key_target = "< 2 ms at 100k" if a.draft else "< 1 ms"
    rows = [
        ("first complete frame (median of %d)" % a.firsts, "%.2f ms" % med(firsts),
         "< 200 ms at 100k" if a.draft else "<= 10 ms"),
        ("first frame bytes", "%d" % first_bytes, ""),
        ("move selection j/k: median latency", "%.3f ms" % med(mlat), key_target),
        ("move selection j/k: p95 latency", "%.3f ms" % p95(mlat), ""),
        ("move selection: bytes per key (median/max)",
         "%d / %d" % (med(msize), max(msize)), ""),
        ("type a digit into a score: median latency", "%.3f ms" % med(dlat), key_target),
        ("type a digit: p95 latency", "%.3f ms" % p95(dlat), ""),
        ("type a digit: bytes per key (median/max)",
         "%d / %d" % (med(dsize), max(dsize)), "< 300"),
        ("keystrokes that cleared the screen", "%d of %d" % (mrep + drep, 2 * n), "0"),
    ]
    print("jixiao editor benchmark: %s, %s, %dx%d, %d keys each"
          % (a.binary, a.draft or "examples/dapeng-2021.csv", a.cols, a.rows, n))
    w = max(len(r[0]) for r in rows)
    print("%-*s  %-14s %s" % (w, "measure", "value", "target"))
    for r in rows:
        print("%-*s  %-14s %s" % (w, r[0], r[1], r[2]))


if __name__ == "__main__":
    main()
