import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sequelize } from 'sequelize';
import type { Dialect } from '../combinations.js';
import { SERVICES } from '../services.js';
import { sequelizeOptions, type DatabaseConnection } from './connection.js';

/** A database made for one combination, and how to remove it. */
export interface FreshDatabase {
  connection: DatabaseConnection;
  /** Where to find it, for a report that keeps it. */
  description: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty, uniquely named database: a file in a new temp directory for SQLite, a
 * database on the server otherwise. A server that does not answer fails here, with its error.
 *
 * @example
 * const db = await createFreshDatabase('postgres', 'torture_1a2b');
 */
export async function createFreshDatabase(dialect: Dialect, name: string): Promise<FreshDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `${name}-`));
    const file = join(dir, 'torture.sqlite');
    return { connection: { dialect, file }, description: file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = SERVICES[dialect];
  const connection: DatabaseConnection = { dialect, host: server.host, port: server.port, user: server.user, password: server.password, database: name };
  const admin = () => new Sequelize(sequelizeOptions({ ...connection, database: server.adminDatabase }));
  await withAdmin(admin(), (sequelize) => sequelize.query(`CREATE DATABASE ${name}`));
  return {
    connection,
    description: `${dialect} database ${name} on ${server.host}:${server.port}`,
    drop: () =>
      withAdmin(admin(), (sequelize) =>
        sequelize.query(dialect === 'postgres' ? `DROP DATABASE IF EXISTS ${name} WITH (FORCE)` : `DROP DATABASE IF EXISTS ${name}`),
      ),
  };
}

async function withAdmin(sequelize: Sequelize, fn: (sequelize: Sequelize) => Promise<unknown>): Promise<void> {
  try {
    await fn(sequelize);
  } finally {
    await sequelize.close();
  }
}
