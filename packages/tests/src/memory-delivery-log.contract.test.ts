import { createMemoryDeliveryLog } from '@webhooks/core';
import { describeDeliveryLogContract } from '@webhooks/testing/contracts';

describeDeliveryLogContract('memory', async () => ({ log: createMemoryDeliveryLog(), close: async () => {} }));
