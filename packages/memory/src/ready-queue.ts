import type { DeliveryJob } from '@webhooks/core';
import { FifoQueue } from './fifo-queue.js';

/** An endpoint with jobs handed out: how many, and its jobs waiting for one of them to finish. */
interface EndpointSlots {
  running: number;
  line: FifoQueue<DeliveryJob> | undefined;
}

/**
 * Jobs ready to run, handed out so that jobs with the same `key` run one at a time
 * in the order they arrived, while other keys go ahead, and so that no endpoint has
 * more than `perEndpoint` jobs out at once (a hanging endpoint cannot take every slot).
 *
 * One shared FIFO holds every job; a job whose key is busy, or whose endpoint has its
 * share out, is set aside in a per-key or per-endpoint line when it reaches the front,
 * so it never blocks others. Only busy keys and endpoints have an entry, so the maps
 * stay as small as the number of jobs in flight.
 *
 * @example
 * const ready = new ReadyQueue(32);
 * ready.push(a1); ready.push(a2); ready.push(b1);
 * ready.take(); // a1 (key a is now busy)
 * ready.take(); // b1 (a2 waits for a1)
 * ready.done(a1); ready.take(); // a2
 */
export class ReadyQueue {
  private readonly queue = new FifoQueue<DeliveryJob>();
  /** Busy keys; the value holds that key's jobs waiting behind the one in flight. */
  private readonly busy = new Map<string, FifoQueue<DeliveryJob> | null>();
  /** Endpoints with jobs out. */
  private readonly endpoints = new Map<string, EndpointSlots>();
  /** Jobs whose key and endpoint slot are already reserved for them; older than anything in `queue`. */
  private readonly next = new FifoQueue<DeliveryJob>();
  private setAside = 0;

  constructor(private readonly perEndpoint = Number.POSITIVE_INFINITY) {}

  get size(): number {
    return this.queue.size + this.next.size + this.setAside;
  }

  push(job: DeliveryJob): void {
    this.queue.push(job);
  }

  /** The oldest job whose key is free and whose endpoint has room, marking both taken; undefined when none can run now. */
  take(): DeliveryJob | undefined {
    const reserved = this.next.shift();
    if (reserved) return reserved;
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      if (this.busy.has(job.key)) {
        this.lineOf(job.key).push(job);
        this.setAside++;
        continue;
      }
      const slots = this.endpoints.get(job.endpoint);
      if (slots && slots.running >= this.perEndpoint) {
        (slots.line ??= new FifoQueue()).push(job);
        this.setAside++;
        continue;
      }
      this.busy.set(job.key, null);
      if (slots) slots.running++;
      else this.endpoints.set(job.endpoint, { running: 1, line: undefined });
      return job;
    }
    return undefined;
  }

  /** Marks a job that was taken as finished, so its key's next job, or its endpoint's, may run. */
  done(job: DeliveryJob): void {
    const successor = this.busy.get(job.key)?.shift();
    if (!successor) this.busy.delete(job.key);
    else {
      this.setAside--;
      this.next.push(successor);
      // The key's next job takes over the finished job's endpoint slot. Keys never span endpoints in
      // the engine's jobs (they start with the endpoint's name); if one does, it takes a slot of its own.
      if (successor.endpoint === job.endpoint) return;
      const slots = this.endpoints.get(successor.endpoint);
      if (slots) slots.running++;
      else this.endpoints.set(successor.endpoint, { running: 1, line: undefined });
    }
    this.release(job.endpoint);
  }

  /** Removes and returns every job not taken, each key's jobs still in order. */
  drain(): DeliveryJob[] {
    const jobs = this.next.drain();
    // A loop, not push(...items): spreading 100 000 items overflows the call stack.
    const append = (items: DeliveryJob[]) => {
      for (const job of items) jobs.push(job);
    };
    for (const line of this.busy.values()) if (line) append(line.drain());
    for (const slots of this.endpoints.values()) if (slots.line) append(slots.line.drain());
    append(this.queue.drain());
    this.busy.clear();
    this.endpoints.clear();
    this.setAside = 0;
    return jobs;
  }

  /** Gives a finished job's endpoint slot to that endpoint's oldest waiting job, or frees it. */
  private release(endpoint: string): void {
    const slots = this.endpoints.get(endpoint);
    if (!slots) return; // drained while the job ran
    for (let job = slots.line?.shift(); job; job = slots.line?.shift()) {
      // Only when keys span endpoints can a waiting job's key have been taken since: it waits for its key.
      if (this.busy.has(job.key)) {
        this.lineOf(job.key).push(job);
        continue;
      }
      this.setAside--;
      this.busy.set(job.key, null);
      this.next.push(job);
      return;
    }
    if (--slots.running === 0) this.endpoints.delete(endpoint);
  }

  private lineOf(key: string): FifoQueue<DeliveryJob> {
    let line = this.busy.get(key);
    if (!line) this.busy.set(key, (line = new FifoQueue()));
    return line;
  }
}
