import { describe, expect, it } from 'vitest';
import { PartitionOffsets } from './partition-offsets.js';

describe('PartitionOffsets', () => {
  it('commits only up to the first offset that is not done, however they finish', () => {
    const offsets = new PartitionOffsets();
    for (const o of [10, 11, 12, 13]) offsets.accept(o);

    offsets.complete(12);
    offsets.complete(11);
    expect(offsets.commitPoint()).toBe(10);
    offsets.complete(10);
    expect(offsets.commitPoint()).toBe(13);
    offsets.complete(13);
    expect([offsets.commitPoint(), offsets.pending]).toEqual([14, 0]);
  });

  it('refuses offsets it has already seen, as a re-fetch after a rejoin brings them again', () => {
    const offsets = new PartitionOffsets();
    expect(offsets.accept(5)).toBe(true);
    expect(offsets.accept(5)).toBe(false);
    expect(offsets.accept(4)).toBe(false);
    expect(offsets.accept(7)).toBe(true);
  });

  it('reports a commit point only while it is ahead of what the broker confirmed', () => {
    const offsets = new PartitionOffsets();
    expect(offsets.uncommitted()).toBeUndefined();
    offsets.accept(0);
    offsets.complete(0);
    expect(offsets.uncommitted()).toBe(1);
    offsets.confirmed = 1;
    expect(offsets.uncommitted()).toBeUndefined();
  });
});
