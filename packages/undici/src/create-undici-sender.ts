import type { Sender, SendRequest, SendResult } from '@webhooks/core';
import { Agent } from 'undici';
import { AttemptDeadline } from './attempt-deadline.js';
import { createGuardedConnector, createOpenConnector } from './guarded-connector.js';
import { readCappedBody } from './read-capped-body.js';
import { toSendError } from './to-send-error.js';
import { resolveSenderOptions, type UndiciSenderOptions } from './undici-sender-options.js';

/** A core `Sender` backed by undici connection pools; `close()` is always present. */
export interface UndiciSender extends Sender {
  /** Closes every pooled connection once in-flight requests finish. Later sends fail with `network_error`. */
  close(): Promise<void>;
}

const MAX_CACHED_TARGETS = 1024;

/**
 * Creates the Node HTTP sender for the delivery engine. Each `send()` is one
 * POST over a keep-alive pool per origin, bounded by connect, headers and
 * body timeouts plus the attempt's deadline; the response body is kept up to
 * a cap; redirects are returned, never followed. Unless the request allows
 * private networks, connections to loopback, private, link-local and other
 * non-public addresses are refused at connect time, after DNS resolution.
 * It never throws for a delivery problem: failures come back with a code.
 *
 * @example
 * const sender = createUndiciSender({ connectTimeoutMs: 3000 });
 * const result = await sender.send({ url, headers, body, timeoutMs: 10_000, allowPrivateNetwork: false });
 * if (result.error) console.log(result.error.code, result.error.message);
 * else console.log(result.status, result.body);
 * await sender.close();
 */
export function createUndiciSender(options: UndiciSenderOptions = {}): UndiciSender {
  const settings = resolveSenderOptions(options);
  const connectorOptions = { lookup: settings.lookup, connectTimeoutMs: settings.connectTimeoutMs };
  const agentFor = (connect: ReturnType<typeof createOpenConnector>) =>
    new Agent({
      connect,
      connections: settings.connections,
      pipelining: 1, // a slow receiver must not hold up the deliveries queued behind it
      keepAliveTimeout: settings.keepAliveTimeoutMs,
      headersTimeout: settings.headersTimeoutMs,
      bodyTimeout: settings.bodyTimeoutMs,
    });
  // Two pools, so a connection opened for a private-network request is never reused by a guarded one.
  const guarded = agentFor(createGuardedConnector(connectorOptions));
  const open = agentFor(createOpenConnector(connectorOptions));

  // Endpoints are few and sent to again and again; parsing each URL once is measurable at volume.
  const targets = new Map<string, Target | string>();
  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (target === undefined) {
      if (targets.size >= MAX_CACHED_TARGETS) targets.clear();
      target = parseTarget(url);
      targets.set(url, target);
    }
    return target;
  };

  async function send(request: SendRequest): Promise<SendResult> {
    const started = performance.now();
    const target = targetOf(request.url);
    if (typeof target === 'string') {
      return { error: { code: 'ssrf_blocked', message: target }, durationMs: performance.now() - started };
    }
    const deadline = new AttemptDeadline(request.timeoutMs);
    try {
      const response = await (request.allowPrivateNetwork ? open : guarded).request({
        origin: target.origin,
        path: target.path,
        method: 'POST',
        headers: headerList(request.headers, settings.userAgent),
        body: request.body,
        signal: deadline,
      });
      const body = await readCappedBody(response.body, settings.maxResponseBodyBytes, response.headers['content-length']);
      const durationMs = performance.now() - started;
      // undici hands a finished connection back to the pool one macrotask later; waiting for
      // it lets the caller's next send reuse that connection instead of opening another.
      await new Promise(setImmediate);
      return {
        status: response.statusCode,
        headers: flattenHeaders(response.headers),
        body: body.text,
        bodyTruncated: body.truncated,
        durationMs,
      };
    } catch (err) {
      const context = { ...settings, host: target.host, deadlineExpired: deadline.aborted, timeoutMs: request.timeoutMs };
      return { error: toSendError(err, context), durationMs: performance.now() - started };
    } finally {
      deadline.clear();
    }
  }

  return {
    send,
    async close() {
      await Promise.all([guarded.close(), open.close()]);
    },
  };
}

interface Target {
  origin: string;
  path: string;
  host: string;
}

// Anything but an absolute http(s) URL is refused outright: retrying cannot fix it.
function parseTarget(url: string): Target | string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'refused to send: the endpoint URL is not an absolute URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `refused to send to a ${parsed.protocol} URL: only http and https are allowed`;
  }
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}`, host: parsed.host };
}

// A flat [name, value, ...] list: undici takes it directly, and building it costs a
// fraction of copying the object to add one key (measured: ~0.1 µs against ~1 µs).
function headerList(headers: Readonly<Record<string, string>>, userAgent: string): string[] {
  const list: string[] = [];
  let hasUserAgent = false;
  for (const name in headers) {
    if (name.length === 10 && name.toLowerCase() === 'user-agent') hasUserAgent = true;
    list.push(name, headers[name] as string);
  }
  if (!hasUserAgent) list.push('user-agent', userAgent);
  return list;
}

// undici gives repeated headers as arrays; the log wants one string per name.
function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : value.join(', ');
    // A header named __proto__ must stay a plain key, not replace the prototype.
    if (name === '__proto__') Object.defineProperty(flat, name, { value: text, enumerable: true, writable: true });
    else flat[name] = text;
  }
  return flat;
}
