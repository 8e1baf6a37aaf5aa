/**
 * A binary min-heap of items by due time; items due at the same time come out in
 * the order they went in. Kept in three parallel arrays rather than one object per
 * entry, so a queued item costs three array slots and no allocation of its own.
 *
 * @example
 * const heap = new TimerHeap<string>();
 * heap.push('later', 2000);
 * heap.push('sooner', 1000);
 * heap.peekTime(); // 1000
 * heap.pop(); // 'sooner'
 */
export class TimerHeap<T> {
  private items: T[] = [];
  private times: number[] = [];
  private seqs: number[] = [];
  private nextSeq = 0;

  get size(): number {
    return this.items.length;
  }

  push(item: T, at: number): void {
    this.items.push(item);
    this.times.push(at);
    this.seqs.push(this.nextSeq++);
    this.up(this.items.length - 1);
  }

  /** The due time of the earliest item, or undefined when empty. */
  peekTime(): number | undefined {
    return this.times[0];
  }

  pop(): T | undefined {
    const last = this.items.length - 1;
    if (last < 0) return undefined;
    const top = this.items[0];
    this.move(last, 0);
    this.items.pop();
    this.times.pop();
    this.seqs.pop();
    if (last > 0) this.down(0);
    if (last === 0) this.nextSeq = 0; // empty again: restart so the counter stays a small integer
    return top;
  }

  /** Removes and returns every item, earliest first. */
  drain(): T[] {
    const out: T[] = [];
    while (this.items.length > 0) out.push(this.pop() as T);
    return out;
  }

  private before(a: number, b: number): boolean {
    const ta = this.times[a]!;
    const tb = this.times[b]!;
    return ta < tb || (ta === tb && this.seqs[a]! < this.seqs[b]!);
  }

  private up(index: number): void {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(index: number): void {
    const n = this.items.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.before(left, smallest)) smallest = left;
      if (right < n && this.before(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    const item = this.items[a]!;
    const time = this.times[a]!;
    const seq = this.seqs[a]!;
    this.move(b, a);
    this.items[b] = item;
    this.times[b] = time;
    this.seqs[b] = seq;
  }

  private move(from: number, to: number): void {
    this.items[to] = this.items[from]!;
    this.times[to] = this.times[from]!;
    this.seqs[to] = this.seqs[from]!;
  }
}
