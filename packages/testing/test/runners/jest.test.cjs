// Run by runners.test.ts with jest, against the package's CommonJS build, as a jest user would.
const { createFetchSender, createWebhooks } = require('@webhooks/core');
const { verifyRequest } = require('@webhooks/verify');
const { createTestReceiver, signedRequest } = require('@webhooks/testing');

test('a sender test: the webhook arrives, verified', async () => {
  const receiver = await createTestReceiver({ secret: 'test-secret' });
  const endpoints = [{ name: 'crm', url: receiver.url, secret: 'test-secret' }];
  const webhooks = createWebhooks({ allowPrivateNetwork: true, asyncDelivery: false, endpoints }, { sender: createFetchSender() });
  await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 42 } });
  const event = await receiver.expectWebhook('order.paid', { where: { object: { id: '42' } } });
  expect(event.model.name).toBe('Order');
  await receiver.close();
});

test('a receiver test: a signed Request verifies', async () => {
  const request = await signedRequest({ event: 'order.paid', model: 'store.Order', object: { id: 1 } }, { secret: 's' });
  const { event } = await verifyRequest(request, { secret: 's' });
  expect(event.event).toBe('order.paid');
});
