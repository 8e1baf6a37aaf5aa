export { createWebhooksTelemetry, type WebhooksTelemetry, type WebhooksTelemetryOptions } from './create-webhooks-telemetry.js';
export type { ObservedSources } from './webhooks-metrics.js';
export { formatTraceContext, parseTraceContext } from './trace-context.js';
export { safeUrl } from './safe-url.js';
