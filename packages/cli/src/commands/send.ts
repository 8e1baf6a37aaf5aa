import { createDeliveryId, HEADER_ATTEMPT, HEADER_DELIVERY_ID, signPayload, WebhookError } from '@webhooks/core';
import { createUndiciSender } from '@webhooks/undici';
import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { formatDuration } from '../output/format-time.js';
import { endpointOption, jsonOption, schemeOption, secretOption } from '../support/common-options.js';
import { EXIT } from '../support/exit-codes.js';
import { parseCount } from '../support/parse-count.js';
import { readInput } from '../support/read-input.js';
import { resolveSigning } from '../support/resolve-signing.js';
import { sampleEvent } from '../support/sample-event.js';

interface SendOptions {
  to?: string;
  secret?: string;
  endpoint?: string;
  scheme?: string;
  file?: string;
  model?: string;
  allowPrivate?: boolean;
  timeout: string;
  json?: boolean;
  config?: string;
}

/**
 * `webhooks send <event>`: posts a sample event, signed like the real sender, through the undici
 * sender and its SSRF guard; prints the answer.
 *
 * @example
 * program.addCommand(sendCommand(context));
 */
export function sendCommand(context: CliContext): Command {
  return new Command('send')
    .description('send a sample event, signed like the real sender, and print the answer')
    .argument('<event>', 'the event name, e.g. order.paid')
    .option('--to <url>', "where to post it (default: the --endpoint's URL)")
    .addOption(secretOption())
    .addOption(endpointOption())
    .addOption(schemeOption(['hmac-sha256', 'standard-webhooks']))
    .option('-f, --file <path>', 'JSON with the event or some of its fields (model, object, changes, user)')
    .option('--model <app.Model>', 'the model (default: app.<Name> from the event name)')
    .option('--allow-private', 'allow loopback and private addresses (refused by default: SSRF guard)')
    .option('--timeout <ms>', 'deadline for the attempt', '10000')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ webhooks send order.paid --to http://localhost:3000/webhooks --allow-private
  $ webhooks send order.paid --file order.json --endpoint crm
  $ webhooks send customer.created --to https://hooks.example.com/in --scheme standard-webhooks --json`,
    )
    .action(async (event: string, _options: unknown, command: Command) => {
      context.exitCode = await send(event, command.optsWithGlobals<SendOptions>(), context);
    });
}

async function send(name: string, options: SendOptions, { io, out }: CliContext): Promise<number> {
  const signing = await resolveSigning({ ...options, cwd: io.cwd });
  const url = options.to ?? signing.endpoint?.url;
  if (url === undefined) throw new WebhookError('invalid_argument', 'no target: pass --to <url>, or --endpoint <name>');
  const timeoutMs = parseCount('--timeout', options.timeout, { min: 1, max: 600_000 });
  const fileText = options.file === undefined ? undefined : (await readInput(options.file, io)).text;
  const event = sampleEvent(name, fileText, options.model);
  const body = JSON.stringify(event);
  const deliveryId = createDeliveryId();
  const headers = {
    ...signing.endpoint?.headers,
    'Content-Type': 'application/json',
    ...(await signPayload({ secret: signing.secrets[0]!, eventId: event.id, body, scheme: signing.scheme ?? 'hmac-sha256' })),
    [HEADER_DELIVERY_ID]: deliveryId,
    [HEADER_ATTEMPT]: '1',
  };
  const sender = createUndiciSender();
  try {
    if (!options.json) out.note(out.errorColor.dim(`→ POST ${url}  ${event.event}  ${event.id}`));
    const result = await sender.send({ url, headers, body, timeoutMs, allowPrivateNetwork: options.allowPrivate === true });
    const ok = result.error === undefined && result.status >= 200 && result.status < 300;
    if (options.json) {
      out.json({ event: event.event, id: event.id, deliveryId, url, ok, ...result });
    } else if (result.error) {
      const hint = result.error.code === 'ssrf_blocked' ? ' (pass --allow-private to send to this machine or a private network)' : '';
      out.line(`${out.color.red('✘')} ${result.error.code}: ${result.error.message}${hint}`);
    } else {
      const status = `${result.status}`;
      out.line(`${ok ? out.color.green(`← ${status}`) : out.color.red(`← ${status}`)}  ${formatDuration(result.durationMs)}`);
      if (result.body) out.line(result.body + (result.bodyTruncated ? out.color.dim(' …(truncated)') : ''));
    }
    return ok ? EXIT.ok : EXIT.failed;
  } finally {
    await sender.close?.();
  }
}
