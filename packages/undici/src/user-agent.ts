// Replaced with the package.json version by the build (tsup `define`) and the test config.
declare const __WEBHOOKS_UNDICI_VERSION__: string | undefined;

/** This package's version, as built. */
export const VERSION: string =
  typeof __WEBHOOKS_UNDICI_VERSION__ === 'string' ? __WEBHOOKS_UNDICI_VERSION__ : '0.0.0-dev';

/**
 * The `User-Agent` sent when a request carries none, so receivers can tell
 * webhook traffic (and its version) apart in their logs.
 *
 * @example
 * createUndiciSender({ userAgent: `${DEFAULT_USER_AGENT} acme-shop/2.1` })
 */
export const DEFAULT_USER_AGENT = `webhooks/${VERSION} (+@webhooks/undici)`;
