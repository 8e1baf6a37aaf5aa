// The app under load for express.bench.ts: run in its own process so the load generator does not share its event loop.
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';
import express from 'express';

// The built package, as users get it (the bench script builds first): run from source through tsx, every
// closure the middleware makes per request would pay for esbuild's name-keeping helper too.
const { verifyWebhook } = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof import('../src/index.js');

const BENCH_SECRET = 'bench-secret-0123456789abcdef'; // the same as express.bench.ts

const app = express();
const raw = express.raw({ type: 'application/json' });
const handler: express.RequestHandler = (_req, res) => {
  res.sendStatus(204);
};
app.post('/bare', raw, handler);
// The floor for any verifier: what every one must do (HMAC of "<timestamp>.<body>", a constant-time
// compare, JSON.parse of the body), written inline with nothing else: no header checks, errors or options.
const byHand: express.RequestHandler = (req, res, next) => {
  const body = req.body as Buffer;
  const mac = createHmac('sha256', BENCH_SECRET).update(`${req.headers['x-webhook-timestamp']}.`).update(body).digest();
  const sent = Buffer.from(String(req.headers['x-webhook-signature']).slice(7), 'hex');
  if (sent.length !== mac.length || !timingSafeEqual(sent, mac)) {
    res.sendStatus(400);
    return;
  }
  (req as { event?: unknown }).event = JSON.parse(body.toString());
  next();
};
app.post('/by-hand', raw, byHand, handler);
app.post('/verified', raw, verifyWebhook({ secret: BENCH_SECRET }), handler);
app.post('/verified-stream', verifyWebhook({ secret: BENCH_SECRET }), handler);

const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
// CPU time is what the bench divides by requests served: unlike req/s, a busy neighbour does not inflate it.
process.on('message', () => process.send!(process.cpuUsage()));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
