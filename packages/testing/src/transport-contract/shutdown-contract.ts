import { expect, it } from 'vitest';
import { sleep, waitFor } from '../wait-for.js';
import type { ContractContext } from './contract-context.js';

/** Contract tests for `close()`. */
export function shutdownContract({ options, setup, gate: createGate }: ContractContext): void {
  const close = { timeoutMs: options.closeTimeoutMs };

  it('close() waits for handlers in flight, and no job is handed over after it resolves', async () => {
    const { transport, recorder } = await setup();
    const gate = createGate();
    const slow = recorder.job();
    const later = recorder.job();
    recorder.behaviour = (job) => (job.deliveryId === slow.deliveryId ? gate.promise : undefined);
    await transport.publish([slow]);
    await transport.schedule(later, Date.now() + options.scheduleDelayMs);
    await waitFor(() => recorder.count(slow) === 1, { timeoutMs: options.deliveryTimeoutMs, what: 'the slow job started' });

    let slowFinishedAtClose: boolean | undefined;
    const closing = transport.close(close).then(() => {
      slowFinishedAtClose = recorder.finished(slow);
    });
    await sleep(options.quietMs);
    expect(slowFinishedAtClose).toBeUndefined();
    gate.resolve();
    await closing;
    expect(slowFinishedAtClose).toBe(true);

    const handed = recorder.calls.length;
    await sleep(options.scheduleDelayMs + options.quietMs);
    expect(recorder.calls.length).toBe(handed);
  });

  it('loses no accepted job on close(): each is delivered, handed back by close(), or delivered by a successor', async () => {
    const first = await setup();
    const { transport, recorder } = first;
    const gate = createGate();
    const slow = recorder.job();
    // Same key as the slow job: they wait behind it, accepted but not started.
    const behind = [recorder.job(slow.key), recorder.job(slow.key)];
    const later = recorder.job();
    recorder.behaviour = (job) => (job.deliveryId === slow.deliveryId ? gate.promise : undefined);
    await transport.publish([slow, ...behind]);
    await transport.schedule(later, Date.now() + options.scheduleDelayMs);
    await waitFor(() => recorder.count(slow) === 1, { timeoutMs: options.deliveryTimeoutMs, what: 'the slow job started' });

    // A short close timeout, and the slow job held past it: the others cannot all run first.
    const closing = transport.close({ timeoutMs: 1 });
    await sleep(options.quietMs);
    gate.resolve();
    const handedBack = new Set((await closing).map((job) => job.deliveryId));

    const successor = await setup(first);
    const lost = () =>
      [slow, ...behind, later]
        .filter((job) => !recorder.finished(job) && !handedBack.has(job.deliveryId) && !successor.recorder.finished(job))
        .map((job) => job.deliveryId);
    await waitFor(() => lost().length === 0, {
      timeoutMs: options.deliveryTimeoutMs + options.scheduleDelayMs,
      what: 'every accepted job to be delivered, handed back or taken over',
    }).catch(() => expect(lost()).toEqual([]));
  });

  it('rejects publish and schedule after close() with code closed', async () => {
    const { transport, recorder } = await setup();
    await transport.close(close);

    await expect(transport.publish([recorder.job()])).rejects.toMatchObject({ code: 'closed' });
    await expect(transport.schedule(recorder.job(), Date.now())).rejects.toMatchObject({ code: 'closed' });
  });

  it('close() is idempotent', async () => {
    const { transport } = await setup();

    const [first, second] = await Promise.all([transport.close(close), transport.close(close)]);
    const third = await transport.close(close);

    for (const result of [first, second, third]) expect(Array.isArray(result)).toBe(true);
  });
}
