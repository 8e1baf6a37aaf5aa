// The same packages through require(), for CommonJS users.
const { createEvent, signPayload, getDefaultHmac, runWithUser, currentUser } = require('@webhooks/core');
if (getDefaultHmac().name !== 'node-crypto') throw new Error(`core signs with ${getDefaultHmac().name} under require()`);
if (runWithUser({ id: 7 }, () => currentUser())?.id !== 7) throw new Error('runWithUser lost the user under require()');
const { verifyWebhook } = require('@webhooks/verify');
const names = ['express', 'memory', 'undici', 'kafka', 'sequelize', 'mikro-orm', 'redis', 'dashboard', 'cli', 'testing', 'otel'];
for (const name of names) require(`@webhooks/${name}`);
require('@webhooks/verify/node');

(async () => {
  const event = createEvent({ event: 'order.paid', model: 'store.Order', object: { id: 1 } });
  const body = JSON.stringify(event);
  const headers = await signPayload({ secret: 's', eventId: event.id, body });
  await verifyWebhook({ headers, body }, { secret: 's' });
  const { signWebhook } = require('@webhooks/testing');
  const kit = await signWebhook(event, { secret: 's' });
  await verifyWebhook({ headers: kit.headers, body: kit.body }, { secret: 's' });
  if (typeof require('@webhooks/cli').loadWebhooksConfig !== 'function') throw new Error('@webhooks/cli lacks loadWebhooksConfig');
  console.log('CJS: every package requires; sign and verify round-trip; the test kit signs');
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
