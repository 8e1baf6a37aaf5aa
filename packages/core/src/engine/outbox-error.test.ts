import { describe, expect, it } from 'vitest';
import type { DeliveryJob } from './delivery-job.js';
import { outboxWriteError } from './outbox-error.js';

const jobs: DeliveryJob[] = [
  { deliveryId: 'dlv_01ABC', eventId: 'evt_01ABC', eventName: 'order.paid', endpoint: 'crm', body: '{"card":"4111"}', attempt: 1, key: 'k', createdAt: 0 },
];
const table = '"webhook_outbox"';

describe('outboxWriteError', () => {
  it('keeps the reason after a statement the driver quoted with its values', () => {
    const driver = Object.assign(new Error(`insert into "webhook_outbox" values ('[["dlv_01ABC"]]\n{"card":"4111"}', 1, '2026-01-01') - relation "webhook_outbox" does not exist`), { code: '42P01' });
    const err = outboxWriteError(driver, { jobs, table, statementEnd: `1, '2026-01-01')` });
    expect(err.message).toBe('could not write 1 webhook delivery jobs to "webhook_outbox": relation "webhook_outbox" does not exist (42P01)');
    expect(err).toMatchObject({ name: 'WebhookOutboxError', code: '42P01' });
  });

  it("uses MySQL and MariaDB's bare reason, also under Sequelize's wrapper, and leaves out sql and parameters", () => {
    const original = { message: "Table 'x.webhook_outbox' doesn't exist\nsql: INSERT INTO ... - parameters:['{\"card\":\"4111\"}']", sqlMessage: "Table 'x.webhook_outbox' doesn't exist", code: 'ER_NO_SUCH_TABLE', sql: 'INSERT INTO ...' };
    const wrapped = Object.assign(new Error(original.message), { name: 'SequelizeDatabaseError', original, parent: original, sql: 'INSERT INTO ...', parameters: [jobs[0]!.body] });
    for (const driver of [original, wrapped]) {
      const err = outboxWriteError(driver, { jobs, table });
      expect(err.message).toBe(`could not write 1 webhook delivery jobs to "webhook_outbox": Table 'x.webhook_outbox' doesn't exist (ER_NO_SUCH_TABLE)`);
      expect(JSON.stringify({ ...err, message: err.message, stack: err.stack })).not.toContain('4111');
    }
  });

  it('keeps the first line of a reason that goes on to quote the statement, or says only that the insert was refused', () => {
    expect(outboxWriteError(new Error('disk full\nsql: insert into webhook_outbox values ($1)'), { jobs, table }).message).toBe(
      'could not write 1 webhook delivery jobs to "webhook_outbox": disk full',
    );
    expect(outboxWriteError(new Error('bad value dlv_01ABC {"card":"4111"}'), { jobs, table }).message).toBe(
      'could not write 1 webhook delivery jobs to "webhook_outbox": the database refused the insert',
    );
    expect(outboxWriteError('connection lost', { jobs, table }).message).toBe('could not write 1 webhook delivery jobs to "webhook_outbox": connection lost');
  });
});
