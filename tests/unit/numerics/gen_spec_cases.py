#!/usr/bin/env python3
"""Extract pure-operator test vectors from the WebAssembly spec testsuite.

Produces the committed tables tests/unit/numerics/spec_cases_*_test.cpp, so the
unit tests never need ../shared at run or build time.

How it works: for every (module ...) of a .wast file, each exported function
whose body is exactly one pure operator applied to its parameters and/or
constants -- folded `(i32.add (local.get 0) (local.get 1))` or flat
`local.get 0 local.get 1 i64.add128`, with lane / shuffle immediates -- is
remembered. Every assert_return / assert_trap invoking such a function becomes
one row: operator, operand bits, expected result bits (or alternatives for
`either`), NaN patterns (nan:canonical / nan:arithmetic, per lane for v128) or
the expected trap. Functions doing anything else are skipped.

Literals are converted exactly: float literals (decimal or hex) are rounded to
binary32/binary64 from their exact rational value with ties-to-even, never via a
Python float (which would double-round binary32).

Usage (from the repository root):
  python3 tests/unit/numerics/gen_spec_cases.py [path/to/spec-testsuite]
The default testsuite path is ../shared/spec-testsuite. Each generated file
lists its sources with a sha256 prefix, so a changed testsuite shows up as a
diff. The output is already laid out as clang-format would (tables are in
clang-format off regions), so running clang-format on it changes nothing.
"""

import hashlib
import os
import re
import sys
from fractions import Fraction

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

# Output groups: (test file suffix, [wast files relative to the testsuite]).
GROUPS = [
    ("int", ["i32.wast", "i64.wast", "int_exprs.wast",
             "proposals/wide-arithmetic/wide-arithmetic.wast"]),
    ("f32", ["f32.wast", "f32_bitwise.wast", "f32_cmp.wast"]),
    ("f64", ["f64.wast", "f64_bitwise.wast", "f64_cmp.wast"]),
    ("conv", ["conversions.wast", "float_misc.wast", "float_exprs.wast"]),
    ("simd_f32x4", ["simd_f32x4.wast", "simd_f32x4_arith.wast", "simd_f32x4_cmp.wast",
                    "simd_f32x4_rounding.wast"]),
    ("simd_f32x4_pminmax", ["simd_f32x4_pmin_pmax.wast"]),
    ("simd_f64x2", ["simd_f64x2.wast", "simd_f64x2_arith.wast", "simd_f64x2_cmp.wast",
                    "simd_f64x2_rounding.wast"]),
    ("simd_f64x2_pminmax", ["simd_f64x2_pmin_pmax.wast"]),
    ("simd_int", ["simd_i8x16_arith.wast", "simd_i8x16_arith2.wast", "simd_i8x16_cmp.wast",
                  "simd_i8x16_sat_arith.wast", "simd_i16x8_arith.wast",
                  "simd_i16x8_arith2.wast", "simd_i16x8_cmp.wast",
                  "simd_i16x8_extadd_pairwise_i8x16.wast", "simd_i16x8_extmul_i8x16.wast",
                  "simd_i16x8_q15mulr_sat_s.wast", "simd_i16x8_sat_arith.wast",
                  "simd_i32x4_arith.wast", "simd_i32x4_arith2.wast", "simd_i32x4_cmp.wast",
                  "simd_i32x4_dot_i16x8.wast", "simd_i32x4_extadd_pairwise_i16x8.wast",
                  "simd_i32x4_extmul_i16x8.wast", "simd_i64x2_arith.wast",
                  "simd_i64x2_arith2.wast", "simd_i64x2_cmp.wast",
                  "simd_i64x2_extmul_i32x4.wast", "simd_int_to_int_extend.wast"]),
    ("simd_misc", ["simd_bit_shift.wast", "simd_bitwise.wast", "simd_boolean.wast",
                   "simd_conversions.wast", "simd_i32x4_trunc_sat_f32x4.wast",
                   "simd_i32x4_trunc_sat_f64x2.wast", "simd_lane.wast", "simd_splat.wast",
                   ]),
    ("relaxed", ["relaxed_dot_product.wast", "relaxed_laneselect.wast",
                 "relaxed_madd_nmadd.wast", "relaxed_min_max.wast",
                 "i8x16_relaxed_swizzle.wast", "i16x8_relaxed_q15mulr_s.wast",
                 "i32x4_relaxed_trunc.wast"]),
]

TRAPS = {
    "integer divide by zero": "IntegerDivideByZero",
    "integer overflow": "IntegerOverflow",
    "invalid conversion to integer": "InvalidConversion",
}

# ---------------------------------------------------------------------------
# opcodes.def


def load_opcodes():
    ops = {}
    pat = re.compile(r'WITT_(OP|PURE)\((\w+),\s*(0x\w+),\s*(0x\w+),\s*"([^"]*)",\s*(\w+),\s*"([^"]*)"')
    with open(os.path.join(ROOT, "src", "spec", "opcodes.def")) as f:
        for line in f:
            m = pat.match(line)
            if m and m.group(1) == "PURE":
                sig = m.group(7)
                params, results = sig.split(":")
                ops[m.group(5)] = dict(ident=m.group(2), imm=m.group(6), params=params,
                                       results=results)
    return ops


# ---------------------------------------------------------------------------
# S-expressions


def tokenize(text):
    i, n = 0, len(text)
    toks = []
    while i < n:
        c = text[i]
        if c in " \t\r\n":
            i += 1
        elif text.startswith(";;", i):
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
        elif text.startswith("(;", i):
            depth, i = 1, i + 2
            while depth:
                if text.startswith("(;", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith(";)", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c in "()":
            toks.append((c, line_of(text, i)))
            i += 1
        elif c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            toks.append((text[i:j + 1], line_of(text, i)))
            i = j + 1
        else:
            j = i
            while j < n and text[j] not in ' \t\r\n()";':
                j += 1
            toks.append((text[i:j], line_of(text, i)))
            i = j
    return toks


_line_cache = {}


def line_of(text, pos):
    key = id(text)
    if key not in _line_cache:
        starts = [0]
        for k, ch in enumerate(text):
            if ch == "\n":
                starts.append(k + 1)
        _line_cache[key] = starts
    import bisect
    return bisect.bisect_right(_line_cache[key], pos)


class Node(list):
    line = 0


def parse(toks):
    stack = [Node()]
    for tok, line in toks:
        if tok == "(":
            node = Node()
            node.line = line
            stack[-1].append(node)
            stack.append(node)
        elif tok == ")":
            stack.pop()
        else:
            stack[-1].append(tok)
    return stack[0]


# ---------------------------------------------------------------------------
# literals


def parse_int(s, bits):
    s = s.replace("_", "")
    neg = s.startswith("-")
    if s[0] in "+-":
        s = s[1:]
    v = int(s, 16) if s.startswith("0x") else int(s)
    if neg:
        v = -v
    return v & ((1 << bits) - 1)


FMT = {32: (8, 23), 64: (11, 52)}


def round_fraction(q, bits):
    """Round a positive rational to the nearest binary{bits}, ties to even."""
    e, m = FMT[bits]
    bias = (1 << (e - 1)) - 1
    emin = 1 - bias
    E = q.numerator.bit_length() - q.denominator.bit_length()
    while Fraction(2) ** E > q:
        E -= 1
    while Fraction(2) ** (E + 1) <= q:
        E += 1
    if E < emin:
        E = emin
    scaled = q / (Fraction(2) ** (E - m))
    N = scaled.numerator // scaled.denominator
    rem = scaled - N
    if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and N % 2 == 1):
        N += 1
    if N == 1 << (m + 1):
        N >>= 1
        E += 1
    if E > bias:
        return ((1 << e) - 1) << m  # overflow: infinity
    if N < (1 << m):
        return N  # subnormal (or zero)
    return ((E + bias) << m) | (N - (1 << m))


def parse_float(s, bits):
    """Returns (bits, nan_kind) with nan_kind None, 'canonical' or 'arithmetic'."""
    e, m = FMT[bits]
    s = s.replace("_", "")
    sign = 0
    if s[0] in "+-":
        sign = 1 if s[0] == "-" else 0
        s = s[1:]
    sbit = sign << (bits - 1)
    exp_all = ((1 << e) - 1) << m
    if s == "inf":
        return sbit | exp_all, None
    if s == "nan":
        return sbit | exp_all | (1 << (m - 1)), None
    if s == "nan:canonical":
        return sbit | exp_all | (1 << (m - 1)), "canonical"
    if s == "nan:arithmetic":
        return sbit | exp_all | (1 << (m - 1)), "arithmetic"
    if s.startswith("nan:0x"):
        return sbit | exp_all | int(s[6:], 16), None
    if s.startswith("0x"):
        body = s[2:]
        exp = 0
        if "p" in body or "P" in body:
            body, exp_s = re.split("[pP]", body)
            exp = int(exp_s)
        if "." in body:
            ip, fp = body.split(".")
        else:
            ip, fp = body, ""
        mant = int((ip or "0") + fp, 16) if (ip + fp) else 0
        q = Fraction(mant) * Fraction(2) ** (exp - 4 * len(fp))
    else:
        q = Fraction(s)
    if q == 0:
        return sbit, None
    return sbit | round_fraction(q, bits), None


LANES = {"i8x16": (16, 8), "i16x8": (8, 16), "i32x4": (4, 32), "i64x2": (2, 64),
         "f32x4": (4, 32), "f64x2": (2, 64)}


class Value:
    """A literal: type letter, 128-bit pattern, and NaN expectations."""

    def __init__(self, t, bits, lane_bytes=0, canon=0, arith=0):
        self.t, self.bits, self.lane_bytes, self.canon, self.arith = t, bits, lane_bytes, canon, arith


def parse_const(node):
    head = node[0]
    if head == "i32.const":
        return Value("i", parse_int(node[1], 32))
    if head == "i64.const":
        return Value("l", parse_int(node[1], 64))
    if head in ("f32.const", "f64.const"):
        bits = 32 if head == "f32.const" else 64
        b, kind = parse_float(node[1], bits)
        return Value("f" if bits == 32 else "d", b, 0, kind == "canonical", kind == "arithmetic")
    if head == "v128.const":
        shape = node[1]
        count, width = LANES[shape]
        lanes = node[2:]
        if len(lanes) != count:
            return None
        total, canon, arith = 0, 0, 0
        for i, lit in enumerate(lanes):
            if shape[0] == "f":
                b, kind = parse_float(lit, width)
                if kind == "canonical":
                    canon |= 1 << i
                if kind == "arithmetic":
                    arith |= 1 << i
            else:
                b = parse_int(lit, width)
            total |= b << (i * width)
        lb = width // 8 if shape[0] == "f" else 0
        return Value("v", total, lb, canon, arith)
    return None


# ---------------------------------------------------------------------------
# modules


def func_body_op(func, ops):
    """If func's body is one pure op over params/constants: (op, operands, imms)."""
    params = []  # names (or None) in order
    body = []
    exports = []
    for item in func[1:]:
        if isinstance(item, Node) and item and item[0] == "export":
            exports.append(item[1].strip('"'))
        elif isinstance(item, Node) and item and item[0] == "param":
            rest = item[1:]
            if rest and rest[0].startswith("$"):
                params.append(rest[0])
            else:
                params.extend([None] * len(rest))
        elif isinstance(item, Node) and item and item[0] in ("result", "type"):
            pass
        elif isinstance(item, Node) and item and item[0] == "local":
            return exports, None
        elif isinstance(item, str) and item.startswith("$") and not body:
            pass
        else:
            body.append(item)

    def operand(x):
        if isinstance(x, Node) and len(x) == 2 and x[0] == "local.get":
            idx = x[1]
            if idx.startswith("$"):
                if idx not in params:
                    return None
                return ("local", params.index(idx))
            return ("local", int(idx))
        if isinstance(x, Node) and x and x[0].endswith(".const"):
            v = parse_const(x)
            return ("const", v) if v else None
        return None

    if len(body) == 1 and isinstance(body[0], Node) and body[0] and isinstance(body[0][0], str):
        instr = body[0]
        name = instr[0]
        if name not in ops:
            return exports, None
        imms = [x for x in instr[1:] if isinstance(x, str)]
        operands = [operand(x) for x in instr[1:] if isinstance(x, Node)]
    elif body and all(isinstance(x, str) for x in body):
        # flat: local.get N ... op imm*
        toks = list(body)
        operands = []
        while len(toks) >= 2 and toks[0] == "local.get":
            operands.append(("local", int(toks[1])))
            toks = toks[2:]
        if not toks or toks[0] not in ops:
            return exports, None
        name, imms = toks[0], toks[1:]
    else:
        return exports, None
    op = ops[name]
    if None in operands or len(operands) != len(op["params"]):
        return exports, None
    if op["imm"] == "Lane" and len(imms) != 1:
        return exports, None
    if op["imm"] == "Shuffle" and len(imms) != 16:
        return exports, None
    if op["imm"] not in ("Lane", "Shuffle") and imms:
        return exports, None
    return exports, (name, operands, imms)


def hexnum(x):
    return "0x%x" % x if x else "0"


def c_value(v):
    return "{%s,%s}" % (hexnum(v.bits & ((1 << 64) - 1)), hexnum(v.bits >> 64))


def c_expect(v):
    lb = v.lane_bytes if v.t == "v" else (4 if v.t == "f" else 8 if v.t == "d" else 0)
    return "{%s,%s,%d,%d,%d}" % (hexnum(v.bits & ((1 << 64) - 1)), hexnum(v.bits >> 64), lb,
                                 int(v.canon), int(v.arith))


def test_case(ident, rel):
    """A TEST as clang-format (.clang-format: 100 columns) would lay it out."""
    call = 'runSpecCases("%s", k_%s);' % (rel, ident)
    one = "TEST(SpecTestsuite, %s) { %s }" % (ident, call)
    if len(one) <= 100:
        return one + "\n"
    return "TEST(SpecTestsuite, %s) {\n  %s\n}\n" % (ident, call)


def process_file(path, rel, ops, stats):
    text = open(path).read()
    root = parse(tokenize(text))
    funcs = {}
    rows = []
    for cmd in root:
        if not isinstance(cmd, Node) or not cmd:
            continue
        if cmd[0] == "module":
            if len(cmd) > 1 and cmd[1] in ("binary", "quote") or \
                    (len(cmd) > 2 and cmd[2] in ("binary", "quote")):
                continue
            funcs = {}
            for item in cmd[1:]:
                if isinstance(item, Node) and item and item[0] == "func":
                    exports, fo = func_body_op(item, ops)
                    for e in exports:
                        funcs[e] = fo
        elif cmd[0] in ("assert_return", "assert_trap"):
            inv = cmd[1]
            if not isinstance(inv, Node) or inv[0] != "invoke":
                continue
            args = inv[1:]
            if args and isinstance(args[0], str) and args[0].startswith("$"):
                args = args[1:]
            fname = args[0].strip('"')
            fo = funcs.get(fname)
            stats["asserts"] += 1
            if fo is None:
                stats["skipped"] += 1
                continue
            name, operands, imms = fo
            op = ops[name]
            argv = [parse_const(a) for a in args[1:]]
            if None in argv:
                stats["skipped"] += 1
                continue
            vals = []
            for kind, x in operands:
                vals.append(argv[x] if kind == "local" else x)
            if op["imm"] == "Lane":
                vals.append(Value("v", int(imms[0], 0)))
            elif op["imm"] == "Shuffle":
                vals.append(Value("v", sum(parse_int(t, 8) << (8 * i) for i, t in enumerate(imms))))
            trap = "None"
            alts = []
            if cmd[0] == "assert_trap":
                msg = cmd[2].strip('"')
                trap = TRAPS.get(msg)
                if trap is None:
                    stats["skipped"] += 1
                    continue
            else:
                results = cmd[2:]
                if len(results) == 1 and isinstance(results[0], Node) and results[0][0] == "either":
                    alts = [[parse_const(r)] for r in results[0][1:]]
                else:
                    alts = [[parse_const(r) for r in results]]
                if any(None in a for a in alts) or any(len(a) != len(op["results"]) for a in alts):
                    stats["skipped"] += 1
                    continue
            nres = len(op["results"])
            expects = [e for a in alts for e in a]
            if len(expects) > 4:
                stats["skipped"] += 1
                continue
            rows.append("{%d,Op::%s,%d,%d,TrapKind::%s,{%s},{%s}}," % (
                cmd.line, op["ident"], nres if trap == "None" else 0, len(alts), trap,
                ",".join(c_value(v) for v in vals),
                ",".join(c_expect(e) for e in expects)))
            stats["rows"] += 1
    return rows


def main():
    suite = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "spec-testsuite")
    ops = load_opcodes()
    for group, files in GROUPS:
        out = []
        tests = []
        for rel in files:
            path = os.path.join(suite, rel)
            stats = {"asserts": 0, "skipped": 0, "rows": 0}
            rows = process_file(path, rel, ops, stats)
            ident = re.sub(r"\W", "_", os.path.basename(rel)[:-5])
            print("%-45s asserts %5d  rows %5d  skipped %5d" % (rel, stats["asserts"], stats["rows"],
                                                               stats["skipped"]))
            if not rows:
                continue
            out.append("const SpecCase k_%s[] = {" % ident)
            out.extend(rows)
            out.append("};")
            tests.append((ident, rel))
        fname = os.path.join(HERE, "spec_cases_%s_test.cpp" % group)
        with open(fname, "w") as f:
            f.write("// GENERATED by tests/unit/numerics/gen_spec_cases.py from the WebAssembly spec\n")
            f.write("// testsuite. Do not edit: rerun the script. Sources:\n")
            for rel in files:
                with open(os.path.join(suite, rel), "rb") as src:
                    digest = hashlib.sha256(src.read()).hexdigest()[:16]
                f.write("//   %s (sha256 %s...)\n" % (rel, digest))
            f.write("// Rows: {line, op, results, alternatives, trap, {operands (+ immediate)},\n")
            f.write("//        {expected per result and alternative: bits lo, hi, NaN lane bytes,\n")
            f.write("//         canonical-NaN lane mask, arithmetic-NaN lane mask}}\n")
            f.write('#include "unit/numerics/spec_runner.h"\n\n')
            f.write("namespace witt::numtest {\nnamespace {\n\n// clang-format off\n")
            f.write("\n".join(out))
            f.write("\n// clang-format on\n\n")
            for ident, rel in tests:
                f.write(test_case(ident, rel))
            f.write("\n}  // namespace\n}  // namespace witt::numtest\n")


if __name__ == "__main__":
    main()
