// Deliveries per second from dispatch() through the memory transport and the undici sender to a
// receiver in another process, against raw undici Pool.request posting pre-signed 1 KB bodies to
// the same receiver with the same concurrency, and against the same requests serialised and signed
// by hand. The sides take turns in short slices, so load from other processes on a shared machine
// hits all alike.
// Run: pnpm --filter @webhooks/bench bench   (BENCH_MS: time per side; BENCH_LOG: memory log size,
// default: the engine's default log, createMemoryDeliveryLog() with 10 000 records)
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createMemoryDeliveryLog, createWebhooks, signPayload, type WebhookEvent } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { createUndiciSender } from '@webhooks/undici';
import { Pool } from 'undici';

const CONCURRENCY = 32;
const SIDE_MS = Number(process.env.BENCH_MS ?? 6_000);
const SLICE_MS = 250;
const LOG_RECORDS = process.env.BENCH_LOG ? Number(process.env.BENCH_LOG) : undefined;
const SECRET = 'bench-secret';

// The same receiver process as the undici sender's benchmark.
const child = fork(fileURLToPath(new URL('../../packages/undici/bench/receiver.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
const url = `http://127.0.0.1:${port}/hooks`;
const object = { id: 1, note: 'x'.repeat(800) }; // about 1 KB once wrapped in the envelope

interface Tally {
  count: number;
  ms: number;
  cpuMicros: number;
  latencies: number[];
}
const tally = (): Tally => ({ count: 0, ms: 0, cpuMicros: 0, latencies: [] });
type DeliverOne = (i: number) => Promise<void>;

/** Keeps CONCURRENCY deliveries in flight for `ms`, each loop waiting for its response. */
async function run(deliverOne: DeliverOne, ms: number, into: Tally) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + ms;
  let next = 0;
  const loop = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      await deliverOne(next++);
      into.latencies.push(performance.now() - t0);
      into.count++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  into.ms += performance.now() - started;
  const used = process.cpuUsage(cpu);
  into.cpuMicros += used.user + used.system;
}

// Raw: pre-signed bodies, posted and read, nothing else.
const pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY, pipelining: 1 });
const presigned: { body: string; headers: Record<string, string> }[] = [];
for (let i = 0; i < 1024; i++) {
  const event = { id: `evt_${i}`, event: 'order.paid', object: { ...object, id: String(i) } } as unknown as WebhookEvent;
  const body = JSON.stringify(event);
  presigned.push({ body, headers: { 'content-type': 'application/json', ...(await signPayload({ secret: SECRET, eventId: event.id, body })) } });
}
const raw: DeliverOne = async (i) => {
  const { body, headers } = presigned[i % presigned.length]!;
  const res = await pool.request({ path: '/hooks', method: 'POST', headers, body });
  await res.body.text();
};

// Reference: what every sender must add to raw, done by hand with nothing else (no queue, log,
// retries or ids): serialise the event, sign it, post it. It shows how much of the gap is that work.
const handRolled: DeliverOne = async (i) => {
  const event = { id: `evt_${i}`, event: 'order.paid', timestamp: '2026-01-01T00:00:00Z', model: { app: 'store', name: 'Order' }, object: { id: String(i), note: object.note }, changes: {}, user: null };
  const body = JSON.stringify(event);
  const headers = await signPayload({ secret: SECRET, eventId: event.id, body });
  headers['content-type'] = 'application/json';
  const res = await pool.request({ path: '/hooks', method: 'POST', headers, body });
  await res.body.text();
};

// Ours: each loop dispatches an event and waits until its delivery's attempt is recorded.
const waiting = new Map<string, () => void>();
const early = new Set<string>(); // attempts recorded before dispatch() returned to the loop
const webhooks = createWebhooks(
  { allowPrivateNetwork: true, endpoints: [{ name: 'bench', url, secret: SECRET }] },
  {
    transport: createMemoryTransport({ concurrency: CONCURRENCY }),
    sender: createUndiciSender({ connections: CONCURRENCY }),
    ...(LOG_RECORDS === undefined ? {} : { deliveryLog: createMemoryDeliveryLog({ maxRecords: LOG_RECORDS }) }),
    onEvent: (e) => {
      if (e.type !== 'attempt') return;
      const resolve = waiting.get(e.job.deliveryId);
      if (resolve) resolve();
      else early.add(e.job.deliveryId);
    },
  },
);
const ours: DeliverOne = async (i) => {
  const { deliveries } = await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: i, note: object.note } });
  const { deliveryId } = deliveries[0]!;
  if (early.delete(deliveryId)) return;
  await new Promise<void>((resolve) => waiting.set(deliveryId, resolve));
  waiting.delete(deliveryId);
};

const sides = { raw, handRolled, ours };
type Side = keyof typeof sides;
const names = Object.keys(sides) as Side[];
for (const side of names) await run(sides[side], 500, tally()); // warm-up: JIT and connections
const totals = { raw: tally(), handRolled: tally(), ours: tally() };
const sliceRatios: number[] = [];
for (let slice = 0; slice * SLICE_MS < SIDE_MS; slice++) {
  // Each side goes first in turn, so none always follows the same neighbour.
  const order = names.map((_, k) => names[(k + slice) % names.length]!);
  const rate = { raw: 0, handRolled: 0, ours: 0 };
  for (const side of order) {
    const t = tally();
    await run(sides[side], SLICE_MS, t);
    rate[side] = t.count / t.ms;
    totals[side].count += t.count;
    totals[side].ms += t.ms;
    totals[side].cpuMicros += t.cpuMicros;
    totals[side].latencies.push(...t.latencies);
  }
  sliceRatios.push(rate.ours / rate.raw);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
const row = (path: string, t: Tally) => {
  const sorted = t.latencies.sort((a, b) => a - b);
  return {
    path,
    'deliveries/s': Math.round((t.count / t.ms) * 1000),
    'p50 ms': percentile(sorted, 0.5).toFixed(2),
    'p99 ms': percentile(sorted, 0.99).toFixed(2),
    'CPU µs/delivery': Math.round(t.cpuMicros / t.count),
  };
};
const rateOf = (side: Side) => totals[side].count / totals[side].ms;
console.log(`node ${process.version}; concurrency ${CONCURRENCY}; ${SIDE_MS} ms per side in ${SLICE_MS} ms rotating slices; memory log of ${LOG_RECORDS ?? 'default size (10 000)'}`);
console.table([
  row('raw undici Pool.request (pre-signed)', totals.raw),
  row('by hand: JSON.stringify + HMAC + Pool.request', totals.handRolled),
  row('dispatch → memory → undici', totals.ours),
]);
const median = sliceRatios.sort((a, b) => a - b)[Math.floor(sliceRatios.length / 2)]!;
console.log(`ours / raw: ${(rateOf('ours') / rateOf('raw')).toFixed(2)} overall, ${median.toFixed(2)} median of slices (goal 0.80)`);
console.log(`by hand / raw: ${(rateOf('handRolled') / rateOf('raw')).toFixed(2)}; ours / by hand: ${(rateOf('ours') / rateOf('handRolled')).toFixed(2)}`);
console.log('latency: raw is request-to-response; by hand adds serialising and signing; ours is dispatch-to-response (event, projection, queue, signing, send, log)');
await webhooks.close();
await pool.close();
child.disconnect();
