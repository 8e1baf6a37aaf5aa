// The embedded default under load: concurrent application writers on a SQLite file while webhooks
// are relayed, delivered to two loopback endpoints and logged in the same file, beside the same
// writers without webhooks (the harness is shared with @webhooks/mikro-orm).
// Run: pnpm --filter @webhooks/sequelize bench:sqlite   (BENCH_SECONDS=30 BENCH_WRITERS=4; --smoke for 1 s)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWebhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { createUndiciSender } from '@webhooks/undici';
import { DataTypes, Sequelize } from 'sequelize';
import { RolledBack, runSqliteLoad, type LoadVariant } from '../../../bench/src/sqlite-load/run-sqlite-load.js';
// The built package, as users run it (the bench script builds first): run from source through tsx, every
// function would also pay for esbuild's name-keeping helper.
import { attachWebhooks, configureSqliteConcurrency, createSequelizeDeliveryLog, defineWebhookModels } from '@webhooks/sequelize';

const SQLITE = process.env.BENCH_SQLITE ? JSON.parse(process.env.BENCH_SQLITE) : undefined;

type Variant = 'plain' | 'configured' | 'webhooks';

async function open(url: string, variant: Variant): Promise<LoadVariant> {
  const dir = mkdtempSync(join(tmpdir(), 'webhooks-sqlite-load-'));
  const sequelize = new Sequelize({ dialect: 'sqlite', storage: join(dir, 'app.sqlite'), logging: false });
  const Item = sequelize.define('Item', { label: DataTypes.STRING, count: DataTypes.INTEGER });
  let webhooks: ReturnType<typeof createWebhooks> | undefined;
  if (variant === 'webhooks') {
    defineWebhookModels(sequelize);
    webhooks = createWebhooks(
      { allowPrivateNetwork: true, endpoints: ['a', 'b'].map((name) => ({ name, url: `${url}/${name}`, secret: `secret-${name}`, includeModels: ['bench.Item'] })) },
      { transport: createMemoryTransport(), sender: createUndiciSender(), deliveryLog: createSequelizeDeliveryLog(sequelize) },
    );
  } else if (variant === 'configured') {
    // The same connection settings the adapter applies, so only the webhooks differ.
    configureSqliteConcurrency(sequelize, SQLITE);
  }
  await sequelize.sync();
  const integration = webhooks ? attachWebhooks(sequelize, webhooks, { appLabel: 'bench', ...(SQLITE ? { sqlite: SQLITE } : {}) }) : undefined;
  return {
    // Three deliveries per commit (created, updated, item.counted) to each of two endpoints.
    deliveriesPerCommit: webhooks ? 6 : 0,
    transact: (w, n, rollback) =>
      sequelize.transaction(async (transaction) => {
        const item = await Item.create({ label: `w${w}-${n}`, count: 0 }, { transaction });
        await item.update({ count: 1 }, { transaction });
        if (integration) await integration.dispatchModelEvent('item.counted', item, { transaction });
        if (rollback) throw new RolledBack();
      }),
    close: async () => {
      await integration?.detach();
      await webhooks?.close();
      await sequelize.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

await runSqliteLoad({
  orm: 'Sequelize (sqlite3)',
  variants: [
    { name: 'Sequelize defaults, no webhooks', open: (url) => open(url, 'plain'), errorsExpected: true },
    { name: 'configureSqliteConcurrency, no webhooks', open: (url) => open(url, 'configured') },
    { name: 'attachWebhooks (same settings), delivering', open: (url) => open(url, 'webhooks') },
  ],
  baseline: 'configureSqliteConcurrency, no webhooks',
  measured: 'attachWebhooks (same settings), delivering',
});
