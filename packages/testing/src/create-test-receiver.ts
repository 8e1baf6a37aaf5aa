import type { SignatureScheme, WebhookEvent } from '@webhooks/core';
import { isWebhookError, verifyWebhook, webhookErrorStatus, type JsonObject } from '@webhooks/verify';
import { describeArrivals } from './describe-arrivals.js';
import { startTestReceiver, type ReceivedRequest } from './test-receiver.js';
import { whereMismatch, type WebhookWhere } from './where-mismatch.js';

/** A response the receiver gives a verified webhook. */
export interface TestResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** What `createTestReceiver` takes. Give `secret`, or `secrets` during a rotation. */
export interface TestReceiverOptions {
  secret?: string;
  secrets?: readonly string[];
  /** Default: each request's own headers decide (`webhook-signature` means Standard Webhooks). */
  scheme?: SignatureScheme;
  /**
   * How to answer verified webhooks (rejected ones get 401 or 400): one status for all, a list
   * used in order whose last entry repeats (`[503, 503, 200]`), or a function. Default 200.
   */
  respond?: number | readonly number[] | ((webhook: ReceivedWebhook, index: number) => number | TestResponse);
  /** Whose time signatures are checked against: pass the sender's manual clock. Default: the real one. */
  clock?: { now(): number };
  /** Largest distance between a signed timestamp and now, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** The path in `url`. Default `/webhooks`; requests to any path are received. */
  path?: string;
}

/** One request that reached the receiver, with the verdict and the answer it got. */
export interface ReceivedWebhook {
  verdict: 'verified' | 'rejected';
  /** The verified event; absent when rejected. */
  event?: WebhookEvent;
  /** Why it was rejected: the verifier's code and message. */
  error?: { code: string; message: string };
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The status it was answered with. */
  status: number;
  receivedAt: number;
}

/** What `expectWebhook` waits for besides the event name. */
export interface ExpectWebhookOptions {
  /** Fields the event must have (`{ object: { id: '42' } }`), or a predicate. */
  where?: WebhookWhere;
  /** Default 5000. */
  timeoutMs?: number;
}

/** A verifying receiver on loopback; see `createTestReceiver`. */
export interface TestWebhookReceiver {
  /** `http://127.0.0.1:<port>/webhooks`: put it in the endpoint's configuration. */
  readonly url: string;
  /** Every verified event, in arrival order (a retried delivery appears once per attempt). */
  readonly events: WebhookEvent[];
  /** Every request, verified or rejected. */
  readonly requests: ReceivedWebhook[];
  /**
   * Resolves with the first verified event of that name (already arrived, or arriving within
   * `timeoutMs`) that matches `where`; rejects with a message listing what did arrive.
   */
  expectWebhook<TObject extends object = JsonObject>(name: string, options?: ExpectWebhookOptions): Promise<WebhookEvent<TObject>>;
  /** Forgets what arrived. */
  clear(): void;
  close(): Promise<void>;
}

/**
 * Starts a real HTTP server on loopback that verifies every request it receives, records it,
 * and answers as `respond` says: the receiving end of a sender's tests, under any test runner.
 *
 * @example
 * const receiver = await createTestReceiver({ secret: 'test-secret' });
 * // configure the endpoint with url: receiver.url, secret: 'test-secret'; then change an order
 * const event = await receiver.expectWebhook('order.paid', { where: { object: { id: '42' } } });
 * await receiver.close();
 */
export async function createTestReceiver(options: TestReceiverOptions): Promise<TestWebhookReceiver> {
  if (!options.secret && !options.secrets?.length) throw new TypeError('createTestReceiver needs a secret (or secrets)');
  const requests: ReceivedWebhook[] = [];
  const events: WebhookEvent[] = [];
  const listeners = new Set<() => void>();
  let verified = 0;

  const receive = async (request: ReceivedRequest) => {
    const received: ReceivedWebhook = { ...requestParts(request), verdict: 'rejected', status: 0 };
    let response: TestResponse;
    try {
      const now = options.clock?.now();
      const { event } = await verifyWebhook(
        { headers: request.headers, body: request.body },
        {
          ...(options.secrets ? { secrets: options.secrets } : { secret: options.secret }),
          scheme: options.scheme ?? ('webhook-signature' in request.headers ? 'standard-webhooks' : 'hmac-sha256'),
          ...(options.toleranceSeconds !== undefined ? { toleranceSeconds: options.toleranceSeconds } : {}),
          ...(now !== undefined ? { now } : {}),
        },
      );
      Object.assign(received, { verdict: 'verified', event });
      response = responseFor(options.respond, received, verified++);
      events.push(event);
    } catch (err) {
      const code = isWebhookError(err) ? err.code : 'error';
      received.error = { code, message: (err as Error)?.message ?? String(err) };
      response = { status: isWebhookError(err) ? webhookErrorStatus(err.code) : 500, body: JSON.stringify({ error: received.error }) };
    }
    received.status = response.status;
    requests.push(received);
    for (const notify of listeners) notify();
    return response;
  };
  const server = await startTestReceiver(receive);
  const url = server.url(options.path ?? '/webhooks');

  return {
    url,
    events,
    requests,
    expectWebhook<TObject extends object = JsonObject>(name: string, { where, timeoutMs = 5000 }: ExpectWebhookOptions = {}) {
      const found = () => events.find((event) => event.event === name && whereMismatch(event, where) === undefined);
      return new Promise<WebhookEvent<TObject>>((resolve, reject) => {
        const check = () => {
          const event = found();
          if (!event) return;
          finish();
          resolve(event as unknown as WebhookEvent<TObject>);
        };
        const timer = setTimeout(() => {
          finish();
          const wanted = where === undefined ? '' : typeof where === 'function' ? ' matching where()' : ` where ${JSON.stringify(where)}`;
          reject(new Error(`expected a verified ${name} webhook${wanted} at ${url} within ${timeoutMs} ms; ${describeArrivals(requests, name, where)}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    clear() {
      requests.length = 0;
      events.length = 0;
      verified = 0;
    },
    close: () => server.close(),
  };
}

function requestParts(request: ReceivedRequest) {
  const { method, path, headers, body, at } = request;
  return { method, path, headers: { ...headers }, body, receivedAt: at };
}

function responseFor(respond: TestReceiverOptions['respond'], webhook: ReceivedWebhook, index: number): TestResponse {
  if (respond === undefined) return { status: 200 };
  if (typeof respond === 'number') return { status: respond };
  if (typeof respond === 'function') {
    const answer = respond(webhook, index);
    return typeof answer === 'number' ? { status: answer } : answer;
  }
  return { status: respond[Math.min(index, respond.length - 1)] ?? 200 };
}
