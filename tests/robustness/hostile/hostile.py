#!/usr/bin/env python3
"""Adversarial modules and texts for witt (docs/robustness.md, "Hostile inputs").

    hostile.py gen OUTDIR                     write every input into OUTDIR
    hostile.py run WITT OUTDIR [--markdown F] [--only NAME,...] [--sanitized]
                                              generate, run each with the witt CLI,
                                              check outcome, time and peak memory
                                              (--sanitized: an ASan build, whose
                                              time bounds are 10x and whose RSS
                                              is reported, not checked)

Every input must be rejected, trap with a clean message, or run to the end,
within its time bound and its peak-RSS bound, measured per child process with
wait4() (the kernel's ru_maxrss, as /usr/bin/time -v reports it). The inputs
are generated rather than committed: several are megabytes long.
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
from wasm_builder import (EXTERNREF, FUNCREF, HEADER, I32, body, export_func, functype, i32_const,  # noqa: E402
                          limits, module, name, section, sleb, uleb, vec)

KILL_AFTER = 120  # seconds: a child still running then is killed and fails its case


class Case:
    def __init__(self, name, desc, data, ext='wasm', run=None, opts=(), exits=(3,), message=None,
                 max_s=5.0, max_mb=256, known=None):
        self.name, self.desc, self.data, self.ext = name, desc, data, ext
        self.run = run            # None: `witt validate`; else [export, args...] for --invoke
        self.opts = list(opts)    # options before FILE (--fuel, --timeout)
        self.exits = exits        # accepted exit codes
        self.message = message    # a substring stderr must contain, if given
        self.max_s, self.max_mb = max_s, max_mb
        self.known = known        # a finding in tests/regress/FINDINGS.md: reported, not failed


def run_module(code, params=(), results=(), locals_=(), memories=(), tables=(), extra_types=(),
               more_funcs=(), start=None, elems=(), datas=(), datacount=None):
    """A module whose function 0 is exported as "f"; more_funcs are (typeidx, body)."""
    types = [functype(params, results)] + list(extra_types)
    funcs = [0] + [t for t, _ in more_funcs]
    codes = [body(code, locals_)] + [b for _, b in more_funcs]
    return module(types=types, funcs=funcs, tables=tables, memories=memories,
                  exports=[export_func('f', 0)], start=start, elems=elems, datacount=datacount,
                  codes=codes, datas=datas)


def count_only(sid, count=0xFFFFFFFF):
    """A section that declares `count` entries and holds none."""
    return HEADER + section(sid, uleb(count))


def cases():
    """The inputs, one at a time: several are megabytes, and the runner must
    not hold them all while it measures its children (a child's peak RSS
    starts from its parent's RSS at fork)."""
    # --- Declared counts that lie -------------------------------------------------
    for sid, what in [(1, 'types'), (2, 'imports'), (3, 'functions'), (4, 'tables'), (5, 'memories'),
                      (6, 'globals'), (7, 'exports'), (9, 'element segments'), (10, 'function bodies'),
                      (11, 'data segments'), (13, 'tags')]:
        yield (Case(f'count_4g_{what.replace(" ", "_")}', f'{what} section declaring 2^32-1 entries, holding none',
                 count_only(sid)))
    yield (Case('count_functions_1m_plus_1', 'function section declaring 1,000,001 functions (limit 1M)',
             HEADER + section(1, vec([functype()])) + section(3, uleb(1000001) + b'\0' * 1000001),
             message='functions'))
    yield (Case('locals_4g', 'a body declaring 2^32-1 i32 locals',
             module(types=[functype()], funcs=[0], codes=[body(b'', [(0xFFFFFFFF, I32)])]), message='locals'))
    yield (Case('locals_sum_wraps', 'two local declarations of 2^31 each (sum wraps a u32 to 0)',
             module(types=[functype()], funcs=[0], codes=[body(b'', [(0x80000000, I32), (0x80000000, I32)])]),
             message='locals'))
    yield (Case('br_table_4g_targets', 'br_table declaring 2^32-1 targets, holding none',
             module(types=[functype()], funcs=[0], codes=[body(b'\x41\x00\x0e' + uleb(0xFFFFFFFF))])))
    yield (Case('data_len_4g', 'a data segment declaring 4 GiB of bytes, holding none',
             HEADER + section(5, vec([limits(1)])) + section(11, uleb(1) + b'\0' + i32_const(0) + b'\x0b' +
                                                          uleb(0xFFFFFFFF))))
    yield (Case('name_len_4g', 'an export name declaring 4 GiB of bytes',
             HEADER + section(7, uleb(1) + uleb(0xFFFFFFFF) + b'abc')))
    yield (Case('section_size_4g', 'a custom section declaring 4 GiB', HEADER + b'\0' + uleb(0xFFFFFFFF) + b'\x01x'))
    # --- LEB128 --------------------------------------------------------------------
    yield (Case('leb_overlong_u32', 'a u32 count written in 6 bytes',
             HEADER + section(1, uleb(1, pad_to=6) + functype()), message='integer'))
    yield (Case('leb_too_large_u32', 'a 5-byte u32 with bits above 32 set',
             HEADER + section(1, b'\xff\xff\xff\xff\x7f'), message='integer'))
    yield (Case('leb_giant_16m', 'a LEB128 of 16 MiB continuation bytes as the type count',
             HEADER + b'\x01' + uleb(16 << 20) + b'\x80' * (16 << 20), max_mb=160))
    yield (Case('leb_overlong_i64_const', 'an i64.const with an 11-byte LEB128',
             module(types=[functype((), (0x7E,))], funcs=[0],
                    codes=[body(b'\x42' + b'\x80' * 10 + b'\x00')])))
    # --- Deep nesting ----------------------------------------------------------------
    n = 100_000
    yield (Case('blocks_nested_100k', 'a function body of 100,000 nested blocks, run',
             run_module(b'\x02\x40' * n + b'\x0b' * n), run=['f'], exits=(0,)))
    yield (Case('blocks_nested_100k_br_out', 'blocks nested 100,000 deep whose innermost branches out of all, run',
             run_module(b'\x02\x40' * n + b'\x0c' + uleb(n - 1) + b'\x0b' * n), run=['f'], exits=(0,)))
    yield (Case('loops_nested_100k_fuel', 'loops nested 100,000 deep whose innermost restarts the outermost, --fuel 10M',
             run_module(b'\x03\x40' * n + b'\x0c' + uleb(n - 1) + b'\x0b' * n), run=['f'],
             opts=['--fuel', '10000000'], exits=(1,), message='fuel'))
    yield (Case('ifs_nested_100k', '100,000 nested if/else, run',
             run_module((b'\x41\x01\x04\x40') * n + (b'\x05\x0b') * n), run=['f'], exits=(0,)))
    yield (Case('blocks_nested_1m', 'a function body of 1,000,000 nested blocks, run',
             run_module(b'\x02\x40' * 1_000_000 + b'\x0b' * 1_000_000), run=['f'], exits=(0,), max_mb=512))
    yield (Case('blocks_unclosed_1m', '1,000,000 nested blocks never closed',
             module(types=[functype()], funcs=[0],
                    codes=[uleb(2_000_001) + b'\x00' + b'\x02\x40' * 1_000_000])))
    # --- Pathological sizes ------------------------------------------------------------
    m = 1_000_000
    yield (Case('br_table_1m_targets', 'br_table with 1,000,000 targets, run',
             run_module(b'\x02\x40\x41\x00\x0e' + uleb(m) + b'\x00' * m + b'\x00\x0b'), run=['f'], exits=(0,)))
    yield (Case('data_segment_16m', 'a 16 MiB active data segment into a 256-page memory, run',
             run_module(i32_const(0) + b'\x28\x02\x00\x1a', memories=[limits(256)],
                        datas=[b'\0' + i32_const(0) + b'\x0b' + uleb(16 << 20) + b'\xab' * (16 << 20)]),
             run=['f'], exits=(0,)))
    yield (Case('memory_4g_declared', 'a memory of 65,536 pages (4 GiB); stores at its last word, run',
             run_module(i32_const(-4) + i32_const(7) + b'\x36\x02\x00', memories=[limits(65536)]),
             run=['f'], exits=(0,)))
    yield (Case('memory_4g_plus_1_page', 'a memory of 65,537 pages', module(memories=[limits(65537)])))
    yield (Case('memory64_2e48_pages', 'a 64-bit memory of 2^48 pages (16 EiB)',
             run_module(b'', memories=[limits(1 << 48, flags=4)]), run=['f'], message='limit'))
    yield (Case('memories_100k', '100,000 memories of up to 4 GiB each (400 TiB of address space)',
             run_module(b'', memories=[limits(0, 65536)] * 100_000), run=['f'], exits=(0, 3), max_s=20))
    yield (Case('table_10m', 'a table of 10,000,000 funcref elements, run',
             run_module(b'', tables=[bytes([FUNCREF]) + limits(10_000_000)]), run=['f'], exits=(0,), max_mb=400))
    yield (Case('table_10m_plus_1', 'a table of 10,000,001 elements (limit 10M)',
             run_module(b'', tables=[bytes([FUNCREF]) + limits(10_000_001)]), run=['f'], message='limit'))
    yield (Case('table_grow_to_limit', 'table.grow by 2^32-1, then to 10M, from wasm',
             run_module(b'\xd0\x6f' + i32_const(-1) + b'\xfc\x0f\x00\x1a' +
                        b'\xd0\x6f' + i32_const(10_000_000) + b'\xfc\x0f\x00',
                        results=(I32,), tables=[bytes([EXTERNREF]) + limits(0)]),
             run=['f'], exits=(0,), max_mb=400))
    # Each table is within the 10M-element limit; their number is not limited
    # (tests/regress/FINDINGS.md, F-aggregate-limits): 8 x 80 MB at instantiation.
    yield (Case('tables_8x10m', '8 tables of 10,000,000 elements each (a 100-byte module), run',
                run_module(b'', tables=[bytes([FUNCREF]) + limits(10_000_000)] * 8), run=['f'], exits=(0, 3),
                max_mb=256, known='F-aggregate-limits'))
    nf = 1_000_000
    yield (Case('functions_1m', '1,000,000 empty functions (the limit), validated',
             module(types=[functype()], funcs=[0] * nf, codes=[body(b'')] * nf), exits=(0,), max_s=20, max_mb=1024))
    yield (Case('functions_1m_instantiated', '1,000,000 empty functions, one exported and run',
             module(types=[functype()], funcs=[0] * nf, codes=[body(b'')] * nf, exports=[export_func('f', 0)]),
             run=['f'], exits=(0,), max_s=20, max_mb=1024))
    yield (Case('custom_section_64m', 'a 64 MiB custom section', HEADER + section(0, name('big') + b'\0' * (64 << 20)),
             exits=(0,), max_mb=400))
    yield (Case('elem_entries_10m_plus_1', 'element segments with 10,000,001 entries in all (limit 10M)',
             HEADER + section(9, uleb(1) + b'\x01\x00' + uleb(10_000_001) + b'\x00' * 10_000_001), max_mb=256))
    # --- Execution bombs ---------------------------------------------------------------------
    yield (Case('recursion_bomb', 'a function that calls itself forever',
             run_module(b'\x10\x00'), run=['f'], exits=(1,), message='call stack exhausted', max_mb=400))
    yield (Case('recursion_fat_frames', 'self-recursion with 49,999 locals per frame',
             run_module(b'\x10\x00', locals_=[(49_999, I32)]), run=['f'], exits=(1,),
             message='call stack exhausted', max_mb=400))
    yield (Case('recursion_1000_params', 'self-recursion through 1,000 parameters',
             run_module(b''.join(b'\x20' + uleb(i) for i in range(1000)) + b'\x10\x00', params=[I32] * 1000),
             run=['f'] + ['0'] * 1000, exits=(1,), message='call stack exhausted', max_mb=400))
    yield (Case('infinite_loop_fuel', 'loop forever under --fuel 10000000',
             run_module(b'\x03\x40\x0c\x00\x0b'), run=['f'], opts=['--fuel', '10000000'], exits=(1,),
             message='fuel'))
    yield (Case('infinite_loop_timeout', 'loop forever under --timeout 1s',
             run_module(b'\x03\x40\x0c\x00\x0b'), run=['f'], opts=['--timeout', '1s'], exits=(1,),
             message='timeout', max_s=3))
    yield (Case('tail_call_loop_timeout', 'return_call itself forever under --timeout 1s',
             run_module(b'\x12\x00'), run=['f'], opts=['--timeout', '1s'], exits=(1,), message='timeout', max_s=3))
    yield (Case('start_loop_timeout', 'a start function looping forever, --timeout 1s',
             module(types=[functype()], funcs=[0, 0], exports=[export_func('f', 1)], start=0,
                    codes=[body(b'\x03\x40\x0c\x00\x0b'), body(b'')]),
             run=['f'], opts=['--timeout', '1s'], exits=(1,), message='timeout', max_s=3))
    # Fuel counts instructions, and a memory.fill of 16 MiB is one: 100,000
    # fuel should take milliseconds (tests/regress/FINDINGS.md, F-fuel-bulk).
    yield (Case('memory_fill_loop_fuel', 'grow to 256 pages, then memory.fill all of it in a loop, --fuel 100000',
             run_module(b'\x03\x40' + i32_const(1) + b'\x40\x00\x1a' + i32_const(0) + i32_const(0xAB) +
                        b'\x3f\x00' + i32_const(16) + b'\x74' + b'\xfc\x0b\x00\x0c\x00\x0b',
                        memories=[limits(1, 256)]),
             run=['f'], opts=['--fuel', '100000'], exits=(1,), message='fuel', max_s=1, max_mb=256,
             known='F-fuel-bulk'))
    yield (Case('throw_catch_loop_fuel', 'throw and catch forever, --fuel 1000000',
             module(types=[functype()], funcs=[0], tags=[b'\x00\x00'], exports=[export_func('f', 0)],
                    codes=[body(b'\x03\x40\x02\x40\x1f\x40\x01\x02\x00\x08\x00\x0b\x0b\x0c\x00\x0b')]),
             run=['f'], opts=['--fuel', '1000000'], exits=(1,), message='fuel'))
    # --- Text bombs ------------------------------------------------------------------------------
    # The text front end holds every token before the parser's nesting limit
    # applies: about 100 bytes per token (tests/regress/FINDINGS.md, F-text-memory).
    yield (Case('text_parens_1m', '1,000,000 nested parentheses', '(' * 1_000_000, ext='wat'))
    yield (Case('text_parens_10m', '10,000,000 nested parentheses', '(' * 10_000_000, ext='wat',
                known='F-text-memory'))
    yield (Case('text_blocks_folded_1m', 'folded blocks nested 1,000,000 deep',
             '(module (func ' + '(block ' * 1_000_000 + ')' * 1_000_000 + '))', ext='wat', known='F-text-memory'))
    yield (Case('text_exprs_folded_1m', 'folded i32.add nested 1,000,000 deep',
             '(module (func (result i32) ' + '(i32.add (i32.const 1) ' * 1_000_000 + '(i32.const 1)' +
             ')' * 1_000_000 + '))', ext='wat', known='F-text-memory'))
    # The text parser limits nesting to 5,000 (src/text/parser.h), the binary
    # format only by the body size.
    yield (Case('text_blocks_flat_100k', '100,000 nested block/end (no parentheses)',
             '(module (func (export "f") ' + 'block ' * 100_000 + 'end ' * 100_000 + '))', ext='wat',
             message='nesting too deep'))
    yield (Case('text_blocks_flat_5000', '5,000 nested block/end (the text limit), run',
             '(module (func (export "f") ' + 'block ' * 5_000 + 'end ' * 5_000 + '))', ext='wat',
             run=['f'], exits=(0,)))
    yield (Case('text_comments_nested_1m', 'block comments nested 1,000,000 deep, never closed',
             '(module ' + '(;' * 1_000_000, ext='wat'))
    yield (Case('text_string_16m', 'a 16 MiB data string, run',
             '(module (memory 256) (data (i32.const 0) "' + 'a' * (16 << 20) + '") (func (export "f")))',
             ext='wat', run=['f'], exits=(0,)))
    yield (Case('text_string_unterminated', 'a string of 16 MiB never closed', '(module (data "' + 'a' * (16 << 20),
             ext='wat'))
    yield (Case('text_float_1m_digits', 'an f64 literal of 1,000,000 digits, run',
             '(module (func (export "f") (result f64) (f64.const 0.' + '3' * 1_000_000 + ')))', ext='wat',
             run=['f'], exits=(0,)))
    yield (Case('text_hexfloat_1m_digits', 'a hexadecimal f32 literal of 1,000,000 digits, run',
             '(module (func (export "f") (result f32) (f32.const 0x1.' + 'f' * 1_000_000 + 'p-1)))', ext='wat',
             run=['f'], exits=(0,)))
    yield (Case('text_int_1m_digits', 'an i32 literal of 1,000,000 digits',
             '(module (func (result i32) (i32.const ' + '9' * 1_000_000 + ')))', ext='wat'))
    yield (Case('text_id_1m', 'an identifier of 1,000,000 characters, run',
             '(module (func $' + 'x' * 1_000_000 + ' (export "f")))', ext='wat', run=['f'], exits=(0,)))
    yield (Case('text_nops_1m', '1,000,000 nop instructions, run',
             '(module (func (export "f") ' + 'nop ' * 1_000_000 + '))', ext='wat', run=['f'], exits=(0,)))
    yield (Case('text_locals_100k_named', '100,000 named locals',
             '(module (func ' + ' '.join(f'(local $l{i} i32)' for i in range(100_000)) + '))', ext='wat',
             message='locals'))


def write_case(case, outdir):
    path = os.path.join(outdir, f'{case.name}.{case.ext}')
    data = case.data.encode() if isinstance(case.data, str) else case.data
    with open(path, 'wb') as f:
        f.write(data)
    case.data = None
    return path, len(data)


def generate(outdir):
    """Writes the inputs one by one; yields (case, path, size)."""
    os.makedirs(outdir, exist_ok=True)
    for case in cases():
        path, size = write_case(case, outdir)
        yield case, path, size


def measure_child(argv):
    """Runs argv; returns (exit status, stderr, seconds, peak RSS in MiB)."""
    start = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    killed = False

    def kill(*_):
        nonlocal killed
        killed = True
        p.kill()

    signal.signal(signal.SIGALRM, kill)
    signal.alarm(KILL_AFTER)
    err = p.stderr.read()
    _, status, usage = os.wait4(p.pid, 0)
    signal.alarm(0)
    p.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - start
    return (-9 if killed else p.returncode), err.decode(errors='replace'), seconds, usage.ru_maxrss / 1024.0


class Spawner:
    """A helper process forked while this script is still small, which starts
    and measures the children. Linux starts a forked child's peak RSS at its
    parent's RSS (the copied page tables count), and exec keeps that mark: a
    child forked from this script after it built a 64 MiB input would report
    at least that much. The helper stays at the interpreter's few MiB."""

    def __init__(self):
        req_r, self.req_w = os.pipe()
        self.resp_r, resp_w = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.req_w)
            os.close(self.resp_r)
            with os.fdopen(req_r) as reqs, os.fdopen(resp_w, 'w') as resps:
                for line in reqs:
                    resps.write(json.dumps(measure_child(json.loads(line))) + '\n')
                    resps.flush()
            os._exit(0)
        os.close(req_r)
        os.close(resp_w)
        self.reqs = os.fdopen(self.req_w, 'w')
        self.resps = os.fdopen(self.resp_r)

    def measure(self, argv):
        self.reqs.write(json.dumps(argv) + '\n')
        self.reqs.flush()
        return tuple(json.loads(self.resps.readline()))

    def close(self):
        self.reqs.close()
        os.waitpid(self.pid, 0)


def human(n):
    for unit in ('B', 'KiB', 'MiB', 'GiB'):
        if n < 1024:
            return f'{n:.0f} {unit}' if unit == 'B' else f'{n:.1f} {unit}'
        n /= 1024.0
    return f'{n:.1f} TiB'


def outcome_of(code, err):
    line = ''
    for ln in err.splitlines():
        if ln.startswith('witt: '):
            line = ln[6:]
            break
    line = line.split(': ', 1)[1] if line.count(': ') and ('.wasm' in line or '.wat' in line) else line
    kind = {0: 'ran', 1: 'trap', 2: 'usage error', 3: 'rejected'}.get(code, f'exit {code}')
    return kind + (f': {line}' if line else '')


def run(witt, outdir, markdown=None, only=None, sanitized=False):
    rows, failures = [], []
    spawner = Spawner()
    for case, path, size in generate(outdir):
        if only and case.name not in only:
            continue
        if case.run is None:
            argv = [witt, 'validate', path]
        else:
            argv = [witt, 'run'] + case.opts + [path, '--invoke'] + case.run
        code, err, secs, mb = spawner.measure(argv)
        problems = []
        if code not in case.exits:
            problems.append(f'exit {code}, expected {" or ".join(map(str, case.exits))}')
        if code < 0 or code > 3:
            problems.append('crashed or was killed')
        if case.message and case.message not in err:
            problems.append(f'stderr lacks "{case.message}"')
        if code != 0 and 'witt: ' not in err:
            problems.append('no error message')
        if sanitized:
            case.max_s *= 10
        if secs > case.max_s:
            problems.append(f'took {secs:.2f} s > {case.max_s} s')
        if mb > case.max_mb and not sanitized:
            problems.append(f'peak RSS {mb:.0f} MiB > {case.max_mb} MiB')
        out = outcome_of(code, err)
        if len(out) > 90:
            out = out[:87] + '...'
        rows.append((case, size, out, secs, mb, problems))
        if problems and case.known:
            status = 'KNOWN'
        elif problems:
            status = 'FAIL'
            failures.append(case.name)
        else:
            status = 'ok'
        note = ''
        if problems:
            note = f'  <-- {"; ".join(problems)}' + (f' ({case.known})' if case.known else '')
        elif case.known:
            note = f'  (within bounds although marked {case.known}: fixed? drop the marker)'
        print(f'{status:5} {case.name:28} {human(size):>10} {secs:7.2f} s {mb:7.1f} MiB  {out}{note}', flush=True)
    spawner.close()
    if markdown:
        with open(markdown, 'w') as f:
            f.write('| Input | What | Size | Outcome | Time | Peak RSS | Bounds |\n')
            f.write('|---|---|---:|---|---:|---:|---|\n')
            for case, size, out, secs, mb, problems in rows:
                bounds = f'{case.max_s:g} s, {case.max_mb} MiB'
                if problems:
                    bounds += f' **exceeded** ({case.known})' if case.known else ' **FAILED**'
                out = out.replace('|', '\\|')
                f.write(f'| `{case.name}` | {case.desc} | {human(size)} | {out} | {secs:.2f} s | '
                        f'{mb:.0f} MiB | {bounds} |\n')
    known = sum(1 for r in rows if r[5] and r[0].known)
    print(f'hostile.py: {len(rows) - len(failures) - known} of {len(rows)} inputs within bounds, '
          f'{known} known findings, {len(failures)} failures')
    if failures:
        print('failed: ' + ', '.join(failures))
    return 1 if failures else 0


def main():
    a = sys.argv[1:]
    if len(a) >= 2 and a[0] == 'gen':
        for case, path, size in generate(a[1]):
            print(f'{path} {human(size)}')
        return 0
    if len(a) >= 3 and a[0] == 'run':
        markdown = only = None
        if '--markdown' in a:
            markdown = a[a.index('--markdown') + 1]
        if '--only' in a:
            only = set(a[a.index('--only') + 1].split(','))
        return run(a[1], a[2], markdown, only, '--sanitized' in a)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == '__main__':
    sys.exit(main())
