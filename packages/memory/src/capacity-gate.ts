import { WebhookDeliveryError, type Clock } from '@webhooks/core';

// Settled once and shared: admitting at once is the common case, once per publish.
export const ADMITTED: Promise<void> = Promise.resolve();

interface Waiter {
  count: number;
  accept: () => void;
  resolve: () => void;
  reject: (error: unknown) => void;
  timer: unknown;
}

/**
 * Admits groups of jobs into a bounded queue, all of a group or none of it.
 * A group that does not fit waits, first come first served (a small group never
 * overtakes a large one, so neither starves), until room frees up, its timeout
 * passes (`queue_full`) or the gate is closed.
 *
 * @example
 * const gate = new CapacityGate({ limit: 100, used: () => queue.size, clock: systemClock });
 * await gate.admit(jobs.length, () => jobs.forEach((job) => queue.push(job)));
 * gate.wake(); // after taking jobs off the queue
 */
export class CapacityGate {
  private readonly limit: number;
  private readonly used: () => number;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly waiters: Waiter[] = [];

  constructor(options: { limit: number; used: () => number; clock: Clock; timeoutMs?: number }) {
    this.limit = options.limit;
    this.used = options.used;
    this.clock = options.clock;
    this.timeoutMs = options.timeoutMs ?? Number.POSITIVE_INFINITY;
  }

  /** How many groups are waiting for room. */
  get waiting(): number {
    return this.waiters.length;
  }

  /** True when `count` more jobs fit now and no group is waiting ahead of them. */
  hasRoom(count: number): boolean {
    return this.waiters.length === 0 && this.used() + count <= this.limit;
  }

  /** Runs `accept` (synchronously) once `count` more jobs fit; resolves after it ran. */
  admit(count: number, accept: () => void): Promise<void> {
    if (this.hasRoom(count)) {
      accept();
      return ADMITTED;
    }
    if (count > this.limit) {
      return Promise.reject(this.full(`a batch of ${count} jobs can never fit in maxQueued ${this.limit}`));
    }
    if (this.timeoutMs <= 0) return Promise.reject(this.full(`no room for ${count} more jobs (maxQueued ${this.limit})`));
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { count, accept, resolve, reject, timer: undefined };
      if (Number.isFinite(this.timeoutMs)) {
        waiter.timer = this.clock.setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          reject(this.full(`no room for ${count} more jobs within ${this.timeoutMs} ms (maxQueued ${this.limit})`));
          // The group ahead may have been the one blocking smaller groups behind it.
          this.wake();
        }, this.timeoutMs);
      }
      this.waiters.push(waiter);
    });
  }

  /** Admits waiting groups, in order, while they fit. Call whenever jobs leave the queue. */
  wake(): void {
    while (this.waiters.length > 0 && this.used() + this.waiters[0]!.count <= this.limit) {
      const waiter = this.waiters.shift()!;
      this.cancel(waiter);
      waiter.accept();
      waiter.resolve();
    }
  }

  /** Rejects every waiting group with `error`; none of their jobs were accepted. */
  rejectAll(error: unknown): void {
    for (const waiter of this.waiters.splice(0)) {
      this.cancel(waiter);
      waiter.reject(error);
    }
  }

  private cancel(waiter: Waiter): void {
    if (waiter.timer !== undefined) this.clock.clearTimeout(waiter.timer);
  }

  private full(message: string): WebhookDeliveryError {
    return new WebhookDeliveryError('queue_full', `Memory transport is full: ${message}.`);
  }
}
