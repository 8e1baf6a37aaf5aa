import { Sequelize, type Options } from 'sequelize';

/** How a process reaches one combination's database; passed to child processes as JSON. */
export type DatabaseConnection =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgres' | 'mariadb'; host: string; port: number; user: string; password: string; database: string };

/** Sequelize options for a connection (MariaDB through the mysql dialect and mysql2, as the adapter's tests do). */
export function sequelizeOptions(connection: DatabaseConnection, extra: Options = {}): Options {
  if (connection.dialect === 'sqlite') return { dialect: 'sqlite', storage: connection.file, logging: false, ...extra };
  const { host, port, user, password, database } = connection;
  const dialect = connection.dialect === 'postgres' ? 'postgres' : 'mysql';
  return { dialect, host, port, username: user, password, database, logging: false, ...extra };
}

/** A plain SQL client over any of the three dialects, for the orchestrator's reads. */
export interface SqlClient {
  select<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/**
 * Opens a SQL client on a connection (Sequelize's raw queries, whatever ORM the sender uses).
 *
 * @example
 * const sql = openSqlClient(connection);
 * const rows = await sql.select('SELECT count(*) AS n FROM items');
 */
export function openSqlClient(connection: DatabaseConnection): SqlClient {
  const sequelize = new Sequelize(sequelizeOptions(connection, { pool: { max: 2 } }));
  return {
    select: (sql) => sequelize.query(sql, { type: 'SELECT' as never }) as never,
    close: () => sequelize.close(),
  };
}
