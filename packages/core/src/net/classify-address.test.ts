import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAddress, type AddressRange } from './classify-address.js';

const table: [address: string, range: AddressRange, embeddedIPv4?: string][] = [
  // public, so allowed
  ['8.8.8.8', 'public'],
  ['1.1.1.1', 'public'],
  ['93.184.216.34', 'public'],
  ['2606:4700::1111', 'public'],
  ['2001:4860:4860::8888', 'public'],
  ['::ffff:8.8.8.8', 'public', '8.8.8.8'],
  ['64:ff9b::808:808', 'public', '8.8.8.8'],
  // loopback and "this host"
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['::', 'unspecified'],
  // private networks
  ['10.0.0.1', 'private'],
  ['10.255.255.255', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.1', 'public'],
  ['172.15.255.255', 'public'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'shared'],
  ['100.127.255.255', 'shared'],
  ['100.128.0.1', 'public'],
  ['100.100.100.200', 'shared'],
  ['fc00::1', 'unique-local'],
  ['fd00:ec2::254', 'unique-local'],
  ['fec0::1', 'private'],
  // link-local, metadata services included
  ['169.254.169.254', 'link-local'],
  ['169.254.0.1', 'link-local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local'],
  ['febf::1', 'link-local'],
  // multicast, broadcast, reserved, documentation
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['ff02::1', 'multicast'],
  ['255.255.255.255', 'reserved'],
  ['240.0.0.1', 'reserved'],
  ['192.0.0.8', 'reserved'],
  ['192.0.2.1', 'documentation'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['2001:db8::1', 'documentation'],
  ['198.18.0.1', 'benchmarking'],
  ['100::1', 'reserved'],
  ['2001::1', 'reserved'],
  ['4000::1', 'reserved'],
  // IPv6 forms that embed an IPv4 address are judged by it
  ['::ffff:127.0.0.1', 'loopback', '127.0.0.1'],
  ['::ffff:7f00:1', 'loopback', '127.0.0.1'],
  ['0:0:0:0:0:ffff:7f00:0001', 'loopback', '127.0.0.1'],
  ['::ffff:169.254.169.254', 'link-local', '169.254.169.254'],
  ['::ffff:10.1.2.3', 'private', '10.1.2.3'],
  ['::ffff:0:10.1.2.3', 'private', '10.1.2.3'],
  ['::127.0.0.1', 'loopback', '127.0.0.1'],
  ['::8.8.8.8', 'reserved'],
  ['64:ff9b::7f00:1', 'loopback', '127.0.0.1'],
  ['64:ff9b::192.168.0.1', 'private', '192.168.0.1'],
  ['64:ff9b:1::a00:1', 'private'],
  ['2002:7f00:1::', 'loopback', '127.0.0.1'],
  ['2002:a9fe:a9fe::1', 'link-local', '169.254.169.254'],
  ['2002:808:808::1', 'public', '8.8.8.8'],
  ['[::1]', 'loopback'],
];

describe('classifyAddress', () => {
  it.each(table)('classifies %s as %s', (address, range, embeddedIPv4) => {
    expect(classifyAddress(address)).toEqual(embeddedIPv4 === undefined ? { range } : { range, embeddedIPv4 });
  });

  it.each(['localhost', 'example.com', '2130706433', '0x7f.1', '127.1', '999.1.1.1', '', '::ffff::1'])(
    'returns undefined for %j, which is not a literal address',
    (text) => {
      expect(classifyAddress(text)).toBeUndefined();
    },
  );

  it('judges every IPv4-mapped and NAT64 address exactly as the IPv4 address it carries', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ipv4) => {
        const { range } = classifyAddress(ipv4)!;
        const [a, b, c, d] = ipv4.split('.').map(Number) as [number, number, number, number];
        const hex = `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
        expect(classifyAddress(`::ffff:${ipv4}`)?.range).toBe(range);
        expect(classifyAddress(`::ffff:${hex}`)?.range).toBe(range);
        expect(classifyAddress(`64:ff9b::${hex}`)?.range).toBe(range);
      }),
    );
  });
});
