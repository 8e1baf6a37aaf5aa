import type { DeliveryJob } from '@webhooks/core';
import { createManualClock, makeJob } from '@webhooks/testing';
import { describe, expect, it } from 'vitest';
import { createMemoryTransport } from './memory-transport.js';

async function consuming(options: { redeliveryDelayMs?: number } = {}) {
  const clock = createManualClock();
  const transport = createMemoryTransport({ ...options, clock });
  const handled: DeliveryJob[] = [];
  await transport.consume(async (job) => void handled.push(job));
  return { clock, transport, handled };
}

describe('memory transport delayed jobs', () => {
  it('keeps one timer however many jobs are delayed', async () => {
    const { clock, transport } = await consuming();
    for (let i = 0; i < 1000; i++) await transport.schedule(makeJob(), clock.now() + 1000 + ((i * 7919) % 5000));

    expect([clock.pending, transport.delayed]).toEqual([1, 1000]);
    await transport.close();
    expect(clock.pending).toBe(0);
  });

  it('hands delayed jobs over in due order, those due together in the order scheduled, none early', async () => {
    const { clock, transport, handled } = await consuming();
    const t0 = clock.now();
    const [late, early, alsoEarly, middle] = [makeJob(), makeJob(), makeJob(), makeJob()];
    await transport.schedule(late!, t0 + 300);
    await transport.schedule(early!, t0 + 100);
    await transport.schedule(alsoEarly!, t0 + 100);
    await transport.schedule(middle!, t0 + 200);

    await clock.advance(99);
    expect(handled).toEqual([]);
    await clock.advance(1);
    expect(handled).toEqual([early, alsoEarly]);
    await clock.advance(200);
    expect(handled).toEqual([early, alsoEarly, middle, late]);
    await transport.close();
  });

  it('moves the timer forward when an earlier job is scheduled', async () => {
    const { clock, transport, handled } = await consuming();
    const [later, sooner] = [makeJob(), makeJob()];
    await transport.schedule(later!, clock.now() + 10_000);
    await transport.schedule(sooner!, clock.now() + 10);

    await clock.advance(10);
    expect([handled, clock.pending]).toEqual([[sooner], 1]);
    await transport.close();
  });

  it('hands over at once a job whose notBefore has passed', async () => {
    const { clock, transport, handled } = await consuming();
    const job = makeJob();

    await transport.schedule(job, clock.now() - 1);
    await clock.advance(0);

    expect([handled, clock.pending]).toEqual([[job], 0]);
    await transport.close();
  });

  it('rejects a notBefore that is not a time', async () => {
    const transport = createMemoryTransport();
    await expect(transport.schedule(makeJob(), Number.NaN)).rejects.toMatchObject({ code: 'invalid_argument' });
    await transport.close();
  });
});
