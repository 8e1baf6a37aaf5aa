const MIN_CAPACITY = 16;

/**
 * A first-in first-out queue on a ring buffer: O(1) push and shift, one array slot
 * per item and no per-item allocation (an array's `shift()` is O(n) once it is large).
 *
 * @example
 * const queue = new FifoQueue<string>();
 * queue.push('a');
 * queue.shift(); // 'a'
 */
export class FifoQueue<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(MIN_CAPACITY);
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(item: T): void {
    if (this.count === this.items.length) this.resize(this.items.length * 2);
    // Capacity is a power of two, so the mask wraps the index.
    this.items[(this.head + this.count) & (this.items.length - 1)] = item;
    this.count++;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    // Give memory back after a burst, with slack so a queue hovering at a boundary does not thrash.
    if (this.items.length > MIN_CAPACITY && this.count <= this.items.length / 4) this.resize(this.items.length / 2);
    return item;
  }

  peek(): T | undefined {
    return this.count === 0 ? undefined : this.items[this.head];
  }

  /** Removes and returns every item, oldest first. */
  drain(): T[] {
    const out = new Array<T>(this.count);
    for (let i = 0; i < out.length; i++) out[i] = this.items[(this.head + i) & (this.items.length - 1)] as T;
    this.items = new Array<T | undefined>(MIN_CAPACITY);
    this.head = 0;
    this.count = 0;
    return out;
  }

  private resize(capacity: number): void {
    const next = new Array<T | undefined>(capacity);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) & (this.items.length - 1)];
    this.items = next;
    this.head = 0;
  }
}
