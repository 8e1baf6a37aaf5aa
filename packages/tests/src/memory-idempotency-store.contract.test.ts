import { createMemoryIdempotencyStore } from '@webhooks/verify';
import { describeIdempotencyStoreContract } from '@webhooks/testing/contracts';

describeIdempotencyStoreContract('memory', async () => {
  let time = Date.now();
  // One process, so "several connections" are one store.
  const store = createMemoryIdempotencyStore({ now: () => time });
  return {
    stores: async (count) => Array.from({ length: count }, () => store),
    elapse: async (ms) => {
      time += ms;
    },
    close: async () => {},
  };
});
