// The embedded default under load, on MikroORM: concurrent application writers on a SQLite file while
// webhooks are relayed, delivered to two loopback endpoints and logged in the same file, beside the
// same writers without webhooks (the harness is shared with @webhooks/sequelize).
// Run: pnpm --filter @webhooks/mikro-orm bench:sqlite   (BENCH_SECONDS=30 BENCH_WRITERS=4; --smoke for 1 s)
import { createWebhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { createUndiciSender } from '@webhooks/undici';
import { RolledBack, runSqliteLoad, type LoadVariant } from '../../../bench/src/sqlite-load/run-sqlite-load.js';
import { openDatabase } from '../test/support/databases.js';
import { Customer, testEntities } from '../test/support/models.js';
// The built package, as users run it (the bench script builds first): run from source through tsx, every
// function would also pay for esbuild's name-keeping helper. Imported by path: the package's tsconfig maps
// its own name to the sources, and tsx follows tsconfig paths.
const { attachWebhooks, createMikroOrmDeliveryLog, webhookEntities } = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof import('../src/index.js');

async function open(url: string, withWebhooks: boolean): Promise<LoadVariant> {
  const db = await openDatabase('sqlite', [...testEntities, ...webhookEntities]);
  const webhooks = withWebhooks
    ? createWebhooks(
        { allowPrivateNetwork: true, endpoints: ['a', 'b'].map((name) => ({ name, url: `${url}/${name}`, secret: `secret-${name}`, includeModels: ['store.Customer'] })) },
        { transport: createMemoryTransport(), sender: createUndiciSender(), deliveryLog: createMikroOrmDeliveryLog(db.orm) },
      )
    : undefined;
  const attached = webhooks ? attachWebhooks(db.orm, webhooks, { appLabel: 'store' }) : undefined;
  return {
    // Three deliveries per commit (created, updated, customer.counted) to each of two endpoints.
    deliveriesPerCommit: webhooks ? 6 : 0,
    transact: (w, n, rollback) =>
      db.orm.em.fork().transactional(async (em) => {
        const customer = em.create(Customer, { name: `w${w}-${n}`, email: null });
        await em.flush();
        customer.email = `w${w}-${n}@example.com`;
        await em.flush();
        if (attached) await attached.dispatchModelEvent('customer.counted', customer, { em });
        if (rollback) throw new RolledBack();
      }),
    close: async () => {
      await attached?.detach();
      await webhooks?.close();
      await db.close();
    },
  };
}

await runSqliteLoad({
  orm: 'MikroORM (better-sqlite3)',
  variants: [
    { name: 'no webhooks', open: (url) => open(url, false) },
    { name: 'attachWebhooks, delivering', open: (url) => open(url, true) },
  ],
  baseline: 'no webhooks',
  measured: 'attachWebhooks, delivering',
});
