import type { DeliveryJob, JobHandler } from '@webhooks/core';
import type { PartitionOffsets } from './partition-offsets.js';

/** One message taken from a partition, waiting for or running in the handler. */
export interface Work {
  topic: string;
  partition: number;
  offset: number;
  job: DeliveryJob;
  /** It may have been handled by a worker that died (see `JobContext.redelivered`). */
  redelivered?: boolean;
  /** Where its offset is marked done (dropped with the partition when it goes to another worker). */
  offsets?: PartitionOffsets;
}

interface Lane {
  key: string;
  queue: Work[];
  /** Its head is running or waiting to run again. */
  busy: boolean;
}

export interface KeyedRunnerOptions {
  concurrency: number;
  redeliveryDelayMs: number;
  /** Called when a work's handler resolved, after its offset was marked done. */
  onDone?: (work: Work) => void;
  /** Called when a handler rejected; the work runs again after `redeliveryDelayMs`. */
  onHandlerError: (error: unknown, work: Work) => void;
}

/**
 * Runs the handler over works: jobs of one key one at a time in the order they came,
 * other keys in parallel, at most `concurrency` at once. A work whose handler
 * rejects keeps its key's place and runs again after a delay; it is never dropped.
 */
export class KeyedRunner {
  private readonly lanes = new Map<string, Lane>();
  /** Lanes whose head may start now, from `readyHead` on (an index, as shift() is linear). */
  private ready: Lane[] = [];
  private readyHead = 0;
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private handler: JobHandler | undefined;
  private stopped = false;
  private running = 0;
  private held = 0;
  /** Conditions waited on by `until`; each returns true once it is met and can be forgotten. */
  private waiters: (() => boolean)[] = [];

  constructor(private readonly options: KeyedRunnerOptions) {}

  /** Works held: queued, running or waiting to run again. */
  get size(): number {
    return this.held;
  }

  get inFlight(): number {
    return this.running;
  }

  start(handler: JobHandler): void {
    this.handler = handler;
    this.pump();
  }

  push(work: Work): void {
    this.held++;
    const key = work.job.key;
    const lane = this.lanes.get(key);
    if (lane) {
      lane.queue.push(work);
      return;
    }
    const fresh: Lane = { key, queue: [work], busy: false };
    this.lanes.set(key, fresh);
    this.ready.push(fresh);
    this.pump();
  }

  /** Drops the works of partitions no longer assigned that have not started; running ones finish. */
  drop(owned: (work: Work) => boolean): void {
    for (const lane of this.lanes.values()) {
      const kept = lane.queue.filter((work, i) => (i === 0 && lane.busy) || owned(work));
      this.held -= lane.queue.length - kept.length;
      lane.queue = kept;
      if (kept.length === 0) this.lanes.delete(lane.key);
    }
    // Ready lanes emptied above are skipped when their turn comes.
    this.notify();
  }

  /** Starts nothing more; works not started stay unhandled (their offsets are not committed). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.notify();
  }

  /** Resolves when `condition` holds, checked after every change. */
  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push(() => {
        if (!condition()) return false;
        resolve();
        return true;
      });
    });
  }

  private notify(): void {
    if (this.waiters.length > 0) this.waiters = this.waiters.filter((met) => !met());
  }

  private nextReady(): Lane | undefined {
    if (this.readyHead >= this.ready.length) return undefined;
    const lane = this.ready[this.readyHead++];
    if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.readyHead);
      this.readyHead = 0;
    }
    return lane;
  }

  private pump(): void {
    while (this.handler && !this.stopped && this.running < this.options.concurrency) {
      const lane = this.nextReady();
      if (!lane) return;
      if (lane.queue.length > 0) void this.run(lane);
    }
  }

  private async run(lane: Lane): Promise<void> {
    const work = lane.queue[0]!;
    lane.busy = true;
    this.running++;
    let ok = false;
    try {
      const source = `${work.topic}:${work.partition}:${work.offset}`;
      await this.handler!(work.job, work.redelivered ? { redelivered: true, source } : { source });
      ok = true;
    } catch (error) {
      this.options.onHandlerError(error, work);
    }
    this.running--;
    if (ok) {
      lane.busy = false;
      lane.queue.shift();
      this.held--;
      work.offsets?.complete(work.offset);
      this.options.onDone?.(work);
      this.advance(lane);
    } else if (!this.stopped) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.ready.push(lane);
        this.pump();
      }, this.options.redeliveryDelayMs);
      this.timers.add(timer);
    }
    this.pump();
    this.notify();
  }

  private advance(lane: Lane): void {
    if (lane.queue.length > 0) this.ready.push(lane);
    else this.lanes.delete(lane.key);
  }
}
