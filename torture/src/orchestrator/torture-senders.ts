import { join } from 'node:path';
import type { Combination } from '../combinations.js';
import { createRandom } from '../random.js';
import type { SenderSpec } from '../sender/sender-spec.js';
import { runKillLoop } from './kill-loop.js';
import type { RunContext } from './run-context.js';
import { spawnSender } from './sender-process.js';
import { countMessage, type Tally } from './tally.js';

/** One kill in this many is aimed at start-up (module loading, ORM init, recover, group join) instead. */
const STARTUP_KILL_SHARE = 0.15;
const READY_TIMEOUT_MS = 60_000;

/**
 * Runs the kill loop of every sender slot of a combination at once (two slots for a `:x2`
 * combination), counting what the senders report into `tally`.
 */
export async function tortureSenders(
  combination: Combination,
  base: SenderSpec,
  context: RunContext,
  logDir: string,
  seedOf: (...labels: (string | number)[]) => number,
  tally: Tally,
): Promise<void> {
  const { options } = context;
  await Promise.all(
    Array.from({ length: combination.senders }, (_, slot) =>
      runKillLoop({
        kills: options.kills,
        random: createRandom(seedOf('kills', slot)),
        killWindowMs: options.killWindowMs,
        startupKillShare: STARTUP_KILL_SHARE,
        readyTimeoutMs: READY_TIMEOUT_MS,
        tally,
        start(life) {
          const logFile = join(logDir, `sender-${slot}.log`);
          const spec = { ...base, seed: seedOf('writes', slot, life), life: `s${slot}l${life}` };
          const sender = spawnSender(context.senderEntry, spec, logFile, (m) => countMessage(tally, m));
          return { sender, name: spec.life, describe: `sender ${slot} life ${life} (pid ${sender.pid}, ${logFile})` };
        },
      }),
    ),
  );
}
