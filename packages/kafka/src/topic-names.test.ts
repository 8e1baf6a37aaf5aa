import { describe, expect, it } from 'vitest';
import { formatDelay, kafkaTopicNames, pickRetryTier } from './topic-names.js';

describe('topic names', () => {
  it('derives every topic from the prefix, one retry topic per tier', () => {
    expect(kafkaTopicNames({ prefix: 'shop' }).all).toEqual([
      'shop.deliveries', 'shop.retry.5s', 'shop.retry.30s', 'shop.retry.2m', 'shop.retry.10m', 'shop.retry.1h', 'shop.dead',
    ]);
    expect(kafkaTopicNames({ topics: { deadLetter: 'dlq' }, retryTiers: [1500] }).all).toEqual(['webhooks.deliveries', 'webhooks.retry.1500ms', 'dlq']);
    expect(formatDelay(90_000)).toBe('90s');
  });

  it('sends a retry to the smallest tier at least as long as its delay, and the longest beyond', () => {
    const { retries } = kafkaTopicNames({ retryTiers: [60_000, 5000, 600_000] });
    expect(pickRetryTier(retries, 1).topic).toBe('webhooks.retry.5s');
    expect(pickRetryTier(retries, 5000).topic).toBe('webhooks.retry.5s');
    expect(pickRetryTier(retries, 5001).topic).toBe('webhooks.retry.1m');
    expect(pickRetryTier(retries, 86_400_000).topic).toBe('webhooks.retry.10m');
  });
});
