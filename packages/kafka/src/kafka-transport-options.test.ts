import { makeJob } from '@webhooks/testing';
import { describe, expect, it } from 'vitest';
import { decodeJob, encodeJob } from './job-message.js';
import { createKafkaTransport } from './kafka-transport.js';

describe('createKafkaTransport options', () => {
  it('names every wrong option in one invalid_config error', () => {
    expect(() => createKafkaTransport({ brokers: [], concurrency: 0, endpointConcurrency: 1.5, retryTiers: [-1], prefix: 'a b' })).toThrow(
      expect.objectContaining({
        code: 'invalid_config',
        issues: expect.arrayContaining([
          expect.objectContaining({ path: 'brokers' }),
          expect.objectContaining({ path: 'concurrency' }),
          expect.objectContaining({ path: 'endpointConcurrency', message: expect.stringContaining('1.5') }),
          expect.objectContaining({ path: 'retryTiers[0]' }),
          expect.objectContaining({ path: 'prefix' }),
        ]),
      }),
    );
  });

  it('needs no connection to be created', () => {
    const transport = createKafkaTransport({ brokers: '127.0.0.1:1', prefix: 'shop' });
    expect(transport.topics.deliveries).toBe('shop.deliveries');
    expect(transport.groupId).toBe('shop.workers');
  });
});

describe('job messages', () => {
  it('round-trip a job, keyed by job.key, with ids and attempt in headers', () => {
    const job = makeJob({ attempt: 3 });
    const message = encodeJob(job);
    expect(message.key).toBe(job.key);
    expect(message.headers).toMatchObject({ 'webhook-delivery-id': job.deliveryId, 'webhook-attempt': '3' });
    expect(decodeJob(Buffer.from(message.value))).toEqual(job);
  });

  it('rejects a value that is not a job with invalid_payload', () => {
    expect(() => decodeJob(Buffer.from('{"deliveryId":1}'))).toThrow(expect.objectContaining({ code: 'invalid_payload' }));
    expect(() => decodeJob(Buffer.from('nope'))).toThrow(expect.objectContaining({ code: 'invalid_payload' }));
  });
});
