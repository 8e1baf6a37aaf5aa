import { createMemoryDeliveryLog, createWebhooks, defineWebhooks, verifySignature, type Sender, type WebhookConfigOptions, type Webhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { sleep, startTestReceiver, waitFor, type Reply, type TestReceiver } from '@webhooks/testing';
import { createUndiciSender } from '@webhooks/undici';
import { afterEach, describe, expect, it } from 'vitest';

const SECRET = 'async-engine-secret';
let receiver: TestReceiver;
const open: Webhooks[] = [];
afterEach(async () => {
  for (const webhooks of open.splice(0)) await webhooks.close({ timeoutMs: 1000 });
  await receiver?.close();
});

/** An engine on the memory transport; with `transportOptions` null, none (inline delivery only). */
function create(config: Partial<WebhookConfigOptions> = {}, transportOptions: object | null = {}) {
  const webhooks = createWebhooks(
    defineWebhooks({
      allowPrivateNetwork: true,
      retry: { initialDelayMs: 50, jitter: 0 },
      endpoints: [{ name: 'crm', url: receiver.url(), secret: SECRET, timeoutMs: 2000 }],
      ...config,
    }),
    {
      ...(transportOptions ? { transport: createMemoryTransport({ concurrency: 4, ...transportOptions }) } : {}),
      sender: createUndiciSender(),
    },
  );
  open.push(webhooks);
  return webhooks;
}

const order = (id: number) => ({ event: 'order.paid', model: 'store.Order', object: { id, total: '9.99' } });

async function settle(webhooks: Webhooks, count: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await webhooks.deliveryLog.find({ state: ['succeeded', 'dead'], limit: 1000 });
    if (records.length >= count) return records;
    if (Date.now() > deadline) throw new Error(`only ${records.length} of ${count} deliveries finished`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('asynchronous delivery through the memory transport and undici', () => {
  it('delivers dispatched events in the background, signed', async () => {
    receiver = await startTestReceiver();
    const webhooks = create();
    const results = await Promise.all([1, 2, 3].map((id) => webhooks.dispatch(order(id))));
    expect(results.map((r) => r.deliveries[0]!.state)).toEqual(['pending', 'pending', 'pending']);
    await receiver.waitFor(3);
    for (const request of receiver.requests) {
      await expect(verifySignature(request.headers, request.body, { secret: SECRET })).resolves.toBeDefined();
      expect(request.headers['user-agent']).toMatch(/^webhooks\//);
    }
  });

  it('classifies, retries and records each kind of receiver behaviour', async () => {
    const script: Record<string, Reply[]> = {
      '/ok': [{ status: 200, body: 'thanks' }],
      '/flaky': [{ status: 500 }, { status: 503, headers: { 'retry-after': '0' } }, { status: 429 }, { status: 200 }],
      '/gone': [{ status: 410 }],
      '/moved': [{ status: 301, headers: { location: '/ok' } }],
      '/bad': [{ status: 400, body: 'nope' }],
      '/hang': [{ hang: true }, { hang: true }],
      '/reset': [{ reset: true }, { status: 200 }],
      '/trickle': [{ trickle: { chunks: 50, everyMs: 100 } }, { status: 200 }],
      '/huge': [{ bodyBytes: 20_000_000 }],
    };
    const seen: Record<string, number> = {};
    receiver = await startTestReceiver((request) => {
      const n = (seen[request.path] = (seen[request.path] ?? 0) + 1);
      return script[request.path]![Math.min(n, script[request.path]!.length) - 1]!;
    });
    const endpoints = Object.keys(script).map((path) => ({
      name: path.slice(1), url: receiver.url(path), secret: SECRET, timeoutMs: 600, maxRetries: 3,
    }));
    const webhooks = create({ endpoints, maxRetries: 3 }, { concurrency: 16 });
    await webhooks.dispatch(order(1));
    const records = await settle(webhooks, endpoints.length, 20_000);
    const summary = Object.fromEntries(
      records.map((r) => [r.job.endpoint, [r.state, r.attempts.map((a) => a.status ?? a.reason)]]),
    );
    expect(summary).toEqual({
      ok: ['succeeded', [200]],
      flaky: ['succeeded', [500, 503, 429, 200]],
      gone: ['dead', [410]],
      moved: ['dead', [301]],
      bad: ['dead', [400]],
      hang: ['dead', ['timeout', 'timeout', 'timeout', 'timeout']],
      reset: ['succeeded', ['network_error', 200]],
      trickle: ['succeeded', ['timeout', 200]],
      huge: ['succeeded', [200]],
    });
    expect(webhooks.endpointStatus('gone').state).toBe('disabled');
    const byName = Object.fromEntries(records.map((r) => [r.job.endpoint, r]));
    expect(byName.bad!.attempts[0]!.responseBody).toBe('nope');
    expect(byName.huge!.attempts[0]!.responseBody!.length).toBeLessThanOrEqual(4096);
    expect(byName.moved!.reason).toBe('HTTP 301 (redirects are not followed)');
    // Durations: a timed-out attempt lasted its 600 ms deadline; an answered one far less.
    for (const a of [...byName.hang!.attempts, byName.trickle!.attempts[0]!]) {
      expect(a.durationMs).toBeGreaterThanOrEqual(590);
      expect(a.durationMs).toBeLessThan(5000);
      expect(a.error).toMatch(/^no complete response from 127\.0\.0\.1:\d+ within the 600 ms deadline$/);
    }
    expect(byName.ok!.attempts[0]!.durationMs).toBeLessThan(590);
    expect(byName.reset!.attempts[0]!.error).toMatch(/^request to 127\.0\.0\.1:\d+ failed: /);
    for (const record of records) {
      for (const a of record.attempts) expect(a.status === undefined).toBe(a.error !== undefined);
    }
  });

  it('waits as long as Retry-After asks before retrying', async () => {
    receiver = await startTestReceiver((_, i) => (i === 0 ? { status: 503, headers: { 'retry-after': '1' } } : { status: 200 }));
    const webhooks = create(); // backoff alone would retry after 50 ms
    await webhooks.dispatch(order(3));
    const [record] = await settle(webhooks, 1);
    const [first, second] = receiver.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000 - 20);
    const [failed] = record!.attempts;
    expect(failed!.nextRetryAt! - failed!.startedAt).toBeGreaterThanOrEqual(1000);
    expect(record!.attempts.map((a) => a.status)).toEqual([503, 200]);
  });

  it('gives the same requests and log entries inline and through the transport', async () => {
    receiver = await startTestReceiver((_, i) => (i % 2 === 0 ? { status: 500 } : { status: 200 }));
    const shape = async (webhooks: Webhooks) => {
      const before = receiver.requests.length;
      const { deliveries } = await webhooks.dispatch({ ...order(7), id: 'evt_FIXED0000000000000000000', timestamp: '2026-01-24T10:00:00Z' });
      await settle(webhooks, 1);
      const record = await webhooks.deliveryLog.get(deliveries[0]!.deliveryId);
      const requests = receiver.requests.slice(before).map((r) => ({
        method: r.method,
        body: r.body,
        headers: Object.fromEntries(
          Object.entries(r.headers).filter(([k]) => !['x-webhook-timestamp', 'x-webhook-signature', 'x-webhook-delivery-id', 'host', 'connection'].includes(k)),
        ),
      }));
      return { requests, state: record!.state, attempts: record!.attempts.map((a) => [a.attempt, a.outcome, a.status, a.reason]) };
    };
    // Inline with no transport retries on its own timers; inline with one retries through it.
    const inline = await shape(create({ asyncDelivery: false }, null));
    const inlineWithTransport = await shape(create({ asyncDelivery: false }));
    const queued = await shape(create({ asyncDelivery: true }));
    expect(inlineWithTransport).toEqual(inline);
    expect(queued).toEqual(inline);
    expect(inline.attempts).toEqual([[1, 'retry', 500, 'HTTP 500'], [2, 'success', 200, 'HTTP 200']]);
  });

  it("keeps an endpoint's maxConcurrency without letting its backlog hold up other endpoints", async () => {
    // Every request to /slow takes about 150 ms; /fast answers at once.
    receiver = await startTestReceiver((request) => (request.path === '/slow' ? { trickle: { chunks: 3, everyMs: 50 } } : { status: 200 }));
    // The real sender, counting the attempts it has in flight per URL.
    const undici = createUndiciSender();
    const inFlight = new Map<string, number>();
    const most = new Map<string, number>();
    const sender: Sender = {
      async send(request) {
        const now = (inFlight.get(request.url) ?? 0) + 1;
        inFlight.set(request.url, now);
        most.set(request.url, Math.max(most.get(request.url) ?? 0, now));
        try {
          return await undici.send(request);
        } finally {
          inFlight.set(request.url, inFlight.get(request.url)! - 1);
        }
      },
      close: () => undici.close(),
    };
    const webhooks = createWebhooks(
      defineWebhooks({
        allowPrivateNetwork: true,
        endpoints: [
          { name: 'slow', url: receiver.url('/slow'), secret: SECRET, events: ['order.paid'], maxConcurrency: 2 },
          { name: 'fast', url: receiver.url('/fast'), secret: SECRET, events: ['order.shipped'] },
        ],
      }),
      { transport: createMemoryTransport({ concurrency: 4 }), sender },
    );
    open.push(webhooks);
    for (let id = 1; id <= 12; id++) await webhooks.dispatch(order(id));
    await webhooks.dispatch({ ...order(99), event: 'order.shipped' });
    // The fast endpoint's job was queued behind twelve slow ones and four slots; had the slow
    // endpoint's waiting jobs kept their slots, it would have gone only after most of them.
    await waitFor(() => receiver.requests.some((r) => r.path === '/fast'), { what: 'the fast endpoint\'s request' });
    const fastAt = receiver.requests.findIndex((r) => r.path === '/fast');
    expect(fastAt).toBeLessThanOrEqual(4); // slow requests that arrived first: at most the first round and a half

    const records = await settle(webhooks, 13);
    expect(records.filter((r) => r.state === 'succeeded')).toHaveLength(13);
    expect(receiver.requests.filter((r) => r.path === '/slow')).toHaveLength(12);
    expect(most.get(receiver.url('/slow'))).toBe(2);
    // Sent back to the transport is not an attempt: each slow delivery shows one.
    for (const record of records) expect(record.attempts).toHaveLength(1);
  });

  it('replays every finished delivery of an event through the transport, with the same event id and body', async () => {
    let accept = false;
    receiver = await startTestReceiver(() => (accept ? { status: 200 } : { status: 400 }));
    const webhooks = create({
      endpoints: [
        { name: 'crm', url: receiver.url('/crm'), secret: SECRET },
        { name: 'erp', url: receiver.url('/erp'), secret: SECRET },
      ],
    });
    const { event } = await webhooks.dispatch(order(5));
    expect((await settle(webhooks, 2)).map((r) => r.state)).toEqual(['dead', 'dead']);
    accept = true;
    expect(await webhooks.replayEvent(event.id)).toBe(2);
    await waitFor(() => receiver.requests.length === 4, { what: 'the two replayed requests' });
    const [first, replayed] = [receiver.requests.slice(0, 2), receiver.requests.slice(2)];
    const byPath = (requests: typeof first) => Object.fromEntries(requests.map((r) => [r.path, [r.headers['x-webhook-event-id'], r.body]]));
    expect(byPath(replayed)).toEqual(byPath(first));
    expect(replayed.every((r) => r.headers['x-webhook-event-id'] === event.id)).toBe(true);
    let records = await webhooks.deliveryLog.find({ eventId: event.id });
    while (records.some((r) => r.state !== 'succeeded')) {
      await sleep(10);
      records = await webhooks.deliveryLog.find({ eventId: event.id });
    }
    // The log keeps the failed attempt and adds the replayed one.
    expect(records.map((r) => r.attempts.map((a) => a.status))).toEqual([[400, 200], [400, 200]]);
  });

  it('loses no accepted job when closed with work in flight and queued', async () => {
    receiver = await startTestReceiver(() => ({ trickle: { chunks: 2, everyMs: 50 } }));
    const first = create({}, { concurrency: 2 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => first.dispatch(order(i))));
    await first.close({ timeoutMs: 60 });
    const delivered = new Set(receiver.requests.map((r) => JSON.parse(r.body).object.id));
    const pending = await first.deliveryLog.find({ state: 'pending' });
    expect(delivered.size + pending.length).toBe(12);
    expect(pending.length).toBeGreaterThan(0);
    const second = createWebhooks(first.config, {
      transport: createMemoryTransport(),
      sender: createUndiciSender(),
      deliveryLog: first.deliveryLog,
    });
    open.push(second);
    expect(await second.recover()).toBe(pending.length);
    await settle(second, 12);
    expect(new Set(receiver.requests.map((r) => JSON.parse(r.body).object.id)).size).toBe(12);
  });

  it('keeps retries waiting at close on record, and a new instance sends them when due', async () => {
    const seen = new Map<number, number>();
    receiver = await startTestReceiver((request) => {
      const id = JSON.parse(request.body).object.id as number;
      seen.set(id, (seen.get(id) ?? 0) + 1);
      return seen.get(id) === 1 ? { status: 500 } : { status: 200 };
    });
    const first = create({ retry: { initialDelayMs: 800, jitter: 0 } });
    await Promise.all([1, 2, 3].map((id) => first.dispatch(order(id))));
    await receiver.waitFor(3);
    let retrying = await first.deliveryLog.find({ state: 'retrying' });
    while (retrying.length < 3) {
      await sleep(10);
      retrying = await first.deliveryLog.find({ state: 'retrying' });
    }
    await first.close({ timeoutMs: 100 });
    expect(receiver.requests).toHaveLength(3); // closed before any retry was due

    const second = createWebhooks(first.config, { transport: createMemoryTransport(), sender: createUndiciSender(), deliveryLog: first.deliveryLog });
    open.push(second);
    expect(await second.recover()).toBe(3);
    const records = await settle(second, 3);
    expect(records.map((r) => [r.state, r.attempts.map((a) => a.status)])).toEqual(Array(3).fill(['succeeded', [500, 200]]));
    // Each retry waited for its recorded time, not sent at once on recover().
    for (const record of records) {
      const [failed, retried] = record.attempts;
      expect(retried!.startedAt).toBeGreaterThanOrEqual(failed!.nextRetryAt!);
    }
  });

  it('holds queued deliveries while their endpoint is disabled, and sends them once it is enabled', async () => {
    receiver = await startTestReceiver((_, i) => (i === 0 ? { status: 410 } : { status: 200 }));
    const webhooks = create();
    await webhooks.dispatch(order(1));
    await waitFor(() => webhooks.endpointStatus('crm').state === 'disabled', { what: 'the endpoint disabled by its 410' });
    await Promise.all([2, 3].map((id) => webhooks.dispatch(order(id))));
    let held = await webhooks.deliveryLog.find({ state: 'held' });
    while (held.length < 2) {
      await sleep(10);
      held = await webhooks.deliveryLog.find({ state: 'held' });
    }
    expect(receiver.requests).toHaveLength(1);
    expect(held[0]!.reason).toBe('the endpoint answered 410 Gone');

    expect(await webhooks.enableEndpoint('crm')).toBe(2);
    await receiver.waitFor(3);
    expect(receiver.requests.slice(1).map((r) => JSON.parse(r.body).object.id).sort()).toEqual(['2', '3']);
  });

  it('refuses new dispatches with log_full once held deliveries fill the memory log, and loses none of them', async () => {
    receiver = await startTestReceiver();
    const webhooks = createWebhooks(
      defineWebhooks({ allowPrivateNetwork: true, endpoints: [{ name: 'crm', url: receiver.url(), secret: SECRET }] }),
      { transport: createMemoryTransport(), sender: createUndiciSender(), deliveryLog: createMemoryDeliveryLog({ maxRecords: 5 }) },
    );
    open.push(webhooks);
    await webhooks.disableEndpoint('crm');
    for (let id = 1; id <= 5; id++) await webhooks.dispatch(order(id));
    await waitFor(async () => (await webhooks.deliveryLog.find({ state: 'held' })).length === 5, { what: 'five held deliveries' });
    await expect(webhooks.dispatch(order(6))).rejects.toMatchObject({ code: 'log_full' });
    expect(await webhooks.enableEndpoint('crm')).toBe(5);
    await receiver.waitFor(5);
    expect(receiver.requests.map((r) => JSON.parse(r.body).object.id).sort()).toEqual(['1', '2', '3', '4', '5']);
  });

  it('refuses to dispatch once closed', async () => {
    receiver = await startTestReceiver();
    const webhooks = create();
    await webhooks.dispatch(order(1));
    await webhooks.close();
    await expect(webhooks.dispatch(order(2))).rejects.toMatchObject({ code: 'closed' });
    expect(await webhooks.deliveryLog.find({})).toHaveLength(1);
  });

  it('refuses loopback targets and names that resolve to them unless allowed', async () => {
    receiver = await startTestReceiver();
    const port = new URL(receiver.origin).port;
    const webhooks = create({
      allowPrivateNetwork: false,
      endpoints: [
        { name: 'ip', url: receiver.url(), secret: SECRET },
        { name: 'name', url: `http://localhost:${port}/hooks`, secret: SECRET },
        { name: 'allowed', url: receiver.url(), secret: SECRET, allowPrivateNetwork: true },
      ],
    });
    await webhooks.dispatch(order(1));
    const records = await settle(webhooks, 3);
    const states = Object.fromEntries(records.map((r) => [r.job.endpoint, [r.state, r.reason ?? null]]));
    expect(states).toEqual({ ip: ['dead', 'ssrf_blocked'], name: ['dead', 'ssrf_blocked'], allowed: ['succeeded', null] });
    expect(records.find((r) => r.job.endpoint === 'name')!.attempts[0]!.error).toMatch(/localhost/);
    expect(receiver.requests).toHaveLength(1);
  });
});
