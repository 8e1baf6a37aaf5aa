import type { DeliveryState } from '@webhooks/core';
import type { Colors } from './colors-for.js';

/**
 * A delivery state in its colour: green succeeded, red dead, yellow held or retrying, cyan pending.
 *
 * @example
 * colorState('dead', out.color); // red "dead" on a terminal
 */
export function colorState(state: DeliveryState, c: Colors): string {
  switch (state) {
    case 'succeeded':
      return c.green(state);
    case 'dead':
      return c.red(state);
    case 'pending':
      return c.cyan(state);
    default:
      return c.yellow(state);
  }
}
