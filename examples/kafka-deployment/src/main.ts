// The deployment on one machine: provisions the topics, starts a receiver, two worker
// processes in one consumer group and a dispatcher process, waits until every event was
// delivered, prints what each worker sent. Exits non-zero unless all arrived and both
// workers took part. Needs a broker: KAFKA_BROKERS (default 127.0.0.1:19092).
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ensureKafkaTopics } from '@webhooks/kafka';
import { deployment } from './deployment.js';
import { startReceiver } from './receiver.js';

const events = Number(process.env.EVENTS ?? 40);
const run = Date.now().toString(36);
const secret = process.env.RECEIVER_SECRET ?? 'example-secret';
const receiver = await startReceiver(secret);
// A fresh prefix and group per run unless given: a run never sees another run's jobs.
const env = {
  ...process.env,
  KAFKA_PREFIX: process.env.KAFKA_PREFIX ?? `example-${run}`,
  KAFKA_GROUP_ID: process.env.KAFKA_GROUP_ID ?? `example-${run}-workers`,
  RECEIVER_URL: receiver.url,
  RECEIVER_SECRET: secret,
  EVENTS: String(events),
};
const { brokers, kafka, prefix, groupId } = deployment(env);
const children = new Set<ChildProcess>();
let created: string[] = [];
let failure: string | undefined;

/** Runs `src/<script>.ts` as its own process; resolves when it sends 'ready' (or exits, if `untilExit`). */
function spawn(script: string, name: string, untilExit = false): Promise<ChildProcess> {
  const child = fork(fileURLToPath(new URL(`./${script}.ts`, import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: script === 'worker' ? { ...env, WORKER_NAME: name } : env,
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let timer: NodeJS.Timeout | undefined;
  return new Promise<ChildProcess>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${name} not ready after 45 s`)), 45_000);
    if (!untilExit) child.once('message', () => resolve(child));
    child.once('exit', (code) => (code === 0 && untilExit ? resolve(child) : reject(new Error(`${name} exited with ${code}`))));
  }).finally(() => clearTimeout(timer));
}

async function stopChildren() {
  await Promise.all([...children].map(async (child) => {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  }));
}

process.once('SIGTERM', () => void stopChildren().finally(() => process.exit(1)));
try {
  // Once, at deploy time: the transport never creates topics. As many partitions as workers you may run.
  created = await ensureKafkaTopics({ kafka, prefix, partitions: 4 });
  console.log(`provisioned ${created.length} topics with prefix ${prefix} on ${brokers}`);

  await Promise.all([spawn('worker', 'worker-a'), spawn('worker', 'worker-b')]);
  await spawn('dispatcher', 'dispatcher', true);

  const deadline = Date.now() + 30_000;
  while (receiver.eventIds.size < events && Date.now() < deadline) await sleep(100);
  const duplicates = receiver.requests() - receiver.eventIds.size;
  console.log(`receiver: ${receiver.eventIds.size} of ${events} events delivered (${duplicates} duplicate requests)`);
  for (const [worker, count] of Object.entries(receiver.byWorker).sort()) console.log(`  ${worker} delivered ${count}`);

  if (receiver.eventIds.size !== events) failure = `${events - receiver.eventIds.size} events were not delivered`;
  else if (Object.keys(receiver.byWorker).length !== 2) failure = 'expected both workers to deliver a share of the events';
} catch (err) {
  failure = (err as Error).message;
} finally {
  await stopChildren();
  await receiver.close();
  await removeTopics(created);
}
if (failure) {
  console.error(`kafka-deployment example FAILED: ${failure}`);
  process.exit(1);
}
console.log('kafka-deployment example ok');

/** Removes what this run created on the broker (its topics and its consumer group). */
async function removeTopics(topics: string[]) {
  if (topics.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
