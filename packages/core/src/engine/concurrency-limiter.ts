/** Runs at most `limit` tasks at once; the rest wait their turn in order. */
export class ConcurrencyLimiter {
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  /** True when `limit` tasks run: another would have to wait. */
  get full(): boolean {
    return this.#active >= this.limit;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#active++;
    try {
      return await task();
    } finally {
      this.#active--;
      this.#waiting.shift()?.();
    }
  }
}
