import type { EntityMetadata } from '@mikro-orm/core';
import type { ModelRef, WebhookConfig } from '@webhooks/core';
import { ModelNames, type ModelNameOptions } from '@webhooks/core/adapter';
import { WEBHOOK_ENTITY_NAMES } from './entities.js';

export type { ModelNameOptions };

/** Core's model naming, keyed by entity class; the adapter's own entities are never watched. */
export class EntityNames {
  private readonly names: ModelNames;

  constructor(config: WebhookConfig, options: ModelNameOptions = {}) {
    this.names = new ModelNames(config, options, (name) => WEBHOOK_ENTITY_NAMES.has(name));
  }

  /** `app.Order` for the entity class `Order`, unless `models` names it otherwise. */
  model(meta: EntityMetadata): ModelRef {
    return this.names.model(meta.className);
  }

  /** True when some endpoint could receive this entity's events. */
  watched(meta: EntityMetadata): boolean {
    return this.names.watched(meta.className) !== undefined;
  }
}
