import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request as the receiver saw it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The server-side socket's remote port, to tell connections apart. */
  remotePort: number;
  at: number;
}

/** How to answer the n-th request (0-based): a response, or a misbehaviour. */
export type Reply =
  | { status: number; headers?: Record<string, string>; body?: string }
  | { hang: true }
  | { reset: true }
  | { trickle: { chunks: number; everyMs: number; status?: number } }
  | { bodyBytes: number; status?: number };

export interface TestReceiver {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  url(path?: string): string;
  readonly requests: ReceivedRequest[];
  /** Resolves once `count` requests have arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/**
 * A real HTTP server on loopback that records every request, verified or not, and answers as
 * `reply` says, misbehaviours included (hang, reset, trickle, an oversized body): for testing
 * timeouts and response limits of a sender. `createTestReceiver` is the verifying one.
 *
 * @example
 * const receiver = await startTestReceiver((request, index) => (index === 0 ? { hang: true } : { status: 200 }));
 * // ... send to receiver.url() ...
 * const [first, second] = await receiver.waitFor(2);
 */
export async function startTestReceiver(
  reply: (request: ReceivedRequest, index: number) => Reply | Promise<Reply> = () => ({ status: 200, body: 'ok' }),
): Promise<TestReceiver> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const waiters: (() => void)[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: req.socket.remotePort ?? 0,
        at: Date.now(),
      };
      const index = requests.push(request) - 1;
      const replied = reply(request, index);
      if (replied instanceof Promise) replied.then((r) => answer(res, r), () => answer(res, { status: 500 }));
      else answer(res, replied);
      for (const wake of waiters.splice(0)) wake();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path = '/hooks') => `${origin}${path}`,
    requests,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} requests, got ${requests.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50);
        });
      }
      return requests.slice(0, count);
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function answer(res: ServerResponse, reply: Reply): void {
  if ('hang' in reply) return;
  if ('reset' in reply) {
    res.socket?.destroy();
    return;
  }
  if ('trickle' in reply) {
    const { chunks, everyMs, status = 200 } = reply.trickle;
    res.writeHead(status, { 'content-type': 'text/plain' });
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed || sent++ >= chunks) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write('.');
    }, everyMs);
    return;
  }
  if ('bodyBytes' in reply) {
    res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain', 'content-length': String(reply.bodyBytes) });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let left = reply.bodyBytes;
    const pump = () => {
      while (left > 0) {
        const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('close', () => {
      left = 0;
    });
    pump();
    return;
  }
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body ?? '');
}
