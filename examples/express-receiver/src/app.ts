import { verifyWebhook, type VerifiedWebhook, type WebhookEvent } from '@webhooks/express';
import express, { type Express } from 'express';
import { createQueue, type Queue } from './queue.js';

export interface ReceiverOptions {
  /** Every secret accepted: the current one, and the previous one while a rotation is under way. */
  secrets: string[];
  /** The real work for one event; runs after the request was answered. */
  handle: (event: WebhookEvent) => Promise<void>;
}

/** An Express app whose POST /webhooks verifies, deduplicates, queues and answers 204 at once. */
export function createReceiverApp({ secrets, handle }: ReceiverOptions): { app: Express; queue: Queue<VerifiedWebhook> } {
  const queue = createQueue<VerifiedWebhook>(
    ({ event }) => handle(event),
    // The sender already got its 204: give the event id back, so a replay from its delivery log is processed.
    (err, webhook) => {
      console.error(`processing ${webhook.event.id} failed:`, err);
      void webhook.release();
    },
  );

  const app = express();
  // Mounted before express.json(): the signature covers the raw body, which verifyWebhook reads itself.
  app.post(
    '/webhooks',
    verifyWebhook({
      secrets,
      // Each event id is claimed once; a redelivery is acknowledged with 200 (so the sender stops) but not processed.
      idempotency: true,
      duplicateStatus: 200,
    }),
    (req, res) => {
      queue.add(req.webhook!);
      res.sendStatus(204);
    },
  );
  app.use(express.json()); // the rest of the application's routes

  return { app, queue };
}
