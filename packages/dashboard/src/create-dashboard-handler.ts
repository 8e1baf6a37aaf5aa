import { createDashboard } from './dashboard.js';
import { resolveDashboardOptions, type DashboardOptions } from './dashboard-options.js';

/** Options of the Web handler: the common ones, `authorize` seeing the Web `Request`, and where it is mounted. */
export interface DashboardHandlerOptions extends DashboardOptions<Request> {
  /** The path the handler serves under, as it appears in request URLs (`/admin/webhooks`). Default: the root. */
  basePath?: string;
}

/**
 * The dashboard as a Web handler, `(Request) => Promise<Response>`, for any runtime or framework
 * that speaks Fetch (Hono, Next.js route handlers, Bun, Deno). Give it requests with their full
 * URL; the paths it answers are under `basePath`.
 *
 * @example
 * const dashboard = createDashboardHandler({ webhooks, basePath: '/admin/webhooks', authorize: (req) => isAdmin(req) });
 * export const GET = dashboard, POST = dashboard; // app/admin/webhooks/[[...path]]/route.ts
 */
export function createDashboardHandler(options: DashboardHandlerOptions): (request: Request) => Promise<Response> {
  const dashboard = createDashboard(resolveDashboardOptions(options, 'createDashboardHandler'));
  const basePath = options.basePath ?? '';
  return (request) => dashboard(request, { basePath, authorize: () => options.authorize(request) });
}
