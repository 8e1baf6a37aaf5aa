import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { verifyNodeRequest } from '@webhooks/verify/node';

/** The receiving service: verifies each request and counts what arrived, and from which worker. */
export async function startReceiver(secret: string) {
  const eventIds = new Set<string>();
  const byWorker: Record<string, number> = {};
  let requests = 0;
  const server = createServer((req, res) => {
    verifyNodeRequest(req, { secret }).then(
      ({ event }) => {
        requests++;
        eventIds.add(event.id); // delivery is at least once: count each event id once
        const worker = String(req.headers['x-worker']);
        byWorker[worker] = (byWorker[worker] ?? 0) + 1;
        res.writeHead(204).end();
      },
      () => res.writeHead(401).end(),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`,
    eventIds,
    byWorker,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
