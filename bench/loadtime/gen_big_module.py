#!/usr/bin/env python3
"""Generates a module with a large code section for the load-time benchmark:
N functions, each a mix of locals, arithmetic, memory accesses, nested blocks,
loops, br_if, br_table and calls, so validation and lowering see the shapes
compiled code has. Usage: gen_big_module.py OUT.wasm [TARGET_MB]"""
import random, struct, sys

def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)

def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)

def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload

def body(rng, nfuncs, idx):
    code = bytearray()
    # (param i32 i32) (result i32), locals: 4 i32, 2 i64, 2 f64
    locals_ = bytes([3]) + uleb(4) + b'\x7f' + uleb(2) + b'\x7e' + uleb(2) + b'\x7c'
    for _ in range(rng.randint(20, 60)):
        k = rng.randint(0, 5)
        if k == 0:  # i32 arithmetic into a local
            code += b'\x20' + uleb(rng.randint(0, 5)) + b'\x41' + sleb(rng.randint(-100, 100)) + b'\x6a'
            code += b'\x20' + uleb(rng.randint(0, 5)) + b'\x6c' + b'\x21' + uleb(rng.randint(2, 5))
        elif k == 1:  # memory: load, add, store
            code += b'\x20\x00' + b'\x20\x00' + b'\x28\x02' + uleb(rng.randint(0, 64) * 4)
            code += b'\x41\x01\x6a' + b'\x36\x02' + uleb(rng.randint(0, 64) * 4)
        elif k == 2:  # loop with br_if
            code += b'\x02\x40\x03\x40' + b'\x20\x02\x41\x01\x6a\x22\x02' + b'\x41' + sleb(rng.randint(1, 50))
            code += b'\x48\x0d\x00' + b'\x0b\x0b'
        elif k == 3:  # if/else with results
            code += b'\x20\x01\x04\x7f\x41\x01\x05\x41\x02\x0b\x21\x03'
        elif k == 4:  # br_table over nested blocks
            code += b'\x02\x40\x02\x40\x02\x40' + b'\x20\x03\x0e\x02\x00\x01\x02' + b'\x0b\x0b\x0b'
        else:  # call another function
            callee = rng.randint(0, nfuncs - 1)
            code += b'\x20\x00\x20\x01\x10' + uleb(callee) + b'\x21\x04'
    code += b'\x20\x02\x20\x03\x6a\x0b'
    b = locals_ + bytes(code)
    return uleb(len(b)) + b

def main():
    out = sys.argv[1]
    target = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    rng = random.Random(42)
    # estimate functions needed (~300 bytes each)
    n = int(target * 1024 * 1024 / 300)
    bodies = [body(rng, n, i) for i in range(n)]
    types = section(1, uleb(1) + b'\x60\x02\x7f\x7f\x01\x7f')
    funcs = section(3, uleb(n) + b''.join(uleb(0) for _ in range(n)))
    mem = section(5, uleb(1) + b'\x00\x01')
    exports = section(7, uleb(1) + uleb(1) + b'f' + b'\x00' + uleb(0))
    code = section(10, uleb(n) + b''.join(bodies))
    data = b'\x00asm\x01\x00\x00\x00' + types + funcs + mem + exports + code
    open(out, 'wb').write(data)
    print(f"{out}: {n} functions, code section {len(code) / 1048576:.1f} MiB")

main()
