import { createHmac } from 'node:crypto';
import { createServer as createTcpServer, type AddressInfo, type LookupFunction } from 'node:net';
import { classifyAttempt, signPayload, type SendRequest, type SendResponse, type SendResult } from '@webhooks/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort, startReceiver, type Receiver } from '../test/start-receiver.js';
import { createUndiciSender, type UndiciSender } from './create-undici-sender.js';
import { DEFAULT_USER_AGENT } from './user-agent.js';

const FIFTY_MB = 50 * 1024 * 1024;
let receiver: Receiver;
let sender: UndiciSender;
const huge = { finished: false, closed: false };

function request(url: string, overrides: Partial<SendRequest> = {}): SendRequest {
  return {
    url,
    headers: { 'content-type': 'application/json' },
    body: '{"ok":true}',
    timeoutMs: 5_000,
    allowPrivateNetwork: true,
    ...overrides,
  };
}

/** Narrows to a response, failing the test with the error otherwise. */
function responseOf(result: SendResult): SendResponse {
  if (result.error) throw new Error(`expected a response, got ${result.error.code}: ${result.error.message}`);
  return result;
}

/** What core's retry policy makes of a result, the way the engine feeds it. */
function verdictOf(result: SendResult) {
  return classifyAttempt(result.error ? result : { status: result.status, retryAfter: result.headers['retry-after'] });
}

beforeAll(async () => {
  receiver = await startReceiver({
    '/ok': (_req, res) => {
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Receipt': 'R-1' }).end('merci ✓ 🎉');
    },
    '/500': (_req, res) => res.writeHead(500).end('boom'),
    '/503': (_req, res) => res.writeHead(503, { 'Retry-After': '7' }).end('busy'),
    '/429': (_req, res) => res.writeHead(429, { 'Retry-After': '30' }).end('slow down'),
    '/410': (_req, res) => res.writeHead(410).end('gone'),
    '/400': (_req, res) => res.writeHead(400).end('bad payload'),
    '/moved': (_req, res) => res.writeHead(301, { Location: '/target' }).end(),
    '/target': (_req, res) => res.writeHead(200).end('should never be reached'),
    '/hang': () => {},
    '/stall-body': (_req, res) => {
      res.writeHead(200, { 'Content-Length': '100' });
      res.write('only part');
    },
    '/trickle': (_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
    },
    '/reset': (req) => req.socket.destroy(),
    '/over-cap': (_req, res) => res.writeHead(200).end('x'.repeat(6000)),
    '/split-char': (_req, res) => res.writeHead(200).end(`${'a'.repeat(4095)}€ and more`),
    '/huge': (_req, res) => {
      res.writeHead(200, { 'Content-Length': String(FIFTY_MB) });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < FIFTY_MB && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      res.on('finish', () => (huge.finished = true));
      res.on('close', () => (huge.closed = true));
      pump();
    },
  });
  sender = createUndiciSender();
});

afterAll(async () => {
  await sender.close();
  await receiver.close();
});

describe('responses', () => {
  it('returns a 2xx with status, lower-cased headers and body, and core counts it a success', async () => {
    const result = await sender.send(request(`${receiver.origin}/ok`));
    expect(result).toMatchObject({ status: 200, body: 'merci ✓ 🎉', bodyTruncated: false });
    expect(responseOf(result).headers).toMatchObject({ 'content-type': 'text/plain; charset=utf-8', 'x-receipt': 'R-1', 'set-cookie': 'a=1, b=2' });
    expect(result.durationMs).toBeGreaterThan(0);
    expect(verdictOf(result)).toMatchObject({ outcome: 'success' });
  });

  it.each([
    ['/500', 500, { outcome: 'retry', reason: 'HTTP 500' }],
    ['/503', 503, { outcome: 'retry', retryAfterMs: 7_000 }],
    ['/429', 429, { outcome: 'retry', retryAfterMs: 30_000 }],
    ['/410', 410, { outcome: 'failed', disableEndpoint: true }],
    ['/400', 400, { outcome: 'failed', reason: 'HTTP 400' }],
  ])('returns %s as status %i with its body, and core decides %o', async (path, status, verdict) => {
    const result = await sender.send(request(`${receiver.origin}${path}`));
    expect(result.status).toBe(status);
    expect(responseOf(result).body).not.toBe('');
    expect(verdictOf(result)).toMatchObject(verdict);
  });

  it('returns a 301 without following it, and core fails it', async () => {
    const result = await sender.send(request(`${receiver.origin}/moved`));
    expect(result).toMatchObject({ status: 301, headers: { location: '/target' } });
    expect(receiver.hits('/target')).toBe(0);
    expect(verdictOf(result)).toMatchObject({ outcome: 'failed', reason: 'HTTP 301 (redirects are not followed)' });
  });
});

describe('the request on the wire', () => {
  it('arrives as a POST with headers and body byte-exact, so the signature verifies', async () => {
    const secret = 'whsec-test-секрет';
    const body = JSON.stringify({ id: 'evt_1', note: 'Grüße, 東京 🚀', quote: '"\\u2028"' });
    const signed = await signPayload({ secret, eventId: 'evt_1', body });
    const before = receiver.requests.length;
    const result = await sender.send(request(`${receiver.origin}/ok?tenant=7`, { headers: { 'Content-Type': 'application/json', ...signed }, body }));
    expect(result.status).toBe(200);
    const seen = receiver.requests[before]!;
    expect(seen.method).toBe('POST');
    expect(seen.body.equals(Buffer.from(body, 'utf8'))).toBe(true);
    expect(seen.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    const expected = createHmac('sha256', secret).update(`${seen.headers['x-webhook-timestamp']}.`).update(seen.body).digest('hex');
    expect(seen.headers['x-webhook-signature']).toBe(`sha256=${expected}`);
    expect(seen.headers['x-webhook-event-id']).toBe('evt_1');
  });

  it('adds a User-Agent naming the library and its version when the request has none', async () => {
    const before = receiver.requests.length;
    await sender.send(request(`${receiver.origin}/ok`));
    expect(receiver.requests[before]!.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(DEFAULT_USER_AGENT).toMatch(/^webhooks\/\d+\.\d+\.\d+\S* \(\+@webhooks\/undici\)$/);
  });

  it('keeps a User-Agent the request already carries', async () => {
    const before = receiver.requests.length;
    await sender.send(request(`${receiver.origin}/ok`, { headers: { 'User-Agent': 'acme/1.0' } }));
    expect(receiver.requests[before]!.headers['user-agent']).toBe('acme/1.0');
  });

  it('reuses one keep-alive connection for sequential sends', async () => {
    const own = await startReceiver({ '/ok': (_req, res) => res.end('ok') });
    const fresh = createUndiciSender();
    try {
      for (let i = 0; i < 3; i += 1) expect((await fresh.send(request(`${own.origin}/ok`))).status).toBe(200);
      expect(own.connections()).toBe(1);
    } finally {
      await fresh.close();
      await own.close();
    }
  });
});

describe('response bodies', () => {
  it('keeps only the first maxResponseBodyBytes, and still reuses the connection', async () => {
    const own = await startReceiver({ '/over-cap': (_req, res) => res.end('x'.repeat(6000)) });
    const capped = createUndiciSender({ maxResponseBodyBytes: 100 });
    try {
      const first = await capped.send(request(`${own.origin}/over-cap`));
      expect(first).toMatchObject({ status: 200, body: 'x'.repeat(100), bodyTruncated: true });
      await capped.send(request(`${own.origin}/over-cap`));
      expect(own.connections()).toBe(1);
    } finally {
      await capped.close();
      await own.close();
    }
  });

  it('caps at 4 KiB by default without cutting a multi-byte character in half', async () => {
    const result = await sender.send(request(`${receiver.origin}/split-char`));
    expect(result).toMatchObject({ status: 200, bodyTruncated: true, body: 'a'.repeat(4095) });
  });

  it('returns quickly from a 50 MB response, truncated, without reading it all', async () => {
    const started = Date.now();
    const result = await sender.send(request(`${receiver.origin}/huge`));
    expect(result).toMatchObject({ status: 200, bodyTruncated: true });
    expect(responseOf(result).body).toHaveLength(4096);
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(() => huge.closed).toBe(true);
    expect(huge.finished).toBe(false);
  });
});

describe('failures', () => {
  it('is a timeout when the receiver never sends headers within headersTimeoutMs, and core retries it', async () => {
    const quick = createUndiciSender({ headersTimeoutMs: 200 });
    try {
      const result = await quick.send(request(`${receiver.origin}/hang`));
      expect(result.error).toEqual({ code: 'timeout', message: `127.0.0.1:${receiver.port} sent no response headers within 200 ms` });
      expect(verdictOf(result)).toMatchObject({ outcome: 'retry', reason: 'timeout' });
    } finally {
      await quick.close();
    }
  });

  it('is a timeout when the whole attempt outlives its deadline', async () => {
    const result = await sender.send(request(`${receiver.origin}/hang`, { timeoutMs: 300 }));
    expect(result.error).toMatchObject({ code: 'timeout', message: expect.stringContaining('300 ms deadline') });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it('is a timeout when the body stalls after the headers for bodyTimeoutMs', async () => {
    const quick = createUndiciSender({ bodyTimeoutMs: 200 });
    try {
      const result = await quick.send(request(`${receiver.origin}/stall-body`));
      expect(result.error).toMatchObject({ code: 'timeout', message: expect.stringContaining('no response body data for 200 ms') });
      expect(verdictOf(result).outcome).toBe('retry');
    } finally {
      await quick.close();
    }
  });

  it('is a timeout at the deadline even while the request waits for a free connection', async () => {
    const single = createUndiciSender({ connections: 1 });
    try {
      const blocking = single.send(request(`${receiver.origin}/hang`, { timeoutMs: 1_500 }));
      const started = Date.now();
      const queued = await single.send(request(`${receiver.origin}/ok`, { timeoutMs: 200 }));
      expect(queued.error).toMatchObject({ code: 'timeout', message: expect.stringContaining('200 ms deadline') });
      expect(Date.now() - started).toBeLessThan(1_000);
      expect((await blocking).error?.code).toBe('timeout');
    } finally {
      await single.close();
    }
  });

  it('keeps what was read when the body stalls once the cap is full', async () => {
    const capped = createUndiciSender({ maxResponseBodyBytes: 4, bodyTimeoutMs: 200 });
    try {
      const result = await capped.send(request(`${receiver.origin}/stall-body`));
      expect(result).toMatchObject({ status: 200, body: 'only', bodyTruncated: true });
    } finally {
      await capped.close();
    }
  });

  it('is a timeout when a body trickles in past the deadline', async () => {
    const result = await sender.send(request(`${receiver.origin}/trickle`, { timeoutMs: 400 }));
    expect(result.error).toMatchObject({ code: 'timeout', message: expect.stringContaining('400 ms deadline') });
  });

  it('is a timeout when connecting (name resolution included) exceeds connectTimeoutMs', async () => {
    const neverResolves: LookupFunction = () => {};
    const quick = createUndiciSender({ connectTimeoutMs: 200, lookup: neverResolves });
    try {
      const result = await quick.send(request(`http://slow-dns.test:${receiver.port}/ok`));
      expect(result.error).toEqual({ code: 'timeout', message: `could not connect to slow-dns.test:${receiver.port} within 200 ms` });
    } finally {
      await quick.close();
    }
  });

  it('is a network_error when the receiver resets the connection, and core retries it', async () => {
    const result = await sender.send(request(`${receiver.origin}/reset`));
    expect(result.error?.code).toBe('network_error');
    expect(verdictOf(result)).toMatchObject({ outcome: 'retry', reason: 'network_error' });
  });

  it('is a network_error when the connection is refused', async () => {
    const port = await closedPort();
    const result = await sender.send(request(`http://127.0.0.1:${port}/`));
    expect(result.error).toMatchObject({ code: 'network_error', message: expect.stringContaining('ECONNREFUSED') });
    expect(verdictOf(result).outcome).toBe('retry');
  });

  it('is a network_error when the name does not resolve', async () => {
    const notFound: LookupFunction = (hostname, _options, callback) =>
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
    const offline = createUndiciSender({ lookup: notFound });
    try {
      const result = await offline.send(request('http://no-such-host.test/hook'));
      expect(result.error).toMatchObject({ code: 'network_error', message: expect.stringContaining('ENOTFOUND') });
    } finally {
      await offline.close();
    }
  });

  it('is an invalid_response when the receiver does not speak HTTP, and core does not retry it', async () => {
    const garbage = createTcpServer((socket) => socket.end('HELLO THERE\r\n\r\n'));
    await new Promise<void>((resolve) => garbage.listen(0, '127.0.0.1', resolve));
    const { port } = garbage.address() as AddressInfo;
    try {
      const result = await sender.send(request(`http://127.0.0.1:${port}/`));
      expect(result.error?.code).toBe('invalid_response');
      expect(verdictOf(result).outcome).toBe('failed');
    } finally {
      garbage.close();
    }
  });

  it('refuses a URL that is not http(s) without sending anything', async () => {
    const result = await sender.send(request('file:///etc/passwd'));
    expect(result.error).toMatchObject({ code: 'ssrf_blocked', message: expect.stringContaining('only http and https') });
  });

  it('never throws for a header HTTP/1.1 cannot carry: it comes back as a failure', async () => {
    const result = await sender.send(request(`${receiver.origin}/ok`, { headers: { 'X-Note': 'rocket 🚀' } }));
    expect(result.error).toMatchObject({ code: 'network_error', message: expect.stringContaining('invalid X-Note header') });
  });

  it('never throws: after close(), a send comes back as a network_error', async () => {
    const closing = createUndiciSender();
    await closing.close();
    const result = await closing.send(request(`${receiver.origin}/ok`));
    expect(result.error).toEqual({ code: 'network_error', message: 'the sender is closed' });
  });
});

describe('options', () => {
  it.each([
    [{ connections: 0 }, 'connections must be an integer from 1 to 65536, got 0'],
    [{ maxResponseBodyBytes: -1 }, 'maxResponseBodyBytes must be an integer'],
    [{ connectTimeoutMs: 1.5 }, 'connectTimeoutMs must be an integer'],
    [{ userAgent: 'bad\nagent' }, 'userAgent must be a non-empty string of printable ASCII'],
  ])('rejects %o with an invalid_config error that names the option', (options, message) => {
    expect(() => createUndiciSender(options)).toThrowError(expect.objectContaining({ code: 'invalid_config', message: expect.stringContaining(message) }));
  });
});
