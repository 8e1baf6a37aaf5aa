// The sides of the delivery benchmark, each built in its own process by delivery-side.ts.
import { createMemoryDeliveryLog, createWebhooks, signPayload, type WebhookEvent, type WebhooksInstrumentation } from '@webhooks/core';
import { createMemoryTransport } from '@webhooks/memory';
import { createWebhooksTelemetry } from '@webhooks/otel';
import { createUndiciSender } from '@webhooks/undici';
import { Pool } from 'undici';

export const CONCURRENCY = 32;
const SECRET = 'bench-secret';
const note = 'x'.repeat(800); // about 1 KB once wrapped in the envelope

export interface Side {
  /** Resolves true when the receiver answered 2xx. */
  deliverOne(i: number): Promise<boolean>;
  close(): Promise<void>;
}

export const SIDES = {
  /** Raw: pre-signed bodies, posted and read, nothing else. */
  async raw(origin: string): Promise<Side> {
    const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });
    const presigned: { body: string; headers: Record<string, string> }[] = [];
    for (let i = 0; i < 1024; i++) {
      const event = { id: `evt_${i}`, event: 'order.paid', object: { id: String(i), note } } as unknown as WebhookEvent;
      const body = JSON.stringify(event);
      presigned.push({ body, headers: { 'content-type': 'application/json', ...(await signPayload({ secret: SECRET, eventId: event.id, body })) } });
    }
    return {
      async deliverOne(i) {
        const { body, headers } = presigned[i % presigned.length]!;
        const res = await pool.request({ path: '/hooks', method: 'POST', headers, body });
        await res.body.text();
        return res.statusCode < 300;
      },
      close: () => pool.close(),
    };
  },

  /**
   * By hand: what every sender must add to raw, with nothing else (no queue, log, retries or
   * ids): serialise the event, sign it, post it. It shows how much of the gap is that work.
   */
  async handRolled(origin: string): Promise<Side> {
    const pool = new Pool(origin, { connections: CONCURRENCY, pipelining: 1 });
    return {
      async deliverOne(i) {
        const event = { id: `evt_${i}`, event: 'order.paid', timestamp: '2026-01-01T00:00:00Z', model: { app: 'store', name: 'Order' }, object: { id: String(i), note }, changes: {}, user: null };
        const body = JSON.stringify(event);
        const headers = await signPayload({ secret: SECRET, eventId: event.id, body });
        headers['content-type'] = 'application/json';
        const res = await pool.request({ path: '/hooks', method: 'POST', headers, body });
        await res.body.text();
        return res.statusCode < 300;
      },
      close: () => pool.close(),
    };
  },

  /** Ours: each call dispatches an event and waits until its delivery's attempt is recorded. */
  ours: (origin: string, logRecords?: number): Promise<Side> => engineSide(origin, { logRecords }),

  /** Ours with the memory log keeping succeeded deliveries' bodies, as it did by default before. */
  oursKeepBodies: (origin: string, logRecords?: number): Promise<Side> => engineSide(origin, { logRecords, keepSucceededBodies: true }),

  /** Ours with `@webhooks/otel` plugged in and no OpenTelemetry SDK registered: every span a no-op. */
  oursOtelNoSdk: (origin: string, logRecords?: number): Promise<Side> => engineSide(origin, { logRecords, instrumentation: createWebhooksTelemetry() }),

  /**
   * Ours with `@webhooks/otel` and a registered SDK: every span recorded (batched to an exporter
   * that drops them), trace context stored on jobs and sent as `traceparent`, metrics recorded.
   */
  async oursOtelSdk(origin: string, logRecords?: number): Promise<Side> {
    const { registerNoopExportingSdk } = await import('./noop-sdk.js');
    const shutdown = registerNoopExportingSdk();
    const side = await engineSide(origin, { logRecords, instrumentation: createWebhooksTelemetry() });
    return { deliverOne: side.deliverOne, close: () => side.close().then(shutdown) };
  },
};
export type SideName = keyof typeof SIDES;

interface EngineSideOptions {
  logRecords?: number | undefined;
  keepSucceededBodies?: boolean;
  instrumentation?: WebhooksInstrumentation;
}

async function engineSide(origin: string, { logRecords, keepSucceededBodies = false, instrumentation }: EngineSideOptions): Promise<Side> {
  const waiting = new Map<string, (ok: boolean) => void>();
  const early = new Map<string, boolean>(); // attempts recorded before dispatch() returned to the caller
  const webhooks = createWebhooks(
    { allowPrivateNetwork: true, endpoints: [{ name: 'bench', url: `${origin}/hooks`, secret: SECRET }] },
    {
      transport: createMemoryTransport({ concurrency: CONCURRENCY }),
      sender: createUndiciSender({ connections: CONCURRENCY }),
      ...(logRecords === undefined && !keepSucceededBodies
        ? {}
        : { deliveryLog: createMemoryDeliveryLog({ maxRecords: logRecords ?? 10_000, keepSucceededBodies }) }),
      ...(instrumentation ? { instrumentation } : {}),
      onEvent: (e) => {
        if (e.type !== 'attempt') return;
        const ok = e.attempt.outcome === 'success';
        const resolve = waiting.get(e.job.deliveryId);
        if (resolve) resolve(ok);
        else early.set(e.job.deliveryId, ok);
      },
    },
  );
  return {
    async deliverOne(i) {
      const { deliveries } = await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: i, note } });
      const { deliveryId } = deliveries[0]!;
      const settled = early.get(deliveryId);
      if (settled !== undefined) {
        early.delete(deliveryId);
        return settled;
      }
      const ok = await new Promise<boolean>((resolve) => waiting.set(deliveryId, resolve));
      waiting.delete(deliveryId);
      return ok;
    },
    close: () => webhooks.close(),
  };
}
