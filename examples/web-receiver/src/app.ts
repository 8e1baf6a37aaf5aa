import {
  createMemoryIdempotencyStore,
  isWebhookError,
  verifyRequest,
  webhookErrorStatus,
  type VerifiedWebhook,
  type VerifyWebhookOptions,
  type WebhookEvent,
} from '@webhooks/verify';

/** How long a claim holds while `handle` runs: longer than any handler should take. */
const LEASE_MS = 30_000;

export interface WebhookHandlerOptions {
  /** Secrets of POST /webhooks (X-Webhook-Signature): the current one, and the previous one during a rotation. */
  secrets: string[];
  /** The `whsec_…` secret of POST /webhooks/standard (Standard Webhooks headers). */
  standardSecret: string;
  /** Processes one event; keep it short, the sender waits (and times out) meanwhile. */
  handle: (event: WebhookEvent) => Promise<void>;
}

/**
 * A Web-standard handler: runs as is on Deno, Bun, Workers, or a Next.js route;
 * on Node behind `serveNode()`. Only the routes differ in how they are signed.
 */
export function createWebhookHandler({ secrets, standardSecret, handle }: WebhookHandlerOptions) {
  // Event ids are claimed on receipt, so a redelivery (or two at once) is processed only once.
  // With several instances, use createSqlIdempotencyStore() or @webhooks/redis instead.
  const idempotency = createMemoryIdempotencyStore();
  const common = { idempotency, idempotencyLeaseMs: LEASE_MS };
  const routes: Record<string, VerifyWebhookOptions> = {
    '/webhooks': { secrets, ...common },
    '/webhooks/standard': { secret: standardSecret, scheme: 'standard-webhooks', ...common },
  };

  return async function handleWebhook(request: Request): Promise<Response> {
    const options = request.method === 'POST' ? routes[new URL(request.url).pathname] : undefined;
    if (!options) return new Response(null, { status: 404 });
    let webhook: VerifiedWebhook;
    try {
      webhook = await verifyRequest(request, options); // reads the raw body itself: don't call request.json() first
    } catch (err) {
      if (!isWebhookError(err)) throw err;
      // Processed before: acknowledge so the sender stops retrying, and don't process it again.
      if (err.code === 'duplicate_event') return Response.json({ duplicate: true });
      // Its first copy is still being handled: come back once that one has finished (or failed).
      const headers = err.code === 'event_in_flight' ? { 'Retry-After': String(LEASE_MS / 1000) } : undefined;
      return Response.json({ error: err.code }, { status: webhookErrorStatus(err.code), headers });
    }
    try {
      await handle(webhook.event);
    } catch (err) {
      console.error(`processing ${webhook.event.id} failed:`, err);
      await webhook.release(); // so the sender's retry of this event is processed
      return new Response(null, { status: 500 });
    }
    await webhook.complete(); // from now on a redelivery is a duplicate
    return new Response(null, { status: 204 });
  };
}
