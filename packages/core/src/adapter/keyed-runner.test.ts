import { describe, expect, it, vi } from 'vitest';
import { KeyedRunner, type KeyedRunnerOptions } from './keyed-runner.js';

interface Work {
  key: string;
  offset: number;
  partition: number;
}

const work = (key: string, offset: number): Work => ({ key, offset, partition: 0 });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const waitFor = (condition: () => boolean) => vi.waitFor(() => expect(condition()).toBe(true), { timeout: 5000, interval: 2 });
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
const runnerOf = (options: Partial<KeyedRunnerOptions<Work>>) =>
  new KeyedRunner<Work>({ key: (w) => w.key, concurrency: 1, onRejected: () => 10, ...options });

describe('KeyedRunner', () => {
  it('runs one key at a time in order while other keys run beside it, within the concurrency', async () => {
    const done: number[] = [];
    const runner = runnerOf({ concurrency: 2, onDone: (w) => done.push(w.offset) });
    const a = gate();
    let running = 0;
    let most = 0;
    runner.start(async (w) => {
      most = Math.max(most, ++running);
      if (w.key === 'a') await a.promise;
      await sleep(1);
      running--;
    });
    [work('a', 0), work('a', 1), work('b', 2), work('b', 3), work('c', 4)].forEach((w) => runner.push(w));

    await waitFor(() => done.length === 3);
    expect([...done].sort()).toEqual([2, 3, 4]);
    a.open();
    await waitFor(() => done.length === 5);
    expect(done.indexOf(0)).toBeLessThan(done.indexOf(1));
    expect(most).toBe(2);
  });

  it('runs a work whose handler rejected again after the delay, keeping its key behind it', async () => {
    const done: number[] = [];
    const errors: unknown[] = [];
    const runner = runnerOf({ concurrency: 4, onDone: (w) => done.push(w.offset), onRejected: (e) => (errors.push(e), 20) });
    let calls = 0;
    runner.start(async (w) => {
      if (w.key === 'a' && calls++ === 0) throw new Error('down');
    });
    runner.push(work('a', 0));
    runner.push(work('a', 1));

    await waitFor(() => done.length === 2);
    expect(done).toEqual([0, 1]);
    expect(errors).toHaveLength(1);
  });

  it('lets the key go on when a rejected work is not to run again', async () => {
    const done: number[] = [];
    const runner = runnerOf({ onDone: (w) => done.push(w.offset), onRejected: () => undefined });
    runner.start(async (w) => {
      if (w.offset === 0) throw new Error('down');
    });
    runner.push(work('a', 0));
    runner.push(work('a', 1));

    await waitFor(() => done.length === 1);
    await runner.until(() => runner.inFlight === 0 && runner.waiting === 0);
    expect(done).toEqual([1]);
  });

  it('removes works not started, and starts nothing after stop()', async () => {
    const started: string[] = [];
    const hold = gate();
    const runner = runnerOf({});
    runner.start(async (w) => {
      started.push(w.key);
      await hold.promise;
    });
    runner.push(work('a', 0));
    runner.push({ ...work('a', 1), partition: 1 });
    runner.push(work('b', 2));
    await waitFor(() => runner.inFlight === 1);
    expect(runner.remove((w) => w.partition !== 0).map((w) => w.offset)).toEqual([1]);
    expect(runner.waiting).toBe(1);
    runner.stop();
    hold.open();
    await runner.until(() => runner.inFlight === 0);
    expect(started).toEqual(['a']);
    expect(runner.drain().map((w) => w.offset)).toEqual([2]);
  });

  it('never starts a handler inside push(), and starts a burst in one round', async () => {
    const runner = runnerOf({ concurrency: 10 });
    let started = 0;
    runner.start(() => {
      started++;
    });
    for (let i = 0; i < 5; i++) runner.push(work(`k${i}`, i));
    expect(started).toBe(0);
    await Promise.resolve();
    expect(started).toBe(5);
  });
});
