import { parseArgs } from 'node:util';
import { allCombinations, parseCombination, selectCombinations, type Combination } from '../combinations.js';

/** Everything a torture run is told on the command line, with defaults applied. */
export interface TortureOptions {
  full: boolean;
  combinations: Combination[];
  /** Kills per sender slot (a two-sender combination is killed twice as often). */
  kills: number;
  latencyMs: number;
  seed: number;
  writers: number;
  /** Most application transactions per second per sender process; 0 for no limit. */
  rate: number;
  /** Combinations run at once. */
  parallel: number;
  /** Kill a ready sender this many ms after it said so: [min, max]. */
  killWindowMs: [number, number];
  drainTimeoutMs: number;
  keep: boolean;
  logsDir: string | undefined;
  jsonFile: string | undefined;
  help: boolean;
}

/** A bad command line: the message says which option and what it must be. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const SHORT_KILLS = 8;
export const FULL_KILLS = 25;
/** The final drain's timeout, short and full: a stall costs this much, a backlog must fit in it. */
const DRAIN_TIMEOUT_S = { short: 60, full: 120 };

/**
 * Reads `pnpm torture` options.
 *
 * @example
 * parseTortureOptions(['--full', '--only', 'sequelize:postgres:memory']).kills // 25
 */
export function parseTortureOptions(argv: readonly string[]): TortureOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        full: { type: 'boolean', default: false },
        only: { type: 'string', multiple: true, default: [] },
        kills: { type: 'string' },
        'latency-ms': { type: 'string' },
        seed: { type: 'string' },
        writers: { type: 'string' },
        rate: { type: 'string' },
        parallel: { type: 'string' },
        pair: { type: 'string', default: 'sequelize:postgres:memory' },
        'kill-window': { type: 'string', default: '300-3000' },
        'drain-timeout-s': { type: 'string' },
        keep: { type: 'boolean', default: false },
        logs: { type: 'string' },
        json: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const pair = guard(() => parseCombination(values.pair!), '--pair');
  const only = values.only!.flatMap((o) => o.split(',')).filter(Boolean);
  const combinations = guard(() => selectCombinations(allCombinations(pair), only), '--only');
  const window = /^(\d+)-(\d+)$/.exec(values['kill-window']!);
  if (!window || Number(window[1]) > Number(window[2])) throw new UsageError('--kill-window must be <min>-<max> in ms, e.g. 300-3000');
  return {
    full: values.full!,
    combinations,
    kills: integer(values.kills, '--kills', values.full ? FULL_KILLS : SHORT_KILLS, 0),
    latencyMs: integer(values['latency-ms'], '--latency-ms', 50, 0),
    seed: integer(values.seed, '--seed', Math.floor(Math.random() * 2 ** 31), 0),
    writers: integer(values.writers, '--writers', 1, 1),
    rate: integer(values.rate, '--rate', 30, 0),
    parallel: integer(values.parallel, '--parallel', 2, 1),
    killWindowMs: [Number(window[1]), Number(window[2])],
    drainTimeoutMs: integer(values['drain-timeout-s'], '--drain-timeout-s', DRAIN_TIMEOUT_S[values.full ? 'full' : 'short'], 1) * 1000,
    keep: values.keep!,
    logsDir: values.logs,
    jsonFile: values.json,
    help: values.help!,
  };
}

function integer(text: string | undefined, name: string, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${name} must be a whole number of at least ${min}, got "${text}"`);
  }
  return value;
}

function guard<T>(fn: () => T, option: string): T {
  try {
    return fn();
  } catch (err) {
    throw new UsageError(`${option}: ${(err as Error).message}`);
  }
}
