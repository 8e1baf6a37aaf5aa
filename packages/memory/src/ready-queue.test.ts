import { makeJob } from '@webhooks/testing';
import { describe, expect, it } from 'vitest';
import { ReadyQueue } from './ready-queue.js';

describe('ReadyQueue', () => {
  const job = (key: string, name: string) => makeJob({ key, deliveryId: name });

  it('hands out one job per key at a time, in order, while other keys go ahead', () => {
    const ready = new ReadyQueue();
    for (const [key, name] of [['a', 'a1'], ['a', 'a2'], ['b', 'b1'], ['a', 'a3'], ['c', 'c1']]) ready.push(job(key!, name!));

    expect([ready.take(), ready.take(), ready.take(), ready.take()].map((j) => j?.deliveryId)).toEqual(['a1', 'b1', 'c1', undefined]);
    expect(ready.size).toBe(2);
    ready.done('a');
    expect(ready.take()?.deliveryId).toBe('a2');
    expect(ready.take()).toBeUndefined();
    ready.done('a');
    expect(ready.take()?.deliveryId).toBe('a3');
  });

  it('is not held up by a long line of jobs for one busy key', () => {
    const ready = new ReadyQueue();
    for (let i = 0; i < 10_000; i++) ready.push(job('hot', `hot${i}`));
    ready.push(job('cold', 'cold'));

    expect(ready.take()?.deliveryId).toBe('hot0');
    expect(ready.take()?.deliveryId).toBe('cold');
    expect(ready.size).toBe(9_999);
  });

  it('drains every job not taken, keeping each key in order', () => {
    const ready = new ReadyQueue();
    for (const [key, name] of [['a', 'a1'], ['a', 'a2'], ['b', 'b1'], ['a', 'a3'], ['b', 'b2']]) ready.push(job(key!, name!));
    ready.take(); // a1
    ready.take(); // b1, with a2 and a3 set aside
    ready.done('a'); // a2 is next for a

    const left = ready.drain().map((j) => j.deliveryId);
    expect([...left].sort()).toEqual(['a2', 'a3', 'b2']);
    expect(left.indexOf('a2')).toBeLessThan(left.indexOf('a3'));
    expect(ready.size).toBe(0);
  });
});
