import { WebhookError } from '../errors.js';
import type { DeliveryRecord, DeliveryState } from './delivery-job.js';
import type { DeliveryLog, DeliveryQuery, DeliveryUpdate } from './ports.js';

/** Options of the in-memory delivery log. */
export interface MemoryDeliveryLogOptions {
  /**
   * Most deliveries kept. When it is exceeded, the oldest succeeded ones are dropped, an eighth
   * of the limit at a time; only if too few have succeeded do the oldest others go. Default 10 000.
   */
  maxRecords?: number;
}

const FINISHED: ReadonlySet<DeliveryState> = new Set(['succeeded']);

/**
 * A `DeliveryLog` in process memory: fine for development, tests and a single
 * process that can afford to forget on restart. Use an ORM adapter's log to
 * keep attempts and dead deliveries across restarts.
 *
 * @example
 * const deliveryLog = createMemoryDeliveryLog({ maxRecords: 1000 });
 * const webhooks = createWebhooks(config, { sender, transport, deliveryLog });
 */
export function createMemoryDeliveryLog(options: MemoryDeliveryLogOptions = {}): DeliveryLog & { readonly size: number } {
  const maxRecords = options.maxRecords ?? 10_000;
  if (!Number.isSafeInteger(maxRecords) || maxRecords < 1) {
    throw new WebhookError('invalid_argument', `createMemoryDeliveryLog: maxRecords must be a positive integer, got ${maxRecords}`);
  }
  // Insertion order is creation order, which `find` and eviction rely on.
  const records = new Map<string, DeliveryRecord>();

  // Full means dropping a batch at once: a Map deleted from the front keeps the holes until it
  // next grows, and every scan from the front walks them again (one at a time cost ~14 µs per
  // record at 1000 records).
  const batch = Math.max(1, Math.floor(maxRecords / 8));
  /** Makes room for one more record. */
  const evict = () => {
    if (records.size < maxRecords) return;
    const keep = maxRecords - batch;
    for (const [id, record] of records) {
      if (records.size <= keep) return;
      if (FINISHED.has(record.state)) records.delete(id);
    }
    // Not enough finished to drop: drop the oldest rather than grow without bound.
    for (const id of records.keys()) {
      if (records.size < maxRecords) return;
      records.delete(id);
    }
  };

  return {
    async record(update: DeliveryUpdate) {
      let record = records.get(update.job.deliveryId);
      if (!record) {
        evict();
        record = { job: update.job, state: update.state, attempts: [], updatedAt: update.at };
        records.set(update.job.deliveryId, record);
      }
      record.job = update.job;
      record.state = update.state;
      record.updatedAt = update.at;
      if (update.reason !== undefined) record.reason = update.reason;
      else delete record.reason;
      if (update.attempt) record.attempts.push(update.attempt);
    },
    async get(deliveryId) {
      const record = records.get(deliveryId);
      return record && structuredClone(record);
    },
    async find(query: DeliveryQuery) {
      const states = query.state === undefined ? undefined : new Set([query.state].flat());
      const limit = query.limit ?? 100;
      const out: DeliveryRecord[] = [];
      for (const record of [...records.values()].reverse()) {
        if (query.eventId !== undefined && record.job.eventId !== query.eventId) continue;
        if (query.endpoint !== undefined && record.job.endpoint !== query.endpoint) continue;
        if (states && !states.has(record.state)) continue;
        out.push(structuredClone(record));
        if (out.length >= limit) break;
      }
      return out;
    },
    get size() {
      return records.size;
    },
  };
}
