import { html } from './html.js';
import { href, segment, type PageContext } from './page-context.js';
import { replayable } from './pages/delivery-page.js';
import { messagePage, type Page } from './pages/layout.js';

/** What an action ends in: a page to see (a 404), or where the browser goes next. */
export type ActionResult = Page | { location: string };

const REASON_MAX = 200;
const isCode = (error: unknown, code: string) => (error as { code?: unknown } | null)?.code === code;

/**
 * Replays a delivery if it is still as the page showed it (`version` is its `updatedAt` then):
 * posting the same form twice sends it once.
 */
export function replayDelivery(context: PageContext, deliveryId: string, form: URLSearchParams): Promise<ActionResult> {
  return context.oneAtATime(`delivery:${deliveryId}`, async () => {
    const { webhooks } = context.settings;
    const record = await webhooks.deliveryLog.get(deliveryId);
    if (!record) return messagePage(404, 'No such delivery', `The delivery log has no delivery ${deliveryId}.`);
    const back = (done: string) => ({ location: href(context, `/deliveries/${segment(deliveryId)}`, { done }) });
    if (form.get('version') !== String(record.updatedAt)) return back('stale');
    if (!replayable(record)) return back('live');
    try {
      await webhooks.replay(deliveryId);
    } catch (error) {
      // Another process started it between our look and the replay.
      if (isCode(error, 'invalid_argument')) return back('live');
      throw error;
    }
    return back('replayed');
  });
}

function unknownEndpoint(context: PageContext, endpoint: string): Page | undefined {
  if (context.settings.webhooks.config.endpoint(endpoint)) return undefined;
  return messagePage(404, 'No such endpoint', `No endpoint named ${endpoint} in the configuration.`);
}

/** Disables or enables an endpoint; asking for the state it is in already changes nothing. */
export function setEndpointState(context: PageContext, endpoint: string, enable: boolean, form: URLSearchParams): Promise<ActionResult> {
  return context.oneAtATime(`endpoint:${endpoint}`, async () => {
    const missing = unknownEndpoint(context, endpoint);
    if (missing) return missing;
    const { webhooks } = context.settings;
    const back = (done: string, n = 0) => ({ location: href(context, '/endpoints', { done, n: n || undefined }) });
    const status = (await webhooks.listEndpoints()).find((s) => s.endpoint === endpoint);
    if ((status?.state === 'disabled') !== enable) return back('unchanged');
    if (enable) return back('enabled', await webhooks.enableEndpoint(endpoint));
    const reason = form.get('reason')?.trim().slice(0, REASON_MAX) || 'disabled from the dashboard';
    await webhooks.disableEndpoint(endpoint, reason);
    return back('disabled');
  });
}

/**
 * Replays up to `replayBatch` of an endpoint's dead deliveries that were already dead when the
 * count was shown (`asOf`): a second post of the same form finds them replayed and sends none again.
 */
export function replayDead(context: PageContext, endpoint: string, form: URLSearchParams): Promise<ActionResult> {
  return context.oneAtATime(`endpoint:${endpoint}`, async () => {
    const missing = unknownEndpoint(context, endpoint);
    if (missing) return missing;
    const asOf = Number(form.get('asOf'));
    if (!Number.isSafeInteger(asOf) || asOf <= 0) {
      return { status: 400, title: 'Bad request', section: undefined, body: html`<h1>Bad request</h1><p>The form lacks the time of its count. Open the page again.</p>` };
    }
    const { webhooks, replayBatch } = context.settings;
    let replayed = 0;
    let before: string | undefined;
    for (;;) {
      const page = await webhooks.deliveryLog.find({ endpoint, state: 'dead', limit: 200, ...(before ? { before } : {}) });
      for (const record of page) {
        if (replayed >= replayBatch) break;
        if (record.updatedAt > asOf) continue;
        try {
          await webhooks.replay(record.job.deliveryId);
          replayed++;
        } catch (error) {
          if (!isCode(error, 'invalid_argument')) throw error;
        }
      }
      if (replayed >= replayBatch || page.length < 200) break;
      before = page.at(-1)!.job.deliveryId;
    }
    const rest = replayed >= replayBatch ? `/endpoints/${segment(endpoint)}/replay-dead` : '/endpoints';
    return { location: href(context, rest, { done: 'bulk', n: replayed }) };
  });
}
