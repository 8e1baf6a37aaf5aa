import type { TraceContext } from '../instrumentation.js';

/**
 * One delivery of one event to one endpoint, as it travels through a transport.
 * The body is projected when the event is dispatched and never changes; it is
 * signed afresh on every attempt.
 */
export interface DeliveryJob {
  /** `dlv_…`: one per event and endpoint, stable across retries and replays. */
  deliveryId: string;
  /** `evt_…`: the event's id, what receivers deduplicate on. */
  eventId: string;
  /** The event name, e.g. `order.paid`. */
  eventName: string;
  /** The endpoint's name in the configuration. */
  endpoint: string;
  /** The exact JSON body to send. */
  body: string;
  /** The number of the attempt this job makes next (1 for the first). */
  attempt: number;
  /** Ordering key: deliveries with the same key keep their order where the transport can. */
  key: string;
  /** When the delivery was created (ms since epoch). */
  createdAt: number;
  /** The trace the event was planned in, when instrumentation captured one: attempts continue it. */
  trace?: TraceContext;
}

/** The state of a delivery in the log. */
export type DeliveryState = 'pending' | 'retrying' | 'held' | 'succeeded' | 'dead';

/** One attempt as recorded in the log. Never holds a secret or a signature. */
export interface AttemptRecord {
  attempt: number;
  /** When the attempt started (ms since epoch). */
  startedAt: number;
  durationMs: number;
  outcome: 'success' | 'retry' | 'failed';
  /** HTTP status, when a response arrived. */
  status?: number;
  /** Short reason: `HTTP 503`, `timeout`, `ssrf_blocked`. */
  reason: string;
  /** The error's message, when the request failed before a response. */
  error?: string;
  /** The start of the response body, capped by the sender. */
  responseBody?: string;
  /** When the next attempt is due (ms since epoch), if one is scheduled. */
  nextRetryAt?: number;
  /**
   * The copy of the job that made this attempt, when the transport names it (a Kafka
   * message's `topic:partition:offset`): a copy handed again after a crash is not sent twice.
   */
  source?: string;
}

/** A delivery with its state and every attempt so far. */
export interface DeliveryRecord {
  job: DeliveryJob;
  state: DeliveryState;
  /** Why the delivery is dead or held. */
  reason?: string;
  attempts: AttemptRecord[];
  updatedAt: number;
  /**
   * True when the log no longer holds the body (the memory log drops succeeded deliveries'
   * bodies unless `keepSucceededBodies` is set): `job.body` is empty and it cannot be replayed.
   */
  bodyDropped?: boolean;
}
