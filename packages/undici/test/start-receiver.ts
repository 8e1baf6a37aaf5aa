import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the receiver saw it, body as raw bytes. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  /** Which connection (1, 2, ...) carried it. */
  connection: number;
}

export type Route = (req: IncomingMessage, res: ServerResponse, received: ReceivedRequest) => void;

/** A real HTTP receiver on 127.0.0.1, port 0. */
export interface Receiver {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  requests: ReceivedRequest[];
  /** Connections accepted so far. */
  connections(): number;
  /** Requests that reached `path`. */
  hits(path: string): number;
  close(): Promise<void>;
}

/**
 * Starts a receiver whose routes are keyed by path; each route runs once the
 * request body has been read in full. Unknown paths answer 404.
 */
export async function startReceiver(routes: Record<string, Route>): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Map<Socket, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0] as string;
      const received: ReceivedRequest = {
        method: req.method ?? '',
        path,
        headers: req.headers,
        body: Buffer.concat(chunks),
        connection: sockets.get(req.socket) ?? 0,
      };
      requests.push(received);
      const route = routes[path];
      if (route) route(req, res, received);
      else res.writeHead(404).end('no such route');
    });
  });
  server.on('connection', (socket) => sockets.set(socket, sockets.size + 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => sockets.size,
    hits: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that was just free and is now closed, so connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
