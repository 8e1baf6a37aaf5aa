import type { Response } from 'express';
import type { VerifiedWebhook } from '@webhooks/verify';

/**
 * Settles the claim on an event id when the response is over: a success
 * (below 400) completes it, so redeliveries are acknowledged as duplicates;
 * anything else (a 4xx, a 5xx, a dropped connection) releases it, so the
 * sender's retry, or a later manual replay, is processed.
 */
export function settleClaim(res: Response, webhook: VerifiedWebhook, onError: (err: unknown) => void): void {
  res.once('close', () => {
    const settled = res.writableFinished && res.statusCode < 400 ? webhook.complete() : webhook.release();
    settled.catch(onError);
  });
}
