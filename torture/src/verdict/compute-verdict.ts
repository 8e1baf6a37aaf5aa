import type { Reception } from '../receiver/reception.js';
import { classifyDuplicates, type DuplicateKind } from './classify-duplicates.js';
import { deliveryKey, type ExpectedDelivery } from './expected.js';

/** The comparison of what the database says must have arrived with what the receiver answered 2xx. */
export interface Verdict {
  expected: number;
  /** Expected deliveries answered 2xx at least once. */
  received: number;
  /** Expected, never answered 2xx, and not dead in the delivery log. */
  lost: ExpectedDelivery[];
  /** Expected, never answered 2xx, and dead in the delivery log (retries ran out, or refused for good). */
  dead: ExpectedDelivery[];
  /** Answered 2xx but not expected (a rolled-back row, or a second event id for one write); one per endpoint and event id. */
  phantom: Reception[];
  /** 2xx answers beyond the first for the same endpoint and event id. */
  duplicates: number;
  /** The duplicates by how they came about. */
  duplicateKinds: Partial<Record<DuplicateKind, number>>;
  /** Duplicates whose first 2xx came from a sender killed right after (or while) it was answered: at-least-once at work. */
  duplicatesInFlightAtKill: number;
}

/**
 * Compares expectation and receptions. `deadKeys` are the delivery keys the log shows as dead.
 *
 * @example
 * const verdict = computeVerdict(expectedDeliveries(items), report.receptions, new Set());
 */
export function computeVerdict(
  expected: ReadonlyMap<string, ExpectedDelivery>,
  receptions: readonly Reception[],
  deadKeys: ReadonlySet<string>,
  killedAt: ReadonlyMap<string, number> = new Map(),
): Verdict {
  const byEvent = new Map<string, Reception[]>();
  for (const r of receptions) {
    const id = `${r.endpoint}|${r.eventId}`;
    const list = byEvent.get(id);
    if (list) list.push(r);
    else byEvent.set(id, [r]);
  }
  const eventOfKey = new Map<string, string>();
  const phantom: Reception[] = [];
  let duplicates = 0;
  for (const [id, list] of byEvent) {
    const first = list[0]!;
    const key = deliveryKey(first);
    duplicates += list.length - 1;
    if (!expected.has(key) || (eventOfKey.has(key) && eventOfKey.get(key) !== id)) phantom.push(first);
    else eventOfKey.set(key, id);
  }
  const lost: ExpectedDelivery[] = [];
  const dead: ExpectedDelivery[] = [];
  for (const [key, delivery] of expected) {
    if (eventOfKey.has(key)) continue;
    (deadKeys.has(key) ? dead : lost).push(delivery);
  }
  const { kinds: duplicateKinds, inFlightAtKill } = classifyDuplicates(receptions, killedAt);
  return { expected: expected.size, received: eventOfKey.size, lost, dead, phantom, duplicates, duplicateKinds, duplicatesInFlightAtKill: inFlightAtKill };
}
