import { attachWebhooks, webhookEntities, WebhookOutbox } from '@webhooks/mikro-orm';
import { startTestReceiver } from '@webhooks/testing';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SECRET, webhooksFor } from './support/app.js';
import { dialects, openDatabase } from './support/databases.js';
import { testEntities } from './support/models.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const entry = process.env.WEBHOOKS_MIKRO_ORM_ENTRY ?? here('../src/index.ts');

/** Runs the fixture until it reports its commit, then kills it with SIGKILL; resolves with the committed id. */
function commitInChildAndKill(config: object): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', here('./fixtures/commit-then-hang.ts')], {
    env: { ...process.env, CRASH_TEST: JSON.stringify(config), WEBHOOKS_MIKRO_ORM_ENTRY: entry },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/committed \d+\n/.test(output)) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      const id = /committed (\d+)/.exec(output)?.[1];
      if (signal === 'SIGKILL' && id) resolve(id);
      else reject(new Error(`child exited (${signal ?? _code}) without reporting a commit`));
    });
  });
}

describe.each(dialects)('a process killed after commit on %s', (dialect) => {
  it('leaves its event in the outbox, and a new process delivers it exactly once', { timeout: 60_000 }, async () => {
    const receiver = await startTestReceiver();
    const db = await openDatabase(dialect, [...testEntities, ...webhookEntities]);
    const webhooks = webhooksFor([{ name: 'hooks', url: receiver.url(), secret: SECRET, includeModels: '*' }]);
    try {
      const id = await commitInChildAndKill({ dialect, connection: db.connection, url: receiver.url(), secret: SECRET });
      expect(receiver.requests).toHaveLength(0);
      expect(await db.orm.em.fork().count(WebhookOutbox, { publishedAt: null })).toBe(1);

      const attached = attachWebhooks(await db.open(), webhooks, { appLabel: 'store' });
      const [request] = await receiver.waitFor(1, 10_000);
      expect(JSON.parse(request!.body)).toMatchObject({ event: 'customer.created', object: { id } });
      expect(await attached.relay.drain()).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(receiver.requests).toHaveLength(1);
      await attached.detach();
    } finally {
      await webhooks.close();
      await db.close();
      await receiver.close();
    }
  });
});
