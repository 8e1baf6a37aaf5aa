// The embedded default under load, on MikroORM: concurrent application writers on a SQLite
// file while webhooks are relayed, delivered to two loopback endpoints and logged in the same
// file. Prints commit latency with webhooks beside the same writers without them.
// Run: pnpm --filter @webhooks/mikro-orm bench:sqlite   (BENCH_SECONDS=30 BENCH_WRITERS=4; --smoke for 1 s)
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { createUndiciSender } from '@webhooks/undici';
import { attachWebhooks, createMikroOrmDeliveryLog, webhookEntities } from '../src/index.js';
import { openDatabase } from '../test/support/databases.js';
import { Customer, testEntities } from '../test/support/models.js';

const smoke = process.argv.includes('--smoke');
const SECONDS = smoke ? 1 : Number(process.env.BENCH_SECONDS ?? 30);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 4);

interface Outcome {
  commits: number;
  rollbacks: number;
  errors: string[];
  latencies: number[];
  delivered: number;
}

class RolledBack extends Error {}

async function run(withWebhooks: boolean): Promise<Outcome> {
  const db = await openDatabase('sqlite', [...testEntities, ...webhookEntities]);
  let delivered = 0;
  const receiver = createServer((request, response) => {
    request.resume().on('end', () => {
      delivered++;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const webhooks = withWebhooks
    ? createWebhooks(
        { allowPrivateNetwork: true, endpoints: ['a', 'b'].map((name) => ({ name, url: `${url}/${name}`, secret: `secret-${name}`, includeModels: ['store.Customer'] })) },
        { transport: createMemoryTransport(), sender: createUndiciSender(), deliveryLog: createMikroOrmDeliveryLog(db.orm) },
      )
    : undefined;
  const attached = webhooks ? attachWebhooks(db.orm, webhooks, { appLabel: 'store' }) : undefined;

  const outcome: Outcome = { commits: 0, rollbacks: 0, errors: [], latencies: [], delivered: 0 };
  const deadline = Date.now() + SECONDS * 1000;
  const writer = async (w: number) => {
    for (let n = 0; Date.now() < deadline; n++) {
      const rollback = n % 4 === 3;
      const started = performance.now();
      try {
        await db.orm.em.fork().transactional(async (em) => {
          const customer = em.create(Customer, { name: `w${w}-${n}`, email: null });
          await em.flush();
          customer.email = `w${w}-${n}@example.com`;
          await em.flush();
          if (attached) await attached.dispatchModelEvent('customer.counted', customer, { em });
          if (rollback) throw new RolledBack();
        });
        outcome.commits++;
        outcome.latencies.push(performance.now() - started);
      } catch (error) {
        if (error instanceof RolledBack) outcome.rollbacks++;
        else outcome.errors.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  if (webhooks) {
    // Three deliveries per commit (created, updated, customer.counted) to each of two endpoints.
    const expected = outcome.commits * 6;
    const settleBy = Date.now() + 60_000;
    while (delivered < expected && Date.now() < settleBy) await new Promise((resolve) => setTimeout(resolve, 100));
    await attached!.detach();
    await webhooks.close();
  }
  outcome.delivered = delivered;
  receiver.close();
  await db.close();
  return outcome;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
};

const without = await run(false);
const withHooks = await run(true);
const row = (name: string, o: Outcome) => ({
  variant: name,
  commits: o.commits,
  'rolled back': o.rollbacks,
  'transaction errors': o.errors.length,
  'p50 commit ms': Number(percentile(o.latencies, 50).toFixed(1)),
  'p99 commit ms': Number(percentile(o.latencies, 99).toFixed(1)),
  delivered: o.delivered,
});
console.log(`MikroORM: ${WRITERS} writers for ${SECONDS} s on one SQLite file; each commit: create + update + customer.counted`);
console.table([row('no webhooks', without), row('attachWebhooks, delivering', withHooks)]);
console.log(`p99 with / without: ${(percentile(withHooks.latencies, 99) / percentile(without.latencies, 99)).toFixed(2)}`);
for (const message of new Set([...without.errors, ...withHooks.errors])) console.log(`error: ${message}`);
const expected = withHooks.commits * 6;
if (withHooks.errors.length > 0 || without.errors.length > 0 || withHooks.delivered < expected) {
  console.error(`FAILED: ${withHooks.errors.length + without.errors.length} transaction errors; ${withHooks.delivered} of ${expected} deliveries`);
  process.exit(1);
}
