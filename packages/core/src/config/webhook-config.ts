import { isPlainRecord } from '../json.js';
import { checkRetryOptions, resolveRetryPolicy, type RetryOptions, type RetryPolicy } from '../retry.js';
import { checkBoolean, checkNumber, IssueList, join } from './issues.js';
import type { EnvSource } from './secret.js';
import { checkEndpoint } from './check-endpoint.js';
import { WebhookEndpoint, type WebhookEndpointOptions } from './webhook-endpoint.js';

/** Options of a webhooks configuration; `defineWebhooks()` and `new WebhookConfig()` take the same. */
export interface WebhookConfigOptions {
  /** Master switch: when false nothing is dispatched. Default true. */
  enabled?: boolean;
  /** Where events go. */
  endpoints: readonly (WebhookEndpointOptions | WebhookEndpoint)[];
  /** Deliver through the transport (true) or inline, awaited by the caller (false). Default true. */
  asyncDelivery?: boolean;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** Backoff between attempts. */
  retry?: RetryOptions;
  /** Total time allowed for one attempt, in ms. Default 10 000. */
  timeoutMs?: number;
  /** Allow loopback, private and link-local targets for every endpoint. Default false. */
  allowPrivateNetwork?: boolean;
  /** Disable an endpoint after this many consecutive failed attempts (0: never). Default 20. */
  disableAfterFailures?: number;
  /** Where `fromEnv()` secrets are read. Default `process.env` where it exists. */
  env?: EnvSource;
}

const KNOWN_KEYS = new Set([
  'enabled', 'endpoints', 'asyncDelivery', 'maxRetries', 'retry', 'timeoutMs', 'allowPrivateNetwork',
  'disableAfterFailures', 'env',
]);

/**
 * A validated configuration. Every problem is reported at once in a
 * `WebhookConfigError` whose message names each path (`endpoints[1].url`).
 *
 * @example
 * const config = new WebhookConfig({ endpoints: [{ name: 'crm', url, secret: fromEnv('CRM_SECRET') }] });
 */
export class WebhookConfig {
  readonly enabled: boolean;
  readonly endpoints: readonly WebhookEndpoint[];
  readonly asyncDelivery: boolean;
  readonly maxRetries: number;
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly allowPrivateNetwork: boolean;
  readonly disableAfterFailures: number;

  constructor(options: WebhookConfigOptions) {
    const issues = new IssueList();
    checkConfig(issues, options);
    issues.throwIfAny();
    this.enabled = options.enabled ?? true;
    this.endpoints = options.endpoints.map((e) =>
      e instanceof WebhookEndpoint ? e : new WebhookEndpoint(e, { env: options.env }),
    );
    this.asyncDelivery = options.asyncDelivery ?? true;
    this.maxRetries = options.maxRetries ?? 3;
    this.retry = resolveRetryPolicy(options.retry);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.allowPrivateNetwork = options.allowPrivateNetwork ?? false;
    this.disableAfterFailures = options.disableAfterFailures ?? 20;
    Object.freeze(this);
  }

  /** The endpoint with this name, or `undefined`. */
  endpoint(name: string): WebhookEndpoint | undefined {
    return this.endpoints.find((e) => e.name === name);
  }

  /** Retries allowed for an endpoint (its own setting, else the config's). */
  maxRetriesFor(endpoint: WebhookEndpoint): number {
    return endpoint.maxRetries ?? this.maxRetries;
  }

  /** Attempt deadline for an endpoint, in ms. */
  timeoutFor(endpoint: WebhookEndpoint): number {
    return endpoint.timeoutMs ?? this.timeoutMs;
  }

  /** Whether private and loopback targets are allowed for an endpoint. */
  allowsPrivateNetwork(endpoint: WebhookEndpoint): boolean {
    return endpoint.allowPrivateNetwork ?? this.allowPrivateNetwork;
  }
}

function checkConfig(issues: IssueList, options: unknown): void {
  if (!isPlainRecord(options)) return issues.add('', 'configuration must be an object');
  for (const key of Object.keys(options)) {
    if (!KNOWN_KEYS.has(key)) issues.add(key, 'is not a known option');
  }
  const o = options as Partial<WebhookConfigOptions>;
  checkBoolean(issues, 'enabled', o.enabled);
  checkBoolean(issues, 'asyncDelivery', o.asyncDelivery);
  checkBoolean(issues, 'allowPrivateNetwork', o.allowPrivateNetwork);
  checkNumber(issues, 'maxRetries', o.maxRetries, { min: 0, max: 50 });
  checkNumber(issues, 'timeoutMs', o.timeoutMs, { min: 1, max: 600_000 });
  checkNumber(issues, 'disableAfterFailures', o.disableAfterFailures, { min: 0, max: 1_000_000 });
  checkRetryOptions(issues, 'retry', o.retry);
  if (o.env !== undefined && !isPlainRecord(o.env)) issues.add('env', 'must be an object of variable names to values');
  if (!Array.isArray(o.endpoints)) return issues.add('endpoints', 'must be a list of endpoints');
  const seen = new Map<string, number>();
  o.endpoints.forEach((endpoint, i) => {
    const path = join('endpoints', i);
    if (!(endpoint instanceof WebhookEndpoint)) checkEndpoint(issues, path, endpoint, o.env);
    const name = isPlainRecord(endpoint) ? endpoint.name : undefined;
    if (typeof name !== 'string') return;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, i);
    else issues.add(join(path, 'name'), `"${name}" is already used by endpoints[${first}]`);
  });
}
