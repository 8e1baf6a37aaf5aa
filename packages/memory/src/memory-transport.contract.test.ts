import { describeTransportContract } from '@webhooks/testing/contracts';
import { createMemoryTransport } from './memory-transport.js';

describeTransportContract('memory', () => createMemoryTransport({ redeliveryDelayMs: 50 }));
