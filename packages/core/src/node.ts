// `@webhooks/core/node`: the Node implementations of core's runtime ports, for explicit wiring.
export { nodeHmac } from './adapter/node/node-hmac.js';
export { asyncUserContext } from './adapter/node/async-user-context.js';
export { deflateCompression } from './adapter/node/deflate-compression.js';
