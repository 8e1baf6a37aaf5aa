import { describe, expect, it } from 'vitest';
import { WebhookEndpoint, type WebhookEndpointOptions } from './config/webhook-endpoint.js';
import { createEvent } from './event.js';
import { projectEvent } from './project.js';

const endpoint = (o: Partial<WebhookEndpointOptions>) =>
  new WebhookEndpoint({ name: 'p', url: 'https://partner.example.com/', secret: 'secret-1234', ...o });

const order = createEvent({
  event: 'order.updated',
  model: 'store.Order',
  object: { id: 42, reference: 'ORD-123', total: '150.00', status: 'PAID', meta: { color: 'red', note: 'gift' } },
  changes: { status: { old: 'PENDING', new: 'PAID' }, meta: { old: { color: 'blue', note: 'x' }, new: { color: 'red', note: 'gift' } } },
});
const customer = createEvent({
  event: 'customer.updated',
  model: 'crm.Customer',
  object: { id: 7, email: 'ann@example.com', name: 'Ann', cards: [{ last4: '4242', token: 't1' }] },
  changes: { email: { old: 'old@example.com', new: 'ann@example.com' } },
});

describe('projectEvent', () => {
  it('returns the event unchanged when the endpoint selects nothing', () => {
    expect(projectEvent(order, endpoint({}))).toBe(order);
  });

  it('keeps only listed fields, in object and changes', () => {
    const out = projectEvent(order, endpoint({ includeFields: ['id', 'total'] }));
    expect(out.object).toEqual({ id: '42', total: '150.00' });
    expect(out.changes).toEqual({});
  });

  it('uses the per-model list, falling back to "*"', () => {
    const e = endpoint({ includeFields: { 'store.Order': ['id', 'reference', 'total'], '*': ['id'] } });
    expect(projectEvent(order, e).object).toEqual({ id: '42', reference: 'ORD-123', total: '150.00' });
    expect(projectEvent(customer, e).object).toEqual({ id: '7' });
  });

  it('leaves models without a list untouched when there is no "*"', () => {
    expect(projectEvent(customer, endpoint({ includeFields: { 'store.Order': ['id'] } }))).toBe(customer);
  });

  it('selects nested paths inside JSON fields, in changes too', () => {
    const out = projectEvent(order, endpoint({ includeFields: ['id', 'meta.color', 'status'] }));
    expect(out.object).toEqual({ id: '42', status: 'PAID', meta: { color: 'red' } });
    expect(out.changes).toEqual({ status: { old: 'PENDING', new: 'PAID' }, meta: { old: { color: 'blue' }, new: { color: 'red' } } });
  });

  it('redacts a field in object and in both sides of its change', () => {
    const out = projectEvent(customer, endpoint({ redactFields: { 'crm.Customer': { email: '***@***.com' } } }));
    expect(out.object.email).toBe('***@***.com');
    expect(out.changes.email).toEqual({ old: '***@***.com', new: '***@***.com' });
    expect(JSON.stringify(out)).not.toContain('example.com');
  });

  it('redacts listed fields with [REDACTED], globally and through arrays', () => {
    const out = projectEvent(customer, endpoint({ redactFields: ['cards.token', 'email'] }));
    expect(out.object.cards).toEqual([{ last4: '4242', token: '[REDACTED]' }]);
    expect(out.object.email).toBe('[REDACTED]');
  });

  it('combines "*" and per-model redactions, the model winning', () => {
    const out = projectEvent(
      customer,
      endpoint({ redactFields: { '*': { email: 'x', name: 'n' }, 'crm.Customer': { email: 'model' } } }),
    );
    expect(out.object).toMatchObject({ email: 'model', name: 'n' });
  });

  it('redacts nested paths in changes', () => {
    const out = projectEvent(order, endpoint({ redactFields: { 'store.Order': ['meta.note'] } }));
    expect(out.object.meta).toEqual({ color: 'red', note: '[REDACTED]' });
    expect(out.changes.meta).toEqual({ old: { color: 'blue', note: '[REDACTED]' }, new: { color: 'red', note: '[REDACTED]' } });
  });

  it('does not add a redacted field the object lacks, and never mutates the input', () => {
    const before = JSON.stringify(order);
    const out = projectEvent(order, endpoint({ redactFields: ['password'], includeFields: ['id', 'meta.color'] }));
    expect(out.object).toEqual({ id: '42', meta: { color: 'red' } });
    expect(JSON.stringify(order)).toBe(before);
  });

  it('applies includeFields before redactFields', () => {
    const out = projectEvent(customer, endpoint({ includeFields: ['id', 'email'], redactFields: ['email'] }));
    expect(out.object).toEqual({ id: '7', email: '[REDACTED]' });
    expect(out.changes).toEqual({ email: { old: '[REDACTED]', new: '[REDACTED]' } });
  });
});
