import type { Reception } from '../receiver/reception.js';
import { DUPLICATE_KIND_MEANING, type DuplicateKind } from './classify-duplicates.js';
import type { Verdict } from './compute-verdict.js';
import type { DeliveryStateView } from './delivery-state.js';
import { deliveryKey, type ExpectedDelivery } from './expected.js';

const EXAMPLES = 3;

/**
 * Explains a verdict with the database's own state: for lost deliveries, how many sit in each
 * (outbox row, delivery-log row) state, with examples; for phantom ones, examples; for
 * duplicates, how they came about.
 */
export function describeEvidence(verdict: Verdict, state: DeliveryStateView | { error: string }): string[] {
  const lines: string[] = [];
  if (verdict.lost.length > 0) {
    if ('error' in state) lines.push(`lost: ${state.error}`);
    else {
      const groups = new Map<string, ExpectedDelivery[]>();
      for (const lost of verdict.lost) {
        const key = deliveryKey(lost);
        const where = `outbox row ${state.outbox.get(key) ?? 'absent'}, delivery log ${state.log.has(key) ? `row ${state.log.get(key)}` : 'has no row'}`;
        groups.set(where, [...(groups.get(where) ?? []), lost]);
      }
      for (const [where, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
        const examples = list.slice(0, EXAMPLES).map((d) => `${d.endpoint} ${d.eventName} item ${d.objectId}`).join('; ');
        lines.push(`lost ${list.length}: ${where} (e.g. ${examples})`);
      }
    }
  }
  if (verdict.phantom.length > 0) {
    const examples = verdict.phantom.slice(0, EXAMPLES).map(describeReception).join('; ');
    lines.push(`phantom ${verdict.phantom.length}: answered 2xx for no committed row, or a second event id for one (e.g. ${examples})`);
  }
  for (const [kind, count] of Object.entries(verdict.duplicateKinds) as [DuplicateKind, number][]) {
    lines.push(`duplicates ${count}: ${kind}: ${DUPLICATE_KIND_MEANING[kind]}`);
  }
  return lines;
}

function describeReception(r: Reception): string {
  return `${r.endpoint} ${r.eventName} item ${r.objectId} tag ${r.tag} event ${r.eventId}`;
}
