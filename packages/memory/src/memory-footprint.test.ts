import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { makeJob } from '@webhooks/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from './memory-transport.js';

// A rough guard against per-job closures, promises or timers creeping in while jobs wait;
// bench/memory-footprint.bench.ts gives the exact figures.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const COUNT = 20_000;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('memory footprint', () => {
  it.each([
    ['ready', false, 48],
    ['delayed', true, 96],
  ] as const)('adds little heap per %s job beyond the job itself', async (_, delayed, limit) => {
    const jobs = Array.from({ length: COUNT }, () => makeJob());
    const transport = createMemoryTransport({ maxQueued: COUNT });
    const before = heapUsed();

    if (delayed) for (const job of jobs) await transport.schedule(job, Date.now() + 3_600_000);
    else await transport.publish(jobs);
    const perJob = (heapUsed() - before) / COUNT;

    expect(perJob).toBeLessThan(limit);
    expect(await transport.close({ timeoutMs: 0 })).toHaveLength(COUNT);
  });
});
