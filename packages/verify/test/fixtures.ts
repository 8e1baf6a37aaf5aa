import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEvent, signPayload, type SignatureScheme } from '@webhooks/core';

export const SECRET = 'shh-test-secret';
export const STANDARD_SECRET = 'whsec_cmVjZWl2ZXItdGVzdC1rZXktMzItYnl0ZXMtbG9uZyE=';

/** A real event body as the sender renders it. */
export function eventBody(object: Record<string, unknown> = { id: 42, status: 'PAID' }, id?: string): string {
  return JSON.stringify(createEvent({ event: 'order.paid', model: 'store.Order', object, ...(id ? { id } : {}) }));
}

/** Headers our sender would send for `body`. */
export function signed(
  body: string,
  options: { secret?: string; scheme?: SignatureScheme; timestamp?: number; eventId?: string } = {},
): Promise<Record<string, string>> {
  const scheme = options.scheme ?? 'hmac-sha256';
  return signPayload({
    secret: options.secret ?? (scheme === 'hmac-sha256' ? SECRET : STANDARD_SECRET),
    eventId: options.eventId ?? bodyId(body),
    body,
    scheme,
    ...(options.timestamp === undefined ? {} : { timestamp: options.timestamp }),
  });
}

function bodyId(body: string): string {
  try {
    return (JSON.parse(body) as { id?: string }).id ?? 'evt_test';
  } catch {
    return 'evt_test';
  }
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** What a receiver writes by hand with node:crypto: `sha256=` + hex HMAC of "<timestamp>.<payload>". */
export function handSign(secret: string, timestamp: string, payload: string): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.${payload}`);
  return `sha256=${mac.digest('hex')}`;
}

/** The hand-written check: recompute and compare the whole header value in constant time. */
export function handVerify(secret: string, payload: string, signature: string, timestamp: string): boolean {
  const expected = Buffer.from(handSign(secret, timestamp, payload));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A real HTTP server on loopback; `url` is its base address. */
export async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    Promise.resolve(handler(req, res)).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Runs `fn` and returns the code of the error it throws (or 'resolved'). */
export async function codeOf(fn: () => Promise<unknown>): Promise<string> {
  try {
    await fn();
    return 'resolved';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}
