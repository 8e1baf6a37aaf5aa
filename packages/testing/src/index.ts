export { createManualClock, type ManualClock } from './manual-clock.js';
export { startTestReceiver, type ReceivedRequest, type Reply, type TestReceiver } from './test-receiver.js';
export { makeJob } from './jobs.js';
export { createDeferred, type Deferred } from './deferred.js';
export { sleep, waitFor } from './wait-for.js';
