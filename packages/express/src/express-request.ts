import type { VerifiedWebhook } from '@webhooks/verify';

declare global {
  // Express's own extension point: every app's `req` gains the field.
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** The verified webhook, set by `verifyWebhook()` before your handler runs. */
      webhook?: VerifiedWebhook;
    }
  }
}

export {};
