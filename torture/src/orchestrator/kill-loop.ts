import type { Random } from '../random.js';
import type { SenderProcess } from './sender-process.js';
import type { Tally } from './tally.js';

/** How and when one sender slot is killed. */
export interface KillLoopOptions {
  kills: number;
  random: Random;
  /** Kill a ready sender this many ms after it said so, uniformly: [min, max]. */
  killWindowMs: readonly [number, number];
  /**
   * Share of kills aimed at start-up instead: between spawning and the slot's median start-up
   * time so far (1.5 s before any sender got ready), so they land in module loading, ORM
   * initialisation, `recover()` or the Kafka group join alike.
   */
  startupKillShare: number;
  /** A sender not ready by then is reported as stalled, and killed. */
  readyTimeoutMs: number;
  /** Starts life number `life` of this slot; `name` is its life tag (`s0l3`), `describe` names it in reports. */
  start(life: number): { sender: SenderProcess; name: string; describe: string };
  tally: Tally;
}

const sleep = (ms: number) => new Promise<'timer'>((resolve) => setTimeout(() => resolve('timer'), ms));

/**
 * Starts a sender, SIGKILLs it at a random moment, starts the next one, `kills` times. Every
 * random choice is drawn up front for each life, so a seed replays the same schedule whatever
 * the processes do. A sender that exits by itself is a crash; one that never gets ready, a stall.
 *
 * @example
 * await runKillLoop({ kills: 8, random, killWindowMs: [300, 3000], startupKillShare: 0.15, ... });
 */
export async function runKillLoop(options: KillLoopOptions): Promise<void> {
  const { random, tally } = options;
  const startups: number[] = [];
  for (let life = 0; life < options.kills; life++) {
    const duringStartup = random.chance(options.startupKillShare);
    const startupDelay = Math.round(random() * median(startups, 1500));
    const readyDelay = random.int(options.killWindowMs[0], options.killWindowMs[1]);
    const { sender, name, describe } = options.start(life);
    const exited = sender.exited.then(() => 'exited' as const);
    const spawnedAt = Date.now();
    let sawReady = false;
    void sender.ready.then(() => {
      sawReady = true;
      startups.push(Date.now() - spawnedAt);
      tally.readyMs.push(Date.now() - spawnedAt);
    });
    if (duringStartup) {
      await Promise.race([sleep(startupDelay), exited]);
    } else {
      const outcome = await Promise.race([sender.ready.then(() => 'ready' as const), exited, sleep(options.readyTimeoutMs)]);
      if (outcome === 'ready') {
        await Promise.race([sleep(readyDelay), exited]);
      } else if (outcome === 'timer') {
        tally.stalls.push(`${describe} was not ready after ${options.readyTimeoutMs / 1000} s`);
      }
    }
    if (sender.alive) {
      if (sender.readyAt !== undefined) tally.quietAtKillMs.push(Date.now() - Math.max(sender.readyAt, sender.lastTxAt ?? 0));
      sender.kill();
      tally.killedAt.set(name, Date.now());
      tally.kills++;
      if (!sawReady) tally.startupKills++;
    }
    const exit = await sender.exited;
    if (exit.signal !== 'SIGKILL') tally.crashes.push(`${describe} exited by itself (code ${exit.code}, signal ${exit.signal})`);
  }
}

function median(values: readonly number[], fallback: number): number {
  if (values.length === 0) return fallback;
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}
