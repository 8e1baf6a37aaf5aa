// Run by runners.test.ts with jest, against the package's CommonJS build, as a jest user would.
const { createFetchSender, createWebhooks } = require('@webhooks/core');
const { verifyRequest } = require('@webhooks/verify');
const { createTestReceiver, signedRequest } = require('@webhooks/testing');
const { senderTest, receiverTest } = require('./scenarios.cjs');

test('a sender test: the webhook arrives, verified', () => senderTest({ createTestReceiver, createWebhooks, createFetchSender }));
test('a receiver test: a signed Request verifies', () => receiverTest({ signedRequest, verifyRequest }));
