import { describe, expect, it } from 'vitest';
import { defineWebhooks } from './config/define-webhooks.js';
import type { WebhookEndpointOptions } from './config/webhook-endpoint.js';
import { createEvent } from './event.js';
import { matchEndpoints, modelIsWatched, watchesAnyModel } from './match.js';
import { parseModelId } from './model-id.js';

const base = { url: 'https://example.com/hooks', secret: 's3cret-value' };
const order = (event: string) => createEvent({ event, model: 'store.Order', object: { id: 1, total: 5 } });
const customer = (event: string) => createEvent({ event, model: 'crm.Customer', object: { id: 2 } });

function names(endpoints: Partial<WebhookEndpointOptions>[], event: ReturnType<typeof order>, enabled = true): string[] {
  const config = defineWebhooks({
    enabled,
    endpoints: endpoints.map((e, i) => ({ ...base, name: `e${i}`, ...e })),
  });
  return matchEndpoints(config, event).map((e) => e.name);
}

describe('matchEndpoints', () => {
  it('matches every event when no filter is set', () => {
    expect(names([{}], order('order.paid'))).toEqual(['e0']);
  });

  it('matches action names against any model', () => {
    const endpoints = [{ events: ['created'], includeModels: '*' as const }, { events: ['updated', 'deleted'], includeModels: ['*'] }];
    expect(names(endpoints, order('order.created'))).toEqual(['e0']);
    expect(names(endpoints, customer('customer.deleted'))).toEqual(['e1']);
    expect(names(endpoints, order('order.paid'))).toEqual([]);
  });

  it('matches full names and wildcards', () => {
    const endpoints = [{ events: ['order.paid'] }, { events: ['order.*'] }, { events: ['*.created'] }, { events: ['*'] }].map((e) => ({
      ...e,
      includeModels: '*' as const,
    }));
    expect(names(endpoints, order('order.paid'))).toEqual(['e0', 'e1', 'e3']);
    expect(names(endpoints, order('order.created'))).toEqual(['e1', 'e2', 'e3']);
    expect(names(endpoints, order('order.item.added'))).toEqual(['e1', 'e3']);
    expect(names(endpoints, customer('customer.created'))).toEqual(['e2', 'e3']);
  });

  it('applies includeModels and excludeModels, with app wildcards', () => {
    const endpoints = [
      { includeModels: ['store.Order'] },
      { includeModels: ['store.*'], excludeModels: ['store.Order'] },
      { includeModels: '*' as const, excludeModels: ['crm.*'] },
    ];
    expect(names(endpoints, order('order.created'))).toEqual(['e0', 'e2']);
    expect(names(endpoints, customer('customer.created'))).toEqual([]);
  });

  it('sends a model’s automatic events only to endpoints that name the model', () => {
    const endpoints = [{}, { includeModels: ['store.Order'] }, { includeModels: ['store.*'] }, { includeModels: '*' as const }, { excludeModels: ['crm.*'] }];
    for (const action of ['created', 'updated', 'deleted']) {
      expect(names(endpoints, order(`order.${action}`))).toEqual(['e1', 'e2', 'e3']);
      expect(names(endpoints, customer(`customer.${action}`))).toEqual(['e3']);
    }
  });

  it('sends custom events to endpoints without includeModels, as their events filter allows', () => {
    const endpoints = [{}, { events: ['order.paid'] }, { events: ['order.shipped'] }, { includeModels: ['crm.*'] }, { excludeModels: ['store.*'] }];
    expect(names(endpoints, order('order.paid'))).toEqual(['e0', 'e1']);
    // A custom event whose name merely looks automatic for another model is not one.
    expect(names(endpoints, customer('order.created'))).toEqual(['e0', 'e3', 'e4']);
  });

  it('asks the predicate last', () => {
    const endpoints = [{ filter: (e: { object: Record<string, unknown> }) => Number(e.object.total) > 10 }, {}];
    expect(names(endpoints, order('order.paid'))).toEqual(['e1']);
  });

  it('skips disabled endpoints and everything when webhooks are disabled', () => {
    expect(names([{ enabled: false }, {}], order('order.paid'))).toEqual(['e1']);
    expect(names([{}], order('order.paid'), false)).toEqual([]);
  });
});

describe('modelIsWatched', () => {
  it('is true only for models some enabled endpoint can receive', () => {
    const config = defineWebhooks({
      endpoints: [
        { ...base, name: 'a', includeModels: ['store.Order'] },
        { ...base, name: 'b', includeModels: ['crm.*'], enabled: false },
      ],
    });
    expect(modelIsWatched(config, parseModelId('store.Order'))).toBe(true);
    expect(modelIsWatched(config, parseModelId('crm.Customer'))).toBe(false);
    expect(modelIsWatched(config, parseModelId('store.Refund'))).toBe(false);
  });

  it('is false for a model no endpoint names, whatever its events filter', () => {
    const config = defineWebhooks({ endpoints: [{ ...base, name: 'a', events: ['order.*', 'customer.created'] }] });
    expect(modelIsWatched(config, parseModelId('store.Order'))).toBe(false);
    expect(modelIsWatched(config, parseModelId('crm.Customer'))).toBe(false);
  });

  it('is false when no endpoint takes any automatic event of the model', () => {
    const config = defineWebhooks({ endpoints: [{ ...base, name: 'a', events: ['order.*', 'customer.paid'], includeModels: '*' }] });
    expect(modelIsWatched(config, parseModelId('store.Order'))).toBe(true);
    expect(modelIsWatched(config, parseModelId('crm.Customer'))).toBe(false);
    expect(modelIsWatched(config, parseModelId('log.AuditEntry'))).toBe(false);
  });
});

describe('watchesAnyModel', () => {
  it('is true once an enabled endpoint names models', () => {
    expect(watchesAnyModel(defineWebhooks({ endpoints: [{ ...base, name: 'a', events: ['order.paid'] }] }))).toBe(false);
    expect(watchesAnyModel(defineWebhooks({ endpoints: [{ ...base, name: 'a', includeModels: ['store.Order'], enabled: false }] }))).toBe(false);
    expect(watchesAnyModel(defineWebhooks({ endpoints: [{ ...base, name: 'a', includeModels: '*' }] }))).toBe(true);
  });
});
