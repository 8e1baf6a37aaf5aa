// The two tests each runner fixture runs, given the packages as that fixture loaded them
// (ESM import under node:test, require under jest), so both module formats are exercised.
const assert = require('node:assert/strict');

/** A sender test: a dispatched event arrives at the test receiver, verified. */
async function senderTest({ createTestReceiver, createWebhooks, createFetchSender }) {
  const receiver = await createTestReceiver({ secret: 'test-secret' });
  const endpoints = [{ name: 'crm', url: receiver.url, secret: 'test-secret' }];
  const webhooks = createWebhooks({ allowPrivateNetwork: true, asyncDelivery: false, endpoints }, { sender: createFetchSender() });
  await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: 42 } });
  const event = await receiver.expectWebhook('order.paid', { where: { object: { id: '42' } } });
  assert.equal(event.model.name, 'Order');
  await receiver.close();
}

/** A receiver test: a signed Request verifies. */
async function receiverTest({ signedRequest, verifyRequest }) {
  const request = await signedRequest({ event: 'order.paid', model: 'store.Order', object: { id: 1 } }, { secret: 's' });
  const { event } = await verifyRequest(request, { secret: 's' });
  assert.equal(event.event, 'order.paid');
}

module.exports = { senderTest, receiverTest };
