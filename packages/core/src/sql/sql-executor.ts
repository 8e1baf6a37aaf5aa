/** The SQL families the webhook tables are written for. MariaDB and MySQL are `mysql`. */
export type SqlDialect = 'sqlite' | 'postgres' | 'mysql';

/** The four tables every ORM adapter creates with the same names, columns and indexes. */
export type WebhookTable = 'outbox' | 'deliveries' | 'attempts' | 'endpoints';

/** What a statement produced: rows for a query, the number of rows changed for a write. */
export interface SqlResult {
  rows: Record<string, unknown>[];
  affected: number;
}

/** Runs one statement with `?` placeholders and bound values. */
export interface SqlRunner {
  run(sql: string, params?: readonly unknown[]): Promise<SqlResult>;
}

/**
 * How the shared webhook store reaches a database: each ORM adapter implements it over its
 * own connections (`@webhooks/sequelize`, `@webhooks/mikro-orm`). Statements use `?`
 * placeholders and unquoted snake_case column names; table names come from `table()`.
 */
export interface SqlExecutor extends SqlRunner {
  readonly dialect: SqlDialect;
  /** The quoted (and schema-qualified, if any) name of one of the webhook tables. */
  table(name: WebhookTable): string;
  /**
   * Runs `work` in one transaction on one connection: READ COMMITTED on Postgres and
   * MySQL (no gap locks), holding the write lock from the start on SQLite.
   */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /** Compresses large outbox texts on Postgres and MySQL-family servers (SQLite stores them as is); absent: stored as is. */
  readonly compression?: TextCompression;
}

/** A text codec for outbox rows: `deflate` output must never start with `[`. */
export interface TextCompression {
  deflate(text: string): string;
  inflate(text: string): string;
}
