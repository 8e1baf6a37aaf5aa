import { createMemoryDeliveryLog } from '@webhooks/core';
import { describeDeliveryLogContract } from '@webhooks/testing';

describeDeliveryLogContract('memory', async () => ({ log: createMemoryDeliveryLog(), close: async () => {} }));
