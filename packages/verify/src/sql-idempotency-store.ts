import { WebhookError } from '@webhooks/core';
import type { ClaimResult, IdempotencyStore } from './idempotency-store.js';
import { sqlStatements, type SqlDialect } from './sql-statements.js';

/** What `query` resolves with: the rows of a SELECT, and the rows a write changed. */
export interface SqlQueryResult {
  rows: readonly Record<string, unknown>[];
  affectedRows: number;
}

/** Options of `createSqlIdempotencyStore`. */
export interface SqlIdempotencyStoreOptions {
  /** `'postgres'` (`pg`), `'mysql'` (`mysql2`, MySQL or MariaDB) or `'sqlite'` (`better-sqlite3`, `node:sqlite`). */
  dialect: SqlDialect;
  /** Runs one statement with positional parameters on your pool or connection; see the README for each driver. */
  query: (sql: string, params: unknown[]) => Promise<SqlQueryResult>;
  /** Table name, optionally schema-qualified. Default `webhook_idempotency`. */
  table?: string;
  /** Deletes expired rows at most this often, after a claim (0: never; call `purgeExpired()` yourself). Default 10 minutes. */
  purgeIntervalMs?: number;
  /** Clock in ms. Default `Date.now`: every instance should have a synchronised clock. */
  now?: () => number;
}

/** The SQL store, plus what its table needs. */
export interface SqlIdempotencyStore extends IdempotencyStore {
  /** Creates the table and its index if they do not exist (or run `createTableSql` in your migrations). */
  createTable(): Promise<void>;
  /** The statements `createTable()` runs, for a migration. */
  readonly createTableSql: readonly string[];
  /** Deletes expired claims and completions; resolves with how many. */
  purgeExpired(): Promise<number>;
}

const TABLE = /^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/;
const MAX_ID_LENGTH = 255;

/**
 * An `IdempotencyStore` in a SQL table that every instance of a receiver
 * shares: a row per event id, claimed with an insert that the primary key
 * lets only one request win. It needs no driver of its own: pass a `query`
 * function over your `pg`, `mysql2` or `better-sqlite3` connection.
 *
 * @example
 * const idempotency = createSqlIdempotencyStore({
 *   dialect: 'postgres',
 *   query: async (sql, params) => { const r = await pool.query(sql, params); return { rows: r.rows, affectedRows: r.rowCount ?? 0 }; },
 * });
 * await idempotency.createTable();
 */
export function createSqlIdempotencyStore(options: SqlIdempotencyStoreOptions): SqlIdempotencyStore {
  const { dialect, query } = options;
  const table = options.table ?? 'webhook_idempotency';
  if (!['postgres', 'mysql', 'sqlite'].includes(dialect)) throw invalid('dialect must be "postgres", "mysql" or "sqlite"');
  if (typeof query !== 'function') throw invalid('query must be a function (sql, params) => Promise<{ rows, affectedRows }>');
  if (!TABLE.test(table)) throw invalid('table must be a plain SQL name such as "webhook_idempotency" or "app.webhook_idempotency"');
  const sql = sqlStatements(dialect, table);
  const now = options.now ?? Date.now;
  const purgeIntervalMs = options.purgeIntervalMs ?? 10 * 60 * 1000;
  let lastPurge = now();

  const purgeExpired = async () => (await query(sql.purge, [now()])).affectedRows;
  // Housekeeping after a claim, never in its way: a failed purge is simply tried again next interval.
  const purgeNow = () => {
    if (purgeIntervalMs <= 0 || now() - lastPurge < purgeIntervalMs) return;
    lastPurge = now();
    purgeExpired().catch(() => {});
  };

  return {
    createTableSql: sql.createTable,
    async createTable() {
      for (const statement of sql.createTable) await query(statement, []);
    },
    purgeExpired,
    async claim(id, token, leaseMs): Promise<ClaimResult> {
      checkId(id);
      // Three rounds at most: each lost one means another request just released or took over the id.
      for (let round = 0; round < 3; round++) {
        const time = now();
        if ((await query(sql.insert, [id, token, 0, time + leaseMs])).affectedRows === 1) {
          purgeNow();
          return 'claimed';
        }
        const row = (await query(sql.select, [id])).rows[0];
        // Booleans as 0 and 1 bind in every driver (better-sqlite3 takes no booleans); Postgres reads them as text.
        if (row && Number(row.expires_at) > time) return row.completed === true || Number(row.completed) === 1 ? 'completed' : 'in_flight';
        // Lapsed (its holder died, or its completion expired): clear it and claim again.
        if (row) await query(sql.deleteExpired, [id, time]);
      }
      return 'in_flight';
    },
    async complete(id, token, ttlMs) {
      const expiresAt = now() + ttlMs;
      if ((await query(sql.complete, [1, expiresAt, id, token])).affectedRows > 0) return;
      // The lapsed claim was cleared and nobody took the id since: record the completion anyway.
      await query(sql.insert, [id, token, 1, expiresAt]);
    },
    async release(id, token) {
      await query(sql.release, [id, token]);
    },
  };
}

function checkId(id: string): void {
  if (id.length > MAX_ID_LENGTH) throw invalid(`event ids longer than ${MAX_ID_LENGTH} characters do not fit the idempotency table`);
}

function invalid(message: string): WebhookError {
  return new WebhookError('invalid_argument', `createSqlIdempotencyStore: ${message}`);
}
