import type { LookupFunction } from 'node:net';
import { WebhookConfigError, type ConfigIssue } from '@webhooks/core';
import { checkIntegers, MAX_TIMER_MS } from '@webhooks/core/adapter';
import { DEFAULT_USER_AGENT } from './user-agent.js';

/**
 * Options of `createUndiciSender`; every field is optional. Times are in ms.
 * The attempt's own `timeoutMs` (from the endpoint's config) always bounds
 * the whole request on top of these per-phase limits.
 */
export interface UndiciSenderOptions {
  /** Bytes of each response body kept for the delivery log; the rest is discarded. Default 4096. */
  maxResponseBodyBytes?: number;
  /** Longest wait for DNS plus the TCP (and TLS) connect. Default 5000. */
  connectTimeoutMs?: number;
  /** Longest wait for the response headers once the request is sent. Default 30 000. */
  headersTimeoutMs?: number;
  /** Longest silence between two chunks of the response body. Default 10 000. */
  bodyTimeoutMs?: number;
  /** Most open connections per origin (scheme, host and port). Default 32. */
  connections?: number;
  /** How long an idle pooled connection is kept (a server's `Keep-Alive` hint can shorten it). Default 4000. */
  keepAliveTimeoutMs?: number;
  /**
   * Send the attempt's trace context as `traceparent`/`tracestate` headers when it has one
   * (instrumentation made one), so a receiver using OpenTelemetry joins the trace. Default true.
   */
  traceContext?: boolean;
  /** Sent when a request has no `User-Agent` header. Default `webhooks/<version> (+@webhooks/undici)`. */
  userAgent?: string;
  /**
   * Resolver used instead of `dns.lookup` (same signature). The SSRF guard
   * checks whatever it returns, so tests can map a name to 127.0.0.1.
   */
  lookup?: LookupFunction;
}

export type ResolvedSenderOptions = Required<Omit<UndiciSenderOptions, 'lookup'>> & Pick<UndiciSenderOptions, 'lookup'>;

const DEFAULTS: Omit<ResolvedSenderOptions, 'lookup'> = {
  maxResponseBodyBytes: 4096,
  connectTimeoutMs: 5_000,
  headersTimeoutMs: 30_000,
  bodyTimeoutMs: 10_000,
  connections: 32,
  keepAliveTimeoutMs: 4_000,
  traceContext: true,
  userAgent: DEFAULT_USER_AGENT,
};

/**
 * Fills in defaults and checks every option, throwing a `WebhookConfigError` (code
 * `invalid_config`) that lists each option that is wrong and what it must be.
 *
 * @example
 * resolveSenderOptions({ connections: 0 }) // throws: connections must be an integer from 1 to 65536, got 0
 */
export function resolveSenderOptions(options: UndiciSenderOptions): ResolvedSenderOptions {
  const resolved = { ...DEFAULTS, ...dropUndefined(options) };
  const issues: ConfigIssue[] = [];
  checkIntegers(issues, resolved, ['maxResponseBodyBytes'], { min: 0, max: 64 * 1024 * 1024 });
  checkIntegers(issues, resolved, ['connectTimeoutMs', 'headersTimeoutMs', 'bodyTimeoutMs', 'keepAliveTimeoutMs'], { min: 1, max: MAX_TIMER_MS });
  checkIntegers(issues, resolved, ['connections'], { min: 1, max: 65_536 });
  if (typeof resolved.userAgent !== 'string' || !/^[\t\x20-\x7e]+$/.test(resolved.userAgent)) {
    issues.push({ path: 'userAgent', message: 'must be a non-empty string of printable ASCII' });
  }
  if (typeof resolved.traceContext !== 'boolean') issues.push({ path: 'traceContext', message: 'must be true or false' });
  if (resolved.lookup !== undefined && typeof resolved.lookup !== 'function') {
    issues.push({ path: 'lookup', message: 'must be a function with the signature of dns.lookup' });
  }
  if (issues.length > 0) throw new WebhookConfigError(issues);
  return resolved;
}

function dropUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
