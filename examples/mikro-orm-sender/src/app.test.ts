import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { createTestReceiver, type TestWebhookReceiver } from '@webhooks/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, Order, startWebhooks } from './app.js';

// The application's own test, with the test kit's receiver standing in for the real one.
const dir = mkdtempSync(join(tmpdir(), 'example-mikro-orm-app-'));
let receiver: TestWebhookReceiver;
let orm: MikroORM;
let app: ReturnType<typeof startWebhooks>;

beforeAll(async () => {
  receiver = await createTestReceiver({ secret: 'example-secret' });
  process.env.SQLITE_FILE = join(dir, 'shop.sqlite');
  orm = await connect(undefined);
  app = startWebhooks(orm, receiver.url);
});
afterAll(async () => {
  await app.close();
  await orm.close();
  await receiver.close();
  delete process.env.SQLITE_FILE;
  rmSync(dir, { recursive: true, force: true });
});

it('sends order.updated with the status change when an order is paid, the customer email redacted', async () => {
  const em = orm.em.fork();
  const order = em.create(Order, { reference: 'ORD-9', total: '20.00', status: 'PENDING', customerEmail: 'ann@example.com' });
  await em.flush();
  order.status = 'PAID';
  await em.flush();

  const event = await receiver.expectWebhook('order.updated', { where: { object: { reference: 'ORD-9' } } });
  expect(event.changes).toEqual({ status: { old: 'PENDING', new: 'PAID' } });
  expect(event.object.customerEmail).toBe('***');
});
