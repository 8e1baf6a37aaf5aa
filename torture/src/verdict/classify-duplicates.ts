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
 * How long after a 2xx answer its sender must have recorded it. A duplicate whose first 2xx
 * came from a sender killed within this time (or before the answer: the request was in
 * flight) is what at-least-once delivery allows: the sender could not know the receiver got it.
 */
export const RECORD_WINDOW_MS = 2000;

/** Duplicates by kind, and how many of them a kill explains (the first 2xx's sender died within `RECORD_WINDOW_MS`). */
export interface DuplicateClasses {
  kinds: Partial<Record<DuplicateKind, number>>;
  inFlightAtKill: number;
}

/**
 * Counts the 2xx answers beyond the first of each (endpoint, event id), by kind, comparing each
 * with the first 2xx of its event; `killedAt` (life → kill time) says which a kill explains.
 *
 * @example
 * classifyDuplicates(receptions, killedAt) // { kinds: { 'same attempt, later process': 12 }, inFlightAtKill: 12 }
 */
export function classifyDuplicates(receptions: readonly Reception[], killedAt: ReadonlyMap<string, number> = new Map()): DuplicateClasses {
  const first = new Map<string, Reception>();
  const counts: Partial<Record<DuplicateKind, number>> = {};
  let inFlightAtKill = 0;
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
    const killed = killedAt.get(earliest.life);
    if (kind !== 'same attempt, same process' && killed !== undefined && killed - earliest.at <= RECORD_WINDOW_MS) inFlightAtKill++;
  }
  return { kinds: counts, inFlightAtKill };
}
