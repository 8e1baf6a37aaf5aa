export { createManualClock, type ManualClock } from './manual-clock.js';
export { startTestReceiver, type ReceivedRequest, type Reply, type TestReceiver } from './test-receiver.js';
export { makeJob } from './jobs.js';
export { describeDeliveryLogContract, type DeliveryLogHarness } from './delivery-log-contract.js';
export { describeOutboxContract, type OutboxContractOptions, type OutboxHarness } from './outbox-contract.js';
