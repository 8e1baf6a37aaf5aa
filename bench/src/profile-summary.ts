// Sums up a V8 CPU profile (node --cpu-prof) by where the time went: self time per package (our
// packages, undici, Node's internals, the garbage collector) and the functions that cost the most.
// Run: node --import tsx src/profile-summary.ts profiles/<file>.cpuprofile [top=25] [skip=2000]
// (skip: ms at the start left out: start-up, module loading and the bench's warm-up)
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

const [file, top = '25', skip = '2000'] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));

/** Which package or part of the runtime a frame belongs to. */
function groupOf({ functionName, url }: ProfileNode['callFrame']): string {
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)' || functionName === '(program)') return functionName;
  const ours = /\/packages\/([^/]+)\//.exec(url);
  if (ours) return `@webhooks/${ours[1]}`;
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (dependency) return dependency[1]!;
  if (url.startsWith('node:')) return 'node internals';
  if (url.includes('/bench/')) return 'the bench itself';
  return url === '' ? 'native' : url;
}

const groups = new Map<string, number>();
const functions = new Map<string, number>();
let total = 0;
let at = 0;
profile.samples.forEach((id, i) => {
  const micros = profile.timeDeltas[i] ?? 0;
  at += micros;
  if (at < Number(skip) * 1000) return;
  const { callFrame } = byId.get(id)!;
  const group = groupOf(callFrame);
  if (group === '(idle)') return;
  total += micros;
  groups.set(group, (groups.get(group) ?? 0) + micros);
  const name = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.replace(/^.*\/(packages|node_modules)\//, '$1/')}:${callFrame.lineNumber + 1}`;
  functions.set(name, (functions.get(name) ?? 0) + micros);
});

const share = (micros: number) => `${((micros / total) * 100).toFixed(1)} %`;
const sorted = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]);
console.log(`${file}: ${(total / 1000).toFixed(0)} ms of CPU samples, idle excluded`);
console.table(sorted(groups).map(([group, micros]) => ({ group, 'self time': share(micros) })));
for (const [fn, micros] of sorted(functions).slice(0, Number(top))) console.log(`${share(micros).padStart(7)}  ${fn}`);
