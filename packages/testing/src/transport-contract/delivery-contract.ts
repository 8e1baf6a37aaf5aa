import { expect, it } from 'vitest';
import { sleep, waitFor } from '../wait-for.js';
import type { ContractContext } from './contract-context.js';

/** Contract tests for handing published jobs to the handler. */
export function deliveryContract({ options, setup, gate: createGate }: ContractContext): void {
  const wait = (condition: () => boolean, what: string) => waitFor(condition, { timeoutMs: options.deliveryTimeoutMs, what });

  it('hands every published job to the handler exactly once when the handler succeeds', async () => {
    const { transport, recorder } = await setup();
    const shared = `${recorder.tag}shared`;
    const batches = [0, 1, 2].map(() => Array.from({ length: 10 }, (_, i) => recorder.job(i % 3 === 0 ? shared : undefined)));
    for (const batch of batches) await transport.publish(batch);
    const published = batches.flat().map((job) => job.deliveryId);

    await wait(() => recorder.calls.length >= published.length, `${published.length} jobs handled`);
    await sleep(options.quietMs);

    expect([...recorder.order()].sort()).toEqual([...published].sort());
  });

  it('runs the jobs of one key one at a time, in the order of the batch', async () => {
    const { transport, recorder } = await setup();
    recorder.behaviour = () => sleep(5);
    const key = `${recorder.tag}ordered`;
    const jobs = Array.from({ length: 8 }, () => recorder.job(key));

    await transport.publish(jobs);
    await wait(() => recorder.events.length === jobs.length * 2, 'every job of the key handled');

    expect(recorder.order()).toEqual(jobs.map((job) => job.deliveryId));
    expect(recorder.events).toEqual(jobs.flatMap((job) => [`start:${job.deliveryId}`, `end:${job.deliveryId}`]));
  });

  it('lets other keys proceed while a job of one key is still in flight', async () => {
    const { transport, recorder } = await setup();
    const gate = createGate();
    const a1 = recorder.job(`${recorder.tag}a`);
    const a2 = recorder.job(a1.key);
    const b1 = recorder.job(`${recorder.tag}b`);
    const b2 = recorder.job(b1.key);
    recorder.behaviour = (job) => (job.deliveryId === a1.deliveryId ? gate.promise : undefined);

    await transport.publish([a1, a2, b1, b2]);
    await wait(() => recorder.finished(b1) && recorder.finished(b2), 'the jobs of key b handled');

    expect(recorder.finished(a1)).toBe(false);
    expect(recorder.count(a2)).toBe(0);
    gate.resolve();
    await wait(() => recorder.finished(a2), 'the second job of key a handled');
    expect(recorder.order().filter((id) => id === a1.deliveryId || id === a2.deliveryId)).toEqual([a1.deliveryId, a2.deliveryId]);
  });
}
