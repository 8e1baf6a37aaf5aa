import { lookup as dnsLookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyAddress } from '@webhooks/core';
import { buildConnector } from 'undici';
import { ssrfBlockedError } from './ssrf-blocked-error.js';

/** What both connectors share: how to resolve names and how long a connect may take. */
export interface ConnectorOptions {
  lookup?: LookupFunction | undefined;
  connectTimeoutMs: number;
}

/**
 * An undici connector that refuses non-public addresses at connect time:
 * literal IPs before any socket is opened, names through a `lookup` that
 * checks every address the resolver returned before the socket connects to
 * it. Checking the address actually connected (not a separate lookup
 * beforehand) is what defeats DNS rebinding.
 *
 * @example
 * new Agent({ connect: createGuardedConnector({ connectTimeoutMs: 5000 }) })
 */
export function createGuardedConnector(options: ConnectorOptions): buildConnector.connector {
  const connect = buildConnector({
    timeout: options.connectTimeoutMs,
    lookup: guardLookup(options.lookup ?? (dnsLookup as LookupFunction)),
  });
  return (connectOptions, callback) => {
    const host = connectOptions.hostname;
    // Literal IPs never go through lookup, so they are judged here.
    const verdict = classifyAddress(host);
    if (verdict !== undefined && verdict.range !== 'public') {
      // Called back asynchronously, as a failing socket would.
      queueMicrotask(() => callback(ssrfBlockedError(host, host, verdict), null));
      return;
    }
    connect(connectOptions, callback);
  };
}

/** An undici connector without the guard, for requests that allow private networks. */
export function createOpenConnector(options: ConnectorOptions): buildConnector.connector {
  return buildConnector({
    timeout: options.connectTimeoutMs,
    ...(options.lookup === undefined ? {} : { lookup: options.lookup }),
  });
}

/**
 * Wraps a resolver so that a name resolving to any non-public address fails
 * with `ssrf_blocked`. Refusing the whole answer (rather than dropping the bad
 * entries) keeps a half-poisoned record from being used at all.
 *
 * @example
 * net.connect({ host: 'example.com', port: 80, lookup: guardLookup(dns.lookup) })
 */
export function guardLookup(lookup: LookupFunction): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    lookup(hostname, lookupOptions, (err, address, family) => {
      if (err) return callback(err, address, family);
      const entries = typeof address === 'string' ? [{ address }] : address;
      for (const entry of entries) {
        const verdict = classifyAddress(entry.address);
        if (verdict?.range !== 'public') {
          return callback(ssrfBlockedError(hostname, entry.address, verdict ?? { range: 'reserved' }), address, family);
        }
      }
      callback(null, address, family);
    });
  };
}
