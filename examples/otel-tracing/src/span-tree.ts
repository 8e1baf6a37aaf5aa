import type { ReadableSpan } from '@opentelemetry/sdk-trace';

const KINDS = ['internal', 'server', 'client', 'producer', 'consumer'];
const SHOWN = [
  'webhooks.event.name', 'webhooks.endpoint.count', 'messaging.batch.message_count', 'http.request.method', 'url.full',
  'http.response.status_code', 'webhooks.attempt.number', 'webhooks.attempt.outcome', 'webhooks.verification.result',
];

/** The spans as indented trees, one per trace, oldest first; links named by the span they point at. */
export function spanTree(spans: readonly ReadableSpan[]): string {
  const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
  const children = new Map<string, ReadableSpan[]>();
  const roots: ReadableSpan[] = [];
  for (const span of [...spans].sort((a, b) => compare(a.startTime, b.startTime))) {
    const parent = span.parentSpanContext?.spanId;
    if (parent && byId.has(parent)) children.set(parent, [...(children.get(parent) ?? []), span]);
    else roots.push(span);
  }
  const lines: string[] = [];
  const walk = (span: ReadableSpan, depth: number) => {
    const attributes = SHOWN.filter((name) => span.attributes[name] !== undefined).map((name) => `${name}=${span.attributes[name]}`);
    const links = span.links.map((link) => `link→${byId.get(link.context.spanId)?.name ?? link.context.spanId}`);
    lines.push(`${'  '.repeat(depth)}${depth === 0 ? `trace ${span.spanContext().traceId.slice(0, 8)}… ` : '└─ '}${span.name} (${KINDS[span.kind]}) ${[...attributes, ...links].join(' ')}`.trimEnd());
    for (const child of children.get(span.spanContext().spanId) ?? []) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return lines.join('\n');
}

function compare(a: [number, number], b: [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}
