import { createEvent, isPlainRecord, WebhookError, type CreateEventInput, type WebhookEvent } from '@webhooks/core';

/**
 * The event `webhooks send` posts: the fields of `--file` (any of `model`, `object`, `changes`,
 * `user`, `id`, `timestamp`), else a minimal one: `object: { id: '1' }` of model
 * `app.<Name>` taken from the event name (`order.paid` → `app.Order`).
 *
 * @example
 * sampleEvent('order.paid', undefined, undefined); // { id: 'evt_…', event: 'order.paid', model: { app: 'app', name: 'Order' }, object: { id: '1' }, … }
 */
export function sampleEvent(name: string, fileText: string | undefined, model: string | undefined): WebhookEvent {
  let fields: Record<string, unknown> = {};
  if (fileText !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fileText);
    } catch (error) {
      throw new WebhookError('invalid_argument', `--file is not JSON: ${(error as Error).message}`);
    }
    if (!isPlainRecord(parsed)) throw new WebhookError('invalid_argument', '--file must hold a JSON object (the event, or some of its fields)');
    fields = parsed;
  }
  return createEvent({
    object: { id: '1' },
    ...fields,
    event: name,
    model: model ?? (fields.model as CreateEventInput['model'] | undefined) ?? defaultModel(name),
  } as CreateEventInput);
}

function defaultModel(event: string): string {
  const first = event.split('.')[0] ?? 'sample';
  return `app.${first.split(/[_-]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('')}`;
}
