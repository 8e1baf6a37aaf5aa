import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerHeap } from './timer-heap.js';

describe('TimerHeap', () => {
  it('pops items by due time, and items due together in the order they were pushed', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 200 }), (times) => {
        const heap = new TimerHeap<number>();
        times.forEach((at, index) => heap.push(index, at));
        const expected = times.map((at, index) => ({ at, index })).sort((a, b) => a.at - b.at || a.index - b.index);
        expect(heap.drain()).toEqual(expected.map((e) => e.index));
      }),
    );
  });

  it('shows the earliest due time without removing it', () => {
    const heap = new TimerHeap<string>();
    expect(heap.peekTime()).toBeUndefined();
    heap.push('later', 2000);
    heap.push('sooner', 1000);
    expect(heap.peekTime()).toBe(1000);
    expect(heap.size).toBe(2);
    expect(heap.pop()).toBe('sooner');
    expect(heap.peekTime()).toBe(2000);
  });
});
