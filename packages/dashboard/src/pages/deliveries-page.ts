import type { DeliveryQuery, DeliveryRecord, DeliveryState } from '@webhooks/core';
import { html } from '../html.js';
import { href, segment, type PageContext } from '../page-context.js';
import type { Page } from './layout.js';
import { stateBadge, timeAgo } from './state-badge.js';

export const STATES: readonly DeliveryState[] = ['pending', 'retrying', 'held', 'succeeded', 'dead'];

/** A query parameter, trimmed and bounded; absent when empty. */
export function param(url: URL, name: string, max = 200): string | undefined {
  const value = url.searchParams.get(name)?.trim().slice(0, max);
  return value ? value : undefined;
}

/** Reads the page's filters: every one narrows the list, the search by id included. */
function filtersOf(url: URL) {
  const state = param(url, 'state');
  return {
    state: STATES.includes(state as DeliveryState) ? (state as DeliveryState) : undefined,
    endpoint: param(url, 'endpoint'),
    event: param(url, 'event'),
    q: param(url, 'q', 100),
    before: param(url, 'before', 100),
  };
}

/** Newest first, a page at a time; a search matches a delivery id or an event id. */
async function findPage(context: PageContext, filters: ReturnType<typeof filtersOf>): Promise<{ records: DeliveryRecord[]; more: boolean }> {
  const log = context.settings.webhooks.deliveryLog;
  const size = context.settings.pageSize;
  const query: DeliveryQuery = { limit: size + 1 };
  if (filters.state) query.state = filters.state;
  if (filters.endpoint) query.endpoint = filters.endpoint;
  if (filters.event) query.eventName = filters.event;
  if (filters.before) query.before = filters.before;
  if (!filters.q) {
    const records = await log.find(query);
    return { records: records.slice(0, size), more: records.length > size };
  }
  const [byId, byEvent] = await Promise.all([filters.before ? undefined : log.get(filters.q), log.find({ ...query, eventId: filters.q })]);
  const matches = (r: DeliveryRecord) =>
    (!query.state || r.state === query.state) && (!query.endpoint || r.job.endpoint === query.endpoint) && (!query.eventName || r.job.eventName === query.eventName);
  const records = byId && matches(byId) && !byEvent.some((r) => r.job.deliveryId === byId.job.deliveryId) ? [byId, ...byEvent] : byEvent;
  return { records: records.slice(0, size), more: byEvent.length > size };
}

/** The delivery log as a table: filter, search, page with a cursor. */
export async function deliveriesPage(context: PageContext): Promise<Page> {
  const filters = filtersOf(context.url);
  const { records, more } = await findPage(context, filters);
  const endpoints = context.settings.webhooks.config.endpoints.map((e) => e.name);
  if (filters.endpoint && !endpoints.includes(filters.endpoint)) endpoints.push(filters.endpoint);
  const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  const kept = { state: filters.state, endpoint: filters.endpoint, event: filters.event, q: filters.q };
  const filtered = Object.values(kept).some((v) => v !== undefined);

  const rows = records.map((record) => {
    const last = record.attempts.at(-1);
    return html`<tr>
<td class="lead" data-label="Event"><a href="${href(context, `/deliveries/${segment(record.job.deliveryId)}`)}">${record.job.eventName}</a><span class="sub mono">${record.job.eventId}</span></td>
<td data-label="Endpoint">${record.job.endpoint}</td>
<td data-label="State">${stateBadge(record.state)}</td>
<td data-label="Attempts" class="num">${record.attempts.length}</td>
<td data-label="Last status">${last ? (last.status ?? last.reason) : html`<span class="muted">—</span>`}</td>
<td data-label="Age" class="num">${timeAgo(record.job.createdAt, context.now)}</td>
</tr>`;
  });

  const body = html`<h1>Deliveries</h1>
<form class="panel filters" method="get" action="${href(context, '/')}" role="search">
<label>State<select name="state">${option('', 'Any state', !filters.state)}${STATES.map((s) => option(s, s, s === filters.state))}</select></label>
<label>Endpoint<select name="endpoint">${option('', 'Any endpoint', !filters.endpoint)}${endpoints.map((e) => option(e, e, e === filters.endpoint))}</select></label>
<label>Event name<input name="event" value="${filters.event ?? ''}" placeholder="order.paid" autocomplete="off"></label>
<label>Event or delivery id<input type="search" name="q" value="${filters.q ?? ''}" placeholder="evt_… or dlv_…" autocomplete="off"></label>
<button type="submit">Filter</button>
${filtered ? html`<a class="button secondary" href="${href(context, '/')}">Clear</a>` : ''}
</form>
<div class="panel">
${
  records.length === 0
    ? html`<p class="empty">${filtered || filters.before ? 'No deliveries match these filters.' : 'No deliveries yet.'}</p>`
    : html`<table class="cards">
<thead><tr><th>Event</th><th>Endpoint</th><th>State</th><th>Attempts</th><th>Last status</th><th>Age</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
}
</div>
<nav class="pager" aria-label="Pages">
<span>${filters.before ? html`<a class="button secondary" href="${href(context, '/', kept)}">← Newest</a>` : ''}</span>
<span>${more ? html`<a class="button secondary" rel="next" href="${href(context, '/', { ...kept, before: records.at(-1)!.job.deliveryId })}">Older →</a>` : ''}</span>
</nav>`;
  return { title: 'Deliveries', section: 'deliveries', body };
}
