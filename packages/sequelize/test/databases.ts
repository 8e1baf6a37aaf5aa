import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sequelize, type Options } from 'sequelize';

export type Dialect = 'sqlite' | 'postgres' | 'mariadb';

/** Every dialect the suites run on; `WEBHOOKS_DIALECTS=sqlite` narrows a local run. */
export const dialects = (process.env.WEBHOOKS_DIALECTS ?? 'sqlite,postgres,mariadb').split(',') as Dialect[];

/** A fresh, empty database of a dialect, and how to reach and remove it. */
export interface TestDatabase {
  dialect: Dialect;
  options: Options;
  connect(extra?: Options): Sequelize;
  drop(): Promise<void>;
}

const SERVER: Record<Exclude<Dialect, 'sqlite'>, Options> = {
  postgres: { dialect: 'postgres', host: '127.0.0.1', port: 5432, username: 'postgres', password: '' },
  mariadb: { dialect: 'mysql', host: '127.0.0.1', port: 3306, username: 'root', password: '' },
};
const ADMIN_DB = { postgres: 'postgres', mariadb: 'mysql' } as const;

/**
 * Creates a uniquely named database (a file for SQLite) so test files can run in
 * parallel. Postgres and MariaDB must be running: a missing service fails the
 * suite with the connection error, it is never skipped.
 */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const name = `wh_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'webhooks-sqlite-'));
    const options: Options = { dialect: 'sqlite', storage: join(dir, `${name}.sqlite`), logging: false };
    return {
      dialect,
      options,
      connect: (extra) => new Sequelize({ ...options, ...extra }),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const admin = new Sequelize({ ...SERVER[dialect], database: ADMIN_DB[dialect], logging: false });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  const options: Options = { ...SERVER[dialect], database: name, logging: false };
  return {
    dialect,
    options,
    connect: (extra) => new Sequelize({ ...options, ...extra }),
    async drop() {
      const cleanup = new Sequelize({ ...SERVER[dialect], database: ADMIN_DB[dialect], logging: false });
      try {
        if (dialect === 'postgres') await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        else await cleanup.query(`DROP DATABASE IF EXISTS ${name}`);
      } finally {
        await cleanup.close();
      }
    },
  };
}
