import type { WebhookEndpoint } from './config/webhook-endpoint.js';
import { DEFAULT_REDACTION, type FieldList } from './config/fields.js';
import type { FieldChange, WebhookEvent } from './event.js';
import { isPlainRecord, type JsonObject, type JsonValue } from './json.js';
import { formatModelId } from './model-id.js';

type Redactions = ReadonlyMap<string, JsonValue>;

/**
 * The event as `endpoint` receives it: `includeFields` keeps only the listed
 * fields and `redactFields` replaces values, in `object` and in `changes` alike
 * (a redacted field's old value never leaks through `changes`). Paths reach
 * into JSON-valued fields (`meta.color`) and through arrays. The input is not modified.
 *
 * @example
 * projectEvent(event, endpoint).object // { id: '42', total: '150.00' }
 */
export function projectEvent(event: WebhookEvent, endpoint: WebhookEndpoint): WebhookEvent {
  const { include, redact } = projectionOf(endpoint, formatModelId(event.model));
  if (!include && redact.size === 0) return event;
  let object: JsonObject = event.object;
  let changes: Record<string, FieldChange> = event.changes;
  if (include) {
    object = pick(object, include) as JsonObject;
    changes = pickChanges(changes, include);
  }
  if (redact.size > 0) {
    object = redactValue(object, [...redact]) as JsonObject;
    changes = redactChanges(changes, redact);
  }
  return { ...event, object, changes };
}

interface Projection {
  include: FieldList | undefined;
  redact: Redactions;
}

const NO_PROJECTION: Projection = { include: undefined, redact: new Map() };
const projections = new WeakMap<WebhookEndpoint, Map<string, Projection>>();

/** An endpoint's field rules for one model, worked out once: endpoints are immutable. */
function projectionOf(endpoint: WebhookEndpoint, model: string): Projection {
  if (!endpoint.includeFields && !endpoint.redactFields) return NO_PROJECTION;
  let byModel = projections.get(endpoint);
  if (!byModel) projections.set(endpoint, (byModel = new Map()));
  let projection = byModel.get(model);
  if (!projection) {
    projection = { include: includeFor(endpoint, model), redact: redactionsFor(endpoint, model) };
    byModel.set(model, projection);
  }
  return projection;
}

function includeFor(endpoint: WebhookEndpoint, model: string): FieldList | undefined {
  const spec = endpoint.includeFields;
  if (!spec) return undefined;
  if (Array.isArray(spec)) return spec;
  const map = spec as Readonly<Record<string, FieldList>>;
  return map[model] ?? map['*'];
}

function redactionsFor(endpoint: WebhookEndpoint, model: string): Redactions {
  const spec = endpoint.redactFields;
  const out = new Map<string, JsonValue>();
  if (!spec) return out;
  const add = (entry: unknown) => {
    if (Array.isArray(entry)) for (const path of entry) out.set(path, DEFAULT_REDACTION);
    else if (isPlainRecord(entry)) for (const [path, value] of Object.entries(entry)) out.set(path, value as JsonValue);
  };
  if (Array.isArray(spec)) add(spec);
  else {
    const map = spec as Readonly<Record<string, unknown>>;
    add(map['*']);
    add(map[model]);
  }
  return out;
}

/** Keeps only the listed paths of `value`; arrays are projected element by element. */
function pick(value: JsonValue, paths: readonly string[]): JsonValue | undefined {
  if (Array.isArray(value)) return value.map((item) => pick(item, paths) ?? null);
  if (!isPlainRecord(value)) return undefined;
  const groups = groupByHead(paths);
  const out: JsonObject = {};
  for (const [head, rests] of groups) {
    if (!(head in value)) continue;
    const child = value[head] as JsonValue;
    if (rests === 'whole') out[head] = child;
    else {
      const projected = pick(child, rests);
      if (projected !== undefined) out[head] = projected;
    }
  }
  return out;
}

/** Groups paths by their first segment: `'whole'` when the segment itself is listed. */
function groupByHead(paths: readonly string[]): Map<string, string[] | 'whole'> {
  const groups = new Map<string, string[] | 'whole'>();
  for (const path of paths) {
    const dot = path.indexOf('.');
    const head = dot < 0 ? path : path.slice(0, dot);
    const current = groups.get(head);
    if (dot < 0) groups.set(head, 'whole');
    else if (current !== 'whole') groups.set(head, [...(current ?? []), path.slice(dot + 1)]);
  }
  return groups;
}

function pickChanges(changes: Record<string, FieldChange>, paths: readonly string[]): Record<string, FieldChange> {
  const out: Record<string, FieldChange> = {};
  for (const [head, rests] of groupByHead(paths)) {
    const change = changes[head];
    if (!change) continue;
    out[head] =
      rests === 'whole'
        ? change
        : { old: pick(change.old, rests) ?? null, new: pick(change.new, rests) ?? null };
  }
  return out;
}

/** Replaces the value at each path that exists; arrays are redacted element by element. */
function redactValue(value: JsonValue, redactions: [string, JsonValue][]): JsonValue {
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redactions));
  if (!isPlainRecord(value)) return value;
  const out: JsonObject = { ...value };
  for (const [path, replacement] of redactions) {
    const dot = path.indexOf('.');
    const head = dot < 0 ? path : path.slice(0, dot);
    if (!(head in out)) continue;
    out[head] = dot < 0 ? replacement : redactValue(out[head] as JsonValue, [[path.slice(dot + 1), replacement]]);
  }
  return out;
}

function redactChanges(changes: Record<string, FieldChange>, redactions: Redactions): Record<string, FieldChange> {
  const entries = [...redactions];
  const out: Record<string, FieldChange> = {};
  for (const [field, change] of Object.entries(changes)) {
    const own = redactions.get(field);
    if (redactions.has(field)) {
      out[field] = { old: own as JsonValue, new: own as JsonValue };
      continue;
    }
    const nested = entries
      .filter(([path]) => path.startsWith(`${field}.`))
      .map(([path, r]): [string, JsonValue] => [path.slice(field.length + 1), r]);
    out[field] =
      nested.length === 0
        ? change
        : { old: redactValue(change.old, nested), new: redactValue(change.new, nested) };
  }
  return out;
}
