// Per-flush cost of the subscriber and outbox against a plain flush of the same entities,
// side by side in one run. Run: pnpm --filter @webhooks/mikro-orm bench
// (BENCH_DIALECTS=sqlite,postgres by default; needs the local Postgres.)
import type { MikroORM } from '@mikro-orm/core';
import { Bench } from 'tinybench';
import { attachWebhooks, webhookEntities } from '../src/index.js';
import { webhooksFor } from '../test/support/app.js';
import { openDatabase, type Dialect } from '../test/support/databases.js';
import { Customer, testEntities } from '../test/support/models.js';

const DIALECTS = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres').split(',') as Dialect[];
const SIZES = [1, 100];
let serial = 0;

/** A flush that inserts `size` new customers. */
const createFlush = (orm: MikroORM, size: number) => async () => {
  const em = orm.em.fork();
  for (let i = 0; i < size; i++) em.create(Customer, { name: `c${serial++}`, email: null });
  await em.flush();
};

/** A flush that renames `size` loaded customers. */
async function updateFlush(orm: MikroORM, size: number) {
  const em = orm.em.fork();
  const customers = Array.from({ length: size }, () => em.create(Customer, { name: 'seed', email: null }));
  await em.flush();
  return async () => {
    for (const customer of customers) customer.name = `n${serial++}`;
    await em.flush();
  };
}

const rows: Record<string, string | number>[] = [];
for (const dialect of DIALECTS) {
  const plain = await openDatabase(dialect, testEntities);
  const hooked = await openDatabase(dialect, [...testEntities, ...webhookEntities]);
  const webhooks = webhooksFor([{ name: 'all', url: 'http://127.0.0.1:9/hooks', secret: 'bench-secret' }]);
  const attached = attachWebhooks(hooked.orm, webhooks, { appLabel: 'store', relay: { start: false } });
  const bench = new Bench({ time: 1500, warmup: true });
  for (const size of SIZES) {
    bench.add(`create ${size} plain`, createFlush(plain.orm, size)).add(`create ${size} webhooks`, createFlush(hooked.orm, size));
    bench.add(`update ${size} plain`, await updateFlush(plain.orm, size)).add(`update ${size} webhooks`, await updateFlush(hooked.orm, size));
  }
  await bench.run();
  // Medians: the machine is shared, and a few slow commits (fsync) would swing the mean.
  const ms = (name: string) => (bench.getTask(name)!.result as { latency: { p50: number } }).latency.p50;
  for (const op of ['create', 'update']) {
    for (const size of SIZES) {
      const base = ms(`${op} ${size} plain`);
      const ours = ms(`${op} ${size} webhooks`);
      rows.push({ dialect, flush: `${op} ${size}`, 'plain p50 ms': +base.toFixed(2), 'webhooks p50 ms': +ours.toFixed(2), ratio: +(ours / base).toFixed(2) });
    }
  }
  await attached.detach();
  await webhooks.close();
  await plain.close();
  await hooked.close();
}
console.table(rows);
