// The receiving service: an Express app with one verified route per endpoint.
import type { AddressInfo } from 'node:net';
import type { WebhookEvent } from '@webhooks/core';
import { verifyWebhook } from '@webhooks/express';
import express from 'express';

export interface Received {
  route: string;
  event: WebhookEvent;
  attempt: string;
}

/** Secrets the receiver knows; the sender's `wrong` endpoint signs with something else. */
export const RECEIVER_SECRETS = {
  all: 'demo-secret-all',
  slim: 'demo-secret-slim',
  private: 'demo-secret-private',
  flaky: 'demo-secret-flaky',
  wrong: 'demo-secret-the-receiver-expects',
} as const;

export async function startReceiver(onReceive: (r: Received) => void) {
  const app = express();
  let flakyCalls = 0;
  for (const [route, secret] of Object.entries(RECEIVER_SECRETS)) {
    app.post(`/hooks/${route}`, (req, res, next) => {
      // The flaky route is down for its first request: 503 before even looking at it.
      if (route === 'flaky' && flakyCalls++ === 0) return void res.status(503).set('Retry-After', '1').end();
      next();
    }, verifyWebhook({ secret, idempotency: true, duplicateStatus: 200, logger: false }), (req, res) => {
      onReceive({ route, event: req.webhook!.event, attempt: String(req.headers['x-webhook-attempt']) });
      res.sendStatus(204);
    });
  }
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: (route: string) => `${origin}/hooks/${route}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
