// The `node` export condition resolves here: same API, with node:crypto HMAC and an
// AsyncLocalStorage acting-user context as the defaults.
import { asyncUserContext } from './adapter/node/async-user-context.js';
import { nodeHmac } from './adapter/node/node-hmac.js';
import { setDefaultHmac } from './crypto/hmac-provider.js';
import { setUserContext } from './engine/user-context.js';

setDefaultHmac(nodeHmac);
setUserContext(asyncUserContext);

export * from './index.js';
export { nodeHmac };
