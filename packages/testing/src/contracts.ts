// `@webhooks/testing/contracts`: the contract suites every implementation of a port runs. They are
// written for vitest (describe/it/expect), so they stay out of the runner-agnostic main entry and out
// of the published package: this entry resolves to source inside the workspace only.
export { describeDeliveryLogContract, type DeliveryLogHarness } from './delivery-log-contract.js';
export { describeDeliveryLeasesContract, type DeliveryLeasesHarness } from './delivery-leases-contract.js';
export { describeIdempotencyStoreContract, type IdempotencyStoreHarness } from './idempotency-store-contract.js';
export { hostileText } from './hostile-text.js';
export { describeOutboxContract, type OutboxContractOptions, type OutboxHarness } from './outbox-contract.js';
export { describeTransportContract } from './transport-contract/describe-transport-contract.js';
export type { TransportContractOptions, TransportIdentity } from './transport-contract/contract-context.js';
export { JobRecorder, type HandledCall } from './transport-contract/job-recorder.js';
