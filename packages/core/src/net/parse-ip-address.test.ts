import { isIPv4 as nodeIsIPv4, isIPv6 as nodeIsIPv6 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIPv4, isIPv6, parseIpAddress } from './parse-ip-address.js';

// Core must not import node:net, so it validates addresses itself; Node's own answer is the reference.
const addressLike = fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF:.'.split('')), maxLength: 45 });

describe('IP address validation without node:net', () => {
  it('agrees with Node on valid addresses, their mangled forms and random address-like text', () => {
    const mangled = fc.tuple(fc.oneof(fc.ipV4(), fc.ipV6()), fc.nat(), fc.constantFrom(':', '.', '::', '0', 'g', '')).map(([address, at, insert]) => {
      const i = at % (address.length + 1);
      return address.slice(0, i) + insert + address.slice(i + 1);
    });
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), mangled, addressLike), (text) => {
        expect(isIPv4(text)).toBe(nodeIsIPv4(text));
        expect(isIPv6(text)).toBe(nodeIsIPv6(text));
      }),
      { numRuns: 20_000 },
    );
  });

  it.each(['1.2.3.4::', '::1.2.3.4:1', '1::2::3', ':::', '1:2:3:4:5:6:7:8::', ':1::2', '::1:', '01.2.3.4', '1.2.3'])('refuses %j, as Node does', (text) => {
    expect(isIPv4(text) || isIPv6(text)).toBe(false);
    expect(nodeIsIPv4(text) || nodeIsIPv6(text)).toBe(false);
  });

  it('reads brackets, zone ids and a trailing dotted quad', () => {
    expect(parseIpAddress('[fe80::1%eth0]')).toEqual(Uint8Array.from([0xfe, 0x80, ...Array(13).fill(0), 1]));
    expect([...parseIpAddress('::ffff:127.0.0.1')!.subarray(10)]).toEqual([0xff, 0xff, 127, 0, 0, 1]);
  });
});
