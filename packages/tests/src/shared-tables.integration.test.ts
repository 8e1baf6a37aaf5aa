import { MikroORM, type Options } from '@mikro-orm/core';
import { createFetchSender, createWebhooks } from '@webhooks/core';
import { attachWebhooks as attachMikroOrm, createMikroOrmDeliveryLog, webhookEntities } from '@webhooks/mikro-orm';
import { attachWebhooks as attachSequelize, createSequelizeDeliveryLog, defineWebhookModels } from '@webhooks/sequelize';
import { startTestReceiver, waitFor } from '@webhooks/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataTypes, QueryTypes, Sequelize, type Options as SequelizeOptions } from 'sequelize';
import { afterAll, describe, expect, it } from 'vitest';

type Dialect = 'sqlite' | 'postgres' | 'mariadb';
const dialects: Dialect[] = ['sqlite', 'postgres', 'mariadb'];
const TABLES = ['webhook_outbox', 'webhook_deliveries', 'webhook_attempts', 'webhook_endpoints'];

/** A fresh, empty database, as Sequelize and MikroORM options; dropped at the end of the file. */
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function freshDatabase(dialect: Dialect): Promise<{ sequelize: SequelizeOptions; mikroOrm: Partial<Options> }> {
  const name = `wh_shared_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'webhooks-shared-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'app.sqlite');
    const { BetterSqliteDriver } = await import('@mikro-orm/better-sqlite');
    return { sequelize: { dialect: 'sqlite', storage: file }, mikroOrm: { driver: BetterSqliteDriver, dbName: file } };
  }
  const server: SequelizeOptions =
    dialect === 'postgres'
      ? { dialect: 'postgres', host: '127.0.0.1', port: 5432, username: 'postgres' }
      : { dialect: 'mysql', host: '127.0.0.1', port: 3306, username: 'root', password: '' };
  const admin = new Sequelize({ ...server, database: dialect === 'postgres' ? 'postgres' : 'mysql', logging: false });
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.close();
  cleanups.push(async () => {
    const again = new Sequelize({ ...server, database: dialect === 'postgres' ? 'postgres' : 'mysql', logging: false });
    await again.query(dialect === 'postgres' ? `DROP DATABASE ${name} WITH (FORCE)` : `DROP DATABASE ${name}`);
    await again.close();
  });
  const driver =
    dialect === 'postgres' ? (await import('@mikro-orm/postgresql')).PostgreSqlDriver : (await import('@mikro-orm/mariadb')).MariaDbDriver;
  return {
    sequelize: { ...server, database: name },
    mikroOrm: { driver, host: '127.0.0.1', port: server.port, user: server.username, password: server.password ?? '', dbName: name },
  };
}

/** Columns (name, type, nullable) and secondary indexes (name, columns) of the webhook tables, as the database reports them. */
async function describeTables(sequelize: Sequelize, dialect: Dialect) {
  const rows = (sql: string, replacements: unknown[] = []) =>
    sequelize.query<Record<string, unknown>>(sql, { type: QueryTypes.SELECT, replacements, logging: false });
  const out: Record<string, { columns: string[]; indexes: string[] }> = {};
  for (const table of TABLES) {
    let columns: string[];
    let indexes: string[];
    if (dialect === 'sqlite') {
      columns = (await rows(`PRAGMA table_info(${table})`)).map((c) => `${c.name} ${String(c.type).toLowerCase()} ${c.notnull || c.pk ? 'not null' : 'null'}`);
      indexes = [];
      for (const index of await rows(`PRAGMA index_list(${table})`)) {
        if (index.origin !== 'c') continue;
        const parts = await rows(`PRAGMA index_info(${index.name})`);
        indexes.push(`${index.name} (${parts.map((p) => p.name).join(', ')})`);
      }
    } else if (dialect === 'postgres') {
      columns = (
        await rows(
          `SELECT column_name, data_type, character_maximum_length, is_nullable FROM information_schema.columns WHERE table_name = ? AND table_schema = 'public' ORDER BY ordinal_position`,
          [table],
        )
      ).map((c) => `${c.column_name} ${c.data_type}${c.character_maximum_length ? `(${c.character_maximum_length})` : ''} ${c.is_nullable === 'YES' ? 'null' : 'not null'}`);
      indexes = (await rows(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ? AND indexname NOT LIKE '%_pkey'`, [table]))
        .map((i) => `${i.indexname} ${String(i.indexdef).replace(/^.* USING btree /, '')}`);
    } else {
      columns = (
        await rows(
          `SELECT COLUMN_NAME AS name, COLUMN_TYPE AS type, IS_NULLABLE AS nullable FROM information_schema.columns WHERE table_name = ? AND table_schema = DATABASE() ORDER BY ordinal_position`,
          [table],
        )
      ).map((c) => `${c.name} ${c.type} ${c.nullable === 'YES' ? 'null' : 'not null'}`);
      const parts = await rows(
        `SELECT INDEX_NAME AS name, COLUMN_NAME AS col FROM information_schema.statistics WHERE table_name = ? AND table_schema = DATABASE() AND INDEX_NAME <> 'PRIMARY' ORDER BY INDEX_NAME, SEQ_IN_INDEX`,
        [table],
      );
      const byIndex = new Map<string, string[]>();
      for (const p of parts) byIndex.set(String(p.name), [...(byIndex.get(String(p.name)) ?? []), String(p.col)]);
      indexes = [...byIndex].map(([name, cols]) => `${name} (${cols.join(', ')})`);
    }
    out[table] = { columns, indexes: indexes.sort() };
  }
  return out;
}

describe.each(dialects)('the webhook tables on %s', (dialect) => {
  it('are the same whichever ORM creates them: names, columns, types, nullability and indexes', async () => {
    const bySequelize = await freshDatabase(dialect);
    const byMikroOrm = await freshDatabase(dialect);
    const sequelize = new Sequelize({ ...bySequelize.sequelize, logging: false });
    defineWebhookModels(sequelize);
    await sequelize.sync();
    const orm = await MikroORM.init({ ...byMikroOrm.mikroOrm, entities: webhookEntities, debug: false } as Options);
    await orm.schema.createSchema();
    await orm.close();
    const reader = new Sequelize({ ...byMikroOrm.sequelize, logging: false });
    try {
      const ours = await describeTables(sequelize, dialect);
      expect(ours.webhook_deliveries!.columns.length).toBe(16);
      expect(await describeTables(reader, dialect)).toEqual(ours);
    } finally {
      await sequelize.close();
      await reader.close();
    }
  });

  it('let a Sequelize service write events that a MikroORM relay delivers, each reading the other’s delivery log', async () => {
    const database = await freshDatabase(dialect);
    const receiver = await startTestReceiver();
    const orm = await MikroORM.init({ ...database.mikroOrm, entities: webhookEntities, debug: false } as Options);
    await orm.schema.createSchema();
    const sequelize = new Sequelize({ ...database.sequelize, logging: false });
    const Order = sequelize.define('Order', { reference: DataTypes.STRING });
    await Order.sync();
    const config = { allowPrivateNetwork: true, asyncDelivery: false, endpoints: [{ name: 'crm', url: receiver.url(), secret: 'shared-secret', includeModels: ['store.Order'] }] };
    // The Sequelize service only writes: its outbox rows are relayed and delivered by the MikroORM one.
    const writer = createWebhooks(config, { sender: createFetchSender(), deliveryLog: createSequelizeDeliveryLog(sequelize) });
    const writing = attachSequelize(sequelize, writer, { appLabel: 'store', relay: false });
    const deliverer = createWebhooks(config, { sender: createFetchSender(), deliveryLog: createMikroOrmDeliveryLog(orm) });
    const delivering = attachMikroOrm(orm, deliverer, { appLabel: 'store', relay: { pollIntervalMs: 50 } });
    try {
      await sequelize.transaction((transaction) => Order.create({ reference: 'ORD-SHARED' }, { transaction }));
      const [request] = await receiver.waitFor(1, 10_000);
      expect(JSON.parse(request!.body)).toMatchObject({ event: 'order.created', object: { reference: 'ORD-SHARED' } });
      await waitFor(async () => (await writer.deliveryLog.find({ state: 'succeeded' })).length === 1, { what: 'the delivery in the Sequelize log' });
      const [record] = await writer.deliveryLog.find({ state: 'succeeded' });
      expect(record!.attempts).toEqual([expect.objectContaining({ attempt: 1, status: 200, outcome: 'success' })]);
      expect(await deliverer.deliveryLog.get(record!.job.deliveryId)).toEqual(record);
      await writer.disableEndpoint('crm', 'paused from the Sequelize service');
      expect(await deliverer.listEndpoints()).toEqual([expect.objectContaining({ endpoint: 'crm', state: 'disabled', reason: 'paused from the Sequelize service' })]);
    } finally {
      await writing.detach();
      await delivering.detach();
      await writer.close();
      await deliverer.close();
      await sequelize.close();
      await orm.close();
      await receiver.close();
    }
  });
});
