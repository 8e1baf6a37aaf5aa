import { createFetchSender, createWebhooks, type Webhooks } from '@webhooks/core';
import { sleep, startTestReceiver, waitFor, type TestReceiver } from '@webhooks/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { createKafkaTransport } from '../src/kafka-transport.js';
import { createTestTopics, restartBroker, testKafka, uniqueGroup, uniquePrefix } from './support/broker.js';
import { withBrokerExclusively } from './support/broker-lock.js';
import { deliveryReport } from './support/delivery-report.js';
import { loopbackConfig } from './support/webhook-config.js';
import { startWorker, type WorkerProcess } from './support/workers.js';
import { createLogDatabase } from './support/log-database.js';

// Dispatch happens here (worker: false); delivery happens in two other processes of one group.
describe('kafka transport with worker processes', { timeout: 150_000 }, () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  });

  async function setup(name: string, workerEnv: Record<string, string> = {}) {
    const prefix = uniquePrefix(name);
    await createTestTopics(prefix, undefined, 4);
    const receiver = await startTestReceiver();
    cleanup.push(() => receiver.close());
    const env = { PREFIX: prefix, GROUP_ID: uniqueGroup(name), RECEIVER_URL: receiver.url(), ...workerEnv };
    const workers = await Promise.all(['worker-a', 'worker-b'].map((w) => startWorker(w, env)));
    for (const worker of workers) cleanup.push(() => worker.stop());
    const transport = createKafkaTransport({ kafka: testKafka('dispatcher'), prefix, onError: () => undefined });
    const webhooks = createWebhooks(loopbackConfig(receiver.url()), { sender: createFetchSender(), transport, worker: false });
    cleanup.push(() => webhooks.close());
    return { receiver, workers, webhooks };
  }

  /** Dispatches `count` events over `objects` objects, each object's events numbered by `seq`; resolves with their ids. */
  async function dispatchEvents(webhooks: Webhooks, count: number, objects: number, pauseMs = 0, ids: string[] = []): Promise<string[]> {
    for (let i = 0; i < count; i++) {
      const object = { id: `o${i % objects}`, seq: Math.floor(i / objects) };
      const { event } = await webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object });
      ids.push(event.id);
      if (pauseMs) await sleep(pauseMs);
    }
    return ids;
  }

  async function expectAllDelivered(receiver: TestReceiver, ids: string[], what: string, timeoutMs = 60_000) {
    await waitFor(() => new Set(receiver.requests.map((r) => r.headers['x-webhook-event-id'])).size >= ids.length, {
      timeoutMs,
      intervalMs: 100,
      what,
    }).catch(() => undefined);
    const report = deliveryReport(ids, receiver.requests);
    console.log(`[${what}] ${ids.length} events, ${receiver.requests.length} requests, ${report.duplicates} duplicates, by worker ${JSON.stringify(report.byWorker)}`);
    expect(report.lost).toEqual([]);
    return report;
  }

  it('delivers every event dispatched in this process through two worker processes, in order per object', async () => {
    const { receiver, webhooks } = await setup('e2e');

    const ids = await dispatchEvents(webhooks, 400, 40);
    const report = await expectAllDelivered(receiver, ids, 'two workers');

    expect(report.outOfOrder).toEqual([]);
    expect(Object.keys(report.byWorker).sort()).toEqual(['worker-a', 'worker-b']);
  });

  it('loses no event when a worker is killed with SIGKILL mid-run; the other takes over its partitions', async () => {
    const { receiver, workers, webhooks } = await setup('sigkill');
    const [victim] = workers as [WorkerProcess, WorkerProcess];

    const dispatching = dispatchEvents(webhooks, 600, 30, 2);
    await waitFor(() => receiver.requests.some((r) => r.headers['x-worker'] === victim.name) && receiver.requests.length >= 150, {
      timeoutMs: 60_000,
      what: 'the victim delivering',
    });
    await victim.kill();
    const ids = await dispatching;
    const report = await expectAllDelivered(receiver, ids, 'after SIGKILL');

    expect(report.byWorker['worker-b']).toBeGreaterThan(0);
  });

  it('does not send again what a killed worker delivered but never committed, when the workers share a database log', async () => {
    const database = await createLogDatabase();
    cleanup.push(database.drop);
    // Offsets committed rarely: the killed worker leaves a long run of delivered, uncommitted messages behind.
    const { receiver, workers, webhooks } = await setup('redelivered', { LOG_DATABASE: database.name, COMMIT_INTERVAL_MS: '20000' });
    const [victim] = workers as [WorkerProcess, WorkerProcess];

    const dispatching = dispatchEvents(webhooks, 600, 30, 2);
    await waitFor(() => receiver.requests.filter((r) => r.headers['x-worker'] === victim.name).length >= 100, {
      timeoutMs: 60_000,
      what: 'the victim delivering 100 events',
    });
    await victim.kill();
    const ids = await dispatching;
    const report = await expectAllDelivered(receiver, ids, 'after SIGKILL, with a database log');

    // Only what was in flight when it died (its concurrency is 8) may go twice.
    expect(report.duplicates).toBeLessThanOrEqual(8);
  });

  it('recovers producers and workers when the broker restarts mid-run, losing no event', () =>
    withBrokerExclusively(async () => {
      const { receiver, webhooks } = await setup('restart');

      const progress: string[] = [];
      const dispatching = dispatchEvents(webhooks, 300, 30, 30, progress);
      await waitFor(() => receiver.requests.length >= 60, { timeoutMs: 60_000, what: 'deliveries before the restart' });
      const before = progress.length;
      const { ms } = await restartBroker();
      console.log(`[broker restart] took ${ms} ms; ${before} events dispatched before it, ${progress.length - before} during it`);
      const ids = await dispatching;

      await expectAllDelivered(receiver, ids, 'across a broker restart', 90_000);
    }));
});
