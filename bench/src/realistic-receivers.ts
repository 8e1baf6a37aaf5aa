// The realistic benchmark's receivers, in a process of their own: one HTTP server per endpoint on
// loopback, each answering after its kind's latency (±20 %), 5 % of answers 503, and the hanging
// kind never answering (the sender's attempt timeout ends those requests).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ENDPOINTS, FAILURE_RATE, kindOf, LATENCY_MS } from './realistic-workload.js';

const servers: Server[] = [];
for (let i = 0; i < ENDPOINTS; i++) {
  const kind = kindOf(i);
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (kind === 'hang') return;
      const delay = LATENCY_MS[kind] * (0.8 + 0.4 * Math.random());
      setTimeout(() => {
        res.statusCode = Math.random() < FAILURE_RATE ? 503 : 200;
        res.setHeader('content-type', 'text/plain');
        res.end(res.statusCode === 200 ? 'ok' : 'busy');
      }, delay);
    });
  });
  server.keepAliveTimeout = 60_000;
  servers.push(server);
}
await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))));
process.send!({ ports: servers.map((server) => (server.address() as AddressInfo).port) });
process.on('disconnect', () => process.exit(0));
