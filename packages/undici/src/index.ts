export { createUndiciSender, type UndiciSender } from './create-undici-sender.js';
export type { UndiciSenderOptions } from './undici-sender-options.js';
export { classifyAddress, type AddressClass, type AddressRange } from '@webhooks/core';
export { DEFAULT_USER_AGENT, VERSION } from './user-agent.js';
