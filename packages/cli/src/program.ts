import { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { dashboardCommand } from './commands/dashboard.js';
import { deliveriesListCommand } from './commands/deliveries-list.js';
import { deliveriesReplayCommand } from './commands/deliveries-replay.js';
import { deliveriesShowCommand } from './commands/deliveries-show.js';
import { endpointsCommand } from './commands/endpoints.js';
import { listenCommand } from './commands/listen.js';
import { sendCommand } from './commands/send.js';
import { signCommand } from './commands/sign.js';
import { verifyCommand } from './commands/verify.js';
import { EXIT_CODES_HELP } from './support/exit-codes.js';
import { VERSION } from './version.js';

/**
 * The `webhooks` command and its sub-commands, writing through `context`.
 *
 * @example
 * await createProgram(context).parseAsync(process.argv);
 */
export function createProgram(context: CliContext): Command {
  const program = new Command('webhooks')
    .description('Develop and operate webhooks: receive and verify locally, sign by hand, send samples, inspect and replay deliveries.')
    .version(VERSION, '-v, --version')
    .option('-c, --config <file>', 'the config file (default: webhooks.config.ts, .mts, .cts, .js, .mjs or .cjs here)')
    .addHelpText(
      'after',
      `
Examples:
  $ webhooks listen --port 4000 --forward-to http://localhost:3000/webhooks
  $ webhooks sign --file body.json --curl http://localhost:3000/webhooks
  $ webhooks deliveries list --state dead --since 1h
  $ webhooks deliveries replay --state dead --endpoint crm
  $ webhooks endpoints
  $ webhooks dashboard

Secrets: set WEBHOOK_SECRET instead of passing --secret, or use --endpoint <name> to read
an endpoint's secret through webhooks.config. Secrets are never printed.
Colours only on a terminal, never with NO_COLOR set.
${EXIT_CODES_HELP}`,
    );
  program.addCommand(listenCommand(context));
  program.addCommand(signCommand(context));
  program.addCommand(verifyCommand(context));
  program.addCommand(sendCommand(context));
  const deliveries = new Command('deliveries').description('the delivery log: list, show and replay deliveries');
  deliveries.addCommand(deliveriesListCommand(context));
  deliveries.addCommand(deliveriesShowCommand(context));
  deliveries.addCommand(deliveriesReplayCommand(context));
  program.addCommand(deliveries);
  program.addCommand(endpointsCommand(context));
  program.addCommand(dashboardCommand(context));
  configureAll(program, context);
  return program;
}

/** Commands made with `new Command()` inherit nothing: each gets the same error handling and output. */
function configureAll(command: Command, context: CliContext): void {
  command
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void context.io.stdout.write(text),
      writeErr: (text) => void context.io.stderr.write(text),
      outputError: (text, write) => write(context.out.errorColor.red(text)),
    });
  for (const sub of command.commands) configureAll(sub, context);
}
