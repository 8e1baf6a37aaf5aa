import type { Random } from '../random.js';

/** The application's table: one row per committed transaction. */
export const ITEMS_TABLE = 'items';

/** What one application transaction does. */
export interface ItemInput {
  /** Unique per transaction, so an event of a rolled-back row can never pass for a committed row that reused its id (SQLite does). */
  tag: string;
  /** Also dispatch `item.flagged` in the same transaction; stored in the row. */
  flagged: boolean;
  /** Throw inside the transaction after everything was written, so it rolls back. */
  rollback: boolean;
}

/** The share of transactions rolled back on purpose, and the share that also dispatch `item.flagged`. */
export const ROLLBACK_SHARE = 0.2;
export const FLAGGED_SHARE = 0.5;

/**
 * The next transaction of a writer: about half flagged, about one in five rolled back.
 *
 * @example
 * const input = nextItem(random, 'w0-17'); // { tag: 't…', flagged: true, rollback: false }
 */
export function nextItem(random: Random, unique: string): ItemInput {
  const tag = `t${unique}${Math.floor(random() * 2 ** 32).toString(36)}`;
  return { tag, flagged: random.chance(FLAGGED_SHARE), rollback: random.chance(ROLLBACK_SHARE) };
}

/** Thrown inside a transaction to roll it back on purpose. */
export class IntentionalRollback extends Error {
  override name = 'IntentionalRollback';
  constructor() {
    super('rolled back on purpose by the torture writer');
  }
}
