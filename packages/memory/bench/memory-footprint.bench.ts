// Heap held per queued job: 100 000 jobs with 1 KB bodies and 100 000 with tiny bodies,
// ready and delayed. Run: pnpm --filter @webhooks/memory bench (needs --expose-gc; --smoke: 2 000 jobs per row).
import type { DeliveryJob } from '@webhooks/core';
import { createMemoryTransport } from '../src/index.js';

const COUNT = process.argv.includes('--smoke') ? 2_000 : 100_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('Run with node --expose-gc');

function heapUsed(): number {
  for (let i = 0; i < 3; i++) gc!();
  return process.memoryUsage().heapUsed;
}

// Buffer.toString gives each body its own flat string, as a body read from a database would be.
function body(i: number, size: number): string {
  const text = Buffer.alloc(size, 'x');
  text.write(`{"id":"evt_${i}","note":"`);
  text.write('"}', size - 2);
  return text.toString('latin1');
}

function makeJobs(size: number): DeliveryJob[] {
  return Array.from({ length: COUNT }, (_, i) => ({
    deliveryId: `dlv_01KB2Q4Z8Y3M5V7W9X${String(i).padStart(8, '0')}`,
    eventId: `evt_01KB2Q4Z8Y3M5V7W9X${String(i).padStart(8, '0')}`,
    eventName: 'order.paid',
    endpoint: 'crm',
    body: body(i, size),
    attempt: 1,
    key: `crm:store.Order:${i}`,
    createdAt: Date.now(),
  }));
}

async function measure(label: string, size: number, delayed: boolean) {
  const before = heapUsed();
  const bodies = Array.from({ length: COUNT }, (_, i) => body(i, size));
  const bodyBytes = (heapUsed() - before) / COUNT - 8; // minus the array slot holding each body
  bodies.length = 0;

  const base = heapUsed();
  let jobs: DeliveryJob[] | undefined = makeJobs(size);
  const withJobs = heapUsed();
  const transport = createMemoryTransport({ maxQueued: COUNT });
  if (delayed) for (const job of jobs) await transport.schedule(job, Date.now() + 3_600_000);
  else await transport.publish(jobs);
  const queued = heapUsed();
  jobs = undefined; // now only the transport holds the jobs
  const held = heapUsed();

  const transportBytes = (queued - withJobs) / COUNT;
  const perJob = (held - base) / COUNT;
  const left = await transport.close({ timeoutMs: 0 });
  if (left.length !== COUNT) throw new Error(`close() returned ${left.length} jobs, expected ${COUNT}`);
  return {
    queue: label,
    'body (B)': Math.round(bodyBytes),
    'job beyond body (B)': Math.round(perJob - bodyBytes),
    'transport overhead (B)': Math.round(transportBytes),
  };
}

const rows = [];
for (const [label, size] of [['1 KB bodies', 1024], ['tiny bodies', 16]] as const) {
  rows.push(await measure(`${label}, ready`, size, false));
  rows.push(await measure(`${label}, delayed`, size, true));
}
console.log(`Heap per job, ${COUNT.toLocaleString('en')} jobs per row (Node ${process.version})`);
console.table(rows);
console.log('job beyond body: the job object, its ids and key, plus the transport; transport overhead: what queueing adds.');
