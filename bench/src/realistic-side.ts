// One sender of the realistic benchmark in a process of its own (so CPU time and peak RSS are its
// own): dispatches events at a fixed rate, one delivery each, round-robin over the endpoints, and
// reports what came back. `ours` is createWebhooks() with every default (memory transport, undici
// sender, memory log); `kafka` the same over the Kafka transport with its defaults (topics of 12
// partitions on the broker at KAFKA_BROKERS); `loop` is the plain loop a user might write instead:
// p-limit with the same in-flight budget, JSON.stringify, HMAC and undici, no retries.
import { createWebhooks, signPayload, type EngineEvent, type Transport } from '@webhooks/core';
import { createKafkaTransport, ensureKafkaTopics } from '@webhooks/kafka';
import { createMemoryTransport } from '@webhooks/memory';
import { createUndiciSender } from '@webhooks/undici';
import pLimit from 'p-limit';
import { Agent } from 'undici';
import { ATTEMPT_TIMEOUT_MS, kindOf, type RunPlan, type RunReport } from './realistic-workload.js';

/** The memory transport's default `concurrency`: the loop gets the same budget. */
export const BUDGET = 1000;
const SECRET = 'bench-secret';
const note = 'x'.repeat(800); // about 1 KB once wrapped in the envelope

interface Sending {
  /** Sends event `n` to endpoint `e`, dispatched at `t0`; each attempt's answer goes to `settled()`. */
  send(n: number, e: number, t0: number): void;
  inFlight(): number;
}

const side = process.argv[2] as 'ours' | 'kafka' | 'loop';
const report: RunReport = { delivered: 0, attempts: 0, attemptMs: 0, firstTry: [], anyTry: [], dispatched: 0, cpuMicros: 0, peakRssBytes: 0, budget: BUDGET, errors: [] };
let windowStart = Number.POSITIVE_INFINITY;
let windowEnd = Number.POSITIVE_INFINITY;
const inWindow = (t: number) => t >= windowStart && t < windowEnd;
const error = (message: string) => {
  if (report.errors.length < 20) report.errors.push(message);
};

/** Counts an answered attempt and, for a success, its delivery's latency from dispatch. */
function settled(endpoint: number, t0: number, attempt: number, durationMs: number, ok: boolean) {
  const now = performance.now();
  if (inWindow(now)) {
    report.attempts++;
    report.attemptMs += durationMs;
    if (ok) report.delivered++;
  }
  if (!ok || !inWindow(t0) || kindOf(endpoint) === 'hang') return;
  report.anyTry.push(now - t0);
  if (attempt === 1) report.firstTry.push(now - t0);
}

/** createWebhooks() with every default but the transport; `inFlight` reads the transport's handlers running. */
function ours(ports: number[], transport: Transport, inFlight: () => number): Sending & { start(): Promise<void> } {
  const started = new Map<string, { endpoint: number; t0: number }>();
  const early = new Map<string, EngineEvent & { type: 'attempt' }>(); // attempts recorded before dispatch() returned
  const onAttempt = (e: EngineEvent & { type: 'attempt' }) => {
    const sent = started.get(e.job.deliveryId);
    if (!sent) return void early.set(e.job.deliveryId, e);
    settled(sent.endpoint, sent.t0, e.attempt.attempt, e.attempt.durationMs, e.attempt.outcome === 'success');
    if (e.state !== 'retrying') started.delete(e.job.deliveryId);
  };
  const webhooks = createWebhooks(
    {
      allowPrivateNetwork: true,
      endpoints: ports.map((port, i) => ({ name: `e${i}`, url: `http://127.0.0.1:${port}/hooks`, secret: SECRET, events: [`ping.e${i}`] })),
    },
    {
      transport,
      sender: createUndiciSender(),
      onEvent: (e) => {
        if (e.type === 'attempt') onAttempt(e);
        else if (e.type === 'error') error(`${e.during}: ${String(e.error)}`);
      },
    },
  );
  return {
    send(n, e, t0) {
      webhooks.dispatch({ event: `ping.e${e}`, model: 'bench.Ping', object: { id: n, note } }).then(
        ({ deliveries }) => {
          const { deliveryId } = deliveries[0]!;
          started.set(deliveryId, { endpoint: e, t0 });
          const first = early.get(deliveryId);
          if (first) {
            early.delete(deliveryId);
            onAttempt(first);
          }
        },
        (err: Error) => error(`dispatch: ${err.message}`),
      );
    },
    inFlight,
    start: () => webhooks.start(),
  };
}

function memory(ports: number[]) {
  const transport = createMemoryTransport();
  return ours(ports, transport, () => transport.inFlight);
}

/** Over the Kafka transport: topics of its own on the broker, and the consumer group joined before the clock starts. */
async function kafka(ports: number[]) {
  const brokers = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
  const prefix = `bench-realistic-${process.pid}-${Date.now().toString(36)}`;
  await ensureKafkaTopics({ brokers, prefix, partitions: 12 });
  const transport = createKafkaTransport({ brokers, prefix, onError: (err, context) => error(`kafka ${context}: ${String(err)}`) });
  const sending = ours(ports, transport, () => transport.inFlight);
  await sending.start();
  return sending;
}

function loop(ports: number[]): Sending {
  const limit = pLimit(BUDGET);
  const agent = new Agent();
  return {
    send(n, e, t0) {
      void limit(async () => {
        const began = performance.now();
        let ok = false;
        try {
          const event = { id: `evt_${n}`, event: `ping.e${e}`, timestamp: new Date().toISOString(), model: { app: 'bench', name: 'Ping' }, object: { id: String(n), note }, changes: {}, user: null };
          const body = JSON.stringify(event);
          const headers = await signPayload({ secret: SECRET, eventId: event.id, body });
          headers['content-type'] = 'application/json';
          const res = await agent.request({
            origin: `http://127.0.0.1:${ports[e]}`,
            path: '/hooks',
            method: 'POST',
            headers,
            body,
            signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
          });
          await res.body.text();
          ok = res.statusCode < 300;
        } catch {
          // a timeout or a refused connection: a failed attempt, no retry
        }
        settled(e, t0, 1, performance.now() - began, ok);
      });
    },
    inFlight: () => limit.activeCount,
  };
}

process.once('message', async (plan: RunPlan) => {
  const sending = side === 'ours' ? memory(plan.ports) : side === 'kafka' ? await kafka(plan.ports) : loop(plan.ports);
  const targets = plan.ports.map((_, i) => i).filter((i) => plan.hanging || kindOf(i) !== 'hang');
  const start = performance.now();
  windowStart = start + plan.warmMs;
  windowEnd = windowStart + plan.ms;
  let cpu: NodeJS.CpuUsage | undefined;
  let sent = 0;
  let peakInFlight = 0;
  // Catch up from the clock every few ms, so a late timer does not lower the offered rate.
  const ticker = setInterval(() => {
    const now = performance.now();
    if (cpu === undefined && now >= windowStart) cpu = process.cpuUsage();
    const due = Math.floor(((Math.min(now, windowEnd) - start) * plan.rate) / 1000);
    for (; sent < due; sent++) {
      const t0 = start + (sent * 1000) / plan.rate; // when it was due: a late timer counts against us
      if (inWindow(t0)) report.dispatched++;
      sending.send(sent, targets[sent % targets.length]!, t0);
    }
    peakInFlight = Math.max(peakInFlight, sending.inFlight());
    if (process.env.BENCH_TRACE && Math.floor(now / 1000) !== Math.floor((now - 5) / 1000)) {
      console.error(`${((now - start) / 1000).toFixed(0)} s: ${sending.inFlight()} in flight, ${report.delivered} delivered`);
    }
    if (now >= windowEnd) {
      clearInterval(ticker);
      const used = process.cpuUsage(cpu);
      report.cpuMicros = used.user + used.system;
      setTimeout(() => {
        clearInterval(sampler);
        report.peakRssBytes = Math.max(report.peakRssBytes, process.resourceUsage().maxRSS * 1024);
        process.send!({ ...report, peakInFlight });
      }, plan.graceMs);
    }
  }, 5);
  const sampler = setInterval(() => (report.peakRssBytes = Math.max(report.peakRssBytes, process.memoryUsage.rss())), 100);
});
process.send!('ready');
