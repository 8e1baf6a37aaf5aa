import { html } from '../html.js';
import { href, segment, type PageContext } from '../page-context.js';
import { messagePage, type Page } from './layout.js';

/** "Replay all dead for this endpoint", with how many first: a confirmation, then a POST. */
export async function replayDeadPage(context: PageContext, endpoint: string): Promise<Page> {
  const { webhooks } = context.settings;
  if (!webhooks.config.endpoint(endpoint)) return messagePage(404, 'No such endpoint', `No endpoint named ${endpoint} in the configuration.`);
  const dead = await webhooks.deliveryLog.count({ endpoint, state: 'dead' });
  const path = `/endpoints/${segment(endpoint)}/replay-dead`;
  const disabled = (await webhooks.listEndpoints()).find((s) => s.endpoint === endpoint)?.state === 'disabled';
  const batch = context.settings.replayBatch;
  const body = html`<p class="muted"><a href="${href(context, '/endpoints')}">Endpoints</a> / ${endpoint}</p>
<h1>Replay dead deliveries to ${endpoint}</h1>
<div class="panel confirm">
${
  dead === 0
    ? html`<p>There are no dead deliveries to ${endpoint}.</p><a class="button secondary" href="${href(context, '/endpoints')}">Back to endpoints</a>`
    : html`<p><strong class="num">${dead}</strong> dead ${dead === 1 ? 'delivery' : 'deliveries'} to ${endpoint} will be sent again, each with its event id unchanged and a fresh retry budget.${
        dead > batch ? ` One press sends ${batch}; press again for the rest.` : ''
      }</p>
${disabled ? html`<p class="notice bad">This endpoint is disabled: replayed deliveries are held until it is enabled.</p>` : ''}
<form class="actions" method="post" action="${href(context, path)}">
<input type="hidden" name="_csrf" value="${context.token}">
<input type="hidden" name="asOf" value="${context.now}">
<button type="submit">Replay ${Math.min(dead, batch)} dead ${dead === 1 ? 'delivery' : 'deliveries'}</button>
<a class="button secondary" href="${href(context, '/', { endpoint, state: 'dead' })}">See them first</a>
</form>`
}
</div>`;
  return { title: `Replay dead · ${endpoint}`, section: 'endpoints', body };
}
