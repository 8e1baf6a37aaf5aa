import type { Response } from 'express';
import type { WebhookVerificationError } from '@webhooks/verify';

/** Answers a verification failure as JSON `{ error: { code, message } }`; messages never hold secrets or payloads. */
export function sendWebhookError(res: Response, err: WebhookVerificationError, status: number): void {
  if (res.headersSent) return;
  // The rest of an oversized upload is not read, so the connection cannot be reused.
  if (err.code === 'body_too_large') res.set('Connection', 'close');
  res.status(status).json({ error: { code: err.code, message: err.message } });
}
