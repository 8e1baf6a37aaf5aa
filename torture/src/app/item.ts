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
  /**
   * Tags of more rows (never flagged) the same transaction inserts, usually none: a batch makes an
   * outbox text long enough to be stored deflated on Postgres and MariaDB, sent with the COMMIT.
   */
  batch: string[];
}

/** The share of transactions rolled back on purpose, and the share that also dispatch `item.flagged`. */
export const ROLLBACK_SHARE = 0.2;
export const FLAGGED_SHARE = 0.5;
/** The share of transactions that insert a batch of 3–8 more rows. */
export const BATCH_SHARE = 0.05;

/**
 * The next transaction of a writer: about half flagged, about one in five rolled back, one in
 * twenty with a batch of more rows.
 *
 * @example
 * const input = nextItem(random, 'w0-17'); // { tag: 't…', flagged: true, rollback: false, batch: [] }
 */
export function nextItem(random: Random, unique: string): ItemInput {
  const tag = `t${unique}${Math.floor(random() * 2 ** 32).toString(36)}`;
  const flagged = random.chance(FLAGGED_SHARE);
  const rollback = random.chance(ROLLBACK_SHARE);
  const batch = random.chance(BATCH_SHARE) ? Array.from({ length: random.int(3, 8) }, (_, k) => `${tag}.${k}`) : [];
  return { tag, flagged, rollback, batch };
}

/** Thrown inside a transaction to roll it back on purpose. */
export class IntentionalRollback extends Error {
  override name = 'IntentionalRollback';
  constructor() {
    super('rolled back on purpose by the torture writer');
  }
}
