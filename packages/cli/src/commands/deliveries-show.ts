import { WebhookDeliveryError, type DeliveryRecord } from '@webhooks/core';
import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import type { Colors } from '../output/colors-for.js';
import { colorState } from '../output/delivery-colors.js';
import { formatTable } from '../output/format-table.js';
import { formatDuration, formatTime } from '../output/format-time.js';
import { jsonOption } from '../support/common-options.js';
import { EXIT } from '../support/exit-codes.js';
import { withWebhooks } from '../support/with-webhooks.js';

interface ShowOptions {
  body?: boolean;
  json?: boolean;
  config?: string;
}

/**
 * `webhooks deliveries show <id>`: one delivery with every attempt.
 *
 * @example
 * deliveries.addCommand(deliveriesShowCommand(context));
 */
export function deliveriesShowCommand(context: CliContext): Command {
  return new Command('show')
    .description('show a delivery with every attempt: status, duration, error, response')
    .argument('<deliveryId>', 'the delivery id (dlv_…)')
    .option('--body', 'also print the payload that was sent')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ webhooks deliveries show dlv_01KB2Q4Z8Y3M5V7W9X1A2B3C4D
  $ webhooks deliveries show dlv_01KB2Q4Z8Y3M5V7W9X1A2B3C4D --json | jq '.attempts[-1]'`,
    )
    .action(async (id: string, _options: unknown, command: Command) => {
      context.exitCode = await show(id, command.optsWithGlobals<ShowOptions>(), context);
    });
}

async function show(deliveryId: string, options: ShowOptions, { io, out }: CliContext): Promise<number> {
  const record = await withWebhooks({ cwd: io.cwd, config: options.config }, (webhooks) => webhooks.deliveryLog.get(deliveryId));
  if (!record) throw new WebhookDeliveryError('not_found', `no delivery ${deliveryId} in the delivery log`);
  if (options.json) {
    out.json(record);
    return EXIT.ok;
  }
  for (const line of describeRecord(record, out.color)) out.line(line);
  if (options.body) {
    out.line();
    out.line(record.job.body);
  }
  return EXIT.ok;
}

function describeRecord(record: DeliveryRecord, c: Colors): string[] {
  const { job } = record;
  const lines = [
    `${c.dim('Delivery')}  ${c.bold(job.deliveryId)}`,
    `${c.dim('Event   ')}  ${job.eventName}  ${job.eventId}`,
    `${c.dim('Endpoint')}  ${job.endpoint}`,
    `${c.dim('State   ')}  ${colorState(record.state, c)}${record.reason ? `: ${record.reason}` : ''}`,
    `${c.dim('Created ')}  ${formatTime(job.createdAt)}   ${c.dim('updated')} ${formatTime(record.updatedAt)}`,
    '',
  ];
  if (record.attempts.length === 0) return [...lines, 'No attempts yet.'];
  // Listed in order; a replay starts again at attempt 1, so the position and the attempt number differ.
  const rows = record.attempts.map((a, i) => [
    String(i + 1),
    String(a.attempt),
    formatTime(a.startedAt),
    formatDuration(a.durationMs),
    a.outcome === 'success' ? c.green(a.outcome) : a.outcome === 'retry' ? c.yellow(a.outcome) : c.red(a.outcome),
    a.status === undefined ? '-' : String(a.status),
    a.reason,
    a.nextRetryAt === undefined ? '' : formatTime(a.nextRetryAt),
  ]);
  lines.push(formatTable(['#', 'ATTEMPT', 'STARTED', 'DURATION', 'OUTCOME', 'STATUS', 'REASON', 'NEXT RETRY'], rows));
  for (const [i, a] of record.attempts.entries()) {
    if (a.error === undefined && !a.responseBody) continue;
    lines.push('', c.dim(`#${i + 1}:`));
    if (a.error !== undefined) lines.push(`  error: ${a.error}`);
    if (a.responseBody) lines.push(`  response: ${a.responseBody}`);
  }
  return lines;
}
