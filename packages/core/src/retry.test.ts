import { describe, expect, it } from 'vitest';
import { backoffDelay, classifyAttempt, DEFAULT_RETRY, parseRetryAfter, resolveRetryPolicy } from './retry.js';

describe('backoffDelay', () => {
  it('doubles from the initial delay and stays within the jitter band', () => {
    for (const [retry, full] of [[1, 10_000], [2, 20_000], [3, 40_000]] as const) {
      expect(backoffDelay(DEFAULT_RETRY, retry, undefined, () => 0)).toBe(full);
      expect(backoffDelay(DEFAULT_RETRY, retry, undefined, () => 0.999999)).toBe(Math.round(full * 0.8));
    }
  });

  it('never exceeds the cap', () => {
    const policy = resolveRetryPolicy({ initialDelayMs: 1000, maxDelayMs: 5000, jitter: 0 });
    expect(backoffDelay(policy, 10)).toBe(5000);
  });

  it('uses Retry-After instead of the computed delay, clamped', () => {
    const policy = resolveRetryPolicy({ maxRetryAfterMs: 60_000 });
    expect(backoffDelay(policy, 1, 30_000)).toBe(30_000);
    expect(backoffDelay(policy, 1, 10_000_000)).toBe(60_000);
  });

  it('has no jitter when jitter is 0', () => {
    const policy = resolveRetryPolicy({ jitter: 0, initialDelayMs: 100, factor: 3 });
    expect([1, 2, 3].map((n) => backoffDelay(policy, n))).toEqual([100, 300, 900]);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-24T10:00:00Z');
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 24 Jan 2026 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Sat, 24 Jan 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('classifyAttempt', () => {
  it.each([
    [200, 'success'], [204, 'success'],
    [408, 'retry'], [429, 'retry'], [500, 'retry'], [503, 'retry'],
    [301, 'failed'], [302, 'failed'], [400, 'failed'], [401, 'failed'], [404, 'failed'], [410, 'failed'],
  ])('HTTP %i is %s', (status, outcome) => {
    expect(classifyAttempt({ status }).outcome).toBe(outcome);
  });

  it('retries network errors and timeouts; other errors are final', () => {
    expect(classifyAttempt({ error: { code: 'network_error', message: 'ECONNRESET' } }).outcome).toBe('retry');
    expect(classifyAttempt({ error: { code: 'timeout', message: 'deadline' } }).outcome).toBe('retry');
    expect(classifyAttempt({ error: { code: 'ssrf_blocked', message: 'loopback' } }).outcome).toBe('failed');
  });

  it('flags a 410 endpoint and explains a redirect', () => {
    expect(classifyAttempt({ status: 410 }).disableEndpoint).toBe(true);
    expect(classifyAttempt({ status: 301 }).reason).toBe('HTTP 301 (redirects are not followed)');
  });

  it('carries Retry-After of a 503 or 429', () => {
    expect(classifyAttempt({ status: 503, retryAfter: '30' }).retryAfterMs).toBe(30_000);
    expect(classifyAttempt({ status: 429, retryAfter: '5' }).retryAfterMs).toBe(5_000);
    expect(classifyAttempt({ status: 500 }).retryAfterMs).toBeUndefined();
  });
});
