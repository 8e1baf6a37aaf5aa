import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { createWebhooks, defineWebhooks, type Transport, type Webhooks } from '@webhooks/core';
import { createKafkaTransport, ensureKafkaTopics } from '@webhooks/kafka';
import { createMemoryTransport } from '@webhooks/memory';
import { MikroORM, type Options } from '@mikro-orm/core';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import { attachWebhooks as attachMikroOrm, createMikroOrmDeliveryLog, webhookEntities } from '@webhooks/mikro-orm';
import { createWebhooksTelemetry } from '@webhooks/otel';
import { attachWebhooks, createSequelizeDeliveryLog, createSequelizeOutbox, defineWebhookModels } from '@webhooks/sequelize';
import { createUndiciSender } from '@webhooks/undici';
import express from 'express';
import { DataTypes, QueryTypes, Sequelize } from 'sequelize';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startExpressReceiver } from '../../otel/test/express-receiver.js';
import { createTestSdk, valueOf, waitFor } from '../../otel/test/otel-sdk.js';

const SECRET = 'otel-e2e-secret';
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:19092';
const SERVER = { dialect: 'postgres' as const, host: '127.0.0.1', port: 5432, username: 'postgres', logging: false };
const dbName = `wh_otel_${process.pid}_${Date.now().toString(36)}`;
const mikroDbName = `${dbName}_mikro`;

beforeAll(async () => {
  const admin = new Sequelize({ ...SERVER, database: 'postgres' });
  for (const name of [dbName, mikroDbName]) await admin.query(`CREATE DATABASE ${name}`);
  await admin.close();
});
afterAll(async () => {
  const admin = new Sequelize({ ...SERVER, database: 'postgres' });
  for (const name of [dbName, mikroDbName]) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.close();
});

let sdk: ReturnType<typeof createTestSdk>;
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of cleanup.splice(0).reverse()) await close();
  await sdk?.shutdown();
});

/** The sending application: a Sequelize model on Postgres and an Express route that changes it inside an HTTP server span. */
async function startShop(transport: (telemetry: ReturnType<typeof createWebhooksTelemetry>) => Transport, relay = true) {
  sdk = createTestSdk();
  const telemetry = createWebhooksTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
  const receiver = await startExpressReceiver({ secret: SECRET, instrumentation: telemetry });
  cleanup.push(() => receiver.close());
  const sequelize = new Sequelize({ ...SERVER, database: dbName });
  cleanup.push(() => sequelize.close());
  const Order = sequelize.define(`Order${Math.random().toString(36).slice(2, 8)}`, { reference: DataTypes.STRING, total: DataTypes.DECIMAL(10, 2) });
  defineWebhookModels(sequelize);
  await sequelize.sync({ force: true });
  const webhooks: Webhooks = createWebhooks(
    defineWebhooks({
      allowPrivateNetwork: true,
      endpoints: [{ name: 'partner', url: receiver.url('/partner?key=secret-query-key'), secret: SECRET, events: ['created'], includeModels: ['*'] }],
    }),
    { transport: transport(telemetry), sender: createUndiciSender(), deliveryLog: createSequelizeDeliveryLog(sequelize), instrumentation: telemetry },
  );
  const shop = attachWebhooks(sequelize, webhooks, { appLabel: 'shop', relay: relay ? { pollIntervalMs: 200 } : false });
  cleanup.push(async () => {
    await shop.detach();
    await webhooks.close({ timeoutMs: 2000 });
  });
  await webhooks.start();
  const app = express();
  const tracer = sdk.tracerProvider.getTracer('shop');
  app.post('/orders', (req, res, next) => {
    const span = tracer.startSpan('POST /orders', { kind: SpanKind.SERVER, attributes: { 'http.request.method': 'POST' } });
    context
      .with(trace.setSpan(context.active(), span), () => sequelize.transaction((transaction) => Order.create({ reference: 'ORD-42', total: '150.00' }, { transaction })))
      .then((order) => res.status(201).json({ id: order.get('id'), traceId: span.spanContext().traceId }), next)
      .finally(() => span.end());
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  const placeOrder = async () => {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`, { method: 'POST' });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: number; traceId: string };
  };
  return { sequelize, webhooks, receiver, telemetry, placeOrder };
}

const transports = {
  memory: () => createMemoryTransport(),
  kafka: (telemetry: ReturnType<typeof createWebhooksTelemetry>) => {
    const prefix = `otel.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const transport = createKafkaTransport({ brokers: BROKERS, prefix, groupId: `${prefix}.workers`, instrumentation: telemetry, commitIntervalMs: 100, maxWaitTimeInMs: 200, onError: () => undefined });
    // Topics exist before the engine starts consuming.
    const consume = transport.consume.bind(transport);
    transport.consume = async (handler) => {
      await ensureKafkaTopics({ brokers: BROKERS, prefix, partitions: 2 });
      return consume(handler);
    };
    return transport;
  },
};

describe.each(Object.keys(transports) as (keyof typeof transports)[])('one trace from an HTTP request through a Sequelize outbox and %s to the receiver', (kind) => {
  it('keeps the request’s trace id on the attempt span and on the receiver’s verification span', { timeout: 90_000 }, async () => {
    const { sequelize, receiver, placeOrder } = await startShop(transports[kind]);
    const { traceId } = await placeOrder();
    await waitFor(() => sdk.spans('webhooks.verify').length === 1 && sdk.spans('webhooks.attempt').length === 1, 'the attempt and the verification', 60_000);

    const [plan] = sdk.spans('webhooks.plan');
    const [attempt] = sdk.spans('webhooks.attempt');
    const [verify] = sdk.spans('webhooks.verify');
    expect(plan!.spanContext().traceId).toBe(traceId);
    expect(plan!.attributes['webhooks.event.name']).toMatch(/^order\w*\.created$/);
    expect(plan!.attributes['webhooks.endpoint.count']).toBe(1);
    expect(attempt!.spanContext().traceId).toBe(traceId);
    expect(verify!.spanContext().traceId).toBe(traceId);
    expect(verify!.parentSpanContext?.spanId).toBe(attempt!.spanContext().spanId);
    expect(attempt!.attributes).toMatchObject({ 'http.response.status_code': 204, 'webhooks.attempt.outcome': 'success', 'webhooks.attempt.number': 1 });
    expect(String(attempt!.attributes['url.full'])).toMatch(/\/partner\?key=REDACTED$/);
    expect(receiver.received[0]!.headers.traceparent).toBe(`00-${traceId}-${attempt!.spanContext().spanId}-01`);

    // The relay's batch is a trace of its own, linked to the planning span.
    const [relay] = sdk.spans('webhooks.relay');
    expect(relay!.attributes['messaging.batch.message_count']).toBe(1);
    expect(relay!.links.map((link) => link.context.spanId)).toEqual([plan!.spanContext().spanId]);
    // The delivery log row keeps the planning span's context, for attempts made after a restart.
    const [row] = await sequelize.query<{ traceparent: string }>('SELECT traceparent FROM webhook_deliveries', { type: QueryTypes.SELECT });
    expect(row!.traceparent).toBe(`00-${traceId}-${plan!.spanContext().spanId}-01`);

    if (kind === 'kafka') {
      const [process] = sdk.spans().filter((span) => span.name.startsWith('process '));
      expect(process!.kind).toBe(SpanKind.CONSUMER);
      expect(process!.spanContext().traceId).toBe(traceId);
      expect(process!.attributes['messaging.system']).toBe('kafka');
      expect(process!.attributes['messaging.destination.partition.id']).toMatch(/^[01]$/);
      expect(attempt!.parentSpanContext?.spanId).toBe(process!.spanContext().spanId);
      const [send] = sdk.spans().filter((span) => span.name.startsWith('send '));
      expect(send!.parentSpanContext?.spanId).toBe(relay!.spanContext().spanId);
      expect(send!.attributes['messaging.destination.name']).toBe(process!.attributes['messaging.destination.name']);
    } else {
      expect(attempt!.parentSpanContext?.spanId).toBe(plan!.spanContext().spanId);
    }
  });
});

describe('outbox backlog gauges on Postgres', () => {
  it('report the rows waiting for the relay and the oldest one’s age, and zero once relayed', { timeout: 60_000 }, async () => {
    const { sequelize, telemetry, placeOrder, webhooks, receiver } = await startShop(transports.memory, false);
    const outbox = createSequelizeOutbox(sequelize);
    telemetry.observe({ outbox, now: () => Date.now() + 60_000 });
    const { traceId } = await placeOrder();
    await placeOrder();
    // The outbox row carries the trace context of the transaction's request inside its packed jobs.
    const rows = await sequelize.query<{ jobs: string }>('SELECT jobs FROM webhook_outbox ORDER BY id', { type: QueryTypes.SELECT });
    expect(rows[0]!.jobs).toContain(`"00-${traceId}-`);
    expect(valueOf(await sdk.points('webhooks.outbox.rows'), {})).toBe(2);
    expect(valueOf(await sdk.points('webhooks.outbox.oldest_age'), {})).toBeGreaterThanOrEqual(60);
    // Relayed by hand: the jobs go out, and the gauges fall to zero.
    await outbox.relayBatch(100, async (jobs) => void (await webhooks.publish(jobs)));
    await waitFor(() => receiver.received.length === 2, 'both deliveries');
    expect(valueOf(await sdk.points('webhooks.outbox.rows'), {})).toBe(0);
    expect(valueOf(await sdk.points('webhooks.outbox.oldest_age'), {})).toBe(0);
  });
});

describe('the MikroORM outbox on Postgres', () => {
  it('stores the planning span’s trace context in its outbox row and delivery log, and the attempt joins that trace', { timeout: 60_000 }, async () => {
    sdk = createTestSdk();
    const telemetry = createWebhooksTelemetry({ tracerProvider: sdk.tracerProvider, meterProvider: sdk.meterProvider });
    const receiver = await startExpressReceiver({ secret: SECRET, instrumentation: telemetry });
    cleanup.push(() => receiver.close());
    const orm = await MikroORM.init({ driver: PostgreSqlDriver, host: '127.0.0.1', port: 5432, user: 'postgres', dbName: mikroDbName, entities: webhookEntities, debug: false } as Options);
    cleanup.push(() => orm.close());
    await orm.schema.createSchema();
    const webhooks = createWebhooks(
      defineWebhooks({ allowPrivateNetwork: true, endpoints: [{ name: 'partner', url: receiver.url('/partner'), secret: SECRET, events: ['order.paid'] }] }),
      { transport: createMemoryTransport(), sender: createUndiciSender(), deliveryLog: createMikroOrmDeliveryLog(orm), instrumentation: telemetry },
    );
    const attached = attachMikroOrm(orm, webhooks, { appLabel: 'shop', relay: { start: false } });
    cleanup.push(async () => {
      await attached.detach();
      await webhooks.close({ timeoutMs: 2000 });
    });
    await webhooks.start();
    const request = sdk.tracerProvider.getTracer('shop').startSpan('POST /orders/7/pay', { kind: SpanKind.SERVER });
    await context.with(trace.setSpan(context.active(), request), () =>
      orm.em.fork().transactional((em) => attached.dispatchModelEvent('order.paid', { id: 7 }, { em, model: 'shop.Order' })),
    );
    request.end();
    const traceId = request.spanContext().traceId;
    const [plan] = sdk.spans('webhooks.plan');
    const planned = `00-${traceId}-${plan!.spanContext().spanId}-01`;
    const connection = orm.em.getConnection();
    const [row] = (await connection.execute('SELECT jobs FROM webhook_outbox')) as { jobs: string }[];
    expect(row!.jobs).toContain(`"${planned}"`);

    await attached.relay.drain();
    await waitFor(() => sdk.spans('webhooks.verify').length === 1, 'the verification span');
    const [delivery] = (await connection.execute('SELECT traceparent FROM webhook_deliveries')) as { traceparent: string }[];
    expect(delivery!.traceparent).toBe(planned);
    const [attempt] = await waitFor(() => sdk.spans('webhooks.attempt').length === 1 && sdk.spans('webhooks.attempt'), 'the attempt span');
    expect(attempt!.spanContext().traceId).toBe(traceId);
    expect(sdk.spans('webhooks.verify')[0]!.spanContext().traceId).toBe(traceId);
  });
});
