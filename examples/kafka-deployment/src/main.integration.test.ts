import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
// The lock every broker test file holds, so @webhooks/kafka's broker-restart test never restarts the broker under this one.
import { shareBroker } from '../../../packages/kafka/test/support/broker-lock.js';

const run = promisify(execFile);
const main = fileURLToPath(new URL('./main.ts', import.meta.url));
let release = () => {};
beforeAll(async () => void (release = await shareBroker()), 180_000);
afterAll(() => release());

// Needs a broker at KAFKA_BROKERS (scripts/test.sh starts one); fails, never skips, without one.
it('delivers every event through two worker processes sharing one consumer group', { timeout: 60_000 }, async () => {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const env = {
    ...process.env,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? '127.0.0.1:19092',
    KAFKA_PREFIX: `example-test-${id}`,
    KAFKA_GROUP_ID: `example-test-${id}-workers`,
    EVENTS: '40',
  };
  const { stdout } = await run(process.execPath, ['--import', 'tsx', main], { env, timeout: 55_000 });
  expect(stdout).toContain(`provisioned 7 topics with prefix example-test-${id}`);
  expect(stdout).toContain('receiver: 40 of 40 events delivered');
  expect(stdout).toMatch(/worker-a delivered [1-9]/);
  expect(stdout).toMatch(/worker-b delivered [1-9]/);
  expect(stdout).toContain('kafka-deployment example ok');
});
