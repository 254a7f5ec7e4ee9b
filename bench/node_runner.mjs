// bench/node_runner.mjs - run one benchmark module under node (V8).
//
//   node [V8 flags] bench/node_runner.mjs NAME.wasm [EXPORT]
//
// Compiles and instantiates the module (it imports nothing), calls EXPORT
// (default "run") once with no arguments and prints the result on stdout
// (a BigInt for i64, a Number for i32: both print as signed decimal).
// The time of the call alone, measured with performance.now(), goes to stderr
// as "run-ms: X", and is appended to the file named by $BENCH_TIME_LOG if set.
import { readFileSync, appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const [file, exportName = 'run'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node node_runner.mjs MODULE.wasm [EXPORT]');
  process.exit(2);
}
const t0 = performance.now();
const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
const fn = instance.exports[exportName];
if (typeof fn !== 'function') {
  console.error(`node_runner: ${file} has no exported function ${exportName}`);
  process.exit(2);
}
const t1 = performance.now();
const result = fn();
const t2 = performance.now();
console.log(String(result));
console.error(`load-ms: ${(t1 - t0).toFixed(3)}`);
console.error(`run-ms: ${(t2 - t1).toFixed(3)}`);
if (process.env.BENCH_TIME_LOG) appendFileSync(process.env.BENCH_TIME_LOG, `${(t2 - t1).toFixed(3)}\n`);
