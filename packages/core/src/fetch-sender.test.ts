import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchSender } from './fetch-sender.js';

// A real receiver on every local address (IPv4 and IPv6), counting what reaches it.
let server: Server;
let port: number;
let received = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    received++;
    req.resume().on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '::', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const send = (url: string, allowPrivateNetwork: boolean) =>
  createFetchSender().send({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5_000, allowPrivateNetwork });

describe('the fetch sender refuses this machine in every spelling the URL can take', () => {
  it.each([
    ['http://127.0.0.1:PORT/', 'loopback address'],
    ['http://localhost:PORT/', 'loopback address'],
    ['http://[::1]:PORT/', 'loopback address'],
    ['http://[::ffff:7f00:1]:PORT/', 'loopback address (embeds 127.0.0.1)'],
    ['http://2130706433:PORT/', 'loopback address'],
    ['http://0x7f.1:PORT/', 'loopback address'],
    ['http://0.0.0.0:PORT/', 'unspecified address'],
  ])('%s', async (template, reason) => {
    const url = template.replace('PORT', String(port));
    const before = received;
    const refused = await send(url, false);
    expect(refused.error?.code).toBe('ssrf_blocked');
    expect(refused.error?.message).toContain(`: ${reason}; set allowPrivateNetwork to allow it`);
    expect(received).toBe(before);
    // The same URL does reach the receiver once private networks are allowed.
    expect((await send(url, true)).status).toBe(204);
    expect(received).toBe(before + 1);
  });

  it('names a cloud metadata address as one, without connecting', async () => {
    const refused = await send('http://100.100.100.200/latest/meta-data', false);
    expect(refused.error?.message).toBe(
      'refused to connect to 100.100.100.200 (100.100.100.200): carrier-grade NAT (shared) address, a cloud metadata service; set allowPrivateNetwork to allow it',
    );
  });
});
