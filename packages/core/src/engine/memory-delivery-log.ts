import { WebhookDeliveryError, WebhookError } from '../errors.js';
import type { AttemptRecord, DeliveryJob, DeliveryRecord, DeliveryState } from './delivery-job.js';
import { emptyActivity } from './endpoint-activity.js';
import type { DeliveryLog, DeliveryQuery, DeliveryUpdate, EndpointActivity } from './ports.js';

/** Options of the in-memory delivery log. */
export interface MemoryDeliveryLogOptions {
  /**
   * Most deliveries kept. When it is exceeded, the oldest finished ones are dropped (succeeded
   * first, then dead), an eighth of the limit at a time. Unfinished ones (pending, retrying,
   * held) are never dropped: once they alone fill the log, new dispatches are refused with
   * `log_full` until some finish. Default 10 000.
   */
  maxRecords?: number;
  /**
   * Keep the body of succeeded deliveries, so they can be shown and replayed. Default false: a
   * succeeded record keeps its ids, state and attempts but not its body (`bodyDropped`), which
   * spares the garbage collector a kilobyte or so per delivery. Dead, held and unfinished
   * deliveries always keep theirs.
   */
  keepSucceededBodies?: boolean;
}

// record() finishes synchronously; one settled promise serves every call instead of an async function's own.
const RECORDED: Promise<void> = Promise.resolve();

const isLive = (state: DeliveryState) => state === 'pending' || state === 'retrying' || state === 'held';

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
  const keepBodies = options.keepSucceededBodies === true;
  if (!Number.isSafeInteger(maxRecords) || maxRecords < 1) {
    throw new WebhookError('invalid_argument', `createMemoryDeliveryLog: maxRecords must be a positive integer, got ${maxRecords}`);
  }
  // Insertion order is creation order, which `find` and eviction rely on.
  const records = new Map<string, Entry>();
  /** Records that are not finished, which are never evicted. */
  let live = 0;

  // Full means dropping a batch at once: a Map deleted from the front keeps the holes until it
  // next grows, and every scan from the front walks them again (one at a time cost ~14 µs per
  // record at 1000 records).
  const batch = Math.max(1, Math.floor(maxRecords / 8));
  /** Makes room for one more record, dropping finished ones only. */
  const evict = () => {
    if (records.size < maxRecords || live >= records.size) return;
    const keep = maxRecords - batch;
    for (const state of ['succeeded', 'dead'] as const) {
      for (const [id, entry] of records) {
        if (records.size <= keep) return;
        if (entry.state === state) records.delete(id);
      }
    }
  };

  return {
    record(update: DeliveryUpdate) {
      const { job } = update;
      const entry = records.get(job.deliveryId);
      if (entry) {
        live += Number(isLive(update.state)) - Number(isLive(entry.state));
        entry.update(update, keepBodies);
      } else {
        evict();
        records.set(job.deliveryId, new Entry(update, keepBodies));
        if (isLive(update.state)) live++;
      }
      return RECORDED;
    },
    checkRoom(count: number) {
      if (live + count <= maxRecords) return;
      throw new WebhookDeliveryError(
        'log_full',
        `the memory delivery log holds ${live} unfinished deliveries (pending, retrying or held) and keeps at most ${maxRecords}: ` +
          'raise maxRecords, enable the endpoints that hold deliveries, or use a database delivery log',
      );
    },
    async get(deliveryId) {
      return records.get(deliveryId)?.toRecord();
    },
    async find(query: DeliveryQuery) {
      const limit = query.limit ?? 100;
      const out: DeliveryRecord[] = [];
      const matches = matcher(query);
      for (const entry of [...records.values()].reverse()) {
        if (!matches(entry) || (query.before !== undefined && entry.deliveryId >= query.before)) continue;
        out.push(entry.toRecord());
        if (out.length >= limit) break;
      }
      return out;
    },
    async count(query) {
      const matches = matcher(query);
      let count = 0;
      for (const entry of records.values()) if (matches(entry)) count++;
      return count;
    },
    async endpointActivity({ endpoints, since }) {
      const byEndpoint = new Map(endpoints.map((endpoint): [string, EndpointActivity] => [endpoint, emptyActivity(endpoint)]));
      for (const entry of records.values()) {
        const activity = byEndpoint.get(entry.endpoint);
        if (!activity) continue;
        if (entry.state !== 'succeeded') activity[entry.state]++;
        for (const attempt of entry.attempts === undefined ? [] : [entry.attempts].flat()) {
          if (attempt.startedAt < since) continue;
          activity.attempts++;
          if (attempt.outcome === 'success') activity.attemptsSucceeded++;
        }
      }
      return [...byEndpoint.values()];
    },
    get size() {
      return records.size;
    },
  };
}

/** The test of a query's filters. */
function matcher(query: Omit<DeliveryQuery, 'limit' | 'before'>): (entry: Entry) => boolean {
  const states = query.state === undefined ? undefined : new Set([query.state].flat());
  return (entry) =>
    (query.eventId === undefined || entry.eventId === query.eventId) &&
    (query.endpoint === undefined || entry.endpoint === query.endpoint) &&
    (query.eventName === undefined || entry.eventName === query.eventName) &&
    (query.since === undefined || entry.createdAt >= query.since) &&
    (states === undefined || states.has(entry.state));
}

/**
 * A delivery as the log keeps it: the job's fields inline and a lone attempt
 * not wrapped in an array. Records outlive the young generation, and every
 * object in one is copied by the garbage collector; fewer objects per record
 * was measurable at thousands of deliveries per second.
 */
class Entry {
  readonly deliveryId: string;
  readonly eventId: string;
  readonly eventName: string;
  readonly endpoint: string;
  body: string | undefined;
  readonly key: string;
  readonly createdAt: number;
  attempt: number;
  state: DeliveryState;
  updatedAt: number;
  reason: string | undefined;
  attempts: AttemptRecord | AttemptRecord[] | undefined;

  constructor(update: DeliveryUpdate, keepBodies: boolean) {
    const { job } = update;
    this.deliveryId = job.deliveryId;
    this.eventId = job.eventId;
    this.eventName = job.eventName;
    this.endpoint = job.endpoint;
    // Dropped, the body dies young instead of being copied into the old generation with the record.
    this.body = update.state === 'succeeded' && !keepBodies ? undefined : job.body;
    this.key = job.key;
    this.createdAt = job.createdAt;
    this.attempt = job.attempt;
    this.state = update.state;
    this.updatedAt = update.at;
    this.reason = update.reason;
    this.attempts = update.attempt;
  }

  update(update: DeliveryUpdate, keepBodies: boolean): void {
    this.attempt = update.job.attempt;
    this.state = update.state;
    if (update.state === 'succeeded' && !keepBodies) this.body = undefined;
    this.updatedAt = update.at;
    this.reason = update.reason;
    const { attempt } = update;
    if (!attempt) return;
    if (this.attempts === undefined) this.attempts = attempt;
    else if (Array.isArray(this.attempts)) this.attempts.push(attempt);
    else this.attempts = [this.attempts, attempt];
  }

  /** A copy the caller may keep and change. */
  toRecord(): DeliveryRecord {
    const job: DeliveryJob = {
      deliveryId: this.deliveryId,
      eventId: this.eventId,
      eventName: this.eventName,
      endpoint: this.endpoint,
      body: this.body ?? '',
      attempt: this.attempt,
      key: this.key,
      createdAt: this.createdAt,
    };
    const attempts = this.attempts === undefined ? [] : structuredClone([this.attempts].flat());
    const record: DeliveryRecord = { job, state: this.state, attempts, updatedAt: this.updatedAt };
    if (this.reason !== undefined) record.reason = this.reason;
    if (this.body === undefined) record.bodyDropped = true;
    return record;
  }
}
