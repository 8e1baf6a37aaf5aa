export { webhookEntities, WebhookAttempt, WebhookDelivery, WebhookEndpointState, WebhookOutbox } from './entities.js';
export { createMikroOrmDeliveryLog } from './mikro-orm-delivery-log.js';
export { createMikroOrmOutbox, type MikroOrmOutbox } from './mikro-orm-outbox.js';
export type { WebhookSubscriber } from './webhook-subscriber.js';
export type { ModelNameOptions } from './model-names.js';
export {
  attachWebhooks,
  type AttachedWebhooks,
  type AttachWebhooksOptions,
  type DispatchModelEventOptions,
} from './attach-webhooks.js';
