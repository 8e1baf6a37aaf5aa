import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { colorState } from '../output/delivery-colors.js';
import { deliverySummary } from '../output/delivery-summary.js';
import { formatTable } from '../output/format-table.js';
import { formatTime } from '../output/format-time.js';
import { jsonOption } from '../support/common-options.js';
import { addDeliveryFilters, deliveryQuery, type DeliveryFilterOptions } from '../support/delivery-filters.js';
import { EXIT } from '../support/exit-codes.js';
import { parseCount } from '../support/parse-count.js';
import { withWebhooks } from '../support/with-webhooks.js';

interface ListOptions extends DeliveryFilterOptions {
  limit: string;
  before?: string;
  json?: boolean;
  config?: string;
}

/**
 * `webhooks deliveries list`: a table of deliveries from the configured delivery log, newest first.
 *
 * @example
 * deliveries.addCommand(deliveriesListCommand(context));
 */
export function deliveriesListCommand(context: CliContext): Command {
  return addDeliveryFilters(new Command('list').description('list deliveries from the delivery log, newest first'))
    .option('--limit <n>', 'how many to show', '20')
    .option('--before <deliveryId>', 'the next page: deliveries older than this one')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ webhooks deliveries list --state dead --since 1h
  $ webhooks deliveries list --endpoint crm --state dead,held --limit 100
  $ webhooks deliveries list --event order.paid --json | jq '.deliveries[].deliveryId'`,
    )
    .action(async (_options: unknown, command: Command) => {
      context.exitCode = await list(command.optsWithGlobals<ListOptions>(), context);
    });
}

async function list(options: ListOptions, { io, out }: CliContext): Promise<number> {
  const limit = parseCount('--limit', options.limit, { min: 1, max: 10_000 });
  const query = deliveryQuery(options, Date.now());
  const { records, total } = await withWebhooks({ cwd: io.cwd, config: options.config }, async (webhooks) => ({
    records: await webhooks.deliveryLog.find({ ...query, limit, ...(options.before ? { before: options.before } : {}) }),
    total: await webhooks.deliveryLog.count(query),
  }));
  const next = records.length === limit ? records.at(-1)!.job.deliveryId : undefined;
  if (options.json) {
    out.json({ deliveries: records.map(deliverySummary), total, ...(next ? { next } : {}) });
    return EXIT.ok;
  }
  if (records.length === 0) {
    out.note(`No deliveries match (${total} in all with these filters).`);
    return EXIT.ok;
  }
  const rows = records.map((record) => {
    const last = record.attempts.at(-1);
    return [
      record.job.deliveryId,
      record.job.eventName,
      record.job.endpoint,
      colorState(record.state, out.color),
      String(record.attempts.length),
      last?.reason ?? record.reason ?? '',
      formatTime(record.updatedAt),
    ];
  });
  out.line(formatTable(['DELIVERY', 'EVENT', 'ENDPOINT', 'STATE', 'ATTEMPTS', 'LAST', 'UPDATED'], rows));
  out.note(out.errorColor.dim(`${records.length} of ${total}${next ? `; next page: --before ${next}` : ''}`));
  return EXIT.ok;
}
