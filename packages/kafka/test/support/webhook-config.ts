import { defineWebhooks, type WebhookConfigOptions } from '@webhooks/core';

/** One endpoint on a loopback receiver, for end-to-end tests; `headers` can tag the sending process. */
export function loopbackConfig(url: string, extra: Partial<WebhookConfigOptions> = {}, headers: Record<string, string> = {}) {
  return defineWebhooks({
    asyncDelivery: true,
    allowPrivateNetwork: true,
    disableAfterFailures: 10_000,
    endpoints: [{ name: 'crm', url, secret: 'whsec_test_secret_for_kafka_e2e', events: ['order.*'], headers }],
    ...extra,
  });
}
