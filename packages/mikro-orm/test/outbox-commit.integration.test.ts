import type { DeliveryJob } from '@webhooks/core';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createMikroOrmOutbox, type MikroOrmOutbox } from '../src/index.js';
import { startApp, type TestApp } from './support/app.js';
import { dialects } from './support/databases.js';
import { Customer } from './support/models.js';

// Texts that end or bend an SQL literal somewhere, mixed with arbitrary well-formed Unicode.
const HOSTILE = ["'", "''", '\\', "\\'", '"', '`', '$$', '$1', '?', '??', '--', '/*', '*/', ';', '\0', '\x1a', '\r', 'COMMIT; END', '😀', 'é', '\u2028', '\uFEFF'];
const hostileText = fc
  .array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 24 })
  .map((parts) => parts.join(''))
  .filter((text) => text.isWellFormed());

const job = (body: string, n: number): DeliveryJob => ({
  deliveryId: `dlv_${n}`,
  eventId: `evt_${n}`,
  eventName: 'customer.checked',
  endpoint: 'all',
  body,
  attempt: 1,
  key: 'store.Customer:1',
  createdAt: 1_700_000_000_000,
});

describe.each(dialects)('the outbox insert sent with COMMIT on %s', (dialect) => {
  let app: TestApp;
  let outbox: MikroOrmOutbox;
  beforeAll(async () => {
    app = await startApp(dialect);
    outbox = createMikroOrmOutbox(app.orm);
  });
  afterAll(() => app?.close());
  beforeEach(() => app.clearOutbox());

  const stored = async () => {
    const jobs: DeliveryJob[] = [];
    while ((await outbox.relayBatch(500, async (batch) => void jobs.push(...batch))) > 0);
    return jobs;
  };

  it('stores any job text byte for byte, quotes, backslashes and all', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText, { minLength: 1, maxLength: 3 }), async (texts) => {
        // Postgres text cannot hold NUL at all: its driver's bound insert decides, as before.
        const jobs = texts.map((text) => job(dialect === 'postgres' ? text.replaceAll('\0', '') : text, ++n));
        await app.orm.em.fork().transactional((em) => outbox.writeAtCommit(em, jobs, em.getTransactionContext()!));
        expect(await stored()).toEqual(jobs);
      }),
      { numRuns: 60 },
    );
  });

  it('carries what a flush writes, as the receiver will read it', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const name = text.replaceAll('\0', '');
        const em = app.orm.em.fork();
        em.create(Customer, { name, email: null });
        await em.flush();
        const events = await app.events();
        expect(events.map((e) => e.object.name)).toEqual([name]);
        await app.clearOutbox();
      }),
      { numRuns: 40 },
    );
  });

  it('rolls back and names the outbox when its insert fails on a connection that committed before', async () => {
    const broken = await startApp(dialect);
    try {
      const schema = broken.db.options.schema;
      const first = broken.orm.em.fork();
      first.create(Customer, { name: 'first', email: null });
      await first.flush();
      await broken.orm.em.fork().getConnection().execute(`drop table ${schema ? `"${schema}".` : ''}webhook_outbox`);
      for (const name of ['private-name-1', 'private-name-2']) {
        const em = broken.orm.em.fork();
        em.create(Customer, { name, email: null });
        const failure = await em.flush().then(() => undefined, (err: Error) => err);
        expect(failure?.name).toBe('WebhookOutboxError');
        expect(failure?.message).toMatch(/webhook_outbox/);
        expect(failure?.message).not.toContain(name);
        expect(await broken.orm.em.fork().count(Customer, { name })).toBe(0);
      }
    } finally {
      await broken.close();
    }
  });

  if (dialect === 'postgres') {
    it('fails a COMMIT refused by a deferred constraint with the error MikroORM gives without webhooks', async () => {
      const schema = app.db.options.schema;
      const connection = app.orm.em.getConnection();
      await connection.execute(`
        CREATE FUNCTION "${schema}".refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.name LIKE 'refused%' THEN RAISE EXCEPTION 'customer % refused at commit', NEW.name USING ERRCODE = 'check_violation'; END IF;
          RETURN NEW;
        END $$`);
      await connection.execute(`CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON "${schema}".customer DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION "${schema}".refuse_at_commit()`);
      const attempt = async (name: string, orm = app.orm) => {
        const em = orm.em.fork();
        em.create(Customer, { name, email: null });
        return em.flush().then(() => undefined, (err: Error) => err);
      };
      try {
        // The same database through an ORM with no webhooks attached.
        const without = await attempt('refused-1', await app.db.open());
        const withWebhooks = await attempt('refused-2');
        expect(withWebhooks?.constructor).toBe(without?.constructor);
        expect(withWebhooks?.message).toBe(without?.message.replace('refused-1', 'refused-2'));
        expect(JSON.stringify({ ...withWebhooks, message: withWebhooks?.message })).not.toMatch(/webhook_outbox/);
        expect(await app.events()).toEqual([]);
        expect(await app.orm.em.fork().count(Customer, { name: 'refused-2' })).toBe(0);
        // The pool still works after the refused commit.
        expect(await attempt('accepted')).toBeUndefined();
        expect((await app.events()).map((e) => e.object.name)).toEqual(['accepted']);
      } finally {
        await connection.execute(`DROP TRIGGER refuse_at_commit ON "${schema}".customer; DROP FUNCTION "${schema}".refuse_at_commit()`);
      }
    });
  }
});
