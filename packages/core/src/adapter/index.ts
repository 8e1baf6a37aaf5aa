// `@webhooks/core/adapter`: what the ORM adapters and the transports share and users never call.
// Kept out of the main entry so the public API stays what applications use; adapters import it like any entry.
export { ModelNames, type ModelNameOptions } from './model-names.js';
export { startRelaying } from './start-relaying.js';
export { checkIntegers, checkMilliseconds, checkPositiveIntegers, MAX_TIMER_MS } from './option-checks.js';
export { notBeforeError, transportClosedError } from './transport-errors.js';
export { KeyedRunner, type KeyedRunnerOptions } from './keyed-runner.js';
export { checkSignature } from '../verify.js';
