/** The SQL dialects the SQL idempotency store speaks. */
export type SqlDialect = 'postgres' | 'mysql' | 'sqlite';

/** Every statement the SQL idempotency store runs, with `?` placeholders (numbered for Postgres). */
export interface SqlStatements {
  createTable: readonly string[];
  insert: string;
  select: string;
  deleteExpired: string;
  complete: string;
  release: string;
  purge: string;
}

/**
 * The statements for `table` in `dialect`. Event ids compare byte for byte
 * (MySQL and MariaDB would otherwise fold case); times are epoch ms.
 */
export function sqlStatements(dialect: SqlDialect, table: string): SqlStatements {
  const index = `${table.replace(/\./g, '_')}_expires_at`;
  const createTable =
    dialect === 'postgres'
      ? [
          `CREATE TABLE IF NOT EXISTS ${table} (event_id VARCHAR(255) PRIMARY KEY, claim_token VARCHAR(64) NOT NULL, ` +
            'completed BOOLEAN NOT NULL DEFAULT FALSE, expires_at BIGINT NOT NULL)',
          `CREATE INDEX IF NOT EXISTS ${index} ON ${table} (expires_at)`,
        ]
      : dialect === 'mysql'
        ? [
            `CREATE TABLE IF NOT EXISTS ${table} (event_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin PRIMARY KEY, ` +
              `claim_token VARCHAR(64) NOT NULL, completed BOOLEAN NOT NULL DEFAULT FALSE, expires_at BIGINT NOT NULL, INDEX ${index} (expires_at))`,
          ]
        : [
            `CREATE TABLE IF NOT EXISTS ${table} (event_id TEXT PRIMARY KEY, claim_token TEXT NOT NULL, ` +
              'completed INTEGER NOT NULL DEFAULT 0, expires_at INTEGER NOT NULL)',
            `CREATE INDEX IF NOT EXISTS ${index} ON ${table} (expires_at)`,
          ];
  const values = `INTO ${table} (event_id, claim_token, completed, expires_at) VALUES (?, ?, ?, ?)`;
  const statements: SqlStatements = {
    createTable,
    // A duplicate key is an answer, not an error: the row count says who won.
    insert: dialect === 'mysql' ? `INSERT IGNORE ${values}` : `INSERT ${values} ON CONFLICT (event_id) DO NOTHING`,
    select: `SELECT completed, expires_at FROM ${table} WHERE event_id = ?`,
    deleteExpired: `DELETE FROM ${table} WHERE event_id = ? AND expires_at <= ?`,
    complete: `UPDATE ${table} SET completed = ?, expires_at = ? WHERE event_id = ? AND claim_token = ?`,
    release: `DELETE FROM ${table} WHERE event_id = ? AND claim_token = ?`,
    purge: `DELETE FROM ${table} WHERE expires_at <= ?`,
  };
  return dialect === 'postgres' ? numbered(statements) : statements;
}

function numbered(statements: SqlStatements): SqlStatements {
  const number = (sql: string) => {
    let n = 0;
    return sql.replace(/\?/g, () => `$${++n}`);
  };
  return Object.fromEntries(
    Object.entries(statements).map(([key, sql]) => [key, Array.isArray(sql) ? sql : number(sql as string)]),
  ) as unknown as SqlStatements;
}
