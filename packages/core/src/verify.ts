import type { SignatureScheme } from './config/webhook-endpoint.js';
import { timingSafeEqualStrings, utf8 } from './crypto/encoding.js';
import { getDefaultHmac, type HmacProvider } from './crypto/hmac-provider.js';
import { WebhookError, WebhookVerificationError } from './errors.js';
import {
  HEADER_EVENT_ID,
  HEADER_PREVIOUS_SIGNATURE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  readHeader,
  STANDARD_HEADER_ID,
  STANDARD_HEADER_SIGNATURE,
  STANDARD_HEADER_TIMESTAMP,
  type HeaderSource,
} from './headers.js';
import { hmacKey } from './sign.js';

/** How to check a request's signature. */
export interface VerifySignatureOptions {
  /** The endpoint's shared secret (`whsec_…` for standard-webhooks); or `secrets` during a rotation. */
  secret?: string;
  /**
   * Every secret currently accepted (current and previous); any one may match any signature
   * the request carries, so a sender signing with both during its rotation verifies either way.
   */
  secrets?: readonly string[];
  /** Default `hmac-sha256` (`X-Webhook-*` headers); or `standard-webhooks` (`webhook-*` headers). */
  scheme?: SignatureScheme;
  /** Largest allowed distance between the signed timestamp and now, either direction, in seconds. Default 300. */
  toleranceSeconds?: number;
  /** The current time in ms (tests). Default `Date.now()`. */
  now?: number;
  /** The HMAC implementation. Default: `node:crypto` on Node, Web Crypto elsewhere. */
  hmac?: HmacProvider;
}

/** What a successful check proves. */
export interface VerifiedSignature {
  scheme: SignatureScheme;
  /** Unix seconds the sender signed at. */
  timestamp: number;
  /**
   * The event id header, if sent. Signed only under standard-webhooks; under hmac-sha256 it is
   * trustworthy only once compared with the signed body's `id`, as `verifyWebhook` does.
   */
  eventId: string | undefined;
}

const OURS = /^sha256=[0-9a-f]{64}$/i;
const TIMESTAMP = /^\d{1,12}$/;
const OUR_HEADERS = { id: HEADER_EVENT_ID, timestamp: HEADER_TIMESTAMP, signature: HEADER_SIGNATURE };
const STANDARD_HEADERS = { id: STANDARD_HEADER_ID, timestamp: STANDARD_HEADER_TIMESTAMP, signature: STANDARD_HEADER_SIGNATURE };
// Looking headers up by their lowercase names (as Node's req.headers holds them) is readHeader's fast path.
const lowercase = new Map<string, string>(
  [...Object.values(OUR_HEADERS), ...Object.values(STANDARD_HEADERS), HEADER_PREVIOUS_SIGNATURE].map((name) => [name, name.toLowerCase()]),
);

/**
 * Checks the signature and freshness of a request from its headers and raw
 * body. Resolves with what was verified; rejects with a
 * `WebhookVerificationError` whose `code` says why: `missing_header`,
 * `malformed_header`, `timestamp_too_old`, `timestamp_too_new` or
 * `no_matching_signature`. Comparison is constant-time.
 *
 * @example
 * await verifySignature(req.headers, rawBody, { secrets: [current, previous] });
 */
export function verifySignature(
  headers: HeaderSource,
  body: string | Uint8Array,
  options: VerifySignatureOptions,
): Promise<VerifiedSignature> {
  try {
    return Promise.resolve(checkSignature(headers, body, options));
  } catch (err) {
    return Promise.reject(err);
  }
}

/**
 * `verifySignature` without the promise when the HMAC provider answers synchronously (Node's does):
 * returns what was verified, or throws. With an asynchronous provider (Web Crypto) it returns a
 * promise. For the verifiers in `@webhooks/verify`, which finish a request without a microtask when
 * they can; applications call `verifySignature`.
 */
export function checkSignature(
  headers: HeaderSource,
  body: string | Uint8Array,
  options: VerifySignatureOptions,
): VerifiedSignature | Promise<VerifiedSignature> {
  const scheme = options.scheme ?? 'hmac-sha256';
  const secrets = options.secrets ?? (options.secret === undefined ? [] : [options.secret]);
  if (secrets.length === 0) throw noSecret();
  for (const secret of secrets) if (typeof secret !== 'string' || secret === '') throw noSecret();
  const hmac = options.hmac ?? getDefaultHmac();
  const names = scheme === 'hmac-sha256' ? OUR_HEADERS : STANDARD_HEADERS;
  const signature = required(headers, names.signature);
  const timestampText = required(headers, names.timestamp);
  const eventId = scheme === 'standard-webhooks' ? required(headers, names.id) : optional(headers, names.id);
  if (!TIMESTAMP.test(timestampText)) {
    throw new WebhookVerificationError('malformed_header', `${names.timestamp} must be Unix seconds`);
  }
  const candidates = scheme === 'hmac-sha256' ? parseOurs(signature, optional(headers, HEADER_PREVIOUS_SIGNATURE)) : parseStandard(signature);
  const timestamp = Number(timestampText);
  checkTolerance(timestamp, toleranceOf(options), options.now ?? Date.now());

  const prefix = scheme === 'hmac-sha256' ? `${timestampText}.` : `${eventId}.${timestampText}.`;
  const encoding = scheme === 'hmac-sha256' ? 'hex' : 'base64';
  // Raw bytes go to the HMAC as they are where the provider takes parts: no joined copy of the body.
  const parts = typeof body !== 'string' && hmac.signParts !== undefined;
  const message = typeof body === 'string' ? prefix + body : parts ? body : concat(utf8.encode(prefix), body);
  // Check every candidate against every secret so timing does not reveal which matched.
  let matched = false;
  let pending: Promise<string>[] | undefined;
  for (const secret of secrets) {
    const key = hmacKey(secret, scheme, hmac);
    const mac = parts ? hmac.signParts!(key, prefix, message as Uint8Array, encoding) : hmac.sign(key, message, encoding);
    if (typeof mac !== 'string') (pending ??= []).push(mac);
    else for (const candidate of candidates) matched = timingSafeEqualStrings(candidate, mac) || matched;
  }
  const result: VerifiedSignature = { scheme, timestamp, eventId };
  // Node's provider answers synchronously: no promise on that hot path.
  if (!pending) return verdict(matched, names.signature, result);
  return Promise.all(pending).then((macs) => {
    for (const mac of macs) for (const candidate of candidates) matched = timingSafeEqualStrings(candidate, mac) || matched;
    return verdict(matched, names.signature, result);
  });
}

function verdict(matched: boolean, header: string, result: VerifiedSignature): VerifiedSignature {
  if (!matched) throw new WebhookVerificationError('no_matching_signature', `${header} does not match the body for any secret`);
  return result;
}

/**
 * The tolerance in seconds: a finite number ≥ 0. Anything else would switch the timestamp
 * check off (every comparison with NaN is false), so it is refused.
 */
export function toleranceOf(options: { toleranceSeconds?: number }): number {
  const tolerance = options.toleranceSeconds ?? 300;
  if (typeof tolerance !== 'number' || !Number.isFinite(tolerance) || tolerance < 0) {
    throw new WebhookError('invalid_argument', `toleranceSeconds must be a finite number of seconds >= 0, got ${String(tolerance)}`);
  }
  return tolerance;
}

const noSecret = () => new WebhookError('invalid_argument', 'verifySignature needs a non-empty secret or secrets');

function required(headers: HeaderSource, name: string): string {
  const value = readHeader(headers, lowercase.get(name) ?? name);
  if (value === null) throw new WebhookVerificationError('malformed_header', `${name} was sent more than once`);
  if (value === undefined || value === '') throw new WebhookVerificationError('missing_header', `${name} header is missing`);
  return value;
}

function optional(headers: HeaderSource, name: string): string | undefined {
  const value = readHeader(headers, lowercase.get(name) ?? name);
  // Sent twice, it could name two events: as ambiguous as a doubled signature.
  if (value === null) throw new WebhookVerificationError('malformed_header', `${name} was sent more than once`);
  return value;
}

/** The current signature, then those of a rotation's previous secrets (space-separated in their own header). */
function parseOurs(current: string, previous: string | undefined): string[] {
  const candidates = [parseOne(current, HEADER_SIGNATURE)];
  for (const part of previous?.trim().split(/\s+/) ?? []) if (part !== '') candidates.push(parseOne(part, HEADER_PREVIOUS_SIGNATURE));
  return candidates;
}

function parseOne(value: string, name: string): string {
  const trimmed = value.trim();
  if (!OURS.test(trimmed)) {
    throw new WebhookVerificationError('malformed_header', `${name} must be "sha256=" followed by 64 hex digits`);
  }
  // Hex case carries no meaning; compare in the lowercase the sender writes.
  return trimmed.slice(7).toLowerCase();
}

function parseStandard(value: string): string[] {
  const out: string[] = [];
  for (const part of value.trim().split(/\s+/)) {
    const comma = part.indexOf(',');
    if (comma > 0 && part.slice(0, comma) === 'v1') out.push(part.slice(comma + 1));
  }
  if (out.length === 0) {
    throw new WebhookVerificationError('malformed_header', `${STANDARD_HEADER_SIGNATURE} has no "v1,<base64>" signature`);
  }
  return out;
}

function checkTolerance(timestamp: number, toleranceSeconds: number, nowMs: number): void {
  const now = Math.floor(nowMs / 1000);
  if (timestamp < now - toleranceSeconds) {
    throw new WebhookVerificationError('timestamp_too_old', `timestamp is more than ${toleranceSeconds}s in the past`);
  }
  if (timestamp > now + toleranceSeconds) {
    throw new WebhookVerificationError('timestamp_too_new', `timestamp is more than ${toleranceSeconds}s in the future`);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
