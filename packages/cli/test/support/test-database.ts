import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sequelize } from 'sequelize';

export type Dialect = 'sqlite' | 'postgres' | 'mariadb';

/** A fresh database with a unique name (a file for SQLite), as a URL both ORMs' configs take. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

const SERVERS = {
  postgres: { url: 'postgres://postgres@127.0.0.1:5432', admin: 'postgres' },
  mariadb: { url: 'mysql://root@127.0.0.1:3306', admin: 'mysql' },
} as const;

/** Creates the database; Postgres and MariaDB must be running (a missing service fails the test, it is never skipped). */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const name = `wh_cli_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 7)}`;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'webhooks-cli-db-'));
    return { url: `sqlite:${join(dir, `${name}.sqlite`)}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = SERVERS[dialect];
  const admin = () => new Sequelize(`${server.url}/${server.admin}`, { logging: false });
  const creating = admin();
  try {
    await creating.query(`CREATE DATABASE ${name}`);
  } finally {
    await creating.close();
  }
  return {
    url: `${server.url}/${name}`,
    async drop() {
      const dropping = admin();
      try {
        await dropping.query(dialect === 'postgres' ? `DROP DATABASE IF EXISTS ${name} WITH (FORCE)` : `DROP DATABASE IF EXISTS ${name}`);
      } finally {
        await dropping.close();
      }
    },
  };
}
