import { join } from 'node:path';
import type { Combination } from '../combinations.js';
import { createFreshDatabase, type FreshDatabase } from '../database/fresh-database.js';
import { ENDPOINTS, endpointUrl } from '../endpoints.js';
import { createKafkaTopics } from '../kafka/kafka-topics.js';
import type { SenderSpec } from '../sender/sender-spec.js';
import { SERVICES } from '../services.js';
import type { TransportSpec } from '../stack/stack-options.js';
import type { RunContext } from './run-context.js';
import { runSetup } from './run-setup.js';

/** Kafka retry tiers close to the torture's retry policy (200 ms doubling up to 2 s). */
const RETRY_TIERS = [500, 2000];

/** A combination ready to torture: its fresh database, its transport, and the spec every sender starts from. */
export interface PreparedCombination {
  database: FreshDatabase;
  transport: TransportSpec;
  base: SenderSpec;
}

/**
 * Creates the combination's database (and Kafka topics), then its tables through a `setup`
 * sender. `run` names all of them. Throws when a service does not answer; `onDatabase` hears of
 * a database created before that, so it can be reported.
 */
export async function prepareCombination(
  combination: Combination,
  run: string,
  context: RunContext,
  logDir: string,
  onDatabase: (database: FreshDatabase) => void,
): Promise<PreparedCombination> {
  const { options } = context;
  const transport: TransportSpec =
    combination.transport === 'memory'
      ? { kind: 'memory' }
      : { kind: 'kafka', brokers: [...SERVICES.kafkaBrokers], prefix: run.replaceAll('_', '.'), groupId: `${run}.workers`, retryTiers: RETRY_TIERS };
  const database = await createFreshDatabase(combination.dialect, run);
  onDatabase(database);
  if (transport.kind === 'kafka') await createKafkaTopics(transport);
  const base: SenderSpec = {
    mode: 'write',
    orm: combination.orm,
    database: database.connection,
    transport,
    endpointUrls: Object.fromEntries(ENDPOINTS.map(({ name }) => [name, endpointUrl(context.receiver.url, run, name)])),
    writers: options.writers,
    rate: options.rate,
    seed: 0,
    life: '',
    drainTimeoutMs: options.drainTimeoutMs,
  };
  await runSetup(context.senderEntry, base, join(logDir, 'setup.log'));
  return { database, transport, base };
}
