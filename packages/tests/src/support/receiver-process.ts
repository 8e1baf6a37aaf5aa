// One receiver process for shared-store tests: Express with verifyWebhook() over a shared idempotency
// store (STORE=redis|postgres). It reports each handler run to its parent, and with HOLD=1 holds the
// handler until the parent sends { finish: id }. Runs the built packages, as a deployed service would.
import type { AddressInfo } from 'node:net';
import { createRedisIdempotencyStore } from '@webhooks/redis';
import { createSqlIdempotencyStore, verifyWebhook, type IdempotencyStore } from '@webhooks/express';
import express from 'express';
import pg from 'pg';
import { createClient } from 'redis';

const { STORE, NAMESPACE, SECRET, HOLD } = process.env as Record<string, string>;

async function openStore(): Promise<{ store: IdempotencyStore; close(): Promise<void> }> {
  if (STORE === 'redis') {
    const client = await createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', socket: { reconnectStrategy: false } }).connect();
    return { store: createRedisIdempotencyStore({ client, keyPrefix: NAMESPACE }), close: () => client.close() };
  }
  const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 4 });
  const query = async (sql: string, params: unknown[]) => {
    const result = await pool.query(sql, params);
    return { rows: result.rows, affectedRows: result.rowCount ?? 0 };
  };
  return { store: createSqlIdempotencyStore({ dialect: 'postgres', query, table: NAMESPACE }), close: () => pool.end() };
}

const { store, close } = await openStore();
const held = new Map<string, () => void>();
const app = express();
app.post('/webhooks', verifyWebhook({ secret: SECRET!, idempotency: store, idempotencyLeaseMs: 20_000 }), async (req, res) => {
  const id = req.webhook!.event.id;
  process.send!({ handling: id });
  if (HOLD === '1') await new Promise<void>((resolve) => held.set(id, resolve));
  res.sendStatus(204);
});
const server = app.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
process.on('message', (message: { finish?: string; exit?: boolean }) => {
  if (message.finish) held.get(message.finish)?.();
  if (message.exit) server.close(() => void close().then(() => process.exit(0)));
});
