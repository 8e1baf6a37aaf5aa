import { createSqlIdempotencyStore, type SqlDialect, type SqlQueryResult } from '@webhooks/verify';
import { describeIdempotencyStoreContract, type IdempotencyStoreHarness } from '@webhooks/testing/contracts';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { mysqlQuery, pgQuery, uniqueTable } from './sql-drivers.js';

type Query = (sql: string, params: unknown[]) => Promise<SqlQueryResult>;

/** Stores over one fresh table on a database server, each through a pool of its own, as separate processes would. */
function serverHarness(dialect: SqlDialect, openPool: () => { query: Query; end(): Promise<void> }) {
  return async (): Promise<IdempotencyStoreHarness> => {
    const table = uniqueTable();
    let time = Date.now();
    const pools: { query: Query; end(): Promise<void> }[] = [];
    const open = () => {
      const pool = openPool();
      pools.push(pool);
      return createSqlIdempotencyStore({ dialect, query: pool.query, table, now: () => time });
    };
    await open().createTable();
    return {
      stores: async (count) => Array.from({ length: count }, open),
      elapse: async (ms) => {
        time += ms;
      },
      async close() {
        await pools[0]!.query(`DROP TABLE IF EXISTS ${table}`, []);
        await Promise.all(pools.map((pool) => pool.end()));
      },
    };
  };
}

// Postgres and MariaDB must be running (scripts/services.sh starts them): a missing server fails these, never skips.
describeIdempotencyStoreContract(
  'SQL on Postgres (pg)',
  serverHarness('postgres', () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 4 });
    return { query: pgQuery(pool), end: () => pool.end() };
  }),
);

describeIdempotencyStoreContract(
  'SQL on MariaDB (mysql2)',
  serverHarness('mysql', () => {
    const pool = mysql.createPool({ host: '127.0.0.1', port: 3306, user: 'root', database: 'test', connectionLimit: 4 });
    return { query: mysqlQuery(pool), end: () => pool.end() };
  }),
);
