// The receiver: a long-lived process (never killed) that verifies every request with
// @webhooks/verify, fails about 10 % of them with 503, is sometimes slow, and records every 2xx.
// The orchestrator reads a combination's records with GET /_receptions/<run>.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyNodeRequest } from '@webhooks/verify/node';
import { endpointSecret } from '../endpoints.js';
import { createRandom } from '../random.js';
import { DEFAULT_BEHAVIOUR, decideRequest } from './behaviour.js';
import type { Reception, ReceptionReport } from './reception.js';

const behaviour = { ...DEFAULT_BEHAVIOUR, latencyMs: Number(process.env.TORTURE_LATENCY_MS ?? 50) };
const random = createRandom(Number(process.env.TORTURE_SEED ?? 1));
const runs = new Map<string, ReceptionReport>();
const reportOf = (run: string) => {
  let report = runs.get(run);
  if (!report) runs.set(run, (report = { receptions: [], failedOnPurpose: 0, rejected: { count: 0, reasons: [] } }));
  return report;
};

async function receive(req: IncomingMessage, res: ServerResponse, run: string, endpoint: string): Promise<void> {
  const secret = endpointSecret(endpoint);
  const report = reportOf(run);
  if (!secret) return void res.writeHead(404).end();
  let verified;
  try {
    verified = await verifyNodeRequest<{ id: string; tag: string }>(req, { secret });
  } catch (err) {
    report.rejected.count++;
    if (report.rejected.reasons.length < 5) report.rejected.reasons.push(`${(err as { code?: string }).code}: ${(err as Error).message}`);
    return void res.writeHead(401).end();
  }
  const { delayMs, fail } = decideRequest(random, behaviour);
  await new Promise((resolve) => setTimeout(resolve, delayMs));
  if (fail) {
    report.failedOnPurpose++;
    return void res.writeHead(503).end('failing on purpose');
  }
  const { event } = verified;
  const reception: Reception = {
    endpoint,
    eventName: event.event,
    eventId: event.id,
    objectId: String(event.object.id),
    tag: String(event.object.tag),
    deliveryId: String(req.headers['x-webhook-delivery-id']),
    attempt: Number(req.headers['x-webhook-attempt']),
    life: String(req.headers['x-torture-life']),
    at: Date.now(),
  };
  report.receptions.push(reception);
  res.writeHead(200).end('ok');
}

const server = createServer((req, res) => {
  const [first, second, ...rest] = (req.url ?? '/').split('?')[0]!.split('/').filter(Boolean);
  if (first === '_receptions' && second && rest.length === 0) {
    if (req.method === 'DELETE') return void (runs.delete(second), res.writeHead(204).end());
    return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reportOf(second)));
  }
  if (req.method !== 'POST' || !first || !second || rest.length > 0) return void res.writeHead(404).end();
  receive(req, res, first, second).catch((err) => {
    console.error('receiver error', err);
    if (!res.headersSent) res.writeHead(500).end();
  });
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.send?.({ type: 'listening', port: (server.address() as AddressInfo).port }));
