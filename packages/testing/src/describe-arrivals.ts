import type { ReceivedWebhook } from './create-test-receiver.js';
import { whereMismatch, type WebhookWhere } from './where-mismatch.js';

const SHOWN = 20;

/**
 * What arrived, one line each, for an expectation that was not met: the event and its id, or why
 * it was rejected, and for events of the expected name the first field that did not match.
 *
 * @example
 * describeArrivals(receiver.requests, 'order.paid', { object: { id: '42' } });
 * // '2 arrived:\n  1. order.paid evt_… (object.id is "41")\n  2. rejected ...'
 */
export function describeArrivals(requests: readonly ReceivedWebhook[], name: string, where: WebhookWhere | undefined): string {
  if (requests.length === 0) return 'nothing arrived';
  const lines = requests.slice(-SHOWN).map((request, i) => {
    const n = requests.length - Math.min(requests.length, SHOWN) + i + 1;
    if (!request.event) return `  ${n}. rejected with ${request.status}: ${request.error?.code} (${request.error?.message})`;
    const { event } = request;
    const why = event.event === name ? whereMismatch(event, where) : undefined;
    return `  ${n}. ${event.event} ${event.id}${why ? ` (${why})` : ''}`;
  });
  const more = requests.length > SHOWN ? ` (the last ${SHOWN} shown)` : '';
  return `${requests.length} arrived${more}:\n${lines.join('\n')}`;
}
