export { createManualClock, type ManualClock } from './manual-clock.js';
export { startTestReceiver, type ReceivedRequest, type Reply, type TestReceiver } from './test-receiver.js';
