import type { DeliveryLog, DeliveryRecord, DeliveryState } from '@webhooks/core';
import { Op, type Sequelize, type WhereOptions } from 'sequelize';
import { configureSqliteConcurrency } from './configure-sqlite.js';
import { attemptToRow, jobToRow, rowToAttempt, rowToJob } from './rows.js';
import { defineWebhookModels, type WebhookTableOptions } from './webhook-tables.js';

/**
 * A `DeliveryLog` in the `webhook_deliveries` and `webhook_attempts` tables:
 * attempts, errors and dead deliveries survive restarts and can be queried
 * and replayed.
 *
 * @example
 * const deliveryLog = createSequelizeDeliveryLog(sequelize);
 * const webhooks = createWebhooks(config, { sender, transport, deliveryLog });
 */
export function createSequelizeDeliveryLog(sequelize: Sequelize, options: WebhookTableOptions = {}): DeliveryLog {
  const { Delivery, Attempt } = defineWebhookModels(sequelize, options);
  configureSqliteConcurrency(sequelize);
  // `transaction: null` keeps these writes out of any CLS transaction of the application.
  const own = { transaction: null, hooks: false, logging: false } as const;

  const withAttempts = async (rows: Record<string, unknown>[]): Promise<DeliveryRecord[]> => {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.deliveryId as string);
    const attempts = await Attempt.findAll({ ...own, where: { deliveryId: ids }, order: [['id', 'ASC']], raw: true });
    const byDelivery = new Map<string, Record<string, unknown>[]>();
    for (const a of attempts as unknown as Record<string, unknown>[]) {
      const list = byDelivery.get(a.deliveryId as string) ?? [];
      list.push(a);
      byDelivery.set(a.deliveryId as string, list);
    }
    return rows.map((row) => {
      const record: DeliveryRecord = {
        job: rowToJob(row),
        state: row.state as DeliveryState,
        attempts: (byDelivery.get(row.deliveryId as string) ?? []).map(rowToAttempt),
        updatedAt: Number(row.updatedAt),
      };
      if (row.reason !== null && row.reason !== undefined) record.reason = row.reason as string;
      return record;
    });
  };

  return {
    async record(update) {
      const row = { ...jobToRow(update.job), state: update.state, reason: update.reason ?? null, updatedAt: update.at };
      await sequelize.transaction({ transaction: null } as never, async (transaction) => {
        await Delivery.upsert(row, { transaction, hooks: false, logging: false });
        if (update.attempt) {
          await Attempt.create(attemptToRow(update.job.deliveryId, update.attempt), { transaction, hooks: false, logging: false });
        }
      });
    },
    async get(deliveryId) {
      const row = await Delivery.findByPk(deliveryId, { ...own, raw: true });
      if (!row) return undefined;
      return (await withAttempts([row as unknown as Record<string, unknown>]))[0];
    },
    async find(query) {
      const where: WhereOptions = {};
      if (query.eventId !== undefined) Object.assign(where, { eventId: query.eventId });
      if (query.endpoint !== undefined) Object.assign(where, { endpoint: query.endpoint });
      if (query.state !== undefined) Object.assign(where, { state: { [Op.in]: [query.state].flat() } });
      const rows = await Delivery.findAll({
        ...own,
        where,
        order: [['deliveryId', 'DESC']],
        limit: query.limit ?? 100,
        raw: true,
      });
      return withAttempts(rows as unknown as Record<string, unknown>[]);
    },
  };
}
