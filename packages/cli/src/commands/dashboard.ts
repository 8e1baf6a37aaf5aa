import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { createDashboardListener } from '@webhooks/dashboard';
import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { loadWebhooksConfig } from '../config/load-webhooks-config.js';
import { EXIT } from '../support/exit-codes.js';
import { parseCount } from '../support/parse-count.js';
import { closeOnSignal, listenOn } from '../support/serve-until-signal.js';

interface DashboardCommandOptions {
  port: string;
  host: string;
  config?: string;
}

const COOKIE = 'webhooks_cli_dashboard';

/**
 * `webhooks dashboard`: the delivery-log page (`@webhooks/dashboard`) over the application's log,
 * from `webhooks.config.*`, on a local port. Access takes the link it prints, which carries a
 * random token for this run; the token becomes an HttpOnly cookie and leaves the address bar.
 *
 * @example
 * program.addCommand(dashboardCommand(context));
 */
export function dashboardCommand(context: CliContext): Command {
  return new Command('dashboard')
    .description('serve the delivery-log page for the application in webhooks.config: filter, inspect and replay deliveries')
    .option('-p, --port <port>', 'port to listen on (0: any free port)', '4001')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addHelpText(
      'after',
      `
The page reads the application's delivery log and acts through it: a replay becomes a pending
delivery that the application's delivering processes send (this process never delivers).
Open the printed link: its token, new on each run, is what lets a browser in.
Stop with Ctrl-C (exit code 0).

Examples:
  $ webhooks dashboard
  $ webhooks dashboard --port 8080 --config ./config/webhooks.config.ts`,
    )
    .action(async (_options: unknown, command: Command) => {
      context.exitCode = await serve(command.optsWithGlobals<DashboardCommandOptions>(), context);
    });
}

async function serve(options: DashboardCommandOptions, { io, out }: CliContext): Promise<number> {
  const port = parseCount('--port', options.port, { min: 0, max: 65_535 });
  const loaded = await loadWebhooksConfig({ cwd: io.cwd, file: options.config });
  const { webhooks, close } = await loaded.open({ worker: false });
  const token = randomBytes(24).toString('base64url');
  const listener = createDashboardListener({ webhooks, authorize: (req) => authorize(req, token) });
  const server = createServer(listener);
  try {
    const url = await listenOn(server, options.host, port);
    out.note(`Dashboard at ${out.errorColor.bold(`${url}/?token=${token}`)}`);
    out.note(out.errorColor.dim('Press Ctrl-C to stop.'));
    await closeOnSignal(server);
  } finally {
    server.close();
    await close();
  }
  return EXIT.ok;
}

/** The run's token from the cookie; from `?token=` once, answered with the cookie and a clean URL. */
function authorize(req: IncomingMessage, token: string): boolean | Response {
  const cookie = /(?:^|;\s*)webhooks_cli_dashboard=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
  if (cookie !== undefined && same(cookie, token)) return true;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const offered = url.searchParams.get('token');
  if (req.method === 'GET' && offered !== null && same(offered, token)) {
    url.searchParams.delete('token');
    return new Response(null, {
      status: 303,
      headers: { location: `${url.pathname}${url.search}`, 'set-cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` },
    });
  }
  return new Response('Open the link `webhooks dashboard` printed: it carries this run’s token.\n', {
    status: 401,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
