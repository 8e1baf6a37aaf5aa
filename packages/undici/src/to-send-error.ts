import { isWebhookError, type SendFailure } from '@webhooks/core';

/** What a failed attempt's message needs to say where and which limit. */
export interface SendErrorContext {
  /** `host:port` of the target; never the full URL, whose path or query may hold a token. */
  host: string;
  /** The attempt's deadline ran out (the abort was ours). */
  deadlineExpired: boolean;
  timeoutMs: number;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
}

const MALFORMED_RESPONSE = new Set(['UND_ERR_HEADERS_OVERFLOW', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH']);

/**
 * Maps whatever undici or the socket threw to the sender port's error codes:
 * every limit that ran out is `timeout`, a refused address `ssrf_blocked`, an
 * unparseable response `invalid_response`, anything else on the way
 * `network_error` (retried by core's policy).
 *
 * @example
 * toSendError(err, context) // { code: 'network_error', message: 'request to 127.0.0.1:9 failed: connect ECONNREFUSED 127.0.0.1:9' }
 */
export function toSendError(err: unknown, context: SendErrorContext): SendFailure['error'] {
  const { host } = context;
  if (isWebhookError(err, 'ssrf_blocked')) return { code: 'ssrf_blocked', message: err.message };
  if (context.deadlineExpired) {
    return { code: 'timeout', message: `no complete response from ${host} within the ${context.timeoutMs} ms deadline` };
  }
  const code = errorCode(err);
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return { code: 'timeout', message: `could not connect to ${host} within ${context.connectTimeoutMs} ms` };
    case 'UND_ERR_HEADERS_TIMEOUT':
      return { code: 'timeout', message: `${host} sent no response headers within ${context.headersTimeoutMs} ms` };
    case 'UND_ERR_BODY_TIMEOUT':
      return { code: 'timeout', message: `${host} sent no response body data for ${context.bodyTimeoutMs} ms` };
    case 'ETIMEDOUT':
      return { code: 'timeout', message: `connection to ${host} timed out: ${describe(err)}` };
    case 'UND_ERR_CLOSED':
    case 'UND_ERR_DESTROYED':
      return { code: 'network_error', message: 'the sender is closed' };
  }
  if (isMalformedResponse(err, code)) {
    return { code: 'invalid_response', message: `${host} sent a malformed HTTP response: ${describe(err)}` };
  }
  return { code: 'network_error', message: `request to ${host} failed: ${describe(err)}` };
}

// llhttp's errors carry an HPE_ code only sometimes; the name is always there.
function isMalformedResponse(err: unknown, code: string | undefined): boolean {
  if ((err as { name?: unknown } | null)?.name === 'HTTPParserError') return true;
  return code !== undefined && (code.startsWith('HPE_') || MALFORMED_RESPONSE.has(code));
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

// Node's happy-eyeballs connect fails with an AggregateError whose message is empty.
function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const nested = (err as { errors?: unknown }).errors;
  const base = err.message || (Array.isArray(nested) ? nested.map(describe).join('; ') : err.name);
  const code = errorCode(err);
  return code === undefined || base.includes(code) ? base : `${base} (${code})`;
}
