export { createDashboardHandler, type DashboardHandlerOptions } from './create-dashboard-handler.js';
export { webhooksDashboard, type ExpressDashboardOptions } from './adapter/express.js';
export { createDashboardListener, type DashboardListenerOptions } from './adapter/node-listener.js';
export type { NodeRequestLike } from './adapter/node-request.js';
export type { AuthorizeResult, DashboardOptions, DashboardWebhooks } from './dashboard-options.js';
