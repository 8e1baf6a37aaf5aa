import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Combination } from '../combinations.js';
import type { FreshDatabase } from '../database/fresh-database.js';
import { deleteKafkaTopics } from '../kafka/kafka-topics.js';
import { deriveSeed } from '../random.js';
import { logDigest } from '../report/log-digest.js';
import { judgeCombination } from '../verdict/judge.js';
import type { CombinationResult } from './combination-result.js';
import { runFinalDrain } from './final-drain.js';
import { prepareCombination, type PreparedCombination } from './prepare-combination.js';
import type { RunContext } from './run-context.js';
import { senderProblems } from './sender-problems.js';
import { createTally } from './tally.js';
import { tortureSenders } from './torture-senders.js';

export type { RunContext } from './run-context.js';

/**
 * Runs one combination from a fresh database to its verdict: set-up, the kill loop of every
 * sender slot at once, the final drain, then the comparison of committed rows with receptions.
 * Never throws: a failure to prepare is a `could-not-run` result. What passed is cleaned up
 * (unless `--keep`); what failed is kept and named in the result.
 */
export async function runCombination(combination: Combination, index: number, context: RunContext): Promise<CombinationResult> {
  const { options, receiver } = context;
  const started = Date.now();
  const run = `torture_${context.runTag}_${index}`;
  const logDir = join(context.logsDir, combination.name.replaceAll(':', '_'));
  mkdirSync(logDir, { recursive: true });
  const tally = createTally();
  const result: CombinationResult = {
    combination, status: 'passed', problems: [], tally, committed: 0, evidence: [], logDigest: [], failedOnPurpose: 0, wallMs: 0, kept: [`logs: ${logDir}`],
  };
  const finish = () => Object.assign(result, { wallMs: Date.now() - started, logDigest: logDigest(logDir) });

  let created: FreshDatabase | undefined;
  let prepared: PreparedCombination;
  try {
    prepared = await prepareCombination(combination, run, context, logDir, (database) => (created = database));
  } catch (err) {
    result.status = 'could-not-run';
    result.problems.push(`could not prepare: ${(err as Error).message}`);
    if (created) result.kept.push(`database: ${created.description}`);
    return finish();
  }
  const { database, transport, base } = prepared;

  const seedOf = (...labels: (string | number)[]) => deriveSeed(options.seed, combination.name, ...labels);
  await tortureSenders(combination, base, context, logDir, seedOf, tally);
  result.drain = await runFinalDrain(context.senderEntry, { ...base, seed: seedOf('drain'), life: 'drain' }, join(logDir, 'drain.log'));
  try {
    const { problems, ...judgement } = await judgeCombination(database.connection, receiver, run, logDir, tally.killedAt);
    Object.assign(result, judgement);
    result.problems.push(...problems);
  } catch (err) {
    result.problems.push(`could not reach a verdict: ${(err as Error).message}`);
  }
  result.problems.push(...senderProblems(tally, result.drain, options.drainTimeoutMs));
  if (result.problems.length > 0) result.status = 'failed';

  if (result.status === 'passed' && !options.keep) {
    await database.drop().catch(() => undefined);
    if (transport.kind === 'kafka') await deleteKafkaTopics(transport);
    await receiver.forget(run).catch(() => undefined);
  } else {
    result.kept.push(`database: ${database.description}`);
    if (transport.kind === 'kafka') result.kept.push(`kafka: topics ${transport.prefix}.*, group ${transport.groupId}`);
  }
  return finish();
}
