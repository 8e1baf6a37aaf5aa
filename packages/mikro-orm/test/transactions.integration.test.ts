import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './support/app.js';
import { dialects } from './support/databases.js';
import { AuditNote, Customer, Order } from './support/models.js';

describe.each(dialects)('transactional guarantees on %s', (dialect) => {
  let app: TestApp;
  let wakes = 0;
  beforeAll(async () => {
    app = await startApp(dialect);
    const wake = app.attached.relay.wake;
    app.attached.relay.wake = () => {
      wakes++;
      wake();
    };
  });
  afterAll(() => app?.close());
  beforeEach(async () => {
    await app.clearOutbox();
    wakes = 0;
  });

  it('writes nothing when em.transactional throws', async () => {
    await expect(
      app.orm.em.fork().transactional(async (em) => {
        em.create(Customer, { name: 'Ann', email: null });
        await em.flush();
        em.create(Customer, { name: 'Bo', email: null });
        throw new Error('payment declined');
      }),
    ).rejects.toThrow('payment declined');
    expect(await app.events()).toEqual([]);
    expect(wakes).toBe(0);
    expect(await app.orm.em.fork().count(Customer, { name: { $in: ['Ann', 'Bo'] } })).toBe(0);
  });

  it('writes nothing when the flush itself fails', async () => {
    const em = app.orm.em.fork();
    em.create(Customer, { name: 'Cy', email: 'same@example.com' });
    em.create(Customer, { name: 'Di', email: 'same@example.com' });
    await expect(em.flush()).rejects.toThrow();
    expect(await app.events()).toEqual([]);
    const next = app.orm.em.fork();
    next.create(Customer, { name: 'Ed', email: null });
    await next.flush();
    expect((await app.events()).map((e) => e.object.name)).toEqual(['Ed']);
  });

  it('fails and rolls back a flush whose outbox row cannot be written, naming the table and the reason but no payload', async () => {
    const broken = await startApp(dialect);
    try {
      const schema = broken.db.options.schema;
      await broken.orm.em.fork().getConnection().execute(`drop table ${schema ? `"${schema}".` : ''}webhook_outbox`);
      const em = broken.orm.em.fork();
      em.create(Customer, { name: 'private-name-4711', email: null });
      const failure = await em.flush().then(() => undefined, (err: Error) => err);
      expect(failure).toBeInstanceOf(Error);
      expect(failure!.name).toBe('WebhookOutboxError');
      expect(failure!.message).toMatch(/^could not write 1 webhook delivery jobs to \S*webhook_outbox\S*: .*(no such table|does not exist|doesn't exist)/);
      expect(failure!.message).not.toContain('private-name-4711');
      expect(failure!.message).not.toContain('insert into');
      expect(await broken.orm.em.fork().count(Customer, { name: 'private-name-4711' })).toBe(0);
    } finally {
      await broken.close();
    }
  });

  it('commits a flush inside em.transactional with the rest of the transaction, then wakes the relay', async () => {
    await app.orm.em.fork().transactional(async (em) => {
      em.create(Customer, { name: 'Flo', email: null });
      await em.flush();
      expect(wakes).toBe(0);
      em.create(Customer, { name: 'Gus', email: null }); // flushed by transactional() on the way out
    });
    expect((await app.events()).map((e) => e.object.name)).toEqual(['Flo', 'Gus']);
    expect(wakes).toBe(1);
  });

  // SQLite runs one transaction at a time (one connection), so no other transaction can commit in between.
  if (dialect !== 'sqlite') it('wakes the relay when the transaction that wrote events commits, not when another one does', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const writer = app.orm.em.fork().transactional(async (em) => {
      em.create(Customer, { name: 'Ivy', email: null });
      await em.flush();
      wrote();
      await released;
    });
    await written;
    // Another transaction commits first, with nothing for webhooks in it.
    await app.orm.em.fork().transactional(async (em) => {
      em.create(AuditNote, { text: 'unrelated' });
    });
    expect(wakes).toBe(0);
    release();
    await writer;
    expect(wakes).toBe(1);
    expect((await app.events()).map((e) => e.object.name)).toEqual(['Ivy']);
  });

  it('keeps the events of a committed transaction and drops those of a rolled-back savepoint', async () => {
    await app.orm.em.fork().transactional(async (outer) => {
      outer.create(Customer, { name: 'Kept', email: null });
      await outer.flush();
      await outer
        .transactional(async (inner) => {
          inner.create(Customer, { name: 'Savepoint', email: null });
          await inner.flush();
          throw new Error('inner only');
        })
        .catch(() => undefined);
    });
    expect((await app.events()).map((e) => e.object.name)).toEqual(['Kept']);
  });

  it('sends a manual event written inside em.transactional only if it commits', async () => {
    const em = app.orm.em.fork();
    const customer = em.create(Customer, { name: 'Hal', email: null });
    const order = em.create(Order, { total: '10.00', status: 'PENDING', customer });
    await em.flush();
    await app.clearOutbox();

    await expect(
      em.transactional(async (tx) => {
        await app.attached.dispatchModelEvent('order.paid', order, { em: tx });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await app.events()).toEqual([]);

    await em.transactional(async (tx) => {
      await app.attached.dispatchModelEvent('order.paid', order, { em: tx, changes: { status: { old: 'PENDING', new: 'PAID' } } });
    });
    const [paid] = await app.events();
    expect(paid).toMatchObject({ event: 'order.paid', model: { app: 'store', name: 'Order' }, object: { id: String(order.id) } });
    expect(paid!.changes).toEqual({ status: { old: 'PENDING', new: 'PAID' } });
  });

  it('leaves native writes out, and dispatchModelEvent covers them', async () => {
    const em = app.orm.em.fork();
    const customer = em.create(Customer, { name: 'Ida', email: null });
    await em.flush();
    await app.clearOutbox();
    wakes = 0;
    await em.nativeUpdate(Customer, { id: customer.id }, { name: 'Ida B.' });
    expect(await app.events()).toEqual([]);
    await app.attached.dispatchModelEvent('updated', { id: customer.id, name: 'Ida B.' }, {
      em,
      model: 'store.Customer',
      changes: { name: { old: 'Ida', new: 'Ida B.' } },
    });
    expect((await app.events()).map((e) => [e.event, e.object.name])).toEqual([['customer.updated', 'Ida B.']]);
    expect(wakes).toBe(1);
  });

  it('fails the flush, writing neither entity nor event, when its events cannot be written', async () => {
    const failing = await startApp(dialect, {
      endpoints: [
        {
          name: 'picky',
          url: 'http://127.0.0.1:9/picky',
          secret: 'picky-secret',
          includeModels: '*',
          filter: (event) => {
            if (event.object.name === 'boom') throw new Error('filter exploded');
            return true;
          },
        },
      ],
    });
    try {
      const em = failing.orm.em.fork();
      em.create(Customer, { name: 'boom', email: null });
      await expect(em.flush()).rejects.toThrow('filter exploded');
      expect(await failing.orm.em.fork().count(Customer, {})).toBe(0);
      expect(await failing.events('picky')).toEqual([]);
    } finally {
      await failing.close();
    }
  });

  it('refuses a manual event name that is neither an action nor dotted', async () => {
    const em = app.orm.em.fork();
    const customer = em.create(Customer, { name: 'Jo', email: null });
    await em.flush();
    await expect(app.attached.dispatchModelEvent('paid', customer, { em })).rejects.toMatchObject({ code: 'invalid_argument' });
  });
});
