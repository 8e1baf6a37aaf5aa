import { describe, expect, it } from 'vitest';
import { FifoQueue } from './fifo-queue.js';

describe('FifoQueue', () => {
  it('hands items back in the order they went in, across growth and wrap-around', () => {
    const queue = new FifoQueue<number>();
    const out: number[] = [];
    let next = 0;
    // Interleave pushes and shifts so the head wraps while the buffer grows and shrinks.
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 40; i++) queue.push(next++);
      for (let i = 0; i < 30; i++) out.push(queue.shift()!);
    }
    out.push(...queue.drain());
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
    expect(queue.size).toBe(0);
  });

  it('reports its size and returns undefined when empty', () => {
    const queue = new FifoQueue<string>();
    expect(queue.shift()).toBeUndefined();
    queue.push('a');
    queue.push('b');
    expect(queue.size).toBe(2);
    expect(queue.peek()).toBe('a');
  });
});
