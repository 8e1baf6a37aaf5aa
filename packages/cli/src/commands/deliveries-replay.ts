import { isWebhookError, WebhookError, type Webhooks } from '@webhooks/core';
import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { startProgress } from '../output/replay-progress.js';
import { jsonOption } from '../support/common-options.js';
import { collectDeliveries } from '../support/collect-deliveries.js';
import { addDeliveryFilters, deliveryQuery, type DeliveryFilterOptions } from '../support/delivery-filters.js';
import { EXIT } from '../support/exit-codes.js';
import { parseCount } from '../support/parse-count.js';
import { withWebhooks } from '../support/with-webhooks.js';

interface ReplayOptions extends DeliveryFilterOptions {
  limit: string;
  dryRun?: boolean;
  json?: boolean;
  config?: string;
}

interface Failure {
  deliveryId: string;
  code: string;
  message: string;
}

/**
 * `webhooks deliveries replay`: sends deliveries again, by id or by filter, through the
 * application's transport and delivering processes (this process never delivers).
 *
 * @example
 * deliveries.addCommand(deliveriesReplayCommand(context));
 */
export function deliveriesReplayCommand(context: CliContext): Command {
  return addDeliveryFilters(
    new Command('replay')
      .description('send deliveries again (same event id, fresh retries), by id or by filter')
      .argument('[deliveryIds...]', 'the deliveries to replay (dlv_…)'),
  )
    .option('--limit <n>', 'most deliveries a filter replays', '1000')
    .option('--dry-run', 'list what a filter would replay, and replay nothing')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
With a filter and no --state, dead deliveries are replayed. This process does not deliver:
it hands each delivery to the delivery log (or a durable transport), and the application's
delivering processes send it within their sweep interval (5 s by default).

Examples:
  $ webhooks deliveries replay dlv_01KB2Q4Z8Y3M5V7W9X1A2B3C4D
  $ webhooks deliveries replay --state dead --endpoint crm --since 1d
  $ webhooks deliveries replay --endpoint crm --dry-run`,
    )
    .action(async (ids: string[], _options: unknown, command: Command) => {
      context.exitCode = await replay(ids, command.optsWithGlobals<ReplayOptions>(), context);
    });
}

async function replay(ids: string[], options: ReplayOptions, context: CliContext): Promise<number> {
  const { io, out } = context;
  const filtered = options.state !== undefined || options.endpoint !== undefined || options.event !== undefined || options.since !== undefined;
  if (ids.length > 0 && filtered) throw new WebhookError('invalid_argument', 'give delivery ids or filters (--state, --endpoint, --event, --since), not both');
  if (ids.length === 0 && !filtered) throw new WebhookError('invalid_argument', 'which deliveries? give their ids, or a filter such as --state dead --endpoint crm');
  const limit = parseCount('--limit', options.limit, { min: 1, max: 100_000 });
  const query = filtered ? deliveryQuery({ ...options, state: options.state ?? 'dead' }, Date.now()) : undefined;
  const states = [query?.state ?? []].flat();
  if (states.some((state) => state === 'pending' || state === 'retrying')) {
    throw new WebhookError('invalid_argument', 'pending and retrying deliveries are being sent already; replay dead, held or succeeded ones');
  }
  return withWebhooks({ cwd: io.cwd, config: options.config }, async (webhooks) => {
    if (!webhooks.durable) throw notDurable();
    const targets = query ? await collectDeliveries(webhooks.deliveryLog, query, limit) : ids;
    if (options.dryRun) return report(targets, [], options, context, true);
    const failures = await replayAll(webhooks, targets, context, options.json === true);
    return report(targets, failures, options, context, false);
  });
}

async function replayAll(webhooks: Webhooks, ids: readonly string[], { out }: CliContext, quiet: boolean): Promise<Failure[]> {
  const failures: Failure[] = [];
  const progress = startProgress(out, 'replaying', ids.length, quiet);
  try {
    for (const deliveryId of ids) {
      try {
        await webhooks.replay(deliveryId);
      } catch (error) {
        if (!isWebhookError(error)) throw error;
        failures.push({ deliveryId, code: error.code, message: error.message });
      }
      progress.tick();
    }
  } finally {
    progress.stop();
  }
  return failures;
}

function report(ids: readonly string[], failures: readonly Failure[], options: ReplayOptions, { out }: CliContext, dryRun: boolean): number {
  const failed = new Set(failures.map((f) => f.deliveryId));
  const replayed = ids.filter((id) => !failed.has(id));
  if (options.json) {
    out.json(dryRun ? { dryRun: true, deliveries: ids } : { replayed, failed: failures });
    return failures.length > 0 ? EXIT.failed : EXIT.ok;
  }
  const c = out.color;
  for (const id of replayed) out.line(dryRun ? `  ${id}` : `${c.green('✔')} ${id}`);
  for (const f of failures) out.line(`${c.red('✘')} ${f.deliveryId}: ${f.message}`);
  if (dryRun) out.note(`${ids.length} ${plural(ids.length)} would be replayed (--dry-run: nothing was).`);
  else if (ids.length === 0) out.note('No deliveries match.');
  else {
    const summary = `Replayed ${replayed.length} of ${ids.length} ${plural(ids.length)}${failures.length ? `; ${failures.length} failed` : ''}.`;
    out.note(`${summary} The application's delivering processes send them within their sweep interval.`);
  }
  return failures.length > 0 ? EXIT.failed : EXIT.ok;
}

function plural(n: number): string {
  return n === 1 ? 'delivery' : 'deliveries';
}

function notDurable(): WebhookError {
  return new WebhookError(
    'invalid_config',
    'the configured webhooks keep deliveries in this process only, so a replay from here would be lost when it exits: ' +
      'give createWebhooks a database delivery log (createSequelizeDeliveryLog, createMikroOrmDeliveryLog) or a durable transport (Kafka)',
  );
}
