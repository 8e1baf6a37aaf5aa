// `@webhooks/core/node`: Node implementations of core's runtime ports, to pass explicitly
// (`hmac: nodeHmac` on any runtime with node:crypto; `compression` for the SQL stores).
export { nodeHmac } from './adapter/node/node-hmac.js';
export { deflateCompression } from './adapter/node/deflate-compression.js';
