import { eventPatternProblem } from '../event-pattern.js';
import { isPlainRecord } from '../json.js';
import { modelIdProblem } from '../model-id.js';
import { checkIncludeFields, checkRedactFields } from './fields.js';
import { checkBoolean, checkNumber, join, type IssueList } from './issues.js';
import { checkPreviousSecrets, type PreviousSecret } from './previous-secrets.js';
import { isStandardSecret, resolveSecret, type EnvSource } from './secret.js';
import type { SignatureScheme, WebhookEndpointOptions } from './webhook-endpoint.js';

const KNOWN_KEYS = new Set<string>([
  'name', 'url', 'secret', 'events', 'includeModels', 'excludeModels', 'includeFields',
  'redactFields', 'filter', 'signatureScheme', 'timeoutMs', 'maxRetries',
  'allowPrivateNetwork', 'maxConcurrency', 'headers', 'enabled', 'previousSecrets',
]);
const SCHEMES: readonly SignatureScheme[] = ['hmac-sha256', 'standard-webhooks'];
// Set by the library, or hop-by-hop headers an HTTP client refuses to forward.
const RESERVED_HEADERS =
  /^(content-type|content-length|host|user-agent|x-webhook-.*|webhook-.*|connection|keep-alive|transfer-encoding|te|trailer|upgrade|expect|proxy-.*)$/i;

/** An endpoint's resolved secrets: the current one, and the previous ones of a rotation. */
export interface EndpointSecrets {
  secret: string;
  previousSecrets: readonly PreviousSecret[];
}

/** Validates endpoint options, recording issues under `path`; returns the resolved secrets. */
export function checkEndpoint(
  issues: IssueList,
  path: string,
  options: unknown,
  env: EnvSource | undefined,
): EndpointSecrets | undefined {
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
  const previousSecrets = checkPreviousSecrets(issues, join(path, 'previousSecrets'), o.previousSecrets, { scheme, secret, env });
  checkList(issues, join(path, 'events'), o.events, eventPatternProblem);
  if (o.includeModels !== '*') checkList(issues, join(path, 'includeModels'), o.includeModels, modelPatternProblem);
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
  return secret === undefined ? undefined : { secret, previousSecrets };
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
  if (value === '*' || (typeof value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*\.\*$/.test(value))) return undefined;
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
