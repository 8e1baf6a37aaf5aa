import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFetchSender, createWebhooks, type EngineEvent } from '@webhooks/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryTransport, type MemoryTransportOptions } from './index.js';

/** A real receiver on loopback: `/hang` never answers, `/ok` answers 204 at once. */
async function startReceiver() {
  const hanging: ServerResponse[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      if (req.url === '/hang') hanging.push(res);
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    hanging,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** Webhooks over a memory transport to a hanging endpoint and a healthy one; resolves each `ok` delivery's success. */
async function hangingAndHealthy(options?: MemoryTransportOptions) {
  const receiver = await startReceiver();
  const succeeded: string[] = [];
  let notify = () => {};
  const transport = createMemoryTransport(options);
  const webhooks = createWebhooks(
    {
      allowPrivateNetwork: true,
      timeoutMs: 60_000, // the hanging endpoint holds its slots for the whole test
      endpoints: [
        { name: 'hang', url: `${receiver.origin}/hang`, secret: 'hang-secret', events: ['order.paid'] },
        { name: 'ok', url: `${receiver.origin}/ok`, secret: 'ok-secret', events: ['order.shipped'] },
      ],
    },
    {
      transport,
      sender: createFetchSender(),
      onEvent: (e: EngineEvent) => {
        if (e.type === 'attempt' && e.attempt.outcome === 'success') {
          succeeded.push(e.job.endpoint);
          notify();
        }
      },
    },
  );
  cleanup.push(async () => {
    await receiver.close(); // ends the hanging requests, so close() need not wait for their timeout
    await webhooks.close({ timeoutMs: 0 });
  });
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      notify = () => done() && resolve();
      notify();
    });
  const requestsHeld = (count: number) =>
    new Promise<void>((resolve) => {
      const check = () => (receiver.hanging.length >= count ? resolve() : setTimeout(check, 5));
      check();
    });
  return { webhooks, transport, receiver, succeeded, until, requestsHeld };
}

describe('memory transport: a hanging endpoint holds only its share of the slots', () => {
  it('delivers to a healthy endpoint while a hanging one holds every slot it may have', async () => {
    // Before endpointConcurrency, the first four hanging deliveries took all four slots and nothing else was sent.
    const { webhooks, receiver, succeeded, until, requestsHeld } = await hangingAndHealthy({ concurrency: 4, endpointConcurrency: 2 });
    for (let i = 0; i < 10; i++) await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: i } });
    await requestsHeld(2);
    for (let i = 0; i < 5; i++) await webhooks.dispatch({ event: 'order.shipped', model: 'store.Order', object: { id: i } });

    await until(() => succeeded.length === 5);
    expect(succeeded).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
    expect(receiver.hanging).toHaveLength(2);
  });

  it('by default lets one endpoint hold 32 attempts at once; its other deliveries wait without a slot', async () => {
    const { webhooks, transport, receiver, succeeded, until, requestsHeld } = await hangingAndHealthy();
    for (let i = 0; i < 40; i++) await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: i } });
    await requestsHeld(32);
    await webhooks.dispatch({ event: 'order.shipped', model: 'store.Order', object: { id: 1 } });

    await until(() => succeeded.length === 1);
    expect(succeeded).toEqual(['ok']);
    expect(receiver.hanging).toHaveLength(32);
    expect(transport.size).toBe(8); // the hanging endpoint's other deliveries, waiting without a slot
  });
});
