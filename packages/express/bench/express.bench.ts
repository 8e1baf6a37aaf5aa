// Requests/s of a bare express.raw() route against the same route behind verifyWebhook(), on loopback, and
// against a by-hand verifier (HMAC, constant-time compare, JSON.parse inline): the floor any verifier pays,
// so the table shows both what verifying costs and what ours adds to it. Routes run alternately, a few seconds each, so a neighbour's load spreads over all of them; the server's
// CPU time per request is reported too, as the steadier measure on a shared machine. Every figure is a
// median of rounds; the ratios are medians of each round's ratio to the bare (or by-hand) route.
// Run: pnpm --filter @webhooks/express bench   (builds first; the smoke run needs the packages built; about 70 s; --smoke: 300 requests per route)
// BENCH_PROFILE=<dir>: the server writes a V8 CPU profile there (sum it up with bench/src/profile-summary.ts).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { createEvent, signPayload } from '@webhooks/core';

const SECRET = 'bench-secret-0123456789abcdef'; // the same as bench/server.ts
const smoke = process.argv.includes('--smoke');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = smoke ? 1 : Number(process.env.BENCH_ROUNDS ?? 8);
const ROUTES = ['bare', 'by-hand', 'verified', 'verified-stream'] as const;

const server = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), '--import', 'tsx', fileURLToPath(new URL('./server.ts', import.meta.url))], {
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});
async function serverCpuMicros(): Promise<number> {
  server.send('cpu');
  const [usage] = (await once(server, 'message')) as [NodeJS.CpuUsage];
  return usage.user + usage.system;
}
const [line] = (await once(server.stdout!, 'data')) as [Buffer];
const base = `http://127.0.0.1:${String(line).trim()}`;

const event = createEvent({ event: 'order.paid', model: 'store.Order', object: { id: 1, note: 'x'.repeat(800) } });
const body = JSON.stringify(event);
// One signed request, replayed: fresh for 300 s, and no idempotency store on the route to refuse it.
const headers = { 'content-type': 'application/json', ...(await signPayload({ secret: SECRET, eventId: event.id, body })) };

// Per route, one sample per round: requests/s, and the server's CPU time per request.
const samples = new Map<string, { rps: number; cpu: number }[]>(ROUTES.map((r) => [r, []]));
const load = (route: string, duration: number) =>
  autocannon({ url: `${base}/${route}`, method: 'POST', headers, body, connections: 10, ...(smoke ? { amount: 300 } : { duration }) });
try {
  // Warm every route up first (JIT), uncounted: otherwise the first route measured pays for it.
  for (const route of ROUTES) {
    const result = await load(route, 1);
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${route}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const route of ROUTES) {
      const before = await serverCpuMicros();
      const result = await load(route, SECONDS);
      const spent = (await serverCpuMicros()) - before;
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${route}: ${result.non2xx} non-2xx, ${result.errors} errors`);
      samples.get(route)!.push({ rps: result.requests.average, cpu: spent / result.requests.total });
    }
  }
} finally {
  server.kill('SIGTERM');
}

// Medians of rounds, and of each round's ratio to the bare route measured next to it: a neighbour's burst
// that slows one round moves neither.
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const bare = samples.get('bare')!;
const hand = samples.get('by-hand')!;
const overhead = (own: { cpu: number }[], base: { cpu: number }[]) => `${((median(own.map((s, i) => s.cpu / base[i]!.cpu)) - 1) * 100).toFixed(1)}%`;
console.table(
  ROUTES.map((route) => {
    const own = samples.get(route)!;
    return {
      route: `/${route}`,
      'req/s (median)': Math.round(median(own.map((s) => s.rps))),
      'x bare req/s (median)': median(own.map((s, i) => s.rps / bare[i]!.rps)).toFixed(3),
      'server CPU µs/req (median)': median(own.map((s) => s.cpu)).toFixed(1),
      'CPU over bare (median)': overhead(own, bare),
      'CPU over by hand (median)': route === 'bare' ? '' : overhead(own, hand),
      'CPU µs/req by round': own.map((s) => s.cpu.toFixed(0)).join(' '),
    };
  }),
);
