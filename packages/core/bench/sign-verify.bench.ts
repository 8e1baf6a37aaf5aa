// Sign and verify throughput against the raw node:crypto limit, side by side in one run.
// Run: pnpm --filter @webhooks/core bench   (--smoke: a few ms per task, to check that it still runs)
import { createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';
import { Bench } from 'tinybench';
// The built package, as users run it (the bench script builds first).
import { getDefaultHmac, signPayload, verifySignature, webHmac } from '../dist/index.js';

// The "node" rows must measure Node's provider: run through tsx with the package's own tsconfig, `#runtime`
// would resolve to the Web Crypto target (the package.json scripts point tsx at bench/tsconfig.json).
if (getDefaultHmac().name !== 'node-crypto') {
  throw new Error(`the default HMAC provider here is ${getDefaultHmac().name}, not node-crypto: run through the package's bench script`);
}

const SECRET = 'bench-secret-0123456789';
const KEY = createSecretKey(Buffer.from(SECRET));
const TIMESTAMP = Math.floor(Date.now() / 1000);
const SIZES = [256, 1024, 16 * 1024];
// Each task runs a batch so tinybench's per-call bookkeeping does not dominate the microsecond-scale work.
const BATCH = 100;
const smoke = process.argv.includes('--smoke');

function bodyOf(size: number): string {
  const head = '{"id":"evt_01J","event":"order.paid","object":{"note":"';
  return `${head}${'x'.repeat(size - head.length - 3)}"}}`;
}

const rows: Record<string, string | number>[] = [];
for (const size of SIZES) {
  const body = bodyOf(size);
  // Lower-case names, as Node's http module hands them to a receiver.
  const signed = await signPayload({ secret: SECRET, eventId: 'evt_01J', body, timestamp: TIMESTAMP });
  const headers = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toLowerCase(), v]));
  const signature = signed['X-Webhook-Signature']!;
  const bench = new Bench({ throws: true, ...(smoke ? { time: 20, warmupTime: 5 } : { time: 700, warmup: true }) });
  bench
    .add('raw sign', () => {
      for (let i = 0; i < BATCH; i++) {
        `sha256=${createHmac('sha256', KEY).update(`${TIMESTAMP}.${body}`).digest('hex')}`;
      }
    })
    .add('ours sign (node)', async () => {
      for (let i = 0; i < BATCH; i++) await signPayload({ secret: SECRET, eventId: 'evt_01J', body, timestamp: TIMESTAMP });
    })
    .add('ours sign (web crypto)', async () => {
      for (let i = 0; i < BATCH; i++) {
        await signPayload({ secret: SECRET, eventId: 'evt_01J', body, timestamp: TIMESTAMP, hmac: webHmac });
      }
    })
    .add('raw verify', () => {
      for (let i = 0; i < BATCH; i++) {
        const expected = `sha256=${createHmac('sha256', KEY).update(`${TIMESTAMP}.${body}`).digest('hex')}`;
        const a = Buffer.from(signature);
        const b = Buffer.from(expected);
        if (a.length !== b.length || !timingSafeEqual(a, b)) throw new Error('mismatch');
      }
    })
    .add('ours verify (node)', async () => {
      for (let i = 0; i < BATCH; i++) await verifySignature(headers, body, { secret: SECRET });
    })
    .add('ours verify (web crypto)', async () => {
      for (let i = 0; i < BATCH; i++) await verifySignature(headers, body, { secret: SECRET, hmac: webHmac });
    });
  await bench.run();
  const hz = (name: string) => BATCH * (bench.getTask(name)!.result as { throughput: { mean: number } }).throughput.mean;
  for (const op of ['sign', 'verify']) {
    for (const variant of ['node', 'web crypto']) {
      const ours = hz(`ours ${op} (${variant})`);
      const raw = hz(`raw ${op}`);
      rows.push({
        body: `${size} B`,
        op,
        path: variant,
        'ours ops/s': Math.round(ours),
        'raw ops/s': Math.round(raw),
        'ours / raw': Number((ours / raw).toFixed(2)),
      });
    }
  }
}
console.table(rows);
