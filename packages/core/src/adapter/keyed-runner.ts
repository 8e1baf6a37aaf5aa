import { systemClock, type Clock } from '../engine/ports.js';
import { KeyedQueue, type KeyedQueueOptions } from './keyed-queue.js';

/** How a `KeyedRunner` runs its items. */
export interface KeyedRunnerOptions<T> extends KeyedQueueOptions<T> {
  /** Most items handled at once. */
  concurrency: number;
  /**
   * An item's handler rejected. Return a delay in ms to run the same item again after it, still
   * first of its key and in its group slot; return undefined to let its key go on without it.
   */
  onRejected: (error: unknown, item: T) => number | undefined;
  /** An item is handed to the handler (before it runs). */
  onStart?: (item: T) => void;
  /** An item's handler resolved. */
  onDone?: (item: T) => void;
  /** Runs after every change: a round of starts, or items removed. */
  onChange?: () => void;
  /** Times the runs again (default: the system clock). */
  clock?: Clock;
}

/**
 * Hands items to one handler: items of one key one at a time in the order they came, other
 * keys in parallel, at most `concurrency` at once and `perGroup` of one group. Both
 * transports run their jobs through it (memory: jobs keyed and grouped by endpoint; Kafka:
 * messages from its partitions). Handlers start in a microtask, never inside `push()`, and
 * however many items arrive together, one round starts them.
 *
 * @example
 * const runner = new KeyedRunner<DeliveryJob>({ key: (job) => job.key, concurrency: 8, onRejected: () => 1000 });
 * runner.start((job) => deliver(job));
 * runner.push(job);
 */
export class KeyedRunner<T> {
  private readonly queue: KeyedQueue<T>;
  private readonly clock: Clock;
  private handler: ((item: T) => unknown) | undefined;
  private stopped = false;
  private queued = false;
  private running = 0;
  /** Items waiting to run again, by timer. */
  private readonly retries = new Map<unknown, T>();
  /** Conditions waited on by `until`; each returns true once it is met and can be forgotten. */
  private waiters: (() => boolean)[] = [];

  constructor(private readonly options: KeyedRunnerOptions<T>) {
    this.queue = new KeyedQueue(options);
    this.clock = options.clock ?? systemClock;
  }

  /** Items held and not running: queued, set aside behind their key or group, or waiting to run again. */
  get waiting(): number {
    return this.queue.size + this.retries.size;
  }

  get inFlight(): number {
    return this.running;
  }

  get started(): boolean {
    return this.handler !== undefined;
  }

  start(handler: (item: T) => unknown): void {
    this.handler = handler;
    this.request();
  }

  push(item: T): void {
    this.queue.push(item);
    this.request();
  }

  /** Starts nothing more; running items finish, and items waiting to run again stay queued for `drain()`. */
  stop(): void {
    this.stopped = true;
    for (const [timer, item] of this.retries) {
      this.clock.clearTimeout(timer);
      this.queue.again(item);
    }
    this.retries.clear();
    this.changed();
  }

  /** Removes the items not started for which `drop` is true (items waiting to run again stay); returns them. */
  remove(drop: (item: T) => boolean): T[] {
    const removed = this.queue.remove(drop);
    this.request();
    return removed;
  }

  /** Removes and returns every item not started, each key's items in order. */
  drain(): T[] {
    return this.queue.drain();
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

  private request(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(this.round);
  }

  private readonly round = (): void => {
    this.queued = false;
    const handler = this.handler;
    while (handler && !this.stopped && this.running < this.options.concurrency) {
      const item = this.queue.take();
      if (item === undefined) break;
      this.run(handler, item);
    }
    this.changed();
  };

  private run(handler: (item: T) => unknown, item: T): void {
    this.running++;
    this.options.onStart?.(item);
    let result: Promise<unknown>;
    try {
      result = Promise.resolve(handler(item));
    } catch (error) {
      result = Promise.reject(error);
    }
    result.then(
      () => this.finish(item),
      (error: unknown) => this.finish(item, error, true),
    );
  }

  private finish(item: T, error?: unknown, failed = false): void {
    this.running--;
    if (!failed) {
      this.queue.done(item);
      this.options.onDone?.(item);
    } else {
      const delay = this.options.onRejected(error, item);
      if (delay === undefined) this.queue.done(item);
      else if (this.stopped) this.queue.again(item);
      else {
        const timer = this.clock.setTimeout(() => {
          this.retries.delete(timer);
          this.queue.again(item);
          this.request();
        }, delay);
        this.retries.set(timer, item);
      }
    }
    this.request();
  }

  private changed(): void {
    this.options.onChange?.();
    if (this.waiters.length > 0) this.waiters = this.waiters.filter((met) => !met());
  }
}
