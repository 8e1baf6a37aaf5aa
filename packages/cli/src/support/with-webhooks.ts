import type { Webhooks } from '@webhooks/core';
import { loadWebhooksConfig } from '../config/load-webhooks-config.js';

/** Where the config file is: `--config`, else `webhooks.config.*` in the working directory. */
export interface ConfigLocation {
  config?: string;
  cwd: string;
}

/**
 * Runs `work` with the application's `webhooks` instance, built by the config file's function
 * with `worker: false`: this process never delivers, what it replays goes to the delivery log
 * for the application's delivering processes. The instance (and what the factory opened) is
 * closed afterwards, whatever happens.
 *
 * @example
 * const dead = await withWebhooks({ cwd }, (webhooks) => webhooks.deliveryLog.count({ state: 'dead' }));
 */
export async function withWebhooks<T>(location: ConfigLocation, work: (webhooks: Webhooks) => Promise<T>): Promise<T> {
  const loaded = await loadWebhooksConfig({ cwd: location.cwd, file: location.config });
  const { webhooks, close } = await loaded.open({ worker: false });
  try {
    return await work(webhooks);
  } finally {
    await close();
  }
}
