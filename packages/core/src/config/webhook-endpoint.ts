import type { WebhookEvent } from '../event.js';
import { eventPatternProblem } from '../event-pattern.js';
import { isPlainRecord } from '../json.js';
import { modelIdProblem } from '../model-id.js';
import { base64ToBytes } from '../crypto/encoding.js';
import {
  checkIncludeFields,
  checkRedactFields,
  type IncludeFields,
  type RedactFields,
} from './fields.js';
import { checkBoolean, checkNumber, IssueList, join } from './issues.js';
import { resolveSecret, type EnvSource, type SecretInput } from './secret.js';

/** How requests to an endpoint are signed. */
export type SignatureScheme = 'hmac-sha256' | 'standard-webhooks';

/** Options of one endpoint; `new WebhookEndpoint(options)` and `defineWebhooks({ endpoints: [options] })` take the same. */
export interface WebhookEndpointOptions {
  /** Unique name, used in logs and delivery records. */
  name: string;
  /** Absolute http(s) URL that receives POST requests. */
  url: string;
  /** Signing secret, or `fromEnv('NAME')`. For `standard-webhooks` a `whsec_` base64 key. */
  secret: SecretInput;
  /** Event names to send: `created`, `order.paid`, `order.*`, `*`. Default: every event. */
  events?: readonly string[];
  /** Only these models (`"store.Order"`, or `"store.*"` for an app). Default: every model. */
  includeModels?: readonly string[];
  /** Never these models; wins over `includeModels`. */
  excludeModels?: readonly string[];
  /** Only these fields of `object` and `changes`. */
  includeFields?: IncludeFields;
  /** Fields whose values are replaced in `object` and `changes`. */
  redactFields?: RedactFields;
  /** Extra condition on the event; return false to skip this endpoint. */
  filter?: (event: WebhookEvent) => boolean;
  /** Signature scheme. Default `hmac-sha256` (X-Webhook-* headers). */
  signatureScheme?: SignatureScheme;
  /** Total time allowed for one attempt, in ms. Default: the config's `timeoutMs`. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default: the config's `maxRetries`. */
  maxRetries?: number;
  /** Allow loopback, private and link-local targets. Default: the config's `allowPrivateNetwork`. */
  allowPrivateNetwork?: boolean;
  /** Most attempts in flight to this endpoint at once. Default: no limit beyond the transport's. */
  maxConcurrency?: number;
  /** Static extra request headers (e.g. an API key the receiver wants). */
  headers?: Readonly<Record<string, string>>;
  /** Set false to keep the endpoint configured but send it nothing. Default true. */
  enabled?: boolean;
}

const KNOWN_KEYS = new Set<string>([
  'name', 'url', 'secret', 'events', 'includeModels', 'excludeModels', 'includeFields',
  'redactFields', 'filter', 'signatureScheme', 'timeoutMs', 'maxRetries',
  'allowPrivateNetwork', 'maxConcurrency', 'headers', 'enabled',
]);
const SCHEMES: readonly SignatureScheme[] = ['hmac-sha256', 'standard-webhooks'];
// Set by the library, or hop-by-hop headers an HTTP client refuses to forward.
const RESERVED_HEADERS =
  /^(content-type|content-length|host|user-agent|x-webhook-.*|webhook-.*|connection|keep-alive|transfer-encoding|te|trailer|upgrade|expect|proxy-.*)$/i;

/**
 * A validated endpoint. The secret is kept out of `JSON.stringify` and `console.log`.
 *
 * @example
 * const crm = new WebhookEndpoint({ name: 'crm', url: 'https://crm.example.com/hooks', secret: fromEnv('CRM_SECRET') });
 */
export class WebhookEndpoint {
  readonly name!: string;
  readonly url!: string;
  readonly events!: readonly string[];
  readonly includeModels?: readonly string[];
  readonly excludeModels?: readonly string[];
  readonly includeFields?: IncludeFields;
  readonly redactFields?: RedactFields;
  readonly filter?: (event: WebhookEvent) => boolean;
  readonly signatureScheme!: SignatureScheme;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly allowPrivateNetwork?: boolean;
  readonly maxConcurrency?: number;
  readonly headers!: Readonly<Record<string, string>>;
  readonly enabled!: boolean;
  readonly #secret: string;

  constructor(options: WebhookEndpointOptions, context: { env?: EnvSource } = {}) {
    const issues = new IssueList();
    const secret = checkEndpoint(issues, '', options, context.env);
    issues.throwIfAny();
    this.#secret = secret!;
    const { secret: _secret, ...rest } = options;
    Object.assign(this, {
      ...rest,
      events: [...(options.events ?? ['*'])],
      signatureScheme: options.signatureScheme ?? 'hmac-sha256',
      headers: { ...options.headers },
      enabled: options.enabled ?? true,
    });
    Object.freeze(this);
  }

  /** The signing secret (never enumerable, never logged). */
  get secret(): string {
    return this.#secret;
  }

  toJSON(): object {
    return { ...this, secret: '[hidden]' };
  }
}

/** Validates endpoint options, recording issues under `path`; returns the resolved secret. */
export function checkEndpoint(
  issues: IssueList,
  path: string,
  options: unknown,
  env: EnvSource | undefined,
): string | undefined {
  if (!isPlainRecord(options)) {
    issues.add(path, 'must be an object with name, url and secret');
    return undefined;
  }
  const o = options as Partial<WebhookEndpointOptions> & Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!KNOWN_KEYS.has(key)) issues.add(join(path, key), 'is not a known endpoint option');
  }
  if (typeof o.name !== 'string' || o.name.trim() === '') issues.add(join(path, 'name'), 'is required');
  checkUrl(issues, join(path, 'url'), o.url);
  const secret = resolveSecret(issues, join(path, 'secret'), o.secret, env);
  const scheme = o.signatureScheme ?? 'hmac-sha256';
  if (!SCHEMES.includes(scheme)) {
    issues.add(join(path, 'signatureScheme'), `must be one of ${SCHEMES.join(', ')}`);
  } else if (scheme === 'standard-webhooks' && secret !== undefined && !isStandardSecret(secret)) {
    issues.add(join(path, 'secret'), 'must be "whsec_" followed by a base64 key of 24 to 64 bytes for standard-webhooks');
  }
  checkList(issues, join(path, 'events'), o.events, eventPatternProblem);
  checkList(issues, join(path, 'includeModels'), o.includeModels, modelPatternProblem);
  checkList(issues, join(path, 'excludeModels'), o.excludeModels, modelPatternProblem);
  if (o.includeFields !== undefined) checkIncludeFields(issues, join(path, 'includeFields'), o.includeFields);
  if (o.redactFields !== undefined) checkRedactFields(issues, join(path, 'redactFields'), o.redactFields);
  if (o.filter !== undefined && typeof o.filter !== 'function') issues.add(join(path, 'filter'), 'must be a function');
  checkNumber(issues, join(path, 'timeoutMs'), o.timeoutMs, { min: 1, max: 600_000 });
  checkNumber(issues, join(path, 'maxRetries'), o.maxRetries, { min: 0, max: 50 });
  checkBoolean(issues, join(path, 'allowPrivateNetwork'), o.allowPrivateNetwork);
  checkNumber(issues, join(path, 'maxConcurrency'), o.maxConcurrency, { min: 1, max: 10_000 });
  checkBoolean(issues, join(path, 'enabled'), o.enabled);
  checkHeaders(issues, join(path, 'headers'), o.headers);
  return secret;
}

function checkUrl(issues: IssueList, path: string, url: unknown): void {
  if (typeof url !== 'string' || url === '') return issues.add(path, 'is required');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return issues.add(path, 'must be an absolute http(s) URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    issues.add(path, `must be an absolute http(s) URL, got protocol ${parsed.protocol}`);
  } else if (parsed.username || parsed.password) {
    issues.add(path, 'must not contain credentials; use headers instead');
  }
}

function checkList(
  issues: IssueList,
  path: string,
  value: unknown,
  problem: (item: unknown) => string | undefined,
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) return issues.add(path, 'must be a list');
  if (value.length === 0) return issues.add(path, 'must not be empty (omit it to mean every one)');
  value.forEach((item, i) => {
    const message = problem(item);
    if (message) issues.add(join(path, i), message);
  });
}

function modelPatternProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*\.\*$/.test(value)) return undefined;
  return modelIdProblem(value);
}

function checkHeaders(issues: IssueList, path: string, headers: unknown): void {
  if (headers === undefined) return;
  if (!isPlainRecord(headers)) return issues.add(path, 'must be an object of header names to strings');
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) issues.add(`${path}["${name}"]`, 'is not a valid header name');
    else if (RESERVED_HEADERS.test(name)) issues.add(`${path}["${name}"]`, 'is set by the library (or is hop-by-hop) and cannot be set here');
    else if (typeof value !== 'string' || !/^[\t\x20-\x7e]*$/.test(value)) {
      issues.add(`${path}["${name}"]`, 'must be a single-line string of printable ASCII');
    }
  }
}

function isStandardSecret(secret: string): boolean {
  if (!secret.startsWith('whsec_')) return false;
  try {
    const length = base64ToBytes(secret.slice(6)).length;
    return length >= 24 && length <= 64;
  } catch {
    return false;
  }
}
