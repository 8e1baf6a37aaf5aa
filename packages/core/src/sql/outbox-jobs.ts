import type { DeliveryJob } from '../engine/delivery-job.js';
import { toTraceContext } from '../instrumentation.js';
import type { TextCompression } from './sql-executor.js';

// Below this a text stays inline in the row, where Postgres does not compress it.
const COMPRESS_FROM_CHARS = 2000;

/** A job without its body, in the order the first line of a `jobs` column lists it; the trace context only when the job has one. */
type JobFields =
  | [deliveryId: string, eventId: string, eventName: string, endpoint: string, attempt: number, key: string, createdAt: number]
  | [deliveryId: string, eventId: string, eventName: string, endpoint: string, attempt: number, key: string, createdAt: number, traceparent: string, tracestate?: string];

/**
 * The `jobs` column of an outbox row. Its first line is a JSON array holding,
 * per job, `[deliveryId, eventId, eventName, endpoint, attempt, key, createdAt]`, followed by
 * `traceparent` (and `tracestate`) when the job carries the trace it was planned in;
 * each following line is one job's body, as is. Bodies are JSON texts, which
 * never hold a raw line break, so they need no escaping: writing them costs a
 * copy, not a second JSON encoding, and the column is a quarter shorter.
 * A body with a line break (not one core made) makes the whole column the
 * JSON array of the jobs instead. With `compression`, a text of 2000 characters
 * or more is stored compressed (on Postgres, deflate in Node costs a seventh of
 * the database's own pglz).
 */
export function encodeJobs(jobs: readonly DeliveryJob[], compression?: TextCompression): string {
  const text = jobs.some((job) => job.body.includes('\n'))
    ? JSON.stringify(jobs)
    : `${JSON.stringify(jobs.map(fieldsOf))}\n${jobs.map((job) => job.body).join('\n')}`;
  return !compression || text.length < COMPRESS_FROM_CHARS ? text : compression.deflate(text);
}

/** The jobs of a `jobs` column, in any of the forms `encodeJobs` writes. */
export function decodeJobs(column: string, compression?: TextCompression): DeliveryJob[] {
  // Both plain forms start with `[`, which a compressed text never does.
  let text = column;
  if (!column.startsWith('[')) {
    if (!compression) throw new Error('outbox row is compressed, and this store has no compression to read it');
    text = compression.inflate(column);
  }
  const firstBreak = text.indexOf('\n');
  // A JSON array of whole jobs has no raw line break.
  if (firstBreak < 0) return JSON.parse(text) as DeliveryJob[];
  const fields = JSON.parse(text.slice(0, firstBreak)) as JobFields[];
  const bodies = text.slice(firstBreak + 1).split('\n');
  if (bodies.length !== fields.length) {
    throw new Error(`outbox row lists ${fields.length} jobs but holds ${bodies.length} bodies`);
  }
  return fields.map(([deliveryId, eventId, eventName, endpoint, attempt, key, createdAt, traceparent, tracestate], i) => {
    const job: DeliveryJob = { deliveryId, eventId, eventName, endpoint, body: bodies[i]!, attempt, key, createdAt };
    const trace = toTraceContext(traceparent, tracestate);
    if (trace) job.trace = trace;
    return job;
  });
}

function fieldsOf(job: DeliveryJob): JobFields {
  const { trace } = job;
  if (!trace) return [job.deliveryId, job.eventId, job.eventName, job.endpoint, job.attempt, job.key, job.createdAt];
  const fields: JobFields = [job.deliveryId, job.eventId, job.eventName, job.endpoint, job.attempt, job.key, job.createdAt, trace.traceparent];
  if (trace.tracestate) fields.push(trace.tracestate);
  return fields;
}
