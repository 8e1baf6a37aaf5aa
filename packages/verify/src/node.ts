// `@webhooks/verify/node`: what needs Node's own request type. The main entry stays runtime-agnostic.
export { checkNodeRequest, verifyNodeRequest } from './adapter/node/verify-node-request.js';
export type { NodeWebhookRequest } from './adapter/node/read-node-body.js';
