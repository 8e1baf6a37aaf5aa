import { html, Html } from '../html.js';
import { href, type PageContext } from '../page-context.js';
import { STYLES } from '../styles.js';

export type Section = 'deliveries' | 'endpoints' | undefined;

/** A finished page: what it is called, which tab it belongs to, and its content. */
export interface Page {
  title: string;
  section: Section;
  body: Html;
  status?: number;
}

// What an action's redirect asks the next page to say: fixed texts, nothing taken from the URL but numbers.
const NOTICES: Record<string, (n: number) => { text: string; bad?: boolean }> = {
  replayed: () => ({ text: 'Replayed: the delivery is queued and will be sent again with the same event id.' }),
  stale: () => ({ text: 'Nothing was sent: this delivery changed since the page was loaded (already replayed?). Here is how it stands now.', bad: true }),
  live: () => ({ text: 'Nothing was sent: this delivery is pending or retrying, and will be sent without a replay.', bad: true }),
  disabled: () => ({ text: 'Endpoint disabled: its new deliveries are held until it is enabled.' }),
  enabled: (n) => ({ text: `Endpoint enabled${n > 0 ? `: ${n} held ${n === 1 ? 'delivery goes' : 'deliveries go'} out again` : ''}.` }),
  unchanged: () => ({ text: 'Nothing to change: the endpoint was already in that state.' }),
  bulk: (n) => ({ text: `${n} dead ${n === 1 ? 'delivery' : 'deliveries'} replayed.` }),
};

/** The page around every view: header, tabs, the notice an action left, and the view. */
export function layout(context: PageContext, page: Page): Html {
  const { settings } = context;
  const done = context.url.searchParams.get('done');
  const notice = done !== null && Object.hasOwn(NOTICES, done) ? NOTICES[done]!(Number(context.url.searchParams.get('n')) || 0) : undefined;
  const tab = (section: Section, path: string, label: string) =>
    html`<a href="${href(context, path)}"${page.section === section ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${page.title} · ${settings.title}</title>
<style>${new Html(STYLES)}</style>
</head>
<body>
<header class="top">
<a class="brand" href="${href(context, '/')}">${settings.title}</a>
<nav>${tab('deliveries', '/', 'Deliveries')}${tab('endpoints', '/endpoints', 'Endpoints')}</nav>
</header>
<main>
${notice ? html`<p class="notice${notice.bad ? ' bad' : ''}" role="status">${notice.text}</p>` : ''}
${page.body}
</main>
</body>
</html>`;
}

/** The page for a refusal or a missing thing. */
export function messagePage(status: number, title: string, message: string): Page {
  return { status, title, section: undefined, body: html`<h1>${title}</h1><div class="panel confirm"><p>${message}</p></div>` };
}
