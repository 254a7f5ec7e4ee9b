#!/usr/bin/env python3
"""An independent check of `witt run --trace`'s instruction count (`ops:`).

The module is rewritten so that every instruction -- block, loop, if, else
and end included -- is preceded by a bump of a new mutable i64 global:

    global.get $c  i64.const 1  i64.add  global.set $c

The counter is exported as "__witt_ops"; node runs the rewritten module and
prints it. Placing the bump *before* each instruction gives exactly the
counting rules of the Tracer contract (docs/tracing.md), with no knowledge
of witt's internals:
  - `end` counts only when reached by fallthrough: a branch out of a block
    resumes after the `end`, past its bump;
  - a branch back to a loop resumes after the `loop` opcode, so the bump in
    front of `loop` runs once per entry, not per iteration;
  - `else` counts at the end of the then branch (its bump is the last thing
    the then branch runs), and the `if`'s `end` then does not run;
  - a trapping instruction counts (its bump ran), and so does a call.
The bump is stack-neutral, so the rewritten body validates wherever the
original did, unreachable code included.

Usage:
  ops_oracle.py --witt PATH [--tool PATH] [--node PATH] [--functions] SPEC...
SPEC is FILE (invokes "run" with no arguments), FILE:EXPORT[:ARG,...], or
FILE:wasi[:ARG,...] (a WASI command with these arguments). Text modules
(.wat) are encoded by `witt_trace_tool encode` first. With --functions, each
function also gets a counter of its own, checked against the self
instructions of `witt run --profile=functions --format=json`. Exit status 0 when every
count agrees, 1 otherwise, 77 when node is missing (CTest's skip code).
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

# ---------------------------------------------------------------- LEB128


def read_u(b: bytes, i: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = b[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, i


def read_s(b: bytes, i: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = b[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            if byte & 0x40:
                result -= 1 << shift
            return result, i


def write_u(v: int) -> bytes:
    out = bytearray()
    while True:
        byte = v & 0x7F
        v >>= 7
        if v:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def name(s: str) -> bytes:
    raw = s.encode()
    return write_u(len(raw)) + raw


# ---------------------------------------------------------------- instructions

# Immediate kinds of single-byte opcodes (spec 5.4); the rest have none.
LABEL, IDX, IDX2, BLOCK, MEMARG, MEMIDX, S32, S64, F32, F64, BRTABLE, SELECTT, HEAP, TRYTABLE = range(14)
SINGLE = {
    0x02: BLOCK, 0x03: BLOCK, 0x04: BLOCK, 0x06: BLOCK,  # block loop if try
    0x07: IDX, 0x08: IDX, 0x09: LABEL, 0x0C: LABEL, 0x0D: LABEL, 0x0E: BRTABLE,
    0x10: IDX, 0x11: IDX2, 0x12: IDX, 0x13: IDX2, 0x14: IDX, 0x15: IDX, 0x18: LABEL,
    0x1C: SELECTT, 0x1F: TRYTABLE,
    0x20: IDX, 0x21: IDX, 0x22: IDX, 0x23: IDX, 0x24: IDX, 0x25: IDX, 0x26: IDX,
    0x3F: MEMIDX, 0x40: MEMIDX, 0x41: S32, 0x42: S64, 0x43: F32, 0x44: F64,
    0xD0: HEAP, 0xD2: IDX, 0xD5: LABEL, 0xD6: LABEL,
}
for op in range(0x28, 0x3F):
    SINGLE[op] = MEMARG
# 0xFC sub-opcodes with immediates: memory.init, data.drop, memory.copy,
# memory.fill, table.init, elem.drop, table.copy, table.grow/size/fill.
FC = {8: [IDX, IDX], 9: [IDX], 10: [IDX, IDX], 11: [IDX], 12: [IDX, IDX], 13: [IDX], 14: [IDX, IDX],
      15: [IDX], 16: [IDX], 17: [IDX]}
VALTYPES = {0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F, 0x69}


def skip_valtype(b: bytes, i: int) -> int:
    if b[i] in (0x63, 0x64):  # (ref null? heaptype)
        _, i = read_s(b, i + 1)
        return i
    return i + 1


def skip_memarg(b: bytes, i: int) -> int:
    align, i = read_u(b, i)
    if align & 0x40:  # multi-memory: a memory index follows
        _, i = read_u(b, i)
    _, i = read_u(b, i)
    return i


def skip_imm(kind: int, b: bytes, i: int) -> int:
    if kind in (LABEL, IDX, MEMIDX):
        return read_u(b, i)[1]
    if kind == IDX2:
        return read_u(b, read_u(b, i)[1])[1]
    if kind == BLOCK:
        if b[i] == 0x40 or b[i] in VALTYPES or b[i] in (0x63, 0x64):
            return skip_valtype(b, i) if b[i] != 0x40 else i + 1
        return read_s(b, i)[1]
    if kind == MEMARG:
        return skip_memarg(b, i)
    if kind == S32 or kind == S64 or kind == HEAP:
        return read_s(b, i)[1]
    if kind == F32:
        return i + 4
    if kind == F64:
        return i + 8
    if kind == BRTABLE:
        n, i = read_u(b, i)
        for _ in range(n + 1):
            _, i = read_u(b, i)
        return i
    if kind == SELECTT:
        n, i = read_u(b, i)
        for _ in range(n):
            i = skip_valtype(b, i)
        return i
    if kind == TRYTABLE:
        i = skip_imm(BLOCK, b, i)
        n, i = read_u(b, i)
        for _ in range(n):
            k = b[i]
            i += 1
            if k in (0, 1):  # catch, catch_ref: a tag
                _, i = read_u(b, i)
            _, i = read_u(b, i)  # the label
        return i
    raise ValueError(f"immediate kind {kind}")


def next_instr(b: bytes, i: int) -> int:
    """The offset after the instruction at b[i]."""
    op = b[i]
    i += 1
    if op == 0xFC:
        sub, i = read_u(b, i)
        for kind in FC.get(sub, []):
            i = skip_imm(kind, b, i)
        return i
    if op == 0xFD:
        sub, i = read_u(b, i)
        if sub <= 11 or sub in (92, 93):  # loads, stores, load32/64_zero
            return skip_memarg(b, i)
        if sub in (12, 13):  # v128.const, i8x16.shuffle
            return i + 16
        if 21 <= sub <= 34:  # extract_lane / replace_lane
            return i + 1
        if 84 <= sub <= 91:  # load_lane / store_lane
            return skip_memarg(b, i) + 1
        return i
    if op == 0xFE:
        sub, i = read_u(b, i)
        return i + 1 if sub == 3 else skip_memarg(b, i)  # atomic.fence has a 0 byte
    if op in SINGLE:
        return skip_imm(SINGLE[op], b, i)
    return i


def instrument_body(body: bytes, counter: int) -> tuple[bytes, int]:
    """The body with a counter bump before every instruction; the count of them."""
    i = 0
    ndecl, i = read_u(body, i)
    for _ in range(ndecl):
        _, i = read_u(body, i)
        i = skip_valtype(body, i)
    g = write_u(counter)
    bump = b"\x23" + g + b"\x42\x01\x7c\x24" + g
    out = bytearray(body[:i])
    n = 0
    while i < len(body):
        j = next_instr(body, i)
        out += bump + body[i:j]
        i = j
        n += 1
    return bytes(out), n


# ---------------------------------------------------------------- module

def count_func_imports(p: bytes) -> int:
    n, k = read_u(p, 0)
    funcs = 0
    for _ in range(n):
        for _ in range(2):
            ln, k = read_u(p, k)
            k += ln
        kind = p[k]
        k += 1
        if kind == 0:
            funcs += 1
            _, k = read_u(p, k)
        elif kind in (1, 2):
            if kind == 1:
                k = skip_valtype(p, k)
            flags = p[k]
            _, k = read_u(p, k + 1)
            if flags & 1:
                _, k = read_u(p, k)
        elif kind == 3:
            k = skip_valtype(p, k) + 1
        elif kind == 4:
            _, k = read_u(p, k + 1)
    return funcs


ORDER = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11]  # section order (custom sections aside)


def instrument(wasm: bytes, per_function: bool = False) -> bytes:
    """The module with the counter bumps. per_function: one counter per defined
    function, exported as "__witt_f<index>" (index in the function index
    space), instead of one "__witt_ops"."""
    assert wasm[:8] == b"\0asm\1\0\0\0", "not a wasm binary module"
    sections = []  # (id, payload)
    i = 8
    while i < len(wasm):
        sid = wasm[i]
        size, j = read_u(wasm, i + 1)
        sections.append((sid, wasm[j:j + size]))
        i = j + size
    # The counter's index: after the imported and the defined globals.
    imported = defined = 0
    for sid, p in sections:
        if sid == 2:
            n, k = read_u(p, 0)
            for _ in range(n):
                for _ in range(2):
                    ln, k = read_u(p, k)
                    k += ln
                kind = p[k]
                k += 1
                if kind == 0:
                    _, k = read_u(p, k)
                elif kind == 1:
                    k = skip_valtype(p, k)
                    flags = p[k]
                    _, k = read_u(p, k + 1)
                    if flags & 1:
                        _, k = read_u(p, k)
                elif kind == 2:
                    flags = p[k]
                    _, k = read_u(p, k + 1)
                    if flags & 1:
                        _, k = read_u(p, k)
                elif kind == 3:
                    imported += 1
                    k = skip_valtype(p, k) + 1
                elif kind == 4:
                    _, k = read_u(p, k + 1)
        elif sid == 6:
            defined, _ = read_u(p, 0)
    imported_funcs = 0
    for sid, p in sections:
        if sid == 2:
            imported_funcs = count_func_imports(p)
    nfuncs = 0
    for sid, p in sections:
        if sid == 10:
            nfuncs, _ = read_u(p, 0)
    counter = imported + defined
    one_global = b"\x7e\x01\x42\x00\x0b"  # mut i64 = i64.const 0
    if per_function:
        new_global = one_global * nfuncs
        nglobals = nfuncs
        export = b"".join(name(f"__witt_f{imported_funcs + k}") + b"\x03" + write_u(counter + k) for k in range(nfuncs))
        nexports = nfuncs
    else:
        new_global, nglobals = one_global, 1
        export, nexports = name("__witt_ops") + b"\x03" + write_u(counter), 1
    out = []
    have = {sid for sid, _ in sections}
    for sid, p in sections:
        if sid == 0:
            n, k = read_u(p, 0)
            # Code metadata (trace marks, branch hints) names code offsets, which move.
            if p[k:k + n].decode(errors="replace").startswith("metadata.code."):
                continue
        elif sid == 6:
            n, k = read_u(p, 0)
            p = write_u(n + nglobals) + p[k:] + new_global
        elif sid == 7:
            n, k = read_u(p, 0)
            p = write_u(n + nexports) + p[k:] + export
        elif sid == 10:
            n, k = read_u(p, 0)
            bodies = bytearray(write_u(n))
            for f in range(n):
                size, k = read_u(p, k)
                body, _ = instrument_body(p[k:k + size], counter + f if per_function else counter)
                bodies += write_u(len(body)) + body
                k += size
            p = bytes(bodies)
        out.append((sid, p))
    # Add the global and export sections where the module had none.
    for sid, p in ((6, write_u(nglobals) + new_global), (7, write_u(nexports) + export)):
        if sid in have:
            continue
        pos = len(out)
        for idx, (s, _) in enumerate(out):
            if s != 0 and ORDER.index(s) > ORDER.index(sid):
                pos = idx
                break
        out.insert(pos, (sid, p))
    return b"\0asm\1\0\0\0" + b"".join(bytes([sid]) + write_u(len(p)) + p for sid, p in out)


# ---------------------------------------------------------------- running

NODE_RUNNER = r"""
const fs = require('fs');
const [file, mode, name, ...args] = process.argv.slice(2);
const mod = new WebAssembly.Module(fs.readFileSync(file));
let imports = {}, wasi = null;
if (mode === 'wasi') {
  const { WASI } = require('node:wasi');
  wasi = new WASI({ version: 'preview1', args: [name, ...args], env: {}, returnOnExit: true });
  imports = wasi.getImportObject();
}
let inst = null, outcome = 'ok';
try {
  inst = new WebAssembly.Instance(mod, imports);
  if (wasi) outcome = 'exit ' + wasi.start(inst);
  else {
    const f = inst.exports[name];
    const params = args.map((a) => (/^-?\d+$/.test(a) ? Number(a) : parseFloat(a)));
    outcome = 'result ' + f(...params);
  }
} catch (e) {
  outcome = 'trap ' + e.message;
}
let report = '';
if (inst)
  for (const [k, v] of Object.entries(inst.exports))
    if (k.startsWith('__witt_')) report += `WITT_COUNTER ${k} ${v.value}\n`;
process.stderr.write(`${report}WITT_OUTCOME ${outcome}\n`);
"""


def witt_command(witt: str, options: list[str], path: str, mode: str, export: str, args: list[str]) -> list[str]:
    if mode == "wasi":
        return [witt, "run", *options, path, "--", *args]
    return [witt, "run", *options, path, "--invoke", export, *args]


def witt_ops(witt: str, path: str, mode: str, export: str, args: list[str]) -> int:
    cmd = witt_command(witt, ["--trace"], path, mode, export, args)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    m = re.search(r"^ops: (\d+)$", p.stderr, re.M)
    if not m:
        raise RuntimeError(f"no ops: line from {' '.join(cmd)} (exit {p.returncode}): {p.stderr[-500:]}")
    return int(m.group(1))


def witt_self_instructions(witt: str, path: str, mode: str, export: str, args: list[str], tmp: str) -> dict:
    """Self instructions per wasm function from `--profile=functions --format=json`."""
    out = os.path.join(tmp, "functions.json")
    cmd = witt_command(witt, ["--profile=functions", "--format=json", "--profile-out=" + out], path, mode, export,
                       args)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with open(out) as f:
            report = json.load(f)
    except (OSError, ValueError) as e:
        raise RuntimeError(f"no functions report from {' '.join(cmd)} (exit {p.returncode}): {e}: {p.stderr[-500:]}")
    return {r["index"]: r["selfInstructions"] for r in report["functions"]["functions"] if not r["host"]}


def node_counters(node: str, runner: str, path: str, mode: str, export: str, args: list[str], argv0: str) -> dict:
    cmd = [node, "--no-warnings", runner, path, mode, argv0 if mode == "wasi" else export, *args]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    counters = {m.group(1): int(m.group(2)) for m in re.finditer(r"^WITT_COUNTER (\S+) (\d+)$", p.stderr, re.M)}
    if not counters:
        raise RuntimeError(f"node failed (exit {p.returncode}): {p.stderr[-800:]}")
    return counters


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--witt", required=True)
    ap.add_argument("--tool", help="witt_trace_tool, to encode .wat files")
    ap.add_argument("--node", default=shutil.which("node"))
    ap.add_argument("--functions", action="store_true",
                    help="also check each function's self instructions (--profile=functions) "
                         "against a counter per function")
    ap.add_argument("specs", nargs="+")
    a = ap.parse_args()
    if not a.node or not os.path.exists(a.node):
        print("SKIP: node is not installed; the ops oracle needs it to run the instrumented modules")
        return 77
    ok = True
    with tempfile.TemporaryDirectory(prefix="witt-oracle-") as tmp:
        runner = os.path.join(tmp, "runner.js")
        with open(runner, "w") as f:
            f.write(NODE_RUNNER)
        for spec in a.specs:
            parts = spec.split(":")
            path, export = parts[0], parts[1] if len(parts) > 1 else "run"
            args = parts[2].split(",") if len(parts) > 2 and parts[2] else []
            mode = "wasi" if export == "wasi" else "invoke"
            binary = path
            if not path.endswith(".wasm"):
                if not a.tool:
                    raise SystemExit(f"{path}: --tool is needed to encode text modules")
                binary = os.path.join(tmp, os.path.basename(path) + ".wasm")
                if subprocess.run([a.tool, "encode", path, binary]).returncode != 0:
                    print(f"FAIL {spec}: cannot encode {path}")
                    ok = False
                    continue
            with open(binary, "rb") as f:
                original = f.read()
            inst_path = os.path.join(tmp, "instrumented.wasm")
            try:
                with open(inst_path, "wb") as f:
                    f.write(instrument(original))
                # WASI argv[0] is the file as given to witt; node gets the same.
                expected = node_counters(a.node, runner, inst_path, mode, export, args, path)["__witt_ops"]
                got = witt_ops(a.witt, path, mode, export, args)
            except RuntimeError as e:
                print(f"FAIL {spec}: {e}")
                ok = False
                continue
            verdict = "ok  " if got == expected else "FAIL"
            ok &= got == expected
            print(f"{verdict} {spec}: witt ops {got:,}, instrumented module in node {expected:,}"
                  + ("" if got == expected else f" (difference {got - expected:+,})"), flush=True)
            if not a.functions:
                continue
            try:
                with open(inst_path, "wb") as f:
                    f.write(instrument(original, per_function=True))
                counters = node_counters(a.node, runner, inst_path, mode, export, args, path)
                profile = witt_self_instructions(a.witt, path, mode, export, args, tmp)
            except RuntimeError as e:
                print(f"FAIL {spec} (functions): {e}")
                ok = False
                continue
            want = {int(k[len("__witt_f"):]): v for k, v in counters.items() if v}
            bad = sorted(set(want) | set(profile), key=lambda i: -max(want.get(i, 0), profile.get(i, 0)))
            bad = [i for i in bad if want.get(i, 0) != profile.get(i, 0)]
            ok &= not bad
            print(f"{'ok  ' if not bad else 'FAIL'} {spec}: self instructions of {len(want)} functions"
                  + ("" if not bad else ": " + ", ".join(
                      f"func {i}: witt {profile.get(i, 0):,} node {want.get(i, 0):,}" for i in bad[:5])), flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
