interface Waiting<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Writes items in batches, one batch at a time: an item that arrives while a batch is being
 * written joins the next one, and each caller's promise settles with its batch. Under load
 * many writes share one transaction; alone, an item is written at once.
 */
export class GroupCommit<T> {
  #waiting: Waiting<T>[] = [];
  #writing = false;

  constructor(private readonly writeBatch: (items: readonly T[]) => Promise<void>) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      if (!this.#writing) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#writing = true;
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      try {
        await this.writeBatch(batch.map((w) => w.item));
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.#writing = false;
  }
}
