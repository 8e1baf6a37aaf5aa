import type { EndpointStatus, Webhooks } from '@webhooks/core';
import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { formatTable } from '../output/format-table.js';
import { formatTime } from '../output/format-time.js';
import { jsonOption } from '../support/common-options.js';
import { EXIT } from '../support/exit-codes.js';
import { withWebhooks } from '../support/with-webhooks.js';

interface EndpointsOptions {
  json?: boolean;
  reason?: string;
  config?: string;
}

/**
 * `webhooks endpoints`: every configured endpoint with its health; `enable` and `disable` change it
 * for every process that shares the delivery log.
 *
 * @example
 * program.addCommand(endpointsCommand(context));
 */
export function endpointsCommand(context: CliContext): Command {
  const endpoints = new Command('endpoints').description('list endpoints with their health; enable or disable one');
  endpoints
    .command('list', { isDefault: true })
    .description('every configured endpoint: state, consecutive failures, held deliveries')
    .addOption(jsonOption())
    .addHelpText('after', '\nExamples:\n  $ webhooks endpoints\n  $ webhooks endpoints list --json')
    .action(async (_options: unknown, command: Command) => {
      context.exitCode = await list(command.optsWithGlobals<EndpointsOptions>(), context);
    });
  endpoints
    .command('disable')
    .description('stop sending to an endpoint; its deliveries are held until it is enabled')
    .argument('<name>', 'the endpoint name in the configuration')
    .option('--reason <text>', 'why, shown in `webhooks endpoints`', 'disabled from the command line')
    .addOption(jsonOption())
    .addHelpText('after', '\nExamples:\n  $ webhooks endpoints disable crm --reason "CRM maintenance until 14:00"')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<EndpointsOptions>();
      await withWebhooks({ cwd: context.io.cwd, config: options.config }, (webhooks) => webhooks.disableEndpoint(name, options.reason));
      if (options.json) context.out.json({ endpoint: name, state: 'disabled', reason: options.reason });
      else context.out.line(`Disabled ${name}: its deliveries are held until \`webhooks endpoints enable ${name}\`.`);
    });
  endpoints
    .command('enable')
    .description('resume an endpoint; its held deliveries are sent again')
    .argument('<name>', 'the endpoint name in the configuration')
    .addOption(jsonOption())
    .addHelpText('after', '\nExamples:\n  $ webhooks endpoints enable crm')
    .action(async (name: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<EndpointsOptions>();
      const resumed = await withWebhooks({ cwd: context.io.cwd, config: options.config }, async (webhooks) => {
        // Counted first: a delivering process that sees the endpoint active resumes its held deliveries
        // too, so enableEndpoint's own count may miss those it got to first.
        const held = await webhooks.deliveryLog.count({ endpoint: name, state: 'held' });
        const resumedHere = await webhooks.enableEndpoint(name);
        return Math.max(held, resumedHere);
      });
      if (options.json) context.out.json({ endpoint: name, state: 'active', resumed });
      else context.out.line(`Enabled ${name}: ${resumed} held ${resumed === 1 ? 'delivery resumes' : 'deliveries resume'}.`);
    });
  return endpoints;
}

async function list(options: EndpointsOptions, { io, out }: CliContext): Promise<number> {
  const rows = await withWebhooks({ cwd: io.cwd, config: options.config }, async (webhooks) => {
    const statuses = await webhooks.listEndpoints();
    return Promise.all(statuses.map(async (status) => ({ status, ...(await details(webhooks, status)) })));
  });
  if (options.json) {
    out.json(rows.map(({ status, url, held }) => ({ ...status, ...(status.disabledAt ? { disabledAt: new Date(status.disabledAt).toISOString() } : {}), url, held })));
    return EXIT.ok;
  }
  const c = out.color;
  const table = rows.map(({ status, url, held }) => [
    status.endpoint,
    status.state === 'active' ? c.green('active') : c.red('disabled'),
    String(status.consecutiveFailures),
    String(held),
    url,
    status.state === 'disabled' ? `${status.reason ?? ''}${status.disabledAt ? c.dim(` (since ${formatTime(status.disabledAt)})`) : ''}` : '',
  ]);
  out.line(formatTable(['ENDPOINT', 'STATE', 'FAILURES', 'HELD', 'URL', 'REASON'], table));
  return EXIT.ok;
}

async function details(webhooks: Webhooks, status: EndpointStatus) {
  const held = await webhooks.deliveryLog.count({ endpoint: status.endpoint, state: 'held' });
  const endpoint = webhooks.config.endpoint(status.endpoint);
  return { held, url: endpoint ? withoutQuery(endpoint.url) : '' };
}

/** The URL without its query: tokens are sometimes passed there, and this output is shared. */
function withoutQuery(url: string): string {
  const at = url.indexOf('?');
  return at === -1 ? url : `${url.slice(0, at)}?…`;
}
