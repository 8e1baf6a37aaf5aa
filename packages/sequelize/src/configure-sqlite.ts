import type { Sequelize } from 'sequelize';
import { clsTransaction } from './sequelize-internals.js';
import { writeLockOf, writes } from './sqlite-write-lock.js';

/** SQLite settings for an application that writes while the relay and workers write too. */
export interface SqliteConcurrencyOptions {
  /** How long a connection waits for another's write lock before failing with SQLITE_BUSY, in ms. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * Switch the database to write-ahead logging, so readers never block a commit. Default false:
   * Sequelize opens a new SQLite connection for every transaction, and with WAL each open also
   * maps the -wal and -shm files, which made every transaction slower in our benchmark.
   */
  wal?: boolean;
  /**
   * Begin transactions IMMEDIATE (taking the write lock, waiting for it) instead of DEFERRED. A
   * deferred transaction that reads and then writes fails at once with SQLITE_BUSY when another
   * connection committed in between; the relay and workers make that likely. Default true.
   */
  immediateTransactions?: boolean;
}

interface SqliteConnection {
  configure(option: 'busyTimeout', ms: number): void;
  run(sql: string, callback?: (err: Error | null) => void): void;
}

const configured = new WeakSet<Sequelize>();

/**
 * Makes a Sequelize SQLite database safe for concurrent writers. Sequelize opens one SQLite
 * connection per transaction; webhooks adds writers (relay, delivery log). This:
 * - queues this process's transactions and autocommit writes in JavaScript, one at a time
 *   (with the webhook store's own writes), instead of in SQLite's busy handler, which would
 *   hold a thread-pool thread per waiting writer (see `SqliteWriteLock`);
 * - sets a busy timeout for other processes' locks, and begins transactions IMMEDIATE (WAL on request).
 * A no-op on other dialects; `attachWebhooks` calls it unless told not to.
 *
 * @example
 * configureSqliteConcurrency(sequelize, { busyTimeoutMs: 10_000 });
 */
export function configureSqliteConcurrency(sequelize: Sequelize, options: SqliteConcurrencyOptions = {}): void {
  if (sequelize.getDialect() !== 'sqlite' || configured.has(sequelize)) return;
  configured.add(sequelize);
  const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
  const wal = options.wal ?? false;
  if (options.immediateTransactions ?? true) {
    (sequelize as unknown as { options: { transactionType?: string } }).options.transactionType = 'IMMEDIATE';
  }
  const lock = writeLockOf(sequelize);
  // Sequelize's SQLite dialect runs no afterConnect hooks, so configure connections as they are handed out.
  const manager = (sequelize as unknown as { connectionManager: ConnectionManager }).connectionManager;
  const getConnection = manager.getConnection.bind(manager);
  const releaseConnection = manager.releaseConnection.bind(manager);
  const seen = new WeakSet<SqliteConnection>();
  const releases = new WeakMap<SqliteConnection, () => void>();
  // WAL is a property of the database file: switching once is enough (each transaction opens a connection).
  let walSet = !wal;
  manager.getConnection = async (connectionOptions?: { uuid?: string; type?: string }) => {
    // A transaction's own connection (not a read-only one): its turn among this process's writers.
    const writer = connectionOptions?.uuid !== undefined && connectionOptions.uuid !== 'default' && connectionOptions.type !== 'SELECT';
    const release = writer ? await lock.acquire(busyTimeoutMs) : undefined;
    try {
      const connection = await getConnection(connectionOptions);
      if (!seen.has(connection)) {
        seen.add(connection);
        connection.configure('busyTimeout', busyTimeoutMs);
        if (!walSet) {
          walSet = true;
          await new Promise<void>((resolve) => connection.run('PRAGMA journal_mode=WAL', () => resolve()));
        }
      }
      if (release) releases.set(connection, release);
      return connection;
    } catch (error) {
      release?.();
      throw error;
    }
  };
  manager.releaseConnection = (connection: SqliteConnection, force?: boolean) => {
    releases.get(connection)?.();
    releases.delete(connection);
    return releaseConnection(connection, force);
  };
  // Writes outside any transaction take their turn too.
  const query = sequelize.query.bind(sequelize) as (sql: unknown, options?: QueryOptions) => Promise<unknown>;
  (sequelize as unknown as { query: typeof query }).query = async (sql, queryOptions) => {
    const transaction = queryOptions?.transaction !== undefined ? queryOptions.transaction : clsTransaction(sequelize);
    if (transaction || !writes(typeof sql === 'string' ? sql : String((sql as { query?: string })?.query ?? ''))) return query(sql, queryOptions);
    const release = await lock.acquire(busyTimeoutMs);
    try {
      return await query(sql, queryOptions);
    } finally {
      release();
    }
  };
}

interface QueryOptions {
  transaction?: unknown;
}

interface ConnectionManager {
  getConnection(options?: { uuid?: string; type?: string }): Promise<SqliteConnection>;
  releaseConnection(connection: SqliteConnection, force?: boolean): unknown;
}
