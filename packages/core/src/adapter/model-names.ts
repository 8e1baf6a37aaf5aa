import type { WebhookConfig } from '../config/webhook-config.js';
import { modelIsWatched } from '../match.js';
import { parseModelId, type ModelRef } from '../model-id.js';

/** How an ORM's models are named on the wire; the same options in every ORM adapter. */
export interface ModelNameOptions {
  /** The `app` part of every model id: the model `Order` becomes `store.Order`. Default `'app'`. */
  appLabel?: string;
  /** Per-model ids by the ORM's model (or entity class) name, never its table: `{ Order: 'store.Order' }`. */
  models?: Readonly<Record<string, string>>;
}

/**
 * Names an ORM's models for the wire and says which of them some endpoint watches, once per
 * model (the configuration is frozen, so neither answer changes). Both ORM adapters use it.
 *
 * @example
 * const names = new ModelNames(webhooks.config, { appLabel: 'store' }, (name) => name.startsWith('Webhook'));
 * names.model('Order'); // { app: 'store', name: 'Order', … }
 * names.watched('Order'); // the same ref if an endpoint's includeModels names it, else undefined
 */
export class ModelNames {
  private readonly appLabel: string;
  private readonly overrides = new Map<string, ModelRef>();
  private readonly cache = new Map<string, { model: ModelRef; watched: boolean }>();

  /** `isOwnTable` names the adapter's own models (the webhook tables), which are never watched. */
  constructor(
    private readonly config: WebhookConfig,
    options: ModelNameOptions = {},
    private readonly isOwnTable: (name: string) => boolean = () => false,
  ) {
    this.appLabel = options.appLabel ?? 'app';
    parseModelId(`${this.appLabel}.Model`); // fails fast on a bad label
    for (const [name, id] of Object.entries(options.models ?? {})) this.overrides.set(name, parseModelId(id));
  }

  /** `app.Order` for the model `Order`, unless `models` names it otherwise. */
  model(name: string): ModelRef {
    return this.entry(name).model;
  }

  /** The model's ref when some endpoint could receive its events; `undefined` otherwise. */
  watched(name: string): ModelRef | undefined {
    const entry = this.entry(name);
    return entry.watched ? entry.model : undefined;
  }

  private entry(name: string) {
    let entry = this.cache.get(name);
    if (!entry) {
      const model = this.overrides.get(name) ?? parseModelId(`${this.appLabel}.${name}`);
      entry = { model, watched: !this.isOwnTable(name) && modelIsWatched(this.config, model) };
      this.cache.set(name, entry);
    }
    return entry;
  }
}
