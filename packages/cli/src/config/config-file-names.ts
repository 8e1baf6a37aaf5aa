/** The names `loadWebhooksConfig` looks for, in this order. */
export const CONFIG_FILE_NAMES = [
  'webhooks.config.ts',
  'webhooks.config.mts',
  'webhooks.config.cts',
  'webhooks.config.js',
  'webhooks.config.mjs',
  'webhooks.config.cjs',
] as const;
