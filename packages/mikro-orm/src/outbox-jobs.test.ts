import type { DeliveryJob } from '@webhooks/core';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeJobs, encodeJobs } from './outbox-jobs.js';

const job = (n: number, body: string): DeliveryJob => ({
  deliveryId: `dlv_${n}`,
  eventId: `evt_${n}`,
  eventName: 'customer.updated',
  endpoint: 'all',
  body,
  attempt: 1,
  key: `all:store.Customer:${n} "quoted"`,
  createdAt: 1_700_000_000_000 + n,
});

// Bodies as core writes them: JSON texts, so a line break inside a field is escaped.
const jobs = [1, 2, 3].map((n) => job(n, JSON.stringify({ id: `evt_${n}`, object: { name: `line\nbreak "${n}" é 😀` } })));

describe('outbox jobs column', () => {
  it('gives back the same jobs, bodies byte for byte, plain and compressed', () => {
    for (const compress of [false, true]) {
      const many = Array.from({ length: 50 }, (_, i) => jobs[i % 3]!);
      expect(decodeJobs(encodeJobs(many, compress))).toEqual(many);
      expect(decodeJobs(encodeJobs(jobs.slice(0, 1), compress))).toEqual(jobs.slice(0, 1));
    }
  });

  it('writes the bodies unescaped, one per line after the list of the other fields', () => {
    const [fields, ...bodies] = encodeJobs(jobs, false).split('\n');
    expect(bodies).toEqual(jobs.map((j) => j.body));
    expect(JSON.parse(fields!)).toEqual(jobs.map((j) => [j.deliveryId, j.eventId, j.eventName, j.endpoint, j.attempt, j.key, j.createdAt]));
  });

  it('falls back to a JSON array of whole jobs when a body holds a raw line break', () => {
    const odd = [...jobs, job(4, '{"text":\n"raw line break"}')];
    const column = encodeJobs(odd, false);
    expect(JSON.parse(column)).toEqual(odd);
    expect(decodeJobs(column)).toEqual(odd);
  });

  it('still reads rows written as a JSON array of jobs, plain or deflated', () => {
    const json = JSON.stringify(jobs);
    expect(decodeJobs(json)).toEqual(jobs);
    expect(decodeJobs(deflateRawSync(json).toString('base64'))).toEqual(jobs);
  });

  it('refuses a row whose bodies do not match its list of jobs', () => {
    const [fields, ...bodies] = encodeJobs(jobs, false).split('\n');
    expect(() => decodeJobs([fields, ...bodies.slice(1)].join('\n'))).toThrow('outbox row lists 3 jobs but holds 2 bodies');
  });
});
