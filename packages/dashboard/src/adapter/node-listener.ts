import type { ServerResponse } from 'node:http';
import { createDashboard } from '../dashboard.js';
import { resolveDashboardOptions, type DashboardOptions } from '../dashboard-options.js';
import { sendWebResponse, toWebRequest, type NodeRequestLike } from './node-request.js';

/** Options of the node:http listener: `authorize` sees the `IncomingMessage`. */
export interface DashboardListenerOptions extends DashboardOptions<NodeRequestLike> {
  /** The path the dashboard answers under (`/admin/webhooks`). Default: the root. */
  basePath?: string;
  /** Where an error from the delivery log goes after the 500 is sent. Default: `console.error`. */
  onError?: (error: unknown) => void;
}

/**
 * The dashboard as a `node:http` request listener: a server of its own, or a branch of yours.
 *
 * @example
 * createServer(createDashboardListener({ webhooks, authorize: (req) => req.headers.authorization === `Bearer ${token}` })).listen(4000);
 */
export function createDashboardListener(options: DashboardListenerOptions): (req: NodeRequestLike, res: ServerResponse) => void {
  const dashboard = createDashboard(resolveDashboardOptions(options, 'createDashboardListener'));
  const basePath = options.basePath ?? '';
  const onError = options.onError ?? ((error: unknown) => console.error('[webhooks dashboard]', error));
  return (req, res) => {
    toWebRequest(req)
      .then((request) => dashboard(request, { basePath, authorize: () => options.authorize(req) }))
      .then((response) => sendWebResponse(res, response))
      .catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Internal Server Error');
        onError(error);
      });
  };
}
