import type { RunningStack } from '../stack/stack-options.js';
import type { ItemInput } from './item.js';

/** The application a sender runs, whatever its ORM: its transactions, its connection, its webhooks. */
export interface TortureApp {
  readonly stack: RunningStack;
  /** One application transaction: insert an item, maybe dispatch `item.flagged`, maybe roll back (throws `IntentionalRollback`). */
  writeItem(input: ItemInput): Promise<void>;
  /** Runs `SELECT count(*) AS n …` through the application's own connection. */
  count(sql: string): Promise<number>;
  /** Closes the stack, then the connection. */
  close(): Promise<void>;
}

/** Reads `n` from a count row, whatever type the driver returns (Postgres: a string; MariaDB: a bigint). */
export function countOf(rows: readonly Record<string, unknown>[]): number {
  return Number(rows[0]?.n ?? 0);
}
