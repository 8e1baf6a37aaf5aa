import { createTraceState, isSpanContextValid, ROOT_CONTEXT, trace, TraceFlags, type Context, type SpanContext } from '@opentelemetry/api';
import { toTraceContext, type TraceContext } from '@webhooks/core';

/** A span's context as a W3C `traceparent`/`tracestate`; undefined for an invalid one (no SDK, no parent). */
export function formatTraceContext(spanContext: SpanContext): TraceContext | undefined {
  if (!isSpanContextValid(spanContext)) return undefined;
  const flags = (spanContext.traceFlags & 0xff).toString(16).padStart(2, '0');
  const traceparent = `00-${spanContext.traceId}-${spanContext.spanId}-${flags}`;
  const tracestate = spanContext.traceState?.serialize();
  return tracestate ? { traceparent, tracestate } : { traceparent };
}

/** The remote span context a stored or received `traceparent` names; undefined when malformed or all zeros. */
export function parseTraceContext(value: TraceContext | undefined): SpanContext | undefined {
  const checked = value && toTraceContext(value.traceparent, value.tracestate);
  if (!checked) return undefined;
  const [version, traceId, spanId, flags] = checked.traceparent.split('-') as [string, string, string, string];
  if (version === 'ff') return undefined;
  const spanContext: SpanContext = { traceId, spanId, traceFlags: parseInt(flags, 16) & TraceFlags.SAMPLED, isRemote: true };
  if (checked.tracestate) spanContext.traceState = createTraceState(checked.tracestate);
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** A context whose parent is the given remote span context. */
export function contextOf(spanContext: SpanContext, base: Context = ROOT_CONTEXT): Context {
  return trace.setSpanContext(base, spanContext);
}
