import { replayDead, replayDelivery, setEndpointState, type ActionResult } from './actions.js';
import { createCsrfTokens, fromThisOrigin } from './csrf.js';
import type { AuthorizeResult, DashboardSettings } from './dashboard-options.js';
import { createOneAtATime } from './one-at-a-time.js';
import { readCapped } from './read-capped.js';
import type { PageContext } from './page-context.js';
import { deliveriesPage } from './pages/deliveries-page.js';
import { deliveryPage } from './pages/delivery-page.js';
import { endpointsPage } from './pages/endpoints-page.js';
import { layout, messagePage, type Page } from './pages/layout.js';
import { replayDeadPage } from './pages/replay-dead-page.js';
import { htmlResponse, redirect, withoutBody } from './responses.js';

/** How one request reaches the dashboard: where it is mounted, and the adapter's call of `authorize`. */
export interface Mount {
  /** The path the dashboard is mounted at (`/admin/webhooks`); the request's URL holds the full path. */
  basePath: string;
  authorize(): AuthorizeResult | Promise<AuthorizeResult>;
}

type Route =
  | { method: 'GET'; page: (context: PageContext, param: string) => Promise<Page> }
  | { method: 'POST'; action: (context: PageContext, param: string, form: URLSearchParams) => Promise<ActionResult> };

// Paths after the mount point; `([^/]+)` is one encoded id or endpoint name.
const ROUTES: [RegExp, Route][] = [
  [/^\/$/, { method: 'GET', page: deliveriesPage }],
  [/^\/deliveries\/([^/]+)$/, { method: 'GET', page: deliveryPage }],
  [/^\/deliveries\/([^/]+)\/replay$/, { method: 'POST', action: replayDelivery }],
  [/^\/endpoints$/, { method: 'GET', page: endpointsPage }],
  [/^\/endpoints\/([^/]+)\/disable$/, { method: 'POST', action: (c, name, form) => setEndpointState(c, name, false, form) }],
  [/^\/endpoints\/([^/]+)\/enable$/, { method: 'POST', action: (c, name, form) => setEndpointState(c, name, true, form) }],
  [/^\/endpoints\/([^/]+)\/replay-dead$/, { method: 'GET', page: replayDeadPage }],
  [/^\/endpoints\/([^/]+)\/replay-dead$/, { method: 'POST', action: replayDead }],
];

const FORM_MAX_BYTES = 16 * 1024;

/** The dashboard over Web `Request` and `Response`; the adapters add only how they mount and authorize. */
export function createDashboard(settings: DashboardSettings): (request: Request, mount: Mount) => Promise<Response> {
  const csrf = createCsrfTokens(settings.csrfSecret);
  const oneAtATime = createOneAtATime();

  return async (request, mount) => {
    const url = new URL(request.url);
    const base = mount.basePath.replace(/\/+$/, '');
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return new Response('Not Found', { status: 404 });
    const path = url.pathname.slice(base.length) || '/';
    const context: PageContext = { settings, request, url, base, token: '', now: Date.now(), oneAtATime };
    const show = async (page: Page, headers: Record<string, string> = {}) => {
      const response = await htmlResponse(page.status ?? 200, layout(context, page), headers);
      return request.method === 'HEAD' ? withoutBody(response) : response;
    };

    const verdict = await mount.authorize();
    if (verdict instanceof Response) return verdict;
    if (verdict !== true) {
      return show(messagePage(403, 'Not allowed', 'You are not allowed to see the webhook deliveries. Sign in with an account that may, then open this page again.'));
    }

    const matches = ROUTES.flatMap(([pattern, route]) => {
      const match = pattern.exec(path);
      return match ? [{ route, encoded: match[1] ?? '' }] : [];
    });
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const found = matches.find((m) => m.route.method === method);
    if (!found) {
      if (matches.length === 0) return show(messagePage(404, 'Not found', 'There is no such page here.'));
      const allow = matches.map((m) => (m.route.method === 'GET' ? 'GET, HEAD' : m.route.method));
      return show(messagePage(405, 'Method not allowed', 'This address does not take that method.'), { allow: allow.join(', ') });
    }
    const { route } = found;
    let param: string;
    try {
      param = decodeURIComponent(found.encoded);
    } catch {
      return show(messagePage(404, 'Not found', 'There is no such page here.'));
    }

    if (route.method === 'GET') {
      const issued = await csrf.issue(request, base || '/');
      context.token = issued.token;
      return show(await route.page(context, param), issued.setCookie ? { 'set-cookie': issued.setCookie } : {});
    }
    const form = await readForm(request);
    if (!fromThisOrigin(request, settings.trustedOrigins) || !(await csrf.check(request, form?.get('_csrf') ?? null))) {
      return show(
        messagePage(403, 'Form refused', 'This form came from another site, or its security token expired. Open the page again and repeat what you did.'),
      );
    }
    const result = await route.action(context, param, form!);
    return 'location' in result ? redirect(result.location) : show(result);
  };
}

/** The posted form, or undefined when the body is not one (or too large to be one of ours). */
async function readForm(request: Request): Promise<URLSearchParams | undefined> {
  if (!request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded') || !request.body) return undefined;
  // Web streams are async iterable on every runtime the package supports; TypeScript's DOM types lag.
  const bytes = await readCapped(request.body as unknown as AsyncIterable<Uint8Array>, FORM_MAX_BYTES);
  return bytes && new URLSearchParams(new TextDecoder().decode(bytes));
}
