import { context, SpanKind, trace } from '@opentelemetry/api';
import { createWebhooks, defineWebhooks, signPayload, type Webhooks } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { createUndiciSender } from '@webhooks/undici';
import { describe, expect, it } from 'vitest';
import { createWebhooksTelemetry } from '../src/index.js';
import { startExpressReceiver } from './express-receiver.js';
import { useTestSdk, waitFor } from './otel-sdk.js';

const SECRET = 'otel-test-secret';
const env = useTestSdk();
const { cleanup } = env;

async function setUp(options: { reply?: (path: string, count: number) => number; url?: (base: (path?: string) => string) => string; traceContext?: boolean; telemetry?: ReturnType<typeof createWebhooksTelemetry> } = {}) {
  const telemetry = options.telemetry ?? createWebhooksTelemetry({ tracerProvider: env.sdk.tracerProvider, meterProvider: env.sdk.meterProvider });
  const receiver = await startExpressReceiver({ secret: SECRET, instrumentation: telemetry, reply: options.reply });
  cleanup.push(() => receiver.close());
  const webhooks: Webhooks = createWebhooks(
    defineWebhooks({
      allowPrivateNetwork: true,
      retry: { initialDelayMs: 20, jitter: 0 },
      endpoints: [{ name: 'crm', url: options.url?.(receiver.url) ?? receiver.url(), secret: SECRET, events: ['order.paid'] }],
    }),
    { transport: createMemoryTransport(), sender: createUndiciSender({ traceContext: options.traceContext }), instrumentation: telemetry },
  );
  cleanup.push(() => webhooks.close({ timeoutMs: 1000 }));
  return { webhooks, receiver, telemetry };
}

const paid = { event: 'order.paid', model: 'store.Order', object: { id: 42, total: '150.00', card: '4242-SECRET-CARD' } };

describe('tracing with the OpenTelemetry SDK', () => {
  it('puts the attempt and the receiver’s verification in the trace of the request that dispatched the event', async () => {
    const { webhooks, receiver } = await setUp();
    const request = env.sdk.tracerProvider.getTracer('app').startSpan('POST /orders/42/pay', { kind: SpanKind.SERVER });
    await context.with(trace.setSpan(context.active(), request), () => webhooks.dispatch(paid));
    request.end();
    await waitFor(() => env.sdk.spans('webhooks.verify').length === 1 && env.sdk.spans('webhooks.attempt').length === 1, 'attempt and verification spans');

    const traceId = request.spanContext().traceId;
    const [dispatch] = env.sdk.spans('webhooks.dispatch');
    const [attempt] = env.sdk.spans('webhooks.attempt');
    const [verify] = env.sdk.spans('webhooks.verify');
    expect(dispatch!.spanContext().traceId).toBe(traceId);
    expect(dispatch!.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(dispatch!.attributes).toMatchObject({ 'webhooks.event.name': 'order.paid', 'webhooks.model': 'store.Order', 'webhooks.endpoint.count': 1 });
    // The attempt is a child of the span that planned the delivery, and linked to it.
    expect(attempt!.spanContext().traceId).toBe(traceId);
    expect(attempt!.parentSpanContext?.spanId).toBe(dispatch!.spanContext().spanId);
    expect(attempt!.links.map((link) => link.context.spanId)).toEqual([dispatch!.spanContext().spanId]);
    // The receiver continued the traceparent the attempt sent.
    expect(receiver.received[0]!.headers.traceparent).toBe(`00-${traceId}-${attempt!.spanContext().spanId}-01`);
    expect(verify!.spanContext().traceId).toBe(traceId);
    expect(verify!.parentSpanContext?.spanId).toBe(attempt!.spanContext().spanId);
    expect(verify!.attributes).toMatchObject({ 'webhooks.verification.result': 'verified', 'webhooks.event.id': receiver.received[0]!.eventId });
  });

  it('records each attempt’s method, URL without query values, status, number and outcome, and never a body or secret', async () => {
    const { webhooks } = await setUp({ reply: (_path, count) => (count === 1 ? 503 : 200), url: (base) => `${base('/hooks')}?token=partner-token-123` });
    const { deliveries } = await webhooks.dispatch(paid);
    await waitFor(() => env.sdk.spans('webhooks.attempt').length === 2, 'two attempts');
    const [first, second] = env.sdk.spans('webhooks.attempt').sort((a, b) => Number(a.attributes['webhooks.attempt.number']) - Number(b.attributes['webhooks.attempt.number']));
    expect(first!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 503,
      'webhooks.attempt.number': 1,
      'webhooks.attempt.outcome': 'retry',
      'webhooks.delivery.id': deliveries[0]!.deliveryId,
      'error.type': '503',
    });
    expect(first!.attributes['url.full']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/hooks\?token=REDACTED$/);
    expect(first!.status.code).toBe(2);
    expect(second!.attributes).toMatchObject({ 'http.response.status_code': 200, 'webhooks.attempt.number': 2, 'http.request.resend_count': 1, 'webhooks.attempt.outcome': 'success' });
    const everything = JSON.stringify(env.sdk.spans().map((span) => [span.attributes, span.events]));
    for (const secret of [SECRET, 'partner-token-123', '4242-SECRET-CARD', '150.00']) expect(everything).not.toContain(secret);
  });

  it('records a network failure as an error on the attempt span', async () => {
    const { webhooks } = await setUp({ url: () => 'http://127.0.0.1:9/hooks' });
    await webhooks.dispatch(paid);
    const [attempt] = await waitFor(() => env.sdk.spans('webhooks.attempt').length > 0 && env.sdk.spans('webhooks.attempt'), 'a failed attempt');
    expect(attempt!.attributes['webhooks.attempt.outcome']).toBe('retry');
    expect(attempt!.attributes['error.type']).toBe('network_error');
    expect(attempt!.events.map((event) => event.name)).toEqual(['exception']);
  });

  it('gives a rejected request’s verification span the rejection code, in the sender’s trace', async () => {
    const { receiver } = await setUp();
    const body = JSON.stringify({ id: 'evt_1', event: 'order.paid', timestamp: new Date().toISOString(), model: { app: 'store', name: 'Order' }, object: { id: '1' } });
    const headers = await signPayload({ body, secret: 'not-the-secret', eventId: 'evt_1' });
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const response = await fetch(receiver.url(), { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json', traceparent } });
    expect(response.status).toBe(401);
    const [verify] = await waitFor(() => env.sdk.spans('webhooks.verify').length > 0 && env.sdk.spans('webhooks.verify'), 'the verification span');
    expect(verify!.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(verify!.parentSpanContext?.spanId).toBe('b7ad6b7169203331');
    expect(verify!.attributes).toMatchObject({ 'webhooks.verification.result': 'rejected', 'webhooks.verification.rejection_code': 'no_matching_signature' });
  });

  it('sends no traceparent when the sender is told not to, and still traces the attempt', async () => {
    const { webhooks, receiver } = await setUp({ traceContext: false });
    await context.with(trace.setSpan(context.active(), env.sdk.tracerProvider.getTracer('app').startSpan('request')), () => webhooks.dispatch(paid));
    await waitFor(() => receiver.received.length === 1 && env.sdk.spans('webhooks.attempt').length === 1, 'the delivery');
    expect(receiver.received[0]!.headers.traceparent).toBeUndefined();
  });

  it('captures nothing when no SDK is registered: no trace context on jobs, no traceparent on requests', async () => {
    const { webhooks, receiver } = await setUp({ telemetry: createWebhooksTelemetry() });
    const { jobs } = webhooks.plan(paid);
    expect(jobs[0]!.trace).toBeUndefined();
    await webhooks.dispatch(paid);
    await waitFor(() => receiver.received.length === 1, 'the delivery');
    expect(receiver.received[0]!.headers.traceparent).toBeUndefined();
    expect(env.sdk.spans()).toEqual([]);
  });
});
