import { isPlainRecord } from './json.js';
import { checkNumber, type IssueList } from './config/issues.js';

/** Backoff settings; every field is optional. */
export interface RetryOptions {
  /** Delay before the first retry, in ms. Default 10 000. */
  initialDelayMs?: number;
  /** Growth per retry. Default 2 (10 s, 20 s, 40 s, ...). */
  factor?: number;
  /** Upper bound of any computed delay, in ms. Default 1 hour. */
  maxDelayMs?: number;
  /** Fraction of each delay that is randomised downwards (0 = none, 1 = full jitter). Default 0.2. */
  jitter?: number;
  /** Longest `Retry-After` honoured, in ms; longer values are clamped. Default 1 hour. */
  maxRetryAfterMs?: number;
}

export type RetryPolicy = Readonly<Required<RetryOptions>>;

export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  initialDelayMs: 10_000,
  factor: 2,
  maxDelayMs: 3_600_000,
  jitter: 0.2,
  maxRetryAfterMs: 3_600_000,
});

export function resolveRetryPolicy(options: RetryOptions | undefined): RetryPolicy {
  return Object.freeze({ ...DEFAULT_RETRY, ...options });
}

export function checkRetryOptions(issues: IssueList, path: string, value: unknown): void {
  if (value === undefined) return;
  if (!isPlainRecord(value)) return issues.add(path, 'must be an object');
  const o = value as RetryOptions;
  checkNumber(issues, `${path}.initialDelayMs`, o.initialDelayMs, { min: 0, max: 86_400_000 });
  checkNumber(issues, `${path}.factor`, o.factor, { min: 1, max: 100, integer: false });
  checkNumber(issues, `${path}.maxDelayMs`, o.maxDelayMs, { min: 0, max: 7 * 86_400_000 });
  checkNumber(issues, `${path}.jitter`, o.jitter, { min: 0, max: 1, integer: false });
  checkNumber(issues, `${path}.maxRetryAfterMs`, o.maxRetryAfterMs, { min: 0, max: 7 * 86_400_000 });
}

/**
 * Delay before retry number `retry` (1 for the first retry): exponential,
 * capped at `maxDelayMs`, then reduced by up to `jitter` of itself so that
 * receivers recovering from an outage are not hit by every sender at once.
 * A `Retry-After` from the receiver replaces the computed delay, clamped to
 * `maxRetryAfterMs`.
 *
 * @example
 * backoffDelay(DEFAULT_RETRY, 2) // between 16 000 and 20 000
 */
export function backoffDelay(
  policy: RetryPolicy,
  retry: number,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  const exponential = policy.initialDelayMs * policy.factor ** Math.max(0, retry - 1);
  const capped = Math.min(exponential, policy.maxDelayMs);
  return Math.round(capped * (1 - policy.jitter * random()));
}

/**
 * Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds
 * from `now`; `undefined` when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** What one attempt produced: a response status, or an error before any status. */
export type AttemptResult =
  | { status: number; retryAfter?: string | null; error?: undefined }
  | { status?: undefined; error: { code: string; message: string } };

/** What to do after an attempt. */
export interface AttemptVerdict {
  outcome: 'success' | 'retry' | 'failed';
  /** A short reason for the log: `HTTP 503`, `timeout`, `redirect not followed`. */
  reason: string;
  /** The receiver asked for a delay (Retry-After), in ms. */
  retryAfterMs?: number;
  /** The endpoint said it is gone (410): stop sending to it. */
  disableEndpoint?: boolean;
  /**
   * The failure says the endpoint itself is unwell (network error, timeout, 408, 429, 5xx,
   * 410), so it counts toward disabling it; a rejected payload (400, 422) or a redirect does not.
   */
  unhealthy?: boolean;
}

const RETRYABLE_ERRORS = new Set(['network_error', 'timeout']);

// One string per status, shared by every attempt record that carries it.
const STATUS_REASONS: string[] = [];
function statusReason(status: number): string {
  if (!Number.isInteger(status) || status < 100 || status > 999) return `HTTP ${status}`;
  return (STATUS_REASONS[status] ??= `HTTP ${status}`);
}

/**
 * Classifies an attempt: 2xx succeeds; network errors, timeouts, 408, 429 and
 * 5xx are retried; redirects (not followed) and other 4xx fail for good; 410
 * also disables the endpoint. Retryable failures and 410 are `unhealthy`: they count
 * toward disabling the endpoint. Any other error code (e.g. `ssrf_blocked`) is final.
 *
 * @example
 * classifyAttempt({ status: 503, retryAfter: '30' }) // { outcome: 'retry', reason: 'HTTP 503', retryAfterMs: 30000 }
 */
export function classifyAttempt(result: AttemptResult, now: number = Date.now()): AttemptVerdict {
  if (result.error) {
    return RETRYABLE_ERRORS.has(result.error.code)
      ? { outcome: 'retry', reason: result.error.code, unhealthy: true }
      : { outcome: 'failed', reason: result.error.code };
  }
  const status = result.status;
  const reason = statusReason(status);
  if (status >= 200 && status < 300) return { outcome: 'success', reason };
  if (status >= 300 && status < 400) return { outcome: 'failed', reason: `${reason} (redirects are not followed)` };
  if (status === 410) return { outcome: 'failed', reason: `${reason} (endpoint gone)`, disableEndpoint: true, unhealthy: true };
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(result.retryAfter, now);
    return retryAfterMs === undefined ? { outcome: 'retry', reason, unhealthy: true } : { outcome: 'retry', reason, retryAfterMs, unhealthy: true };
  }
  return { outcome: 'failed', reason };
}
