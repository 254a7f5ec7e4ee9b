#!/usr/bin/env python3
"""Builds the fuzz corpora (never committed) from the spec testsuite.

    make_corpus.py BUILD_DIR SPEC_DIR

BUILD_DIR/corpus/<target>/ receives:
  decode, exec   every module of every .wast, as binary (witt_extract_corpus)
  text           every module of every .wast as its source text, plus the
                 quoted ones
  wasi_path      paths built from the sandbox's names (harness.h)
and the committed seeds of tests/fuzz/seeds/<target>/ and the regression
inputs of tests/regress/inputs/<target>/ are copied in too.
"""
import hashlib
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def module_texts(src):
    """The top-level (module ...) forms of a script, by paren matching that
    skips strings and comments."""
    out, i, n = [], 0, len(src)
    depth, start = 0, None
    while i < n:
        c = src[i]
        if c == '"':
            i += 1
            while i < n and src[i] != '"':
                i += 2 if src[i] == '\\' else 1
        elif src.startswith(';;', i):
            j = src.find('\n', i)
            i = n if j < 0 else j
        elif src.startswith('(;', i):
            d, i = 1, i + 2
            while i < n and d:
                if src.startswith('(;', i):
                    d, i = d + 1, i + 2
                elif src.startswith(';)', i):
                    d, i = d - 1, i + 2
                else:
                    i += 1
            continue
        elif c == '(':
            if start is None and src.startswith('(module', i):
                start, depth = i, 0
            if start is not None:
                depth += 1
        elif c == ')' and start is not None:
            depth -= 1
            if depth == 0:
                out.append(src[start:i + 1])
                start = None
        i += 1
    return out


def put(dirname, data):
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(dirname, name), 'wb') as f:
        f.write(data)


def copy_tree(src, dst):
    if not os.path.isdir(src):
        return 0
    n = 0
    for f in sorted(os.listdir(src)):
        p = os.path.join(src, f)
        if os.path.isfile(p):
            with open(p, 'rb') as fh:
                put(dst, fh.read())
            n += 1
    return n


def path_seeds():
    names = ['.', '..', 'a', 'a/b', 'a/b/c', 'f', 'up', 'deep', 'abs', 'loop', 'esc', 'dyn',
             'a/b/top', 'a/file', 'dyn/l0', 'dyn/l1', 'dyn/l2', 'outside', 'secret']
    seeds = []
    for flags in (0, 1):
        for a in names:
            seeds.append(bytes([flags]) + a.encode())
            seeds.append(bytes([flags]) + (a + '/').encode())
            for b in names:
                seeds.append(bytes([flags]) + (a + '/' + b).encode())
    # with links made from the input (flag bits 1-2: how many)
    for t in ['..', '../..', 'a/../..', '/etc', 'l0', '../dyn/l1', 'up/x', 'a/b/top/outside', 'deep/../../../..']:
        seeds.append(bytes([2]) + t.encode() + b'\0' + b'dyn/l0/secret')
        seeds.append(bytes([3]) + t.encode() + b'\0' + b'dyn/l0')
        seeds.append(bytes([4]) + t.encode() + b'\0' + b'l0' + b'\0' + b'dyn/l1/..')
    return seeds


def main():
    build, spec = sys.argv[1], sys.argv[2]
    corpus = os.path.join(build, 'corpus')
    dirs = {t: os.path.join(corpus, t) for t in ('decode', 'exec', 'text', 'wasi_path')}
    for d in dirs.values():
        os.makedirs(d, exist_ok=True)
    wasts = []
    for base, _, files in os.walk(spec):
        wasts += [os.path.join(base, f) for f in files if f.endswith('.wast')]
    wasts.sort()
    # Binary modules, through witt's own text parser.
    tmp = os.path.join(build, 'corpus-extract')
    shutil.rmtree(tmp, ignore_errors=True)
    subprocess.run([os.path.join(build, 'witt_extract_corpus'), tmp] + wasts, check=True,
                   stderr=subprocess.DEVNULL)
    nbin = 0
    for f in sorted(os.listdir(tmp)):
        with open(os.path.join(tmp, f), 'rb') as fh:
            data = fh.read()
        put(dirs['decode'], data)
        put(dirs['exec'], data)
        nbin += 1
    shutil.rmtree(tmp, ignore_errors=True)
    ntext = 0
    for w in wasts:
        with open(w, encoding='utf-8', errors='replace') as fh:
            for m in module_texts(fh.read()):
                put(dirs['text'], m.encode())
                ntext += 1
    for s in path_seeds():
        put(dirs['wasi_path'], s)
    for t, d in dirs.items():
        copy_tree(os.path.join(HERE, 'seeds', t), d)
        copy_tree(os.path.join(ROOT, 'tests', 'regress', 'inputs', t), d)
    for t, d in dirs.items():
        print(f'{t}: {len(os.listdir(d))} files in {d}')
    print(f'({nbin} binary modules, {ntext} module texts from {len(wasts)} scripts)')


if __name__ == '__main__':
    main()
