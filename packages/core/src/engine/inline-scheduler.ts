import type { DeliveryJob } from './delivery-job.js';
import type { Clock } from './ports.js';

/**
 * Runs inline deliveries and, when there is no transport, their retries on
 * timers in this process. Tracks what is in flight so `close()` can wait for it.
 */
export class InlineScheduler {
  readonly #timers = new Set<unknown>();
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(
    readonly clock: Clock,
    readonly handle: (job: DeliveryJob) => Promise<unknown>,
  ) {}

  run<T>(task: () => Promise<T>): Promise<T> {
    const promise = task();
    this.#inFlight.add(promise);
    const forget = () => this.#inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  async schedule(job: DeliveryJob, notBefore: number): Promise<void> {
    const timer = this.clock.setTimeout(() => {
      this.#timers.delete(timer);
      // The worker records every outcome itself, so a failure here is already in the log.
      this.run(() => this.handle(job)).catch(() => {});
    }, Math.max(0, notBefore - this.clock.now()));
    this.#timers.add(timer);
  }

  /** Cancels pending retries (the log shows them as retrying, for `recover()`) and waits for work in flight. */
  async close(): Promise<void> {
    for (const timer of this.#timers) this.clock.clearTimeout(timer);
    this.#timers.clear();
    await Promise.allSettled([...this.#inFlight]);
  }
}
