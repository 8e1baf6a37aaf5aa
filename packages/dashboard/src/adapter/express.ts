import type { ServerResponse } from 'node:http';
import { createDashboard } from '../dashboard.js';
import { resolveDashboardOptions, type DashboardOptions } from '../dashboard-options.js';
import { sendWebResponse, toWebRequest, type NodeRequestLike } from './node-request.js';

/** Options of the Express middleware: `authorize` sees the Express request (with your `req.user`, `req.session`). */
export type ExpressDashboardOptions<Req extends NodeRequestLike = NodeRequestLike> = DashboardOptions<Req>;

/**
 * The dashboard as Express middleware (Express 4 and 5): mount it under a path of your app.
 * Errors from the delivery log go to `next(err)`, to your error handler.
 *
 * @example
 * app.use('/admin/webhooks', webhooksDashboard({ webhooks, authorize: (req) => req.user?.role === 'admin' }));
 */
export function webhooksDashboard<Req extends NodeRequestLike = NodeRequestLike>(
  options: ExpressDashboardOptions<Req>,
): (req: Req, res: ServerResponse, next: (error?: unknown) => void) => void {
  const dashboard = createDashboard(resolveDashboardOptions(options, 'webhooksDashboard'));
  return (req, res, next) => {
    toWebRequest(req)
      .then((request) => dashboard(request, { basePath: req.baseUrl ?? '', authorize: () => options.authorize(req) }))
      .then((response) => sendWebResponse(res, response))
      .catch(next);
  };
}
