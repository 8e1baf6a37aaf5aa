import {
  createFetchSender,
  createMemoryDeliveryLog,
  createWebhooks,
  defineWebhooks,
  runWithUser,
  verifySignature,
  type EngineEvent,
  type WebhookConfigOptions,
} from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { createManualClock, sleep, startTestReceiver, type Reply, type TestReceiver } from '@webhooks/testing';
import { afterEach, describe, expect, it } from 'vitest';

const SECRET = 'engine-test-secret';
let receiver: TestReceiver;
afterEach(() => receiver?.close());

async function setup(replies: Reply[] | ((i: number) => Reply), config: Partial<WebhookConfigOptions> = {}) {
  receiver = await startTestReceiver((_, i) => (typeof replies === 'function' ? replies(i) : (replies[i] ?? { status: 200 })));
  const clock = createManualClock();
  const events: EngineEvent[] = [];
  const webhooks = createWebhooks(
    defineWebhooks({
      asyncDelivery: false,
      allowPrivateNetwork: true,
      retry: { initialDelayMs: 1000, jitter: 0 },
      endpoints: [{ name: 'crm', url: receiver.url(), secret: SECRET }],
      ...config,
    }),
    { sender: createFetchSender(), clock, onEvent: (e) => events.push(e) },
  );
  return { webhooks, clock, events };
}

const order = { event: 'order.paid', model: 'store.Order', object: { id: 42, total: '150.00' } };

describe('inline delivery', () => {
  it('sends a signed request that a receiver can verify', async () => {
    const { webhooks, clock } = await setup([{ status: 200 }]);
    const { event, deliveries } = await webhooks.dispatch(order);
    expect(deliveries).toEqual([{ deliveryId: expect.stringMatching(/^dlv_/), endpoint: 'crm', state: 'succeeded' }]);
    const [request] = receiver.requests;
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['x-webhook-event-id']).toBe(event.id);
    expect(request!.headers['x-webhook-delivery-id']).toBe(deliveries[0]!.deliveryId);
    expect(request!.headers['x-webhook-attempt']).toBe('1');
    expect(JSON.parse(request!.body)).toEqual(event);
    await expect(verifySignature(request!.headers, request!.body, { secret: SECRET, now: clock.now() })).resolves.toMatchObject({
      timestamp: Math.floor(clock.now() / 1000),
    });
  });

  it('retries a 500 with backoff, signing each attempt afresh, until it succeeds', async () => {
    const { webhooks, clock } = await setup([{ status: 500 }, { status: 502 }, { status: 200 }]);
    const { deliveries } = await webhooks.dispatch(order);
    expect(deliveries[0]!.state).toBe('retrying');
    await clock.advance(999);
    expect(receiver.requests).toHaveLength(1);
    await clock.advance(1);
    await receiver.waitFor(2);
    await clock.advance(2000);
    await receiver.waitFor(3);
    const record = await webhooks.deliveryLog.get(deliveries[0]!.deliveryId);
    expect(record!.state).toBe('succeeded');
    expect(record!.attempts.map((a) => [a.attempt, a.outcome, a.status, a.nextRetryAt! - a.startedAt || 0])).toEqual([
      [1, 'retry', 500, 1000],
      [2, 'retry', 502, 2000],
      [3, 'success', 200, 0],
    ]);
    const ids = new Set(receiver.requests.map((r) => r.headers['x-webhook-event-id']));
    const stamps = new Set(receiver.requests.map((r) => r.headers['x-webhook-timestamp']));
    expect(ids.size).toBe(1);
    expect(stamps.size).toBe(3);
    expect(receiver.requests.map((r) => r.headers['x-webhook-attempt'])).toEqual(['1', '2', '3']);
  });

  it('declares a delivery dead after maxRetries and keeps it in the log', async () => {
    const { webhooks, clock } = await setup(() => ({ status: 500, body: 'boom' }), { maxRetries: 2 });
    const { deliveries } = await webhooks.dispatch(order);
    while (await clock.next());
    const record = await webhooks.deliveryLog.get(deliveries[0]!.deliveryId);
    expect(record).toMatchObject({ state: 'dead', reason: 'gave up after 3 attempts; last: HTTP 500' });
    expect(record!.attempts.map((a) => a.responseBody)).toEqual(['boom', 'boom', 'boom']);
    // The attempt that used up the retries failed for good: no retry follows it.
    expect(record!.attempts.map((a) => [a.outcome, a.nextRetryAt])).toEqual([['retry', expect.any(Number)], ['retry', expect.any(Number)], ['failed', undefined]]);
    expect(await webhooks.deliveryLog.find({ state: 'dead' })).toHaveLength(1);
  });

  it('does not retry a 400 or a redirect', async () => {
    const { webhooks, clock } = await setup([{ status: 400 }, { status: 301, headers: { location: '/elsewhere' } }]);
    const first = await webhooks.dispatch(order);
    const second = await webhooks.dispatch(order);
    expect([first.deliveries[0]!.state, second.deliveries[0]!.state]).toEqual(['dead', 'dead']);
    expect(clock.pending).toBe(0);
    expect(receiver.requests.map((r) => r.path)).toEqual(['/hooks', '/hooks']);
    const redirect = await webhooks.deliveryLog.get(second.deliveries[0]!.deliveryId);
    expect(redirect!.reason).toBe('HTTP 301 (redirects are not followed)');
  });

  it('waits as long as Retry-After asks', async () => {
    const { webhooks, clock } = await setup([{ status: 503, headers: { 'retry-after': '30' } }, { status: 200 }]);
    const { deliveries } = await webhooks.dispatch(order);
    const [attempt] = (await webhooks.deliveryLog.get(deliveries[0]!.deliveryId))!.attempts;
    expect(attempt!.nextRetryAt! - attempt!.startedAt).toBe(30_000);
    await clock.advance(29_999);
    expect(receiver.requests).toHaveLength(1);
    await clock.advance(1);
    await receiver.waitFor(2);
  });

  it('replays a dead delivery with the same event id and a fresh retry budget', async () => {
    const { webhooks, clock } = await setup([{ status: 500 }, { status: 500 }, { status: 200 }], { maxRetries: 1 });
    const { event, deliveries } = await webhooks.dispatch(order);
    while (await clock.next());
    expect((await webhooks.deliveryLog.get(deliveries[0]!.deliveryId))!.state).toBe('dead');
    await webhooks.replay(deliveries[0]!.deliveryId);
    await receiver.waitFor(3);
    expect(receiver.requests[2]!.headers['x-webhook-event-id']).toBe(event.id);
    expect(receiver.requests[2]!.body).toBe(receiver.requests[0]!.body);
    expect((await webhooks.deliveryLog.get(deliveries[0]!.deliveryId))!.state).toBe('succeeded');
    await expect(webhooks.replay('dlv_missing')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses to replay a succeeded delivery whose body the default memory log dropped, and says how to keep it', async () => {
    const { webhooks } = await setup([{ status: 200 }]);
    const { event, deliveries } = await webhooks.dispatch(order);
    const record = await webhooks.deliveryLog.get(deliveries[0]!.deliveryId);
    expect(record).toMatchObject({ state: 'succeeded', bodyDropped: true, job: { body: '' } });

    await expect(webhooks.replay(deliveries[0]!.deliveryId)).rejects.toThrow(/keepSucceededBodies/);
    await expect(webhooks.replayEvent(event.id)).rejects.toMatchObject({ code: 'invalid_argument' });
    expect(receiver.requests).toHaveLength(1);
  });

  it('replays a succeeded delivery when the memory log keeps succeeded bodies', async () => {
    receiver = await startTestReceiver(() => ({ status: 200 }));
    const webhooks = createWebhooks(
      defineWebhooks({ asyncDelivery: false, allowPrivateNetwork: true, endpoints: [{ name: 'crm', url: receiver.url(), secret: SECRET }] }),
      { sender: createFetchSender(), deliveryLog: createMemoryDeliveryLog({ keepSucceededBodies: true }) },
    );
    const { deliveries } = await webhooks.dispatch(order);
    await webhooks.replay(deliveries[0]!.deliveryId);
    await receiver.waitFor(2);
    expect(receiver.requests[1]!.body).toBe(receiver.requests[0]!.body);
  });

  it('disables an endpoint that answers 410, holds its deliveries, and resumes them when re-enabled', async () => {
    const { webhooks, events } = await setup([{ status: 410 }, { status: 200 }, { status: 200 }]);
    await webhooks.dispatch(order);
    expect(webhooks.endpointStatus('crm')).toMatchObject({ state: 'disabled', reason: 'the endpoint answered 410 Gone' });
    const held = await webhooks.dispatch({ ...order, object: { id: 43 } });
    expect(held.deliveries[0]!.state).toBe('held');
    expect(receiver.requests).toHaveLength(1);
    expect(events.some((e) => e.type === 'endpoint_disabled')).toBe(true);
    expect(await webhooks.enableEndpoint('crm')).toBe(1);
    await receiver.waitFor(2);
    expect(JSON.parse(receiver.requests[1]!.body).object.id).toBe('43');
  });

  it('re-enabling an endpoint that fails again returns, leaving what is held again for the next enable', async () => {
    const { webhooks } = await setup(() => ({ status: 410 }));
    await webhooks.dispatch(order);
    for (let i = 0; i < 3; i++) expect((await webhooks.dispatch(order)).deliveries[0]!.state).toBe('held');
    const enabled = webhooks.enableEndpoint('crm');
    const outcome = await Promise.race([enabled, sleep(5000).then(() => 'still running after 5 s')]);
    expect(outcome).toBe(3);
    expect(webhooks.endpointStatus('crm').state).toBe('disabled');
    expect(await webhooks.deliveryLog.find({ endpoint: 'crm', state: 'held' })).toHaveLength(2);
  });

  it('disables an endpoint after a run of consecutive failures', async () => {
    const { webhooks } = await setup(() => ({ status: 503 }), { disableAfterFailures: 3, maxRetries: 0 });
    for (let i = 0; i < 3; i++) await webhooks.dispatch(order);
    expect(webhooks.endpointStatus('crm')).toMatchObject({ state: 'disabled', consecutiveFailures: 3 });
    expect((await webhooks.dispatch(order)).deliveries[0]!.state).toBe('held');
  });

  it('never disables an endpoint for payloads it refuses (400, 422): those say nothing of its health', async () => {
    const { webhooks } = await setup((i) => ({ status: i % 2 === 0 ? 400 : 422 }), { disableAfterFailures: 3 });
    for (let i = 0; i < 6; i++) expect((await webhooks.dispatch(order)).deliveries[0]!.state).toBe('dead');
    expect(webhooks.endpointStatus('crm')).toMatchObject({ state: 'active', consecutiveFailures: 0 });
    expect(receiver.requests).toHaveLength(6);
  });

  it('refuses loopback targets unless private networks are allowed', async () => {
    const { webhooks } = await setup([], { allowPrivateNetwork: false });
    const { deliveries } = await webhooks.dispatch(order);
    const record = await webhooks.deliveryLog.get(deliveries[0]!.deliveryId);
    expect(record).toMatchObject({ state: 'dead', reason: 'ssrf_blocked' });
    expect(receiver.requests).toHaveLength(0);
  });

  it('attaches the acting user from runWithUser, unless the dispatch names one', async () => {
    const { webhooks } = await setup([]);
    const fromContext = await runWithUser({ id: 7, username: 'ann' }, async () => {
      await Promise.resolve();
      return webhooks.dispatch(order);
    });
    const explicit = await runWithUser({ id: 7 }, () => webhooks.dispatch({ ...order, user: null }));
    expect(fromContext.event.user).toEqual({ id: '7', username: 'ann' });
    expect(explicit.event.user).toBeNull();
    expect((await webhooks.dispatch(order)).event.user).toBeNull();
  });

  it('expands action names in dispatchModelEvent', async () => {
    const { webhooks } = await setup([]);
    const created = await webhooks.dispatchModelEvent('created', { id: 1 }, { model: 'store.OrderItem' });
    const paid = await webhooks.dispatchModelEvent('order.paid', { id: 1 }, { model: 'store.Order', changes: { status: { old: 'A', new: 'B' } } });
    expect([created.event.event, paid.event.event]).toEqual(['order_item.created', 'order.paid']);
    expect(paid.event.changes).toEqual({ status: { old: 'A', new: 'B' } });
    expect(() => webhooks.dispatchModelEvent('paid', {}, { model: 'store.Order' })).toThrow('got "paid"');
    const byUser = await runWithUser({ id: 7 }, () =>
      webhooks.dispatchModelEvent('order.paid', { id: 2 }, { model: 'store.Order', user: { id: 9, email: 'bo@example.com' } }),
    );
    expect(byUser.event.user).toEqual({ id: '9', email: 'bo@example.com' });
  });

  it('sends nothing when webhooks are disabled', async () => {
    const { webhooks } = await setup([], { enabled: false });
    expect((await webhooks.dispatch(order)).deliveries).toEqual([]);
    expect(receiver.requests).toHaveLength(0);
  });

  it('keeps pending retries across close and resumes them with recover()', async () => {
    const { webhooks, clock } = await setup([{ status: 500 }, { status: 200 }]);
    const { deliveries } = await webhooks.dispatch(order);
    await webhooks.close();
    expect(clock.pending).toBe(0);
    await expect(webhooks.dispatch(order)).rejects.toMatchObject({ code: 'closed' });
    const again = createWebhooks(webhooks.config, {
      sender: createFetchSender(),
      clock,
      deliveryLog: webhooks.deliveryLog,
    });
    expect(await again.recover()).toBe(1);
    await clock.advance(1000);
    await receiver.waitFor(2);
    expect((await again.deliveryLog.get(deliveries[0]!.deliveryId))!.state).toBe('succeeded');
  });

  it('needs no sender in a publish-only process, and a sender everywhere else', () => {
    const transport = createMemoryTransport();
    expect(() => createWebhooks({ endpoints: [] }, { transport, worker: false })).not.toThrow();
    expect(() => createWebhooks({ endpoints: [] }, { transport })).toThrow('createWebhooks needs a sender');
    expect(() => createWebhooks({ asyncDelivery: false, endpoints: [] }, {})).toThrow('createWebhooks needs a sender');
  });

  it('requires a transport for asynchronous delivery', () => {
    expect(() => createWebhooks({ endpoints: [] }, { sender: createFetchSender() })).toThrow('asyncDelivery needs a transport');
  });
});
