import type { AttemptRecord, DeliveryRecord } from '@webhooks/core';
import { cap, formatDuration, formatTime } from '../format.js';
import { html } from '../html.js';
import { href, segment, type PageContext } from '../page-context.js';
import { prettyJson } from '../pretty-json.js';
import { messagePage, type Page } from './layout.js';
import { stateBadge, timeAgo } from './state-badge.js';

// What the page shows of long texts; the log keeps them whole.
const BODY_SHOWN = 512 * 1024;
const RESPONSE_SHOWN = 4096;

/** `true` when a replay may be asked for: a delivery in flight is sent without one. */
export const replayable = (record: DeliveryRecord) => record.state !== 'pending' && record.state !== 'retrying' && !record.bodyDropped;

function attemptItem(attempt: AttemptRecord, context: PageContext) {
  const response = attempt.responseBody === undefined || attempt.responseBody === '' ? undefined : cap(attempt.responseBody, RESPONSE_SHOWN);
  const outcome = { success: 'succeeded', retry: 'failed, will retry', failed: 'failed' }[attempt.outcome] ?? attempt.outcome;
  return html`<li class="panel o-${attempt.outcome}">
<div class="head"><strong>Attempt ${attempt.attempt}</strong><span>${attempt.status !== undefined ? `HTTP ${attempt.status}` : attempt.reason}</span><span class="meta">${outcome}</span><span class="meta num">${formatDuration(attempt.durationMs)}</span><span class="meta">${formatTime(attempt.startedAt)} · ${timeAgo(attempt.startedAt, context.now)}</span></div>
${attempt.status !== undefined && attempt.reason !== `HTTP ${attempt.status}` ? html`<div class="meta">${attempt.reason}</div>` : ''}
${attempt.error ? html`<div class="error">${attempt.error}</div>` : ''}
${response ? html`<pre aria-label="Response body">${response.text}${response.cut ? '\n…' : ''}</pre>` : ''}
${attempt.nextRetryAt !== undefined ? html`<div class="meta">Next retry ${formatTime(attempt.nextRetryAt)}</div>` : ''}
</li>`;
}

const NOT_KEPT = 'The delivery log did not keep the body of this succeeded delivery (the memory log drops them unless keepSucceededBodies is set).';

/** One delivery: its facts, every attempt on a timeline, the body as signed, and Replay. */
export async function deliveryPage(context: PageContext, deliveryId: string): Promise<Page> {
  const record = await context.settings.webhooks.deliveryLog.get(deliveryId);
  if (!record) return messagePage(404, 'No such delivery', `The delivery log has no delivery ${deliveryId}.`);
  const { job } = record;
  const shown = cap(job.body, BODY_SHOWN);
  const pretty = shown.cut ? undefined : prettyJson(job.body);
  const canReplay = replayable(record);
  const body = html`<p class="muted"><a href="${href(context, '/')}">Deliveries</a> / <span class="mono">${job.deliveryId}</span></p>
<h1>${job.eventName} ${stateBadge(record.state)}</h1>
${record.reason ? html`<p class="notice${record.state === 'dead' ? ' bad' : ''}">${record.reason}</p>` : ''}
<dl class="panel facts">
<div><dt>Endpoint</dt><dd><a href="${href(context, '/', { endpoint: job.endpoint })}">${job.endpoint}</a></dd></div>
<div><dt>Event id</dt><dd class="mono"><a href="${href(context, '/', { q: job.eventId })}">${job.eventId}</a></dd></div>
<div><dt>Delivery id</dt><dd class="mono">${job.deliveryId}</dd></div>
<div><dt>Created</dt><dd>${formatTime(job.createdAt)} · ${timeAgo(job.createdAt, context.now)}</dd></div>
<div><dt>Updated</dt><dd>${formatTime(record.updatedAt)}</dd></div>
<div><dt>Ordering key</dt><dd class="mono">${job.key}</dd></div>
</dl>
<div class="actions">
<form method="post" action="${href(context, `/deliveries/${segment(job.deliveryId)}/replay`)}">
<input type="hidden" name="_csrf" value="${context.token}">
<input type="hidden" name="version" value="${record.updatedAt}">
<button type="submit"${canReplay ? '' : html` disabled`}>Replay</button>
</form>
<span class="muted">${canReplay ? 'Sends the same body again, with the same event id and a fresh retry budget.' : record.bodyDropped ? NOT_KEPT : 'In flight: it will be sent without a replay.'}</span>
</div>
<h2>Attempts (${record.attempts.length})</h2>
${record.attempts.length === 0 ? html`<p class="muted">No attempt yet.</p>` : html`<ol class="timeline">${record.attempts.map((a) => attemptItem(a, context))}</ol>`}
<h2>Body, as signed</h2>
${record.bodyDropped ? html`<p class="muted">${NOT_KEPT}</p>` : html`<div class="panel body"><pre aria-label="Body">${pretty ?? shown.text}${shown.cut ? `\n… (${job.body.length - BODY_SHOWN} more characters)` : ''}</pre></div>`}`;
  return { title: `${job.eventName} · ${job.deliveryId}`, section: 'deliveries', body };
}
