import type { EntityMetadata } from '@mikro-orm/core';
import { modelIsWatched, parseModelId, type ModelRef, type WebhookConfig } from '@webhooks/core';
import { WEBHOOK_ENTITY_NAMES } from './entities.js';

/** How entities are named on the wire. */
export interface ModelNameOptions {
  /** The `app` part of every model id. Default `'app'`. */
  appLabel?: string;
  /** Per-entity ids by class name: `{ Order: 'store.Order' }`. */
  models?: Readonly<Record<string, string>>;
}

/** Resolves and caches each entity's model id and whether an endpoint watches it. */
export class ModelNames {
  private readonly appLabel: string;
  private readonly overrides = new Map<string, ModelRef>();
  private readonly cache = new Map<string, { model: ModelRef; watched: boolean }>();

  constructor(private readonly config: WebhookConfig, options: ModelNameOptions = {}) {
    this.appLabel = options.appLabel ?? 'app';
    parseModelId(`${this.appLabel}.Model`); // fails fast on a bad label
    for (const [name, id] of Object.entries(options.models ?? {})) this.overrides.set(name, parseModelId(id));
  }

  /** `app.Order` for the entity class `Order`, unless `models` names it otherwise. */
  model(meta: EntityMetadata): ModelRef {
    return this.entry(meta).model;
  }

  /** True when some endpoint could receive this entity's events; never for the adapter's own tables. */
  watched(meta: EntityMetadata): boolean {
    return this.entry(meta).watched;
  }

  private entry(meta: EntityMetadata) {
    const name = meta.className;
    let entry = this.cache.get(name);
    if (!entry) {
      const model = this.overrides.get(name) ?? parseModelId(`${this.appLabel}.${name}`);
      entry = { model, watched: !WEBHOOK_ENTITY_NAMES.has(name) && modelIsWatched(this.config, model) };
      this.cache.set(name, entry);
    }
    return entry;
  }
}
