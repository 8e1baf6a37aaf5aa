/**
 * Offsets of one partition that this worker took on, and the point up to which all
 * of them are done: what may be committed. Jobs finish out of order (other keys run
 * in parallel), so the commit point is the first offset still pending.
 */
export class PartitionOffsets {
  /** Accepted offsets, ascending; the front is dropped once done. */
  private readonly accepted: number[] = [];
  private head = 0;
  private readonly done = new Set<number>();
  /** One past the highest offset accepted: anything below was seen (a re-fetch after a rejoin). */
  private next: number | undefined;
  /** Offset last confirmed committed by the broker. */
  confirmed: number | undefined;

  /** Takes on an offset; false for one already seen (re-fetched after a rebalance or restart). */
  accept(offset: number): boolean {
    if (this.next !== undefined && offset < this.next) return false;
    this.accepted.push(offset);
    this.next = offset + 1;
    return true;
  }

  /** Marks an accepted offset done. */
  complete(offset: number): void {
    this.done.add(offset);
    while (this.head < this.accepted.length && this.done.delete(this.accepted[this.head]!)) this.head++;
    if (this.head > 1024 && this.head * 2 > this.accepted.length) {
      this.accepted.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Accepted offsets not done yet. */
  get pending(): number {
    return this.accepted.length - this.head;
  }

  /** The offset to commit (the next one to read), or undefined before anything was accepted. */
  commitPoint(): number | undefined {
    if (this.head < this.accepted.length) return this.accepted[this.head];
    return this.next;
  }

  /** The commit point when it is ahead of what the broker confirmed. */
  uncommitted(): number | undefined {
    const point = this.commitPoint();
    return point !== undefined && (this.confirmed === undefined || point > this.confirmed) ? point : undefined;
  }
}
