import type { TraceContext } from './instrumentation.js';
import { classifyHost, describeRefusedAddress } from './net/refused-address.js';
import type { Sender, SendResult } from './sender.js';

/** Options of the `fetch` sender. */
export interface FetchSenderOptions {
  /** Longest part of a response body kept for the log, in bytes. Default 4096. */
  maxResponseBodyBytes?: number;
  /** The `fetch` to use. Default: the global one. */
  fetch?: typeof fetch;
  /** Send the attempt's trace context as `traceparent`/`tracestate` headers, when it has one. Default true. */
  traceContext?: boolean;
}

/**
 * A `Sender` on the Web `fetch` API, for runtimes without Node (edge
 * functions, Deno, Bun, Workers). Redirects are not followed. It cannot see
 * the address a hostname resolves to, so its private-network guard judges
 * what the URL shows: literal addresses (by the same ranges as
 * `@webhooks/undici`, IPv4 embedded in IPv6 included) and `localhost`. On Node
 * use `@webhooks/undici`, which also checks the address a name resolves to.
 *
 * @example
 * const webhooks = createWebhooks(config, { sender: createFetchSender(), asyncDelivery: false });
 */
export function createFetchSender(options: FetchSenderOptions = {}): Sender {
  const cap = options.maxResponseBodyBytes ?? 4096;
  const doFetch = options.fetch ?? fetch;
  const traceContext = options.traceContext !== false;
  return {
    async send(request): Promise<SendResult> {
      const started = performance.now();
      const elapsed = () => performance.now() - started;
      if (!request.allowPrivateNetwork) {
        const host = new URL(request.url).hostname;
        const verdict = classifyHost(host);
        if (verdict !== undefined && verdict.range !== 'public') {
          const address = host.startsWith('[') ? host.slice(1, -1) : host;
          return { error: { code: 'ssrf_blocked', message: describeRefusedAddress(host, address, verdict) }, durationMs: 0 };
        }
      }
      const signal = AbortSignal.timeout(request.timeoutMs);
      try {
        const response = await doFetch(request.url, {
          method: 'POST',
          headers: traceContext && request.trace ? withTraceHeaders(request.headers, request.trace) : request.headers,
          body: request.body,
          redirect: 'manual',
          signal,
        });
        const { text, truncated } = await readCapped(response, cap);
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        return { status: response.status, headers, body: text, bodyTruncated: truncated, durationMs: elapsed() };
      } catch (err) {
        const timedOut = signal.aborted;
        const message = timedOut ? `no complete response within ${request.timeoutMs} ms` : describe(err);
        return { error: { code: timedOut ? 'timeout' : 'network_error', message }, durationMs: elapsed() };
      }
    },
  };
}

/** The request's headers plus its trace context (not signed: tracing is not part of what a receiver verifies). */
export function withTraceHeaders(headers: Readonly<Record<string, string>>, trace: TraceContext): Record<string, string> {
  const out: Record<string, string> = Object.assign({}, headers);
  out.traceparent = trace.traceparent;
  if (trace.tracestate) out.tracestate = trace.tracestate;
  return out;
}

async function readCapped(response: Response, cap: number): Promise<{ text: string; truncated: boolean }> {
  if (!response.body) return { text: '', truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.length > cap) {
      chunks.push(value.subarray(0, cap - size));
      truncated = true;
      // Dropping the rest: the connection cannot be reused, but nothing more is buffered.
      await reader.cancel();
      break;
    }
    chunks.push(value);
    size += value.length;
  }
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { text: new TextDecoder().decode(bytes), truncated };
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return `${cause.code}: ${cause.message ?? ''}`.trim();
  return (err as Error)?.message ?? String(err);
}
