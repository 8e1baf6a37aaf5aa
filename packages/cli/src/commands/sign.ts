import { signPayload, WebhookError } from '@webhooks/core';
import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { endpointOption, jsonOption, schemeOption, secretOption } from '../support/common-options.js';
import { readInput } from '../support/read-input.js';
import { resolveSigning } from '../support/resolve-signing.js';
import { shellQuote } from '../support/shell-quote.js';

interface SignOptions {
  secret?: string;
  endpoint?: string;
  scheme: string;
  file?: string;
  id?: string;
  timestamp?: string;
  curl?: string;
  json?: boolean;
  config?: string;
}

/**
 * `webhooks sign`: the headers a sender would add to a body (or a ready `curl` command).
 *
 * @example
 * program.addCommand(signCommand(context));
 */
export function signCommand(context: CliContext): Command {
  return new Command('sign')
    .description('sign a body as the sender would: print the headers, or a ready curl command')
    .addOption(secretOption())
    .addOption(endpointOption())
    .addOption(schemeOption(['hmac-sha256', 'standard-webhooks']))
    .option('-f, --file <path>', 'the body to sign (default: stdin)')
    .option('--id <eventId>', "the event id header (default: the body's id)")
    .option('--timestamp <seconds>', 'Unix seconds to sign at (default: now)')
    .option('--curl <url>', 'print a curl command that posts the signed body to this URL')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ export WEBHOOK_SECRET=whsec_...            # keeps the secret out of shell history
  $ webhooks sign --file body.json
  $ webhooks sign --file body.json --curl http://localhost:3000/webhooks | sh
  $ echo '{"id":"evt_1","event":"order.paid"}' | webhooks sign --scheme standard-webhooks --json

The signature is valid for the receiver's tolerance (5 minutes by default).`,
    )
    .action(async (_options: unknown, command: Command) => {
      context.exitCode = await sign(command.optsWithGlobals<SignOptions>(), context);
    });
}

async function sign(options: SignOptions, { io, out }: CliContext): Promise<number> {
  const signing = await resolveSigning({ ...options, cwd: io.cwd });
  const input = await readInput(options.file, io);
  const eventId = options.id ?? bodyId(input.text);
  const timestamp = options.timestamp === undefined ? undefined : unixSeconds(options.timestamp);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    ...(await signPayload({
      secret: signing.secrets[0]!,
      eventId,
      body: input.text,
      scheme: signing.scheme ?? 'hmac-sha256',
      ...(timestamp !== undefined ? { timestamp } : {}),
    })),
  };
  const curl = options.curl === undefined ? undefined : curlCommand(options.curl, headers, input);
  if (options.json) out.json(curl === undefined ? { headers } : { headers, curl });
  else if (curl !== undefined) out.line(curl);
  else for (const [name, value] of Object.entries(headers)) out.line(`${name}: ${value}`);
  return 0;
}

function bodyId(text: string): string {
  let id: unknown;
  try {
    id = (JSON.parse(text) as { id?: unknown }).id;
  } catch {
    id = undefined;
  }
  if (typeof id !== 'string' || id === '') throw new WebhookError('invalid_argument', 'the body has no string "id": pass --id <eventId>');
  return id;
}

function unixSeconds(value: string): number {
  if (!/^\d{1,12}$/.test(value)) throw new WebhookError('invalid_argument', `--timestamp must be Unix seconds, got ${JSON.stringify(value)}`);
  return Number(value);
}

function curlCommand(url: string, headers: Record<string, string>, input: { text: string; file?: string }): string {
  const parts = ['curl', '-sS', '-X', 'POST', shellQuote(url)];
  for (const [name, value] of Object.entries(headers)) parts.push('-H', shellQuote(`${name}: ${value}`));
  // A file is sent as its exact bytes; a body from stdin goes inline.
  parts.push('--data-binary', input.file !== undefined ? shellQuote(`@${input.file}`) : shellQuote(input.text));
  return parts.join(' ');
}
