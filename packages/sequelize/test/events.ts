import { runWithUser } from '@webhooks/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js';
import { openShop, type OpenShop } from './scenario.js';

const byEndpoint = (list: Awaited<ReturnType<OpenShop['published']>>, endpoint: string) =>
  list.filter((p) => p.endpoint === endpoint).map((p) => p.event);

/** Every model operation's event, against one real database. */
export function describeSequelizeEvents(dialect: Dialect): void {
  describe(`Sequelize model events on ${dialect}`, () => {
    let db: TestDatabase;
    let shop: OpenShop;
    beforeAll(async () => {
      db = await createTestDatabase(dialect);
      shop = await openShop(db);
    });
    afterAll(async () => {
      await shop?.close();
      await db?.drop();
    });
    beforeEach(async () => {
      await shop.published();
    });
    const newOrder = (reference: string, extra = {}) =>
      shop.sequelize.transaction((transaction) =>
        shop.Order.create({ reference, total: '150.00', meta: { color: 'red' }, ...extra }, { transaction }),
      );

    it('turns a create into created events, projected per endpoint', async () => {
      const order = await newOrder('ORD-1');
      const events = await shop.published();
      expect(events.map((e) => `${e.endpoint} ${e.event.event}`)).toEqual(['all order.created', 'slim order.created']);
      const [full] = byEndpoint(events, 'all');
      expect(full!.model).toEqual({ app: 'store', name: 'Order' });
      expect(full!.object).toMatchObject({ id: String(order.get('id')), reference: 'ORD-1', status: 'PENDING', meta: { color: 'red' } });
      expect(Number(full!.object.total)).toBe(150);
      expect(full!.object).not.toHaveProperty('label');
      expect(Object.keys(byEndpoint(events, 'slim')[0]!.object).sort()).toEqual(['id', 'status', 'total']);
    });

    it('reports only changed fields, with the stored value as old', async () => {
      const order = await newOrder('ORD-2');
      await shop.published();
      order.set('status', 'PROCESSING');
      order.set('status', 'PAID');
      order.set('reference', 'ORD-2');
      await shop.sequelize.transaction((transaction) => order.save({ transaction }));
      const [event] = byEndpoint(await shop.published(), 'all');
      expect(event!.event).toBe('order.updated');
      expect(event!.changes).toEqual({ status: { old: 'PENDING', new: 'PAID' } });
    });

    it('emits nothing for a save that changes nothing', async () => {
      const order = await newOrder('ORD-3');
      await shop.published();
      order.set('status', 'PENDING');
      await shop.sequelize.transaction((transaction) => order.save({ transaction }));
      expect(await shop.published()).toEqual([]);
    });

    it('turns a destroy into a deleted event carrying the row', async () => {
      const order = await newOrder('ORD-4');
      await shop.published();
      await shop.sequelize.transaction((transaction) => order.destroy({ transaction }));
      const [event] = byEndpoint(await shop.published(), 'all');
      expect(event).toMatchObject({ event: 'order.deleted', object: { id: String(order.get('id')), reference: 'ORD-4' } });
    });

    it('leaves nothing behind when the transaction rolls back', async () => {
      await expect(
        shop.sequelize.transaction(async (transaction) => {
          await shop.Order.create({ reference: 'ORD-RB', total: 1 }, { transaction });
          throw new Error('rollback');
        }),
      ).rejects.toThrow('rollback');
      expect(await shop.published()).toEqual([]);
      expect(await shop.Order.count({ where: { reference: 'ORD-RB' } })).toBe(0);
    });

    it('drops the events of a savepoint that rolls back, keeping the rest', async () => {
      await shop.sequelize.transaction(async (transaction) => {
        await shop.Order.create({ reference: 'ORD-OUTER', total: 1 }, { transaction });
        await shop.sequelize
          .transaction({ transaction }, async (inner) => {
            await shop.Order.create({ reference: 'ORD-INNER', total: 2 }, { transaction: inner });
            throw new Error('inner rollback');
          })
          .catch(() => {});
      });
      const refs = byEndpoint(await shop.published(), 'all').map((e) => e.object.reference);
      expect(refs).toEqual(['ORD-OUTER']);
    });

    it('emits one event per row for bulk update and destroy, with old values', async () => {
      await newOrder('ORD-B1', { status: 'BULK' });
      await newOrder('ORD-B2', { status: 'BULK' });
      await shop.published();
      await shop.sequelize.transaction((transaction) =>
        shop.Order.update({ status: 'SHIPPED' }, { where: { status: 'BULK' }, transaction }),
      );
      const updated = byEndpoint(await shop.published(), 'all');
      expect(updated.map((e) => [e.event, e.object.reference, e.changes.status])).toEqual([
        ['order.updated', 'ORD-B1', { old: 'BULK', new: 'SHIPPED' }],
        ['order.updated', 'ORD-B2', { old: 'BULK', new: 'SHIPPED' }],
      ]);
      await shop.sequelize.transaction((transaction) => shop.Order.destroy({ where: { status: 'SHIPPED' }, transaction }));
      const deleted = byEndpoint(await shop.published(), 'all');
      expect(deleted.map((e) => [e.event, e.object.reference])).toEqual([
        ['order.deleted', 'ORD-B1'],
        ['order.deleted', 'ORD-B2'],
      ]);
    });

    it('emits created events for bulkCreate', async () => {
      await shop.sequelize.transaction((transaction) =>
        shop.Order.bulkCreate([{ reference: 'ORD-C1', total: 1 }, { reference: 'ORD-C2', total: 2 }], { transaction }),
      );
      const events = byEndpoint(await shop.published(), 'all');
      expect(events.map((e) => [e.event, e.object.reference])).toEqual([
        ['order.created', 'ORD-C1'],
        ['order.created', 'ORD-C2'],
      ]);
    });

    it('refuses bulkCreate with ignoreDuplicates or updateOnDuplicate on a watched model, writing nothing', async () => {
      await newOrder('ORD-DUP');
      await shop.published();
      const rows = [{ reference: 'ORD-DUP', total: 9 }, { reference: 'ORD-DUP-NEW', total: 9 }];
      for (const option of [{ ignoreDuplicates: true }, { updateOnDuplicate: ['total'] }]) {
        await expect(
          shop.sequelize.transaction((transaction) => shop.Order.bulkCreate(rows, { ...option, transaction })),
        ).rejects.toMatchObject({ code: 'invalid_argument', message: expect.stringContaining(`bulkCreate with ${Object.keys(option)[0]}`) });
      }
      expect(await shop.Order.count({ where: { reference: 'ORD-DUP-NEW' } })).toBe(0);
      expect(Number((await shop.Order.findOne({ where: { reference: 'ORD-DUP' } }))!.get('total'))).toBe(150);
      expect(await shop.published()).toEqual([]);
    });

    it('emits updated for increment and decrement, instance and static, with the stored old values', async () => {
      const order = await newOrder('ORD-INC', { total: '100.00' });
      // Another writer changes the row after this instance was loaded: old values must come from the database.
      await shop.Order.update({ total: '200.00' }, { where: { reference: 'ORD-INC' }, hooks: false });
      await shop.published();
      await shop.sequelize.transaction(async (transaction) => {
        await order.increment('total', { by: 5, transaction });
        await shop.Order.decrement('total', { by: 1, where: { reference: 'ORD-INC' }, transaction });
        await order.decrement({ total: 2 }, { transaction });
        await shop.Order.increment({ total: 10 }, { where: { reference: 'ORD-INC' }, transaction });
      });
      const events = byEndpoint(await shop.published(), 'all');
      expect(events.map((e) => [e.event, e.object.reference, Number(e.changes.total!.old), Number(e.changes.total!.new)])).toEqual([
        ['order.updated', 'ORD-INC', 200, 205],
        ['order.updated', 'ORD-INC', 205, 204],
        ['order.updated', 'ORD-INC', 204, 202],
        ['order.updated', 'ORD-INC', 202, 212],
      ]);
    });

    it('tells a created from an updated upsert, with old values from the database', async () => {
      await shop.sequelize.transaction((transaction) =>
        shop.Order.upsert({ reference: 'ORD-U', total: '10.00', status: 'PENDING' }, { transaction }),
      );
      const [created] = byEndpoint(await shop.published(), 'all');
      expect(created).toMatchObject({ event: 'order.created', object: { reference: 'ORD-U', status: 'PENDING' } });
      const id = Number(created!.object.id);
      await shop.sequelize.transaction((transaction) =>
        shop.Order.upsert({ id, reference: 'ORD-U', total: '10.00', status: 'PAID' }, { transaction }),
      );
      const [updated] = byEndpoint(await shop.published(), 'all');
      expect(updated).toMatchObject({ event: 'order.updated', changes: { status: { old: 'PENDING', new: 'PAID' } } });
      expect(Object.keys(updated!.changes)).toEqual(['status']);
    });

    it('redacts a field in object and changes for the endpoint that asks', async () => {
      const customer = await shop.sequelize.transaction((transaction) =>
        shop.Customer.create({ email: 'ann@example.com', name: 'Ann' }, { transaction }),
      );
      customer.set('email', 'ann@new.example.com');
      await shop.sequelize.transaction((transaction) => customer.save({ transaction }));
      const events = await shop.published();
      const privateBodies = events.filter((e) => e.endpoint === 'private').map((e) => e.job.body);
      expect(privateBodies).toHaveLength(2);
      for (const body of privateBodies) expect(body).not.toContain('example.com');
      expect(JSON.parse(privateBodies[1]!).changes.email).toEqual({ old: '***@***.com', new: '***@***.com' });
      expect(byEndpoint(events, 'all')[1]!.changes.email).toEqual({ old: 'ann@example.com', new: 'ann@new.example.com' });
    });

    it('emits updated when a paranoid row is restored', async () => {
      const customer = await shop.sequelize.transaction((transaction) =>
        shop.Customer.create({ email: 'bob@example.com', name: 'Bob' }, { transaction }),
      );
      await shop.sequelize.transaction((transaction) => customer.destroy({ transaction }));
      await shop.published();
      await shop.sequelize.transaction((transaction) => customer.restore({ transaction }));
      const [event] = byEndpoint(await shop.published(), 'all');
      expect(event!.event).toBe('customer.updated');
      expect(event!.changes.deletedAt!.new).toBeNull();
    });

    it('puts the acting user in the event', async () => {
      await runWithUser({ id: 9, username: 'ann' }, () => newOrder('ORD-USER'));
      const [event] = byEndpoint(await shop.published(), 'all');
      expect(event!.user).toEqual({ id: '9', username: 'ann' });
    });

    it('dispatches a custom event through the outbox in the caller’s transaction', async () => {
      const order = await newOrder('ORD-PAID');
      await shop.published();
      await shop.sequelize.transaction((transaction) =>
        shop.integration.dispatchModelEvent('order.paid', order, { transaction, changes: { status: { old: 'PENDING', new: 'PAID' } } }),
      );
      const events = await shop.published();
      expect(events.map((e) => `${e.endpoint} ${e.event.event}`)).toEqual(['all order.paid', 'slim order.paid']);
      await shop.sequelize
        .transaction(async (transaction) => {
          await shop.integration.dispatchModelEvent('order.paid', order, { transaction });
          throw new Error('rollback');
        })
        .catch(() => {});
      expect(await shop.published()).toEqual([]);
    });

    it('writes nothing to the outbox for models no endpoint names, while custom events still go out', async () => {
      // Every event name allowed, no includeModels: automatic events are opt-in, so none.
      const unnamed = await openShop(db, { relay: false }, { name: 'unnamed', url: 'https://unnamed.example.com/', secret: 'unnamed-1' });
      try {
        const outboxRows = async () => Number((await unnamed.sequelize.query('SELECT COUNT(*) AS n FROM webhook_outbox', { plain: true }))!.n);
        await unnamed.published();
        const before = await outboxRows();
        const order = await unnamed.sequelize.transaction(async (transaction) => {
          const created = await unnamed.Order.create({ reference: 'ORD-UNNAMED', total: 1 }, { transaction });
          await created.update({ status: 'PAID' }, { transaction });
          return created;
        });
        await unnamed.sequelize.transaction((transaction) => unnamed.AuditEntry.create({ text: 'not published' }, { transaction }));
        await unnamed.sequelize.transaction((transaction) => order.destroy({ transaction }));
        expect(await outboxRows()).toBe(before);
        await unnamed.sequelize.transaction((transaction) => unnamed.integration.dispatchModelEvent('order.paid', order, { transaction }));
        expect((await unnamed.published()).map((p) => `${p.endpoint} ${p.event.event}`)).toEqual(['unnamed order.paid']);
      } finally {
        await unnamed.close();
      }
    });

    it("sends every model's automatic events to an endpoint with includeModels '*'", async () => {
      const everything = await openShop(db, { relay: false }, { name: 'everything', url: 'https://everything.example.com/', secret: 'everything-1', includeModels: '*' });
      try {
        await everything.published();
        await everything.sequelize.transaction((transaction) => everything.AuditEntry.create({ text: 'published' }, { transaction }));
        expect((await everything.published()).map((p) => `${p.endpoint} ${p.event.event}`)).toEqual(['everything audit_entry.created']);
      } finally {
        await everything.close();
      }
    });

    it('names models app.Model from the model name, not the table', async () => {
      await shop.sequelize.transaction((transaction) => shop.LineItem.create({ sku: 'X' }, { transaction }));
      const [event] = byEndpoint(await shop.published(), 'all');
      expect(event).toMatchObject({ event: 'line_item.created', model: { app: 'sales', name: 'LineItem' } });
    });

    it('still records writes made outside a transaction', async () => {
      await shop.Order.create({ reference: 'ORD-AUTO', total: 3 });
      const [event] = byEndpoint(await shop.published(), 'all');
      expect(event!.object.reference).toBe('ORD-AUTO');
    });

    it('fails and rolls back a transaction whose outbox row cannot be written, naming the table and the reason but no payload', async () => {
      const other = await createTestDatabase(dialect);
      const broken = await openShop(other);
      try {
        await broken.sequelize.getQueryInterface().dropTable('webhook_outbox');
        const failure = await broken.sequelize
          .transaction((transaction) => broken.Order.create({ reference: 'private-ref-4711', total: 5 }, { transaction }))
          .then(() => undefined, (err: Error) => err);
        expect(failure).toBeInstanceOf(Error);
        expect(failure!.name).toBe('WebhookOutboxError');
        expect(failure!.message).toMatch(/^could not write 2 webhook delivery jobs to \S*webhook_outbox\S*: .*(no such table|does not exist|doesn't exist)/);
        expect(JSON.stringify({ ...failure, message: failure!.message })).not.toContain('private-ref-4711');
        expect(await broken.Order.count({ where: { reference: 'private-ref-4711' } })).toBe(0);
        // An unmanaged transaction: the caller's rollback after the failed commit finds it rolled back.
        const transaction = await broken.sequelize.transaction();
        await broken.Order.create({ reference: 'private-ref-4712', total: 5 }, { transaction });
        await expect(transaction.commit()).rejects.toThrow(/^could not write 2 webhook delivery jobs/);
        await transaction.rollback();
        expect(await broken.Order.count({ where: { reference: 'private-ref-4712' } })).toBe(0);
      } finally {
        await broken.close();
        await other.drop();
      }
    });
  });
}
