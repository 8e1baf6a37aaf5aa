import { WebhookError } from '@webhooks/core';
import { createJiti } from 'jiti';
import { asWebhookConfig } from './as-webhook-config.js';
import { configFileError } from './config-file-error.js';
import { findConfigFile } from './find-config-file.js';
import { openFactory } from './open-factory.js';
import type { LoadedWebhooksConfig, WebhooksFactory } from './webhooks-config-module.js';

/** Where to look for the config file. */
export interface LoadWebhooksConfigOptions {
  /** Default `process.cwd()`. */
  cwd?: string;
  /** A file to load instead of looking for `webhooks.config.*` in `cwd`. */
  file?: string;
}

/**
 * Finds and loads `webhooks.config.ts` (or `.mts`, `.cts`, `.js`, `.mjs`, `.cjs`) without a build
 * step. The file's default export is the configuration (`defineWebhooks(...)`), or a function
 * that returns the `webhooks` instance over the application's delivery log (with the
 * configuration as a `config` export beside it, if commands that need only the configuration
 * should not connect to the database). Errors name the file, and the path inside the configuration.
 *
 * @example
 * const loaded = await loadWebhooksConfig({ cwd: process.cwd() });
 * const { webhooks, close } = await loaded.open({ worker: false });
 * console.log(await webhooks.deliveryLog.count({ state: 'dead' }));
 * await close();
 */
export async function loadWebhooksConfig(options: LoadWebhooksConfigOptions = {}): Promise<LoadedWebhooksConfig> {
  const file = findConfigFile(options.cwd ?? process.cwd(), options.file);
  let module: Record<string, unknown>;
  try {
    // Each load reads the file afresh: a long-lived process may load an edited config again.
    const jiti = createJiti(file, { moduleCache: false, interopDefault: false });
    module = await jiti.import<Record<string, unknown>>(file);
  } catch (error) {
    throw configFileError(file, error);
  }
  const main = module.default ?? module;
  const factory = typeof main === 'function' ? (main as WebhooksFactory) : undefined;
  let config;
  try {
    config = asWebhookConfig(factory ? module.config : main);
  } catch (error) {
    throw configFileError(file, error);
  }
  if (!factory && !config) {
    throw new WebhookError(
      'invalid_config',
      `${file}: the default export must be defineWebhooks({ endpoints: [...] }) or a function returning createWebhooks(...)`,
    );
  }
  return {
    file,
    config,
    hasFactory: factory !== undefined,
    open(context = {}) {
      if (!factory) {
        return Promise.reject(
          new WebhookError(
            'invalid_config',
            `${file} exports a configuration only; to read or replay deliveries, export a function that returns createWebhooks(config, { deliveryLog, transport, worker })`,
          ),
        );
      }
      return openFactory(file, factory, { worker: context.worker ?? false });
    },
  };
}
