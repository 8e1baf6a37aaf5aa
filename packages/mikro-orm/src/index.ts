export {
  webhookEntities,
  WebhookAttempt,
  WebhookDelivery,
  WebhookOutbox,
  type WebhookAttemptRow,
  type WebhookDeliveryRow,
  type WebhookOutboxRow,
} from './entities.js';
export { createMikroOrmDeliveryLog } from './mikro-orm-delivery-log.js';
export { createMikroOrmOutbox, type MikroOrmOutboxOptions } from './mikro-orm-outbox.js';
