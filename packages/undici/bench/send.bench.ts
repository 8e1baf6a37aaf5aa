// Requests/s of sender.send() against raw undici Pool.request: same receiver (another
// process), same pre-signed 1 KB bodies, same concurrency. The two sides alternate in
// short slices so that load from other processes on a shared machine hits both alike.
// Run: pnpm --filter @webhooks/undici bench   (BENCH_MS: time per side per concurrency; --smoke: 250 ms each)
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signPayload } from '@webhooks/core';
import { Pool } from 'undici';

// The built package, as users get it (the bench script builds first).
const entry = new URL('../dist/index.js', import.meta.url).href;
const { createUndiciSender, DEFAULT_USER_AGENT } = (await import(entry)) as typeof import('../src/index.js');

const smoke = process.argv.includes('--smoke');
const SIDE_MS = smoke ? 250 : Number(process.env.BENCH_MS ?? 3_000);
const WARM_MS = smoke ? 100 : 300;
const SLICE_MS = 250;
const CONCURRENCY = [16, 64];

interface Tally {
  requests: number;
  failures: number;
  elapsedMs: number;
  cpuMicros: number;
  latencies: number[];
}
type SendOne = (i: number) => Promise<boolean>;

async function startReceiver() {
  const child = fork(fileURLToPath(new URL('./receiver.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  return { origin: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

async function signedBodies(count: number) {
  // `withAgent` gives the raw side the same User-Agent the sender adds, prepared outside the timed loop.
  const out: { headers: Record<string, string>; withAgent: Record<string, string>; body: string }[] = [];
  for (let i = 0; i < count; i += 1) {
    const event = { id: `evt_${i}`, event: 'order.paid', object: { id: String(i), note: '' } };
    event.object.note = 'x'.repeat(1024 - JSON.stringify(event).length);
    const body = JSON.stringify(event);
    const signed = await signPayload({ secret: 'bench-secret', eventId: event.id, body });
    const headers = { 'content-type': 'application/json', ...signed };
    out.push({ headers, withAgent: { ...headers, 'user-agent': DEFAULT_USER_AGENT }, body });
  }
  return out;
}

/** Keeps `concurrency` sends in flight for `ms`, adding what happened to `tally`. */
async function run(sendOne: SendOne, concurrency: number, ms: number, tally: Tally) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + ms;
  let next = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      const ok = await sendOne(next++);
      tally.latencies.push(performance.now() - t0);
      tally.requests += 1;
      if (!ok) tally.failures += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  tally.elapsedMs += performance.now() - started;
  const used = process.cpuUsage(cpu);
  tally.cpuMicros += used.user + used.system;
}

function merge(into: Tally, from: Tally) {
  into.requests += from.requests;
  into.failures += from.failures;
  into.elapsedMs += from.elapsedMs;
  into.cpuMicros += from.cpuMicros;
  for (const latency of from.latencies) into.latencies.push(latency);
}
const tally = (): Tally => ({ requests: 0, failures: 0, elapsedMs: 0, cpuMicros: 0, latencies: [] });
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
function summary(t: Tally) {
  const sorted = t.latencies.sort((a, b) => a - b);
  return {
    rps: (t.requests / t.elapsedMs) * 1000,
    cpu: t.cpuMicros / t.requests,
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    failures: t.failures,
  };
}
const line = (name: string, s: ReturnType<typeof summary>) =>
  `  ${name.padEnd(20)} ${s.rps.toFixed(0).padStart(6)} req/s   p50 ${s.p50.toFixed(2).padStart(6)} ms   p99 ${s.p99
    .toFixed(2)
    .padStart(6)} ms   ${s.cpu.toFixed(0).padStart(4)} µs CPU/req${s.failures ? `   ${s.failures} FAILED` : ''}`;

const receiver = await startReceiver();
const bodies = await signedBodies(256);
const url = `${receiver.origin}/hook`;
console.log(`node ${process.version}; ${SIDE_MS} ms per side in ${SLICE_MS} ms alternating slices; 1 KB signed bodies\n`);
try {
  for (const concurrency of CONCURRENCY) {
    const sender = createUndiciSender({ connections: concurrency });
    const pool = new Pool(receiver.origin, { connections: concurrency, pipelining: 1 });
    const sides: Record<'raw' | 'ours', SendOne> = {
      raw: async (i) => {
        const { withAgent, body } = bodies[i % bodies.length]!;
        const response = await pool.request({ path: '/hook', method: 'POST', headers: withAgent, body });
        await response.body.text();
        return response.statusCode === 200;
      },
      ours: async (i) => {
        const { headers, body } = bodies[i % bodies.length]!;
        const result = await sender.send({ url, headers, body, timeoutMs: 10_000, allowPrivateNetwork: true });
        return result.status === 200;
      },
    };
    await run(sides.raw, concurrency, WARM_MS, tally()); // warm up: connections, JIT
    await run(sides.ours, concurrency, WARM_MS, tally());
    const tallies = { raw: tally(), ours: tally() };
    const sliceRatios: number[] = [];
    for (let slice = 0; slice * SLICE_MS < SIDE_MS; slice += 1) {
      const order = slice % 2 === 0 ? (['raw', 'ours'] as const) : (['ours', 'raw'] as const);
      const rps = { raw: 0, ours: 0 };
      for (const side of order) {
        const t = tally();
        await run(sides[side], concurrency, SLICE_MS, t);
        rps[side] = t.requests / t.elapsedMs;
        merge(tallies[side], t);
      }
      sliceRatios.push(rps.ours / rps.raw);
    }
    const raw = summary(tallies.raw);
    const ours = summary(tallies.ours);
    console.log(`${concurrency} in flight`);
    console.log(line('undici Pool.request', raw));
    console.log(line('sender.send()', ours));
    // The median over adjacent slice pairs shrugs off a burst of load from other processes.
    const median = sliceRatios.sort((a, b) => a - b)[Math.floor(sliceRatios.length / 2)] ?? NaN;
    console.log(
      `  ratio ours/raw: ${(ours.rps / raw.rps).toFixed(2)}x req/s overall, ${median.toFixed(2)}x median of slice pairs, ${(ours.cpu / raw.cpu).toFixed(2)}x CPU per request\n`,
    );
    await sender.close();
    await pool.close();
    // A bench whose requests fail measures its error path: say so and exit non-zero.
    if (raw.failures + ours.failures > 0 || raw.rps === 0 || ours.rps === 0) process.exitCode = 1;
  }
} finally {
  receiver.stop();
}
