import type { WebhookEvent } from '../event.js';
import { checkEndpoint } from './check-endpoint.js';
import type { IncludeFields, RedactFields } from './fields.js';
import type { PreviousSecret, PreviousSecretOptions } from './previous-secrets.js';
import { IssueList } from './issues.js';
import type { EnvSource, SecretInput } from './secret.js';

/** How requests to an endpoint are signed. */
export type SignatureScheme = 'hmac-sha256' | 'standard-webhooks';

/** Options of one endpoint; `new WebhookEndpoint(options)` and `defineWebhooks({ endpoints: [options] })` take the same. */
export interface WebhookEndpointOptions {
  /** Unique name, used in logs and delivery records. */
  name: string;
  /** Absolute http(s) URL that receives POST requests. */
  url: string;
  /** Signing secret, or `fromEnv('NAME')`. For `standard-webhooks` a `whsec_` base64 key. */
  secret: SecretInput;
  /**
   * Secrets being rotated out. Until its `expiresAt`, each also signs every attempt, so a
   * receiver that still holds only an old secret keeps verifying while it switches.
   */
  previousSecrets?: readonly PreviousSecretOptions[];
  /** Event names to send: `created`, `order.paid`, `order.*`, `*`. Default: every event. */
  events?: readonly string[];
  /**
   * The models whose automatic events (`created`, `updated`, `deleted`) this endpoint gets:
   * `"store.Order"`, `"store.*"` for an app, `'*'` (or `['*']`) for every model. Without it,
   * no automatic event at all (opt-in), while custom events (`order.paid`) still come as
   * `events` allows. When given, it narrows custom events by model too.
   */
  includeModels?: readonly string[] | '*';
  /** Never these models; wins over `includeModels`. */
  excludeModels?: readonly string[];
  /** Only these fields of `object` and `changes`. */
  includeFields?: IncludeFields;
  /** Fields whose values are replaced in `object` and `changes`. */
  redactFields?: RedactFields;
  /** Extra condition on the event; return false to skip this endpoint. */
  filter?: (event: WebhookEvent) => boolean;
  /** Signature scheme. Default `hmac-sha256` (X-Webhook-* headers). */
  signatureScheme?: SignatureScheme;
  /** Total time allowed for one attempt, in ms. Default: the config's `timeoutMs`. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default: the config's `maxRetries`. */
  maxRetries?: number;
  /** Allow loopback, private and link-local targets. Default: the config's `allowPrivateNetwork`. */
  allowPrivateNetwork?: boolean;
  /** Most attempts in flight to this endpoint at once. Default: no limit beyond the transport's. */
  maxConcurrency?: number;
  /** Static extra request headers (e.g. an API key the receiver wants). */
  headers?: Readonly<Record<string, string>>;
  /** Set false to keep the endpoint configured but send it nothing. Default true. */
  enabled?: boolean;
}

/**
 * A validated endpoint. The secret is kept out of `JSON.stringify` and `console.log`.
 *
 * @example
 * const crm = new WebhookEndpoint({ name: 'crm', url: 'https://crm.example.com/hooks', secret: fromEnv('CRM_SECRET') });
 */
export class WebhookEndpoint {
  readonly name!: string;
  readonly url!: string;
  readonly events!: readonly string[];
  readonly includeModels?: readonly string[];
  readonly excludeModels?: readonly string[];
  readonly includeFields?: IncludeFields;
  readonly redactFields?: RedactFields;
  readonly filter?: (event: WebhookEvent) => boolean;
  readonly signatureScheme!: SignatureScheme;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  readonly allowPrivateNetwork?: boolean;
  readonly maxConcurrency?: number;
  readonly headers!: Readonly<Record<string, string>>;
  readonly enabled!: boolean;
  readonly #secret: string;
  readonly #previousSecrets: readonly PreviousSecret[];
  /** What every attempt is signed with outside a rotation: shared, so signing allocates nothing. */
  readonly #currentOnly: readonly string[];

  constructor(options: WebhookEndpointOptions, context: { env?: EnvSource } = {}) {
    const issues = new IssueList();
    const secrets = checkEndpoint(issues, '', options, context.env);
    issues.throwIfAny();
    this.#secret = secrets!.secret;
    this.#previousSecrets = secrets!.previousSecrets;
    this.#currentOnly = Object.freeze([this.#secret]);
    const { secret: _secret, previousSecrets: _previous, ...rest } = options;
    Object.assign(this, {
      ...rest,
      events: [...(options.events ?? ['*'])],
      ...(options.includeModels === '*' ? { includeModels: ['*'] } : {}),
      signatureScheme: options.signatureScheme ?? 'hmac-sha256',
      headers: { ...options.headers },
      enabled: options.enabled ?? true,
    });
    Object.freeze(this);
  }

  /** The signing secret (never enumerable, never logged). */
  get secret(): string {
    return this.#secret;
  }

  /**
   * The secrets an attempt made at `now` (epoch ms) is signed with: the current one first,
   * then each previous one whose `expiresAt` is still ahead.
   *
   * @example
   * endpoint.signingSecrets(Date.now()) // ['new-secret', 'old-secret'] during a rotation
   */
  signingSecrets(now: number): readonly string[] {
    if (this.#previousSecrets.length === 0) return this.#currentOnly;
    const previous = this.#previousSecrets.filter((p) => p.expiresAt > now).map((p) => p.secret);
    return previous.length === 0 ? this.#currentOnly : [this.#secret, ...previous];
  }

  toJSON(): object {
    const previousSecrets = this.#previousSecrets.map((p) => ({ secret: '[hidden]', expiresAt: new Date(p.expiresAt).toISOString() }));
    return { ...this, secret: '[hidden]', ...(previousSecrets.length ? { previousSecrets } : {}) };
  }
}
