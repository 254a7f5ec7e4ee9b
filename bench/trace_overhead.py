#!/usr/bin/env python3
"""The cost of tracing on the benchmark suite (docs/performance.md, "Tracing overhead").

Runs each workload's `run` export untraced and under each kind of tracer and
reports the ratio to the untraced run, with the geometric mean per tracer:

  untraced      witt run FILE --invoke run
  compiled-out  the same with a build configured -DWITT_TRACING_COMPILED_OUT=ON
                (no traced or metered loop in the binary; --witt-out)
  noop          a tracer whose events() is 0 (witt runs it untraced)
  counting      witt run --trace (CountingTracer: kTraceOpCounts, calls, throws, traps)
  perop         a tracer with only onOp (kTraceOps): one call per instruction
  perop-inlined the same on InlinedHooks (include/witt/inlined_hooks.h): witt
                delivers runs and onOp is inlined into the loop over each
  opruns        a tracer counting the instructions of onInstrs runs (kTraceInstrRuns)
  generic       a tracer overriding every hook, with kTraceAll: onOp and
                onInstr once per instruction
  generic-inlined  the same on InlinedHooks
  runs          the generic tracer taking the instructions in runs (onInstrs,
                kTraceInstrRuns: onInstr's work per record) and blocks in
                groups (onBlocks, kTraceBlockRuns), every other hook as in
                generic
  hooks         the same with a little work per call on runs and groups too
                (their size and first record) as on every other hook: the
                cost of calling every hook
  batched       every event of generic in batches (kTraceBatches): onEvents
                does each event's hook work in one switch
  events        every event in batches, onEvents only counts them (the
                engine's cost of delivering every event)
  dispatch      the generic tracer with kTraceBatches: its hooks are called
                from each batch (Tracer::dispatch)
  histogram, functions, calltree, folded, flamegraph, chrome
                witt run --profile=KIND --profile-out=/dev/null
  time-profile  witt run --profile=functions --profile-weight=time (calls only)

noop, perop, perop-inlined, opruns, generic, generic-inlined, runs, hooks, batched, events and dispatch run in witt_trace_tool (tests/oracle/trace_tool.cpp),
whose own untraced run is their baseline.

Measures (--measure):
  callgrind  instructions executed, under valgrind --tool=callgrind (default;
             stable on a shared machine; the small variants by default)
  time       user+system CPU time of the process, median of --runs

Python 3 standard library only.
Example:
  bench/trace_overhead.py --witt build/witt --tool build/tests/witt_trace_tool \\
      --witt-out build-out/witt --markdown overhead.md
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WORKLOADS = ["json", "lz", "matmul", "memops", "mixed", "nbody", "recursion", "sha256", "sort", "vm"]
MODES = ["untraced", "compiled-out", "noop", "counting", "histogram", "functions", "calltree", "folded",
         "flamegraph", "chrome", "time-profile", "opruns", "runs", "hooks", "batched", "events", "dispatch", "perop", "perop-inlined", "generic",
         "generic-inlined"]
TOOL_MODES = {"noop", "perop", "perop-inlined", "generic", "generic-inlined", "opruns", "runs", "hooks", "batched",
              "events", "dispatch"}
PROFILE = {"histogram": ["--profile=histogram"], "functions": ["--profile=functions"],
           "calltree": ["--profile=calltree"], "folded": ["--profile=folded"],
           "flamegraph": ["--profile=flamegraph"], "chrome": ["--profile=chrome"],
           "time-profile": ["--profile=functions", "--profile-weight=time"]}


def command(mode: str, wasm: str, a) -> list[str] | None:
    if mode == "untraced":
        return [a.witt, "run", wasm, "--invoke", "run"]
    if mode == "compiled-out":
        return [a.witt_out, "run", wasm, "--invoke", "run"] if a.witt_out else None
    if mode == "tool-untraced":
        return [a.tool, "run", "untraced", wasm]
    if mode in TOOL_MODES:
        return [a.tool, "run", mode, wasm] if a.tool else None
    if mode == "counting":
        return [a.witt, "run", "--trace", wasm, "--invoke", "run"]
    return [a.witt, "run", *PROFILE[mode], "--profile-out=/dev/null", wasm, "--invoke", "run"]


def callgrind(cmd: list[str]) -> tuple[float, str]:
    with tempfile.TemporaryDirectory(prefix="witt-overhead-") as d:
        out = os.path.join(d, "cg.out")
        p = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"exit {p.returncode}: {p.stderr[-400:]}")
        for line in open(out):
            if line.startswith(("summary:", "totals:")):
                return float(line.split()[1]), p.stdout.strip()
    raise RuntimeError("no totals in the callgrind output")


def cpu_time(cmd: list[str], runs: int) -> tuple[float, str]:
    samples = []
    out = ""
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if p.returncode != 0:
            raise RuntimeError(f"exit {p.returncode}")
        samples.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        out = p.stdout.strip()
    return statistics.median(samples), out


def geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--witt", required=True)
    ap.add_argument("--tool", help="witt_trace_tool (the modes it runs, above)")
    ap.add_argument("--witt-out", help="witt built with -DWITT_TRACING_COMPILED_OUT=ON")
    ap.add_argument("--measure", choices=["callgrind", "time"], default="callgrind")
    ap.add_argument("--size", choices=["small", "full"], default=None,
                    help="bench/wasm/small (default for callgrind) or bench/wasm")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement for --measure time (median)")
    ap.add_argument("--workloads", default=",".join(WORKLOADS))
    ap.add_argument("--modes", default=",".join(MODES))
    ap.add_argument("--json", help="write the raw numbers here (and reuse them: existing entries are kept)")
    ap.add_argument("--markdown", help="write the table here")
    a = ap.parse_args()
    size = a.size or ("small" if a.measure == "callgrind" else "full")
    wdir = os.path.join(HERE, "wasm", "small") if size == "small" else os.path.join(HERE, "wasm")
    modes = [m for m in a.modes.split(",") if command(m, "x", a) is not None]
    workloads = a.workloads.split(",")
    raw: dict = {}
    if a.json and os.path.exists(a.json):
        with open(a.json) as f:
            raw = json.load(f)
    key = f"{a.measure}/{size}"
    raw.setdefault(key, {})
    needed = set(modes) | {"untraced"} | ({"tool-untraced"} if TOOL_MODES & set(modes) else set())
    for w in workloads:
        wasm = os.path.join(wdir, w + ".wasm")
        row = raw[key].setdefault(w, {})
        for m in ["untraced", "tool-untraced"] + modes:
            if m not in needed or m in row:
                continue
            cmd = command(m, wasm, a)
            t0 = time.time()
            try:
                v, out = callgrind(cmd) if a.measure == "callgrind" else cpu_time(cmd, a.runs)
            except RuntimeError as e:
                print(f"{w:10s} {m:13s} FAILED: {e}", flush=True)
                continue
            row[m] = v
            row.setdefault("checksum", out.splitlines()[0] if out else "")
            unit = f"{v / 1e6:,.1f} M instructions" if a.measure == "callgrind" else f"{v:.3f} s CPU"
            base = row.get("tool-untraced" if m in TOOL_MODES else "untraced")
            ratio = f"  {v / base:.2f}x" if base and m not in ("untraced", "tool-untraced") else ""
            print(f"{w:10s} {m:13s} {unit}{ratio}   ({time.time() - t0:.0f} s)", flush=True)
            if a.json:
                with open(a.json, "w") as f:
                    json.dump(raw, f, indent=1)

    # The table: ratios to the untraced run of the same binary.
    shown = [m for m in modes if m != "untraced"]
    what = "instructions (callgrind)" if a.measure == "callgrind" else f"CPU time (median of {a.runs})"
    lines = [f"| workload | untraced {'M instr' if a.measure == 'callgrind' else 's'} | "
             + " | ".join(shown) + " |",
             "|---|---:|" + "---:|" * len(shown)]
    ratios: dict = {m: [] for m in shown}
    for w in workloads:
        row = raw[key].get(w, {})
        if "untraced" not in row:
            continue
        base_txt = f"{row['untraced'] / 1e6:,.0f}" if a.measure == "callgrind" else f"{row['untraced']:.3f}"
        cells = []
        for m in shown:
            base = row.get("tool-untraced" if m in TOOL_MODES else "untraced")
            if m in row and base:
                r = row[m] / base
                ratios[m].append(r)
                cells.append(f"{r:.2f}x")
            else:
                cells.append("-")
        lines.append(f"| {w} | {base_txt} | " + " | ".join(cells) + " |")
    lines.append("| **geomean** | | " + " | ".join(f"**{geomean(ratios[m]):.2f}x**" if ratios[m] else "-"
                                                for m in shown) + " |")
    table = f"Ratios to untraced, {what}, bench/wasm{'/small' if size == 'small' else ''}:\n\n" + "\n".join(lines) + "\n"
    print()
    print(table)
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
