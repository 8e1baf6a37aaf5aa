import { WebhookError } from './errors.js';
import { createEventId } from './id.js';
import { isPlainRecord, toJson, type JsonObject, type JsonValue } from './json.js';
import { modelEventNames, parseModelId, type ModelAction, type ModelRef } from './model-id.js';

export type { ModelAction };

export const MODEL_ACTIONS: readonly ModelAction[] = ['created', 'updated', 'deleted'];

/** One changed field: its value before and after the write. */
export interface FieldChange<T extends JsonValue = JsonValue> {
  old: T;
  new: T;
}

/** The acting user; `id` is always a string on the wire. */
export interface WebhookUser {
  id: string;
  username?: string;
  [key: string]: JsonValue | undefined;
}

/**
 * The event envelope, exactly as receivers see it in the request body.
 *
 * @example
 * const event: WebhookEvent<{ id: string; status: string }> = JSON.parse(body);
 */
export interface WebhookEvent<TObject extends object = JsonObject> {
  id: string;
  event: string;
  timestamp: string;
  model: ModelRef;
  object: TObject;
  changes: Record<string, FieldChange>;
  user: WebhookUser | null;
}

/** What `createEvent` takes: raw ORM values are serialised with `toJson` rules. */
export interface CreateEventInput {
  event: string;
  model: string | ModelRef;
  object: unknown;
  changes?: Record<string, { old: unknown; new: unknown }> | null;
  user?: { id: unknown; username?: unknown; [key: string]: unknown } | null;
  id?: string;
  timestamp?: Date | string;
}

const EVENT_NAME = /^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/i;

/** True when `name` is a full event name like `order.paid` (two or more dotted segments). */
export function isEventName(name: string): boolean {
  if (validNames.has(name)) return true;
  if (!EVENT_NAME.test(name)) return false;
  // An application uses a bounded set of names; the cap only guards against misuse.
  if (validNames.size >= 10_000) validNames.clear();
  validNames.add(name);
  return true;
}

const validNames = new Set<string>();

/** The automatic event name for a model action: `order.created` for `store.Order`. */
export function modelEventName(model: string | ModelRef, action: ModelAction): string {
  return modelEventNames(parseModelId(model))[action];
}

/**
 * The event name for a dispatch: an action (`created`, `updated`, `deleted`)
 * becomes the model's automatic event (`order.created`); a full name is kept.
 * Anything else is an `invalid_argument` error.
 */
export function resolveEventName(name: string, model: string | ModelRef): string {
  const event = MODEL_ACTIONS.includes(name as ModelAction) ? modelEventName(model, name as ModelAction) : name;
  if (typeof event !== 'string' || !isEventName(event)) {
    throw new WebhookError(
      'invalid_argument',
      `event must be created, updated, deleted or a dotted name like "order.paid", got ${JSON.stringify(name)}`,
    );
  }
  return event;
}

/**
 * Builds a validated event envelope with a fresh `evt_` id and timestamp.
 * Values go through `toJson`; the object's `id` and the user's `id` become strings.
 * `user` overrides `input.user` (the engine passes the acting user this way).
 *
 * @example
 * createEvent({ event: 'order.paid', model: 'store.Order', object: order, changes: { status: { old: 'PENDING', new: 'PAID' } } })
 */
export function createEvent(input: CreateEventInput, user: CreateEventInput['user'] = input.user): WebhookEvent {
  if (typeof input.event !== 'string' || !isEventName(input.event)) {
    throw new WebhookError(
      'invalid_argument',
      `event must be a dotted name like "order.paid", got ${JSON.stringify(input.event)}`,
    );
  }
  const object = toJson(input.object);
  if (!isPlainRecord(object)) {
    throw new WebhookError('invalid_argument', 'object must serialise to a JSON object');
  }
  if (object.id !== undefined && object.id !== null) object.id = String(object.id);
  return {
    id: input.id ?? createEventId(),
    event: input.event,
    timestamp: toTimestamp(input.timestamp),
    model: parseModelId(input.model),
    object,
    changes: toChanges(input.changes),
    user: toUser(user),
  };
}

let cachedSecond = -1;
let cachedStamp = '';

function toTimestamp(value: Date | string | undefined): string {
  if (value === undefined) {
    // Most events carry "now": render each second once.
    const second = Math.floor(Date.now() / 1000);
    if (second !== cachedSecond) {
      cachedSecond = second;
      cachedStamp = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
    }
    return cachedStamp;
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new WebhookError('invalid_argument', `timestamp ${JSON.stringify(value)} is not a valid date`);
  }
  // Whole seconds, as in the wire format example: "2026-01-24T10:00:00Z".
  return `${date.toISOString().slice(0, 19)}Z`;
}

function toChanges(changes: CreateEventInput['changes']): Record<string, FieldChange> {
  const out: Record<string, FieldChange> = {};
  if (!changes) return out;
  for (const [field, change] of Object.entries(changes)) {
    if (!isPlainRecord(change) || !('old' in change) || !('new' in change)) {
      throw new WebhookError('invalid_argument', `changes.${field} must be { old, new }`);
    }
    out[field] = { old: toJson(change.old), new: toJson(change.new) };
  }
  return out;
}

function toUser(user: CreateEventInput['user']): WebhookUser | null {
  if (user === undefined || user === null) return null;
  const json = toJson(user);
  if (!isPlainRecord(json) || json.id === undefined || json.id === null) {
    throw new WebhookError('invalid_argument', 'user must be an object with an id');
  }
  return { ...json, id: String(json.id) } as WebhookUser;
}
