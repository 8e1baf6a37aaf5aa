import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { eventBody, SECRET, serve, signed } from '../../../test/fixtures.js';
import type { VerifyWebhookOptions } from '../../verify-options.js';
import { checkNodeRequest, verifyNodeRequest } from './verify-node-request.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/**
 * A node:http server that runs `before` (standing in for a body parser) and then
 * verifies; it answers the event id, or the error code with its message.
 */
async function nodeServer(options: VerifyWebhookOptions, before?: (req: IncomingMessage & { body?: unknown }) => Promise<void>) {
  const server = await serve(async (req, res) => {
    try {
      await before?.(req);
      const { event } = await verifyNodeRequest(req, options);
      res.end(event.id);
    } catch (err) {
      const { code, message } = err as { code: string; message: string };
      res.statusCode = 400;
      res.setHeader('connection', 'close');
      res.end(`${code}: ${message}`);
    }
  });
  close = server.close;
  return server.url;
}

async function post(url: string, body: string, init: RequestInit = {}) {
  const response = await fetch(url, { method: 'POST', headers: await signed(body), body, ...init });
  return response.text();
}

async function readAll(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

describe('verifyNodeRequest', () => {
  it('verifies an IncomingMessage by reading its stream', async () => {
    const url = await nodeServer({ secret: SECRET });
    const body = eventBody({ id: 1, text: 'ünïcödé 🎉'.repeat(5000) });
    expect(await post(url, body)).toBe(JSON.parse(body).id);
  });

  it('uses the bytes or text a raw body parser left in req.body', async () => {
    const asBytes = await nodeServer({ secret: SECRET }, async (req) => {
      req.body = new TextEncoder().encode(await readAll(req));
    });
    const body = eventBody({ id: 2, text: '€' });
    expect(await post(asBytes, body)).toBe(JSON.parse(body).id);
  });

  it('refuses a body already parsed into an object and says how to fix it', async () => {
    const url = await nodeServer({ secret: SECRET }, async (req) => {
      req.body = JSON.parse(await readAll(req));
    });
    const answer = await post(url, eventBody());
    expect(answer).toMatch(/^body_already_parsed: req\.body is already a parsed object/);
    expect(answer).toMatch(/before express\.json\(\)/);
    expect(answer).toMatch(/express\.raw/);
  });

  it('refuses a stream that something else already consumed', async () => {
    const url = await nodeServer({ secret: SECRET }, async (req) => {
      await readAll(req);
    });
    expect(await post(url, eventBody())).toMatch(/^body_already_parsed: the request stream was already read/);
  });

  it('rejects a declared Content-Length over the limit', async () => {
    const url = await nodeServer({ secret: SECRET, maxBodyBytes: 1024 });
    expect(await post(url, eventBody({ id: 3, padding: 'z'.repeat(2000) }))).toMatch(/^body_too_large/);
  });

  it('stops reading a chunked upload once it passes the limit', async () => {
    const url = await nodeServer({ secret: SECRET, maxBodyBytes: 16 * 1024 });
    const body = eventBody({ id: 4, padding: 'z'.repeat(40_000) });
    const chunks = Array.from({ length: 40 }, (_, i) => body.slice(i * 1024, (i + 1) * 1024)).filter(Boolean);
    const answer = await post(url, body, {
      body: Readable.toWeb(Readable.from(chunks)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(answer).toMatch(/^body_too_large: the request body is larger than 16384 bytes/);
  });

  it('refuses over HTTP a request whose id header differs from the signed body id', async () => {
    const url = await nodeServer({ secret: SECRET });
    const body = eventBody();
    const response = await fetch(url, { method: 'POST', headers: await signed(body, { eventId: 'evt_other' }), body });
    expect(await response.text()).toMatch(/^event_id_mismatch: X-Webhook-Event-Id does not match/);
  });

  it('rejects a tampered body sent over HTTP', async () => {
    const url = await nodeServer({ secret: SECRET });
    const body = eventBody();
    const response = await fetch(url, { method: 'POST', headers: await signed(body), body: body.replace('42', '43') });
    expect(await response.text()).toMatch(/^no_matching_signature/);
  });
});

describe('checkNodeRequest', () => {
  // A request as a raw body parser leaves it: the body already read, in req.body.
  const parsedRequest = async (body: string, headers?: Record<string, string>) => {
    const sent = headers ?? (await signed(body));
    const req = Readable.from([]) as unknown as IncomingMessage & { body?: unknown };
    req.headers = Object.fromEntries(Object.entries(sent).map(([name, value]) => [name.toLowerCase(), value]));
    req.body = Buffer.from(body);
    return req;
  };

  it('hands back the verified webhook itself, not a promise, when the body was read and the HMAC is Node’s', async () => {
    const body = eventBody({ id: 7 });
    const verified = checkNodeRequest(await parsedRequest(body), { secret: SECRET });
    expect(verified).not.toBeInstanceOf(Promise);
    expect((verified as Awaited<typeof verified>).event.id).toBe(JSON.parse(body).id);
  });

  it('throws, rather than rejects, when such a request does not verify', async () => {
    const body = eventBody({ id: 8 });
    const req = await parsedRequest(body, await signed(body, { secret: 'another-secret' }));
    expect(() => checkNodeRequest(req, { secret: SECRET })).toThrow(expect.objectContaining({ code: 'no_matching_signature' }));
  });

  it('returns a promise when it has to wait: a stream to read, or an idempotency store', async () => {
    const body = eventBody({ id: 9 });
    const unread = Readable.from([Buffer.from(body)]) as unknown as IncomingMessage;
    unread.headers = (await parsedRequest(body)).headers;
    const reading = checkNodeRequest(unread, { secret: SECRET });
    expect(reading).toBeInstanceOf(Promise);
    expect((await reading).event.id).toBe(JSON.parse(body).id);
    const { createMemoryIdempotencyStore } = await import('../../memory-idempotency-store.js');
    const claiming = checkNodeRequest(await parsedRequest(body), { secret: SECRET, idempotency: createMemoryIdempotencyStore() });
    expect(claiming).toBeInstanceOf(Promise);
    expect((await claiming).claimed).toBe(true);
  });
});
