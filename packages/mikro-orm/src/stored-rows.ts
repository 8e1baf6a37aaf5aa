import { LockMode, wrap, type ChangeSet, type EntityManager, type EntityMetadata, type Transaction } from '@mikro-orm/core';
import { dialectOf } from './dialect.js';
import { entityFields } from './entity-snapshot.js';

type Fields = Record<string, unknown>;

/**
 * The rows that updates are about to change, read from the database inside the flush's
 * transaction (locked on Postgres and MySQL, so no other writer changes them before this
 * flush does), as `entityFields` returns them: another process may have changed a row since
 * this unit of work loaded it, and `changes.old` must say what the database held. Keyed by
 * change set; a row not found (deleted meanwhile) is missing.
 */
export async function readStoredRows(em: EntityManager, changeSets: ChangeSet<any>[], ctx: Transaction): Promise<Map<ChangeSet<any>, Fields>> {
  const out = new Map<ChangeSet<any>, Fields>();
  const byMeta = new Map<EntityMetadata, ChangeSet<any>[]>();
  for (const changeSet of changeSets) {
    const list = byMeta.get(changeSet.meta) ?? [];
    list.push(changeSet);
    byMeta.set(changeSet.meta, list);
  }
  // A fork of its own: nothing read here enters the application's identity map or fires its events.
  const reader = em.fork({ clear: true, freshEventManager: true, useContext: false });
  reader.setTransactionContext(ctx);
  const lockMode = dialectOf(em.getPlatform()) === 'sqlite' ? undefined : LockMode.PESSIMISTIC_WRITE;
  for (const [meta, sets] of byMeta) {
    const keys = meta.primaryKeys;
    const pkOf = (entity: object) => wrap(entity, true).getPrimaryKey(true) as Fields | unknown;
    const where =
      keys.length === 1
        ? { [keys[0]!]: { $in: sets.map((set) => pkOf(set.entity)) } }
        : { $or: sets.map((set) => pkOf(set.entity)) };
    const rows = await reader.find(meta.class, where as never, { ...(lockMode ? { lockMode } : {}), disableIdentityMap: true });
    const byKey = new Map(rows.map((row) => [wrap(row, true).getSerializedPrimaryKey(), row]));
    for (const set of sets) {
      const row = byKey.get(wrap(set.entity, true).getSerializedPrimaryKey());
      if (row) out.set(set, entityFields(row, meta));
    }
  }
  return out;
}
