#!/usr/bin/env python3
"""Differential testing of witt against V8 (node), docs/robustness.md.

    diff.py run --runner WITT_DIFF_RUNNER [--count N] [--seed S] [--out DIR]
                [--reduce] [--keep] [--simd]
        generates N modules with binaryen (wasm-opt -ttf, fixed seeds S, S+1,
        ...), runs every export in witt and in node with the same arguments,
        and compares results, traps, fuzzing-support logs, final memory (hash)
        and exported globals. Divergences are saved in DIR (with --reduce,
        minimized by wasm-reduce first). Exits 1 if any module diverged.
    diff.py check --runner WITT_DIFF_RUNNER MODULE.wasm
        compares one module; prints the differences (wasm-reduce's command).

Normalized, as freedoms the spec allows or as host limits: NaN bit patterns
(a NaN result equals any NaN; binaryen's --denan pass keeps scalar NaNs out of
memory and integers; SIMD NaN lanes in memory and in logged v128 values
compare equal when both sides hold a NaN there), trap messages (a trap equals a trap), stack exhaustion depth
(an exhausted stack equals a trap; when only one engine exhausts its stack
the rest of the module is not compared) and witt's fuel and timeout (a call
witt stopped ends the comparison). Relaxed SIMD, threads, GC and exception
handling are not generated; SIMD only with --simd (its NaN payloads differ
legitimately, see FEATURES). Exports with v128 in their signature cannot be
called from JS and are skipped.
"""
import argparse
import hashlib
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
NODE_RUNNER = os.path.join(HERE, 'node_runner.js')

# What node 18 (V8 10.2) runs without flags, and witt too. SIMD only with
# --simd: binaryen's --denan pass does not cover v128, and the engines differ
# legitimately in the NaN payloads of f32x4/f64x2 results (V8 makes them
# canonical, witt propagates them), which lane extraction turns into integer,
# control-flow and memory differences: SIMD divergences need a look at the
# reduced module before they count.
FEATURES = ['--mvp-features', '--enable-sign-ext', '--enable-nontrapping-float-to-int',
            '--enable-bulk-memory', '--enable-mutable-globals', '--enable-multivalue']
SIMD = ['--enable-simd']
RESET = 'hangLimitInitializer'
TYPES = {0x7F: 'i32', 0x7E: 'i64', 0x7D: 'f32', 0x7C: 'f64', 0x7B: 'v128', 0x70: 'ref', 0x6F: 'ref'}


# ---- Reading export signatures from a binary (JS cannot tell f32 from f64) ----

class Reader:
    def __init__(self, data, pos=0, end=None):
        self.d, self.p, self.end = data, pos, len(data) if end is None else end

    def byte(self):
        b = self.d[self.p]
        self.p += 1
        return b

    def u32(self):
        r = s = 0
        while True:
            b = self.byte()
            r |= (b & 0x7F) << s
            s += 7
            if not b & 0x80:
                return r

    def name(self):
        n = self.u32()
        s = self.d[self.p:self.p + n].decode('utf-8', 'replace')
        self.p += n
        return s

    def valtype(self):
        b = self.byte()
        if b in (0x63, 0x64):  # (ref null? ht)
            self.u32()
            return 'ref'
        return TYPES.get(b, '?')

    def skip_limits(self):
        flags = self.byte()
        self.u32()
        if flags & 1:
            self.u32()

    def skip_const_expr(self):
        # Constant expressions of -ttf modules: t.const, global.get, ref.null, ref.func, v128.const.
        while True:
            op = self.byte()
            if op == 0x0B:
                return
            if op in (0x41, 0x42, 0x23, 0xD2):
                self.u32()
            elif op == 0x43:
                self.p += 4
            elif op == 0x44:
                self.p += 8
            elif op == 0xD0:
                self.byte()
            elif op == 0xFD:
                self.u32()
                self.p += 16


def signatures(data):
    """{export name: ('func', params, results) | ('global', type) | (kind,)}."""
    r = Reader(data, 8)
    types, funcs, globals_, exports = [], [], [], {}
    while r.p < len(data):
        sid = r.byte()
        size = r.u32()
        end = r.p + size
        s = Reader(data, r.p, end)
        if sid == 1:
            for _ in range(s.u32()):
                form = s.byte()
                if form != 0x60:
                    raise ValueError('non-function type')
                params = [s.valtype() for _ in range(s.u32())]
                results = [s.valtype() for _ in range(s.u32())]
                types.append((params, results))
        elif sid == 2:
            for _ in range(s.u32()):
                s.name()
                s.name()
                kind = s.byte()
                if kind == 0:
                    funcs.append(s.u32())
                elif kind == 1:
                    s.valtype()
                    s.skip_limits()
                elif kind == 2:
                    s.skip_limits()
                elif kind == 3:
                    globals_.append(s.valtype())
                    s.byte()
        elif sid == 3:
            funcs += [s.u32() for _ in range(s.u32())]
        elif sid == 6:
            for _ in range(s.u32()):
                globals_.append(s.valtype())
                s.byte()
                s.skip_const_expr()
        elif sid == 7:
            for _ in range(s.u32()):
                name = s.name()
                kind = s.byte()
                idx = s.u32()
                if kind == 0:
                    params, results = types[funcs[idx]]
                    exports[name] = ('func', params, results)
                elif kind == 3:
                    exports[name] = ('global', globals_[idx])
                else:
                    exports[name] = (kind,)
        r.p = end
    return exports


# ---- Plans: which exports to call, with which arguments ----------------------

INTS32 = [0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 42, 65536, 0xFFFF]
INTS64 = [0, 1, 0xFFFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 42, 0x100000000]
F32S = [0x00000000, 0x80000000, 0x3FC00000, 0xBF800000, 0x7F800000, 0xFF800000, 0x00000001, 0x7F7FFFFF, 0x4B000001]
F64S = [0, 0x8000000000000000, 0x3FF8000000000000, 0xBFF0000000000000, 0x7FF0000000000000, 0xFFF0000000000000,
        0x0000000000000001, 0x7FEFFFFFFFFFFFFF, 0x4330000000000001]


def argument(export, i, t):
    """A deterministic argument from the export's name and position, so that a
    reduced module keeps the arguments of its remaining exports."""
    h = int.from_bytes(hashlib.sha256(f'{export}/{i}'.encode()).digest()[:8], 'little')
    pick = lambda xs: xs[h % len(xs)]  # noqa: E731
    if t == 'i32':
        return f'i32:{pick(INTS32 + [h >> 32]):x}'
    if t == 'i64':
        return f'i64:{pick(INTS64 + [h]):x}'
    if t == 'f32':
        return f'f32:{pick(F32S):x}'
    if t == 'f64':
        return f'f64:{pick(F64S):x}'
    return 'ref:0'


def make_plan(sigs):
    lines = []
    for name, sig in sigs.items():
        if sig[0] == 'func':
            lines.append(' '.join(['results', name] + sig[2]))
        elif sig[0] == 'global':
            lines.append(f'globaltype {name} {sig[1]}')
    reset = RESET in sigs and sigs[RESET][0] == 'func'
    for name, sig in sigs.items():
        if sig[0] != 'func' or name == RESET:
            continue
        if 'v128' in sig[1] or 'v128' in sig[2]:
            continue  # cannot cross the JS boundary
        if reset:
            lines.append(f'reset {RESET}')
        lines.append(' '.join(['call', name] + [argument(name, i, t) for i, t in enumerate(sig[1])]))
    return '\n'.join(lines) + '\n'


# ---- Running and comparing ------------------------------------------------------

def parse_output(text):
    o = {'instantiate': None, 'calls': [], 'logs': {}, 'memories': {}, 'globals': {}}
    for line in text.splitlines():
        parts = line.split(' ')
        if parts[0] == 'instantiate':
            o['instantiate'] = parts[1] if parts[1] == 'ok' else 'error'
            o['instantiate_detail'] = ' '.join(parts[1:])
        elif parts[0] == 'call':
            o['calls'].append((parts[1], parts[2], ' '.join(parts[3:])))
        elif parts[0] == 'log':
            o['logs'].setdefault(int(parts[1]), []).append(parts[2])
        elif parts[0] == 'memory':
            o['memories'][parts[1]] = (parts[2], parts[3])
        elif parts[0] == 'global':
            o['globals'][parts[1]] = parts[2]
    return o


def is_nan(b, width):
    v = int.from_bytes(b, 'little')
    if width == 4:
        return (v >> 23) & 0xFF == 0xFF and v & 0x7FFFFF
    return (v >> 52) & 0x7FF == 0x7FF and v & 0xFFFFFFFFFFFFF


def nan_equivalent(a, b, aligned=False):
    """Whether a and b differ only inside f32 or f64 NaNs: every differing byte
    lies in a 4-byte (or 8-byte) window that holds a NaN in both. SIMD results
    carry NaNs whose bits the spec leaves open (binaryen's --denan pass only
    covers scalar floats); a window may be unaligned in memory."""
    if len(a) != len(b):
        return False
    for p in (i for i in range(len(a)) if a[i] != b[i]):
        covered = False
        for width in (4, 8):
            starts = [p - p % width] if aligned else range(max(0, p - width + 1), p + 1)
            for s0 in starts:
                if s0 + width <= len(a) and is_nan(a[s0:s0 + width], width) and is_nan(b[s0:s0 + width], width):
                    covered = True
                    break
            if covered:
                break
        if not covered:
            return False
    return True


def same_log(x, y):
    if x == y:
        return True
    if x.startswith('v128:') and y.startswith('v128:'):
        return nan_equivalent(bytes.fromhex(x[5:])[::-1], bytes.fromhex(y[5:])[::-1], aligned=True)
    return False


def same_logs(xs, ys):
    return len(xs) == len(ys) and all(same_log(x, y) for x, y in zip(xs, ys))


def run_tool(argv, timeout, env=None):
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, 'timed out'
    if p.returncode != 0:
        return None, f'exit {p.returncode}: {p.stderr.strip()[-500:]}'
    return p.stdout, None


class HarnessError(Exception):
    pass


def compare(module, runner, node, workdir):
    """Returns (differences, notes) for one module; HarnessError when node
    itself failed."""
    with open(module, 'rb') as f:
        data = f.read()
    try:
        sigs = signatures(data)
    except (ValueError, IndexError, KeyError) as e:
        return [], [f'cannot read the exports ({e}): skipped']
    plan = os.path.join(workdir, 'plan.txt')
    with open(plan, 'w') as f:
        f.write(make_plan(sigs))
    wout, werr = run_tool([runner, module, plan], 120)
    nout, nerr = run_tool([node, NODE_RUNNER, module, plan], 120)
    if werr:
        return [f'witt runner failed: {werr}'], []
    if nerr:
        raise HarnessError(f'node failed: {nerr[:300]}')
    w, n = parse_output(wout), parse_output(nout)
    diffs, notes = [], []
    if w['instantiate'] != n['instantiate']:
        return [f'instantiation: witt {w.get("instantiate_detail")} / V8 {n.get("instantiate_detail")}'], []
    if w['instantiate'] != 'ok':
        return [], ['both failed to instantiate']
    complete = True
    for i, (wc, nc) in enumerate(zip(w['calls'], n['calls'])):
        name, wk, wv = wc
        _, nk, nv = nc
        if wk == 'limit':
            notes.append(f'witt stopped {name} ({wv}): later calls not compared')
            complete = False
            break
        wl, nl = w['logs'].get(i, []), n['logs'].get(i, [])
        if wk in ('stack', 'trap') and nk in ('stack', 'trap'):
            # Both trapped; logs before the trap must agree unless a stack ran out
            # (the engines' depths differ, and so does what was logged).
            if 'stack' not in (wk, nk) and not same_logs(wl, nl):
                diffs.append(f'call {i} {name}: logs differ before the trap: witt {wl[:8]} / V8 {nl[:8]}')
            if 'stack' in (wk, nk):
                notes.append(f'{name}: stack exhausted ({wk}/{nk}): later calls not compared')
                complete = False
                break
            continue
        if 'stack' in (wk, nk):
            notes.append(f'{name}: only one engine exhausted its stack ({wk}/{nk}): later calls not compared')
            complete = False
            break
        if nk == 'error':
            notes.append(f'{name}: V8 raised a JS error ({nv}): later calls not compared')
            complete = False
            break
        if wk != nk or (wk == 'ok' and wv != nv):
            diffs.append(f'call {i} {name}: witt {wk} {wv} / V8 {nk} {nv}')
        if not same_logs(wl, nl):
            first = next((j for j in range(min(len(wl), len(nl))) if not same_log(wl[j], nl[j])), min(len(wl), len(nl)))
            diffs.append(f'call {i} {name}: logs differ at entry {first}: witt {wl[first:first + 3]} / '
                         f'V8 {nl[first:first + 3]} ({len(wl)} / {len(nl)} entries)')
        if diffs:
            complete = False
            break
    if complete and len(w['calls']) != len(n['calls']):
        diffs.append(f'{len(w["calls"])} calls in witt, {len(n["calls"])} in V8')
    if complete and not diffs:
        if w['memories'] != n['memories'] and not memories_nan_equivalent(module, plan, runner, node, workdir, w, n):
            diffs.append(f'final memory: witt {w["memories"]} / V8 {n["memories"]}')
        for g, v in n['globals'].items():
            if w['globals'].get(g) != v:
                diffs.append(f'global {g}: witt {w["globals"].get(g)} / V8 {v}')
    return diffs, notes


def memories_nan_equivalent(module, plan, runner, node, workdir, w, n):
    """Runs both again, dumping the memories, and compares them NaN-tolerantly."""
    if set(w['memories']) != set(n['memories']):
        return False
    wenv = dict(os.environ, WITT_DIFF_DUMP=os.path.join(workdir, 'witt'))
    nenv = dict(os.environ, WITT_DIFF_DUMP=os.path.join(workdir, 'v8'))
    if run_tool([runner, module, plan], 120, wenv)[1] or run_tool([node, NODE_RUNNER, module, plan], 120, nenv)[1]:
        return False
    for name in w['memories']:
        with open(os.path.join(workdir, 'witt.' + name), 'rb') as f, open(os.path.join(workdir, 'v8.' + name), 'rb') as g:
            if not nan_equivalent(f.read(), g.read()):
                return False
    return True


def generate(seed, out, simd=False):
    rng = random.Random(seed)
    data = bytes(rng.getrandbits(8) for _ in range(rng.randint(1000, 12000)))
    dat = out + '.dat'
    with open(dat, 'wb') as f:
        f.write(data)
    p = subprocess.run(['wasm-opt', '-ttf', dat, '--denan', '-o', out] + FEATURES + (SIMD if simd else []),
                       capture_output=True, text=True)
    os.unlink(dat)
    return p.returncode == 0


def reduce(module, runner, node, outdir, name):
    """Minimizes a diverging module with wasm-reduce, keeping it diverging."""
    reduced = os.path.join(outdir, name + '.reduced.wasm')
    work = os.path.join(outdir, name + '.work.wasm')
    cmd = (f'{sys.executable} {os.path.abspath(__file__)} check --runner {os.path.abspath(runner)} '
           f'--node {node} --quiet {reduced}')
    bindir = os.path.dirname(shutil.which('wasm-opt'))
    try:
        p = subprocess.run(['wasm-reduce', '-b', bindir, module, f'--command={cmd}', '-t', reduced, '-w', work,
                            '--timeout=60'], capture_output=True, text=True, timeout=3600)
    except subprocess.TimeoutExpired:
        return None
    if os.path.exists(work):
        os.unlink(work)
    return reduced if p.returncode == 0 and os.path.exists(reduced) else None


def cmd_run(a):
    for tool in ('wasm-opt', a.node):
        if not shutil.which(tool):
            print(f'diff.py: SKIPPED: {tool} is not installed (apt install binaryen nodejs)')
            return 77
    os.makedirs(a.out, exist_ok=True)
    diverged, skipped, compared, harness = [], 0, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        # node must run a trivial module, or the comparison would be vacuous.
        trivial = os.path.join(tmp, 'trivial.wasm')
        with open(trivial, 'wb') as f:
            f.write(b'\0asm\x01\0\0\0')
        with open(os.path.join(tmp, 'empty.plan'), 'w') as f:
            f.write('')
        out, err = run_tool([a.node, NODE_RUNNER, trivial, os.path.join(tmp, 'empty.plan')], 60)
        if err or not out.startswith('instantiate ok'):
            print(f'diff.py: SKIPPED: {a.node} cannot run node_runner.js: {err or out}'[:500])
            return 77
        for seed in range(a.seed, a.seed + a.count):
            module = os.path.join(tmp, f'seed{seed}.wasm')
            if not generate(seed, module, a.simd):
                print(f'seed {seed}: wasm-opt failed: skipped')
                skipped += 1
                continue
            try:
                diffs, notes = compare(module, a.runner, a.node, tmp)
            except HarnessError as e:
                print(f'seed {seed}: not compared: {e}', flush=True)
                harness += 1
                continue
            compared += 1
            if diffs:
                name = f'seed{seed}'
                saved = os.path.join(a.out, name + '.wasm')
                shutil.copy(module, saved)
                with open(os.path.join(tmp, 'plan.txt')) as f, open(os.path.join(a.out, name + '.plan'), 'w') as g:
                    g.write(f.read())
                msg = f'seed {seed}: DIVERGED: ' + '; '.join(diffs)
                if a.reduce:
                    r = reduce(saved, a.runner, a.node, a.out, name)
                    msg += f'\n  reduced: {r}' if r else '\n  (reduction failed)'
                print(msg, flush=True)
                diverged.append(seed)
            elif a.verbose or notes:
                print(f'seed {seed}: same' + (f' ({"; ".join(notes)})' if notes else ''), flush=True)
            if a.keep:
                shutil.copy(module, os.path.join(a.out, f'seed{seed}.wasm'))
    print(f'diff.py: {compared} modules compared, {len(diverged)} diverged, {skipped} not generated, '
          f'{harness} failed in node' + (f'; divergences saved in {a.out}' if diverged else ''))
    if harness * 10 > a.count:
        print('diff.py: node failed on more than a tenth of the modules: the harness is broken')
        return 1
    return 1 if diverged else 0


def diff_kind(d):
    words = d.split()
    if d.startswith('call ') and 'witt' in words and 'V8' in words and 'logs' not in words:
        return words[words.index('witt') + 1] + '/' + words[words.index('V8') + 1]
    for k in ('logs', 'memory', 'global', 'instantiation', 'calls'):
        if k in d:
            return k
    return 'other'


def cmd_check(a):
    with tempfile.TemporaryDirectory() as tmp:
        try:
            diffs, notes = compare(a.module, a.runner, a.node, tmp)
        except HarnessError as e:
            print(f'error {e}')
            return 2
    if a.quiet:
        # wasm-reduce keeps a reduction when this output is unchanged: only
        # whether it diverges and the kind of the first difference (which
        # outcomes, or logs, memory, globals), not its values.
        print(('diverges: ' + diff_kind(diffs[0])) if diffs else 'same')
        return 0
    for d in diffs:
        print('DIFF ' + d)
    for n in notes:
        print('note ' + n)
    print('diverges' if diffs else 'same')
    return 1 if diffs else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('run')
    r.add_argument('--runner', required=True)
    r.add_argument('--node', default='node')
    r.add_argument('--count', type=int, default=30)
    r.add_argument('--seed', type=int, default=1)
    r.add_argument('--out', default='differential-out')
    r.add_argument('--reduce', action='store_true')
    r.add_argument('--keep', action='store_true', help='keep every generated module in --out')
    r.add_argument('--verbose', action='store_true')
    r.add_argument('--simd', action='store_true', help='generate SIMD too (see FEATURES)')
    c = sub.add_parser('check')
    c.add_argument('--runner', required=True)
    c.add_argument('--node', default='node')
    c.add_argument('--quiet', action='store_true')
    c.add_argument('module')
    a = ap.parse_args()
    return cmd_run(a) if a.cmd == 'run' else cmd_check(a)


if __name__ == '__main__':
    sys.exit(main())
