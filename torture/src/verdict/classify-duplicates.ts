import type { Reception } from '../receiver/reception.js';

/** How an extra 2xx came about, judged from its attempt number and the sender life that sent it. */
export type DuplicateKind =
  | 'same attempt, later process'
  | 'same attempt, same process'
  | 'later attempt after a 2xx'
  | 'earlier attempt after a 2xx';

/** What each kind usually means, for the report. */
export const DUPLICATE_KIND_MEANING: Record<DuplicateKind, string> = {
  'same attempt, later process': 'sent again as if never tried after a kill (uncommitted Kafka offsets, an outbox batch published but not marked)',
  'same attempt, same process': 'sent twice by one process with the same attempt number',
  'later attempt after a 2xx': 'a retry of a delivery that had already succeeded (recover() re-queuing it, a retry message outliving the success)',
  'earlier attempt after a 2xx': 'an older copy replayed after a later attempt succeeded',
};

/**
 * Counts the 2xx answers beyond the first of each (endpoint, event id), by kind, comparing each
 * with the first 2xx of its event.
 *
 * @example
 * classifyDuplicates(receptions) // { 'same attempt, later process': 12, … }
 */
export function classifyDuplicates(receptions: readonly Reception[]): Partial<Record<DuplicateKind, number>> {
  const first = new Map<string, Reception>();
  const counts: Partial<Record<DuplicateKind, number>> = {};
  for (const r of [...receptions].sort((a, b) => a.at - b.at)) {
    const id = `${r.endpoint}|${r.eventId}`;
    const earliest = first.get(id);
    if (!earliest) {
      first.set(id, r);
      continue;
    }
    const kind: DuplicateKind =
      r.attempt === earliest.attempt
        ? r.life === earliest.life
          ? 'same attempt, same process'
          : 'same attempt, later process'
        : r.attempt > earliest.attempt
          ? 'later attempt after a 2xx'
          : 'earlier attempt after a 2xx';
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}
