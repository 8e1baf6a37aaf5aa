import { describe, expect, it } from 'vitest';
import type { DeliveryJob } from '@webhooks/core';
import { decodeJob, encodeJob, KAFKA_HEADERS } from './job-message.js';

const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const job: DeliveryJob = { deliveryId: 'dlv_1', eventId: 'evt_1', eventName: 'order.paid', endpoint: 'crm', body: '{}', attempt: 1, key: 'k', createdAt: 1 };

describe('trace context on Kafka messages', () => {
  it('writes a job’s trace context as traceparent and tracestate headers, and reads it back', () => {
    const message = encodeJob({ ...job, trace: { traceparent, tracestate: 'vendor=1' } });
    expect(message.headers[KAFKA_HEADERS.traceparent]).toBe(traceparent);
    expect(message.headers[KAFKA_HEADERS.tracestate]).toBe('vendor=1');
    expect(decodeJob(Buffer.from(message.value)).trace).toEqual({ traceparent, tracestate: 'vendor=1' });
  });

  it('takes the traceparent header when the value has none (a message another producer wrote)', () => {
    const message = encodeJob(job);
    expect(message.headers).not.toHaveProperty('traceparent');
    expect(decodeJob(Buffer.from(message.value), { traceparent: Buffer.from(traceparent) }).trace).toEqual({ traceparent });
    expect(decodeJob(Buffer.from(message.value), { traceparent: Buffer.from('garbage') }).trace).toBeUndefined();
  });
});
