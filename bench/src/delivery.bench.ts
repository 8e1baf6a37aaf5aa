// Deliveries per second from dispatch() through the memory transport and the undici sender to a
// receiver in another process, against raw undici Pool.request posting pre-signed 1 KB bodies to
// the same receiver with the same concurrency, alternating in one run.
// Run: pnpm --filter @webhooks/bench bench
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createMemoryDeliveryLog, createWebhooks, signPayload, type WebhookEvent } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { createUndiciSender } from '@webhooks/undici';
import { Pool } from 'undici';

const CONCURRENCY = 32;
const PER_ROUND = Number(process.env.BENCH_DELIVERIES ?? 3000);
const ROUNDS = 4;
const SECRET = 'bench-secret';

// The same receiver process as the undici sender's benchmark.
const child = fork(fileURLToPath(new URL('../../packages/undici/bench/receiver.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
const url = `http://127.0.0.1:${port}/hooks`;
const object = { id: 1, note: 'x'.repeat(800) }; // about 1 KB once wrapped in the envelope

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

async function raw(pool: Pool, bodies: string[], headers: Record<string, string>[]) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const i = next++;
        const t = performance.now();
        const res = await pool.request({ path: '/hooks', method: 'POST', headers: headers[i], body: bodies[i] });
        await res.body.text();
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies };
}

/** The same closed loop as `raw`: CONCURRENCY dispatchers, each waiting for its delivery's response. */
function createOurs() {
  const waiting = new Map<string, () => void>();
  const webhooks = createWebhooks(
    { allowPrivateNetwork: true, endpoints: [{ name: 'bench', url, secret: SECRET }] },
    {
      transport: createMemoryTransport({ concurrency: CONCURRENCY }),
      sender: createUndiciSender({ connections: CONCURRENCY }),
      deliveryLog: createMemoryDeliveryLog({ maxRecords: 1000 }),
      onEvent: (e) => {
        if (e.type === 'attempt') waiting.get(e.job.deliveryId)?.();
      },
    },
  );
  const run = async (count: number) => {
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) {
          const i = next++;
          const t = performance.now();
          let delivered!: () => void;
          const done = new Promise<void>((resolve) => (delivered = resolve));
          const { deliveries } = await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { ...object, id: i } });
          waiting.set(deliveries[0]!.deliveryId, delivered);
          await done;
          waiting.delete(deliveries[0]!.deliveryId);
          latencies.push(performance.now() - t);
        }
      }),
    );
    return { seconds: (performance.now() - started) / 1000, latencies };
  };
  return { run, close: () => webhooks.close() };
}

const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY, pipelining: 1 });
const bodies: string[] = [];
const headers: Record<string, string>[] = [];
for (let i = 0; i < PER_ROUND; i++) {
  const event = { id: `evt_${i}`, event: 'order.paid', object: { ...object, id: String(i) } } as unknown as WebhookEvent;
  bodies.push(JSON.stringify(event));
  headers.push({ 'content-type': 'application/json', ...(await signPayload({ secret: SECRET, eventId: event.id, body: bodies[i]! })) });
}
const ours = createOurs();
await raw(pool, bodies.slice(0, 500), headers); // warm-up
await ours.run(PER_ROUND); // warm-up: JIT and connections
const results = { raw: [] as number[], ours: [] as number[], rawLat: [] as number[], oursLat: [] as number[] };
const cpu = { raw: 0, ours: 0 };
const cpuOf = async <T>(key: 'raw' | 'ours', work: () => Promise<T>) => {
  const before = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(before);
  cpu[key] += used.user + used.system;
  return result;
};
for (let round = 0; round < ROUNDS; round++) {
  const r = await cpuOf('raw', () => raw(pool, bodies, headers));
  const o = await cpuOf('ours', () => ours.run(PER_ROUND));
  results.raw.push(PER_ROUND / r.seconds);
  results.ours.push(PER_ROUND / o.seconds);
  results.rawLat.push(...r.latencies);
  results.oursLat.push(...o.latencies);
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const oursLat = results.oursLat.sort((a, b) => a - b);
const rawLat = results.rawLat.sort((a, b) => a - b);
console.table([
  { path: 'raw undici Pool.request (pre-signed)', 'deliveries/s': Math.round(median(results.raw)), 'p50 ms': percentile(rawLat, 0.5).toFixed(2), 'p99 ms': percentile(rawLat, 0.99).toFixed(2) },
  { path: 'dispatch → memory → undici', 'deliveries/s': Math.round(median(results.ours)), 'p50 ms': percentile(oursLat, 0.5).toFixed(2), 'p99 ms': percentile(oursLat, 0.99).toFixed(2) },
]);
const total = PER_ROUND * ROUNDS;
console.log(`sender-process CPU per delivery: raw ${(cpu.raw / total).toFixed(0)} µs, ours ${(cpu.ours / total).toFixed(0)} µs`);
console.log(`ours / raw: ${(median(results.ours) / median(results.raw)).toFixed(2)} (concurrency ${CONCURRENCY}, ${PER_ROUND} deliveries x ${ROUNDS} rounds)`);
console.log('latency: raw is request-to-response; ours is dispatch-to-response (event, projection, queue, signing, send, log)');
await ours.close();
await pool.close();
child.disconnect();
