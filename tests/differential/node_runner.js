// V8's side of the differential test (tests/differential/diff.py): the same
// plan and the same output format as witt_diff_runner (diff_runner.cpp).
//
//   node node_runner.js MODULE.wasm PLAN
//
// Works with node 18 (Debian bookworm) and later: only WebAssembly's JS API,
// BigInt and fs. A v128 cannot cross the JS boundary, so log-v128 is a tiny
// wasm module that splits its argument into four i32 lanes for JS.
// With WITT_DIFF_DUMP=PREFIX, each exported memory is written to PREFIX.NAME.
'use strict';
const fs = require('fs');

const [modulePath, planPath] = process.argv.slice(2);
const out = [];
const print = (s) => out.push(s);

const f32 = new Float32Array(1), u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1), u64 = new BigUint64Array(f64.buffer);
const hex = (n, width) => n.toString(16).padStart(width, '0');

function fmt(type, v) {
  switch (type) {
    case 'i32': return 'i32:' + (v >>> 0);
    case 'i64': return 'i64:' + BigInt.asUintN(64, v).toString();
    case 'f32': if (Number.isNaN(v)) return 'f32:nan'; f32[0] = v; return 'f32:' + hex(u32[0], 8);
    case 'f64': if (Number.isNaN(v)) return 'f64:nan'; f64[0] = v; return 'f64:' + hex(u64[0], 16);
    case 'ref': return v === null ? 'ref:null' : 'ref:nonnull';
  }
  return '?';
}

function parseArg(tok) {
  const [type, bits] = tok.split(':');
  switch (type) {
    case 'i32': return Number(BigInt.asIntN(32, BigInt('0x' + bits)));
    case 'i64': return BigInt.asIntN(64, BigInt('0x' + bits));
    case 'f32': u32[0] = parseInt(bits, 16); return f32[0];
    case 'f64': u64[0] = BigInt('0x' + bits); return f64[0];
    case 'ref': return null;
  }
  throw new Error('bad argument ' + tok);
}

function trapClass(e) {
  if (e instanceof WebAssembly.RuntimeError) return 'trap';
  if (e instanceof RangeError && /call stack/i.test(e.message)) return 'stack';
  return 'error';
}
const oneLine = (e) => String(e && e.message !== undefined ? e.message : e).replace(/[\r\n]/g, ' ');

// (module (import "js" "log4" (func (param i32 i32 i32 i32)))
//   (func (export "log-v128") (param v128) (call 0 (i32x4.extract_lane 0..3 (local.get 0)))))
const V128_LOGGER = Buffer.from(
  '0061736d01000000010c0260047f7f7f7f0060017b00020b01026a73046c6f6734000003020101070c01086c6f672d76' +
  '31323800010a1a0118002000fd1b002000fd1b012000fd1b022000fd1b0310000b', 'hex');

let callIndex = -1;
const log = (type) => (x) => print('log ' + callIndex + ' ' + fmt(type, x));

function main() {
  const bytes = fs.readFileSync(modulePath);
  let module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (e) {
    print('instantiate error ' + (e instanceof WebAssembly.CompileError ? 'Invalid' : 'error') + ' ' + oneLine(e));
    return;
  }
  let logV128;
  try {
    logV128 = new WebAssembly.Instance(new WebAssembly.Module(V128_LOGGER), {
      js: { log4: (a, b, c, d) => print('log ' + callIndex + ' v128:' + [d, c, b, a].map((x) => hex(x >>> 0, 8)).join('')) },
    }).exports['log-v128'];
  } catch (e) {
    logV128 = () => { throw new Error('no SIMD in this node'); };
  }
  const imports = {
    'fuzzing-support': {
      'log-i32': log('i32'), 'log-i64': log('i64'), 'log-f32': log('f32'), 'log-f64': log('f64'),
      'log-v128': logV128,
    },
  };
  let instance;
  try {
    instance = new WebAssembly.Instance(module, imports);
  } catch (e) {
    print('instantiate error ' + trapClass(e) + ' ' + oneLine(e));
    return;
  }
  print('instantiate ok');
  // JS does not tell an f32 from an f64 or an i32: the plan gives the types,
  // "results EXPORT TYPE..." and "globaltype EXPORT TYPE" lines.
  const plan = fs.readFileSync(planPath, 'utf8').split('\n').map((l) => l.trim().split(/\s+/));
  const exportTypes = {}, globalTypes = {};
  for (const [verb, name, ...types] of plan) {
    if (verb === 'results') exportTypes[name] = types;
    if (verb === 'globaltype') globalTypes[name] = types[0];
  }
  for (const toks of plan) {
    const [verb, name] = toks;
    if (verb !== 'call' && verb !== 'reset') continue;
    const f = instance.exports[name];
    if (typeof f !== 'function') {
      if (verb === 'call') print('call ' + name + ' error no such export');
      continue;
    }
    const args = toks.slice(2).map(parseArg);
    if (verb === 'call') ++callIndex;
    let r;
    try {
      r = f(...args);
    } catch (e) {
      if (verb === 'call') print('call ' + name + ' ' + trapClass(e) + ' ' + oneLine(e));
      continue;
    }
    if (verb === 'reset') continue;
    const types = exportTypes[name] || [];
    const values = types.length > 1 ? Array.from(r) : types.length === 1 ? [r] : [];
    print('call ' + name + ' ok' + values.map((v, i) => ' ' + fmt(types[i], v)).join(''));
  }
  for (const [name, v] of Object.entries(instance.exports)) {
    if (v instanceof WebAssembly.Memory) {
      const m = new Uint8Array(v.buffer);
      let h = 2166136261;
      for (let i = 0; i < m.length; ++i) h = Math.imul(h ^ m[i], 16777619) >>> 0;
      print('memory ' + name + ' ' + m.length + ' ' + hex(h >>> 0, 8));
      if (process.env.WITT_DIFF_DUMP) fs.writeFileSync(process.env.WITT_DIFF_DUMP + '.' + name, m);
    } else if (v instanceof WebAssembly.Global) {
      const t = globalTypes[name];
      if (!t || t === 'v128') continue;  // a v128 is not readable from JS
      print('global ' + name + ' ' + fmt(t, v.value));
    }
  }
}

main();
process.stdout.write(out.join('\n') + '\n');
