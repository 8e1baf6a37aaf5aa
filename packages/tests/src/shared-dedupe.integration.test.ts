import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createEvent, signPayload } from '@webhooks/core';
import { createSqlIdempotencyStore } from '@webhooks/verify';
import { sleep, waitFor } from '@webhooks/testing';
import pg from 'pg';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { pgQuery, uniqueTable } from './sql-drivers.js';

const SECRET = 'shared-dedupe-secret';
const script = fileURLToPath(new URL('./support/receiver-process.ts', import.meta.url));

interface Receiver {
  child: ChildProcess;
  url: string;
  /** Event ids whose handler started in this process. */
  handled: string[];
}

const running: Receiver[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map(async ({ child }) => {
    child.send({ exit: true });
    await once(child, 'exit');
  }));
});

async function startReceiver(store: string, namespace: string, hold: boolean): Promise<Receiver> {
  const child = fork(script, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, STORE: store, NAMESPACE: namespace, SECRET, HOLD: hold ? '1' : '0' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const receiver: Receiver = { child, url: '', handled: [] };
  running.push(receiver);
  child.on('message', (message: { handling?: string }) => {
    if (message.handling) receiver.handled.push(message.handling);
  });
  const [message] = (await Promise.race([once(child, 'message'), once(child, 'exit').then(() => [{ exited: true }])])) as [{ port?: number }];
  if (!message.port) throw new Error(`the ${store} receiver process did not start`);
  receiver.url = `http://127.0.0.1:${message.port}/webhooks`;
  return receiver;
}

/** The namespace of one test: a Postgres table (created here) or a Redis key prefix. */
async function namespaceFor(store: 'redis' | 'postgres') {
  if (store === 'redis') {
    const prefix = `webhooks-test:shared:${process.pid}:${Date.now().toString(36)}:`;
    return {
      name: prefix,
      async drop() {
        const client = await createClient({ url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' }).connect();
        for (const key of await client.keys(`${prefix}*`)) await client.del(key);
        await client.close();
      },
    };
  }
  const table = uniqueTable();
  const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 1 });
  await createSqlIdempotencyStore({ dialect: 'postgres', query: pgQuery(pool), table }).createTable();
  return {
    name: table,
    async drop() {
      await pool.query(`DROP TABLE IF EXISTS ${table}`);
      await pool.end();
    },
  };
}

async function deliver(url: string, body: string, eventId: string) {
  const headers = { 'Content-Type': 'application/json', ...(await signPayload({ secret: SECRET, eventId, body })) };
  const response = await fetch(url, { method: 'POST', headers, body });
  await response.arrayBuffer();
  return { status: response.status, retryAfter: response.headers.get('retry-after') };
}

/**
 * Delivers again as a sender honouring 503 + Retry-After would, without the wait: the holder records its
 * completion just after its answer went out, so a redelivery sent that instant may still find it in flight.
 */
async function redeliver(url: string, body: string, eventId: string) {
  for (let attempt = 0; ; attempt++) {
    const answer = await deliver(url, body, eventId);
    if (answer.status !== 503 || attempt === 50) return answer;
    await sleep(20);
  }
}

const order = (id: number) => createEvent({ event: 'order.paid', model: 'store.Order', object: { id } });

// Two real Express processes on two ports over one store: the same event reaching both at once is handled once.
describe.each(['redis', 'postgres'] as const)('two receiver processes sharing a %s store', (store) => {
  it('run the handler once for each event delivered to both at the same moment', async () => {
    const namespace = await namespaceFor(store);
    try {
      const [a, b] = await Promise.all([startReceiver(store, namespace.name, false), startReceiver(store, namespace.name, false)]);
      const events = Array.from({ length: 25 }, (_, i) => order(i));
      for (const event of events) {
        const body = JSON.stringify(event);
        const answers = await Promise.all([deliver(a!.url, body, event.id), deliver(b!.url, body, event.id)]);
        // One of them processed it; the other found it in flight (503) or done (200): never both 204.
        const statuses = answers.map((x) => x.status);
        expect(statuses.filter((s) => s === 204)).toHaveLength(1);
        expect(statuses.filter((s) => s !== 204)).toSatisfy(([other]: number[]) => other === 503 || other === 200);
      }
      const handled = [...a!.handled, ...b!.handled];
      expect(handled.sort()).toEqual(events.map((e) => e.id).sort());
      for (const event of events) expect((await redeliver(b!.url, JSON.stringify(event), event.id)).status).toBe(200);
    } finally {
      await namespace.drop();
    }
  });

  it('tell the other process to retry later while one handles the event, and acknowledge it once done', async () => {
    const namespace = await namespaceFor(store);
    try {
      const [a, b] = await Promise.all([startReceiver(store, namespace.name, true), startReceiver(store, namespace.name, true)]);
      const event = order(1);
      const body = JSON.stringify(event);
      const answers = [deliver(a!.url, body, event.id), deliver(b!.url, body, event.id)];
      await waitFor(() => a!.handled.length + b!.handled.length === 1, { what: 'one handler to start' });
      const [holder, other] = a!.handled.length === 1 ? [a!, b!] : [b!, a!];
      const waiting = await answers[holder === a ? 1 : 0]!;
      expect(waiting).toEqual({ status: 503, retryAfter: '20' });
      holder.child.send({ finish: event.id });
      expect((await answers[holder === a ? 0 : 1]!).status).toBe(204);
      expect((await redeliver(other.url, body, event.id)).status).toBe(200);
      expect(other.handled).toEqual([]);
    } finally {
      await namespace.drop();
    }
  });
});
