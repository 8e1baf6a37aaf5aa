import { signPayload } from '@webhooks/core';
import { NOW_SECONDS, OTHER_SECRETS, SECRETS, type BaseRequest } from './base-requests.js';
import type { Random } from './random.js';

/** A request being mutated: header values may become lists (a header sent twice), the body text or bytes. */
export interface FuzzRequest {
  headers: Record<string, string | string[]>;
  body: string | Uint8Array;
}

export type Mutation = (request: FuzzRequest, base: BaseRequest, others: readonly BaseRequest[], random: Random) => void | Promise<void>;

const utf8 = new TextEncoder();
const latin = new TextDecoder('latin1');
const ALL_HEADERS = [
  'X-Webhook-Signature', 'X-Webhook-Timestamp', 'X-Webhook-Event-Id', 'X-Webhook-Previous-Signature',
  'webhook-id', 'webhook-timestamp', 'webhook-signature',
];
const CHARS = ['0', '1', 'a', 'f', 'A', 'F', 'g', '=', ',', '.', ' ', '\t', '+', '/', '-', 'é', '🎉', '\u0000', 'v', 's'];

const bytesOf = (body: string | Uint8Array) => (typeof body === 'string' ? utf8.encode(body) : body.slice());
const headerNames = (request: FuzzRequest) => Object.keys(request.headers);
const textOf = (value: string | string[]) => (Array.isArray(value) ? value.join(', ') : value);

function editText(text: string, random: Random): string {
  const at = random.int(text.length + 1);
  switch (random.int(5)) {
    case 0: // change one character
      return text.slice(0, at) + String.fromCharCode((text.charCodeAt(at) || 48) ^ (1 + random.int(127))) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + random.pick(CHARS) + text.slice(at);
    case 2:
      return text.slice(0, at) + text.slice(at + 1 + random.int(3));
    case 3:
      return text.slice(0, at);
    default:
      return text + random.pick(CHARS);
  }
}

function setHeader(request: FuzzRequest, name: string, value: string | string[]): void {
  const existing = Object.keys(request.headers).find((key) => key.toLowerCase() === name.toLowerCase());
  request.headers[existing ?? name] = value;
}

function getHeader(request: FuzzRequest, name: string): string | undefined {
  const key = Object.keys(request.headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : textOf(request.headers[key]!);
}

/** Every way a request is changed; each case applies one to three of them. */
export const MUTATIONS: Record<string, Mutation> = {
  'body: flip bits of a byte': (r, _b, _o, random) => {
    const bytes = bytesOf(r.body);
    if (bytes.length) bytes[random.int(bytes.length)]! ^= 1 + random.int(255);
    r.body = bytes;
  },
  'body: insert bytes': (r, _b, _o, random) => {
    const bytes = bytesOf(r.body);
    const at = random.int(bytes.length + 1);
    const extra = Uint8Array.from({ length: 1 + random.int(4) }, () => random.int(256));
    r.body = new Uint8Array([...bytes.subarray(0, at), ...extra, ...bytes.subarray(at)]);
  },
  'body: delete bytes': (r, _b, _o, random) => {
    const bytes = bytesOf(r.body);
    const at = random.int(bytes.length);
    r.body = new Uint8Array([...bytes.subarray(0, at), ...bytes.subarray(at + 1 + random.int(4))]);
  },
  'body: truncate': (r, _b, _o, random) => {
    const bytes = bytesOf(r.body);
    r.body = bytes.subarray(0, random.int(bytes.length));
  },
  'body: append whitespace or a brace': (r, _b, _o, random) => {
    r.body = (typeof r.body === 'string' ? r.body : latin.decode(r.body)) + random.pick([' ', '\n', '}', '{}', '\u0000']);
  },
  'body: another event': (r, _b, others, random) => {
    r.body = random.pick(others).body;
  },
  'body: same event, other id': (r, base, others, random) => {
    r.body = JSON.stringify({ ...JSON.parse(base.body), id: random.pick(others).eventId });
  },
  'body: same event, re-serialised': (r, base) => {
    r.body = JSON.stringify(JSON.parse(base.body), null, 1);
  },
  'body: unicode normalised': (r, base, _o, random) => {
    r.body = base.body.normalize(random.pick(['NFC', 'NFD', 'NFKC', 'NFKD'] as const));
  },
  'body: empty': (r) => {
    r.body = '';
  },
  'header: edit a character': (r, _b, _o, random) => {
    const name = random.pick(headerNames(r));
    if (name) r.headers[name] = editText(textOf(r.headers[name]!), random);
  },
  'header: delete one': (r, _b, _o, random) => {
    const name = random.pick(headerNames(r));
    if (name) delete r.headers[name];
  },
  'header: send one twice': (r, _b, _o, random) => {
    const name = random.pick(headerNames(r));
    if (name) r.headers[name] = [textOf(r.headers[name]!), random.chance(0.5) ? textOf(r.headers[name]!) : 'x'];
  },
  'header: empty value': (r, _b, _o, random) => {
    const name = random.pick(headerNames(r));
    if (name) r.headers[name] = '';
  },
  'header: swap two values': (r, _b, _o, random) => {
    const [a, b] = [random.pick(headerNames(r)), random.pick(headerNames(r))];
    if (a && b) [r.headers[a], r.headers[b]] = [r.headers[b]!, r.headers[a]!];
  },
  'header: rename to the other scheme': (r, _b, _o, random) => {
    const name = random.pick(headerNames(r));
    if (!name) return;
    const value = r.headers[name]!;
    delete r.headers[name];
    r.headers[random.pick(ALL_HEADERS)] = value;
  },
  'header: names in another case': (r, _b, _o, random) => {
    r.headers = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [random.chance(0.5) ? k.toUpperCase() : k.toLowerCase(), v]));
  },
  'header: padded with spaces': (r, _b, _o, random) => {
    const name = random.pick(headerNames(r));
    if (name) r.headers[name] = ` ${textOf(r.headers[name]!)}${random.pick(['', ' ', '\t'])}`;
  },
  'timestamp: moved': (r, base, _o, random) => {
    const name = base.scheme === 'hmac-sha256' ? 'X-Webhook-Timestamp' : 'webhook-timestamp';
    const delta = random.pick([1, -1, 60, -60, 301, -301, 86_400, -NOW_SECONDS]);
    setHeader(r, name, String(base.timestamp + delta));
  },
  'timestamp: same number, other text': (r, base, _o, random) => {
    const name = base.scheme === 'hmac-sha256' ? 'X-Webhook-Timestamp' : 'webhook-timestamp';
    const t = base.timestamp;
    setHeader(r, name, random.pick([`0${t}`, `+${t}`, `${t}.0`, `${t / 1e9}e9`, `${t}n`, ` ${t}`, `0x${t.toString(16)}`]));
  },
  'id header: another event': (r, base, others, random) => {
    setHeader(r, base.scheme === 'hmac-sha256' ? 'X-Webhook-Event-Id' : 'webhook-id', random.pick(others).eventId);
  },
  'id header: one character changed': (r, base, _o, random) => {
    const name = base.scheme === 'hmac-sha256' ? 'X-Webhook-Event-Id' : 'webhook-id';
    setHeader(r, name, editText(base.eventId, random));
  },
  'id header: other case': (r, base) => {
    setHeader(r, base.scheme === 'hmac-sha256' ? 'X-Webhook-Event-Id' : 'webhook-id', base.eventId.toUpperCase());
  },
  'signature: another event\'s': (r, base, others, random) => {
    const name = base.scheme === 'hmac-sha256' ? 'X-Webhook-Signature' : 'webhook-signature';
    setHeader(r, name, getHeader({ headers: random.pick(others).headers, body: '' }, name) ?? '');
  },
  'signature: uppercase or lowercase': (r, base, _o, random) => {
    const name = base.scheme === 'hmac-sha256' ? 'X-Webhook-Signature' : 'webhook-signature';
    const value = getHeader(r, name) ?? '';
    setHeader(r, name, random.chance(0.5) ? value.toUpperCase() : value.toLowerCase());
  },
  'signature: extra entries': (r, base, others, random) => {
    const name = base.scheme === 'hmac-sha256' ? 'X-Webhook-Signature' : 'webhook-signature';
    const value = getHeader(r, name) ?? '';
    const other = getHeader({ headers: random.pick(others).headers, body: '' }, name) ?? '';
    setHeader(r, name, random.pick([`${other} ${value}`, `${value},${other}`, `v1a,${value.slice(3)} ${other}`, `${value} v2,abc`]));
  },
  'signature: current and previous swapped': (r, base) => {
    if (base.scheme === 'standard-webhooks') {
      setHeader(r, 'webhook-signature', (getHeader(r, 'webhook-signature') ?? '').split(' ').reverse().join(' '));
      return;
    }
    const [current, previous] = [getHeader(r, 'X-Webhook-Signature'), getHeader(r, 'X-Webhook-Previous-Signature')];
    if (previous !== undefined) setHeader(r, 'X-Webhook-Signature', previous);
    if (current !== undefined) setHeader(r, 'X-Webhook-Previous-Signature', current);
  },
  'signature: other prefix': (r, base, _o, random) => {
    const name = base.scheme === 'hmac-sha256' ? 'X-Webhook-Signature' : 'webhook-signature';
    const value = getHeader(r, name) ?? '';
    const rest = value.slice(value.indexOf(value.startsWith('sha256=') ? '=' : ',') + 1);
    setHeader(r, name, `${random.pick(['sha256=', 'sha1=', 'SHA256=', 'v1,', 'v1=', 'sha256:', ''])}${rest}`);
  },
  'signed again with another secret': async (r, base) => {
    const headers = await signPayload({ secret: OTHER_SECRETS[base.scheme], eventId: base.eventId, body: base.body, timestamp: base.timestamp, scheme: base.scheme });
    Object.assign(r.headers, headers);
  },
  'signed again, with another event\'s id': async (r, base, others, random) => {
    // A sender that signs one id in the header and another in the body (standard-webhooks signs both).
    const eventId = random.pick(others).eventId;
    Object.assign(r.headers, await signPayload({ secret: SECRETS[base.scheme], eventId, body: base.body, timestamp: base.timestamp, scheme: base.scheme }));
  },
  'signed again, outside the tolerance': async (r, base, _o, random) => {
    const timestamp = base.timestamp + random.pick([-3600, 3600, -301 - (base.timestamp - NOW_SECONDS)]);
    Object.assign(r.headers, await signPayload({ secret: SECRETS[base.scheme], eventId: base.eventId, body: base.body, timestamp, scheme: base.scheme }));
  },
};
