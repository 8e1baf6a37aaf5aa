import { inflateRawSync } from 'node:zlib';
import type { MikroORM } from '@mikro-orm/core';
import { createFetchSender, createWebhooks, defineWebhooks, type DeliveryLog, type WebhookEndpointOptions, type WebhookEvent, type Webhooks } from '@webhooks/core';
import { attachWebhooks, webhookEntities, WebhookOutbox, type AttachedWebhooks, type AttachWebhooksOptions } from '@webhooks/mikro-orm';
import { openDatabase, type Dialect, type TestDatabase } from './databases.js';
import { testEntities } from './models.js';

export const SECRET = 'mikro-orm-test-secret';

/** Endpoints of the event tests: nothing is sent unless a test starts the relay. */
export const eventEndpoints: WebhookEndpointOptions[] = [
  { name: 'all', url: 'http://127.0.0.1:9/all', secret: SECRET, includeModels: '*', excludeModels: ['store.AuditNote'] },
  {
    name: 'crm',
    url: 'http://127.0.0.1:9/crm',
    secret: SECRET,
    includeModels: ['store.Order'],
    includeFields: { 'store.Order': ['id', 'status', 'total', 'customer'] },
    redactFields: { 'store.Order': { total: '***' } },
  },
];

export interface TestApp {
  db: TestDatabase;
  orm: MikroORM;
  webhooks: Webhooks;
  attached: AttachedWebhooks;
  /** Events in the outbox for one endpoint, oldest first. */
  events(endpoint?: string): Promise<WebhookEvent[]>;
  clearOutbox(): Promise<void>;
  close(): Promise<void>;
}

export function webhooksFor(endpoints: WebhookEndpointOptions[], deliveryLog?: DeliveryLog): Webhooks {
  return createWebhooks(defineWebhooks({ asyncDelivery: false, allowPrivateNetwork: true, endpoints }), {
    sender: createFetchSender(),
    ...(deliveryLog ? { deliveryLog } : {}),
  });
}

export async function outboxEvents(orm: MikroORM, endpoint = 'all'): Promise<WebhookEvent[]> {
  const rows = await orm.em.fork().find(WebhookOutbox, {}, { orderBy: { id: 'asc' } });
  // The documented column format: a JSON list of each job's fields (the endpoint fourth), then one
  // body per line; on Postgres from 2000 characters deflated and base64-encoded.
  const text = (column: string) => (column.startsWith('[') ? column : inflateRawSync(Buffer.from(column, 'base64')).toString('utf8'));
  const events: WebhookEvent[] = [];
  for (const row of rows) {
    const [fields, ...bodies] = text(row.jobs as string).split('\n');
    (JSON.parse(fields!) as unknown[][]).forEach((job, i) => {
      if (job[3] === endpoint) events.push(JSON.parse(bodies[i]!) as WebhookEvent);
    });
  }
  return events;
}

export interface AppOptions {
  endpoints?: WebhookEndpointOptions[];
  attach?: AttachWebhooksOptions;
  /** A durable delivery log over the app's database; default: in memory. */
  deliveryLog?: (orm: MikroORM) => DeliveryLog;
}

/** A database with the test and webhook tables, webhooks attached; the relay is stopped unless `attach.relay` says otherwise. */
export async function startApp(dialect: Dialect, { endpoints = eventEndpoints, attach = {}, deliveryLog }: AppOptions = {}): Promise<TestApp> {
  const db = await openDatabase(dialect, [...testEntities, ...webhookEntities]);
  const webhooks = webhooksFor(endpoints, deliveryLog?.(db.orm));
  const attached = attachWebhooks(db.orm, webhooks, { appLabel: 'store', relay: { start: false }, ...attach });
  return {
    db,
    orm: db.orm,
    webhooks,
    attached,
    events: (endpoint) => outboxEvents(db.orm, endpoint),
    clearOutbox: async () => void (await db.orm.em.fork().nativeDelete(WebhookOutbox, {})),
    async close() {
      await attached.detach();
      await webhooks.close();
      await db.close();
    },
  };
}
