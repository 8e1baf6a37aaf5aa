import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { verifyWebhook } from '@webhooks/express';
import type { WebhooksInstrumentation } from '@webhooks/core';

export interface ReceivedRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  eventId?: string;
}

/** A real Express receiver on loopback with the verifying middleware; `reply` picks each answer's status by path and count. */
export async function startExpressReceiver(options: {
  secret: string;
  instrumentation?: Pick<WebhooksInstrumentation, 'verification'>;
  reply?: (path: string, count: number) => number;
}) {
  const received: ReceivedRequest[] = [];
  const counts = new Map<string, number>();
  const app = express();
  app.post(/.*/, verifyWebhook({ secret: options.secret, instrumentation: options.instrumentation, logger: false }), (req, res) => {
    const count = (counts.get(req.path) ?? 0) + 1;
    counts.set(req.path, count);
    received.push({ path: req.path, headers: req.headers, eventId: req.webhook!.event.id });
    res.sendStatus(options.reply?.(req.path, count) ?? 204);
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    received,
    url: (path = '/hooks') => `http://127.0.0.1:${port}${path}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
