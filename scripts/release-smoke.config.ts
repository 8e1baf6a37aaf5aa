// Loaded by the installed `webhooks` binary in scripts/check-release.sh: TypeScript, no build step.
import { defineWebhooks, type WebhookConfigOptions } from '@webhooks/core';

const options: WebhookConfigOptions = {
  endpoints: [{ name: 'crm', url: 'https://crm.example.com/webhooks', secret: 'release-smoke-secret' }],
};

export default defineWebhooks(options);
