import type { SignatureScheme } from '@webhooks/core';
import type { Colors } from '../output/colors-for.js';

const EVENT_WIDTH = 16;

/** One request `webhooks listen` received, and what became of it. */
export interface Arrival {
  at: number;
  method: string;
  path: string;
  scheme: SignatureScheme;
  body: string;
  verified?: boolean;
  /** The event name and id: verified, or as the rejected body claims them. */
  event?: string;
  id?: string;
  code?: string;
  reason?: string;
  /** What the sender was answered. */
  status?: number;
  forward?: { status: number } | { error: string };
}

/**
 * One line for a person: local time, event, id, verdict, and the forward's answer.
 *
 * @example
 * describeArrival(arrival, colors); // '10:00:05  order.paid  evt_01…  ✔ verified  → 204'
 */
export function describeArrival(arrival: Arrival, c: Colors): string {
  const time = c.dim(new Date(arrival.at).toTimeString().slice(0, 8));
  if (arrival.verified === undefined) return `${time}  ${c.dim(`${arrival.method} ${arrival.path} ignored (only POST is received): ${arrival.status}`)}`;
  // Padded so the ids line up for the usual event names.
  const event = (arrival.event ?? '?').padEnd(EVENT_WIDTH);
  const id = arrival.id ?? '-';
  if (!arrival.verified) {
    return `${time}  ${event}  ${id}  ${c.red('✘ rejected')} ${arrival.code}: ${arrival.reason}${arrival.event ? c.dim(' (event and id unverified)') : ''}`;
  }
  const forward =
    arrival.forward === undefined
      ? ''
      : 'error' in arrival.forward
        ? `  ${c.red(`→ forward failed: ${arrival.forward.error}`)}`
        : `  → ${arrival.forward.status < 300 ? c.green(String(arrival.forward.status)) : c.red(String(arrival.forward.status))}`;
  return `${time}  ${c.bold(event)}  ${id}  ${c.green('✔ verified')}${forward}`;
}
