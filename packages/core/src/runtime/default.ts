// What `#runtime` resolves to outside Node (browsers, edge runtimes, Deno and Bun without the
// `node` condition): Web Crypto HMAC, and no acting-user context (pass `user` to `dispatch`).
import type { HmacProvider } from '../crypto/hmac-provider.js';
import { webHmac } from '../crypto/web-hmac.js';
import type { UserContext } from '../engine/user-context.js';

export const defaultHmac: HmacProvider = webHmac;
export const defaultUserContext: UserContext | undefined = undefined;
