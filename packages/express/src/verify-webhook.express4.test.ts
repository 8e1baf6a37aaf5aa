import { createRequire } from 'node:module';
import type { Express } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { eventBody, listen, post, SECRET, signed } from '../test/fixtures.js';
import { verifyWebhook } from './verify-webhook.js';

// Express 4 installed under an alias; its API is what these tests use of Express 5's types.
const express4 = createRequire(import.meta.url)('express4') as typeof import('express');

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const logged: string[] = [];

async function start(setup?: (app: Express) => void) {
  const app = express4();
  setup?.(app);
  app.post('/webhooks', verifyWebhook({ secret: SECRET, logger: { error: (m) => logged.push(m) } }), (req, res) => {
    res.json({ id: req.webhook!.event.id });
  });
  const server = await listen(app);
  close = server.close;
  return `${server.url}/webhooks`;
}

describe('verifyWebhook() on Express 4', () => {
  it('accepts a signed request and rejects a forged one', async () => {
    const url = await start();
    const body = eventBody();
    expect((await post(url, body, await signed(body))).json.id).toBe(JSON.parse(body).id);
    expect((await post(url, body, await signed(body, { secret: 'forged' }))).status).toBe(401);
  });

  it('reads the body itself when express.json() skipped a non-JSON content type', async () => {
    const url = await start((app) => app.use(express4.json()));
    const body = eventBody();
    const answer = await post(url, body, { ...(await signed(body)), 'content-type': 'text/plain' });
    expect(answer.status).toBe(200);
  });

  it('answers 500 body_already_parsed when express.json() parsed the body first', async () => {
    const url = await start((app) => app.use(express4.json()));
    const body = eventBody();
    const answer = await post(url, body, await signed(body));
    expect(answer.status).toBe(500);
    expect(answer.json.error?.code).toBe('body_already_parsed');
    expect(logged).toHaveLength(1);
  });
});
