// Replaced with the package.json version by the build (tsup `define`).
declare const __WEBHOOKS_CLI_VERSION__: string | undefined;

/** This package's version, as built. */
export const VERSION: string = typeof __WEBHOOKS_CLI_VERSION__ === 'string' ? __WEBHOOKS_CLI_VERSION__ : '0.0.0-dev';
