import { WebhookError } from './errors.js';

/** The three automatic actions an ORM adapter emits. */
export type ModelAction = 'created' | 'updated' | 'deleted';

/** A model's identity on the wire: `{ app: 'store', name: 'Order' }`, written `"store.Order"` in configuration. */
export interface ModelRef {
  app: string;
  name: string;
}

const PART = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why `id` is not a valid `"app.Model"` id, or `undefined` when it is. */
export function modelIdProblem(id: unknown): string | undefined {
  if (typeof id !== 'string') return 'must be a string like "store.Order"';
  const parts = id.split('.');
  if (parts.length !== 2 || !parts.every((p) => PART.test(p))) {
    return `"${id}" must be "app.Model" (letters, digits and _; e.g. "store.Order")`;
  }
  return undefined;
}

/**
 * Parses `"store.Order"` into `{ app: 'store', name: 'Order' }`; accepts a ready `ModelRef` too.
 *
 * @example
 * parseModelId('store.Order') // { app: 'store', name: 'Order' }
 */
export function parseModelId(id: string | ModelRef): ModelRef {
  // Refs this module made are frozen and valid: hand them back without a lookup.
  if (typeof id !== 'string' && known.has(id)) return id;
  const key = typeof id === 'string' ? id : `${id.app}.${id.name}`;
  let ref = parsed.get(key);
  if (!ref) {
    const problem = modelIdProblem(key);
    if (problem) throw new WebhookError('invalid_argument', `model ${problem}`);
    const [app, name] = key.split('.') as [string, string];
    ref = Object.freeze({ app, name });
    // Applications have a bounded set of models; the cap only guards against misuse.
    if (parsed.size >= 10_000) parsed.clear();
    parsed.set(key, ref);
    known.set(ref, { id: key, prefix: undefined, names: undefined });
  }
  return ref;
}

const parsed = new Map<string, ModelRef>();
/** What is worked out once per parsed ref: its id, event prefix and automatic event names. */
const known = new WeakMap<ModelRef, { id: string; prefix: string | undefined; names: Record<ModelAction, string> | undefined }>();

/** `"store.Order"` for `{ app: 'store', name: 'Order' }`. */
export function formatModelId(model: ModelRef): string {
  return known.get(model)?.id ?? `${model.app}.${model.name}`;
}

/** The automatic event prefix of a model: `Order` gives `order`, `OrderItem` gives `order_item`. */
export function modelEventPrefix(model: ModelRef): string {
  const cached = known.get(model);
  if (cached) return (cached.prefix ??= eventPrefixOf(model.name));
  return eventPrefixOf(model.name);
}

/**
 * The automatic event names of a model (`order.created`, …), worked out once
 * per parsed ref: the same string each time, so lookups keyed by it stay cheap.
 * @internal
 */
export function modelEventNames(model: ModelRef): Record<ModelAction, string> {
  const cached = known.get(model);
  if (cached?.names) return cached.names;
  const prefix = modelEventPrefix(model);
  const names = { created: `${prefix}.created`, updated: `${prefix}.updated`, deleted: `${prefix}.deleted` };
  if (cached) cached.names = names;
  return names;
}

function eventPrefixOf(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
