import type { LookupFunction } from 'node:net';
import { WebhookError } from '@webhooks/core';
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

// setTimeout's ceiling; anything longer would fire at once.
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Fills in defaults and checks every option, throwing a `WebhookError` with
 * code `invalid_argument` that names the option and what it must be.
 *
 * @example
 * resolveSenderOptions({ connections: 0 }) // throws: createUndiciSender: connections must be an integer from 1 to 65536, got 0
 */
export function resolveSenderOptions(options: UndiciSenderOptions): ResolvedSenderOptions {
  const resolved = { ...DEFAULTS, ...dropUndefined(options) };
  checkInteger('maxResponseBodyBytes', resolved.maxResponseBodyBytes, 0, 64 * 1024 * 1024);
  checkInteger('connectTimeoutMs', resolved.connectTimeoutMs, 1, MAX_TIMER_MS);
  checkInteger('headersTimeoutMs', resolved.headersTimeoutMs, 1, MAX_TIMER_MS);
  checkInteger('bodyTimeoutMs', resolved.bodyTimeoutMs, 1, MAX_TIMER_MS);
  checkInteger('connections', resolved.connections, 1, 65_536);
  checkInteger('keepAliveTimeoutMs', resolved.keepAliveTimeoutMs, 1, MAX_TIMER_MS);
  if (typeof resolved.userAgent !== 'string' || !/^[\t\x20-\x7e]+$/.test(resolved.userAgent)) {
    throw invalid('userAgent must be a non-empty string of printable ASCII');
  }
  if (typeof resolved.traceContext !== 'boolean') throw invalid('traceContext must be true or false');
  if (resolved.lookup !== undefined && typeof resolved.lookup !== 'function') {
    throw invalid('lookup must be a function with the signature of dns.lookup');
  }
  return resolved;
}

function dropUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function checkInteger(name: string, value: unknown, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
}

function invalid(message: string): WebhookError {
  return new WebhookError('invalid_argument', `createUndiciSender: ${message}`);
}
