export {
  createTestReceiver,
  type ExpectWebhookOptions,
  type ReceivedWebhook,
  type TestReceiverOptions,
  type TestResponse,
  type TestWebhookReceiver,
} from './create-test-receiver.js';
export type { WebhookWhere } from './where-mismatch.js';
export { signWebhook, type SignedWebhook, type SignWebhookOptions } from './sign-webhook.js';
export { signedRequest, type SignedRequestOptions } from './signed-request.js';
export { createManualClock, type ManualClock } from './manual-clock.js';
export { sleep, waitFor } from './wait-for.js';
export { startTestReceiver, type ReceivedRequest, type Reply, type TestReceiver } from './test-receiver.js';
export { makeJob } from './jobs.js';
export { createDeferred, type Deferred } from './deferred.js';
