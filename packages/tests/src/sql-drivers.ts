// The `query` functions the @webhooks/verify README gives for each driver, used as written.
import type { SqlQueryResult } from '@webhooks/verify';
import type { Database } from 'better-sqlite3';
import type { Pool as MysqlPool, ResultSetHeader } from 'mysql2/promise';
import type { Pool as PgPool } from 'pg';

export const pgQuery =
  (pool: PgPool) =>
  async (sql: string, params: unknown[]): Promise<SqlQueryResult> => {
    const result = await pool.query(sql, params);
    return { rows: result.rows, affectedRows: result.rowCount ?? 0 };
  };

export const mysqlQuery =
  (pool: MysqlPool) =>
  async (sql: string, params: unknown[]): Promise<SqlQueryResult> => {
    const [result] = await pool.execute(sql, params as never[]);
    return Array.isArray(result)
      ? { rows: result as Record<string, unknown>[], affectedRows: 0 }
      : { rows: [], affectedRows: (result as ResultSetHeader).affectedRows };
  };

export const sqliteQuery =
  (db: Database) =>
  async (sql: string, params: unknown[]): Promise<SqlQueryResult> => {
    const statement = db.prepare(sql);
    if (statement.reader) return { rows: statement.all(...params) as Record<string, unknown>[], affectedRows: 0 };
    return { rows: [], affectedRows: statement.run(...params).changes };
  };

/** A table name no other test (or concurrent run) uses. */
export const uniqueTable = () => `webhook_idempotency_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
