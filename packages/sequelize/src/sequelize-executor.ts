import { WebhookError } from '@webhooks/core';
import { deflateCompression } from '@webhooks/core/node';
import { returnsRows, type SqlDialect, type SqlExecutor, type SqlResult, type SqlRunner, type WebhookTable } from '@webhooks/core/sql';
import { QueryTypes, Transaction, type Sequelize } from 'sequelize';
import { SqliteConnection, type Sqlite3Database } from './sqlite-connection.js';
import { writeLockOf } from './sqlite-write-lock.js';
import { tableName, type WebhookTableOptions } from './webhook-tables.js';

interface Quoting {
  quoteTable(table: unknown): string;
}

const executors = new WeakMap<Sequelize, SqlExecutor>();

/**
 * The shared webhook store's way into a Sequelize database, one per Sequelize instance:
 * Postgres and MySQL/MariaDB through `sequelize.query` with bound values, outside any
 * transaction of the application; SQLite through a connection of its own (see `SqliteConnection`).
 */
export function sequelizeExecutor(sequelize: Sequelize, options: WebhookTableOptions = {}): SqlExecutor {
  const existing = executors.get(sequelize);
  if (existing) return existing;
  const dialect = sqlDialect(sequelize.getDialect());
  const generator = (sequelize.getQueryInterface() as unknown as { queryGenerator: Quoting }).queryGenerator;
  const tables = new Map<WebhookTable, string>();
  const table = (name: WebhookTable) => {
    let quoted = tables.get(name);
    if (!quoted) tables.set(name, (quoted = generator.quoteTable(tableName(name, options))));
    return quoted;
  };
  let executor: SqlExecutor;
  if (dialect === 'sqlite') {
    const storage = (sequelize as unknown as { options: { storage?: string } }).options.storage;
    if (!storage || storage === ':memory:') {
      throw new WebhookError(
        'invalid_argument',
        "webhooks needs a SQLite database in a file (options.storage): Sequelize runs every transaction of ':memory:' on one " +
          'connection, so the relay could read outbox rows of transactions that later roll back. For tests, use a file in os.tmpdir().',
      );
    }
    const manager = (sequelize as unknown as { connectionManager: { getConnection(o: object): Promise<Sqlite3Database> } }).connectionManager;
    const connection = new SqliteConnection(() => manager.getConnection({ uuid: 'webhooks-store', type: 'SELECT' }), writeLockOf(sequelize));
    executor = { dialect, table, run: (sql, params) => connection.run(sql, params), transaction: (work) => connection.transaction(work) };
  } else {
    const runner = (transaction: Transaction | null): SqlRunner => ({ run: (sql, params = []) => query(sequelize, sql, params, transaction) });
    const isolationLevel = Transaction.ISOLATION_LEVELS.READ_COMMITTED;
    executor = {
      dialect,
      table,
      compression: deflateCompression,
      ...runner(null),
      transaction: (work) => sequelize.transaction({ transaction: null, isolationLevel } as never, (t) => work(runner(t))),
    };
  }
  executors.set(sequelize, executor);
  return executor;
}

function sqlDialect(name: string): SqlDialect {
  if (name === 'postgres') return 'postgres';
  if (name === 'mysql' || name === 'mariadb') return 'mysql';
  if (name === 'sqlite') return 'sqlite';
  throw new WebhookError('invalid_argument', `@webhooks/sequelize supports postgres, mysql, mariadb and sqlite, not ${name}`);
}

/** One statement with `?` placeholders, bound (`$1…` for Sequelize), in `transaction` or in none, never the CLS one. */
export async function query(sequelize: Sequelize, sql: string, params: readonly unknown[], transaction: Transaction | null): Promise<SqlResult> {
  let n = 0;
  const bound = sql.replace(/\?/g, () => `$${++n}`);
  const options = { bind: [...params], transaction, logging: false, raw: true };
  if (returnsRows(sql)) {
    const rows = await sequelize.query<Record<string, unknown>>(bound, { ...options, type: QueryTypes.SELECT });
    return { rows, affected: 0 };
  }
  const [results, meta] = (await sequelize.query(bound, { ...options, type: QueryTypes.RAW })) as [unknown, unknown];
  return { rows: [], affected: affectedRows(results, meta) };
}

/** pg reports `rowCount` on its result; mysql2 `affectedRows` on a result header. */
function affectedRows(results: unknown, meta: unknown): number {
  // An INSERT's count comes alone.
  if (typeof meta === 'number') return meta;
  const candidates = [meta, results] as { rowCount?: number; affectedRows?: number }[];
  for (const c of candidates) {
    if (c && typeof c === 'object') {
      if (typeof c.rowCount === 'number') return c.rowCount;
      if (typeof c.affectedRows === 'number') return c.affectedRows;
    }
  }
  return 0;
}
