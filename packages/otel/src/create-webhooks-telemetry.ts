import {
  context,
  metrics,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Link,
  type MeterProvider,
  type Span,
  type TracerProvider,
} from '@opentelemetry/api';
import type { AttemptOutcome, DeliveryJob, TraceContext, WebhooksInstrumentation } from '@webhooks/core';
import { readHeader } from '@webhooks/core';
import { ATTR } from './attribute-names.js';
import { safeUrl } from './safe-url.js';
import { contextOf, formatTraceContext, parseTraceContext } from './trace-context.js';
import { WebhooksMetrics, type ObservedSources } from './webhooks-metrics.js';

const SCOPE = '@webhooks/otel';
const SYSTEM = 'webhooks';
const PRODUCER = { kind: SpanKind.PRODUCER };
const CLIENT = { kind: SpanKind.CLIENT };
// Endpoint URLs are few: each is made safe for an attribute once.
const urlAttributes = new Map<string, Attributes>();

/** Options of `createWebhooksTelemetry`. */
export interface WebhooksTelemetryOptions {
  /** Where spans go. Default: the global provider (`trace.setGlobalTracerProvider`, or the Node SDK's). */
  tracerProvider?: TracerProvider;
  /** Where metrics go. Default: the global provider. */
  meterProvider?: MeterProvider;
}

/** The hooks to pass to `createWebhooks`, the Kafka transport and the verifiers, plus gauges to feed. */
export interface WebhooksTelemetry extends Required<Omit<WebhooksInstrumentation, 'plan' | 'receive' | 'verification'>> {
  plan: NonNullable<WebhooksInstrumentation['plan']>;
  receive: NonNullable<WebhooksInstrumentation['receive']>;
  verification: NonNullable<WebhooksInstrumentation['verification']>;
  /** Reports the outbox backlog and the memory queue depth as gauges; returns a function that stops it. */
  observe(sources: ObservedSources): () => void;
}

/**
 * Tracing and metrics for webhooks on the OpenTelemetry API. With no SDK registered every
 * span and instrument is a no-op. Spans: `webhooks.plan` / `webhooks.dispatch` (where the
 * trace context stored with each job comes from), `webhooks.relay`, Kafka `send`/`process`,
 * `webhooks.attempt` (a child of the planning span, linked to it too) and `webhooks.verify`.
 *
 * @example
 * const telemetry = createWebhooksTelemetry();
 * const webhooks = createWebhooks(config, { sender: createUndiciSender(), transport, instrumentation: telemetry });
 * app.post('/webhooks', verifyWebhook({ secret, instrumentation: telemetry }), handler);
 */
export function createWebhooksTelemetry(options: WebhooksTelemetryOptions = {}): WebhooksTelemetry {
  const tracer = (options.tracerProvider ?? trace.getTracerProvider()).getTracer(SCOPE);
  const meter = (options.meterProvider ?? metrics.getMeterProvider()).getMeter(SCOPE);
  const instruments = new WebhooksMetrics(meter);
  // The consumer span a transport opened for a job: its attempt becomes that span's child.
  const received = new WeakMap<DeliveryJob, Context>();

  /** Ends a span once the promise `run` returns settles, recording a rejection. */
  const finish = <R>(span: Span, run: () => Promise<R>, onResult?: (result: R) => void): Promise<R> => {
    let result: Promise<R>;
    try {
      result = run();
    } catch (error) {
      return Promise.reject(failed(span, error));
    }
    return result.then((value) => {
      onResult?.(value);
      span.end();
      return value;
    }, (error: unknown) => fail(span, error));
  };

  /** Links to the planning context of each job (one per trace context). */
  const linksOf = (jobs: readonly DeliveryJob[]): Link[] => {
    const seen = new Set<string>();
    const links: Link[] = [];
    for (const job of jobs) {
      if (!job.trace || seen.has(job.trace.traceparent)) continue;
      seen.add(job.trace.traceparent);
      const spanContext = parseTraceContext(job.trace);
      if (spanContext) links.push({ context: spanContext });
    }
    return links;
  };

  return {
    plan(info, run) {
      const { event, operation } = info;
      const span = tracer.startSpan(`webhooks.${operation}`, PRODUCER);
      const captured = formatTraceContext(span.spanContext());
      // No SDK: nothing records and there is no context to carry, so the plan runs as if untraced.
      if (!captured) return run(undefined);
      const active = trace.setSpan(context.active(), span);
      if (!span.isRecording()) return context.with(active, run, undefined, captured);
      span.setAttributes({
        [ATTR.messagingSystem]: SYSTEM,
        [ATTR.operationType]: operation === 'plan' ? 'create' : 'send',
        [ATTR.operationName]: operation,
        [ATTR.eventName]: event.event,
        [ATTR.eventId]: event.id,
        [ATTR.model]: `${event.model.app}.${event.model.name}`,
      });
      let result: ReturnType<typeof run>;
      try {
        result = context.with(active, run, undefined, captured);
      } catch (error) {
        return fail(span, error);
      }
      span.setAttribute(ATTR.endpointCount, result.jobs.length);
      if (!result.sent) {
        span.end();
        return result;
      }
      // Dispatch: the span covers sending (or queueing) the jobs too.
      return { ...result, sent: result.sent.then((value) => (span.end(), value), (error: unknown) => fail(span, error)) };
    },

    relay(jobs, run) {
      // A batch holds the jobs of many requests: a trace of its own, linked to each (messaging conventions for batches).
      const span = tracer.startSpan(
        'webhooks.relay',
        {
          kind: SpanKind.PRODUCER,
          attributes: { [ATTR.messagingSystem]: SYSTEM, [ATTR.operationType]: 'send', [ATTR.operationName]: 'relay', [ATTR.batchCount]: jobs.length },
          links: linksOf(jobs),
        },
        ROOT_CONTEXT,
      );
      if (!span.isRecording()) return run();
      return finish(span, () => context.with(trace.setSpan(ROOT_CONTEXT, span), run));
    },

    send(jobs, info, run) {
      const attributes: Attributes = {
        [ATTR.messagingSystem]: info.system,
        [ATTR.operationType]: 'send',
        [ATTR.operationName]: 'send',
        [ATTR.destination]: info.destination,
      };
      if (jobs.length === 1) attributes[ATTR.messageId] = jobs[0]!.deliveryId;
      else attributes[ATTR.batchCount] = jobs.length;
      const span = tracer.startSpan(`send ${info.destination}`, { kind: SpanKind.PRODUCER, attributes, links: linksOf(jobs) });
      return finish(span, () => context.with(trace.setSpan(context.active(), span), run));
    },

    receive(job, info, run) {
      const origin = parseTraceContext(job.trace);
      const attributes: Attributes = {
        [ATTR.messagingSystem]: info.system,
        [ATTR.operationType]: 'process',
        [ATTR.operationName]: 'process',
        [ATTR.destination]: info.destination,
        [ATTR.messageId]: job.deliveryId,
      };
      if (info.partition !== undefined && Number.isFinite(info.partition)) attributes[ATTR.partition] = String(info.partition);
      if (info.source) attributes[ATTR.kafkaOffset] = Number(info.source.split(':')[2]);
      // One message: the planning span is the parent, and a link as the conventions require.
      const parent = origin ? contextOf(origin) : ROOT_CONTEXT;
      const span = tracer.startSpan(
        `process ${info.destination}`,
        { kind: SpanKind.CONSUMER, attributes, links: origin ? [{ context: origin }] : [] },
        parent,
      );
      const active = trace.setSpan(parent, span);
      received.set(job, active);
      return finish(span, () => context.with(active, run));
    },

    attempt(job, info, run) {
      const origin = job.trace ? parseTraceContext(job.trace) : undefined;
      const parent = received.get(job) ?? (origin ? contextOf(origin) : context.active());
      const span = tracer.startSpan('webhooks.attempt', origin ? { kind: SpanKind.CLIENT, links: [{ context: origin }] } : CLIENT, parent);
      // The receiver's spans become children of this attempt; without an SDK, of the planning span.
      const sent: TraceContext | undefined = formatTraceContext(span.spanContext()) ?? job.trace;
      if (!span.isRecording()) return sent ? context.with(trace.setSpan(parent, span), run, undefined, sent) : run(undefined);
      span.setAttributes(attemptAttributes(job, info.method, info.url));
      return finish(
        span,
        () => context.with(trace.setSpan(parent, span), run, undefined, sent),
        (outcome: AttemptOutcome) => describeAttempt(span, outcome),
      );
    },

    event(event) {
      instruments.record(event);
    },

    verification(headers, run) {
      const active = context.active();
      const inServer = trace.getSpan(active)?.spanContext();
      // An HTTP server instrumentation already continued the sender's trace; otherwise continue it here.
      const remote = inServer ? undefined : parseTraceContext({ traceparent: readHeader(headers, 'traceparent') ?? '', tracestate: readHeader(headers, 'tracestate') ?? undefined });
      const parent = remote ? contextOf(remote, active) : active;
      const span = tracer.startSpan('webhooks.verify', { kind: inServer ? SpanKind.INTERNAL : SpanKind.SERVER }, parent);
      if (!span.isRecording()) return context.with(trace.setSpan(parent, span), run);
      const rejected = (error: unknown) => {
        const code = (error as { code?: string })?.code ?? 'error';
        span.setAttribute(ATTR.verification, 'rejected');
        span.setAttribute(ATTR.rejection, code);
        span.setAttribute(ATTR.errorType, code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: code });
        span.end();
        throw error;
      };
      try {
        return context.with(trace.setSpan(parent, span), run).then((result) => {
          span.setAttribute(ATTR.verification, 'verified');
          span.setAttribute(ATTR.eventId, result.event.id);
          span.setAttribute(ATTR.eventName, result.event.event);
          if (result.scheme) span.setAttribute(ATTR.scheme, result.scheme);
          span.end();
          return result;
        }, rejected);
      } catch (error) {
        return rejected(error);
      }
    },

    observe: (sources) => instruments.observe(sources),
  };
}

/** Records an error on a span and ends it; returns the error. */
function failed(span: Span, error: unknown): unknown {
  span.recordException(error as Error);
  span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
  span.setAttribute(ATTR.errorType, (error as { code?: string })?.code ?? (error as Error)?.name ?? 'Error');
  span.end();
  return error;
}

/** `failed`, then throws the error on. */
function fail(span: Span, error: unknown): never {
  throw failed(span, error);
}

/** What an attempt span says before the request goes out. */
function attemptAttributes(job: DeliveryJob, method: string, url: string): Attributes {
  let target = urlAttributes.get(url);
  if (!target) {
    target = {};
    const safe = safeUrl(url);
    if (safe) {
      const { hostname, port, protocol } = new URL(safe);
      target = { [ATTR.urlFull]: safe, [ATTR.serverAddress]: hostname, [ATTR.serverPort]: port === '' ? (protocol === 'https:' ? 443 : 80) : Number(port) };
    }
    if (urlAttributes.size >= 1000) urlAttributes.clear();
    urlAttributes.set(url, target);
  }
  return {
    ...target,
    [ATTR.httpMethod]: method,
    [ATTR.resendCount]: job.attempt - 1,
    [ATTR.attempt]: job.attempt,
    [ATTR.deliveryId]: job.deliveryId,
    [ATTR.eventId]: job.eventId,
    [ATTR.eventName]: job.eventName,
    [ATTR.endpoint]: job.endpoint,
  };
}

/** Status, outcome and error of an attempt; the response body and headers are never recorded. */
function describeAttempt(span: Span, { attempt, state }: AttemptOutcome): void {
  span.setAttribute(ATTR.outcome, attempt.outcome);
  span.setAttribute(ATTR.deliveryState, state);
  if (attempt.status !== undefined) span.setAttribute(ATTR.httpStatus, attempt.status);
  if (attempt.outcome === 'success') return;
  span.setAttribute(ATTR.errorType, attempt.status !== undefined ? String(attempt.status) : attempt.reason);
  span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.reason });
  if (attempt.error !== undefined) span.recordException({ name: attempt.reason, message: attempt.error });
}
