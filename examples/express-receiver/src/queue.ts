/** A tiny in-process work queue: `add` returns at once, jobs run one at a time, in order. */
export interface Queue<T> {
  add(item: T): void;
  /** Resolves once every job added so far has run: await it before shutting down. */
  idle(): Promise<void>;
}

/**
 * Runs `work` for each item after the caller has moved on. A job that throws is
 * passed to `onError`; the queue carries on with the next one.
 *
 * @example
 * const queue = createQueue(async (event) => fulfil(event));
 * queue.add(event); // returns at once
 */
export function createQueue<T>(work: (item: T) => Promise<void>, onError: (err: unknown, item: T) => void): Queue<T> {
  const items: T[] = [];
  let running: Promise<void> | undefined;

  const drain = async () => {
    for (let item = items.shift(); item !== undefined; item = items.shift()) {
      try {
        await work(item);
      } catch (err) {
        onError(err, item);
      }
    }
    running = undefined;
  };

  return {
    add(item) {
      items.push(item);
      running ??= drain();
    },
    idle: () => running ?? Promise.resolve(),
  };
}
