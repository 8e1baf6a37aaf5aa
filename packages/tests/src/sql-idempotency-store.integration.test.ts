import { createSqlIdempotencyStore } from '@webhooks/verify';
import { describeIdempotencyStoreContract } from '@webhooks/testing';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { mysqlQuery, pgQuery, uniqueTable } from './sql-drivers.js';

// Postgres and MariaDB must be running (scripts/services.sh starts them): a missing server fails these, never skips.
describeIdempotencyStoreContract('SQL on Postgres (pg)', async () => {
  const table = uniqueTable();
  let time = Date.now();
  const pools: pg.Pool[] = [];
  const open = () => {
    const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 4 });
    pools.push(pool);
    return createSqlIdempotencyStore({ dialect: 'postgres', query: pgQuery(pool), table, now: () => time });
  };
  await open().createTable();
  return {
    stores: async (count) => Array.from({ length: count }, open),
    elapse: async (ms) => {
      time += ms;
    },
    async close() {
      await pools[0]!.query(`DROP TABLE IF EXISTS ${table}`);
      await Promise.all(pools.map((pool) => pool.end()));
    },
  };
});

describeIdempotencyStoreContract('SQL on MariaDB (mysql2)', async () => {
  const table = uniqueTable();
  let time = Date.now();
  const pools: mysql.Pool[] = [];
  const open = () => {
    const pool = mysql.createPool({ host: '127.0.0.1', port: 3306, user: 'root', database: 'test', connectionLimit: 4 });
    pools.push(pool);
    return createSqlIdempotencyStore({ dialect: 'mysql', query: mysqlQuery(pool), table, now: () => time });
  };
  await open().createTable();
  return {
    stores: async (count) => Array.from({ length: count }, open),
    elapse: async (ms) => {
      time += ms;
    },
    async close() {
      await pools[0]!.query(`DROP TABLE IF EXISTS ${table}`);
      await Promise.all(pools.map((pool) => pool.end()));
    },
  };
});
