// How the webhooks stack is wired onto a MikroORM application. This is the file to change
// when the library's recommended wiring changes; everything else in the harness stays.
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { createWebhooks } from '@webhooks/core';
import { attachWebhooks, createMikroOrmDeliveryLog, webhookEntities } from '@webhooks/mikro-orm';
import { createUndiciSender } from '@webhooks/undici';
import { createTortureTransport } from './transport.js';
import { TORTURE_LEASES, tortureConfig } from './webhook-config.js';
import type { RunningStack, StackOptions } from './stack-options.js';

/** A running stack on MikroORM, with the adapter's manual dispatch for `item.flagged`. */
export interface MikroOrmStack extends RunningStack {
  flag(em: EntityManager, item: object): Promise<unknown>;
}

/** The webhook tables' entities, given to `MikroORM.init` beside the application's. */
export const mikroOrmWebhookEntities = webhookEntities;

/**
 * Wires webhooks as the README says: memory or Kafka transport, undici sender, the adapter's
 * delivery log, and `attachWebhooks` (subscriber, outbox, relay, and the take-over of deliveries
 * a killed process left), with short leases (see `TORTURE_LEASES`). Nothing is called after a restart.
 *
 * @example
 * const stack = await startMikroOrmStack(orm, { transport: { kind: 'memory' }, endpointUrls });
 */
export async function startMikroOrmStack(orm: MikroORM, options: StackOptions): Promise<MikroOrmStack> {
  const { transport, inProcess } = await createTortureTransport(options.transport);
  const webhooks = createWebhooks(tortureConfig(options.endpointUrls, options.life), {
    transport,
    sender: createUndiciSender(),
    deliveryLog: createMikroOrmDeliveryLog(orm),
    ...TORTURE_LEASES,
  });
  const attached = attachWebhooks(orm, webhooks, { appLabel: 'torture' });
  return {
    webhooks,
    inProcess,
    flag: (em, item) => attached.dispatchModelEvent('item.flagged', item, { em }),
    async close() {
      await attached.detach();
      await webhooks.close({ timeoutMs: 10_000 });
    },
  };
}
