/** Something with a deadline that the sweeper expires. */
export interface Expirable {
  /** `performance.now()` after which the attempt has run out of time. */
  readonly deadline: number;
  expire(): void;
}

/**
 * One timer for the deadlines of every attempt in flight, checked every
 * `granularityMs`: a timer per attempt cost more than the rest of our share of
 * a send. A deadline fires at most `granularityMs` late; the timer stops once
 * nothing is in flight.
 *
 * @example
 * const sweeper = new DeadlineSweeper(10);
 * sweeper.add(attempt); // ... attempt.expire() runs once performance.now() passes attempt.deadline
 * sweeper.delete(attempt); // when it settled first
 */
export class DeadlineSweeper {
  readonly #pending = new Set<Expirable>();
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(readonly granularityMs: number) {}

  add(item: Expirable): void {
    this.#pending.add(item);
    this.#timer ??= setInterval(this.#sweep, this.granularityMs);
  }

  delete(item: Expirable): void {
    this.#pending.delete(item);
  }

  readonly #sweep = (): void => {
    if (this.#pending.size === 0) {
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    const now = performance.now();
    for (const item of this.#pending) {
      if (item.deadline > now) continue;
      this.#pending.delete(item);
      item.expire();
    }
  };
}
