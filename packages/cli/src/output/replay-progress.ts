import cliProgress from 'cli-progress';
import type { Output } from './output.js';

/** Progress of work on many items: a bar on a terminal, nothing otherwise. */
export interface Progress {
  tick(): void;
  stop(): void;
}

/**
 * A progress bar on stderr when it is a terminal (and JSON is not asked for); a no-op otherwise,
 * so piped output and logs stay clean.
 *
 * @example
 * const progress = startProgress(out, 'replaying', ids.length, options.json);
 * for (const id of ids) { await replay(id); progress.tick(); }
 * progress.stop();
 */
export function startProgress(out: Output, label: string, total: number, quiet = false): Progress {
  if (quiet || !out.interactive || total < 2) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {value}/{total}`, stream: out.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: () => bar.increment(), stop: () => bar.stop() };
}
