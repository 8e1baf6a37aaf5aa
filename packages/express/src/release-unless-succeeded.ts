import type { Response } from 'express';

/**
 * Gives an event id's claim back unless the handler answered with a success
 * (below 400): after a 5xx or a dropped connection the sender retries, and
 * after a 4xx a later manual replay should be processed too.
 */
export function releaseUnlessSucceeded(res: Response, release: () => Promise<void>, onError: (err: unknown) => void): void {
  res.once('close', () => {
    if (res.writableFinished && res.statusCode < 400) return;
    release().catch(onError);
  });
}
