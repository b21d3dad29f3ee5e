#!/usr/bin/env node
// A text flame summary of a V8 .cpuprofile (e.g. from `npm run bench:api -- --cpu-prof`):
//   node bench/profile-summary.mjs bench/results/CPU.….cpuprofile [--top 25]
// Prints CPU time by package (self; self with Node internals charged to the calling package; inclusive:
// samples with that package anywhere on the stack), then
// the hottest functions by self and by inclusive time. Idle time is left out of every percentage.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
if (!positionals[0]) throw new Error('usage: node bench/profile-summary.mjs <file.cpuprofile> [--top N]');
const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const top = Number(values.top);

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** Where a frame's code lives: an npm package, the service's own dist/ files, Node internals, or V8. */
function owner({ url, functionName }) {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (/\/dist\//.test(url)) return `service ${url.slice(url.indexOf('/dist/') + 1).replace(/\.js$/, '')}`;
  if (url.startsWith('node:')) return 'node internals';
  if (url) return url.replace(/^file:\/\//, '');
  return `(${functionName || 'native'})`; // (program), (garbage collector), native builtins such as JSON.stringify
}
const fn = ({ functionName, url, lineNumber }) => `${functionName || '(anonymous)'} ${owner({ url, functionName })}:${lineNumber + 1}`;

/** The innermost package or service file on the stack: Node internals and V8 builtins count for their caller. */
function callerPackage(leaf) {
  for (let n = leaf; n; n = nodes.get(parent.get(n.id))) {
    const o = owner(n.callFrame);
    if (o !== 'node internals' && !o.startsWith('(')) return o;
  }
  return owner(leaf.callFrame);
}

const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
const byCaller = new Map();
const selfByOwner = new Map();
const inclByOwner = new Map();
const selfByFn = new Map();
const inclByFn = new Map();
let busy = 0;
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  const leaf = nodes.get(id);
  if (leaf.callFrame.functionName === '(idle)') return;
  busy += ms;
  add(selfByOwner, owner(leaf.callFrame), ms);
  add(selfByFn, fn(leaf.callFrame), ms);
  add(byCaller, callerPackage(leaf), ms);
  const owners = new Set();
  const fns = new Set();
  for (let n = leaf; n; n = nodes.get(parent.get(n.id))) {
    owners.add(owner(n.callFrame));
    fns.add(fn(n.callFrame));
  }
  for (const o of owners) add(inclByOwner, o, ms);
  for (const f of fns) add(inclByFn, f, ms);
});

function print(title, map) {
  console.log(`\n${title}`);
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(100 * ms / busy).toFixed(1).padStart(6)}%  ${ms.toFixed(0).padStart(7)} ms  ${key}`);
  }
}
console.log(`busy CPU time: ${busy.toFixed(0)} ms`);
print('self time by package', selfByOwner);
print('self time by package, Node internals and builtins (e.g. socket writes, JSON) charged to their caller', byCaller);
print('inclusive time by package (on the stack)', inclByOwner);
print('self time by function', selfByFn);
print('inclusive time by function', inclByFn);
