#!/usr/bin/env python3
"""Feature benchmarks (issue 7): exception throw-and-catch and memory64,
witt against node (V8), checksums compared. python3 bench/features/run.py
[--witt build/witt] [--runs 3]. Times are whole-process wall clock (median);
node's in-process time of run() is shown too."""
import argparse, os, re, statistics, subprocess, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = [  # (name, node flags)
    ("throw_catch", []),
    ("memory64", ["--experimental-wasm-memory64"]),
]

def timed(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    return time.perf_counter() - t, p

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--witt", default=os.path.join(HERE, "..", "..", "build", "witt"))
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    print("| benchmark | witt s | node s | node run() s | witt / node run() | checksum |")
    print("|---|---:|---:|---:|---:|---|")
    failed = False
    for name, flags in CASES:
        wasm = os.path.join(HERE, name + ".wasm")
        wt, nt, nrun, sums = [], [], [], set()
        for _ in range(a.runs):
            t, p = timed([a.witt, "run", wasm, "--invoke", "run"])
            if p.returncode:
                sys.exit(f"witt failed on {name}: {p.stderr}")
            wt.append(t)
            sums.add(p.stdout.strip())
            t, p = timed(["node", *flags, os.path.join(HERE, "run_node.mjs"), wasm])
            if p.returncode:
                sys.exit(f"node failed on {name}: {p.stderr}")
            nt.append(t)
            sums.add(p.stdout.strip())
            nrun.append(float(re.search(r"run\(\) ([0-9.]+)", p.stderr).group(1)))
        ok = len(sums) == 1
        failed |= not ok
        w, n, r = statistics.median(wt), statistics.median(nt), statistics.median(nrun)
        print(f"| {name} | {w:.3f} | {n:.3f} | {r:.3f} | {w / r:.2f}x | {'agree' if ok else 'MISMATCH ' + str(sums)} |")
    sys.exit(1 if failed else 0)

main()
