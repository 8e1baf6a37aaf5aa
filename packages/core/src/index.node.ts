// The `node` export condition resolves here: same API, with node:crypto HMAC as the default.
import { nodeHmac } from './adapter/node/node-hmac.js';
import { setDefaultHmac } from './crypto/hmac-provider.js';

setDefaultHmac(nodeHmac);

export * from './index.js';
export { nodeHmac };
