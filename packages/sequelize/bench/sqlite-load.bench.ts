// The embedded default under load: concurrent application writers on a SQLite file while
// webhooks are relayed, delivered to two loopback endpoints and logged in the same file.
// Prints commit latency with webhooks beside the same writers without them.
// Run: pnpm --filter @webhooks/sequelize bench:sqlite   (BENCH_SECONDS=30 BENCH_WRITERS=4; --smoke for 1 s)
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWebhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { createUndiciSender } from '@webhooks/undici';
import { DataTypes, Sequelize } from 'sequelize';
import { attachWebhooks, configureSqliteConcurrency, createSequelizeDeliveryLog, defineWebhookModels } from '../src/index.js';

const smoke = process.argv.includes('--smoke');
const SECONDS = smoke ? 1 : Number(process.env.BENCH_SECONDS ?? 30);
const WRITERS = Number(process.env.BENCH_WRITERS ?? 4);
const SQLITE = process.env.BENCH_SQLITE ? JSON.parse(process.env.BENCH_SQLITE) : undefined;

interface Outcome {
  commits: number;
  rollbacks: number;
  errors: string[];
  latencies: number[];
  delivered: number;
}

type Variant = 'plain' | 'configured' | 'webhooks';

async function run(variant: Variant): Promise<Outcome> {
  const withWebhooks = variant === 'webhooks';
  const dir = mkdtempSync(join(tmpdir(), 'webhooks-sqlite-load-'));
  const sequelize = new Sequelize({ dialect: 'sqlite', storage: join(dir, 'app.sqlite'), logging: false });
  const Item = sequelize.define('Item', { label: DataTypes.STRING, count: DataTypes.INTEGER });
  let delivered = 0;
  const receiver = createServer((request, response) => {
    request.resume().on('end', () => {
      delivered++;
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  let integration: ReturnType<typeof attachWebhooks> | undefined;
  let webhooks: ReturnType<typeof createWebhooks> | undefined;
  if (withWebhooks) {
    defineWebhookModels(sequelize);
    webhooks = createWebhooks(
      {
        allowPrivateNetwork: true,
        endpoints: ['a', 'b'].map((name) => ({ name, url: `${url}/${name}`, secret: `secret-${name}`, includeModels: ['bench.Item'] })),
      },
      { transport: createMemoryTransport(), sender: createUndiciSender(), deliveryLog: createSequelizeDeliveryLog(sequelize) },
    );
  } else if (variant === 'configured') {
    // The same connection settings the adapter applies, so only the webhooks differ.
    configureSqliteConcurrency(sequelize, SQLITE);
  }
  await sequelize.sync();
  if (webhooks) integration = attachWebhooks(sequelize, webhooks, { appLabel: 'bench', ...(SQLITE ? { sqlite: SQLITE } : {}) });

  const outcome: Outcome = { commits: 0, rollbacks: 0, errors: [], latencies: [], delivered: 0 };
  const deadline = Date.now() + SECONDS * 1000;
  const writer = async (w: number) => {
    for (let n = 0; Date.now() < deadline; n++) {
      const rollback = n % 4 === 3;
      const started = performance.now();
      try {
        await sequelize.transaction(async (transaction) => {
          const item = await Item.create({ label: `w${w}-${n}`, count: 0 }, { transaction });
          await item.update({ count: 1 }, { transaction });
          if (integration) await integration.dispatchModelEvent('item.counted', item, { transaction });
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
    // Three deliveries per commit (created, updated, item.counted) to each of two endpoints.
    const expected = outcome.commits * 3 * 2;
    const settleBy = Date.now() + 60_000;
    while (delivered < expected && Date.now() < settleBy) await new Promise((resolve) => setTimeout(resolve, 100));
    await integration!.detach();
    await webhooks.close();
  }
  outcome.delivered = delivered;
  await sequelize.close();
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
  return outcome;
}

class RolledBack extends Error {}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
};

const plain = await run('plain');
const without = await run('configured');
const withHooks = await run('webhooks');
const row = (name: string, o: Outcome) => ({
  variant: name,
  commits: o.commits,
  'rolled back': o.rollbacks,
  'transaction errors': o.errors.length,
  'p50 commit ms': Number(percentile(o.latencies, 50).toFixed(1)),
  'p99 commit ms': Number(percentile(o.latencies, 99).toFixed(1)),
  delivered: o.delivered,
});
console.log(`${WRITERS} writers for ${SECONDS} s on one SQLite file; each commit: create + update + item.counted`);
console.table([
  row('Sequelize defaults, no webhooks', plain),
  row('configureSqliteConcurrency, no webhooks', without),
  row('attachWebhooks (same settings), delivering', withHooks),
]);
console.log(`p99 with webhooks / without (same settings): ${(percentile(withHooks.latencies, 99) / percentile(without.latencies, 99)).toFixed(2)}`);
for (const message of new Set(plain.errors)) console.log(`Sequelize defaults, error: ${message}`);
for (const message of new Set([...without.errors, ...withHooks.errors])) console.log(`error: ${message}`);
const expected = withHooks.commits * 6;
if (withHooks.errors.length > 0 || without.errors.length > 0 || withHooks.delivered < expected) {
  console.error(`FAILED: ${withHooks.errors.length + without.errors.length} transaction errors; ${withHooks.delivered} of ${expected} deliveries`);
  process.exit(1);
}
