// Verify throughput: ours (Node and Web crypto paths) against the raw node:crypto limit and other libraries.
// Run: pnpm --filter @webhooks/verify bench   (needs @webhooks/core built; about 15 s; --smoke: one short round)
import { createHmac, timingSafeEqual } from 'node:crypto';
import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { createEvent, signPayload, verifySignature, webHmac } from '@webhooks/core';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { Webhook as SvixWebhook } from 'svix';
import { Bench } from 'tinybench';
import { verifyWebhook } from '../src/index.js';

const SECRET = 'bench-secret-0123456789abcdef';
const STANDARD_SECRET = `whsec_${Buffer.from('bench-standard-key-32-bytes-long').toString('base64')}`;
const stripe = new Stripe('sk_test_bench');
const standard = new StandardWebhook(STANDARD_SECRET);
const svix = new SvixWebhook(STANDARD_SECRET);

/** An event envelope of exactly `size` bytes. */
function bodyOf(size: number): string {
  const event = createEvent({ event: 'order.paid', model: 'store.Order', object: { id: 1, note: '' } });
  const base = JSON.stringify(event).length;
  return JSON.stringify({ ...event, object: { id: '1', note: 'x'.repeat(size - base) } });
}

/** The floor a hand-written receiver pays: one createHmac and a timingSafeEqual. */
function limit(body: string, timestamp: string, signature: string): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Headers as Node's req.headers holds them: lowercase names. */
const lower = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

/** One bench of every contender on a body of `size` bytes. */
async function contenders(size: number): Promise<Bench> {
  const body = bodyOf(size);
  // The verifier refuses an id header that differs from the body's id, so both schemes sign with the body's.
  const eventId = (JSON.parse(body) as { id: string }).id;
  const ours = lower(await signPayload({ secret: SECRET, eventId, body }));
  const ts = ours['x-webhook-timestamp']!;
  const sig = ours['x-webhook-signature']!;
  const std = lower(await signPayload({ secret: STANDARD_SECRET, eventId, body, scheme: 'standard-webhooks' }));
  const stripeHeader = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
  const octokitSig = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
  const webOptions = { secret: SECRET, hmac: webHmac };
  const standardOptions = { secret: STANDARD_SECRET, scheme: 'standard-webhooks' as const };

  const tasks: [string, () => unknown][] = [
    [LIMIT, () => limit(body, ts, sig)],
    [LIMIT_PARSE, () => limit(body, ts, sig) && JSON.parse(body)],
    ['ours: verifySignature, no parse (node)', () => verifySignature(ours, body, { secret: SECRET })],
    ['ours: verifyWebhook (node)', () => verifyWebhook({ headers: ours, body }, { secret: SECRET })],
    ['ours: verifyWebhook (web crypto)', () => verifyWebhook({ headers: ours, body }, webOptions)],
    ['ours: verifyWebhook standard-webhooks (node)', () => verifyWebhook({ headers: std, body }, standardOptions)],
    ['standardwebhooks 1.1.1', () => standard.verify(body, std)],
    ['svix 1.99.1', () => svix.verify(body, std)],
    ['@octokit/webhooks-methods 6 (no timestamp, no parse)', () => octokitVerify(SECRET, body, octokitSig)],
    ['stripe 23 webhooks.constructEvent', () => stripe.webhooks.constructEvent(body, stripeHeader, SECRET)],
  ];
  // Each must accept its request before it is timed: a contender that rejects would be timing its error path.
  for (const [name, fn] of tasks) if (!(await fn())) throw new Error(`${name} did not verify`);
  const bench = new Bench({ throws: true, ...(smoke ? { time: 10, warmupTime: 5 } : { time: 200, warmupTime: 50 }) });
  for (const [name, fn] of tasks) bench.add(name, fn);
  return bench;
}

const LIMIT = 'limit: createHmac + timingSafeEqual';
const LIMIT_PARSE = 'limit + JSON.parse';
const smoke = process.argv.includes('--smoke');
const ROUNDS = smoke ? 1 : 3;
const rows: Record<string, string | number>[] = [];
for (const size of [256, 1024, 16 * 1024]) {
  // Best of a few interleaved rounds: the machine is shared, and a neighbour's burst only ever slows a round down.
  const best = new Map<string, number>();
  for (let round = 0; round < ROUNDS; round++) {
    const bench = await contenders(size);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result as { latency?: { p50: number }; error?: unknown };
      if (result.error) throw result.error;
      // Median latency, not mean: a sample that a neighbour preempted is an outlier, not a cost of the code.
      best.set(task.name, Math.max(best.get(task.name) ?? 0, 1000 / result.latency!.p50));
    }
  }
  for (const [task, ops] of best) {
    rows.push({
      body: `${size} B`,
      task,
      'ops/s': Math.round(ops),
      'x limit': (ops / best.get(LIMIT)!).toFixed(2),
      'x limit+parse': (ops / best.get(LIMIT_PARSE)!).toFixed(2),
    });
  }
}
console.table(rows);
