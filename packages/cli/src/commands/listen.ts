import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { WebhookError } from '@webhooks/core';
import { DEFAULT_MAX_BODY_BYTES, isWebhookError, verifyWebhook, webhookErrorStatus } from '@webhooks/verify';
import { Command, Option } from 'commander';
import type { CliContext } from '../cli-context.js';
import { endpointOption, jsonOption, schemeOption, secretOption } from '../support/common-options.js';
import { detectScheme } from '../support/detect-scheme.js';
import { EXIT } from '../support/exit-codes.js';
import { forwardRequest } from '../support/forward-request.js';
import { parseCount } from '../support/parse-count.js';
import { resolveSigning, type Signing } from '../support/resolve-signing.js';
import { closeOnSignal, listenOn } from '../support/serve-until-signal.js';
import { describeArrival, type Arrival } from './listen-arrival.js';

interface ListenOptions {
  port: string;
  host: string;
  secret?: string;
  endpoint?: string;
  scheme: string;
  print: 'line' | 'json';
  forwardTo?: string;
  tolerance: string;
  json?: boolean;
  config?: string;
}

/**
 * `webhooks listen`: a local receiver that verifies each request (either scheme), prints one line
 * per event, and can forward it unchanged to the application.
 *
 * @example
 * program.addCommand(listenCommand(context));
 */
export function listenCommand(context: CliContext): Command {
  return new Command('listen')
    .description('receive webhooks locally: verify each request and print it; optionally forward it to your app')
    .option('-p, --port <port>', 'port to listen on (0: any free port)', '4000')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .addOption(secretOption())
    .addOption(endpointOption())
    .addOption(schemeOption(['auto', 'hmac-sha256', 'standard-webhooks'], 'auto'))
    .addOption(new Option('--print <what>', 'what to print per event: a line, or the line and the raw JSON body').choices(['line', 'json']).default('line'))
    .option('--forward-to <url>', 'post each verified request, unchanged, to this URL and answer with its response')
    .option('--tolerance <seconds>', 'largest age of the signed timestamp', '300')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Each request gets one line: time, event, id, verdict (and the forward's status).
Verified requests are answered 200 (or with the forward's answer); rejected ones 401 or 400.
Stop with Ctrl-C (exit code 0).

Examples:
  $ export WEBHOOK_SECRET=dev-secret
  $ webhooks listen --port 4000
  $ webhooks listen --endpoint crm --forward-to http://localhost:3000/webhooks
  $ webhooks listen --print json --json | jq .event`,
    )
    .action(async (_options: unknown, command: Command) => {
      context.exitCode = await listen(command.optsWithGlobals<ListenOptions>(), context);
    });
}

async function listen(options: ListenOptions, context: CliContext): Promise<number> {
  const { io, out } = context;
  const signing = await resolveSigning({ ...options, cwd: io.cwd });
  const port = parseCount('--port', options.port, { min: 0, max: 65_535 });
  const toleranceSeconds = parseCount('--tolerance', options.tolerance, { min: 0, max: 10 * 365 * 86_400 });
  if (options.forwardTo !== undefined && !/^https?:\/\//i.test(options.forwardTo)) {
    throw new WebhookError('invalid_argument', `--forward-to must be an http(s) URL, got ${JSON.stringify(options.forwardTo)}`);
  }
  const server = createServer((req, res) => {
    receive(req, res, { signing, toleranceSeconds, forwardTo: options.forwardTo }).then(
      (arrival) => report(arrival, options, context),
      (error) => {
        out.note(out.errorColor.red(`request failed: ${(error as Error).message}`));
        if (!res.headersSent) res.writeHead(500).end();
      },
    );
  });
  const url = await listenOn(server, options.host, port);
  const schemes = signing.scheme ?? 'hmac-sha256 and standard-webhooks';
  out.note(`Listening on ${out.errorColor.bold(url)} (${schemes})`);
  if (options.forwardTo) out.note(`Forwarding verified requests to ${options.forwardTo}`);
  out.note(out.errorColor.dim('Press Ctrl-C to stop.'));
  await closeOnSignal(server);
  return EXIT.ok;
}

interface ReceiveOptions {
  signing: Signing;
  toleranceSeconds: number;
  forwardTo: string | undefined;
}

async function receive(req: IncomingMessage, res: ServerResponse, options: ReceiveOptions): Promise<Arrival> {
  const at = Date.now();
  const body = await readBody(req);
  const headers = req.headers as Record<string, string | string[] | undefined>;
  const scheme = options.signing.scheme ?? detectScheme(headers);
  const arrival: Arrival = { at, method: req.method ?? 'POST', path: req.url ?? '/', scheme, body: body.toString('utf8') };
  if (req.method !== 'POST') {
    res.writeHead(405, { allow: 'POST' }).end();
    return { ...arrival, status: 405 };
  }
  try {
    const { event } = await verifyWebhook({ headers, body }, { secrets: options.signing.secrets, scheme, toleranceSeconds: options.toleranceSeconds });
    Object.assign(arrival, { verified: true, event: event.event, id: event.id });
  } catch (error) {
    if (!isWebhookError(error)) throw error;
    const status = webhookErrorStatus(error.code);
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: error.code, message: error.message } }));
    return { ...arrival, ...unverifiedIds(arrival.body), verified: false, code: error.code, reason: error.message, status };
  }
  if (options.forwardTo === undefined) {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
    return { ...arrival, status: 200 };
  }
  const answer = await forwardRequest(options.forwardTo, headers, body, 30_000);
  if ('error' in answer) {
    res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'forward_failed', message: answer.error } }));
    return { ...arrival, status: 502, forward: { error: answer.error } };
  }
  const type = answer.headers.get('content-type');
  res.writeHead(answer.status, type ? { 'content-type': type } : {}).end(answer.body);
  return { ...arrival, status: answer.status, forward: { status: answer.status } };
}

async function readBody(req: IncomingMessage): Promise<Buffer<ArrayBuffer>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // The verifier refuses it as body_too_large; keep no more than that.
    if (size <= DEFAULT_MAX_BODY_BYTES + 1) chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The event name and id a rejected body claims, shown (marked unverified) to help find the sender. */
function unverifiedIds(body: string): { event?: string; id?: string } {
  try {
    const parsed = JSON.parse(body) as { event?: unknown; id?: unknown };
    return {
      ...(typeof parsed.event === 'string' ? { event: parsed.event.slice(0, 100) } : {}),
      ...(typeof parsed.id === 'string' ? { id: parsed.id.slice(0, 100) } : {}),
    };
  } catch {
    return {};
  }
}

function report(arrival: Arrival, options: ListenOptions, { out }: CliContext): void {
  if (options.json) {
    const { body, at, ...rest } = arrival;
    const record = { at: new Date(at).toISOString(), ...rest };
    out.json(options.print === 'json' ? { ...record, body } : record, true);
    return;
  }
  out.line(describeArrival(arrival, out.color));
  if (options.print === 'json' && arrival.verified) out.line(arrival.body);
}
