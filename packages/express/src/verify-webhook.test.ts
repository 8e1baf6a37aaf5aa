import { Readable } from 'node:stream';
import express, { type Express } from 'express';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { eventBody, handSigned, listen, post, SECRET, signed, STANDARD_SECRET } from '../test/fixtures.js';
import { verifyWebhook, type VerifyWebhookMiddlewareOptions } from './verify-webhook.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A real app with one webhook route that echoes what the handler received. */
async function start(options: VerifyWebhookMiddlewareOptions = { secret: SECRET }, setup?: (app: Express) => void) {
  const app = express();
  setup?.(app);
  app.post('/webhooks', verifyWebhook(options), (req, res) => {
    const { event, rawBody } = req.webhook!;
    res.json({ id: event.id, object: event.object, rawBody });
  });
  const server = await listen(app);
  close = server.close;
  return `${server.url}/webhooks`;
}

describe('verifyWebhook() middleware', () => {
  it('accepts a request signed by our sender and gives the handler req.webhook', async () => {
    const url = await start();
    const body = eventBody({ id: 7, status: 'PAID' });
    const { status, json } = await post(url, body, await signed(body));
    expect(status).toBe(200);
    expect(json).toEqual({ id: JSON.parse(body).id, object: { id: '7', status: 'PAID' }, rawBody: body });
  });

  it('accepts a non-ASCII, emoji body signed like a hand-written node:crypto snippet, byte-exactly', async () => {
    const url = await start();
    const body = eventBody({ id: 8, customer: 'Łukasz Żółć 😀👍🏽', note: '日本語 — “quotes”' });
    const { status, json } = await post(url, body, handSigned(body));
    expect(status).toBe(200);
    expect(json.rawBody).toBe(body);
  });

  it('accepts a Standard Webhooks request signed by the standardwebhooks package, and refuses one whose webhook-id is not the body id', async () => {
    const url = await start({ secret: STANDARD_SECRET, scheme: 'standard-webhooks' });
    const body = eventBody();
    const at = new Date();
    const signedFor = (id: string) => ({
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(STANDARD_SECRET).sign(id, at, body),
    });
    expect((await post(url, body, signedFor(JSON.parse(body).id))).status).toBe(200);
    const other = await post(url, body, signedFor('msg_1'));
    expect(other.status).toBe(400);
    expect(other.json.error?.code).toBe('event_id_mismatch');
  });

  it('takes the Buffer that express.raw() left in req.body', async () => {
    const url = await start({ secret: SECRET }, (app) => app.use(express.raw({ type: 'application/json' })));
    const body = eventBody({ id: 9, text: 'ßü' });
    const { status, json } = await post(url, body, await signed(body));
    expect(status).toBe(200);
    expect(json.rawBody).toBe(body);
  });

  it('after express.raw(), a handler that throws reaches the app’s error handler once, and a bad signature still gets 401', async () => {
    const app = express();
    const seen: string[] = [];
    app.post('/webhooks', express.raw({ type: 'application/json' }), verifyWebhook({ secret: SECRET }), () => {
      throw new Error('handler broke');
    });
    app.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      seen.push(err.message);
      res.status(500).json({ error: err.message });
    });
    const server = await listen(app);
    close = server.close;
    const body = eventBody({ id: 10 });
    const broken = await post(`${server.url}/webhooks`, body, await signed(body));
    expect(broken).toMatchObject({ status: 500, json: { error: 'handler broke' } });
    expect(seen).toEqual(['handler broke']);
    const forged = await post(`${server.url}/webhooks`, body, await signed(body, { secret: 'not-the-secret' }));
    expect(forged.status).toBe(401);
    expect(seen).toEqual(['handler broke']);
  });

  it('keeps working when express.json() is mounted after it', async () => {
    const app = express();
    app.use(verifyWebhook({ secret: SECRET }));
    app.use(express.json());
    app.post('/webhooks', (req, res) => res.json({ bodyId: req.body.id }));
    const server = await listen(app);
    close = server.close;
    const body = eventBody();
    const { status, json } = await post(`${server.url}/webhooks`, body, await signed(body));
    expect(status).toBe(200);
    expect(json.bodyId).toBe(JSON.parse(body).id);
  });

  it('answers 500 with the fix when mounted after express.json(), and logs it once', async () => {
    const logged: string[] = [];
    const url = await start({ secret: SECRET, logger: { error: (m) => logged.push(m) } }, (app) => app.use(express.json()));
    const body = eventBody();
    const first = await post(`${url}?token=not-for-logs`, body, await signed(body));
    const second = await post(url, body, await signed(body));
    expect(first.status).toBe(500);
    expect(first.json.error?.code).toBe('body_already_parsed');
    expect(first.json.error?.message).toMatch(/express\.raw\(\{ type: "application\/json" \}\)/);
    expect(second.status).toBe(500);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/POST \/webhooks: req\.body is already a parsed object/);
    expect(logged[0]).not.toContain('not-for-logs');
  });

  it('lets onError answer verification failures', async () => {
    const url = await start({
      secret: SECRET,
      onError: (err, _req, res) => res.status(418).send(`custom ${err.code}`),
    });
    const body = eventBody();
    const response = await fetch(url, { method: 'POST', body, headers: await signed(body, { secret: 'x' }) });
    expect(response.status).toBe(418);
    expect(await response.text()).toBe('custom no_matching_signature');
  });

  it('passes errors that are not verification failures to next()', async () => {
    const store = { claim: () => Promise.reject(new Error('store down')), complete: () => {}, release: () => {} };
    const url = await start({ secret: SECRET, idempotency: store }, () => {});
    const body = eventBody();
    const response = await fetch(url, { method: 'POST', body, headers: await signed(body) });
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(/store down/);
  });

  it('refuses to be created without a secret', () => {
    expect(() => verifyWebhook({})).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
    expect(() => verifyWebhook({ secrets: [''] })).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });

  it('answers 413 and closes the connection for a chunked upload over the limit', async () => {
    const url = await start({ secret: SECRET, maxBodyBytes: 8 * 1024 });
    const body = eventBody({ id: 1, padding: 'p'.repeat(64 * 1024) });
    const chunks = Array.from({ length: 64 }, (_, i) => body.slice(i * 1100, (i + 1) * 1100)).filter(Boolean);
    const stream = Readable.toWeb(Readable.from(chunks)) as ReadableStream;
    const { status, json, headers } = await post(url, stream, await signed(body), { duplex: 'half' } as RequestInit);
    expect(status).toBe(413);
    expect(json.error?.code).toBe('body_too_large');
    expect(headers.get('connection')).toBe('close');
  });
});
