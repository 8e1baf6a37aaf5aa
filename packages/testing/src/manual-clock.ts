import type { Clock } from '@webhooks/core';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

/** A clock that only moves when told to, for tests of backoff and delayed jobs. */
export interface ManualClock extends Clock {
  /** Moves time forward, firing due timers in order; awaits the work they start. */
  advance(ms: number): Promise<void>;
  /** Moves time to the next pending timer and fires it; false when none is pending. */
  next(): Promise<boolean>;
  /** How many timers are pending. */
  readonly pending: number;
}

/**
 * A clock for retry and tolerance tests: pass it to `createWebhooks({ clock })` (and to
 * `createTestReceiver({ clock })`), then move time instead of waiting. Starts at `start` (ms).
 *
 * @example
 * const clock = createManualClock();
 * const webhooks = createWebhooks(config, { sender, clock, ... });
 * await clock.advance(10_000); // the first retry is due: it is sent now
 */
export function createManualClock(start = Date.UTC(2026, 0, 24, 10)): ManualClock {
  let now = start;
  let seq = 0;
  const timers = new Set<Timer>();
  const due = (limit: number) =>
    [...timers].filter((t) => t.at <= limit).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
  const settle = async () => {
    // Let promise chains started by a timer run before the next one fires.
    for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const fire = async (timer: Timer) => {
    timers.delete(timer);
    now = Math.max(now, timer.at);
    timer.callback();
    await settle();
  };
  return {
    now: () => now,
    setTimeout(callback, ms) {
      const timer = { at: now + Math.max(0, ms), seq: seq++, callback };
      timers.add(timer);
      return timer;
    },
    clearTimeout(handle) {
      timers.delete(handle as Timer);
    },
    async advance(ms) {
      const target = now + ms;
      for (let timer = due(target); timer; timer = due(target)) await fire(timer);
      now = target;
      await settle();
    },
    async next() {
      const timer = due(Number.POSITIVE_INFINITY);
      if (!timer) return false;
      await fire(timer);
      return true;
    },
    get pending() {
      return timers.size;
    },
  };
}
