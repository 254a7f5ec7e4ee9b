#!/usr/bin/env python3
"""bench/run.py - run the witt benchmark suite against V8 (node) and native code.

For every workload bench/wasm/NAME.wasm it runs, as separate processes:
  witt     <witt> run bench/wasm/NAME.wasm --invoke run
  node     node bench/node_runner.mjs bench/wasm/NAME.wasm          (V8 default tiers)
  liftoff  node --liftoff --no-wasm-tier-up --no-wasm-dynamic-tiering
                bench/node_runner.mjs bench/wasm/NAME.wasm           (V8 baseline only)
  native   bench/native/NAME                                         (gcc -O2, same C)
checks that every engine returns the same checksum, and prints the median
wall-clock seconds of --runs runs per engine, ratios to native and their
geometric means. node and native also report the time of the run() call
alone (measured in-process), which leaves out node's ~40 ms startup.

--callgrind instead runs witt (and native, for reference) once per workload
under `valgrind --tool=callgrind` and reports instruction counts, which are
stable enough for regression tracking. It uses the small variants
(bench/wasm/small, ~1/40 of the work) unless --size full is given.

Python 3 standard library only. hyperfine is used for the wall-clock timing
when --hyperfine is given and it is installed; otherwise the runner times the
processes itself. Exit status: 0 if every run succeeded and all checksums
agree, 1 otherwise (a checksum mismatch is also reported loudly on stderr).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
NODE_RUNNER = os.path.join(BENCH, "node_runner.mjs")
LIFTOFF_FLAGS = ["--liftoff", "--no-wasm-tier-up", "--no-wasm-dynamic-tiering"]
ALL_ENGINES = ["witt", "node", "liftoff", "native"]
# Engines whose in-process run() time is recorded through $BENCH_TIME_LOG.
INPROC_ENGINES = {"node", "liftoff", "native"}


# --------------------------------------------------------------------------
# A tiny wasm reader: the result type of the exported function `run`.

def _leb_u(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return result, pos


def _name(data: bytes, pos: int) -> tuple[str, int]:
    n, pos = _leb_u(data, pos)
    return data[pos:pos + n].decode("utf-8", "replace"), pos + n


def export_result_bits(path: str, export: str = "run") -> int:
    """32 or 64: the width of the single integer result of `export`."""
    data = open(path, "rb").read()
    if data[:4] != b"\0asm":
        raise ValueError(f"{path}: not a wasm binary")
    pos = 8
    types: list[list[int]] = []
    func_types: list[int] = []
    imported_funcs = 0
    export_index = None
    while pos < len(data):
        sid = data[pos]
        size, pos = _leb_u(data, pos + 1)
        end = pos + size
        p = pos
        if sid == 1:  # type
            count, p = _leb_u(data, p)
            for _ in range(count):
                p += 1  # 0x60
                nparams, p = _leb_u(data, p)
                p += nparams
                nres, p = _leb_u(data, p)
                types.append(list(data[p:p + nres]))
                p += nres
        elif sid == 2:  # import
            count, p = _leb_u(data, p)
            for _ in range(count):
                _, p = _name(data, p)
                _, p = _name(data, p)
                kind = data[p]
                p += 1
                if kind == 0:
                    idx, p = _leb_u(data, p)
                    func_types.append(idx)
                    imported_funcs += 1
                elif kind == 1:
                    p += 1
                    flags = data[p]
                    _, p = _leb_u(data, p + 1)
                    if flags & 1:
                        _, p = _leb_u(data, p)
                elif kind == 2:
                    flags = data[p]
                    _, p = _leb_u(data, p + 1)
                    if flags & 1:
                        _, p = _leb_u(data, p)
                elif kind == 3:
                    p += 2
                else:
                    raise ValueError(f"{path}: unexpected import kind {kind}")
        elif sid == 3:  # function
            count, p = _leb_u(data, p)
            for _ in range(count):
                idx, p = _leb_u(data, p)
                func_types.append(idx)
        elif sid == 7:  # export
            count, p = _leb_u(data, p)
            for _ in range(count):
                name, p = _name(data, p)
                kind = data[p]
                idx, p = _leb_u(data, p + 1)
                if name == export and kind == 0:
                    export_index = idx
        pos = end
    if export_index is None:
        raise ValueError(f"{path}: no exported function {export!r}")
    results = types[func_types[export_index]]
    if results == [0x7F]:
        return 32
    if results == [0x7E]:
        return 64
    raise ValueError(f"{path}: {export} must return one i32 or i64, not {results}")


# --------------------------------------------------------------------------
# Output parsing.

_INT = re.compile(r"[-+]?(?:0[xX][0-9a-fA-F]+|\d+)")


def parse_result(stdout: str, bits: int) -> int | None:
    """The checksum printed on the last non-empty line, as an unsigned value
    of the result width (so signed and unsigned printings compare equal).
    Accepts plain decimal (the expected form), hex, and typed forms such as
    'i64:123' or '123 : i64'."""
    lines = [ln.strip() for ln in stdout.splitlines() if ln.strip()]
    if not lines:
        return None
    line = re.sub(r"\b[if](32|64)\b", " ", lines[-1])
    found = _INT.findall(line)
    if len(found) != 1:
        return None
    return int(found[0], 0) % (1 << bits)


def signed(value: int, bits: int) -> int:
    return value - (1 << bits) if value >= 1 << (bits - 1) else value


# --------------------------------------------------------------------------
# Running processes.

class RunError(Exception):
    pass


def run_once(cmd: list[str], timeout: float, time_log: str | None) -> tuple[float, float, str, float | None]:
    """Runs cmd once; returns (wall seconds, cpu seconds, stdout, in-process ms or None)."""
    env = dict(os.environ)
    if time_log:
        env["BENCH_TIME_LOG"] = time_log
        open(time_log, "w").close()
    else:
        env.pop("BENCH_TIME_LOG", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                              timeout=timeout, text=True)
    except subprocess.TimeoutExpired:
        raise RunError(f"timed out after {timeout:.0f} s")
    except OSError as e:
        raise RunError(f"cannot run: {e}")
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise RunError(f"exit status {proc.returncode}: " + " | ".join(tail))
    inproc = None
    if time_log:
        vals = read_time_log(time_log)
        inproc = vals[-1] if vals else None
    return wall, cpu, proc.stdout, inproc


def read_time_log(path: str) -> list[float]:
    try:
        with open(path) as f:
            return [float(x) for x in f.read().split()]
    except (OSError, ValueError):
        return []


def hyperfine_times(cmd: list[str], runs: int, timeout: float,
                    time_log: str | None) -> tuple[list[float], list[float], list[float]]:
    """Wall times (s) of `runs` runs measured by hyperfine, CPU time (s; the
    mean, as hyperfine reports no per-run values) and the in-process times
    (ms) the runs appended to time_log."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as f:
        out = f.name
    env = dict(os.environ)
    if time_log:
        env["BENCH_TIME_LOG"] = time_log
        open(time_log, "w").close()
    try:
        hf = ["hyperfine", "--runs", str(runs), "--warmup", "0", "--style", "none",
              "--shell=none", "--export-json", out, shlex.join(cmd)]
        proc = subprocess.run(hf, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env, timeout=timeout * runs + 60)
        if proc.returncode != 0:
            raise RunError("hyperfine failed: " + proc.stderr.strip()[-300:])
        with open(out) as f:
            data = json.load(f)
        res = data["results"][0]
        cpu = [res.get("user", 0.0) + res.get("system", 0.0)]
        return res["times"], cpu, read_time_log(time_log) if time_log else []
    except subprocess.TimeoutExpired:
        raise RunError("hyperfine timed out")
    finally:
        os.unlink(out)


# --------------------------------------------------------------------------

def engine_command(engine: str, name: str, wasm: str, native: str, args) -> list[str]:
    if engine == "witt":
        return [args.witt, "run", wasm, "--invoke", "run"]
    if engine == "node":
        return [args.node, NODE_RUNNER, wasm]
    if engine == "liftoff":
        return [args.node, *LIFTOFF_FLAGS, NODE_RUNNER, wasm]
    if engine == "native":
        return [native]
    raise ValueError(engine)


def geomean(values: list[float]) -> float | None:
    values = [v for v in values if v and v > 0]
    if not values:
        return None
    return math.exp(sum(math.log(v) for v in values) / len(values))


def fmt_s(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def fmt_x(v: float | None) -> str:
    return "-" if v is None else f"{v:.2f}x"


def loud(msg: str) -> None:
    bar = "!" * 78
    print(f"\n{bar}\n!!! {msg}\n{bar}\n", file=sys.stderr, flush=True)


def machine_info() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "os": platform.platform()}


def tool_version(cmd: list[str]) -> str | None:
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30)
        return out.stdout.strip().splitlines()[0] if out.stdout.strip() else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def discover(size: str) -> list[str]:
    d = os.path.join(BENCH, "wasm", "small" if size == "small" else "")
    return sorted(f[:-5] for f in os.listdir(d) if f.endswith(".wasm"))


def paths_for(name: str, size: str) -> tuple[str, str]:
    sub = "small" if size == "small" else ""
    wasm = os.path.normpath(os.path.join(BENCH, "wasm", sub, name + ".wasm"))
    native = os.path.normpath(os.path.join(BENCH, "native", sub, name))
    return wasm, native


def ensure_native(names: list[str], size: str) -> None:
    missing = [n for n in names if not os.path.exists(paths_for(n, size)[1])]
    stale = [n for n in names if n not in missing and
             os.path.getmtime(paths_for(n, size)[1]) < max(
                 os.path.getmtime(os.path.join(BENCH, "src", n + ".c")),
                 os.path.getmtime(os.path.join(BENCH, "src", "bench.h")),
                 os.path.getmtime(os.path.join(BENCH, "native_main.c")))]
    todo = missing + stale
    if todo:
        print(f"run.py: building native executables ({', '.join(todo)}): bench/build.sh --native-only",
              flush=True)
        subprocess.run([os.path.join(BENCH, "build.sh"), "--native-only", *todo], check=True,
                       stdout=subprocess.DEVNULL)


# --------------------------------------------------------------------------
# Timing mode.

def measure(args, names: list[str], engines: list[str]) -> tuple[dict, bool]:
    ok = True
    results: dict = {}
    tmpdir = tempfile.mkdtemp(prefix="witt-bench-")
    use_hf = args.hyperfine and shutil.which("hyperfine") is not None
    if args.hyperfine and not use_hf:
        print("run.py: hyperfine not installed; timing the runs myself", flush=True)
    try:
        for name in names:
            wasm, native = paths_for(name, args.size)
            bits = export_result_bits(wasm)
            r = {"bits": bits, "engines": {}}
            results[name] = r
            for e in engines:
                r["engines"][e] = {"wall": [], "cpu": [], "inproc_ms": [], "checksum": None, "error": None}
            print(f"== {name} (i{bits})", flush=True)
            # Interleave engines run by run, so slow drifts in machine load
            # affect all engines alike.
            rounds = 1 if use_hf else args.runs
            for i in range(rounds):
                for e in engines:
                    er = r["engines"][e]
                    if er["error"]:
                        continue
                    cmd = engine_command(e, name, wasm, native, args)
                    log = os.path.join(tmpdir, f"{name}.{e}.log") if e in INPROC_ENGINES else None
                    try:
                        wall, cpu, out, inproc = run_once(cmd, args.timeout, log)
                    except RunError as exc:
                        er["error"] = str(exc)
                        print(f"   {e:8s} FAILED: {exc}", flush=True)
                        continue
                    value = parse_result(out, bits)
                    if value is None:
                        er["error"] = "no result on stdout: " + repr(out.strip()[-200:])
                        print(f"   {e:8s} FAILED: {er['error']}", flush=True)
                        continue
                    if er["checksum"] is not None and er["checksum"] != value:
                        er["error"] = (f"result changed between runs: {signed(er['checksum'], bits)} "
                                       f"then {signed(value, bits)}")
                        print(f"   {e:8s} FAILED: {er['error']}", flush=True)
                        continue
                    er["checksum"] = value
                    if not use_hf:
                        er["wall"].append(wall)
                        er["cpu"].append(cpu)
                        if inproc is not None:
                            er["inproc_ms"].append(inproc)
                        extra = f"  run() {inproc / 1000:.3f} s" if inproc is not None else ""
                        print(f"   {e:8s} run {i + 1}/{args.runs}: {wall:.3f} s{extra}", flush=True)
            if use_hf:
                for e in engines:
                    er = r["engines"][e]
                    if er["error"]:
                        continue
                    cmd = engine_command(e, name, wasm, native, args)
                    log = os.path.join(tmpdir, f"{name}.{e}.log") if e in INPROC_ENGINES else None
                    try:
                        er["wall"], er["cpu"], er["inproc_ms"] = hyperfine_times(cmd, args.runs, args.timeout, log)
                    except RunError as exc:
                        er["error"] = str(exc)
                        print(f"   {e:8s} FAILED: {exc}", flush=True)
                        continue
                    print(f"   {e:8s} hyperfine median {statistics.median(er['wall']):.3f} s", flush=True)
            # Checksums: native is the reference; otherwise the first engine that ran.
            ref_engine = next((e for e in ["native"] + engines
                               if e in r["engines"] and r["engines"][e]["checksum"] is not None), None)
            ref = r["engines"][ref_engine]["checksum"] if ref_engine else None
            r["checksum"] = None if ref is None else signed(ref, bits)
            for e in engines:
                er = r["engines"][e]
                if er["error"]:
                    ok = False
                    continue
                if er["checksum"] != ref:
                    er["error"] = (f"CHECKSUM MISMATCH: {e} returned {signed(er['checksum'], bits)}, "
                                   f"{ref_engine} returned {signed(ref, bits)}")
                    er["mismatch"] = True
                    loud(f"{name}: {er['error']}")
                    ok = False
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return results, ok


def summarize(results: dict, engines: list[str], metric: str = "wall") -> dict:
    """Medians, ratios to native and geometric means. metric: "wall" (elapsed
    time) or "cpu" (user + system time of the process and its threads)."""
    rows = {}
    for name, r in results.items():
        row: dict = {"checksum": r.get("checksum")}
        for e in engines:
            er = r["engines"][e]
            good = not er["error"] and er["wall"]
            row[e + "_wall"] = statistics.median(er["wall"]) if good else None
            row[e + "_cpu"] = statistics.median(er["cpu"]) if good and er["cpu"] else None
            row[e] = row[e + "_" + metric]
            row[e + "_run"] = (statistics.median(er["inproc_ms"]) / 1000
                               if good and er["inproc_ms"] else None)
            row[e + "_status"] = "ok" if good else ("mismatch" if er.get("mismatch") else "failed")
            row[e + "_error"] = er["error"]
        nat, nat_run = row.get("native"), row.get("native_run")
        for e in engines:
            if e == "native":
                continue
            row[e + "_x"] = row[e] / nat if row[e] and nat else None
            if e in INPROC_ENGINES:
                row[e + "_run_x"] = row[e + "_run"] / nat_run if row[e + "_run"] and nat_run else None
        rows[name] = row
    geo = {}
    for e in engines:
        if e == "native":
            continue
        geo[e + "_x"] = geomean([row.get(e + "_x") for row in rows.values()])
        if e in INPROC_ENGINES:
            geo[e + "_run_x"] = geomean([row.get(e + "_run_x") for row in rows.values()])
    return {"rows": rows, "geomean": geo}


def table_columns(engines: list[str]) -> list[tuple[str, str, str]]:
    """(key, header, kind) for the table."""
    labels = {"witt": "witt", "node": "node", "liftoff": "liftoff", "native": "native"}
    cols = []
    for e in engines:
        cols.append((e, f"{labels[e]} s", "s"))
        if e in INPROC_ENGINES:
            cols.append((e + "_run", f"{labels[e]} run() s", "s"))
    for e in engines:
        if e == "native":
            continue
        cols.append((e + "_x", f"{labels[e]}/native", "x"))
        if e in INPROC_ENGINES:
            cols.append((e + "_run_x", f"{labels[e]} run()/native", "x"))
    return cols


def cell(row: dict, key: str, kind: str, engines: list[str]) -> str:
    base = key.split("_")[0]
    v = row.get(key)
    if v is None and base in engines and row.get(base + "_status") not in (None, "ok"):
        return "MISMATCH" if row[base + "_status"] == "mismatch" else "FAILED"
    return fmt_s(v) if kind == "s" else fmt_x(v)


def render_text(summary: dict, engines: list[str]) -> str:
    cols = table_columns(engines)
    header = ["workload"] + [h for _, h, _ in cols]
    lines = [header]
    for name, row in summary["rows"].items():
        lines.append([name] + [cell(row, k, kind, engines) for k, _, kind in cols])
    lines.append(["geomean"] + [fmt_x(summary["geomean"].get(k)) if kind == "x" else "" for k, _, kind in cols])
    widths = [max(len(l[i]) for l in lines) for i in range(len(header))]
    out = []
    for j, l in enumerate(lines):
        out.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(l)))
        if j == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def render_markdown(summary: dict, engines: list[str], meta: dict, pending: list[str]) -> str:
    cols = table_columns(engines)
    first_ratio = next((i for i, c in enumerate(cols) if c[2] == "x"), len(cols))
    for p in reversed(pending):  # engines not run this time: columns marked "pending"
        cols.insert(first_ratio, (p + "_x", f"{p}/native", "pending"))
        cols.insert(0, (p, f"{p} s", "pending"))
    header = ["workload"] + [h for _, h, _ in cols]
    out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * len(cols)) + "|"]
    for name, row in summary["rows"].items():
        cells = [name] + ["pending" if kind == "pending" else cell(row, k, kind, engines) for k, _, kind in cols]
        out.append("| " + " | ".join(cells) + " |")
    g = ["**geomean**"] + [("pending" if kind == "pending" else
                            f"**{fmt_x(summary['geomean'].get(k))}**" if kind == "x" else "")
                           for k, _, kind in cols]
    out.append("| " + " | ".join(g) + " |")
    what = "wall-clock" if meta["metric"] == "wall" else "user+system CPU"
    note = (f"\nSeconds: median {what} time of the whole process over {meta['runs']} run(s); "
            f"'run() s': the run() call alone, timed in-process. {meta['machine']['cores']} cores, "
            f"{meta['machine']['cpu']}; node {meta.get('node') or '?'}; {meta['date']}; "
            f"workload size: {meta['size']}; timing: {meta['timer']}.\n")
    return "\n".join(out) + "\n" + note


# --------------------------------------------------------------------------
# Callgrind mode.

def callgrind_count(cmd: list[str], timeout: float, bits: int) -> tuple[int, int]:
    """Runs cmd under callgrind; returns (instructions executed, checksum)."""
    with tempfile.TemporaryDirectory(prefix="witt-cg-") as d:
        out = os.path.join(d, "callgrind.out")
        vg = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *cmd]
        try:
            proc = subprocess.run(vg, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RunError(f"timed out after {timeout:.0f} s under callgrind")
        if proc.returncode != 0:
            raise RunError(f"exit status {proc.returncode}: " + " | ".join(proc.stderr.strip().splitlines()[-5:]))
        value = parse_result(proc.stdout, bits)
        if value is None:
            raise RunError("no result on stdout: " + repr(proc.stdout.strip()[-200:]))
        total = None
        with open(out) as f:
            for line in f:
                if line.startswith(("summary:", "totals:")):
                    total = int(line.split()[1])
        if total is None:
            m = re.search(r"Collected\s*:\s*(\d+)", proc.stderr)
            total = int(m.group(1)) if m else None
        if total is None:
            raise RunError("no instruction count in the callgrind output")
        return total, value


def callgrind_mode(args, names: list[str], engines: list[str]) -> tuple[dict, bool]:
    ok = True
    engines = [e for e in engines if e in ("witt", "native")]
    results = {}
    for name in names:
        wasm, native = paths_for(name, args.size)
        bits = export_result_bits(wasm)
        row: dict = {"bits": bits}
        for e in engines:
            cmd = engine_command(e, name, wasm, native, args)
            try:
                ir, value = callgrind_count(cmd, args.timeout, bits)
                row[e + "_ir"] = ir
                row[e + "_checksum"] = signed(value, bits)
                print(f"   {name:10s} {e:7s} {ir:>16,d} instructions", flush=True)
            except RunError as exc:
                row[e + "_ir"] = None
                row[e + "_error"] = str(exc)
                print(f"   {name:10s} {e:7s} FAILED: {exc}", flush=True)
                ok = False
        if "witt" in engines and "native" in engines and row.get("witt_ir") and row.get("native_ir"):
            if row["witt_checksum"] != row["native_checksum"]:
                row["witt_error"] = (f"CHECKSUM MISMATCH: witt returned {row['witt_checksum']}, "
                                     f"native returned {row['native_checksum']}")
                loud(f"{name}: {row['witt_error']}")
                ok = False
            row["ratio"] = row["witt_ir"] / row["native_ir"]
        results[name] = row
    return results, ok


def render_callgrind(results: dict, engines: list[str], markdown: bool) -> str:
    has_w, has_n = "witt" in engines, "native" in engines
    header = ["workload"] + (["witt Ir"] if has_w else []) + (["native Ir"] if has_n else []) + \
             (["witt/native"] if has_w and has_n else [])
    lines = [header]
    for name, row in results.items():
        l = [name]
        if has_w:
            l.append("FAILED" if row.get("witt_error") else f"{row['witt_ir']:,}")
        if has_n:
            l.append("FAILED" if row.get("native_error") else f"{row['native_ir']:,}")
        if has_w and has_n:
            l.append(fmt_x(row.get("ratio")) if not row.get("witt_error") else "-")
        lines.append(l)
    if has_w and has_n:
        g = geomean([r.get("ratio") for r in results.values() if not r.get("witt_error")])
        lines.append(["geomean"] + [""] * (len(header) - 2) + [fmt_x(g)])
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|"]
        out += ["| " + " | ".join(l) + " |" for l in lines[1:]]
        return "\n".join(out) + "\n"
    widths = [max(len(l[i]) for l in lines) for i in range(len(header))]
    out = []
    for j, l in enumerate(lines):
        out.append("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(l)))
        if j == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


# --------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--witt", default=os.path.join(ROOT, "build", "witt"),
                    help="path to the witt executable (default: build/witt)")
    ap.add_argument("--skip-witt", action="store_true", help="do not run witt")
    ap.add_argument("--node", default="node", help="node executable (default: node)")
    ap.add_argument("--only", help="comma-separated workload names (default: all)")
    ap.add_argument("--engines", default=",".join(ALL_ENGINES),
                    help="comma-separated subset of witt,node,liftoff,native (default: all)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per engine and workload (default 3)")
    ap.add_argument("--size", choices=["full", "small"], default=None,
                    help="workload size: full (default) or small (~1/40, the callgrind default)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds before a run is abandoned (default 900)")
    ap.add_argument("--hyperfine", action="store_true", help="time with hyperfine if it is installed")
    ap.add_argument("--metric", choices=["wall", "cpu"], default="wall",
                    help="what the 's' columns show: wall-clock time (default) or the process's "
                         "user+system CPU time (steadier on a busy machine; counts node's helper threads)")
    ap.add_argument("--callgrind", action="store_true",
                    help="count instructions under valgrind --tool=callgrind instead of timing")
    ap.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown")
    ap.add_argument("--json", metavar="FILE", help="also write all results as JSON")
    args = ap.parse_args()

    if args.size is None:
        args.size = "small" if args.callgrind else "full"
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    for e in engines:
        if e not in ALL_ENGINES:
            ap.error(f"unknown engine {e!r} (choose from {', '.join(ALL_ENGINES)})")
    available = discover(args.size)
    names = available
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in available]
        if unknown:
            ap.error(f"unknown workload(s): {', '.join(unknown)} (have: {', '.join(available)})")

    pending: list[str] = []
    if "witt" in engines:
        if args.skip_witt:
            engines.remove("witt")
            print("run.py: --skip-witt: not running witt", flush=True)
            pending.append("witt")
        elif not (os.path.isfile(args.witt) and os.access(args.witt, os.X_OK)):
            engines.remove("witt")
            print(f"run.py: witt not found at {args.witt}; continuing without it "
                  f"(build it, or pass --witt PATH)", flush=True)
            pending.append("witt")
        else:
            args.witt = os.path.abspath(args.witt)
    if any(e in engines for e in ("node", "liftoff")) and not args.callgrind and not shutil.which(args.node):
        print(f"run.py: {args.node} not found; skipping node and liftoff", flush=True)
        engines = [e for e in engines if e not in ("node", "liftoff")]
    if "native" in engines:
        ensure_native(names, args.size)
    if args.callgrind and not shutil.which("valgrind"):
        print("run.py: --callgrind needs valgrind", file=sys.stderr)
        return 2

    meta = {
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "machine": machine_info(),
        "node": tool_version([args.node, "--version"]) if shutil.which(args.node) else None,
        "witt": args.witt if "witt" in engines else None,
        "engines": engines,
        "runs": args.runs,
        "size": args.size,
        "liftoff_flags": LIFTOFF_FLAGS,
        "timer": ("hyperfine" if args.hyperfine and shutil.which("hyperfine") else "run.py (perf_counter)"),
        "mode": "callgrind" if args.callgrind else "time",
        "metric": args.metric,
        "loadavg_start": list(os.getloadavg()),
    }

    if args.callgrind:
        print(f"run.py: callgrind instruction counts, {args.size} workloads: {', '.join(names)}", flush=True)
        results, ok = callgrind_mode(args, names, engines)
        cg_engines = [e for e in engines if e in ("witt", "native")]
        print()
        print(render_callgrind(results, cg_engines, markdown=False))
        if args.markdown:
            with open(args.markdown, "w") as f:
                f.write(render_callgrind(results, cg_engines, markdown=True))
        if args.json:
            with open(args.json, "w") as f:
                json.dump({"meta": meta, "results": results}, f, indent=2)
        return 0 if ok else 1

    print(f"run.py: {args.runs} run(s) per engine, engines: {', '.join(engines)}, "
          f"{args.size} workloads: {', '.join(names)}", flush=True)
    results, ok = measure(args, names, engines)
    meta["loadavg_end"] = list(os.getloadavg())
    summary = summarize(results, engines, args.metric)
    print()
    print(render_text(summary, engines))
    what = "wall-clock" if args.metric == "wall" else "user+system CPU"
    print(f"\n(seconds: median {what} time of the whole process over {args.runs} run(s); 'run() s': "
          f"wall-clock time of the run() call measured in-process; ratios are to native)")
    # Contention: a single-threaded process (native) whose wall-clock time
    # exceeds its CPU time was waiting for a core that other work was using.
    # (Runs under 0.1 s are too short for the CPU-time accounting.)
    share = [c / w for r in results.values() for e in ("native",) if e in r["engines"]
             for w, c in zip(r["engines"][e]["wall"], r["engines"][e]["cpu"]) if w > 0.1 and c > 0]
    if share and not args.hyperfine:
        meta["native_cpu_share"] = statistics.median(share)
        busy = meta["native_cpu_share"] < 0.95
        print(f"(native runs got {100 * meta['native_cpu_share']:.0f}% of a core (CPU time / wall time)"
              + ("; other work was competing for the CPU: consider --metric cpu, or a rerun)" if busy else ")"))
    failures = [(n, e, r["engines"][e]["error"]) for n, r in results.items() for e in engines
                if r["engines"][e]["error"]]
    for n, e, err in failures:
        print(f"  {n} / {e}: {err}", file=sys.stderr)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(render_markdown(summary, engines, meta, pending))
        print(f"run.py: wrote {args.markdown}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"meta": meta, "summary": summary, "raw": results}, f, indent=2)
        print(f"run.py: wrote {args.json}")
    if not ok:
        print("run.py: FAILED (see above)", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
