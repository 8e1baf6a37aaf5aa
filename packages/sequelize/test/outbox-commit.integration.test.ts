import { createFetchSender, createWebhooks, type DeliveryJob, type WebhookEvent } from '@webhooks/core';
import { makeJob } from '@webhooks/testing';
import { hostileText } from '@webhooks/testing/contracts';
import fc from 'fast-check';
import type { Transaction } from 'sequelize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachWebhooks, createSequelizeOutbox, defineWebhookModels } from '../src/index.js';
import { createTestDatabase, dialects, type TestDatabase } from './databases.js';
import { defineShop, openShop, shopConfig, type OpenShop } from './scenario.js';

describe.each(dialects)('the outbox insert sent with COMMIT on %s', (dialect) => {
  let db: TestDatabase;
  let shop: OpenShop;
  let outbox: ReturnType<typeof createSequelizeOutbox>;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    shop = await openShop(db);
    outbox = createSequelizeOutbox(shop.sequelize);
  });
  afterAll(async () => {
    await shop?.close();
    await db?.drop();
  });

  /** Writes `jobs` the way the adapter does at commit, in a transaction of its own. */
  const commitJobs = async (jobs: DeliveryJob[]) => {
    const transaction = await shop.sequelize.transaction();
    await outbox.writeAndCommit(jobs, transaction, { commit: () => transaction.commit(), rollback: () => transaction.rollback() });
  };

  it('carries what an application writes, as the receiver will read it', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (reference) => {
        const unique = `${Array.from(reference).slice(0, 100).join('')}#${Math.random()}`;
        const planned = await shop.sequelize.transaction(async (transaction) => {
          const order = await shop.Order.create({ reference: unique.replaceAll('\0', ''), total: '1.00' }, { transaction });
          return shop.integration.dispatchModelEvent('order.paid', order, { transaction });
        });
        const published = await shop.published();
        const paid = published.find((p) => p.event.event === 'order.paid' && p.endpoint === 'all')!;
        expect(paid.job.body).toBe(planned.jobs.find((j) => j.endpoint === 'all')!.body);
        expect((paid.event as WebhookEvent).object.reference).toBe(unique.replaceAll('\0', ''));
      }),
      { numRuns: 40 },
    );
  });

  if (dialect !== 'sqlite') {
    it('sends the outbox insert and the COMMIT to the database as one statement', async () => {
      const sent: string[] = [];
      await shop.sequelize.transaction(async (transaction) => {
        await shop.Order.create({ reference: 'one-trip', total: 1 }, { transaction });
        // Watch the driver's connection from here to the commit.
        const connection = (transaction as unknown as { connection: { query: (...args: unknown[]) => unknown } }).connection;
        const query = connection.query;
        connection.query = function (this: unknown, ...args: unknown[]) {
          const sql = args[0] as string | { sql?: string; text?: string };
          sent.push(typeof sql === 'string' ? sql : (sql.sql ?? sql.text ?? ''));
          return query.apply(this, args);
        };
      });
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatch(/^(BEGIN NOT ATOMIC .*)?INSERT INTO \S*webhook_outbox\S* .*; COMMIT(; END)?$/s);
      expect((await shop.published()).map((p) => `${p.endpoint} ${p.event.event}`)).toEqual(['all order.created', 'slim order.created']);
    });

    it('sends them one after the other with oneTripCommit: false', async () => {
      const own = await createTestDatabase(dialect);
      const separate = await openShop(own, { oneTripCommit: false });
      try {
        const sent: string[] = [];
        await separate.sequelize.transaction(async (transaction) => {
          await separate.Order.create({ reference: 'two-trips', total: 1 }, { transaction });
          // Bound statements go through `execute` on mysql2, everything else through `query`.
          const connection = (transaction as unknown as { connection: Record<string, (...args: unknown[]) => unknown> }).connection;
          for (const method of ['query', 'execute'].filter((name) => typeof connection[name] === 'function')) {
            const send = connection[method]!;
            connection[method] = function (this: unknown, ...args: unknown[]) {
              const sql = args[0] as string | { sql?: string; text?: string };
              sent.push(typeof sql === 'string' ? sql : (sql.sql ?? sql.text ?? ''));
              return send.apply(this, args);
            };
          }
        });
        expect(sent).toHaveLength(2);
        expect(sent[0]).toMatch(/^INSERT INTO \S*webhook_outbox/);
        expect(sent[0]).not.toMatch(/COMMIT/);
        expect(sent[1]).toMatch(/^COMMIT;?$/);
        expect((await separate.published()).map((p) => `${p.endpoint} ${p.event.event}`)).toEqual(['all order.created', 'slim order.created']);
      } finally {
        await separate.close();
        await own.drop();
      }
    });
  }

  if (dialect === 'postgres') {
    it('stores a job holding a NUL as the bound insert always has', async () => {
      const outcome = async (write: () => Promise<void>) => {
        const failed = await write().then(() => undefined, (err: { code?: unknown }) => err.code ?? err);
        const stored: string[] = [];
        while ((await outbox.relayBatch(500, async (batch) => void stored.push(...batch.map((j) => j.body)))) > 0);
        return { failed, stored };
      };
      const bound = await outcome(() => shop.sequelize.transaction((transaction) => outbox.write([makeJob({ body: 'a\0b' })], transaction)));
      expect(await outcome(() => commitJobs([makeJob({ body: 'a\0b' })]))).toEqual(bound);
    });
  }

  if (dialect !== 'sqlite') {
    it('rolls back and names the outbox when its insert fails on a connection that committed before', async () => {
      const other = await createTestDatabase(dialect);
      await (await openShop(other)).close();
      // One connection, so the failing transaction reuses the one that committed an outbox row first.
      const sequelize = other.connect({ pool: { max: 1, min: 0 } });
      const broken = defineShop(sequelize);
      defineWebhookModels(sequelize);
      attachWebhooks(sequelize, createWebhooks(shopConfig, { sender: createFetchSender() }), { appLabel: 'store', relay: false });
      const transaction = sequelize.transaction.bind(sequelize);
      try {
        await transaction((t) => broken.Order.create({ reference: 'first', total: 1 }, { transaction: t }));
        await sequelize.getQueryInterface().dropTable('webhook_outbox');
        const failure = await transaction((t) => broken.Order.create({ reference: 'private-ref-99', total: 1 }, { transaction: t }))
          .then(() => undefined, (err: Error) => err);
        expect(failure?.name).toBe('WebhookOutboxError');
        expect(failure?.message).toMatch(/webhook_outbox/);
        expect(failure?.message).not.toContain('private-ref-99');
        expect(await broken.Order.count({ where: { reference: 'private-ref-99' } })).toBe(0);
      } finally {
        await sequelize.close();
        await other.drop();
      }
    });
  }

  if (dialect === 'postgres') {
    it('fails a COMMIT refused by a deferred constraint with the error Sequelize gives without webhooks', async () => {
      await shop.sequelize.query(`
        CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.reference LIKE 'refused%' THEN RAISE EXCEPTION 'order % refused at commit', NEW.reference USING ERRCODE = 'check_violation'; END IF;
          RETURN NEW;
        END $$;
        CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON "Orders" DEFERRABLE INITIALLY DEFERRED
          FOR EACH ROW EXECUTE FUNCTION refuse_at_commit();`);
      const plainSequelize = db.connect();
      const plain = defineShop(plainSequelize);
      const attempt = (Order: typeof plain.Order, sequelize: typeof plainSequelize, reference: string) =>
        sequelize
          .transaction((transaction: Transaction) => Order.create({ reference, total: 1 }, { transaction }))
          .then(() => undefined, (err: Error & { sql?: string }) => err);
      try {
        const without = await attempt(plain.Order, plainSequelize, 'refused-1');
        const withWebhooks = await attempt(shop.Order, shop.sequelize, 'refused-2');
        expect(withWebhooks?.constructor).toBe(without?.constructor);
        expect(withWebhooks?.message).toBe(without?.message.replace('refused-1', 'refused-2'));
        expect(withWebhooks?.sql).toBe(without?.sql);
        expect(JSON.stringify({ ...withWebhooks, stack: withWebhooks?.stack })).not.toMatch(/webhook_outbox|refused-2\\"/);
        expect(await shop.published()).toEqual([]);
        expect(await shop.Order.count({ where: { reference: 'refused-2' } })).toBe(0);
        // The pool still works after the refused commit.
        await shop.sequelize.transaction((transaction) => shop.Order.create({ reference: 'accepted', total: 1 }, { transaction }));
        expect((await shop.published()).map((p) => p.event.object.reference)).toContain('accepted');
      } finally {
        await plainSequelize.close();
        await shop.sequelize.query('DROP TRIGGER refuse_at_commit ON "Orders"; DROP FUNCTION refuse_at_commit()');
      }
    });
  }
});
