#!/usr/bin/env python3
"""Golden tests of `witt run --trace` and `--profile`, and format checks.

1. Golden files (tests/golden/*.txt): the output of `witt run` with --trace
   and with each textual --profile report on profile.wat. Times vary from run
   to run, so every duration ("12.34us", "812ns") is replaced by "<time>"
   padded to its width; everything else must match byte for byte.
2. Formats: the JSON reports parse (json), folded lines are well formed and
   add up to the instruction count, the Chrome trace parses with a complete
   event per call, the flame graph is well-formed XML (xml.etree) with no
   external resources; default file names; usage errors. With --bench, the
   same on a compiled benchmark (deep recursion, many calls).

Usage: check_golden.py --witt PATH [--bench FILE.wasm] [--update]
--update rewrites the golden files from the current output.
Exit status 0 when everything matches.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
MODULE = "profile.wat"
TOTAL = 403  # instructions of `main 6` (worked out in profile.wat)
CALLS = 34

# (golden file, witt run options, export, arguments)
GOLDEN = [
    ("trace.txt", ["--trace"], "main", ["6"]),
    ("trace_trap.txt", ["--trace"], "fail", []),
    ("histogram.txt", ["--profile=histogram"], "main", ["6"]),
    ("functions.txt", ["--profile=functions"], "main", ["6"]),
    ("calltree.txt", ["--profile=calltree"], "main", ["6"]),
    ("profile_trap.txt", ["--profile", "functions,calltree"], "fail", []),
]

TIME = re.compile(r" *\d+(\.\d\d)?(ns|us|ms|s\b)")

failures: list[str] = []


def check(cond: bool, what: str) -> None:
    if not cond:
        failures.append(what)
        print(f"FAIL {what}", flush=True)


def run(witt: str, args: list[str], cwd: str) -> subprocess.CompletedProcess:
    return subprocess.run([witt, "run", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def normalize(text: str) -> str:
    text = TIME.sub(lambda m: "<time>".rjust(len(m.group(0))), text)
    return re.sub(r"time +<time>", "time <time>", text)


def transcript(witt: str, options: list[str], export: str, args: list[str]) -> str:
    cmd = [*options, MODULE, "--invoke", export, *args]
    p = run(witt, cmd, HERE)
    return normalize(f"$ witt run {' '.join(cmd)}\n[exit {p.returncode}]\n--- stdout\n{p.stdout}--- stderr\n{p.stderr}")


def golden(witt: str, update: bool) -> None:
    for name, options, export, args in GOLDEN:
        got = transcript(witt, options, export, args)
        path = os.path.join(HERE, name)
        if update:
            with open(path, "w") as f:
                f.write(got)
            print(f"updated {name}")
            continue
        want = open(path).read() if os.path.exists(path) else ""
        if got == want:
            print(f"ok   {name}")
            continue
        import difflib
        diff = "".join(difflib.unified_diff(want.splitlines(True), got.splitlines(True), name, "witt output"))
        check(False, f"{name} differs:\n{diff}")


FOLDED_LINE = re.compile(r"^[^;\n]+(;[^;\n]+)* ([1-9][0-9]*)$")


def check_folded(path: str, total: int | None, what: str) -> None:
    lines = open(path).read().splitlines()
    check(bool(lines), f"{what}: folded stacks are empty")
    s = 0
    for line in lines:
        m = FOLDED_LINE.match(line)
        check(bool(m), f"{what}: malformed folded line {line[:200]!r}")
        if m:
            s += int(m.group(2))
    check(lines == sorted(lines), f"{what}: folded lines are not sorted")
    if total is not None:
        check(s == total, f"{what}: folded weights add up to {s}, not {total}")


def check_chrome(path: str, calls: int | None, what: str) -> None:
    with open(path) as f:
        doc = json.load(f)
    events = [e for e in doc["traceEvents"] if e["ph"] != "M"]
    for e in events:
        ok = e["ph"] in ("X", "i") and isinstance(e["ts"], (int, float)) and e["pid"] == 1 and e["tid"] == 1
        ok = ok and (e["ph"] == "i" or (isinstance(e["dur"], (int, float)) and e["dur"] >= 0))
        check(ok, f"{what}: malformed trace event {e}")
        if not ok:
            break
    if calls is not None:
        check(len(events) == calls, f"{what}: {len(events)} trace events, not {calls}")
    print(f"     {what}: {len(events)} trace events, {doc['otherData']['droppedCalls']} calls dropped")


def check_svg(path: str, what: str) -> int:
    tree = ET.parse(path)  # raises on malformed XML
    root = tree.getroot()
    check(root.tag == "{http://www.w3.org/2000/svg}svg", f"{what}: root element is {root.tag}")
    text = open(path).read()
    check("href" not in text and "src=" not in text, f"{what}: refers to an external resource")
    boxes = [g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("class") == "f"]
    check(bool(boxes), f"{what}: no frames")
    for g in boxes:
        float(g.get("data-x")), float(g.get("data-w"))
        check(g.find("{http://www.w3.org/2000/svg}rect") is not None, f"{what}: frame without a box")
    return len(boxes)


def formats(witt: str, bench: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="witt-golden-") as tmp:
        shutil.copy(os.path.join(HERE, MODULE), tmp)
        base = [MODULE, "--invoke", "main", "6"]

        p = run(witt, ["--profile=histogram,functions,calltree", "--format=json", "--profile-out=r.json", *base], tmp)
        check(p.returncode == 0, f"json reports: exit {p.returncode}: {p.stderr}")
        with open(os.path.join(tmp, "r.json")) as f:
            doc = json.load(f)
        check(doc["histogram"]["instructions"] == TOTAL, "json histogram total")
        check(sum(o["executed"] for o in doc["histogram"]["opcodes"]) == TOTAL, "json histogram rows add up")
        check(doc["functions"]["instructions"] == TOTAL and doc["functions"]["calls"] == CALLS, "json functions totals")
        check(sum(r["selfInstructions"] for r in doc["functions"]["functions"]) == TOTAL, "json functions add up")
        nodes = doc["calltree"]["nodes"]
        check(all(n["parent"] is None or n["parent"] < n["id"] for n in nodes), "json call tree parents come first")
        check(sum(n.get("selfInstructions", 0) for n in nodes) == TOTAL, "json call tree adds up")
        print("ok   json reports")

        p = run(witt, ["--profile=folded", "--profile-out=p.folded", *base], tmp)
        check(p.returncode == 0, f"folded: exit {p.returncode}")
        check_folded(os.path.join(tmp, "p.folded"), TOTAL, "folded")
        p = run(witt, ["--profile=chrome", "--profile-out=p.json", *base], tmp)
        check(p.returncode == 0, f"chrome: exit {p.returncode}")
        check_chrome(os.path.join(tmp, "p.json"), CALLS, "chrome")
        p = run(witt, ["--profile=flamegraph", "--profile-out=p.svg", *base], tmp)
        check(p.returncode == 0, f"flamegraph: exit {p.returncode}")
        n = check_svg(os.path.join(tmp, "p.svg"), "flamegraph")
        check(n == 11, f"flamegraph: {n} frames, not 11 (the root and 10 call paths)")
        print("ok   folded, chrome, flamegraph")

        # Without --profile-out each file report gets its default name, said on stderr.
        p = run(witt, ["--profile=folded,chrome,flamegraph,functions", *base], tmp)
        for f in ("profile.folded", "profile.trace.json", "profile.flame.svg"):
            check(os.path.exists(os.path.join(tmp, f)), f"default name {f} not written")
            check(f in p.stderr, f"default name {f} not on stderr")
        check("functions: 5 wasm" in p.stderr, "text report on stderr")
        print("ok   default file names")

        for args, what in ((["--profile=bogus"], "unknown kind"), (["--profile"], "missing kind"),
                           (["--profile=folded,chrome", "--profile-out=x"], "one file for two reports"),
                           (["--profile-weight=bytes"], "bad weight"), (["--format=xml"], "bad format")):
            p = run(witt, [*args, *base], tmp)
            check(p.returncode == 2 and p.stderr.startswith("witt: "), f"usage error ({what}): exit {p.returncode}")
        print("ok   usage errors")

        if bench:
            # A compiled program: deep recursion, millions of calls, time weights.
            opts = ["--profile=folded,chrome,flamegraph", "--profile-weight=time"]
            p = run(witt, [*opts, bench, "--invoke", "run"], tmp)
            check(p.returncode == 0, f"bench: exit {p.returncode}: {p.stderr}")
            stem = os.path.splitext(os.path.basename(bench))[0]
            check_folded(os.path.join(tmp, stem + ".folded"), None, "bench folded")
            check_chrome(os.path.join(tmp, stem + ".trace.json"), None, "bench chrome")
            n = check_svg(os.path.join(tmp, stem + ".flame.svg"), "bench flamegraph")
            print(f"ok   bench {stem}: {n} flame graph frames")


def dump_code(witt: str) -> None:
    """witt dump-code shows the code each kind of run executes: the base code
    has no trace or count instruction, --counting counts blocks, --traced
    delivers runs and events."""
    wat = os.path.join(HERE, "profile.wat")
    out = {}
    for flag in ([], ["--counting"], ["--traced"]):
        p = subprocess.run([witt, "dump-code", *flag, wat], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        check(p.returncode == 0, f"dump-code {flag}: exit {p.returncode}: {p.stderr.strip()}")
        out[" ".join(flag)] = p.stdout
    base, counting, traced = out[""], out["--counting"], out["--traced"]
    check("Count" not in base and "Trace" not in base, "dump-code: the base code has trace or count instructions")
    check("CountBlock" in counting and "Trace" not in counting, "dump-code --counting: no CountBlock, or trace instructions")
    check("TraceOps" in traced or "TraceRun" in traced, "dump-code --traced: no run of instructions")
    check("TraceEnter" in traced, "dump-code --traced: no function entry event")
    p = subprocess.run([witt, "dump-code", "--traced"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    check(p.returncode == 2 and "usage" in p.stderr, "dump-code --traced without a file: not a usage error")
    print("ok   dump-code: base, --counting, --traced")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--witt", required=True)
    ap.add_argument("--bench")
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()
    witt = os.path.abspath(a.witt)
    golden(witt, a.update)
    if not a.update:
        formats(witt, os.path.abspath(a.bench) if a.bench else None)
        dump_code(witt)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
