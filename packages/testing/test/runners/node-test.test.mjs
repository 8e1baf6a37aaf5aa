// Run by runners.test.ts with `node --test`, against the built package, as a node:test user would.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createFetchSender, createWebhooks } from '@webhooks/core';
import { verifyRequest } from '@webhooks/verify';
import { createTestReceiver, signedRequest } from '@webhooks/testing';

test('a sender test: the webhook arrives, verified', async () => {
  const receiver = await createTestReceiver({ secret: 'test-secret' });
  const endpoints = [{ name: 'crm', url: receiver.url, secret: 'test-secret' }];
  const webhooks = createWebhooks({ allowPrivateNetwork: true, asyncDelivery: false, endpoints }, { sender: createFetchSender() });
  await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 42 } });
  const event = await receiver.expectWebhook('order.paid', { where: { object: { id: '42' } } });
  assert.equal(event.model.name, 'Order');
  await receiver.close();
});

test('a receiver test: a signed Request verifies', async () => {
  const request = await signedRequest({ event: 'order.paid', model: 'store.Order', object: { id: 1 } }, { secret: 's' });
  const { event } = await verifyRequest(request, { secret: 's' });
  assert.equal(event.event, 'order.paid');
});
