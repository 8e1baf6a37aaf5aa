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
