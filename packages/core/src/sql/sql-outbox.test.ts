import { describe, expect, it } from 'vitest';
import type { DeliveryJob } from '../engine/delivery-job.js';
import { decodeJobs } from './outbox-jobs.js';
import type { SqlExecutor, TextCompression } from './sql-executor.js';
import { createSqlOutbox } from './sql-outbox.js';

/** A Postgres executor that must not be asked anything, with a codec that counts its calls and shrinks nothing. */
function postgresOutbox() {
  const calls = { deflate: 0 };
  const compression: TextCompression = {
    deflate: (text) => {
      calls.deflate++;
      return `~${text}`;
    },
    inflate: (text) => text.slice(1),
  };
  const refuse = () => Promise.reject(new Error('the outbox asked the database something'));
  const executor: SqlExecutor = { dialect: 'postgres', table: (name) => `"webhook_${name}"`, run: refuse, transaction: refuse, compression };
  return { outbox: createSqlOutbox(executor), compression, calls, transaction: { run: refuse } };
}

const jobsOf = (count: number, bodyChars: number): DeliveryJob[] =>
  Array.from({ length: count }, (_, i) => ({
    deliveryId: `dlv_${i}`,
    eventId: `evt_${i}`,
    eventName: 'order.paid',
    endpoint: 'billing',
    body: JSON.stringify({ id: `evt_${i}`, note: 'n'.repeat(bodyChars) }),
    attempt: 1,
    key: `billing:store.Order:${i}`,
    createdAt: 1_700_000_000_000,
  }));

describe('outbox rows too large to ride on the COMMIT', () => {
  it('are encoded once: the bound insert that follows reuses them', async () => {
    const { outbox, compression, calls, transaction } = postgresOutbox();
    const jobs = jobsOf(200, 300); // about 70 KB: over the one-trip limit
    expect(await outbox.commitStatement(jobs, 1, transaction)).toBeUndefined();
    expect(calls.deflate).toBe(1);
    const inserts = outbox.inserts(jobs, 2);
    expect(calls.deflate).toBe(1);
    expect(inserts).toHaveLength(1);
    expect(decodeJobs(inserts[0]!.params[0] as string, compression)).toEqual(jobs);
    // Used once: writing the same jobs again encodes them again.
    outbox.inserts(jobs, 3);
    expect(calls.deflate).toBe(2);
  });

  it('small rows go with the COMMIT, encoded once', async () => {
    const { outbox, calls, transaction } = postgresOutbox();
    const statement = await outbox.commitStatement(jobsOf(20, 300), 1, transaction);
    expect(statement?.sql).toMatch(/^INSERT INTO "webhook_outbox" .*; COMMIT$/);
    expect(calls.deflate).toBe(1);
  });
});
