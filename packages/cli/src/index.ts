export { loadWebhooksConfig, type LoadWebhooksConfigOptions } from './config/load-webhooks-config.js';
export type {
  LoadedWebhooksConfig,
  OpenedWebhooks,
  WebhooksFactory,
  WebhooksFactoryContext,
  WebhooksFactoryResult,
} from './config/webhooks-config-module.js';
export { CONFIG_FILE_NAMES } from './config/config-file-names.js';
