// The app under load for express.bench.ts: run in its own process so the load generator does not share its event loop.
import type { AddressInfo } from 'node:net';
import express from 'express';
import { verifyWebhook } from '../src/index.js';

const BENCH_SECRET = 'bench-secret-0123456789abcdef'; // the same as express.bench.ts

const app = express();
const raw = express.raw({ type: 'application/json' });
const handler: express.RequestHandler = (_req, res) => {
  res.sendStatus(204);
};
app.post('/bare', raw, handler);
app.post('/verified', raw, verifyWebhook({ secret: BENCH_SECRET }), handler);
app.post('/verified-stream', verifyWebhook({ secret: BENCH_SECRET }), handler);

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
// CPU time is what the bench divides by requests served: unlike req/s, a busy neighbour does not inflate it.
process.on('message', () => process.send!(process.cpuUsage()));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
