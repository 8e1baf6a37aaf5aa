import type { TortureOptions } from '../cli/parse-options.js';
import type { Receiver } from '../receiver/start-receiver.js';

/** What every combination of a run shares. */
export interface RunContext {
  options: TortureOptions;
  receiver: Receiver;
  /** The compiled sender entry. */
  senderEntry: string;
  /** Unique per run; part of database names, topic prefixes and receiver paths. */
  runTag: string;
  logsDir: string;
}
