// Runs `run` of a wasm module under node once and prints its result and the
// in-process time of the call (for bench/features/run.py).
import { readFileSync } from 'node:fs';
const bytes = readFileSync(process.argv[2]);
const { instance } = await WebAssembly.instantiate(bytes, {});
const t0 = performance.now();
const r = instance.exports.run();
const t1 = performance.now();
console.log(String(r));
console.error(`run() ${((t1 - t0) / 1000).toFixed(4)} s`);
