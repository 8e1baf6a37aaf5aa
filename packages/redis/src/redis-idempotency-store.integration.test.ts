import { describeIdempotencyStoreContract } from '@webhooks/testing/contracts';
import { sleep } from '@webhooks/testing';
import { createClient } from 'redis';
import { createClient as createClientV5 } from 'redis5';
import { describe, expect, it } from 'vitest';
import { createRedisIdempotencyStore, type RedisCommandClient } from './create-redis-idempotency-store.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const OPTIONS = { url: REDIS_URL, socket: { reconnectStrategy: false as const, connectTimeout: 2000 } };

/** What these tests use of a client, from either major version. */
type TestClient = RedisCommandClient & {
  on(event: 'error', listener: () => void): unknown;
  connect(): Promise<unknown>;
  keys(pattern: string): Promise<string[]>;
  del(key: string): Promise<number>;
  close(): Promise<void>;
};

// Both majors' clients are what the store takes, as they are: checked here by the compiler.
const MAJORS: [string, () => TestClient][] = [
  ['node-redis 6', () => createClient(OPTIONS)],
  ['node-redis 5', () => createClientV5(OPTIONS)],
];

/** A connected client, or a clear failure: never a reconnect loop that hangs the suite until its timeout. */
async function connect(make: () => TestClient): Promise<TestClient> {
  const client = make();
  client.on('error', () => {}); // the failed connect() below reports it
  try {
    await client.connect();
    return client;
  } catch (cause) {
    throw new Error(`Redis is not reachable at ${REDIS_URL} (scripts/services.sh starts it): ${String(cause)}`);
  }
}

for (const [version, make] of MAJORS) {
  describeIdempotencyStoreContract(`Redis (${version})`, async () => {
    const keyPrefix = `webhooks-test:${process.pid}:${Date.now().toString(36)}:`;
    const clients: TestClient[] = [];
    return {
      async stores(count) {
        const opened = await Promise.all(Array.from({ length: count }, () => connect(make)));
        clients.push(...opened);
        return opened.map((client) => createRedisIdempotencyStore({ client, keyPrefix }));
      },
      // Expiry runs on the server's clock: let real time pass.
      elapse: (ms) => sleep(ms),
      async close() {
        const [client] = clients;
        if (client) for (const key of await client.keys(`${keyPrefix}*`)) await client.del(key);
        await Promise.all(clients.map((c) => c.close()));
      },
    };
  });
}

describe('createRedisIdempotencyStore', () => {
  it('claims with SET NX PX, so the key carries the lease as its expiry', async () => {
    const client = createClient(OPTIONS);
    await connect(() => client);
    try {
      const store = createRedisIdempotencyStore({ client, keyPrefix: `webhooks-test:${process.pid}:pttl:` });
      expect(await store.claim('evt_lease', 'tok', 30_000)).toBe('claimed');
      const ttl = await client.pTTL(`webhooks-test:${process.pid}:pttl:evt_lease`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30_000);
      await store.release('evt_lease', 'tok');
      expect(await client.exists(`webhooks-test:${process.pid}:pttl:evt_lease`)).toBe(0);
    } finally {
      await client.close();
    }
  });

  it('refuses to be created without a client', () => {
    expect(() => createRedisIdempotencyStore({ client: undefined as never })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});
