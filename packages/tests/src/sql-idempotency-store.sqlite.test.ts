import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqlIdempotencyStore } from '@webhooks/verify';
import { describeIdempotencyStoreContract } from '@webhooks/testing/contracts';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sqliteQuery, uniqueTable } from './sql-drivers.js';

/** A fresh SQLite file; each store opens its own connection to it, as separate processes would. */
function sqliteFile() {
  const dir = mkdtempSync(join(tmpdir(), 'webhooks-idempotency-'));
  const file = join(dir, 'receiver.sqlite');
  const connections: Database.Database[] = [];
  const connect = () => {
    const db = new Database(file);
    connections.push(db);
    return db;
  };
  const close = () => {
    for (const db of connections) db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { connect, close };
}

describeIdempotencyStoreContract('SQL on SQLite (better-sqlite3)', async () => {
  const file = sqliteFile();
  const table = uniqueTable();
  let time = Date.now();
  const open = () => createSqlIdempotencyStore({ dialect: 'sqlite', query: sqliteQuery(file.connect()), table, now: () => time });
  await open().createTable();
  return {
    stores: async (count) => Array.from({ length: count }, open),
    elapse: async (ms) => {
      time += ms;
    },
    close: async () => file.close(),
  };
});

describe('createSqlIdempotencyStore', () => {
  it('creates its table once, and deletes expired rows when asked', async () => {
    const file = sqliteFile();
    try {
      let time = 1_000_000;
      const store = createSqlIdempotencyStore({ dialect: 'sqlite', query: sqliteQuery(file.connect()), now: () => time, purgeIntervalMs: 0 });
      await store.createTable();
      await store.createTable();
      await store.claim('evt_a', 't', 100);
      await store.claim('evt_b', 't', 100);
      await store.complete('evt_b', 't', 10_000);
      time += 500;
      expect(await store.purgeExpired()).toBe(1);
      expect(await store.claim('evt_b', 'u', 100)).toBe('completed');
    } finally {
      file.close();
    }
  });

  it('refuses a table name it would have to quote, and ids longer than its column', async () => {
    const query = async () => ({ rows: [], affectedRows: 0 });
    expect(() => createSqlIdempotencyStore({ dialect: 'sqlite', query, table: 'x; DROP TABLE users' })).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
    expect(() => createSqlIdempotencyStore({ dialect: 'oracle' as never, query })).toThrow(/dialect must be/);
    await expect(createSqlIdempotencyStore({ dialect: 'sqlite', query }).claim('e'.repeat(256), 't', 100)).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});
