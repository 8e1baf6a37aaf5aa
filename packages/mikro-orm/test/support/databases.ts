import { MikroORM, Utils, type AnyEntity, type EntitySchema, type Options } from '@mikro-orm/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Dialect = 'sqlite' | 'postgres' | 'mariadb';

/** Dialects under test; `WEBHOOKS_DIALECTS=sqlite,postgres` narrows the run. Absent services fail the run, never skip it. */
export const dialects = (process.env.WEBHOOKS_DIALECTS ?? 'sqlite,postgres,mariadb').split(',') as Dialect[];

/**
 * MikroORM 6 runs SQL through knex: values are bound, and a transaction's COMMIT can carry the
 * outbox insert. MikroORM 7 (`scripts/test-v7.sh`) inlines values into raw statements and keeps
 * an insert and then the COMMIT.
 */
export const knexBased = Utils.getORMVersion().startsWith('6.');

export interface TestDatabase {
  dialect: Dialect;
  /** Connection settings another process can use with `driverFor(dialect)`. */
  connection: Record<string, unknown>;
  /** Everything another process needs to open the same database. */
  options: Partial<Options>;
  orm: MikroORM;
  /** Opens another ORM over the same database (another "process" or relay). */
  open(): Promise<MikroORM>;
  close(): Promise<void>;
}

let counter = 0;
const uniqueName = () => `wh_${process.pid}_${Date.now().toString(36)}_${counter++}`;

// MikroORM 6 names its SQLite driver package better-sqlite; 7 ships it as sqlite.
export async function driverFor(dialect: Dialect): Promise<NonNullable<Options['driver']>> {
  const candidates: Record<Dialect, [string, string][]> = {
    sqlite: [['@mikro-orm/better-sqlite', 'BetterSqliteDriver'], ['@mikro-orm/sqlite', 'SqliteDriver']],
    postgres: [['@mikro-orm/postgresql', 'PostgreSqlDriver']],
    mariadb: [['@mikro-orm/mariadb', 'MariaDbDriver']],
  };
  for (const [pkg, name] of candidates[dialect]) {
    try {
      return (await import(/* @vite-ignore */ pkg))[name];
    } catch {}
  }
  throw new Error(`no MikroORM driver installed for ${dialect}`);
}

/** MikroORM 6 calls it `createSchema`, 7 calls it `create`. */
export async function createTables(orm: MikroORM): Promise<void> {
  const generator = orm.schema as unknown as { create?: () => Promise<void>; createSchema?: () => Promise<void> };
  await (generator.create ? generator.create() : generator.createSchema!());
}

/** A fresh database (SQLite file, Postgres schema, MariaDB database) with the given entities' tables. */
export async function openDatabase(dialect: Dialect, entities: (EntitySchema | AnyEntity)[]): Promise<TestDatabase> {
  const driver = await driverFor(dialect);
  const name = uniqueName();
  const base: Partial<Options> = { driver, entities: entities as Options['entities'], allowGlobalContext: false, debug: false };
  let options: Partial<Options>;
  let cleanup: (orm: MikroORM) => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'webhooks-mikro-orm-'));
    options = { ...base, dbName: join(dir, 'test.sqlite3') };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else if (dialect === 'postgres') {
    options = { ...base, host: '127.0.0.1', port: 5432, user: 'postgres', dbName: 'test', schema: name };
    cleanup = async (orm) => void (await orm.em.getConnection().execute(`drop schema if exists "${name}" cascade`));
  } else {
    options = { ...base, host: '127.0.0.1', port: 3306, user: 'root', password: '', dbName: name };
    cleanup = async (orm) => void (await orm.em.getConnection().execute(`drop database if exists \`${name}\``));
  }
  const admin = await MikroORM.init({ ...options, ...(dialect === 'mariadb' ? { dbName: 'test' } : {}) });
  if (dialect === 'postgres') await admin.em.getConnection().execute(`create schema "${name}"`);
  if (dialect === 'mariadb') await admin.em.getConnection().execute(`create database \`${name}\``);
  await admin.close();

  const orm = await MikroORM.init(options);
  await createTables(orm);
  const opened: MikroORM[] = [orm];
  const { driver: _driver, entities: _entities, ...connection } = options;
  return {
    dialect,
    connection,
    options,
    orm,
    async open() {
      const another = await MikroORM.init(options);
      opened.push(another);
      return another;
    },
    async close() {
      await cleanup(orm);
      for (const each of opened) await each.close(true);
    },
  };
}
