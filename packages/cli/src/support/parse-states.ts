import { WebhookError, type DeliveryState } from '@webhooks/core';

const STATES: readonly DeliveryState[] = ['pending', 'retrying', 'held', 'succeeded', 'dead'];

/**
 * A `--state` value (one state, or several separated by commas) as delivery states.
 *
 * @example
 * parseStates('dead,held'); // ['dead', 'held']
 */
export function parseStates(value: string): DeliveryState[] {
  const states = value.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== '');
  for (const state of states) {
    if (!STATES.includes(state as DeliveryState)) {
      throw new WebhookError('invalid_argument', `--state must be one or more of ${STATES.join(', ')} (comma-separated), got ${JSON.stringify(state)}`);
    }
  }
  if (states.length === 0) throw new WebhookError('invalid_argument', `--state needs a value: ${STATES.join(', ')}`);
  return states as DeliveryState[];
}
