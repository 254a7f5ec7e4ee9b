// Runs a WASI command under node's node:wasi, with witt's command line:
//   node node_run.mjs FILE [--dir HOST::GUEST]... [--env K=V]... [-- ARGS...]
// stdin, stdout and stderr are the process's own; the exit code is the
// guest's. Used by node_compare.sh to compare witt with another host.
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';

const argv = process.argv.slice(2);
const file = argv.shift();
const preopens = {};
const env = {};
const args = [file];
while (argv.length) {
  const a = argv.shift();
  if (a === '--dir') {
    const [host, guest] = argv.shift().split('::');
    preopens[guest ?? host] = host;
  } else if (a === '--env') {
    const kv = argv.shift();
    const i = kv.indexOf('=');
    env[kv.slice(0, i)] = kv.slice(i + 1);
  } else if (a === '--') {
    args.push(...argv.splice(0));
  } else {
    args.push(a);
  }
}
const wasi = new WASI({ version: 'preview1', args, env, preopens, returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
process.exitCode = wasi.start(instance);
