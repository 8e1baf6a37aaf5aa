import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import { IntentionalRollback, nextItem } from '../app/item.js';
import type { TortureApp } from '../app/torture-app.js';
import { createRandom, deriveSeed } from '../random.js';
import { tell } from './sender-messages.js';

/** How a sender writes. */
export interface WriteLoopOptions {
  writers: number;
  /** Most transactions per second over all writers; 0 for as fast as they go. */
  rate: number;
  seed: number;
  life: string;
}

/**
 * Runs `writers` loops of application transactions, one transaction at a time each, until the
 * process is killed. Every outcome is told to the orchestrator with its duration; an unexpected
 * error is reported and the loop goes on after a short pause. Each writer yields to the event
 * loop between transactions, as an application serving requests would: a driver that answers
 * synchronously (better-sqlite3) would otherwise starve the relay and the deliveries.
 *
 * @example
 * await runWriteLoop(app, { writers: 1, rate: 30, seed: 42, life: 's0l3' }); // never returns
 */
export async function runWriteLoop(app: TortureApp, options: WriteLoopOptions): Promise<never> {
  const intervalMs = options.rate > 0 ? (1000 * options.writers) / options.rate : 0;
  const writer = async (index: number) => {
    const random = createRandom(deriveSeed(options.seed, 'writer', index));
    const started = performance.now();
    for (let n = 0; ; n++) {
      const wait = started + n * intervalMs - performance.now();
      await (wait > 0 ? sleep(wait) : yieldToEventLoop());
      const input = nextItem(random, `${options.life}-${index}-${n}-`);
      const begun = performance.now();
      try {
        await app.writeItem(input);
        void tell({ type: 'tx', outcome: 'committed', ms: performance.now() - begun });
      } catch (err) {
        const ms = performance.now() - begun;
        if (err instanceof IntentionalRollback) {
          void tell({ type: 'tx', outcome: 'rolled-back', ms });
        } else {
          void tell({ type: 'tx', outcome: 'error', ms, error: describe(err) });
          await sleep(100);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: options.writers }, (_, i) => writer(i)));
  throw new Error('unreachable: writers never stop');
}

function describe(err: unknown): string {
  const e = err as { name?: string; message?: string };
  return `${e?.name ?? 'Error'}: ${(e?.message ?? String(err)).split('\n')[0]!.slice(0, 300)}`;
}
