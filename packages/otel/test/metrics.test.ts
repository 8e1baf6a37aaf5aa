import { createWebhooks, defineWebhooks, type Webhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import type { Histogram } from '@opentelemetry/sdk-metrics';
import { createUndiciSender } from '@webhooks/undici';
import { describe, expect, it } from 'vitest';
import { createWebhooksTelemetry } from '../src/index.js';
import { startExpressReceiver } from './express-receiver.js';
import { useTestSdk, valueOf, waitFor } from './otel-sdk.js';

const SECRET = 'otel-metrics-secret';
const env = useTestSdk();
const { cleanup } = env;

describe('metrics with the OpenTelemetry SDK', () => {
  it('counts attempts by endpoint and outcome, their durations, final states and disabled endpoints after real deliveries', async () => {
    const telemetry = createWebhooksTelemetry({ tracerProvider: env.sdk.tracerProvider, meterProvider: env.sdk.meterProvider });
    // /flaky fails once then succeeds; /broken always fails, so its delivery dies after its retry.
    const receiver = await startExpressReceiver({ secret: SECRET, reply: (path, count) => (path === '/flaky' ? (count === 1 ? 503 : 200) : 500) });
    cleanup.push(() => receiver.close());
    const webhooks: Webhooks = createWebhooks(
      defineWebhooks({
        allowPrivateNetwork: true,
        retry: { initialDelayMs: 10, jitter: 0 },
        maxRetries: 1,
        endpoints: [
          { name: 'flaky', url: receiver.url('/flaky'), secret: SECRET },
          { name: 'broken', url: receiver.url('/broken'), secret: SECRET },
        ].map((endpoint) => ({ ...endpoint, events: ['order.paid'] })),
      }),
      { transport: createMemoryTransport(), sender: createUndiciSender(), instrumentation: telemetry },
    );
    cleanup.push(() => webhooks.close({ timeoutMs: 1000 }));
    await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 7 } });
    await waitFor(async () => (await webhooks.deliveryLog.find({ state: ['succeeded', 'dead'] })).length === 2, 'both deliveries to finish');
    await webhooks.disableEndpoint('broken', 'partner maintenance');

    const attempts = await env.sdk.points('webhooks.attempts');
    expect(valueOf(attempts, { 'webhooks.endpoint': 'flaky', 'webhooks.attempt.outcome': 'retry' })).toBe(1);
    expect(valueOf(attempts, { 'webhooks.endpoint': 'flaky', 'webhooks.attempt.outcome': 'success' })).toBe(1);
    expect(valueOf(attempts, { 'webhooks.endpoint': 'broken', 'webhooks.attempt.outcome': 'retry' })).toBe(1);
    expect(valueOf(attempts, { 'webhooks.endpoint': 'broken', 'webhooks.attempt.outcome': 'failed' })).toBe(1);
    const durations = await env.sdk.points('webhooks.attempt.duration');
    const flakySuccess = valueOf(durations, { 'webhooks.endpoint': 'flaky', 'webhooks.attempt.outcome': 'success' }) as Histogram;
    expect(flakySuccess.count).toBe(1);
    expect(flakySuccess.sum).toBeGreaterThanOrEqual(0);
    const deliveries = await env.sdk.points('webhooks.deliveries');
    expect(valueOf(deliveries, { 'webhooks.endpoint': 'flaky', 'webhooks.delivery.state': 'succeeded' })).toBe(1);
    expect(valueOf(deliveries, { 'webhooks.endpoint': 'broken', 'webhooks.delivery.state': 'dead' })).toBe(1);
    expect(valueOf(await env.sdk.points('webhooks.endpoints.disabled'), { 'webhooks.endpoint': 'broken' })).toBe(1);

    // A delivery to a disabled endpoint is held: a final state for now, counted as such.
    await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 8 } });
    await waitFor(async () => (await webhooks.deliveryLog.find({ state: 'held' })).length === 1, 'the held delivery');
    expect(valueOf(await env.sdk.points('webhooks.deliveries'), { 'webhooks.endpoint': 'broken', 'webhooks.delivery.state': 'held' })).toBe(1);
  });

  it('reports the jobs waiting in a memory queue as a gauge', async () => {
    const telemetry = createWebhooksTelemetry({ tracerProvider: env.sdk.tracerProvider, meterProvider: env.sdk.meterProvider });
    const transport = createMemoryTransport();
    const stop = telemetry.observe({ queue: transport });
    // Nothing consumes yet: published jobs wait in the queue.
    await transport.publish([1, 2, 3].map((n) => ({ deliveryId: `dlv_${n}`, eventId: 'evt_1', eventName: 'order.paid', endpoint: 'crm', body: '{}', attempt: 1, key: `k${n}`, createdAt: 0 })));
    await transport.schedule({ deliveryId: 'dlv_4', eventId: 'evt_1', eventName: 'order.paid', endpoint: 'crm', body: '{}', attempt: 2, key: 'k4', createdAt: 0 }, Date.now() + 60_000);
    const depth = await env.sdk.points('webhooks.queue.depth');
    expect(valueOf(depth, { 'webhooks.queue.state': 'ready' })).toBe(3);
    expect(valueOf(depth, { 'webhooks.queue.state': 'delayed' })).toBe(1);
    stop();
    await transport.close({ timeoutMs: 100 });
  });
});
