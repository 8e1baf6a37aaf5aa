import type { ReceivedRequest } from '@webhooks/testing';

/** What a receiver saw of a run of `order.paid` events whose objects carry `{ id, seq }`. */
export interface DeliveryReport {
  /** Event ids dispatched and never received. */
  lost: string[];
  /** Requests beyond the first for an event (at-least-once redeliveries). */
  duplicates: number;
  /** Objects whose events first arrived out of `seq` order. */
  outOfOrder: string[];
  /** Requests per worker (`x-worker` header). */
  byWorker: Record<string, number>;
}

/** Compares what was dispatched with what arrived: loss, duplicates, per-object order, share per worker. */
export function deliveryReport(dispatched: readonly string[], requests: readonly ReceivedRequest[]): DeliveryReport {
  const seen = new Set<string>();
  const lastSeq = new Map<string, number>();
  const outOfOrder = new Set<string>();
  const byWorker: Record<string, number> = {};
  let duplicates = 0;
  for (const request of requests) {
    const worker = String(request.headers['x-worker'] ?? 'unknown');
    byWorker[worker] = (byWorker[worker] ?? 0) + 1;
    const body = JSON.parse(request.body) as { id: string; object: { id: string; seq: number } };
    if (seen.has(body.id)) {
      duplicates++;
      continue;
    }
    seen.add(body.id);
    const previous = lastSeq.get(body.object.id) ?? -1;
    if (body.object.seq < previous) outOfOrder.add(body.object.id);
    lastSeq.set(body.object.id, Math.max(previous, body.object.seq));
  }
  return { lost: dispatched.filter((id) => !seen.has(id)), duplicates, outOfOrder: [...outOfOrder], byWorker };
}
