import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { codeOf, eventBody, SECRET, serve, signed } from '../test/fixtures.js';
import { verifyRequest } from './verify-request.js';

/** What a Web-style server hands its handler: a real `Request` whose body streams from the socket. */
function toRequest(req: IncomingMessage): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(`http://127.0.0.1${req.url}`, {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : null,
    duplex: 'half',
  } as RequestInit);
}

/** A body that is produced chunk by chunk, counting what the reader pulled. */
function countingStream(chunk: Uint8Array, chunks: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= chunks) return controller.close();
      state.pulled++;
      controller.enqueue(chunk);
    },
    cancel() {
      state.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, state };
}

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Serves `verifyRequest` on loopback; answers 200 with the event id or 4xx with the error code. */
async function webServer(options: Parameters<typeof verifyRequest>[1]) {
  const server = await serve(async (req, res) => {
    try {
      const { event } = await verifyRequest(toRequest(req), options);
      res.end(event.id);
    } catch (err) {
      res.statusCode = 400;
      res.end((err as { code?: string }).code);
    }
  });
  close = server.close;
  return server.url;
}

describe('verifyRequest', () => {
  it('verifies a constructed Request', async () => {
    const body = eventBody({ id: 1, city: 'Zürich 🇨🇭' });
    const request = new Request('http://localhost/hooks', { method: 'POST', headers: await signed(body), body });
    const result = await verifyRequest(request, { secret: SECRET });
    expect(result.rawBody).toBe(body);
    expect(result.event.object.city).toBe('Zürich 🇨🇭');
  });

  it('verifies a Request received over HTTP, its body streamed from the socket', async () => {
    const url = await webServer({ secret: SECRET });
    const body = eventBody({ id: 2, padding: 'x'.repeat(200_000) });
    const response = await fetch(`${url}/hooks`, { method: 'POST', headers: await signed(body), body });
    expect(await response.text()).toBe(JSON.parse(body).id);
  });

  it('rejects over HTTP a request whose signature does not match', async () => {
    const url = await webServer({ secret: SECRET });
    const body = eventBody();
    const response = await fetch(`${url}/hooks`, { method: 'POST', headers: await signed(body, { secret: 'nope' }), body });
    expect(await response.text()).toBe('no_matching_signature');
  });

  it('refuses over HTTP a request whose id header differs from the signed body id', async () => {
    const url = await webServer({ secret: SECRET });
    const body = eventBody();
    const response = await fetch(`${url}/hooks`, { method: 'POST', headers: await signed(body, { eventId: 'evt_other' }), body });
    expect(await response.text()).toBe('event_id_mismatch');
  });

  it('refuses a Request whose body was already read', async () => {
    const body = eventBody();
    const request = new Request('http://localhost/hooks', { method: 'POST', headers: await signed(body), body });
    await request.json();
    const error = await verifyRequest(request, { secret: SECRET }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'body_already_parsed' });
    expect((error as Error).message).toMatch(/before reading its body/);
  });

  it('rejects a declared Content-Length over the limit without reading the body', async () => {
    const { stream, state } = countingStream(new Uint8Array(1024), 100);
    const headers = { ...(await signed(eventBody())), 'content-length': String(100 * 1024) };
    const request = new Request('http://localhost/hooks', { method: 'POST', headers, body: stream, duplex: 'half' } as RequestInit);
    expect(await codeOf(() => verifyRequest(request, { secret: SECRET, maxBodyBytes: 4096 }))).toBe('body_too_large');
    expect(state.pulled).toBe(0);
  });

  it('stops reading a streamed body as soon as it passes the limit', async () => {
    const { stream, state } = countingStream(new Uint8Array(1024), 1000);
    const request = new Request('http://localhost/hooks', {
      method: 'POST',
      headers: await signed(eventBody()),
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(await codeOf(() => verifyRequest(request, { secret: SECRET, maxBodyBytes: 4096 }))).toBe('body_too_large');
    expect(state.pulled).toBeLessThanOrEqual(6);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(state.cancelled).toBe(true);
  });

  it('rejects a body stream that fails midway as malformed_body', async () => {
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(new Error('connection reset'));
        sent = true;
        controller.enqueue(new TextEncoder().encode('{"id":'));
      },
    });
    const request = new Request('http://localhost/hooks', {
      method: 'POST',
      headers: await signed(eventBody()),
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(await codeOf(() => verifyRequest(request, { secret: SECRET }))).toBe('malformed_body');
  });

  it('rejects over HTTP a chunked upload larger than the limit', async () => {
    const url = await webServer({ secret: SECRET, maxBodyBytes: 64 * 1024 });
    const body = eventBody({ id: 3, padding: 'y'.repeat(200_000) });
    const response = await fetch(`${url}/hooks`, {
      method: 'POST',
      headers: await signed(body),
      body: Readable.toWeb(Readable.from([body.slice(0, 100_000), body.slice(100_000)])) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    expect(await response.text()).toBe('body_too_large');
  });
});
