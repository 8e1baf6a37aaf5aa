import type { Transport } from '@webhooks/core';
import { afterEach, describe } from 'vitest';
import { createDeferred, type Deferred } from '../deferred.js';
import { resolveContractOptions, type ContractContext, type TransportContractOptions, type TransportIdentity } from './contract-context.js';
import { deliveryContract } from './delivery-contract.js';
import { JobRecorder } from './job-recorder.js';
import { schedulingContract } from './scheduling-contract.js';
import { shutdownContract } from './shutdown-contract.js';

/**
 * The behaviour every `Transport` must show, as a vitest suite. It runs in real time
 * with short delays and unique job ids, so it works against a real broker; each test
 * gets a fresh transport and closes it afterwards. `createTransport` is given an identity:
 * a transport created with the name of a closed one must take over what it left behind.
 *
 * @example
 * describeTransportContract('memory', () => createMemoryTransport({ redeliveryDelayMs: 50 }));
 * describeTransportContract('kafka', ({ name }) => createKafkaTransport({ ...config, groupId: name }), { deliveryTimeoutMs: 20_000 });
 */
export function describeTransportContract(
  name: string,
  createTransport: (identity: TransportIdentity) => Promise<Transport> | Transport,
  contractOptions?: TransportContractOptions,
): void {
  const options = resolveContractOptions(contractOptions);
  describe(`${name} transport contract`, { timeout: options.testTimeoutMs }, () => {
    const open: Transport[] = [];
    const gates: Deferred[] = [];
    afterEach(async () => {
      // Let held handlers go first, or a failed test would leave close() waiting for them.
      for (const gate of gates.splice(0)) gate.resolve();
      // close() is idempotent, so tests that closed their transport are fine here too.
      await Promise.all(open.splice(0).map((transport) => transport.close({ timeoutMs: options.closeTimeoutMs })));
    });

    const context: ContractContext = {
      options,
      async setup(successorOf) {
        const identity = successorOf?.identity ?? { name: `contract-${crypto.randomUUID()}` };
        const transport = await createTransport(identity);
        open.push(transport);
        const recorder = new JobRecorder(successorOf?.recorder.tag);
        await transport.consume(recorder.handler);
        return { transport, recorder, identity };
      },
      gate() {
        const gate = createDeferred();
        gates.push(gate);
        return gate;
      },
    };
    deliveryContract(context);
    schedulingContract(context);
    shutdownContract(context);
  });
}
