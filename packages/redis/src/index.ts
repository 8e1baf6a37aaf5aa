export {
  createRedisIdempotencyStore,
  type RedisCommandClient,
  type RedisIdempotencyStoreOptions,
} from './create-redis-idempotency-store.js';
