import { wrap, type ChangeSet } from '@mikro-orm/core';
import { runWithUser } from '@webhooks/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebhookOutbox } from '@webhooks/mikro-orm';
import { startApp, type TestApp } from './support/app.js';
import { dialects } from './support/databases.js';
import { AuditNote, Customer, Order, OrderItem, Tag } from './support/models.js';

describe.each(dialects)('entity changes to events on %s', (dialect) => {
  let app: TestApp;
  const flushTypes: string[] = [];
  beforeAll(async () => {
    app = await startApp(dialect, { attach: { models: { Tag: 'catalog.Tag' } } });
    app.orm.em.getEventManager().registerSubscriber({
      onFlush: ({ uow }) => void flushTypes.push(...uow.getChangeSets().map((cs: ChangeSet<any>) => `${cs.type} ${cs.meta.className}`)),
    });
  });
  afterAll(() => app?.close());
  beforeEach(async () => {
    await app.clearOutbox();
    flushTypes.length = 0;
  });

  async function placeOrder() {
    const em = app.orm.em.fork();
    const customer = em.create(Customer, { name: 'Ann', email: `ann-${Math.random()}@example.com` });
    const order = em.create(Order, {
      total: '150.00',
      status: 'PENDING',
      customer,
      meta: { channel: 'web' },
      address: { street: '1 Main St', city: 'Lyon' },
      secret: 'hunter2',
    });
    em.create(OrderItem, { order, sku: 'A-1', quantity: 2 });
    em.create(OrderItem, { order, sku: 'B-2', quantity: 1 });
    await em.flush();
    await app.clearOutbox();
    return { customerId: customer.id, orderId: order.id };
  }

  it('sends created events with database ids, every field and relations as ids', async () => {
    const em = app.orm.em.fork();
    const customer = em.create(Customer, { name: 'Bo', email: null });
    const order = em.create(Order, { total: '99.50', status: 'PENDING', customer, address: { street: '2 Rue', city: 'Nice' }, secret: 's' });
    em.create(OrderItem, { order, sku: 'C-3', quantity: 4 });
    await em.flush();
    const events = await app.events();
    expect(events.map((e) => e.event)).toEqual(['customer.created', 'order.created', 'order_item.created']);
    const created = events[1]!;
    expect(created.model).toEqual({ app: 'store', name: 'Order' });
    expect(created.object).toEqual({
      id: String(order.id),
      total: '99.50',
      status: 'PENDING',
      customer: String(customer.id),
      address: { street: '2 Rue', city: 'Nice' },
    });
    expect(created.changes).toEqual({});
    expect(events[2]!.object).toMatchObject({ id: String(order.items[0]!.id), order: String(order.id), sku: 'C-3', quantity: 4 });
  });

  it('sends only the changed fields of an update, old values from the unit of work', async () => {
    const { orderId } = await placeOrder();
    const em = app.orm.em.fork();
    const order = await em.findOneOrFail(Order, orderId);
    order.status = 'PAID';
    order.paidAt = new Date('2026-01-24T10:00:00.123Z');
    order.meta = { channel: 'web', coupon: 'X' };
    order.address!.city = 'Paris';
    await em.flush();
    order.paidAt = new Date('2026-01-25T08:30:00.000Z');
    await em.flush();
    const [paid, moved] = await app.events();
    expect(paid!.event).toBe('order.updated');
    expect(paid!.changes).toEqual({
      status: { old: 'PENDING', new: 'PAID' },
      paidAt: { old: null, new: '2026-01-24T10:00:00.123Z' },
      meta: { old: { channel: 'web' }, new: { channel: 'web', coupon: 'X' } },
      address: { old: { street: '1 Main St', city: 'Lyon' }, new: { street: '1 Main St', city: 'Paris' } },
    });
    // Decimals come back as the driver hydrates them ('150' on SQLite and MariaDB, '150.00' on Postgres).
    expect(paid!.object).toMatchObject({ id: String(orderId), status: 'PAID', total: order.total });
    expect(moved!.changes).toEqual({ paidAt: { old: '2026-01-24T10:00:00.123Z', new: '2026-01-25T08:30:00.000Z' } });
  });

  it('reads old values from the database when another writer changed the row after it was loaded', async () => {
    const { orderId } = await placeOrder();
    const em = app.orm.em.fork();
    const order = await em.findOneOrFail(Order, orderId);
    const otherWriter = async (status: string) => {
      const other = app.orm.em.fork();
      (await other.findOneOrFail(Order, orderId)).status = status;
      await other.flush();
    };
    await otherWriter('PROCESSING');
    await app.clearOutbox();
    // A flush that opens its own transaction.
    order.status = 'PAID';
    await em.flush();
    expect((await app.events()).map((e) => e.changes)).toEqual([{ status: { old: 'PROCESSING', new: 'PAID' } }]);
    // A flush inside the caller's transaction.
    await otherWriter('ON_HOLD');
    await app.clearOutbox();
    await app.orm.em.fork().transactional(async (tx) => {
      const mine = await tx.findOneOrFail(Order, orderId);
      mine.status = 'PACKED';
      await tx.flush();
      // The second read happens in this transaction, which already holds the row's lock.
      mine.status = 'SHIPPED';
      await tx.flush();
    });
    expect((await app.events()).map((e) => e.changes)).toEqual([
      { status: { old: 'ON_HOLD', new: 'PACKED' } },
      { status: { old: 'PACKED', new: 'SHIPPED' } },
    ]);
    // The other writer already stored the new value: nothing changes, no event.
    await otherWriter('DELIVERED');
    await app.clearOutbox();
    order.status = 'DELIVERED';
    await em.flush();
    expect(await app.events()).toEqual([]);
  });

  it('sends a relation as its id without loading it', async () => {
    const { orderId, customerId } = await placeOrder();
    const em = app.orm.em.fork();
    const item = await em.findOneOrFail(OrderItem, { order: orderId, sku: 'A-1' });
    const order = await em.findOneOrFail(Order, orderId);
    item.quantity = 3;
    order.status = 'SHIPPED';
    await em.flush();
    const events = await app.events();
    expect(events.map((e) => [e.event, e.object.order ?? e.object.customer]).sort()).toEqual([
      ['order.updated', String(customerId)],
      ['order_item.updated', String(orderId)],
    ]);
    expect(wrap(order.customer).isInitialized()).toBe(false);
  });

  it('sends the deleted rows of a cascading delete', async () => {
    const { orderId, customerId } = await placeOrder();
    const em = app.orm.em.fork();
    const order = await em.findOneOrFail(Order, orderId, { populate: ['items'] });
    em.remove(order);
    await em.flush();
    const events = await app.events();
    expect(events.map((e) => e.event).sort()).toEqual(['order.deleted', 'order_item.deleted', 'order_item.deleted']);
    const deleted = events.find((e) => e.event === 'order.deleted')!;
    expect(deleted.object).toMatchObject({ id: String(orderId), status: 'PENDING', customer: String(customerId), address: { city: 'Lyon' } });
    expect(deleted.changes).toEqual({});
    expect(events.filter((e) => e.event === 'order_item.deleted').map((e) => e.object.order)).toEqual([String(orderId), String(orderId)]);
  });

  it('captures early deletes and early updates', async () => {
    const em = app.orm.em.fork();
    const old = em.create(Tag, { code: 'sale', label: 'Old sale' });
    const holder = em.create(Customer, { name: 'Cy', email: 'cy@example.com' });
    await em.flush();
    await app.clearOutbox();
    flushTypes.length = 0;
    const oldId = old.id;
    em.remove(old);
    const fresh = em.create(Tag, { code: 'sale', label: 'New sale' });
    holder.email = null;
    const taker = em.create(Customer, { name: 'Di', email: 'cy@example.com' });
    await em.flush();
    expect(flushTypes).toEqual(expect.arrayContaining(['delete_early Tag', 'update_early Customer']));
    const events = await app.events();
    expect(events.map((e) => [e.event, e.object.id])).toEqual(
      expect.arrayContaining([
        ['tag.deleted', String(oldId)],
        ['tag.created', String(fresh.id)],
        ['customer.updated', String(holder.id)],
        ['customer.created', String(taker.id)],
      ]),
    );
    expect(events.find((e) => e.event === 'customer.updated')!.changes).toEqual({ email: { old: 'cy@example.com', new: null } });
    expect(events.find((e) => e.event === 'tag.created')!.model).toEqual({ app: 'catalog', name: 'Tag' });
  });

  it('projects and redacts each endpoint’s copy', async () => {
    const { orderId, customerId } = await placeOrder();
    const em = app.orm.em.fork();
    const order = await em.findOneOrFail(Order, orderId);
    order.status = 'PAID';
    order.total = '151.00';
    order.meta = { note: 'x' };
    await em.flush();
    const [crm] = await app.events('crm');
    expect(crm!.object).toEqual({ id: String(orderId), status: 'PAID', total: '***', customer: String(customerId) });
    expect(crm!.changes).toEqual({ status: { old: 'PENDING', new: 'PAID' }, total: { old: '***', new: '***' } });
    expect(await app.events('crm')).toHaveLength(1);
  });

  it('leaves out hidden fields and sends nothing when only they change', async () => {
    const { orderId } = await placeOrder();
    const em = app.orm.em.fork();
    const order = await em.findOneOrFail(Order, orderId);
    order.secret = 'changed';
    await em.flush();
    expect(await app.events()).toEqual([]);
    order.status = 'PAID';
    await em.flush();
    const [event] = await app.events();
    expect(JSON.stringify(event)).not.toContain('hunter2');
    expect(event!.object).not.toHaveProperty('secret');
  });

  it('stores every event of a large flush intact in one outbox row, whatever characters its fields hold', async () => {
    const names = Array.from({ length: 120 }, (_, i) => `n${i} "quoted" 'single' back\\slash {a,b} NULL é 😀 \n`);
    const em = app.orm.em.fork();
    const customers = names.map((name) => em.create(Customer, { name, email: null }));
    const before = Date.now();
    await em.flush();
    const events = await app.events();
    expect(events.map((e) => e.object)).toEqual(customers.map((c, i) => ({ id: String(c.id), name: names[i], email: null })));
    const [row, ...others] = await app.orm.em.fork().find(WebhookOutbox, {});
    expect(others).toHaveLength(0);
    expect(row!.jobCount).toBe(names.length);
    expect(row!.publishedAt).toBeNull();
    expect(Number(row!.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(Number(row!.createdAt)).toBeLessThanOrEqual(Date.now() + 1000);
  });

  it('sends nothing for entities no endpoint watches', async () => {
    const em = app.orm.em.fork();
    em.create(AuditNote, { text: 'not for webhooks' });
    await em.flush();
    expect(await app.events()).toEqual([]);
  });

  it('names the acting user from runWithUser', async () => {
    const em = app.orm.em.fork();
    em.create(Customer, { name: 'Eve', email: null });
    await runWithUser({ id: 7, username: 'admin' }, () => em.flush());
    const [event] = await app.events();
    expect(event!.user).toEqual({ id: '7', username: 'admin' });
  });
});
