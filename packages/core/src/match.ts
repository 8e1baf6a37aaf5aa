import type { WebhookConfig } from './config/webhook-config.js';
import type { WebhookEndpoint } from './config/webhook-endpoint.js';
import { MODEL_ACTIONS, modelEventName, type WebhookEvent } from './event.js';
import { compileEventPatterns } from './event-pattern.js';
import { formatModelId, modelEventPrefix, type ModelRef } from './model-id.js';

type Matcher = (event: WebhookEvent) => boolean;
const matchers = new WeakMap<WebhookEndpoint, Matcher>();

/**
 * True when `endpoint` should receive `event`: it is enabled, the event name
 * matches `events`, the model passes `includeModels` / `excludeModels`, and
 * `filter` (if any) agrees. A model's automatic events (`order.created`, `.updated`,
 * `.deleted`) go only to endpoints whose `includeModels` names the model (`'*'` for
 * every model); other events (`order.paid`) need no `includeModels`.
 */
export function endpointMatches(endpoint: WebhookEndpoint, event: WebhookEvent): boolean {
  let matcher = matchers.get(endpoint);
  if (!matcher) {
    matcher = compileMatcher(endpoint);
    matchers.set(endpoint, matcher);
  }
  return matcher(event);
}

/**
 * The endpoints of `config` that receive `event`, in configuration order.
 *
 * @example
 * matchEndpoints(config, event).map((e) => e.name) // ['crm', 'analytics']
 */
export function matchEndpoints(config: WebhookConfig, event: WebhookEvent): WebhookEndpoint[] {
  if (!config.enabled) return [];
  return config.endpoints.filter((endpoint) => endpointMatches(endpoint, event));
}

/**
 * True when some enabled endpoint could receive an automatic event
 * (`created`, `updated`, `deleted`) of this model: what ORM adapters hook.
 */
export function modelIsWatched(config: WebhookConfig, model: ModelRef): boolean {
  if (!config.enabled) return false;
  const modelId = formatModelId(model);
  const names = MODEL_ACTIONS.map((action) => modelEventName(model, action));
  return config.endpoints.some(
    (e) => e.enabled && modelMatches(e, modelId, true) && names.some((name) => eventPatternsOf(e)(name)),
  );
}

/** The one warning an ORM adapter gives at start-up when `watchesAnyModel` is false. */
export const NO_MODELS_WATCHED =
  'no enabled endpoint names a model in includeModels, so model changes send no webhooks: automatic events are ' +
  "opt-in; list models ('store.Order'), an app ('store.*') or every model ('*')";

/**
 * True when some enabled endpoint names models in `includeModels`, so that model changes
 * can send anything at all: ORM adapters warn once at start-up when none does.
 */
export function watchesAnyModel(config: WebhookConfig): boolean {
  return config.enabled && config.endpoints.some((e) => e.enabled && e.includeModels !== undefined);
}

const eventMatchers = new WeakMap<WebhookEndpoint, (eventName: string) => boolean>();

function eventPatternsOf(endpoint: WebhookEndpoint): (eventName: string) => boolean {
  let matcher = eventMatchers.get(endpoint);
  if (!matcher) {
    matcher = compileEventPatterns(endpoint.events);
    eventMatchers.set(endpoint, matcher);
  }
  return matcher;
}

function compileMatcher(endpoint: WebhookEndpoint): Matcher {
  const eventMatches = eventPatternsOf(endpoint);
  return (event) =>
    endpoint.enabled &&
    eventMatches(event.event) &&
    modelMatches(endpoint, formatModelId(event.model), isAutomatic(event)) &&
    (endpoint.filter ? endpoint.filter(event) === true : true);
}

/** Whether an event is one of its model's automatic ones: `<model>.created`, `.updated` or `.deleted`. */
function isAutomatic(event: WebhookEvent): boolean {
  const dot = event.event.lastIndexOf('.');
  const action = event.event.slice(dot + 1);
  return (action === 'created' || action === 'updated' || action === 'deleted') && event.event.slice(0, dot) === modelEventPrefix(event.model);
}

/** Automatic events are opt-in: without `includeModels` an endpoint gets only other events. */
function modelMatches(endpoint: WebhookEndpoint, modelId: string, automatic: boolean): boolean {
  if (endpoint.excludeModels && listHas(endpoint.excludeModels, modelId)) return false;
  if (!endpoint.includeModels) return !automatic;
  return listHas(endpoint.includeModels, modelId);
}

function listHas(list: readonly string[], modelId: string): boolean {
  const app = modelId.slice(0, modelId.indexOf('.'));
  return list.some((entry) => entry === '*' || entry === modelId || entry === `${app}.*`);
}
