import type { DeliveryErrorCode } from './errors.js';
import type { TraceContext } from './instrumentation.js';

/** One HTTP attempt as the engine hands it to a `Sender`: already signed. */
export interface SendRequest {
  /** Absolute http(s) URL. */
  url: string;
  /** Every header to send, signature included. */
  headers: Readonly<Record<string, string>>;
  /** The exact signed body. */
  body: string;
  /** Total deadline for the attempt, in ms (connect, headers and body). */
  timeoutMs: number;
  /** When false, loopback, private, link-local and metadata addresses are refused at connect time. */
  allowPrivateNetwork: boolean;
  /**
   * The attempt's trace context, when instrumentation made one: senders send it as the
   * `traceparent` (and `tracestate`) headers, so a receiver using OpenTelemetry joins the trace.
   */
  trace?: TraceContext;
}

/** A response was received (any status; redirects are not followed). */
export interface SendResponse {
  status: number;
  /** Response headers, lower-case names. */
  headers: Readonly<Record<string, string>>;
  /** The start of the response body, up to the sender's cap, for the delivery log. */
  body: string;
  /** True when the body was longer than the cap (the rest was discarded). */
  bodyTruncated: boolean;
  durationMs: number;
  error?: undefined;
}

/** No usable response: the request failed before a status arrived, or was refused. */
export interface SendFailure {
  status?: undefined;
  error: { code: Extract<DeliveryErrorCode, 'network_error' | 'timeout' | 'ssrf_blocked' | 'invalid_response'>; message: string };
  durationMs: number;
}

export type SendResult = SendResponse | SendFailure;

/**
 * The port the delivery engine sends through: one HTTP POST per call. It never
 * throws for a delivery problem; it returns a `SendFailure` with a code.
 * `@webhooks/undici` is the Node implementation.
 */
export interface Sender {
  send(request: SendRequest): Promise<SendResult>;
  /** Releases pooled connections. */
  close?(): Promise<void>;
}
