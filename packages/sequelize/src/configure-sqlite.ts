import type { Sequelize } from 'sequelize';

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
 * Makes a Sequelize SQLite database safe for concurrent writers. Sequelize opens
 * one SQLite connection per transaction, and by default a connection that meets
 * another's lock fails at once; webhooks adds writers (relay, delivery log), so
 * this sets a busy timeout on every connection and begins transactions
 * IMMEDIATE (WAL on request). A no-op on
 * other dialects; `attachWebhooks` calls it unless told not to.
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
  // Sequelize's SQLite dialect runs no afterConnect hooks, so configure connections as they are handed out.
  const manager = (sequelize as unknown as { connectionManager: { getConnection(o?: unknown): Promise<SqliteConnection> } })
    .connectionManager;
  const getConnection = manager.getConnection.bind(manager);
  const seen = new WeakSet<SqliteConnection>();
  // WAL is a property of the database file: switching once is enough (each transaction opens a connection).
  let walSet = !wal;
  manager.getConnection = async (connectionOptions?: unknown) => {
    const connection = await getConnection(connectionOptions);
    if (!seen.has(connection)) {
      seen.add(connection);
      connection.configure('busyTimeout', busyTimeoutMs);
      if (!walSet) {
        walSet = true;
        await new Promise<void>((resolve) => connection.run('PRAGMA journal_mode=WAL', () => resolve()));
      }
    }
    return connection;
  };
}
