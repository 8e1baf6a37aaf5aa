import { describeTransportContract } from '@webhooks/testing';
import { createMemoryTransport } from './memory-transport.js';

describeTransportContract('memory', () => createMemoryTransport({ redeliveryDelayMs: 50 }));
