// Per-flush cost of the subscriber and outbox against a plain flush of the same entities,
// side by side in one run. The two sides of each case alternate in short slices, so load
// from other processes on a shared machine (and Postgres' own checkpoints) hits both alike.
// Run: pnpm --filter @webhooks/mikro-orm bench
// (BENCH_DIALECTS=sqlite,postgres,mariadb by default; needs the local Postgres and MariaDB. BENCH_MS: time per side per case;
// --smoke: 150 ms per side per case, to check that it still runs.)
import type { MikroORM } from '@mikro-orm/core';
import { webhooksFor } from '../test/support/app.js';
import { openDatabase, type Dialect } from '../test/support/databases.js';
import { Customer, testEntities } from '../test/support/models.js';
// The built package, as users run it (the bench script builds first): run from source through tsx, every
// function would also pay for esbuild's name-keeping helper. Imported by path: the package's tsconfig maps
// its own name to the sources, and tsx follows tsconfig paths.
const { attachWebhooks, webhookEntities, WebhookOutbox } = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof import('../src/index.js');

const DIALECTS = (process.env.BENCH_DIALECTS ?? 'sqlite,postgres,mariadb').split(',') as Dialect[];
const SIZES = [1, 100];
const smoke = process.argv.includes('--smoke');
const SIDE_MS = smoke ? 150 : Number(process.env.BENCH_MS ?? 3_000);
const WARM_MS = smoke ? 50 : 300;
const SLICE_MS = 150;
let serial = 0;

type Flush = () => Promise<void>;

/** A flush that inserts `size` new customers. */
const createFlush = (orm: MikroORM, size: number): Flush => async () => {
  const em = orm.em.fork();
  for (let i = 0; i < size; i++) em.create(Customer, { name: `c${serial++}`, email: null });
  await em.flush();
};

/** A flush that renames `size` loaded customers. */
async function updateFlush(orm: MikroORM, size: number): Promise<Flush> {
  const em = orm.em.fork();
  const customers = Array.from({ length: size }, () => em.create(Customer, { name: 'seed', email: null }));
  await em.flush();
  return async () => {
    for (const customer of customers) customer.name = `n${serial++}`;
    await em.flush();
  };
}

/** Runs `flush` for about `ms`, adding each flush's latency to `into`. */
async function slice(flush: Flush, ms: number, into: number[]) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    const started = performance.now();
    await flush();
    into.push(performance.now() - started);
  }
}

/** Median latency of each side, the sides alternating slice by slice after a warm-up. */
async function compare(plain: Flush, hooked: Flush): Promise<[number, number]> {
  await slice(plain, WARM_MS, []);
  await slice(hooked, WARM_MS, []);
  const samples: [number[], number[]] = [[], []];
  for (let spent = 0; spent < SIDE_MS; spent += SLICE_MS) {
    await slice(plain, SLICE_MS, samples[0]);
    await slice(hooked, SLICE_MS, samples[1]);
  }
  // Medians: a few slow commits (fsync, a neighbour's burst) would swing the mean.
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  return [median(samples[0]), median(samples[1])];
}

const rows: Record<string, string | number>[] = [];
for (const dialect of DIALECTS) {
  const plain = await openDatabase(dialect, testEntities);
  const hooked = await openDatabase(dialect, [...testEntities, ...webhookEntities]);
  // Model events are opt-in: without includeModels the hooked side would write no outbox rows and time nothing.
  const webhooks = webhooksFor([{ name: 'all', url: 'http://127.0.0.1:9/hooks', secret: 'bench-secret', includeModels: ['store.*'] }]);
  const attached = attachWebhooks(hooked.orm, webhooks, { appLabel: 'store', relay: { start: false } });
  for (const op of ['create', 'update']) {
    for (const size of SIZES) {
      const flushes = op === 'create'
        ? [createFlush(plain.orm, size), createFlush(hooked.orm, size)]
        : [await updateFlush(plain.orm, size), await updateFlush(hooked.orm, size)];
      const [base, ours] = await compare(flushes[0]!, flushes[1]!);
      rows.push({ dialect, flush: `${op} ${size}`, 'plain p50 ms': +base.toFixed(2), 'webhooks p50 ms': +ours.toFixed(2), ratio: +(ours / base).toFixed(2) });
    }
  }
  // The relay is off, so every hooked flush left its rows: none means the bench measured nothing.
  if ((await hooked.orm.em.fork().count(WebhookOutbox)) === 0) throw new Error(`${dialect}: the hooked flushes wrote no outbox rows`);
  await attached.detach();
  await webhooks.close();
  await plain.close();
  await hooked.close();
}
console.log(`node ${process.version}; ${SIDE_MS} ms per side per case in ${SLICE_MS} ms alternating slices`);
console.table(rows);
