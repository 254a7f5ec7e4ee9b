#!/usr/bin/env python3
"""Trace-mark overhead: what a mark inside a hot loop costs in witt.

Runs bench/marks/hot_loop.wat (one mark per loop iteration, ~20 wasm
instructions per iteration) in these configurations:

  plain        the module without its mark section, untraced
  marked       the same code bytes with the mark section, untraced: witt
               lowers no mark instruction for untraced code, so this should
               cost the same (ratio <= 1.02)
  light        marked, mark tool attached, --region-report --region-light:
               every mark toggles the region (clock, sites), no per-instruction
               tracing
  light-plain  plain with the same options: the traced interpreter loop
               without any mark executing (separates the loop's cost from the
               marks')
  ssc          marked, --native-marks=ssc: one native SSC stub call per mark
  exact        marked, --region-report: exact instruction counts and opcode
               histogram (per-instruction tracing)

and reports, per configuration, the best wall-clock time over --repeat runs
(ns per iteration) and the x86 instructions per iteration counted by
callgrind ((Ir(N) - Ir(0)) / N, stable across runs and machines of one
architecture). docs/performance.md, "Trace mark overhead", has the table.

  python3 bench/marks/run.py [--witt build/witt] [--iterations N]
                             [--callgrind-iterations N] [--repeat R] [--markdown]
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

CONFIGS = [
    # name, module, extra witt run options, iterations divisor (slow configs run fewer)
    ("plain", "plain", [], 1),
    ("marked", "marked", [], 1),
    ("light-plain", "plain", ["--region-report=/dev/null", "--region-light"], 1),
    ("light", "marked", ["--region-report=/dev/null", "--region-light"], 4),
    ("ssc", "marked", ["--native-marks=ssc"], 4),
    ("exact", "marked", ["--region-report=/dev/null"], 40),
]


def witt_run(witt, module, options, n, wrapper=()):
    cmd = list(wrapper) + [witt, "run"] + options + [module, "--invoke", "run", str(n)]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    return r


def wall(witt, module, options, n, repeat):
    best = None
    for _ in range(repeat):
        t = time.perf_counter()
        witt_run(witt, module, options, n)
        dt = time.perf_counter() - t
        best = dt if best is None else min(best, dt)
    return best


def callgrind_ir(witt, module, options, n, tmp):
    out = os.path.join(tmp, "cg.out")
    witt_run(witt, module, options, n,
             wrapper=("valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"))
    with open(out) as f:
        for line in f:
            m = re.match(r"(?:summary|totals): (\d+)", line)
            if m:
                return int(m.group(1))
    sys.exit("callgrind wrote no totals")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--witt", default=os.path.join(ROOT, "build", "witt"))
    ap.add_argument("--iterations", type=int, default=20_000_000)
    ap.add_argument("--callgrind-iterations", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--markdown", action="store_true", help="print the table for the docs")
    a = ap.parse_args()
    witt = os.path.abspath(a.witt)
    have_valgrind = shutil.which("valgrind") is not None
    with tempfile.TemporaryDirectory() as tmp:
        modules = {"plain": os.path.join(tmp, "plain.wasm"),
                   "marked": os.path.join(tmp, "marked.wasm")}
        src = os.path.join(HERE, "hot_loop.wat")
        # Same code bytes: strip removes the mark section, convert writes it.
        subprocess.run([witt, "marks", "strip", "-o", modules["plain"], src], check=True)
        subprocess.run([witt, "marks", "convert", "--to=v8", "-o", modules["marked"], src],
                       check=True)
        rows = []
        for name, mod, opts, div in CONFIGS:
            if name == "ssc" and not (os.uname().machine == "x86_64" and sys.platform == "linux"):
                continue
            n = max(1, a.iterations // div)
            base = wall(witt, modules[mod], opts, 0, a.repeat)
            t = wall(witt, modules[mod], opts, n, a.repeat)
            ns = max(0.0, t - base) / n * 1e9
            ir = None
            if have_valgrind:
                cn = max(1, a.callgrind_iterations // max(1, div // 4))
                ir0 = callgrind_ir(witt, modules[mod], opts, 0, tmp)
                ir = (callgrind_ir(witt, modules[mod], opts, cn, tmp) - ir0) / cn
            rows.append((name, n, t, ns, ir))
            print(f"  {name:12} n={n:<10} best {t:8.3f} s  {ns:8.2f} ns/iter"
                  + (f"  {ir:9.1f} Ir/iter" if ir is not None else ""), file=sys.stderr)
    ns0 = rows[0][3]
    ir0 = rows[0][4]
    if a.markdown:
        print("| configuration | iterations | wall ns/iteration | vs plain | "
              "x86 instructions/iteration (callgrind) | vs plain |")
        print("|---|---:|---:|---:|---:|---:|")
    for name, n, t, ns, ir in rows:
        ratio = ns / ns0 if ns0 > 0 else float("nan")
        iratio = ir / ir0 if ir is not None and ir0 else None
        if a.markdown:
            print(f"| {name} | {n:,} | {ns:.2f} | {ratio:.2f} | "
                  + (f"{ir:.1f} | {iratio:.3f} |" if ir is not None else "n/a | n/a |"))
        else:
            print(f"{name:12} {ns:8.2f} ns/iter  x{ratio:6.2f}"
                  + (f"  {ir:9.1f} Ir/iter  x{iratio:6.3f}" if ir is not None else ""))


if __name__ == "__main__":
    main()
