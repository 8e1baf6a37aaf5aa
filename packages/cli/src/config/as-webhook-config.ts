import { defineWebhooks, type WebhookConfig, type WebhookConfigOptions } from '@webhooks/core';

/**
 * The configuration in an export: a `WebhookConfig` (from any copy of `@webhooks/core`, hence no
 * `instanceof`), or plain options, validated by `defineWebhooks`; undefined for anything else.
 *
 * @example
 * asWebhookConfig({ endpoints: [...] }); // a WebhookConfig, or a WebhookConfigError naming the path
 */
export function asWebhookConfig(value: unknown): WebhookConfig | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as { endpoints?: unknown; endpoint?: unknown };
  if (!Array.isArray(candidate.endpoints)) return undefined;
  if (typeof candidate.endpoint === 'function') return value as WebhookConfig;
  return defineWebhooks(value as WebhookConfigOptions);
}
