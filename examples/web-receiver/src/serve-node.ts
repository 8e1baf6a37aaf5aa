import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Readable } from 'node:stream';

/** A Web-standard request handler, as Deno, Bun, Workers and Next.js route handlers take. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Serves a Web-standard handler with node:http; call `listen()` on the result.
 *
 * @example
 * serveNode(handleWebhook).listen(3000);
 */
export function serveNode(handler: FetchHandler): Server {
  return createServer((req, res) => {
    // Inside the chain, so a request that cannot be converted (a malformed URL) is answered too.
    Promise.resolve(req)
      .then((incoming) => handler(toRequest(incoming)))
      .then((response) => send(res, response))
      .catch((err: unknown) => {
        console.error(err);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
  });
}

/** The Node request as a Web `Request`; its body is streamed, so the verifier reads the raw bytes with its size limit. */
export function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const one of Array.isArray(value) ? value : [value]) if (one !== undefined) headers.append(name, one);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // Only the path matters for routing; the Host header is the client's to choose.
  return new Request(new URL(req.url ?? '/', 'http://localhost'), {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
    duplex: 'half', // Node needs this for a streamed request body
  } as RequestInit & { duplex: 'half' });
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer()); // webhook answers are a few bytes
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(body);
}
