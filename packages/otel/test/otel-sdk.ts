import { context, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach } from 'vitest';

/**
 * A fresh SDK for each test of the file (`env.sdk`), shut down after it together with what the
 * test pushed onto `env.cleanup` (closed last first).
 */
export function useTestSdk(): { sdk: ReturnType<typeof createTestSdk>; cleanup: (() => Promise<unknown>)[] } {
  const env = { sdk: undefined as unknown as ReturnType<typeof createTestSdk>, cleanup: [] as (() => Promise<unknown>)[] };
  beforeEach(() => {
    env.sdk = createTestSdk();
  });
  afterEach(async () => {
    for (const close of env.cleanup.splice(0).reverse()) await close();
    await env.sdk.shutdown();
  });
  return env;
}

/** A tracer provider exporting to memory, and a meter provider read on demand: the real SDK, nothing global but the context manager. */
export function createTestSdk() {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const reader = new CollectingReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  return {
    tracerProvider,
    meterProvider,
    exporter,
    spans: (name?: string): ReadableSpan[] => exporter.getFinishedSpans().filter((span) => name === undefined || span.name === name),
    /** Every data point of a metric collected now. */
    async points(metric: string): Promise<DataPoint<number | Histogram>[]> {
      const { resourceMetrics } = await reader.collect();
      return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).filter((m) => m.descriptor.name === metric).flatMap((m) => m.dataPoints as DataPoint<number | Histogram>[]);
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
      context.disable();
    },
  };
}

/** Reads metrics when asked (`collect()`), as a pull exporter would. */
class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** The value of the data point whose attributes include `attributes`. */
export function valueOf(points: DataPoint<number | Histogram>[], attributes: Attributes): number | Histogram | undefined {
  return points.find((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v))?.value;
}

/** Polls until `check` returns a value; no timed assertion, only a bound on waiting. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
