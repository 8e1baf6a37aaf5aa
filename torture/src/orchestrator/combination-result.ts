import type { Combination } from '../combinations.js';
import type { Verdict } from '../verdict/compute-verdict.js';
import type { DrainOutcome } from './final-drain.js';
import type { Tally } from './tally.js';

/** Everything one combination's run produced, for the table and the notes below it. */
export interface CombinationResult {
  combination: Combination;
  /** `could-not-run`: a service, the broker or the set-up failed before any sender ran. */
  status: 'passed' | 'failed' | 'could-not-run';
  /** Why it failed or could not run, one line each. */
  problems: string[];
  tally: Tally;
  /** Rows in the database after everything stopped. */
  committed: number;
  verdict?: Verdict;
  drain?: DrainOutcome;
  /** Lines of evidence: where lost deliveries stand, phantom examples, duplicates. */
  evidence: string[];
  /** The most frequent error lines of the sender logs. */
  logDigest: string[];
  /** Requests the receiver answered 503 on purpose. */
  failedOnPurpose: number;
  wallMs: number;
  /** Where the logs are, and the database when it was kept. */
  kept: string[];
}
