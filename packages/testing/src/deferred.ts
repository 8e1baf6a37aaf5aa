/** A promise with its resolve and reject functions, for holding a handler until a test lets it go. */
export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

/**
 * Creates a `Deferred` (what `Promise.withResolvers()` gives on Node 22).
 *
 * @example
 * const gate = createDeferred();
 * handler = async () => gate.promise; // ...later: gate.resolve();
 */
export function createDeferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
