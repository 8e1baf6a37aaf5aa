import type { MikroORM } from '@mikro-orm/core';
import type { AttemptRecord, DeliveryJob, DeliveryLog, DeliveryRecord, DeliveryState } from '@webhooks/core';
import { WebhookAttempt, WebhookDelivery, type WebhookAttemptRow, type WebhookDeliveryRow } from './entities.js';

const time = (value: Date | null | undefined) => (value === null || value === undefined ? undefined : new Date(value).getTime());

function toAttempt(row: WebhookAttemptRow): AttemptRecord {
  const attempt: AttemptRecord = {
    attempt: row.attempt,
    startedAt: time(row.startedAt)!,
    durationMs: row.durationMs,
    outcome: row.outcome as AttemptRecord['outcome'],
    reason: row.reason,
  };
  if (row.status !== null) attempt.status = row.status;
  if (row.error !== null) attempt.error = row.error;
  if (row.responseBody !== null) attempt.responseBody = row.responseBody;
  if (row.nextRetryAt !== null) attempt.nextRetryAt = time(row.nextRetryAt);
  return attempt;
}

function toJob({ deliveryId, eventId, eventName, endpoint, body, attempt, jobKey, createdAt }: WebhookDeliveryRow): DeliveryJob {
  return { deliveryId, eventId, eventName, endpoint, body, attempt, key: jobKey, createdAt: time(createdAt)! };
}

function toRecord(row: WebhookDeliveryRow, attempts: AttemptRecord[]): DeliveryRecord {
  const record: DeliveryRecord = {
    job: toJob(row),
    state: row.state as DeliveryState,
    attempts,
    updatedAt: time(row.updatedAt)!,
  };
  if (row.reason !== null) record.reason = row.reason;
  return record;
}

/**
 * A `DeliveryLog` over `webhook_deliveries` and `webhook_attempts`. Every
 * call works on its own forked EntityManager.
 *
 * @example
 * const webhooks = createWebhooks(config, { sender, transport, deliveryLog: createMikroOrmDeliveryLog(orm) });
 */
export function createMikroOrmDeliveryLog(orm: MikroORM): DeliveryLog {
  const attemptsOf = async (deliveryIds: string[]) => {
    const byDelivery = new Map<string, AttemptRecord[]>(deliveryIds.map((id) => [id, []]));
    if (deliveryIds.length === 0) return byDelivery;
    const rows = await orm.em
      .fork()
      .find(WebhookAttempt, { deliveryId: { $in: deliveryIds } }, { orderBy: { id: 'asc' }, disableIdentityMap: true });
    for (const row of rows) byDelivery.get(row.deliveryId)?.push(toAttempt(row));
    return byDelivery;
  };

  return {
    async record({ job, state, attempt, reason, at }) {
      await orm.em.fork().transactional(async (em) => {
        const delivery = {
          deliveryId: job.deliveryId,
          eventId: job.eventId,
          eventName: job.eventName,
          endpoint: job.endpoint,
          body: job.body,
          jobKey: job.key,
          attempt: job.attempt,
          createdAt: new Date(job.createdAt),
          state,
          reason: reason ?? null,
          updatedAt: new Date(at),
        };
        await em.upsert(WebhookDelivery, delivery);
        if (!attempt) return;
        await em.insert(WebhookAttempt, {
          deliveryId: job.deliveryId,
          attempt: attempt.attempt,
          startedAt: new Date(attempt.startedAt),
          durationMs: Math.round(attempt.durationMs),
          outcome: attempt.outcome,
          status: attempt.status ?? null,
          reason: attempt.reason,
          error: attempt.error ?? null,
          responseBody: attempt.responseBody ?? null,
          nextRetryAt: attempt.nextRetryAt === undefined ? null : new Date(attempt.nextRetryAt),
        });
      });
    },

    async get(deliveryId) {
      const row = await orm.em.fork().findOne(WebhookDelivery, { deliveryId }, { disableIdentityMap: true });
      if (!row) return undefined;
      return toRecord(row, (await attemptsOf([deliveryId])).get(deliveryId)!);
    },

    async find({ eventId, endpoint, state, limit = 100 }) {
      const where: Record<string, unknown> = {};
      if (eventId !== undefined) where.eventId = eventId;
      if (endpoint !== undefined) where.endpoint = endpoint;
      if (state !== undefined) where.state = typeof state === 'string' ? state : { $in: [...state] };
      const rows = await orm.em
        .fork()
        .find(WebhookDelivery, where, { orderBy: { updatedAt: 'desc', deliveryId: 'desc' }, limit, disableIdentityMap: true });
      const attempts = await attemptsOf(rows.map((row) => row.deliveryId));
      return rows.map((row) => toRecord(row, attempts.get(row.deliveryId)!));
    },
  };
}
