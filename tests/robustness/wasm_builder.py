"""A minimal WebAssembly binary builder for the robustness tests: enough to
write adversarial modules byte by byte (counts that lie, overlong LEB128s,
deep nesting) without any toolchain."""


def uleb(n, pad_to=0):
    """Unsigned LEB128; pad_to > 0 writes at least that many bytes."""
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n or len(out) + 1 < pad_to:
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


def name(s):
    b = s.encode() if isinstance(s, str) else s
    return uleb(len(b)) + b


def vec(items):
    return uleb(len(items)) + b''.join(items)


def section(sid, content):
    return bytes([sid]) + uleb(len(content)) + content


HEADER = b'\0asm\x01\0\0\0'

I32, I64, F32, F64, V128, FUNCREF, EXTERNREF = 0x7F, 0x7E, 0x7D, 0x7C, 0x7B, 0x70, 0x6F


def functype(params=(), results=()):
    return b'\x60' + vec([bytes([p]) for p in params]) + vec([bytes([r]) for r in results])


def body(code, locals_=()):
    """A function body: locals as (count, type) pairs, code without the final end."""
    content = vec([uleb(n) + bytes([t]) for n, t in locals_]) + code + b'\x0b'
    return uleb(len(content)) + content


def module(types=(), imports=(), funcs=(), tables=(), memories=(), tags=(), globals_=(), exports=(),
           start=None, elems=(), datacount=None, codes=(), datas=(), extra=()):
    """Sections from already encoded entries (each a bytes object)."""
    out = bytearray(HEADER)
    if types: out += section(1, vec(list(types)))
    if imports: out += section(2, vec(list(imports)))
    if funcs: out += section(3, vec([uleb(f) for f in funcs]))
    if tables: out += section(4, vec(list(tables)))
    if memories: out += section(5, vec(list(memories)))
    if tags: out += section(13, vec(list(tags)))
    if globals_: out += section(6, vec(list(globals_)))
    if exports: out += section(7, vec(list(exports)))
    if start is not None: out += section(8, uleb(start))
    if elems: out += section(9, vec(list(elems)))
    if datacount is not None: out += section(12, uleb(datacount))
    if codes: out += section(10, vec(list(codes)))
    if datas: out += section(11, vec(list(datas)))
    for e in extra:
        out += e
    return bytes(out)


def export_func(nm, idx):
    return name(nm) + b'\x00' + uleb(idx)


def limits(mn, mx=None, flags=None):
    if flags is None:
        flags = 0 if mx is None else 1
    return bytes([flags]) + uleb(mn) + (uleb(mx) if mx is not None else b'')


def i32_const(v):
    return b'\x41' + sleb(v)
