import type { Orm } from '../combinations.js';
import type { DatabaseConnection } from '../database/connection.js';
import type { StackOptions } from '../stack/stack-options.js';

/** Everything a sender process is told, as JSON in `TORTURE_SENDER`. */
export interface SenderSpec extends StackOptions {
  /** `setup`: create the tables and exit; `write`: commit and roll back until killed; `drain`: write nothing, exit once nothing is pending. */
  mode: 'setup' | 'write' | 'drain';
  orm: Orm;
  database: DatabaseConnection;
  /** Seed of this life's writes. */
  seed: number;
  writers: number;
  /** Most application transactions per second in this process; 0 for no limit. */
  rate: number;
  drainTimeoutMs: number;
}

const VARIABLE = 'TORTURE_SENDER';

/** The environment that hands a spec to a child process. */
export function senderEnvironment(spec: SenderSpec): Record<string, string> {
  return { [VARIABLE]: JSON.stringify(spec) };
}

/** Reads the spec this process was started with; throws when it was started by hand. */
export function readSenderSpec(): SenderSpec {
  const text = process.env[VARIABLE];
  if (!text) throw new Error(`${VARIABLE} is not set: sender processes are started by the torture orchestrator`);
  return JSON.parse(text) as SenderSpec;
}
