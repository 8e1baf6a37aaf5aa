/** One request the receiver answered 2xx, as it saw it. */
export interface Reception {
  /** The endpoint's name, from the request path. */
  endpoint: string;
  eventName: string;
  eventId: string;
  /** `object.id` of the event (the item's id). */
  objectId: string;
  /** `object.tag` of the event (unique per application transaction). */
  tag: string;
  deliveryId: string;
  attempt: number;
  /** The sender process that made the attempt (`X-Torture-Life`). */
  life: string;
  /** When it was answered (ms since epoch). */
  at: number;
}

/** What the receiver reports for one combination. */
export interface ReceptionReport {
  receptions: Reception[];
  /** Requests answered 503 on purpose. */
  failedOnPurpose: number;
  /** Requests that failed verification (a bad signature, a stale timestamp): must be 0. */
  rejected: { count: number; reasons: string[] };
}
