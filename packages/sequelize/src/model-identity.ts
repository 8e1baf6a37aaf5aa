import { parseModelId, type ModelRef } from '@webhooks/core';

/** How Sequelize models are named on the wire. */
export interface ModelIdentityOptions {
  /** App label for every model: `Order` becomes `store.Order`. Default `app`. */
  appLabel?: string;
  /** Per-model overrides by Sequelize model name: `{ Order: 'store.Order' }`. */
  models?: Readonly<Record<string, string>>;
}

/** Resolves a Sequelize model name (`Order`, never its table name) to a model id. */
export function modelIdentity(options: ModelIdentityOptions): (modelName: string) => ModelRef {
  const cache = new Map<string, ModelRef>();
  const app = options.appLabel ?? 'app';
  return (modelName) => {
    let ref = cache.get(modelName);
    if (!ref) {
      ref = parseModelId(options.models?.[modelName] ?? `${app}.${modelName}`);
      cache.set(modelName, ref);
    }
    return ref;
  };
}
