import { describe, expect, it } from 'vitest';
import { defineWebhooks } from './config/define-webhooks.js';
import type { WebhookEndpointOptions } from './config/webhook-endpoint.js';
import { createEvent } from './event.js';
import { matchEndpoints, modelIsWatched } from './match.js';
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
    const endpoints = [{ events: ['created'] }, { events: ['updated', 'deleted'] }];
    expect(names(endpoints, order('order.created'))).toEqual(['e0']);
    expect(names(endpoints, customer('customer.deleted'))).toEqual(['e1']);
    expect(names(endpoints, order('order.paid'))).toEqual([]);
  });

  it('matches full names and wildcards', () => {
    const endpoints = [{ events: ['order.paid'] }, { events: ['order.*'] }, { events: ['*.created'] }, { events: ['*'] }];
    expect(names(endpoints, order('order.paid'))).toEqual(['e0', 'e1', 'e3']);
    expect(names(endpoints, order('order.created'))).toEqual(['e1', 'e2', 'e3']);
    expect(names(endpoints, order('order.item.added'))).toEqual(['e1', 'e3']);
    expect(names(endpoints, customer('customer.created'))).toEqual(['e2', 'e3']);
  });

  it('applies includeModels and excludeModels, with app wildcards', () => {
    const endpoints = [
      { includeModels: ['store.Order'] },
      { includeModels: ['store.*'], excludeModels: ['store.Order'] },
      { excludeModels: ['crm.*'] },
    ];
    expect(names(endpoints, order('order.created'))).toEqual(['e0', 'e2']);
    expect(names(endpoints, customer('customer.created'))).toEqual([]);
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

  it('is false when no endpoint takes any automatic event of the model', () => {
    const config = defineWebhooks({ endpoints: [{ ...base, name: 'a', events: ['order.*', 'customer.paid'] }] });
    expect(modelIsWatched(config, parseModelId('store.Order'))).toBe(true);
    expect(modelIsWatched(config, parseModelId('crm.Customer'))).toBe(false);
    expect(modelIsWatched(config, parseModelId('log.AuditEntry'))).toBe(false);
  });
});
