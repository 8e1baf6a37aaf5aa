import { base64ToBytes } from '../crypto/encoding.js';
import type { IssueList } from './issues.js';

/** A secret read from an environment variable when the configuration is built. */
export interface EnvSecret {
  readonly fromEnv: string;
}

/** A secret: the string itself, or `fromEnv('NAME')`. */
export type SecretInput = string | EnvSecret;

/** Environment variables to resolve `fromEnv` secrets from. */
export type EnvSource = Record<string, string | undefined>;

/**
 * Reads an endpoint secret from an environment variable when the configuration
 * is built, so secrets stay out of source code. A missing or empty variable is
 * a configuration error naming the variable, never its value.
 *
 * @example
 * new WebhookEndpoint({ name: 'crm', url, secret: fromEnv('CRM_WEBHOOK_SECRET') })
 */
export function fromEnv(name: string): EnvSecret {
  return { fromEnv: name };
}

function defaultEnv(): EnvSource {
  // Node, Bun and Deno (with Node compatibility) expose process.env; other runtimes pass `env`.
  const proc = (globalThis as { process?: { env?: EnvSource } }).process;
  return proc?.env ?? {};
}

/** Resolves a secret input to its value, adding an issue (without the value) when it is unusable. */
export function resolveSecret(
  issues: IssueList,
  path: string,
  input: unknown,
  env: EnvSource | undefined,
): string | undefined {
  let value: unknown = input;
  let source = '';
  if (typeof input === 'object' && input !== null && 'fromEnv' in input) {
    const name = (input as EnvSecret).fromEnv;
    value = (env ?? defaultEnv())[name];
    source = ` (from environment variable ${name})`;
    if (value === undefined) {
      issues.add(path, `is required: environment variable ${name} is not set`);
      return undefined;
    }
  }
  if (value === undefined || value === null) {
    issues.add(path, 'is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.add(path, 'must be a string or fromEnv("NAME")');
    return undefined;
  }
  if (value.trim() === '') {
    issues.add(path, `must not be empty${source}`);
    return undefined;
  }
  return value;
}

/** Whether a secret is what standard-webhooks needs: `whsec_` and a base64 key of 24 to 64 bytes. */
export function isStandardSecret(secret: string): boolean {
  if (!secret.startsWith('whsec_')) return false;
  try {
    const length = base64ToBytes(secret.slice(6)).length;
    return length >= 24 && length <= 64;
  } catch {
    return false;
  }
}
