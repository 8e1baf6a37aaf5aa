// Deliveries per second from dispatch() through the memory transport and the undici sender to a
// receiver in another process, against raw undici Pool.request posting pre-signed 1 KB bodies to
// the same receiver with the same concurrency, and against the same requests serialised and signed
// by hand. Each side runs in a process of its own (so none pays for another's heap or compiled
// code), and the sides take turns in short slices, so load from other processes on a shared
// machine hits all alike.
// Run: pnpm --filter @webhooks/bench bench   (BENCH_MS: time per side; BENCH_LOG: memory log size,
// default: the engine's default log, createMemoryDeliveryLog() with 10 000 records; BENCH_KEEP_BODIES=1 adds a
// fourth side, ours with that log keeping succeeded deliveries' bodies (its default before); --smoke: about a second;
// BENCH_PROFILE=ours,handRolled (or raw): those sides write V8 CPU profiles to bench/profiles/<side>/, which
// `node --import tsx src/profile-summary.ts <file>` sums up by package and function; BENCH_OTEL=1 adds two sides,
// ours with @webhooks/otel and no SDK registered, and with an SDK exporting to nowhere; --smoke runs them too)
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SliceReport } from './delivery-side.js';
import { CONCURRENCY, type SideName } from './delivery-sides.js';

const smoke = process.argv.includes('--smoke');
const SIDE_MS = smoke ? 500 : Number(process.env.BENCH_MS ?? 6_000);
const WARM_MS = smoke ? 100 : 1_000;
const SLICE_MS = 250;
const LOG_RECORDS = process.env.BENCH_LOG;
const tsx = { execArgv: ['--import', 'tsx'] };

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
/** The child's next message; rejects if it exits first (a crashed side must not hang the run). */
const started = (child: ChildProcess) =>
  new Promise<unknown>((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`benchmark process ${child.spawnargs.slice(-3).join(' ')} exited with ${code}`));
    child.once('exit', exited);
    child.once('message', (message) => {
      child.off('exit', exited);
      resolve(message);
    });
  });

// The same receiver process as the undici sender's benchmark.
const receiver = fork(here('../../packages/undici/bench/receiver.ts'), tsx);
const { port } = (await started(receiver)) as { port: number };
const origin = `http://127.0.0.1:${port}`;

const withOtel = smoke || !!process.env.BENCH_OTEL;
const names: SideName[] = [
  'raw',
  'handRolled',
  'ours',
  ...(process.env.BENCH_KEEP_BODIES ? (['oursKeepBodies'] as const) : []),
  ...(withOtel ? (['oursOtelNoSdk', 'oursOtelSdk'] as const) : []),
];
const profiled = (name: SideName) =>
  (process.env.BENCH_PROFILE ?? '').split(',').includes(name) ? ['--cpu-prof', `--cpu-prof-dir=${here(`../profiles/${name}`)}`] : [];
const children = Object.fromEntries(
  names.map((name) => [
    name,
    fork(here('./delivery-side.ts'), [name, origin, ...(LOG_RECORDS ? [LOG_RECORDS] : [])], { execArgv: [...tsx.execArgv, ...profiled(name)] }),
  ]),
) as Record<SideName, ChildProcess>;
await Promise.all(names.map((name) => started(children[name])));

const slice = (name: SideName, ms: number) => {
  const reply = started(children[name]) as Promise<SliceReport>;
  children[name].send(ms);
  return reply;
};

for (const name of names) await slice(name, WARM_MS); // warm-up: JIT and connections
const totals = Object.fromEntries(names.map((name) => [name, { count: 0, failures: 0, ms: 0, cpuMicros: 0, latencies: [] as number[] }])) as Record<
  SideName,
  SliceReport
>;
const sliceRatios: number[] = [];
const handRatios: number[] = [];
const cpuAboveHand: number[] = [];
const keepRatios: number[] = [];
const keepCpuAboveHand: number[] = [];
const otelRatios = { oursOtelNoSdk: [] as number[], oursOtelSdk: [] as number[] };
for (let n = 0; n * SLICE_MS < SIDE_MS; n++) {
  // Each side goes first in turn, so none always follows the same neighbour.
  const order = names.map((_, k) => names[(k + n) % names.length]!);
  const rate = {} as Record<SideName, number>;
  const cpu = {} as Record<SideName, number>;
  for (const name of order) {
    const t = await slice(name, SLICE_MS);
    rate[name] = t.count / t.ms;
    cpu[name] = t.cpuMicros / Math.max(1, t.count);
    const total = totals[name];
    total.count += t.count;
    total.ms += t.ms;
    total.cpuMicros += t.cpuMicros;
    total.failures += t.failures;
    for (const latency of t.latencies) total.latencies.push(latency);
  }
  sliceRatios.push(rate.ours / rate.raw);
  handRatios.push(rate.ours / rate.handRolled);
  cpuAboveHand.push(cpu.ours - cpu.handRolled);
  if (names.includes('oursKeepBodies')) {
    keepRatios.push(rate.oursKeepBodies / rate.handRolled);
    keepCpuAboveHand.push(cpu.oursKeepBodies - cpu.handRolled);
  }
  if (withOtel) {
    otelRatios.oursOtelNoSdk.push(rate.oursOtelNoSdk / rate.ours);
    otelRatios.oursOtelSdk.push(rate.oursOtelSdk / rate.ours);
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const row = (path: string, t: SliceReport) => {
  const sorted = t.latencies.sort((a, b) => a - b);
  return {
    path,
    'deliveries/s': Math.round((t.count / t.ms) * 1000),
    'p50 ms': percentile(sorted, 0.5).toFixed(2),
    'p99 ms': percentile(sorted, 0.99).toFixed(2),
    'CPU µs/delivery': Math.round(t.cpuMicros / t.count),
  };
};
const rateOf = (name: SideName) => totals[name].count / totals[name].ms;
console.log(`node ${process.version}; concurrency ${CONCURRENCY}; ${SIDE_MS} ms per side in ${SLICE_MS} ms rotating slices, each side in its own process; memory log of ${LOG_RECORDS ?? 'default size (10 000)'}`);
console.table([
  row('raw undici Pool.request (pre-signed)', totals.raw),
  row('by hand: JSON.stringify + HMAC + Pool.request', totals.handRolled),
  row('dispatch → memory → undici', totals.ours),
  ...(names.includes('oursKeepBodies') ? [row('the same, log keeping succeeded bodies', totals.oursKeepBodies)] : []),
  ...(withOtel
    ? [row('… + @webhooks/otel, no SDK registered', totals.oursOtelNoSdk), row('… + @webhooks/otel, SDK with a no-op exporter', totals.oursOtelSdk)]
    : []),
]);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
console.log(
  `ours / by hand: ${median(handRatios).toFixed(2)} median of slices, ${(rateOf('ours') / rateOf('handRolled')).toFixed(2)} overall (goal ≥ 0.90); ` +
    `CPU above by hand: ${median(cpuAboveHand).toFixed(1)} µs per delivery, median of slices (goal ≤ 10)`,
);
console.log(
  `ours / raw: ${median(sliceRatios).toFixed(2)} median of slices, ${(rateOf('ours') / rateOf('raw')).toFixed(2)} overall; by hand / raw: ${(rateOf('handRolled') / rateOf('raw')).toFixed(2)}`,
);
if (keepRatios.length > 0) {
  console.log(
    `ours with the log keeping succeeded bodies / by hand: ${median(keepRatios).toFixed(2)} median of slices; ` +
      `CPU above by hand: ${median(keepCpuAboveHand).toFixed(1)} µs per delivery`,
  );
}
if (withOtel) {
  console.log(
    `with @webhooks/otel / ours: no SDK ${median(otelRatios.oursOtelNoSdk).toFixed(2)}, ` +
      `SDK with a no-op exporter ${median(otelRatios.oursOtelSdk).toFixed(2)} (medians of slices)`,
  );
}
console.log('latency: raw is request-to-response; by hand adds serialising and signing; ours is dispatch-to-response (event, projection, queue, signing, send, log)');
for (const name of names) children[name].disconnect();
receiver.disconnect();
const failed = names.filter((name) => totals[name].count === 0 || totals[name].failures > 0);
if (failed.length > 0) {
  console.error(`FAILED: ${failed.map((name) => `${name} delivered ${totals[name].count}, ${totals[name].failures} failed`).join('; ')}`);
  process.exitCode = 1;
}
