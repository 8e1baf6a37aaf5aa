import { toTraceContext, WebhookError, type DeliveryJob, type TraceContext } from '@webhooks/core';

/** Header names on every message; ids and attempt are readable without parsing the value. */
export const KAFKA_HEADERS = Object.freeze({
  deliveryId: 'webhook-delivery-id',
  eventId: 'webhook-event-id',
  attempt: 'webhook-attempt',
  /** On retry topics: ms since epoch before which the job must not run. */
  notBefore: 'webhook-not-before',
  /** On the dead-letter topic: why the delivery is dead. */
  reason: 'webhook-dead-reason',
  deadAt: 'webhook-dead-at',
  /** The W3C trace context the job was planned in, when it has one (what OpenTelemetry's Kafka instrumentations read). */
  traceparent: 'traceparent',
  tracestate: 'tracestate',
});

/** A Kafka message as kafkajs produces it. */
export interface OutgoingMessage {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** The message for a job: key = `job.key` (one object's deliveries to one endpoint share a partition), value = the job as JSON. */
export function encodeJob(job: DeliveryJob, extraHeaders: Record<string, string> = {}): OutgoingMessage {
  return {
    key: job.key,
    value: JSON.stringify(job),
    headers: {
      [KAFKA_HEADERS.deliveryId]: job.deliveryId,
      [KAFKA_HEADERS.eventId]: job.eventId,
      [KAFKA_HEADERS.attempt]: String(job.attempt),
      ...(job.trace ? traceHeaders(job.trace) : {}),
      ...extraHeaders,
    },
  };
}

function traceHeaders(trace: TraceContext): Record<string, string> {
  return trace.tracestate ? { traceparent: trace.traceparent, tracestate: trace.tracestate } : { traceparent: trace.traceparent };
}

const FIELDS: [keyof DeliveryJob & string, 'string' | 'number'][] = [
  ['deliveryId', 'string'], ['eventId', 'string'], ['eventName', 'string'], ['endpoint', 'string'],
  ['body', 'string'], ['attempt', 'number'], ['key', 'string'], ['createdAt', 'number'],
];

/**
 * Parses a message value back into a job; throws `invalid_payload` for anything that is not one.
 * A job written without a trace context takes the one in the message's `traceparent` header, if any.
 */
export function decodeJob(value: Buffer | null, headers?: Record<string, unknown>): DeliveryJob {
  let parsed: unknown;
  try {
    parsed = value ? JSON.parse(value.toString('utf8')) : undefined;
  } catch (err) {
    throw new WebhookError('invalid_payload', 'Kafka message value is not JSON', { cause: err });
  }
  if (typeof parsed !== 'object' || parsed === null) throw new WebhookError('invalid_payload', 'Kafka message value is not a delivery job');
  const record = parsed as Record<string, unknown>;
  for (const [name, type] of FIELDS) {
    if (typeof record[name] !== type) throw new WebhookError('invalid_payload', `Kafka message value has no ${type} "${name}"`);
  }
  const job = record as unknown as DeliveryJob;
  const trace = job.trace
    ? toTraceContext(job.trace.traceparent, job.trace.tracestate)
    : toTraceContext(readHeader(headers, KAFKA_HEADERS.traceparent), readHeader(headers, KAFKA_HEADERS.tracestate));
  if (trace) job.trace = trace;
  else delete job.trace;
  return job;
}

/** A header's value as a string, or undefined. */
export function readHeader(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return undefined;
  return typeof first === 'string' ? first : (first as Buffer).toString('utf8');
}
