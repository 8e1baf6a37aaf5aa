import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestReceiver, type TestWebhookReceiver } from '@webhooks/testing';
import { Sequelize } from 'sequelize';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startWebhooks } from './app.js';

// The application's own test, with the test kit's receiver standing in for the real one.
const dir = mkdtempSync(join(tmpdir(), 'example-sequelize-'));
let receiver: TestWebhookReceiver;
let sequelize: Sequelize;
let app: Awaited<ReturnType<typeof startWebhooks>>;

beforeAll(async () => {
  receiver = await createTestReceiver({ secret: 'example-secret' });
  sequelize = new Sequelize({ dialect: 'sqlite', storage: join(dir, 'shop.sqlite'), logging: false });
  app = await startWebhooks(sequelize, receiver.url);
});
afterAll(async () => {
  await app.close();
  await sequelize.close();
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});

it('sends order.updated with the status change when an order is paid, the customer email redacted', async () => {
  const order = await sequelize.transaction((transaction) =>
    app.Order.create({ reference: 'ORD-7', total: '20.00', customerEmail: 'ann@example.com' }, { transaction }),
  );
  await sequelize.transaction((transaction) => order.update({ status: 'PAID' }, { transaction }));

  const event = await receiver.expectWebhook('order.updated', { where: { object: { reference: 'ORD-7' } } });
  expect(event.changes).toEqual({ status: { old: 'PENDING', new: 'PAID' } });
  expect(event.object.customerEmail).toBe('***');
});
