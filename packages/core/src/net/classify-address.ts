import { parseIpAddress, type IpBytes } from './parse-ip-address.js';

/** The kind of network an IP address belongs to; anything but `public` is refused by the SSRF guard. */
export type AddressRange =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unique-local'
  | 'shared'
  | 'multicast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved';

/** What `classifyAddress` found. */
export interface AddressClass {
  range: AddressRange;
  /** Set when the address embeds an IPv4 address (`::ffff:127.0.0.1`, NAT64, 6to4) that decided the range. */
  embeddedIPv4?: string;
}

interface Rule {
  prefix: IpBytes;
  bits: number;
  range: AddressRange;
}

const rule = (prefix: string, bits: number, range: AddressRange): Rule => ({
  prefix: parseIpAddress(prefix) as IpBytes,
  bits,
  range,
});

// IANA special-purpose registries, narrowed to what a webhook target must never be.
const IPV4_RULES: readonly Rule[] = [
  rule('0.0.0.0', 8, 'unspecified'), // "this network"; 0.0.0.0 reaches the local host on Linux
  rule('10.0.0.0', 8, 'private'),
  rule('100.64.0.0', 10, 'shared'), // carrier-grade NAT; also a cloud metadata address (100.100.100.200)
  rule('127.0.0.0', 8, 'loopback'),
  rule('169.254.0.0', 16, 'link-local'), // includes the 169.254.169.254 metadata service
  rule('172.16.0.0', 12, 'private'),
  rule('192.0.0.0', 24, 'reserved'),
  rule('192.0.2.0', 24, 'documentation'),
  rule('192.88.99.0', 24, 'reserved'),
  rule('192.168.0.0', 16, 'private'),
  rule('198.18.0.0', 15, 'benchmarking'),
  rule('198.51.100.0', 24, 'documentation'),
  rule('203.0.113.0', 24, 'documentation'),
  rule('224.0.0.0', 4, 'multicast'),
  rule('240.0.0.0', 4, 'reserved'), // includes 255.255.255.255
];

const IPV6_RULES: readonly Rule[] = [
  rule('64:ff9b:1::', 48, 'private'), // local-use NAT64: the embedding is site-specific, so refuse outright
  rule('2001::', 23, 'reserved'), // protocol assignments, Teredo included
  rule('2001:db8::', 32, 'documentation'),
  rule('3fff::', 20, 'documentation'),
  rule('fc00::', 7, 'unique-local'), // includes fd00:ec2::254, a cloud metadata service
  rule('fe80::', 10, 'link-local'),
  rule('fec0::', 10, 'private'), // deprecated site-local
  rule('ff00::', 8, 'multicast'),
];

interface Embedding {
  prefix: IpBytes;
  bits: number;
  /** Where the IPv4 address starts, in bytes. */
  offset: number;
  /** Deprecated forms that are never routable, even when what they embed is public. */
  neverPublic?: boolean;
}

const embedding = (prefix: string, bits: number, offset: number, neverPublic = false): Embedding => ({
  prefix: parseIpAddress(prefix) as IpBytes,
  bits,
  offset,
  neverPublic,
});

// IPv6 forms that carry an IPv4 address, which then decides.
const EMBEDDINGS: readonly Embedding[] = [
  embedding('::ffff:0:0', 96, 12), // IPv4-mapped
  embedding('::ffff:0:0:0', 96, 12), // IPv4-translated (SIIT)
  embedding('64:ff9b::', 96, 12), // NAT64 well-known prefix
  embedding('2002::', 16, 2), // 6to4
  embedding('::', 96, 12, true), // IPv4-compatible; :: and ::1 are decided before this
];

/**
 * Says which kind of network an IP address belongs to, following the IANA
 * special-purpose registries. IPv6 forms that embed an IPv4 address
 * (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are judged by that address, so
 * `::ffff:127.0.0.1` is loopback. Returns `undefined` for text that is not a
 * literal IP address.
 *
 * @example
 * classifyAddress('169.254.169.254') // { range: 'link-local' }
 * classifyAddress('::ffff:10.0.0.1') // { range: 'private', embeddedIPv4: '10.0.0.1' }
 * classifyAddress('2606:4700::1111') // { range: 'public' }
 */
export function classifyAddress(address: string): AddressClass | undefined {
  const bytes = parseIpAddress(address);
  if (bytes === undefined) return undefined;
  if (bytes.length === 4) return { range: classifyIPv4(bytes) };
  if (bytes.every((b, i) => b === 0 || i === 15)) {
    if (bytes[15] === 0) return { range: 'unspecified' };
    if (bytes[15] === 1) return { range: 'loopback' };
  }
  for (const form of EMBEDDINGS) {
    if (!inPrefix(bytes, form.prefix, form.bits)) continue;
    const ipv4 = bytes.subarray(form.offset, form.offset + 4);
    const range = classifyIPv4(ipv4);
    if (range === 'public' && form.neverPublic) return { range: 'reserved' };
    return { range, embeddedIPv4: ipv4.join('.') };
  }
  for (const r of IPV6_RULES) if (inPrefix(bytes, r.prefix, r.bits)) return { range: r.range };
  // Outside 2000::/3 nothing is assigned as global unicast.
  return (bytes[0] as number) >> 5 === 0b001 ? { range: 'public' } : { range: 'reserved' };
}

function classifyIPv4(bytes: IpBytes): AddressRange {
  for (const r of IPV4_RULES) if (inPrefix(bytes, r.prefix, r.bits)) return r.range;
  return 'public';
}

function inPrefix(bytes: IpBytes, prefix: IpBytes, bits: number): boolean {
  for (let i = 0; i < bits; i += 8) {
    const mask = bits - i >= 8 ? 0xff : (0xff << (8 - (bits - i))) & 0xff;
    if (((bytes[i / 8] as number) & mask) !== ((prefix[i / 8] as number) & mask)) return false;
  }
  return true;
}
