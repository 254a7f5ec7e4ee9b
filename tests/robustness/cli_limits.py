#!/usr/bin/env python3
"""The witt CLI's limit options (docs/cli.md): exit codes and messages of
--fuel and --timeout, for --invoke and for WASI commands, and of the limits a
module can hit (stack, memory, table).

    cli_limits.py WITT
"""
import os
import subprocess
import sys
import tempfile
import time

SPIN = '''(module
  (func (export "spin") (loop $l (br $l)))
  (func (export "_start") (loop $l (br $l)))
  (func $rec (export "rec") (call $rec))
  (func (export "count") (param i32) (result i32)
    (loop $l (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br_if $l (local.get 0)))
    (local.get 0)))
'''
PLAIN = '''(module
  (func (export "one") (result i32) (i32.const 1))
  (func $rec (export "rec") (call $rec))
  (func (export "count") (param i32) (result i32)
    (loop $l (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br_if $l (local.get 0)))
    (local.get 0)))
'''

failures = []


def check(name, argv, code, stderr_has=(), stdout=None, min_s=None, max_s=10.0):
    t0 = time.monotonic()
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    secs = time.monotonic() - t0
    problems = []
    if p.returncode != code:
        problems.append(f'exit {p.returncode}, expected {code}')
    for s in stderr_has:
        if s not in p.stderr:
            problems.append(f'stderr lacks {s!r}')
    if stdout is not None and p.stdout != stdout:
        problems.append(f'stdout {p.stdout!r}, expected {stdout!r}')
    if min_s is not None and secs < min_s:
        problems.append(f'took {secs:.2f} s < {min_s} s')
    if secs > max_s:
        problems.append(f'took {secs:.2f} s > {max_s} s')
    print(('ok   ' if not problems else 'FAIL ') + name + (': ' + '; '.join(problems) if problems else ''))
    if problems:
        print('     command: ' + ' '.join(argv))
        print('     stderr: ' + p.stderr.strip().replace('\n', '\n             '))
        failures.append(name)


def main():
    witt = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        spin = os.path.join(d, 'spin.wat')   # exports _start: a WASI command without --invoke
        plain = os.path.join(d, 'plain.wat')
        with open(spin, 'w') as f:
            f.write(SPIN)
        with open(plain, 'w') as f:
            f.write(PLAIN)
        run = [witt, 'run']
        # --fuel
        check('fuel stops a loop (exit 1)', run + ['--fuel', '100000', spin, '--invoke', 'spin'], 1,
              ['witt: trap: all fuel consumed', 'wasm backtrace:', 'spin'])
        check('fuel is enough for a finite call', run + ['--fuel', '100000', plain, '--invoke', 'count', '1000'], 0,
              stdout='0\n')
        check('fuel too small for the same call', run + ['--fuel', '1000', plain, '--invoke', 'count', '1000'], 1,
              ['all fuel consumed'])
        check('--fuel=N form', run + ['--fuel=1000', spin, '--invoke', 'spin'], 1, ['all fuel consumed'])
        check('fuel stops a WASI command (exit 134)', run + ['--fuel', '100000', spin], 134,
              ['witt: trap: all fuel consumed', '_start'])
        for bad in ['0', '-5', 'abc', '1.5', '18446744073709551616', '']:
            check(f'--fuel {bad!r} is a usage error (exit 2)', run + ['--fuel', bad, plain, '--invoke', 'one'], 2,
                  ['--fuel needs a positive instruction count'])
        check('--fuel without a value', run + [plain, '--fuel'], 2, ['--fuel'])
        # --timeout
        check('timeout stops a loop on time (exit 1)', run + ['--timeout', '300ms', spin, '--invoke', 'spin'], 1,
              ['witt: trap: timeout', 'spin'], min_s=0.25, max_s=5)
        check('timeout in seconds', run + ['--timeout', '0.5', spin, '--invoke', 'spin'], 1, ['timeout'],
              min_s=0.45, max_s=5)
        check('timeout stops a WASI command (exit 134)', run + ['--timeout', '300ms', spin], 134,
              ['witt: trap: timeout'], min_s=0.25, max_s=5)
        check('timeout does not stop a short call', run + ['--timeout', '1m', plain, '--invoke', 'one'], 0,
              stdout='1\n')
        check('timeout and fuel together: fuel first',
              run + ['--timeout', '1m', '--fuel', '100000', spin, '--invoke', 'spin'], 1, ['all fuel consumed'])
        check('timeout and fuel together: timeout first',
              run + ['--fuel', '100000000000', '--timeout', '200ms', spin, '--invoke', 'spin'], 1, ['timeout'],
              max_s=5)
        for bad in ['0', '-1s', '5x', '1e300', 'ms', '']:
            check(f'--timeout {bad!r} is a usage error (exit 2)', run + ['--timeout', bad, plain, '--invoke', 'one'],
                  2, ['--timeout needs a duration'])
        # Limits a module reaches on its own
        check('recursion: call stack exhausted (exit 1)', run + [plain, '--invoke', 'rec'], 1,
              ['witt: trap: call stack exhausted'])
        check('recursion under fuel and timeout', run + ['--fuel', '100000000', '--timeout', '5s', plain,
                                                         '--invoke', 'rec'], 1, ['call stack exhausted'])
        mem = os.path.join(d, 'mem.wat')
        with open(mem, 'w') as f:
            f.write('(module (memory 65537) (func (export "f")))')
        check('memory over 4 GiB is rejected (exit 3)', run + [mem, '--invoke', 'f'], 3, ['65536'])
        tab = os.path.join(d, 'tab.wat')
        with open(tab, 'w') as f:
            f.write('(module (table 10000001 funcref) (func (export "f")))')
        check('table over 10M elements is rejected (exit 3)', run + [tab, '--invoke', 'f'], 3, ['limit'])
        # --max-memory: two memories of 2 and 3 pages (320 KiB together)
        mems = os.path.join(d, 'mems.wat')
        with open(mems, 'w') as f:
            f.write('(module (memory 2) (memory 3) (func (export "grow") (param i32) (result i32)'
                    ' (memory.grow (local.get 0))))')
        check('--max-memory admits memories that fit', run + ['--max-memory', '320K', mems, '--invoke', 'grow', '0'],
              0, stdout='2\n')
        check('--max-memory: memory.grow past it returns -1',
              run + ['--max-memory', '320K', mems, '--invoke', 'grow', '1'], 0, stdout='-1\n')
        check('--max-memory: growth within it', run + ['--max-memory=1M', mems, '--invoke', 'grow', '11'], 0,
              stdout='2\n')
        check('--max-memory below the initial sizes fails instantiation (exit 3)',
              run + ['--max-memory', '300K', mems, '--invoke', 'grow', '0'], 3, ["exceeds the instance's memory limit"])
        for bad in ['0', '-1', '1x', '5T', '', '99999999999999999999G']:
            check(f'--max-memory {bad!r} is a usage error (exit 2)',
                  run + ['--max-memory', bad, mems, '--invoke', 'grow', '0'], 2, ['--max-memory needs a size'])
    print(f'cli_limits.py: {len(failures)} failed' if failures else 'cli_limits.py: all passed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
