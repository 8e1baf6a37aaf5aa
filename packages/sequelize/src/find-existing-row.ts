import type { Model, ModelStatic, Transaction, WhereOptions } from 'sequelize';

/**
 * The stored row an upsert would hit: by primary key when the values carry
 * it, otherwise by the first unique key they fully contain. Read inside the
 * write's transaction, so `old` values in `changes` are the database's.
 */
export async function findExistingRow(
  model: ModelStatic<Model>,
  values: Record<string, unknown>,
  transaction: Transaction | null,
  lock: boolean,
): Promise<Model | null> {
  // Inside a transaction, lock the row so the values read are the ones the write replaces.
  const lockRow = lock && transaction !== null && model.sequelize!.getDialect() !== 'sqlite';
  for (const key of candidateKeys(model)) {
    if (key.every((attribute) => values[attribute] !== undefined && values[attribute] !== null)) {
      const where = Object.fromEntries(key.map((attribute) => [attribute, values[attribute]])) as WhereOptions;
      return model.findOne({ where, transaction, hooks: false, logging: false, ...(lockRow ? { lock: true } : {}) } as never);
    }
  }
  return null;
}

function candidateKeys(model: ModelStatic<Model>): string[][] {
  const keys: string[][] = [];
  const primary = model.primaryKeyAttributes;
  if (primary.length > 0) keys.push([...primary]);
  for (const [name, attribute] of Object.entries(model.getAttributes())) {
    if (attribute.unique === true || typeof attribute.unique === 'string') keys.push([name]);
  }
  const unique = (model as unknown as { uniqueKeys?: Record<string, { fields: string[] }> }).uniqueKeys ?? {};
  for (const { fields } of Object.values(unique)) keys.push(fields.map((f) => attributeOf(model, f)));
  return keys;
}

function attributeOf(model: ModelStatic<Model>, field: string): string {
  const entry = Object.entries(model.getAttributes()).find(([, a]) => a.field === field);
  return entry ? entry[0] : field;
}
