import { formatTime } from '../output/format-time.js';
import { isWebhookError, verifyWebhook } from '@webhooks/verify';
import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { endpointOption, jsonOption, schemeOption, secretOption } from '../support/common-options.js';
import { detectScheme } from '../support/detect-scheme.js';
import { EXIT } from '../support/exit-codes.js';
import { parseCount } from '../support/parse-count.js';
import { collectHeader } from '../support/parse-header.js';
import { readInput } from '../support/read-input.js';
import { resolveSigning } from '../support/resolve-signing.js';

interface VerifyOptions {
  secret?: string;
  endpoint?: string;
  scheme: string;
  header?: Record<string, string>;
  file?: string;
  tolerance: string;
  json?: boolean;
  config?: string;
}

/**
 * `webhooks verify`: says whether a request's headers and body verify, and why not; exits 0 or 1.
 *
 * @example
 * program.addCommand(verifyCommand(context));
 */
export function verifyCommand(context: CliContext): Command {
  return new Command('verify')
    .description('check a received request: valid, or why not (exit code 0 or 1)')
    .addOption(secretOption())
    .addOption(endpointOption())
    .addOption(schemeOption(['auto', 'hmac-sha256', 'standard-webhooks'], 'auto'))
    .addOption(new Option('-H, --header <header>', 'a request header, "Name: value" (repeat it)').argParser(collectHeader))
    .option('-f, --file <path>', 'the raw body as received (default: stdin)')
    .option('--tolerance <seconds>', 'largest age of the signed timestamp', '300')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Examples:
  $ webhooks verify --file body.json \\
      -H "X-Webhook-Timestamp: 1769248800" -H "X-Webhook-Signature: sha256=5f1c..." -H "X-Webhook-Event-Id: evt_..."
  $ webhooks verify --endpoint crm --tolerance 86400 --file captured.json -H "webhook-id: ..." -H "webhook-timestamp: ..." -H "webhook-signature: v1,..."`,
    )
    .action(async (_options: unknown, command: Command) => {
      context.exitCode = await verify(command.optsWithGlobals<VerifyOptions>(), context);
    });
}

async function verify(options: VerifyOptions, { io, out }: CliContext): Promise<number> {
  const signing = await resolveSigning({ ...options, cwd: io.cwd });
  const toleranceSeconds = parseCount('--tolerance', options.tolerance, { min: 0, max: 10 * 365 * 86_400 });
  const headers = options.header ?? {};
  const input = await readInput(options.file, io);
  const scheme = signing.scheme ?? detectScheme(headers);
  try {
    const verified = await verifyWebhook({ headers, body: input.text }, { secrets: signing.secrets, scheme, toleranceSeconds });
    const { event } = verified;
    if (options.json) out.json({ valid: true, scheme, event: event.event, id: event.id, signedAt: verified.timestamp });
    else out.line(`${out.color.green('✔ valid')}  ${event.event}  ${event.id}  (${scheme}, signed ${formatTime(verified.timestamp * 1000)})`);
    return EXIT.ok;
  } catch (error) {
    if (!isWebhookError(error)) throw error;
    if (options.json) out.json({ valid: false, scheme, code: error.code, reason: error.message });
    else out.line(`${out.color.red('✘ invalid')}  ${error.code}: ${error.message}`);
    return EXIT.failed;
  }
}
