import { WebhookError, type Webhooks } from '@webhooks/core';

/** What the dashboard uses of a webhooks instance (`createWebhooks()` returns all of it). */
export type DashboardWebhooks = Pick<Webhooks, 'config' | 'deliveryLog' | 'replay' | 'listEndpoints' | 'disableEndpoint' | 'enableEndpoint'>;

/**
 * `true` lets the request in; `false` refuses it with 403; a `Response` is sent as it is (a 401
 * with a `WWW-Authenticate` challenge, a redirect to your sign-in page).
 */
export type AuthorizeResult = boolean | Response;

/** The options every adapter takes; only the type of the request `authorize` sees differs. */
export interface DashboardOptions<Req> {
  /** The instance whose delivery log and endpoints the page shows and acts on. */
  webhooks: DashboardWebhooks;
  /**
   * Required: who may see the page and press its buttons (replay resends data). Called on
   * every request, before anything is read.
   */
  authorize: (request: Req) => AuthorizeResult | Promise<AuthorizeResult>;
  /**
   * Key of the forms' CSRF tokens. Default: random per handler, so a form only works against the
   * process that rendered it; set one shared value when several processes serve the page.
   */
  csrfSecret?: string;
  /** Origins besides the request's own that may post the forms (a proxy that rewrites `Host`), e.g. `https://admin.example.com`. */
  trustedOrigins?: readonly string[];
  /** Shown in the header and the tab. Default `Webhooks`. */
  title?: string;
  /** Deliveries per page. Default 50. */
  pageSize?: number;
  /** Most dead deliveries one "replay all dead" press sends again; press again for the rest. Default 500. */
  replayBatch?: number;
}

/** The options with defaults applied. */
export interface DashboardSettings {
  webhooks: DashboardWebhooks;
  csrfSecret: string | undefined;
  trustedOrigins: readonly string[];
  title: string;
  pageSize: number;
  replayBatch: number;
}

/** Checks the options at start-up: a mistake here fails the app's boot, not a request. */
export function resolveDashboardOptions<Req>(options: DashboardOptions<Req>, factory: string): DashboardSettings {
  const fail = (message: string) => {
    throw new WebhookError('invalid_argument', `${factory}: ${message}`);
  };
  if (typeof options?.authorize !== 'function') {
    fail('authorize(request) is required: the page shows payloads and can resend them, so it never runs open. Return true for who may use it');
  }
  const { webhooks } = options;
  if (!webhooks?.deliveryLog || !webhooks.config || typeof webhooks.replay !== 'function') {
    fail('webhooks must be the instance createWebhooks() returned');
  }
  const count = (value: number | undefined, fallback: number, max: number, name: string) => {
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1 || value > max) fail(`${name} must be a whole number from 1 to ${max}, got ${value}`);
    return value;
  };
  if (options.csrfSecret !== undefined && (typeof options.csrfSecret !== 'string' || options.csrfSecret.length < 16)) {
    fail('csrfSecret must be a string of at least 16 characters');
  }
  return {
    webhooks,
    csrfSecret: options.csrfSecret,
    trustedOrigins: options.trustedOrigins ?? [],
    title: options.title ?? 'Webhooks',
    pageSize: count(options.pageSize, 50, 500, 'pageSize'),
    replayBatch: count(options.replayBatch, 500, 10_000, 'replayBatch'),
  };
}
