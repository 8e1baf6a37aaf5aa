// Deliveries per second from dispatch() through the memory transport and the undici sender to a
// receiver in another process, against raw undici Pool.request posting pre-signed 1 KB bodies to
// the same receiver with the same concurrency, and against the same requests serialised and signed
// by hand. Each side runs in a process of its own (so none pays for another's heap or compiled
// code), and the sides take turns in short slices, so load from other processes on a shared
// machine hits all alike.
// Run: pnpm --filter @webhooks/bench bench   (BENCH_MS: time per side; BENCH_LOG: memory log size,
// default: the engine's default log, createMemoryDeliveryLog() with 10 000 records)
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SliceReport } from './delivery-side.js';
import { CONCURRENCY, type SideName } from './delivery-sides.js';

const SIDE_MS = Number(process.env.BENCH_MS ?? 6_000);
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

const names: SideName[] = ['raw', 'handRolled', 'ours', 'oursOtelNoSdk', 'oursOtelSdk'];
const children = Object.fromEntries(
  names.map((name) => [name, fork(here('./delivery-side.ts'), [name, origin, ...(LOG_RECORDS ? [LOG_RECORDS] : [])], tsx)]),
) as Record<SideName, ChildProcess>;
await Promise.all(names.map((name) => started(children[name])));

const slice = (name: SideName, ms: number) => {
  const reply = started(children[name]) as Promise<SliceReport>;
  children[name].send(ms);
  return reply;
};

for (const name of names) await slice(name, 1_000); // warm-up: JIT and connections
const totals = Object.fromEntries(names.map((name) => [name, { count: 0, ms: 0, cpuMicros: 0, latencies: [] as number[] }])) as Record<
  SideName,
  SliceReport
>;
const sliceRatios: number[] = [];
const otelSliceRatios = { oursOtelNoSdk: [] as number[], oursOtelSdk: [] as number[] };
for (let n = 0; n * SLICE_MS < SIDE_MS; n++) {
  // Each side goes first in turn, so none always follows the same neighbour.
  const order = names.map((_, k) => names[(k + n) % names.length]!);
  const rate = {} as Record<SideName, number>;
  for (const name of order) {
    const t = await slice(name, SLICE_MS);
    rate[name] = t.count / t.ms;
    const total = totals[name];
    total.count += t.count;
    total.ms += t.ms;
    total.cpuMicros += t.cpuMicros;
    for (const latency of t.latencies) total.latencies.push(latency);
  }
  sliceRatios.push(rate.ours / rate.raw);
  otelSliceRatios.oursOtelNoSdk.push(rate.oursOtelNoSdk / rate.raw);
  otelSliceRatios.oursOtelSdk.push(rate.oursOtelSdk / rate.raw);
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
  row('… + @webhooks/otel, no SDK registered', totals.oursOtelNoSdk),
  row('… + @webhooks/otel, SDK with a no-op exporter', totals.oursOtelSdk),
]);
const medianOf = (ratios: number[]) => [...ratios].sort((a, b) => a - b)[Math.floor(ratios.length / 2)]!;
const median = medianOf(sliceRatios);
console.log(`ours / raw: ${(rateOf('ours') / rateOf('raw')).toFixed(2)} overall, ${median.toFixed(2)} median of slices (goal 0.80)`);
console.log(`by hand / raw: ${(rateOf('handRolled') / rateOf('raw')).toFixed(2)}; ours / by hand: ${(rateOf('ours') / rateOf('handRolled')).toFixed(2)}`);
console.log('OpenTelemetry, each against raw (overall, median of slices), side by side with ours:');
console.table(
  (['ours', 'oursOtelNoSdk', 'oursOtelSdk'] as const).map((name) => ({
    side: name,
    '/ raw overall': (rateOf(name) / rateOf('raw')).toFixed(2),
    '/ raw median of slices': medianOf(name === 'ours' ? sliceRatios : otelSliceRatios[name]).toFixed(2),
    '/ ours': (rateOf(name) / rateOf('ours')).toFixed(2),
  })),
);
console.log('latency: raw is request-to-response; by hand adds serialising and signing; ours is dispatch-to-response (event, projection, queue, signing, send, log)');
for (const name of names) children[name].disconnect();
receiver.disconnect();
