import type { TortureApp } from '../app/torture-app.js';
import { createLagMeter } from '../kafka/consumer-lag.js';
import { isDrained, whatIsPending, type PendingWork } from '../pending.js';
import type { SenderSpec } from './sender-spec.js';
import { tell } from './sender-messages.js';

const CHECK_EVERY_MS = 250;
/** Consecutive empty checks before the drain believes it (a job can be between two places for a moment). */
const QUIET_CHECKS = 3;

/**
 * Waits, writing nothing, until nothing is pending anywhere (checked a few times in a row), or
 * until the timeout. Resolves true when drained; what is still pending is told at every check.
 *
 * @example
 * const drained = await drainUntilIdle(app, spec);
 */
export async function drainUntilIdle(app: TortureApp, spec: SenderSpec): Promise<boolean> {
  const meter = spec.transport.kind === 'kafka' ? createLagMeter(spec.transport) : undefined;
  const deadline = Date.now() + spec.drainTimeoutMs;
  try {
    for (let quiet = 0; ; ) {
      const pending: PendingWork = await whatIsPending({
        webhooks: app.stack.webhooks,
        count: app.count,
        inProcess: app.stack.inProcess,
        ...(meter ? { kafkaLag: meter.lag } : {}),
      });
      void tell({ type: 'pending', pending });
      quiet = isDrained(pending) ? quiet + 1 : 0;
      if (quiet >= QUIET_CHECKS) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, CHECK_EVERY_MS));
    }
  } finally {
    await meter?.close();
  }
}
