import { WebhookError, type Webhooks } from '@webhooks/core';
import { configFileError } from './config-file-error.js';
import type { OpenedWebhooks, WebhooksFactory, WebhooksFactoryContext } from './webhooks-config-module.js';

/**
 * Calls a config file's factory and checks that it returned a `webhooks` instance. `close()`
 * closes the instance first (unfinished deliveries go back to the log), then what the factory opened.
 *
 * @example
 * const { webhooks, close } = await openFactory(file, factory, { worker: false });
 */
export async function openFactory(file: string, factory: WebhooksFactory, context: WebhooksFactoryContext): Promise<OpenedWebhooks> {
  let result: unknown;
  try {
    result = await factory(context);
  } catch (error) {
    throw configFileError(file, error);
  }
  const wrapped = typeof result === 'object' && result !== null && 'webhooks' in result;
  const webhooks = (wrapped ? (result as { webhooks: unknown }).webhooks : result) as Webhooks;
  if (!isWebhooks(webhooks)) {
    throw new WebhookError(
      'invalid_config',
      `${file}: the exported function must return createWebhooks(...), or { webhooks, close }`,
    );
  }
  const release = wrapped ? (result as { close?: () => unknown }).close : undefined;
  return {
    webhooks,
    async close() {
      try {
        await webhooks.close();
      } finally {
        await release?.();
      }
    },
  };
}

function isWebhooks(value: unknown): value is Webhooks {
  const candidate = value as Partial<Webhooks> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.replay === 'function' && typeof candidate.deliveryLog === 'object';
}
