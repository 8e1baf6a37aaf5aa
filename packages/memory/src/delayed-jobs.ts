import type { Clock, DeliveryJob } from '@webhooks/core';
import { MAX_TIMER_MS } from '@webhooks/core/adapter';
import { TimerHeap } from './timer-heap.js';

// Waits longer than setTimeout's ceiling wake early and re-arm, which is harmless.

/**
 * Jobs that must wait until a due time, on ONE clock timer set for the earliest of
 * them: a queue of 100 000 retries costs one timer, not 100 000.
 *
 * @example
 * const delayed = new DelayedJobs(systemClock, (job) => ready.push(job));
 * delayed.add(job, Date.now() + 5000); // handed to the callback in 5 s
 */
export class DelayedJobs {
  private readonly heap = new TimerHeap<DeliveryJob>();
  private timer: unknown;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (job: DeliveryJob) => void,
  ) {}

  get size(): number {
    return this.heap.size;
  }

  add(job: DeliveryJob, at: number): void {
    this.heap.push(job, at);
    if (at < this.timerAt) this.arm();
  }

  /** Cancels the timer for good; jobs stay until `drain()`. */
  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  /** Removes and returns every job, earliest first. */
  drain(): DeliveryJob[] {
    this.cancel();
    return this.heap.drain();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    // A timer may fire a little before its time by the clock's reading; then it is simply re-armed.
    for (let at = this.heap.peekTime(); at !== undefined && at <= now; at = this.heap.peekTime()) {
      this.onDue(this.heap.pop()!);
    }
    this.arm();
  };

  private arm(): void {
    this.cancel();
    const at = this.heap.peekTime();
    if (this.stopped || at === undefined) return;
    this.timerAt = at;
    this.timer = this.clock.setTimeout(this.fire, Math.min(MAX_TIMER_MS, Math.max(0, at - this.clock.now())));
  }

  private cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Number.POSITIVE_INFINITY;
  }
}
