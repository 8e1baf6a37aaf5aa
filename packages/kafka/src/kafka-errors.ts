import { WebhookDeliveryError, isWebhookError } from '@webhooks/core';

/**
 * Turns a kafkajs failure into a `WebhookDeliveryError` that says what was being
 * done and where: `network_error` when no broker answered, `timeout` for request
 * timeouts, the kafkajs error kept as `cause`.
 */
export function kafkaError(error: unknown, doing: string, brokers: string): WebhookDeliveryError {
  if (isWebhookError(error)) return error as WebhookDeliveryError;
  const e = error as { name?: string; message?: string; type?: string } | undefined;
  const detail = e?.message ?? String(error);
  const timedOut = e?.name === 'KafkaJSRequestTimeoutError' || /timed? ?out/i.test(detail);
  const code = timedOut ? 'timeout' : 'network_error';
  return new WebhookDeliveryError(code, `Kafka ${doing} failed (brokers ${brokers}): ${detail}`, { cause: error });
}

/** The error for a topic that does not exist (our broker does not create topics on demand). */
export function missingTopicsError(missing: readonly string[], brokers: string): WebhookDeliveryError {
  const list = missing.map((t) => `"${t}"`).join(', ');
  return new WebhookDeliveryError(
    'not_found',
    `Kafka topic${missing.length > 1 ? 's' : ''} ${list} missing on ${brokers}; create them with ensureKafkaTopics() or your provisioning tool`,
  );
}
