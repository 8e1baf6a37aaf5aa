import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSqlClient, type DatabaseConnection } from '../database/connection.js';
import type { Receiver } from '../receiver/start-receiver.js';
import { computeVerdict, type Verdict } from './compute-verdict.js';
import { readDeliveryState } from './delivery-state.js';
import { describeEvidence } from './evidence.js';
import { expectedDeliveries, readCommittedItems } from './expected.js';

/** A combination's verdict, with the evidence and the problems it shows. */
export interface Judgement {
  committed: number;
  verdict: Verdict;
  failedOnPurpose: number;
  evidence: string[];
  problems: string[];
}

/**
 * Reads the committed rows (after every sender stopped) and the receiver's records of run
 * `run`, and compares them. Every reception is also written to `receptions.jsonl` in `logDir`,
 * with the attempt and the sender life that made it.
 */
export async function judgeCombination(
  connection: DatabaseConnection,
  receiver: Receiver,
  run: string,
  logDir: string,
  killedAt: ReadonlyMap<string, number>,
): Promise<Judgement> {
  const report = await receiver.report(run);
  writeFileSync(join(logDir, 'receptions.jsonl'), report.receptions.map((r) => JSON.stringify(r)).join('\n'));
  writeFileSync(join(logDir, 'kills.json'), JSON.stringify(Object.fromEntries(killedAt)));
  const sql = openSqlClient(connection);
  try {
    const items = await readCommittedItems(sql);
    const state = await readDeliveryState(sql);
    const deadKeys = new Set('error' in state ? [] : [...state.log].filter(([, s]) => s === 'dead').map(([key]) => key));
    const verdict = computeVerdict(expectedDeliveries(items), report.receptions, deadKeys, killedAt);
    const problems: string[] = [];
    if (verdict.lost.length > 0) problems.push(`${verdict.lost.length} deliveries lost`);
    if (verdict.phantom.length > 0) problems.push(`${verdict.phantom.length} phantom deliveries`);
    if (report.rejected.count > 0) problems.push(`the receiver rejected ${report.rejected.count} requests: ${report.rejected.reasons.join('; ')}`);
    const evidence = describeEvidence(verdict, state);
    // Batches make long outbox texts: this says whether the deflated form went through the kills too.
    if (!('error' in state)) evidence.push(`outbox: ${state.outboxRows.total} rows left, ${state.outboxRows.deflated} of them stored deflated`);
    return { committed: items.length, verdict, failedOnPurpose: report.failedOnPurpose, evidence, problems };
  } finally {
    await sql.close();
  }
}
