import { expect, it } from 'vitest';
import { sleep, waitFor } from '../wait-for.js';
import type { ContractContext } from './contract-context.js';

/** Contract tests for delayed jobs and for jobs whose handler rejects. */
export function schedulingContract({ options, setup }: ContractContext): void {
  const wait = (condition: () => boolean, what: string) => waitFor(condition, { timeoutMs: options.deliveryTimeoutMs, what });

  it('hands a scheduled job over after notBefore, not before, without holding up later jobs', async () => {
    const { transport, recorder } = await setup();
    const scheduled = recorder.job();
    const immediate = recorder.job();
    const notBefore = Date.now() + options.scheduleDelayMs;

    await transport.schedule(scheduled, notBefore);
    await transport.publish([immediate]);
    await wait(() => recorder.count(scheduled) > 0, 'the scheduled job');

    const call = recorder.calls.find((c) => c.job.deliveryId === scheduled.deliveryId)!;
    expect(call.startedAt).toBeGreaterThanOrEqual(notBefore - options.earlyToleranceMs);
    expect(recorder.order()).toEqual([immediate.deliveryId, scheduled.deliveryId]);
  });

  it('hands a job over again after its handler rejects', async () => {
    const { transport, recorder } = await setup();
    const failing = recorder.job();
    const passing = recorder.job();
    recorder.behaviour = (job, handover) => {
      if (job.deliveryId === failing.deliveryId && handover === 1) throw new Error('receiver down');
    };

    await transport.publish([failing, passing]);
    await wait(() => recorder.count(failing) >= 2, 'the rejected job handed over again');
    await sleep(options.quietMs);

    expect(recorder.count(passing)).toBe(1);
  });
}
