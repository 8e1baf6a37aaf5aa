import { createRequire } from 'node:module';
import { hostileText } from '@webhooks/testing/contracts';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './support/app.js';
import { dialects, knexBased } from './support/databases.js';
import { Customer } from './support/models.js';

describe.each(dialects)('the outbox insert sent with COMMIT on %s', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startApp(dialect);
  });
  afterAll(() => app?.close());
  beforeEach(() => app.clearOutbox());

  it('carries what a flush writes, as the receiver will read it', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const name = Array.from(text.replaceAll('\0', '')).slice(0, 100).join('');
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

  // The one-trip path itself: knex (MikroORM 6) only; MikroORM 7 has its own test below.
  if (dialect !== 'sqlite' && knexBased) {
    /** Flushes one new customer through `orm`; returns every statement knex sent meanwhile. */
    const statementsOfFlush = async (orm: TestApp['orm'], name: string): Promise<string[]> => {
      const sent: string[] = [];
      type QueryEvents = (event: 'query', listener: (query: { sql: string }) => void) => void;
      const knex = (orm.em.getConnection() as unknown as { getKnex(): { on: QueryEvents; off: QueryEvents } }).getKnex();
      const record = (query: { sql: string }) => void sent.push(query.sql);
      const em = orm.em.fork();
      em.create(Customer, { name, email: null });
      knex.on('query', record);
      try {
        await em.flush();
      } finally {
        knex.off('query', record);
      }
      return sent;
    };

    it('sends the outbox insert and the COMMIT to the database as one statement', async () => {
      const sent = await statementsOfFlush(app.orm, 'one-trip');
      const outbox = sent.filter((sql) => /webhook_outbox/.test(sql));
      expect(outbox).toHaveLength(1);
      expect(outbox[0]).toMatch(/^(BEGIN NOT ATOMIC .*)?INSERT INTO \S*webhook_outbox\S* .*; COMMIT(; END)?$/s);
      expect(sent.filter((sql) => /^commit/i.test(sql))).toEqual([]);
      expect((await app.events()).map((e) => e.object.name)).toEqual(['one-trip']);
    });

    it('sends them one after the other with oneTripCommit: false', async () => {
      const separate = await startApp(dialect, { attach: { oneTripCommit: false } });
      try {
        const sent = await statementsOfFlush(separate.orm, 'two-trips');
        const outbox = sent.filter((sql) => /webhook_outbox/.test(sql));
        expect(outbox).toHaveLength(1);
        expect(outbox[0]).not.toMatch(/COMMIT/);
        expect(sent.filter((sql) => /^commit/i.test(sql))).toHaveLength(1);
        expect((await separate.events()).map((e) => e.object.name)).toEqual(['two-trips']);
      } finally {
        await separate.close();
      }
    });
  }

  if (dialect !== 'sqlite' && !knexBased) {
    it('on MikroORM 7, writes the outbox row before the COMMIT, with oneTripCommit or without', async () => {
      for (const oneTripCommit of [true, false]) {
        const own = await startApp(dialect, { attach: { oneTripCommit } });
        try {
          const em = own.orm.em.fork();
          em.create(Customer, { name: `v7-${oneTripCommit}`, email: null });
          await em.flush();
          expect((await own.events()).map((e) => e.object.name)).toEqual([`v7-${oneTripCommit}`]);
        } finally {
          await own.close();
        }
      }
    });
  }

  if (dialect !== 'sqlite' && knexBased) {
    it('still writes the events, after the commit, when knex spells its COMMIT in a way the outbox does not know', async () => {
      // The knex MikroORM 6 runs on; its transactions send `COMMIT;` today.
      const knexTransaction = createRequire(createRequire(import.meta.url).resolve('@mikro-orm/knex'))('knex/lib/execution/transaction.js') as {
        prototype: { commit(conn: unknown, value: unknown): unknown; query(conn: unknown, sql: string, status: number, value: unknown): unknown };
      };
      const commit = knexTransaction.prototype.commit;
      knexTransaction.prototype.commit = function (conn, value) {
        return this.query(conn, 'COMMIT WORK;', 1, value);
      };
      try {
        const em = app.orm.em.fork();
        em.create(Customer, { name: 'spelt-otherwise', email: null });
        await em.flush();
      } finally {
        knexTransaction.prototype.commit = commit;
      }
      expect((await app.events()).map((e) => e.object.name)).toEqual(['spelt-otherwise']);
    });
  }

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
