import { WebhookError, type ClaimResult, type IdempotencyStore } from '@webhooks/verify';
import { COMPLETE_SCRIPT, RELEASE_SCRIPT } from './redis-scripts.js';

/**
 * What the store needs of a Redis client: to send a raw command. A node-redis
 * client (`createClient()`, v5 or v6, connected) is one as it is.
 */
export interface RedisCommandClient {
  sendCommand(args: string[]): Promise<unknown>;
}

/** Options of `createRedisIdempotencyStore`. */
export interface RedisIdempotencyStoreOptions {
  /** A connected node-redis client (or anything with its `sendCommand`). The store never connects or closes it. */
  client: RedisCommandClient;
  /** Prefix of every key the store writes. Default `webhooks:idempotency:`. */
  keyPrefix?: string;
}

/**
 * An `IdempotencyStore` in Redis, shared by every instance of a receiver: a
 * claim is `SET key token NX PX lease`, so of concurrent deliveries of one
 * event exactly one wins; completing and releasing check the token in a Lua
 * script. Expiry is Redis's own, on the server's clock.
 *
 * @example
 * const redis = await createClient({ url: process.env.REDIS_URL }).connect();
 * app.post('/webhooks', verifyWebhook({ secret, idempotency: createRedisIdempotencyStore({ client: redis }) }), handler);
 */
export function createRedisIdempotencyStore(options: RedisIdempotencyStoreOptions): IdempotencyStore {
  const { client } = options;
  if (typeof client?.sendCommand !== 'function') {
    throw new WebhookError('invalid_argument', 'createRedisIdempotencyStore needs a node-redis client (createClient()) as `client`');
  }
  const prefix = options.keyPrefix ?? 'webhooks:idempotency:';
  const key = (id: string) => prefix + id;

  return {
    async claim(id, token, leaseMs): Promise<ClaimResult> {
      const ms = String(Math.ceil(leaseMs));
      // Three rounds at most: each lost one means the holder's key vanished between our two commands.
      for (let round = 0; round < 3; round++) {
        if ((await client.sendCommand(['SET', key(id), token, 'NX', 'PX', ms])) === 'OK') return 'claimed';
        const held = await client.sendCommand(['GET', key(id)]);
        if (held !== null && held !== undefined) return String(held).startsWith('c:') ? 'completed' : 'in_flight';
      }
      return 'in_flight';
    },
    async complete(id, token, ttlMs) {
      await client.sendCommand(['EVAL', COMPLETE_SCRIPT, '1', key(id), token, String(Math.ceil(ttlMs))]);
    },
    async release(id, token) {
      await client.sendCommand(['EVAL', RELEASE_SCRIPT, '1', key(id), token]);
    },
  };
}
