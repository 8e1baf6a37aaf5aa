import type { Clock, DeliveryJob, JobHandler } from '@webhooks/core';
import type { DelayedJobs } from './delayed-jobs.js';
import type { ReadyQueue } from './ready-queue.js';

export interface DispatcherOptions {
  ready: ReadyQueue;
  delayed: DelayedJobs;
  concurrency: number;
  redeliveryDelayMs: number;
  clock: Clock;
  /** Runs after every round of dispatching: jobs may have left the queue or finished. */
  onChange: () => void;
}

/**
 * Hands ready jobs to the handler, at most `concurrency` at once, and puts a job
 * whose handler rejected back among the delayed jobs.
 *
 * @example
 * const dispatcher = new Dispatcher({ ready, delayed, concurrency: 10, redeliveryDelayMs: 1000, clock, onChange });
 * dispatcher.start(handler);
 * ready.push(job);
 * dispatcher.request();
 */
export class Dispatcher {
  /** Delivery ids of jobs in flight, counted in case the same job was published twice. */
  private readonly running = new Map<string, number>();
  private handler: JobHandler | undefined;
  private stopped = false;
  private queued = false;
  private active = 0;

  constructor(private readonly options: DispatcherOptions) {}

  get inFlight(): number {
    return this.active;
  }

  get started(): boolean {
    return this.handler !== undefined;
  }

  start(handler: JobHandler): void {
    this.handler = handler;
    this.request();
  }

  /** Hands out no more jobs; those in flight run to the end. */
  stop(): void {
    this.stopped = true;
  }

  /** Whether a job with this delivery id is being handled now. */
  isRunning(deliveryId: string): boolean {
    return this.running.has(deliveryId);
  }

  // One round per microtask however many jobs arrive, and handlers never run inside publish().
  request(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(this.dispatch);
  }

  private readonly dispatch = (): void => {
    this.queued = false;
    const { ready, concurrency, onChange } = this.options;
    const handler = this.handler;
    while (handler && !this.stopped && this.active < concurrency) {
      const job = ready.take();
      if (!job) break;
      this.run(handler, job);
    }
    onChange();
  };

  private run(handler: JobHandler, job: DeliveryJob): void {
    this.active++;
    this.running.set(job.deliveryId, (this.running.get(job.deliveryId) ?? 0) + 1);
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(handler(job));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      () => this.finish(job, true),
      () => this.finish(job, false),
    );
  }

  private finish(job: DeliveryJob, ok: boolean): void {
    const { ready, delayed, clock, redeliveryDelayMs } = this.options;
    this.active--;
    const count = this.running.get(job.deliveryId)! - 1;
    if (count === 0) this.running.delete(job.deliveryId);
    else this.running.set(job.deliveryId, count);
    // Attempts are the engine's business; the delay only keeps a failing handler from spinning.
    if (!ok) delayed.add(job, clock.now() + redeliveryDelayMs);
    ready.done(job);
    this.request();
  }
}
