import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { classifyAttempt, type SendRequest } from '@webhooks/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../test/start-receiver.js';
import { createUndiciSender, type UndiciSender } from './create-undici-sender.js';
import { guardLookup } from './guarded-connector.js';

let receiver: Receiver;
let sender: UndiciSender;

// Names in the reserved .test domain; every answer is a loopback address, so nothing leaves the machine.
const LOOPBACK_ANSWERS: Record<string, string> = { 'hooks.example.test': '127.0.0.1', 'rebind.example.test': '127.0.0.2' };
const testLookup: LookupFunction = (hostname, options, callback) => {
  const address = LOOPBACK_ANSWERS[hostname];
  if (address === undefined) return callback(Object.assign(new Error(`ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
  if (options.all) callback(null, [{ address, family: 4 }]);
  else callback(null, address, 4);
};

function request(url: string, allowPrivateNetwork = false): SendRequest {
  return { url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 3_000, allowPrivateNetwork };
}

beforeAll(async () => {
  receiver = await startReceiver({ '/hook': (_req, res) => res.end('ok') });
  sender = createUndiciSender({ lookup: testLookup });
});

afterAll(async () => {
  await sender.close();
  await receiver.close();
});

describe('SSRF guard', () => {
  it('refuses a loopback IP by default, naming host, address and reason, and core does not retry', async () => {
    const before = receiver.requests.length;
    const result = await sender.send(request(`${receiver.origin}/hook`));
    expect(result.error).toEqual({
      code: 'ssrf_blocked',
      message: 'refused to connect to 127.0.0.1 (127.0.0.1): loopback address; set allowPrivateNetwork to allow it',
    });
    expect(classifyAttempt(result as { error: { code: string; message: string } }).outcome).toBe('failed');
    expect(receiver.requests.length).toBe(before);
  });

  it('delivers to the same loopback target when the request allows private networks', async () => {
    const result = await sender.send(request(`${receiver.origin}/hook`, true));
    expect(result).toMatchObject({ status: 200, body: 'ok' });
  });

  it.each([
    ['localhost', 'localhost'],
    ['an IPv4-mapped IPv6 literal', '[::ffff:127.0.0.1]'],
    ['a hex IPv4-mapped literal', '[::ffff:7f00:1]'],
    ['IPv6 loopback', '[::1]'],
    ['a decimal integer host', '2130706433'],
    ['a hex and short-form host', '0x7f.1'],
    ['an octal host', '0177.0.0.1'],
    ['the unspecified address', '0.0.0.0'],
    ['the IPv6 unspecified address', '[::]'],
  ])('refuses %s (%s), which reaches this machine', async (_label, host) => {
    const local = createUndiciSender();
    try {
      const result = await local.send(request(`http://${host}:${receiver.port}/hook`));
      expect(result.error?.code).toBe('ssrf_blocked');
    } finally {
      await local.close();
    }
  });

  it('refuses a name that resolves to loopback, checking the address actually connected to', async () => {
    const result = await sender.send(request(`http://rebind.example.test:${receiver.port}/hook`));
    expect(result.error).toEqual({
      code: 'ssrf_blocked',
      message: 'refused to connect to rebind.example.test (127.0.0.2): loopback address; set allowPrivateNetwork to allow it',
    });
  });

  it('resolves names through the lookup option and connects when private networks are allowed', async () => {
    const before = receiver.requests.length;
    const result = await sender.send(request(`http://hooks.example.test:${receiver.port}/hook`, true));
    expect(result).toMatchObject({ status: 200 });
    expect(receiver.requests[before]?.headers.host).toBe(`hooks.example.test:${receiver.port}`);
  });

  it('never lets a guarded request reuse a connection pooled for a private-network one', async () => {
    const pooled = createUndiciSender();
    const own = await startReceiver({ '/hook': (_req, res) => res.end('ok') });
    try {
      expect((await pooled.send(request(`${own.origin}/hook`, true))).status).toBe(200);
      const refused = await pooled.send(request(`${own.origin}/hook`, false));
      expect(refused.error?.code).toBe('ssrf_blocked');
      expect(own.requests).toHaveLength(1);
    } finally {
      await pooled.close();
      await own.close();
    }
  });
});

describe('guardLookup', () => {
  // A resolver answering fixed addresses; no socket is opened by these tests.
  const answering =
    (addresses: string[]): LookupFunction =>
    (_hostname, options, callback) => {
      const entries: LookupAddress[] = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
      if (options.all) callback(null, entries);
      else callback(null, entries[0]!.address, entries[0]!.family);
    };

  function resolve(lookup: LookupFunction, all: boolean) {
    return new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((done) =>
      lookup('mixed.example.test', { all }, (err, address) => done({ err, address })),
    );
  }

  it('passes public answers through unchanged', async () => {
    const { err, address } = await resolve(guardLookup(answering(['8.8.8.8', '2606:4700::1111'])), true);
    expect(err).toBeNull();
    expect(address).toEqual([
      { address: '8.8.8.8', family: 4 },
      { address: '2606:4700::1111', family: 6 },
    ]);
  });

  it('refuses the whole answer when any address in it is private', async () => {
    const { err } = await resolve(guardLookup(answering(['8.8.8.8', '10.0.0.7'])), true);
    expect(err).toMatchObject({
      code: 'ssrf_blocked',
      message: 'refused to connect to mixed.example.test (10.0.0.7): private network address; set allowPrivateNetwork to allow it',
    });
  });

  it('names a metadata service when a name resolves to one', async () => {
    const { err } = await resolve(guardLookup(answering(['169.254.169.254'])), false);
    expect(err?.message).toBe(
      'refused to connect to mixed.example.test (169.254.169.254): link-local address, a cloud metadata service; set allowPrivateNetwork to allow it',
    );
  });

  it('judges IPv4-mapped answers by the IPv4 address they carry', async () => {
    const { err } = await resolve(guardLookup(answering(['::ffff:192.168.0.10'])), false);
    expect(err?.message).toContain('private network address (embeds 192.168.0.10)');
  });
});
