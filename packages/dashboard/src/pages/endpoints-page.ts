import type { EndpointActivity, EndpointStatus } from '@webhooks/core';
import { endpointOrigin, formatTime } from '../format.js';
import { html } from '../html.js';
import { href, segment, type PageContext } from '../page-context.js';
import type { Page } from './layout.js';
import { stateBadge } from './state-badge.js';

const HOUR = 3_600_000;

function successRate(activity: EndpointActivity) {
  if (activity.attempts === 0) return html`<span class="muted">no attempts</span>`;
  const percent = Math.floor((activity.attemptsSucceeded / activity.attempts) * 1000) / 10;
  return html`<span class="rate"><strong>${percent}%</strong> <span class="muted">of ${activity.attempts}</span></span>`;
}

function actions(context: PageContext, status: EndpointStatus, activity: EndpointActivity) {
  const path = `/endpoints/${segment(status.endpoint)}`;
  const token = html`<input type="hidden" name="_csrf" value="${context.token}">`;
  const toggle =
    status.state === 'disabled'
      ? html`<form method="post" action="${href(context, `${path}/enable`)}">${token}<button type="submit">Enable</button></form>`
      : html`<form method="post" action="${href(context, `${path}/disable`)}">${token}<input name="reason" maxlength="200" placeholder="Reason (optional)" aria-label="Reason for disabling ${status.endpoint}"><button type="submit" class="danger">Disable</button></form>`;
  return html`<div class="endpoint-actions">${toggle}${
    activity.dead > 0 ? html`<a class="button secondary" href="${href(context, `${path}/replay-dead`)}">Replay dead…</a>` : ''
  }</div>`;
}

/** Every configured endpoint: health, backlog, recent success rate, and what can be done. */
export async function endpointsPage(context: PageContext): Promise<Page> {
  const { webhooks } = context.settings;
  const statuses = await webhooks.listEndpoints();
  const activities = await webhooks.deliveryLog.endpointActivity({ endpoints: statuses.map((s) => s.endpoint), since: context.now - HOUR });
  const count = (n: number, link: Record<string, string>) => (n === 0 ? html`<span class="muted">0</span>` : html`<a href="${href(context, '/', link)}">${n}</a>`);
  const rows = statuses.map((status, i) => {
    const activity = activities[i]!;
    const endpoint = webhooks.config.endpoint(status.endpoint);
    const filter = (state: string) => ({ endpoint: status.endpoint, state });
    return html`<tr>
<td class="lead" data-label="Endpoint"><strong>${status.endpoint}</strong><span class="sub">${endpoint ? endpointOrigin(endpoint.url) : ''}${endpoint && !endpoint.enabled ? ' · off in the configuration' : ''}</span></td>
<td data-label="Health"><div>${stateBadge(status.state)}${
      status.state === 'disabled'
        ? html`<span class="sub">${status.reason ?? ''}${status.disabledAt !== undefined ? html`<br>since ${formatTime(status.disabledAt)}` : ''}</span>`
        : ''
    }</div></td>
<td data-label="Failures in a row" class="num">${status.consecutiveFailures}</td>
<td data-label="Pending" class="num">${count(activity.pending + activity.retrying, { endpoint: status.endpoint })}</td>
<td data-label="Held" class="num">${count(activity.held, filter('held'))}</td>
<td data-label="Dead" class="num">${count(activity.dead, filter('dead'))}</td>
<td data-label="Success, last hour">${successRate(activity)}</td>
<td class="wide" data-label="Actions">${actions(context, status, activity)}</td>
</tr>`;
  });
  const body = html`<h1>Endpoints</h1>
<div class="panel">
${
  statuses.length === 0
    ? html`<p class="empty">No endpoints in the configuration.</p>`
    : html`<table class="cards">
<thead><tr><th>Endpoint</th><th>Health</th><th>Failures in a row</th><th>Pending</th><th>Held</th><th>Dead</th><th>Success, last hour</th><th></th></tr></thead>
<tbody>${rows}</tbody>
</table>`
}
</div>
<p class="muted">Pending counts deliveries waiting for a first attempt or a retry. A disabled endpoint's deliveries are held, and go out when it is enabled.</p>`;
  return { title: 'Endpoints', section: 'endpoints', body };
}
