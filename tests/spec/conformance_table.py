#!/usr/bin/env python3
"""Runs the spec conformance gate and writes a per-feature-area table.

    tests/spec/conformance_table.py [--build DIR] [--gate PATH] [--results TSV]
                                    [--doc PATH] [--readme [PATH]]

Runs witt_spec_gate (from the build directory: --build, else the first of
build/, build-text/ and the other build-*/ directories that has it) with
--results, groups the per-file counts by feature area and writes the Markdown
table to docs/conformance.md between the markers
<!-- conformance:begin --> and <!-- conformance:end -->, then prints it.
With --readme, the README's copy (README.md between the same markers) is
updated in place too; nothing outside the markers changes. With --results,
reads an existing results file instead of running the gate. Python 3
standard library only.

Regenerate both tables after a change that moves the conformance numbers:

    ninja -C build witt_spec_gate && tests/spec/conformance_table.py --build build --readme
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

BEGIN = "<!-- conformance:begin -->"
END = "<!-- conformance:end -->"

# Feature areas by file, first match wins. Paths are relative to the testsuite.
AREAS = [
    ("Custom sections and annotations", r"^custom/|^custom\.wast$|^annotations\.wast$"),
    ("Legacy exception handling", r"^legacy/"),
    ("Threads (proposal)", r"^proposals/threads/"),
    ("Custom page sizes (proposal)", r"^proposals/custom-page-sizes/"),
    ("Custom descriptors (proposal)", r"^proposals/custom-descriptors/"),
    ("Wide arithmetic", r"^proposals/wide-arithmetic/"),
    ("Relaxed SIMD", r"relaxed"),
    ("SIMD", r"^simd_"),
    ("Exception handling", r"^(throw|throw_ref|try_table|tag|unwind)\.wast$"),
    ("Tail calls", r"^return_call(_indirect)?\.wast$"),
    ("Typed function references",
     r"^(call_ref|return_call_ref|br_on_null|br_on_non_null|ref_as_non_null|local_init|"
     r"type-equivalence|func_ptrs|table-sub)\.wast$"),
    ("GC (not supported)",
     r"^(array.*|struct|i31|ref_cast|ref_test|ref_eq|br_on_cast.*|extern|type-subtyping|"
     r"type-canon|type-rec|binary-gc)\.wast$"),
    ("memory64 and table64", r"^(?![if]64)[a-z_-]+64\.wast$|^memory64"),
    ("Multi-memory", r"multi|^(?!binary)[a-z_]+\d\.wast$"),
    ("Bulk memory and reference types",
     r"^(bulk|memory_copy|memory_fill|memory_init|table_.*|ref_func|ref_is_null|ref_null|ref|"
     r"select|table|elem|data)\.wast$"),
    ("Core (MVP, multi-value, ...)", r"."),
]


def area_of(path):
    for name, pattern in AREAS:
        if re.search(pattern, path):
            return name
    return AREAS[-1][0]


def run_gate(gate, results):
    cmd = [gate, "--results", results]
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if proc.returncode == 77:
        print(proc.stdout.strip())
        sys.exit(77)
    return proc.stdout


def read_results(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            fields = line.rstrip("\n").split("\t")
            row = dict(zip(header, fields))
            for k in ("passed", "failed", "skipped"):
                row[k] = int(row.get(k, 0) or 0)
            rows.append(row)
    return rows


def table(rows):
    areas = {}
    order = [name for name, _ in AREAS]
    for r in rows:
        a = areas.setdefault(area_of(r["file"]), {"files": 0, "commands": 0, "passed": 0,
                                                  "failed": 0, "skipped": 0})
        a["files"] += 1
        a["commands"] += r["passed"] + r["failed"] + r["skipped"]
        for k in ("passed", "failed", "skipped"):
            a[k] += r[k]
    lines = [
        "| Feature area | Files | Commands | Passed | Failed | Skipped | Pass rate (run) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    total = {"files": 0, "commands": 0, "passed": 0, "failed": 0, "skipped": 0}
    for name in order:
        if name not in areas:
            continue
        a = areas[name]
        for k in total:
            total[k] += a[k]
        lines.append(row_line(name, a))
    lines.append(row_line("**Total**", total))
    return "\n".join(lines)


def row_line(name, a):
    ran = a["passed"] + a["failed"]
    rate = "%.1f%%" % (100.0 * a["passed"] / ran) if ran else "-"
    return "| %s | %d | %d | %d | %d | %d | %s |" % (name, a["files"], a["commands"], a["passed"],
                                                     a["failed"], a["skipped"], rate)


README_NOTE = (
    "\n\nCounts from a run of the conformance gate over the spec testsuite (with `legacy/`\n"
    "and `proposals/`): a command is one module, action or assertion of a `.wast`\n"
    "script; skipped commands use features witt does not support and are not in the\n"
    "pass rate. Details in [docs/conformance.md](docs/conformance.md); regenerate with\n"
    "`tests/spec/conformance_table.py --build build --readme`."
)


def replace_between_markers(path, body):
    """Replaces the text between the markers of `path`; False if it has none."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    begin, end = text.find(BEGIN), text.find(END)
    if begin < 0 or end < begin:
        return False
    text = text[:begin + len(BEGIN)] + "\n" + body + "\n" + text[end:]
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return True


def write_doc(path, body):
    intro = (
        "# Spec testsuite conformance\n\n"
        "Generated by `tests/spec/conformance_table.py` from a run of the conformance gate\n"
        "(`witt_spec_gate`) over the WebAssembly spec testsuite, including `legacy/` and\n"
        "`proposals/`. A command is one module, action or assertion of a `.wast` script;\n"
        "skipped commands use features witt does not support (GC, threads, custom\n"
        "descriptors) and are not counted in the pass rate. Areas are assigned by file\n"
        "name (see AREAS in the script). Known failures and their reasons are listed in\n"
        "`tests/spec/expected_failures.txt`.\n\n"
    )
    block = "%s\n%s\n%s\n" % (BEGIN, body, END)
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if BEGIN in text and END in text:
            text = text[:text.index(BEGIN)] + block.rstrip("\n") + text[text.index(END) + len(END):]
        else:
            text = text.rstrip("\n") + "\n\n" + block
    else:
        text = intro + block
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def find_gate(root, build):
    if build:
        return os.path.join(build, "tests", "witt_spec_gate")
    candidates = [os.path.join(root, "build"), os.path.join(root, "build-text")]
    candidates += sorted(os.path.join(root, d) for d in os.listdir(root) if d.startswith("build-"))
    for d in candidates:
        gate = os.path.join(d, "tests", "witt_spec_gate")
        if os.path.exists(gate):
            return gate
    return None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", help="build directory holding tests/witt_spec_gate")
    ap.add_argument("--gate", help="path of witt_spec_gate")
    ap.add_argument("--results", help="read this results file instead of running the gate")
    ap.add_argument("--doc", default=os.path.join(root, "docs", "conformance.md"))
    ap.add_argument("--readme", nargs="?", const=os.path.join(root, "README.md"),
                    help="also update the table of README.md (or of PATH) between the markers")
    args = ap.parse_args()

    if args.results:
        rows = read_results(args.results)
    else:
        gate = args.gate or find_gate(root, args.build)
        if not gate or not os.path.exists(gate):
            sys.exit("witt_spec_gate not found (build it, or pass --build or --gate)")
        with tempfile.TemporaryDirectory() as tmp:
            results = os.path.join(tmp, "results.tsv")
            run_gate(gate, results)
            rows = read_results(results)
    body = table(rows)
    write_doc(args.doc, body)
    if args.readme and not replace_between_markers(args.readme, body + README_NOTE):
        sys.exit("%s has no %s ... %s markers" % (args.readme, BEGIN, END))
    print(body)


if __name__ == "__main__":
    main()
