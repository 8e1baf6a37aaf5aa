// The set-up the README shows: the Node SDK with a console exporter, plus (for this example)
// an in-memory copy of every span so the trace can be printed as a tree at the end.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ConsoleSpanExporter, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { createWebhooksTelemetry } from '@webhooks/otel';

export const recorded = new InMemorySpanExporter();
const processors = [new SimpleSpanProcessor({ exporter: recorded })];
if (process.env.CONSOLE_SPANS) processors.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }));

export const sdk = new NodeSDK({ serviceName: 'shop', spanProcessors: processors });
sdk.start();
export const telemetry = createWebhooksTelemetry();
