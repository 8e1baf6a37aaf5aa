import { isPlainRecord, WebhookVerificationError, type JsonObject, type WebhookEvent } from '@webhooks/core';

/**
 * Parses a verified body into the event envelope, checking the fields every
 * event has (`id`, `event`, `timestamp`, `model`, `object`). Missing
 * `changes` and `user` become `{}` and `null`. Throws `malformed_body`
 * (naming the field, never quoting the body) otherwise.
 *
 * @example
 * const event = parseWebhookEvent<{ id: string; status: string }>(rawBody);
 */
export function parseWebhookEvent<TObject extends object = JsonObject>(text: string): WebhookEvent<TObject> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed('the body is not valid JSON');
  }
  if (!isPlainRecord(value)) throw malformed('the body must be a JSON object');
  for (const field of ['id', 'event', 'timestamp'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') throw malformed(`"${field}" must be a non-empty string`);
  }
  const model = value.model;
  if (!isPlainRecord(model) || typeof model.app !== 'string' || typeof model.name !== 'string') {
    throw malformed('"model" must be an object with string "app" and "name"');
  }
  if (!isPlainRecord(value.object)) throw malformed('"object" must be a JSON object');
  if (value.changes === undefined) value.changes = {};
  else if (!isPlainRecord(value.changes)) throw malformed('"changes" must be a JSON object');
  if (value.user === undefined) value.user = null;
  else if (value.user !== null && !isPlainRecord(value.user)) throw malformed('"user" must be a JSON object or null');
  return value as unknown as WebhookEvent<TObject>;
}

function malformed(why: string): WebhookVerificationError {
  return new WebhookVerificationError('malformed_body', `the webhook body is not an event envelope: ${why}`);
}
