import type { WebhookConfig, Webhooks } from '@webhooks/core';

/** What the CLI passes to the function a `webhooks.config.ts` exports. */
export interface WebhooksFactoryContext {
  /**
   * False: the instance must not deliver (pass it to `createWebhooks({ worker })`). What the CLI
   * replays then goes to the delivery log (or a durable transport) for the application's
   * delivering processes to send.
   */
  worker: boolean;
}

/** What the function returns: the instance, or the instance and how to release what it opened. */
export type WebhooksFactoryResult = Webhooks | { webhooks: Webhooks; close?: () => unknown };

/**
 * The function a `webhooks.config.ts` may export as default, for commands that read or replay
 * deliveries: it builds the `webhooks` instance over the application's delivery log.
 *
 * @example
 * export default (async ({ worker }) => {
 *   const sequelize = new Sequelize(process.env.DATABASE_URL!);
 *   const webhooks = createWebhooks(config, { transport: createMemoryTransport(), deliveryLog: createSequelizeDeliveryLog(sequelize), worker });
 *   return { webhooks, close: () => sequelize.close() };
 * }) satisfies WebhooksFactory;
 */
export type WebhooksFactory = (context: WebhooksFactoryContext) => WebhooksFactoryResult | Promise<WebhooksFactoryResult>;

/** An instance opened from a config file; `close()` closes it, then what the factory opened. */
export interface OpenedWebhooks {
  webhooks: Webhooks;
  close(): Promise<void>;
}

/** A loaded `webhooks.config.*` file. */
export interface LoadedWebhooksConfig {
  /** Absolute path of the file. */
  file: string;
  /**
   * The configuration: the default export when it is one, else a `config` export beside a
   * factory; undefined when the file exports only a factory (open it to get its configuration).
   */
  config: WebhookConfig | undefined;
  /** True when the file exports a factory, so `open()` can build an instance. */
  hasFactory: boolean;
  /** Calls the factory (`worker` false unless said otherwise); fails with `invalid_config` without one. */
  open(context?: Partial<WebhooksFactoryContext>): Promise<OpenedWebhooks>;
}
