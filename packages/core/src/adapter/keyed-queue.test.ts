import { describe, expect, it } from 'vitest';
import { KeyedQueue } from './keyed-queue.js';

interface Item {
  key: string;
  endpoint: string;
  deliveryId: string;
}

const makeJob = (item: Partial<Item>): Item => ({ key: 'k', endpoint: 'e', deliveryId: 'd', ...item });
const byKey = (perGroup?: number) => new KeyedQueue<Item>({ key: (item) => item.key, group: (item) => item.endpoint, perGroup });

describe('KeyedQueue', () => {
  const job = (key: string, name: string) => makeJob({ key, deliveryId: name });

  it('hands out one job per key at a time, in order, while other keys go ahead', () => {
    const ready = byKey();
    for (const [key, name] of [['a', 'a1'], ['a', 'a2'], ['b', 'b1'], ['a', 'a3'], ['c', 'c1']]) ready.push(job(key!, name!));

    const taken = [ready.take(), ready.take(), ready.take(), ready.take()];
    expect(taken.map((j) => j?.deliveryId)).toEqual(['a1', 'b1', 'c1', undefined]);
    expect(ready.size).toBe(2);
    ready.done(taken[0]!);
    const a2 = ready.take();
    expect(a2?.deliveryId).toBe('a2');
    expect(ready.take()).toBeUndefined();
    ready.done(a2!);
    expect(ready.take()?.deliveryId).toBe('a3');
  });

  it('is not held up by a long line of jobs for one busy key', () => {
    const ready = byKey();
    for (let i = 0; i < 10_000; i++) ready.push(job('hot', `hot${i}`));
    ready.push(job('cold', 'cold'));

    expect(ready.take()?.deliveryId).toBe('hot0');
    expect(ready.take()?.deliveryId).toBe('cold');
    expect(ready.size).toBe(9_999);
  });

  it('drains every job not taken, keeping each key in order', () => {
    const ready = byKey();
    for (const [key, name] of [['a', 'a1'], ['a', 'a2'], ['b', 'b1'], ['a', 'a3'], ['b', 'b2']]) ready.push(job(key!, name!));
    const a1 = ready.take()!;
    ready.take(); // b1, with a2 and a3 set aside
    ready.done(a1); // a2 is next for a

    const left = ready.drain().map((j) => j.deliveryId);
    expect([...left].sort()).toEqual(['a2', 'a3', 'b2']);
    expect(left.indexOf('a2')).toBeLessThan(left.indexOf('a3'));
    expect(ready.size).toBe(0);
  });

  it('hands no endpoint more than its share, its other jobs waiting in order while other endpoints go ahead', () => {
    const ready = byKey(2);
    const on = (endpoint: string, name: string) => makeJob({ endpoint, key: `${endpoint}:${name}`, deliveryId: name });
    for (const name of ['h1', 'h2', 'h3', 'h4']) ready.push(on('hang', name));
    ready.push(on('ok', 'ok1'));
    ready.push(on('ok', 'ok2'));

    const taken = [ready.take(), ready.take(), ready.take(), ready.take(), ready.take()].map((j) => j?.deliveryId);
    expect(taken).toEqual(['h1', 'h2', 'ok1', 'ok2', undefined]);
    expect(ready.size).toBe(2);
    ready.done(on('hang', 'h1'));
    expect(ready.take()?.deliveryId).toBe('h3');
    expect(ready.take()).toBeUndefined();
    ready.done(on('hang', 'h2'));
    expect(ready.take()?.deliveryId).toBe('h4');
  });

  it('drains the jobs waiting for their endpoint', () => {
    const ready = byKey(1);
    for (const name of ['a1', 'a2', 'a3']) ready.push(makeJob({ endpoint: 'a', key: `a:${name}`, deliveryId: name }));
    ready.take();

    expect(ready.drain().map((j) => j.deliveryId)).toEqual(['a2', 'a3']);
    expect(ready.size).toBe(0);
  });

  it("removes items not handed out, giving a dropped reserved item's key and slot on", () => {
    const ready = byKey(1);
    for (const [key, name] of [['a', 'a1'], ['a', 'a2'], ['a', 'a3'], ['b', 'b1']]) ready.push(job(key!, name!));
    const a1 = ready.take()!;
    ready.take(); // b1 waits for endpoint e, a2 and a3 for key a
    ready.done(a1); // a2 is reserved: next for key a and endpoint e

    expect(ready.remove((item) => item.deliveryId === 'a2' || item.deliveryId === 'b1').map((j) => j.deliveryId).sort()).toEqual(['a2', 'b1']);
    expect(ready.size).toBe(1);
    expect(ready.take()?.deliveryId).toBe('a3');
    expect(ready.take()).toBeUndefined();
  });
});
