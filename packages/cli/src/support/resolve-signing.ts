import { WebhookError, type SignatureScheme, type WebhookConfig, type WebhookEndpoint } from '@webhooks/core';
import { loadWebhooksConfig } from '../config/load-webhooks-config.js';
import type { ConfigLocation } from './with-webhooks.js';

/** The options that say how to sign or verify: a secret (`--secret`, `WEBHOOK_SECRET`) or a configured endpoint. */
export interface SigningOptions extends ConfigLocation {
  secret?: string;
  endpoint?: string;
  scheme?: string;
}

/** What to sign or verify with. Never printed. */
export interface Signing {
  /** Every secret accepted (an endpoint's previous ones during a rotation); the first signs. */
  secrets: readonly string[];
  /** Undefined: decide from each request's headers (verify, listen) or sign with hmac-sha256. */
  scheme: SignatureScheme | undefined;
  /** The endpoint's, with `--endpoint`. */
  endpoint?: WebhookEndpoint;
}

/**
 * The secret and scheme from `--endpoint <name>` (read from the config file) or `--secret`
 * (which commander also reads from `WEBHOOK_SECRET`); `--scheme` overrides the endpoint's.
 *
 * @example
 * const { secrets, scheme } = await resolveSigning(options);
 */
export async function resolveSigning(options: SigningOptions): Promise<Signing> {
  const scheme = options.scheme === undefined || options.scheme === 'auto' ? undefined : (options.scheme as SignatureScheme);
  if (options.endpoint !== undefined) {
    const endpoint = await configuredEndpoint(options, options.endpoint);
    return { secrets: endpoint.signingSecrets(Date.now()), scheme: scheme ?? endpoint.signatureScheme, endpoint };
  }
  if (!options.secret) {
    throw new WebhookError('invalid_argument', 'no secret: set WEBHOOK_SECRET, or pass --secret, or --endpoint <name> from the config file');
  }
  return { secrets: [options.secret], scheme };
}

async function configuredEndpoint(location: ConfigLocation, name: string): Promise<WebhookEndpoint> {
  const loaded = await loadWebhooksConfig({ cwd: location.cwd, file: location.config });
  let config: WebhookConfig | undefined = loaded.config;
  if (!config) {
    // Only a factory: build the instance to read its configuration, and close it again.
    const opened = await loaded.open({ worker: false });
    config = opened.webhooks.config;
    await opened.close();
  }
  const endpoint = config.endpoint(name);
  if (!endpoint) {
    const names = config.endpoints.map((e) => e.name).join(', ');
    throw new WebhookError('invalid_argument', `no endpoint named "${name}" in ${loaded.file} (endpoints: ${names || 'none'})`);
  }
  return endpoint;
}
