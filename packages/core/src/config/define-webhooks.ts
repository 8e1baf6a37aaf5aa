import { WebhookConfig, type WebhookConfigOptions } from './webhook-config.js';

/**
 * Validates a webhooks configuration at start-up and returns it, typed.
 * Same options as `new WebhookConfig()`.
 *
 * @example
 * export const webhooks = defineWebhooks({
 *   endpoints: [{ name: 'crm', url: 'https://crm.example.com/hooks', secret: fromEnv('CRM_SECRET'),
 *                 events: ['created', 'updated'], includeModels: ['store.Order'] }],
 * });
 */
export function defineWebhooks(options: WebhookConfigOptions): WebhookConfig {
  return new WebhookConfig(options);
}
