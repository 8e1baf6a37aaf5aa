import type { WebhookConfig } from './config/webhook-config.js';
import type { WebhookEndpoint } from './config/webhook-endpoint.js';
import { MODEL_ACTIONS, modelEventName, type WebhookEvent } from './event.js';
import { compileEventPatterns } from './event-pattern.js';
import { formatModelId, type ModelRef } from './model-id.js';

type Matcher = (event: WebhookEvent) => boolean;
const matchers = new WeakMap<WebhookEndpoint, Matcher>();

/**
 * True when `endpoint` should receive `event`: it is enabled, the event name
 * matches `events`, the model passes `includeModels` / `excludeModels`, and
 * `filter` (if any) agrees.
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
    (e) => e.enabled && modelMatches(e, modelId) && names.some((name) => eventPatternsOf(e)(name)),
  );
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
    modelMatches(endpoint, formatModelId(event.model)) &&
    (endpoint.filter ? endpoint.filter(event) === true : true);
}

function modelMatches(endpoint: WebhookEndpoint, modelId: string): boolean {
  if (endpoint.excludeModels && listHas(endpoint.excludeModels, modelId)) return false;
  return !endpoint.includeModels || listHas(endpoint.includeModels, modelId);
}

function listHas(list: readonly string[], modelId: string): boolean {
  const app = modelId.slice(0, modelId.indexOf('.'));
  return list.some((entry) => entry === modelId || entry === `${app}.*`);
}
