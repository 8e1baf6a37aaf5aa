import { describe, expect, it } from 'vitest';
import { createEvent, modelEventName } from './event.js';

describe('createEvent', () => {
  it('builds the wire envelope with string ids', () => {
    const event = createEvent({
      event: 'order.paid',
      model: 'store.Order',
      object: { id: 42, total: '150.00', status: 'PAID', paidAt: new Date('2026-01-24T10:00:00Z') },
      changes: { status: { old: 'PENDING', new: 'PAID' } },
      user: { id: 1, username: 'admin' },
      timestamp: new Date('2026-01-24T10:00:00.123Z'),
    });
    expect(event).toEqual({
      id: expect.stringMatching(/^evt_/),
      event: 'order.paid',
      timestamp: '2026-01-24T10:00:00Z',
      model: { app: 'store', name: 'Order' },
      object: { id: '42', total: '150.00', status: 'PAID', paidAt: '2026-01-24T10:00:00.000Z' },
      changes: { status: { old: 'PENDING', new: 'PAID' } },
      user: { id: '1', username: 'admin' },
    });
  });

  it('defaults changes to {} and user to null', () => {
    const event = createEvent({ event: 'order.created', model: { app: 'store', name: 'Order' }, object: { id: 1n } });
    expect(event.changes).toEqual({});
    expect(event.user).toBeNull();
    expect(event.object.id).toBe('1');
  });

  it('rejects bad names, models, objects and changes with clear messages', () => {
    expect(() => createEvent({ event: 'paid', model: 'store.Order', object: {} })).toThrow('event must be a dotted name');
    expect(() => createEvent({ event: 'order.paid', model: 'Order', object: {} })).toThrow('must be "app.Model"');
    expect(() => createEvent({ event: 'order.paid', model: 'store.Order', object: [1] })).toThrow('object must serialise');
    expect(() =>
      createEvent({ event: 'order.paid', model: 'store.Order', object: {}, changes: { status: 'PAID' as never } }),
    ).toThrow('changes.status must be { old, new }');
    expect(() => createEvent({ event: 'order.paid', model: 'store.Order', object: {}, user: { name: 'x' } as never })).toThrow(
      'user must be an object with an id',
    );
  });
});

describe('modelEventName', () => {
  it('snake-cases the model name before the action', () => {
    expect(modelEventName('store.Order', 'created')).toBe('order.created');
    expect(modelEventName('store.OrderItem', 'deleted')).toBe('order_item.deleted');
    expect(modelEventName('auth.HTTPSession', 'updated')).toBe('http_session.updated');
  });
});
