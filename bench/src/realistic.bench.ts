// Deliveries to receivers that take 50 ms to 1 s, some failing, some hanging: 200 endpoints (each its own
// origin on loopback, served by another process), events dispatched at a fixed offered rate, one delivery
// each, round-robin over the endpoints. Per 100 endpoints: 50 answer in about 50 ms, 40 in about 200 ms,
// 9 in about 1 s, 1 never answers (its attempts run into the 10 s attempt timeout); 5 % of answers are 503.
// Each side runs in its own process, in turn, against the same receivers:
//   ours            createWebhooks() with every default (memory transport, undici sender, memory log)
//   ours over Kafka the same with the Kafka transport and its defaults (KAFKA_BROKERS; topics of 12 partitions)
//   plain loop      p-limit with the same in-flight budget + JSON.stringify + HMAC + undici, no retries
// each with the hanging endpoints and without them (their events not sent at all), so the effect of a
// hanging endpoint on the healthy ones is measured in the same run.
// Run: pnpm --filter @webhooks/bench bench:realistic   (BENCH_RATE=2000 events/s, BENCH_SECONDS=30;
// --smoke: 1 s at 200/s, to check that it still runs; BENCH_TRACE=1: each sender prints its in-flight count every second)
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ATTEMPT_TIMEOUT_MS, ENDPOINTS, FAILURE_RATE, kindOf, LATENCY_MS, type RunPlan, type RunReport } from './realistic-workload.js';

const smoke = process.argv.includes('--smoke');
const RATE = smoke ? 200 : Number(process.env.BENCH_RATE ?? 2_000);
const SECONDS = smoke ? 1 : Number(process.env.BENCH_SECONDS ?? 30);
const WARM_MS = smoke ? 0 : 3_000;
// Long enough for a 1 s receiver's answer to a delivery dispatched at the end of the window.
const GRACE_MS = smoke ? 1_000 : 3_000;
const tsx = { execArgv: ['--import', 'tsx'] };
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The child's next message; rejects if it exits first (a crashed side must not hang the run). */
const next = <T>(child: ChildProcess) =>
  new Promise<T>((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`benchmark process ${child.spawnargs.slice(-1).join(' ')} exited with ${code}`));
    child.once('exit', exited);
    child.once('message', (message) => {
      child.off('exit', exited);
      resolve(message as T);
    });
  });

const receivers = fork(here('./realistic-receivers.ts'), tsx);
const { ports } = await next<{ ports: number[] }>(receivers);

async function run(side: 'ours' | 'kafka' | 'loop', hanging: boolean): Promise<RunReport & { peakInFlight: number }> {
  const child = fork(here('./realistic-side.ts'), [side], tsx);
  await next(child);
  const plan: RunPlan = { ports, rate: RATE, ms: SECONDS * 1000, warmMs: WARM_MS, graceMs: GRACE_MS, hanging };
  const reply = next<RunReport & { peakInFlight: number }>(child);
  child.send(plan);
  const report = await reply;
  child.kill('SIGKILL'); // hanging attempts would hold a polite close() for their timeout
  return report;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
};
// The workload's mean answer time per attempt, hanging endpoints at the attempt timeout.
const kinds = Array.from({ length: ENDPOINTS }, (_, i) => kindOf(i));
const meanMs = (hanging: boolean) => {
  const counted = kinds.filter((k) => hanging || k !== 'hang');
  return counted.reduce((sum, k) => sum + (k === 'hang' ? ATTEMPT_TIMEOUT_MS : LATENCY_MS[k]), 0) / counted.length;
};

const variants = [
  ['ours', true],
  ['ours', false],
  ['kafka', true],
  ['kafka', false],
  ['loop', true],
  ['loop', false],
] as const;
const SIDE_NAMES = { ours: 'ours (defaults)', kafka: 'ours over Kafka (defaults)', loop: 'p-limit + undici loop' };
const results = new Map<string, RunReport & { peakInFlight: number }>();
try {
  for (const [side, hanging] of variants) results.set(`${side}:${hanging}`, await run(side, hanging));
} finally {
  receivers.kill();
}

console.log(
  `node ${process.version}; ${ENDPOINTS} endpoints; ${RATE} events/s for ${SECONDS} s after ${WARM_MS / 1000} s of warm-up; ` +
    `${FAILURE_RATE * 100} % of answers 503; attempt timeout ${ATTEMPT_TIMEOUT_MS / 1000} s; each side in its own process`,
);
const rows = variants.map(([side, hanging]) => {
  const r = results.get(`${side}:${hanging}`)!;
  const seconds = SECONDS;
  // Little's law: at most budget ÷ mean latency attempts per second, whatever the code; no more than offered.
  const bound = Math.min((r.budget * 1000) / meanMs(hanging), RATE);
  return {
    side: `${SIDE_NAMES[side]}${hanging ? '' : ', no hanging endpoints'}`,
    'delivered/s': Math.round(r.delivered / seconds),
    'answered/s': Math.round(r.attempts / seconds),
    'x bound': ((r.attempts / seconds) / bound).toFixed(2),
    'healthy p50 ms': percentile(r.firstTry, 0.5).toFixed(0),
    'healthy p99 ms': percentile(r.firstTry, 0.99).toFixed(0),
    'p99 with retries ms': percentile(r.anyTry, 0.99).toFixed(0),
    'CPU µs/delivery': Math.round(r.cpuMicros / Math.max(1, r.delivered)),
    'peak RSS MB': Math.round(r.peakRssBytes / 2 ** 20),
    'peak in flight': r.peakInFlight,
  };
});
console.table(rows);
const ours = results.get('ours:true')!;
const oursClean = results.get('ours:false')!;
const kafka = results.get('kafka:true')!;
const kafkaClean = results.get('kafka:false')!;
const loop = results.get('loop:true')!;
const loopClean = results.get('loop:false')!;
const p99 = (r: RunReport) => percentile(r.firstTry, 0.99);
console.log(`in-flight budget ${ours.budget}; mean answer time of the mix ${meanMs(true).toFixed(0)} ms (${meanMs(false).toFixed(0)} ms without hanging endpoints);`);
console.log(`Little's-law bound min(budget ÷ mean, offered): ${Math.round(Math.min((ours.budget * 1000) / meanMs(true), RATE))}/s ('x bound' divides answered/s by it)`);
console.log(`ours / loop, delivered/s: ${(ours.delivered / loop.delivered).toFixed(2)} with hanging endpoints, ${(oursClean.delivered / loopClean.delivered).toFixed(2)} without`);
console.log(`ours over Kafka / loop, delivered/s: ${(kafka.delivered / loop.delivered).toFixed(2)} with hanging endpoints, ${(kafkaClean.delivered / loopClean.delivered).toFixed(2)} without`);
console.log(
  `isolation, healthy p99 with hanging ÷ without: ours ${(p99(ours) / p99(oursClean)).toFixed(2)}, over Kafka ${(p99(kafka) / p99(kafkaClean)).toFixed(2)}, ` +
    `loop ${(p99(loop) / p99(loopClean)).toFixed(2)}`,
);
console.log('healthy p50/p99: dispatch to 2xx for endpoints that answer, first attempts (a 503 is retried 10 s later); the loop never retries');

const broken = [...results].filter(([, r]) => r.errors.length > 0 || r.delivered === 0 || r.firstTry.length === 0);
if (broken.length > 0) {
  for (const [name, r] of broken) console.error(`FAILED ${name}: ${r.delivered} delivered; ${r.errors.join('; ')}`);
  process.exitCode = 1;
}
