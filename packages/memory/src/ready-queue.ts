import type { DeliveryJob } from '@webhooks/core';
import { FifoQueue } from './fifo-queue.js';

/**
 * Jobs ready to run, handed out so that jobs with the same `key` run one at a time
 * in the order they arrived, while other keys go ahead.
 *
 * One shared FIFO holds every job; a job whose key is busy is set aside in a
 * per-key line when it reaches the front, so it never blocks other keys. Only busy
 * keys have an entry, so the map stays as small as the number of jobs in flight.
 *
 * @example
 * const ready = new ReadyQueue();
 * ready.push(a1); ready.push(a2); ready.push(b1);
 * ready.take(); // a1 (key a is now busy)
 * ready.take(); // b1 (a2 waits for a1)
 * ready.done('a'); ready.take(); // a2
 */
export class ReadyQueue {
  private readonly queue = new FifoQueue<DeliveryJob>();
  /** Busy keys; the value holds that key's jobs waiting behind the one in flight. */
  private readonly busy = new Map<string, FifoQueue<DeliveryJob> | null>();
  /** Jobs whose key is already reserved for them; older than anything in `queue`. */
  private readonly next = new FifoQueue<DeliveryJob>();
  private setAside = 0;

  get size(): number {
    return this.queue.size + this.next.size + this.setAside;
  }

  push(job: DeliveryJob): void {
    this.queue.push(job);
  }

  /** The oldest job whose key is free, marking its key busy; undefined when none can run now. */
  take(): DeliveryJob | undefined {
    const reserved = this.next.shift();
    if (reserved) return reserved;
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      if (!this.busy.has(job.key)) {
        this.busy.set(job.key, null);
        return job;
      }
      let line = this.busy.get(job.key);
      if (!line) this.busy.set(job.key, (line = new FifoQueue()));
      line.push(job);
      this.setAside++;
    }
    return undefined;
  }

  /** Marks the job of `key` that was taken as finished, so the key's next job may run. */
  done(key: string): void {
    const job = this.busy.get(key)?.shift();
    if (!job) {
      this.busy.delete(key);
      return;
    }
    this.setAside--;
    this.next.push(job);
  }

  /** Removes and returns every job not taken, each key's jobs still in order. */
  drain(): DeliveryJob[] {
    const jobs = this.next.drain();
    // A loop, not push(...items): spreading 100 000 items overflows the call stack.
    const append = (items: DeliveryJob[]) => {
      for (const job of items) jobs.push(job);
    };
    for (const line of this.busy.values()) if (line) append(line.drain());
    append(this.queue.drain());
    this.busy.clear();
    this.setAside = 0;
    return jobs;
  }
}
