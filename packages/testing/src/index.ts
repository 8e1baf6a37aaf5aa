export { createManualClock, type ManualClock } from './manual-clock.js';
export { makeJob } from './jobs.js';
export { createDeferred, type Deferred } from './deferred.js';
export { sleep, waitFor } from './wait-for.js';
export { describeTransportContract } from './transport-contract/describe-transport-contract.js';
export type { TransportContractOptions } from './transport-contract/contract-context.js';
export { JobRecorder, type HandledCall } from './transport-contract/job-recorder.js';
