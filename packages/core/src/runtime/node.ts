// What `#runtime` resolves to under the `node` condition: node:crypto HMAC and an
// AsyncLocalStorage acting-user context. Nothing here runs at import but the two constants.
import type { HmacProvider } from '../crypto/hmac-provider.js';
import type { UserContext } from '../engine/user-context.js';
import { asyncUserContext } from '../adapter/node/async-user-context.js';
import { nodeHmac } from '../adapter/node/node-hmac.js';

export const defaultHmac: HmacProvider = nodeHmac;
export const defaultUserContext: UserContext | undefined = asyncUserContext;
