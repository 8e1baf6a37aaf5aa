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
        for (const attempt of entry.attemptList()) {
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
 * A delivery as the log keeps it: the job's fields inline, and the common lone attempt (no
 * error, retry or source) inline too instead of an `AttemptRecord` of its own. Times after
 * `createdAt` are kept as offsets from it, small integers V8 stores in the object itself, where
 * a full timestamp takes a heap number of its own. Records outlive the young generation, and
 * the garbage collector copies every object in one: at 10 000 records these objects were most
 * of the log's collection cost.
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
  /** `updatedAt - createdAt`, or NaN when that offset does not give `updatedAt` back exactly (see `updatedAtAsIs`). */
  updatedAfter: number;
  updatedAtAsIs: number | undefined;
  reason: string | undefined;
  /** The attempts made: none, one inline (the `lone*` fields), or records. */
  attempts: typeof INLINE | AttemptRecord | AttemptRecord[] | undefined;
  loneNumber = 0;
  /** `startedAt - createdAt`. */
  loneStartedAfter = 0;
  loneDurationMs = 0;
  loneOutcome: AttemptRecord['outcome'] = 'success';
  loneReason = '';
  loneStatus: number | undefined;
  loneResponseBody: string | undefined;

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
    this.updatedAfter = Number.NaN;
    this.updatedAtAsIs = undefined;
    this.setUpdatedAt(update.at);
    this.reason = update.reason;
    this.attempts = undefined;
    if (update.attempt) this.addAttempt(update.attempt);
  }

  get updatedAt(): number {
    return this.updatedAtAsIs ?? this.createdAt + this.updatedAfter;
  }

  private setUpdatedAt(at: number): void {
    const after = offsetFrom(this.createdAt, at);
    this.updatedAfter = after ?? Number.NaN;
    this.updatedAtAsIs = after === undefined ? at : undefined;
  }

  update(update: DeliveryUpdate, keepBodies: boolean): void {
    this.attempt = update.job.attempt;
    this.state = update.state;
    if (update.state === 'succeeded' && !keepBodies) this.body = undefined;
    this.setUpdatedAt(update.at);
    this.reason = update.reason;
    if (update.attempt) this.addAttempt(update.attempt);
  }

  private addAttempt(attempt: AttemptRecord): void {
    if (this.attempts === undefined) {
      const startedAfter = isLone(attempt) ? offsetFrom(this.createdAt, attempt.startedAt) : undefined;
      if (startedAfter === undefined) {
        this.attempts = attempt;
        return;
      }
      this.attempts = INLINE;
      this.loneNumber = attempt.attempt;
      this.loneStartedAfter = startedAfter;
      this.loneDurationMs = attempt.durationMs;
      this.loneOutcome = attempt.outcome;
      this.loneReason = attempt.reason;
      this.loneStatus = attempt.status;
      this.loneResponseBody = attempt.responseBody;
    } else if (Array.isArray(this.attempts)) this.attempts.push(attempt);
    else this.attempts = [this.attemptList()[0]!, attempt];
  }

  /** The attempts as records; the inline one is built afresh, the others are the log's own. */
  attemptList(): AttemptRecord[] {
    const { attempts } = this;
    if (attempts === undefined) return [];
    if (Array.isArray(attempts)) return attempts;
    if (attempts !== INLINE) return [attempts];
    const attempt: AttemptRecord = {
      attempt: this.loneNumber,
      startedAt: this.createdAt + this.loneStartedAfter,
      durationMs: this.loneDurationMs,
      outcome: this.loneOutcome,
      reason: this.loneReason,
    };
    if (this.loneStatus !== undefined) attempt.status = this.loneStatus;
    if (this.loneResponseBody !== undefined) attempt.responseBody = this.loneResponseBody;
    return [attempt];
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
    const attempts = this.attempts === INLINE ? this.attemptList() : structuredClone(this.attemptList());
    const record: DeliveryRecord = { job, state: this.state, attempts, updatedAt: this.updatedAt };
    if (this.reason !== undefined) record.reason = this.reason;
    if (this.body === undefined) record.bodyDropped = true;
    return record;
  }
}

/** `Entry.attempts` when its one attempt is kept in its `lone*` fields. */
const INLINE = Symbol('inline attempt');

/**
 * The fields an inline attempt does not keep: an attempt with any of them keeps a record of its
 * own. Typed so that a field added to `AttemptRecord` must be listed here or in the `lone*` fields.
 */
const NOT_INLINE: Record<Exclude<keyof AttemptRecord, 'attempt' | 'startedAt' | 'durationMs' | 'outcome' | 'reason' | 'status' | 'responseBody'>, true> = {
  error: true,
  nextRetryAt: true,
  source: true,
};
function isLone(attempt: AttemptRecord): boolean {
  for (const field in NOT_INLINE) if (attempt[field as keyof typeof NOT_INLINE] !== undefined) return false;
  return true;
}

/** `time - base` when adding it back to `base` gives `time` exactly (it does for whole milliseconds); else undefined. */
function offsetFrom(base: number, time: number): number | undefined {
  const offset = time - base;
  return base + offset === time ? offset : undefined;
}
