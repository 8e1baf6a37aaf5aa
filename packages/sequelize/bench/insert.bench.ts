// Per-row cost of the webhook hooks and outbox against plain inserts, side by side.
// Run: pnpm --filter @webhooks/sequelize bench   (Postgres and MariaDB must be running, BENCH_DIALECTS=sqlite,postgres,mariadb;
// --smoke: 100 rows, one round)
import { createFetchSender, createWebhooks } from '@webhooks/core';
import { DataTypes, type Sequelize } from 'sequelize';
// The built package, as users run it (the bench script builds first): run from source through tsx, every
// function would also pay for esbuild's name-keeping helper.
import { attachWebhooks, defineWebhookModels } from '@webhooks/sequelize';
import { createTestDatabase, type Dialect } from '../test/databases.js';

const smoke = process.argv.includes('--smoke');
const ROWS = smoke ? 100 : Number(process.env.BENCH_ROWS ?? 2000);
const ROUNDS = smoke ? 1 : 5;

function defineOrder(sequelize: Sequelize) {
  return sequelize.define('Order', {
    reference: DataTypes.STRING,
    total: DataTypes.DECIMAL(10, 2),
    status: DataTypes.STRING,
  });
}

async function timeInserts(sequelize: Sequelize, perTransaction: number): Promise<number> {
  const Order = sequelize.models.Order!;
  const started = performance.now();
  for (let done = 0; done < ROWS; done += perTransaction) {
    await sequelize.transaction(async (transaction) => {
      for (let i = 0; i < perTransaction; i++) {
        await Order.create({ reference: `R${done + i}`, total: '10.00', status: 'NEW' }, { transaction });
      }
    });
  }
  return (performance.now() - started) / ROWS;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function run(dialect: Dialect) {
  const db = await createTestDatabase(dialect);
  const plain = db.connect({ logging: false });
  const hooked = db.connect({ logging: false });
  defineOrder(plain);
  defineOrder(hooked);
  const models = defineWebhookModels(hooked);
  await hooked.sync();
  const webhooks = createWebhooks(
    { asyncDelivery: false, endpoints: [{ name: 'crm', url: 'https://crm.example.com/', secret: 'bench-secret', includeModels: ['store.Order'] }] },
    { sender: createFetchSender() },
  );
  const integration = attachWebhooks(hooked, webhooks, { appLabel: 'store', relay: false, ...(process.env.BENCH_SQLITE ? { sqlite: JSON.parse(process.env.BENCH_SQLITE) } : {}) });
  const rows: Record<string, string | number>[] = [];
  for (const perTransaction of [1, 100]) {
    const plainTimes: number[] = [];
    const hookedTimes: number[] = [];
    await timeInserts(plain, perTransaction); // warm-up
    await timeInserts(hooked, perTransaction);
    for (let round = 0; round < ROUNDS; round++) {
      plainTimes.push(await timeInserts(plain, perTransaction));
      hookedTimes.push(await timeInserts(hooked, perTransaction));
    }
    const p = median(plainTimes);
    const h = median(hookedTimes);
    rows.push({
      dialect,
      'rows/transaction': perTransaction,
      'plain µs/row': Math.round(p * 1000),
      'webhooks µs/row': Math.round(h * 1000),
      'webhooks / plain': Number((h / p).toFixed(2)),
    });
  }
  // The relay is off, so every hooked insert left its outbox row: none means the bench measured nothing.
  if ((await models.Outbox.count()) === 0) throw new Error(`${dialect}: the hooked inserts wrote no outbox rows`);
  await integration.detach();
  await plain.close();
  await hooked.close();
  await db.drop();
  return rows;
}

const dialects = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres,mariadb').split(',') as Dialect[];
const table = [];
for (const dialect of dialects) table.push(...(await run(dialect)));
console.table(table);
