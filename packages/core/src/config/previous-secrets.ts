import { isPlainRecord } from '../json.js';
import { join, type IssueList } from './issues.js';
import { isStandardSecret, resolveSecret, type EnvSource, type SecretInput } from './secret.js';
import type { SignatureScheme } from './webhook-endpoint.js';

/** A secret being rotated out: requests are signed with it too until `expiresAt`. */
export interface PreviousSecretOptions {
  /** The old secret, or `fromEnv('NAME')`. */
  secret: SecretInput;
  /** When the sender stops signing with it: a `Date`, or an ISO 8601 date-time with a zone (`"2026-02-01T00:00:00Z"`). */
  expiresAt: Date | string;
}

/** A previous secret, resolved: its value and the end of its window in epoch ms. */
export interface PreviousSecret {
  secret: string;
  expiresAt: number;
}

const KNOWN_KEYS = new Set(['secret', 'expiresAt']);
// A zone is required: without one, the same text is another instant on each server.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Validates `previousSecrets`, recording issues under `path` (never a secret's value);
 * returns the entries that resolved. Entries already expired are valid: they just sign nothing.
 */
export function checkPreviousSecrets(
  issues: IssueList,
  path: string,
  value: unknown,
  endpoint: { scheme: SignatureScheme; secret: string | undefined; env: EnvSource | undefined },
): PreviousSecret[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add(path, 'must be a list of { secret, expiresAt }');
    return [];
  }
  const resolved: PreviousSecret[] = [];
  value.forEach((item: unknown, i) => {
    const at = join(path, i);
    if (!isPlainRecord(item)) return issues.add(at, 'must be an object with secret and expiresAt');
    for (const key of Object.keys(item)) if (!KNOWN_KEYS.has(key)) issues.add(join(at, key), 'is not a known option');
    const secret = resolveSecret(issues, join(at, 'secret'), item.secret, endpoint.env);
    const expiresAt = expiryOf(item.expiresAt);
    if (expiresAt === undefined) {
      issues.add(join(at, 'expiresAt'), 'must be a Date or an ISO 8601 date-time with a time zone, e.g. "2026-02-01T00:00:00Z"');
    }
    if (secret === undefined) return;
    if (secret === endpoint.secret) issues.add(join(at, 'secret'), 'must differ from the endpoint\'s current secret');
    else if (endpoint.scheme === 'standard-webhooks' && !isStandardSecret(secret)) {
      issues.add(join(at, 'secret'), 'must be "whsec_" followed by a base64 key of 24 to 64 bytes for standard-webhooks');
    }
    if (expiresAt !== undefined) resolved.push({ secret, expiresAt });
  });
  return resolved;
}

function expiryOf(value: unknown): number | undefined {
  const time = value instanceof Date ? value.getTime() : typeof value === 'string' && ISO_WITH_ZONE.test(value) ? Date.parse(value) : NaN;
  return Number.isFinite(time) ? time : undefined;
}
