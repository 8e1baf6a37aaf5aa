import { FifoQueue } from './fifo-queue.js';

/** How a `KeyedQueue` orders and shares out its items. */
export interface KeyedQueueOptions<T> {
  /** Items with the same key are handed out one at a time, in the order they were pushed. */
  key: (item: T) => string;
  /** The group an item counts against for `perGroup` (a delivery's endpoint); default: none. */
  group?: (item: T) => string;
  /** At most this many items of one group out at once; default: no limit. */
  perGroup?: number;
}

/** A group with items handed out: how many, and its items waiting for one of them to finish. */
interface GroupSlots<T> {
  out: number;
  line: FifoQueue<T> | undefined;
}

const NO_GROUP = () => '';

/**
 * Items ready to run, handed out so that items with the same key run one at a time in the
 * order they arrived while other keys go ahead, and so that no group has more than
 * `perGroup` items out at once (a hanging endpoint cannot take every slot).
 *
 * One shared FIFO holds every item; an item whose key is busy, or whose group has its share
 * out, is set aside in a per-key or per-group line when it reaches the front, so it never
 * blocks others. Only busy keys and groups have an entry, so the maps stay as small as the
 * number of items out.
 *
 * @example
 * const ready = new KeyedQueue<DeliveryJob>({ key: (job) => job.key, group: (job) => job.endpoint, perGroup: 32 });
 * ready.push(a1); ready.push(a2); ready.push(b1);
 * ready.take(); // a1 (key a is now busy)
 * ready.take(); // b1 (a2 waits for a1)
 * ready.done(a1); ready.take(); // a2
 */
export class KeyedQueue<T> {
  private queue = new FifoQueue<T>();
  /** Busy keys; the value holds that key's items waiting behind the one out. */
  private readonly busy = new Map<string, FifoQueue<T> | null>();
  /** Groups with items out. */
  private readonly groups = new Map<string, GroupSlots<T>>();
  /** Items whose key and group slot are already reserved for them; older than anything in `queue`. */
  private readonly next = new FifoQueue<T>();
  private setAside = 0;
  private readonly keyOf: (item: T) => string;
  private readonly groupOf: (item: T) => string;
  private readonly perGroup: number;

  constructor(options: KeyedQueueOptions<T>) {
    this.keyOf = options.key;
    this.groupOf = options.group ?? NO_GROUP;
    this.perGroup = options.perGroup ?? Number.POSITIVE_INFINITY;
  }

  /** Items not handed out. */
  get size(): number {
    return this.queue.size + this.next.size + this.setAside;
  }

  push(item: T): void {
    this.queue.push(item);
  }

  /** The oldest item whose key is free and whose group has room, marking both taken; undefined when none can run now. */
  take(): T | undefined {
    const reserved = this.next.shift();
    if (reserved !== undefined) return reserved;
    for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
      const key = this.keyOf(item);
      if (this.busy.has(key)) {
        this.lineOf(key).push(item);
        this.setAside++;
        continue;
      }
      const group = this.groupOf(item);
      const slots = this.groups.get(group);
      if (slots && slots.out >= this.perGroup) {
        (slots.line ??= new FifoQueue()).push(item);
        this.setAside++;
        continue;
      }
      this.busy.set(key, null);
      if (slots) slots.out++;
      else this.groups.set(group, { out: 1, line: undefined });
      return item;
    }
    return undefined;
  }

  /** Hands a taken item out again before anything else, keeping the key and group slot it holds (a retry in place). */
  again(item: T): void {
    this.next.push(item);
  }

  /** Marks a taken item as finished, so its key's next item, or its group's, may run. */
  done(item: T): void {
    const key = this.keyOf(item);
    const group = this.groupOf(item);
    const successor = this.busy.get(key)?.shift();
    if (successor === undefined) this.busy.delete(key);
    else {
      this.setAside--;
      this.next.push(successor);
      // The key's next item takes over the finished item's group slot. Keys never span groups in
      // the engine's jobs (they start with the endpoint's name); if one does, it takes a slot of its own.
      const successorGroup = this.groupOf(successor);
      if (successorGroup === group) return;
      const slots = this.groups.get(successorGroup);
      if (slots) slots.out++;
      else this.groups.set(successorGroup, { out: 1, line: undefined });
    }
    this.release(group);
  }

  /** Removes the items not handed out for which `drop` is true, each key's others still in order; returns them. */
  remove(drop: (item: T) => boolean): T[] {
    const removed: T[] = [];
    const keep = (line: FifoQueue<T>) => {
      const kept = new FifoQueue<T>();
      for (const item of line.drain()) (drop(item) ? removed : kept).push(item);
      return kept;
    };
    this.queue = keep(this.queue);
    const fromQueue = removed.length;
    for (const [key, line] of this.busy) if (line) this.busy.set(key, keep(line));
    for (const slots of this.groups.values()) if (slots.line) slots.line = keep(slots.line);
    this.setAside -= removed.length - fromQueue;
    // Reserved items hold their key and group slot: a dropped one gives them on, as if it had run.
    for (const item of this.next.drain()) {
      if (!drop(item)) this.next.push(item);
      else {
        removed.push(item);
        this.done(item);
      }
    }
    return removed;
  }

  /** Removes and returns every item not handed out, each key's items still in order. */
  drain(): T[] {
    const items = this.next.drain();
    // A loop, not push(...items): spreading 100 000 items overflows the call stack.
    const append = (more: T[]) => {
      for (const item of more) items.push(item);
    };
    for (const line of this.busy.values()) if (line) append(line.drain());
    for (const slots of this.groups.values()) if (slots.line) append(slots.line.drain());
    append(this.queue.drain());
    this.busy.clear();
    this.groups.clear();
    this.setAside = 0;
    return items;
  }

  /** Gives a finished item's group slot to that group's oldest waiting item, or frees it. */
  private release(group: string): void {
    const slots = this.groups.get(group);
    if (!slots) return; // drained while the item ran
    for (let item = slots.line?.shift(); item !== undefined; item = slots.line?.shift()) {
      // Only when keys span groups can a waiting item's key have been taken since: it waits for its key.
      const key = this.keyOf(item);
      if (this.busy.has(key)) {
        this.lineOf(key).push(item);
        continue;
      }
      this.setAside--;
      this.busy.set(key, null);
      this.next.push(item);
      return;
    }
    if (--slots.out === 0) this.groups.delete(group);
  }

  private lineOf(key: string): FifoQueue<T> {
    let line = this.busy.get(key);
    if (!line) this.busy.set(key, (line = new FifoQueue()));
    return line;
  }
}
