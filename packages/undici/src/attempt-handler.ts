import type { SendResult } from '@webhooks/core';
import type { Dispatcher } from 'undici';
import { toSendError, type SendErrorContext } from './to-send-error.js';
import { MAX_TIMER_MS } from '@webhooks/core/adapter';

type Controller = Dispatcher.DispatchController;
type Headers = Parameters<NonNullable<Dispatcher.DispatchHandler['onResponseStart']>>[2];

/**
 * Bodies up to this much past the cap are read and dropped so the connection
 * goes back to the pool; past it, closing the connection is cheaper than
 * reading on (a 50 MB error page is not worth a socket).
 */
export const DRAIN_LIMIT_BYTES = 64 * 1024;

const decoder = new TextDecoder();

/** The sender's limits, shared by every attempt (error messages name them). */
export interface AttemptLimits extends Pick<SendErrorContext, 'connectTimeoutMs' | 'headersTimeoutMs' | 'bodyTimeoutMs'> {
  maxResponseBodyBytes: number;
  drainLimitBytes: number;
}

/** What is particular to one attempt. */
export interface AttemptTarget {
  /** `host:port`, for error messages. */
  host: string;
  /** The attempt's total deadline. */
  timeoutMs: number;
  /** `performance.now()` when the attempt began. */
  started: number;
}

/**
 * One attempt as an undici dispatch handler: keeps the status, headers and
 * the first `maxResponseBodyBytes` of the body, drains the rest (or drops the
 * connection past the drain limit), and enforces the attempt's total deadline.
 * It reports exactly once through `settle`, and never throws into undici.
 * Once the cap is filled, a stall or error still yields what was read: the
 * status arrived and the log has its excerpt.
 *
 * @example
 * await new Promise<SendResult>((settle) => agent.dispatch(options, new AttemptHandler(limits, { host, timeoutMs, started }, settle)));
 */
export class AttemptHandler implements Dispatcher.DispatchHandler {
  #controller: Controller | undefined;
  #status = 0;
  #headers: Headers | undefined;
  #chunks: Buffer[] = [];
  #kept = 0;
  #seen = 0;
  #settled = false;
  #deadlineExpired = false;
  readonly #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly limits: AttemptLimits,
    private readonly target: AttemptTarget,
    private readonly settle: (result: SendResult) => void,
  ) {
    const { timeoutMs } = target;
    // A deadline past setTimeout's ceiling is no deadline.
    if (timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS) this.#timer = setTimeout(this.#expire, timeoutMs);
  }

  onRequestStart(controller: Controller): void {
    // The deadline can run out while the request waits for a free connection.
    if (this.#settled) controller.abort(new Error('attempt deadline exceeded'));
    else this.#controller = controller;
  }

  onResponseStart(_controller: Controller, statusCode: number, headers: Headers): void {
    if (statusCode < 200) return; // 1xx: the real response follows
    this.#status = statusCode;
    this.#headers = headers;
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    const { maxResponseBodyBytes: max, drainLimitBytes } = this.limits;
    this.#seen += chunk.length;
    if (this.#kept < max) {
      const part = chunk.length <= max - this.#kept ? chunk : chunk.subarray(0, max - this.#kept);
      this.#chunks.push(part);
      this.#kept += part.length;
    }
    if (this.#seen > max + drainLimitBytes) {
      // Enough: answer with what was kept, and let undici close the connection.
      this.#respond(true);
      controller.abort(new Error('response body over the drain limit'));
    }
  }

  onResponseEnd(): void {
    // undici hands the connection back to its pool on the next macrotask (its setImmediate runs
    // after this returns). Answering on a later one lets the caller's next send reuse it instead
    // of opening another connection.
    this.#respond(false, true);
  }

  onResponseError(_controller: Controller, error: Error): void {
    if (this.#capFilled()) this.#respond(true);
    else this.#fail(error);
  }

  readonly #expire = (): void => {
    this.#deadlineExpired = true;
    if (this.#capFilled()) this.#respond(true);
    else this.#fail(new Error('attempt deadline exceeded'));
    this.#controller?.abort(new Error('attempt deadline exceeded'));
  };

  #capFilled(): boolean {
    return this.#status !== 0 && this.#kept >= this.limits.maxResponseBodyBytes;
  }

  /** `cut`: the body did not end (drain limit, stall, error), so more was or would have been sent. */
  #respond(cut: boolean, later = false): void {
    if (this.#settled) return;
    this.#finish();
    const truncated = cut || this.#seen > this.#kept;
    const result: SendResult = {
      status: this.#status,
      headers: flattenHeaders(this.#headers),
      body: decode(this.#chunks, this.#kept, truncated),
      bodyTruncated: truncated,
      durationMs: performance.now() - this.target.started,
    };
    if (later) queueMicrotask(() => setImmediate(this.settle, result));
    else this.settle(result);
  }

  #fail(error: unknown): void {
    if (this.#settled) return;
    this.#finish();
    const { host, timeoutMs, started } = this.target;
    const context = { ...this.limits, host, timeoutMs, deadlineExpired: this.#deadlineExpired };
    this.settle({ error: toSendError(error, context), durationMs: performance.now() - started });
  }

  #finish(): void {
    this.#settled = true;
    clearTimeout(this.#timer);
  }
}

function decode(chunks: Buffer[], length: number, truncated: boolean): string {
  if (length === 0) return '';
  const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length);
  // `stream: true` holds back a character cut in half by the cap instead of printing U+FFFD.
  return truncated ? new TextDecoder().decode(bytes, { stream: true }) : decoder.decode(bytes);
}

// undici gives repeated headers as arrays; the log wants one string per name.
function flattenHeaders(headers: Headers | undefined): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : value.join(', ');
    // A header named __proto__ must stay a plain key, not replace the prototype.
    if (name === '__proto__') Object.defineProperty(flat, name, { value: text, enumerable: true, writable: true });
    else flat[name] = text;
  }
  return flat;
}
