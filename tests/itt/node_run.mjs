// Runs an export of a module under node and prints its results, one per
// line: node tests/itt/node_run.mjs FILE FUNC [ARGS...]. The import
// env.scale (used by tests/itt/interop.wat) halves its argument.
import fs from 'node:fs';

const [file, func, ...args] = process.argv.slice(2);
const bytes = fs.readFileSync(file);
const imports = {env: {scale: (x) => Math.fround(x * 0.5)}};
const module = await WebAssembly.compile(bytes);
const wanted = {};
for (const i of WebAssembly.Module.imports(module)) {
  wanted[i.module] ??= {};
  wanted[i.module][i.name] = imports[i.module]?.[i.name];
}
const instance = await WebAssembly.instantiate(module, wanted);
const result = instance.exports[func](...args.map(Number));
for (const r of Array.isArray(result) ? result : [result]) console.log(String(r));
