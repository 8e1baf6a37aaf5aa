import { classifyAddress, type AddressClass, type AddressRange } from './classify-address.js';

const DESCRIPTIONS: Record<Exclude<AddressRange, 'public'>, string> = {
  unspecified: 'unspecified address',
  loopback: 'loopback address',
  private: 'private network address',
  'link-local': 'link-local address',
  'unique-local': 'unique local (private IPv6) address',
  shared: 'carrier-grade NAT (shared) address',
  multicast: 'multicast address',
  documentation: 'documentation-only address',
  benchmarking: 'benchmarking address',
  reserved: 'reserved address',
};

const METADATA_ADDRESSES = new Set(['169.254.169.254', 'fd00:ec2::254', '100.100.100.200']);

/**
 * The message of an `ssrf_blocked` failure: the host, the address it would have reached and why
 * that address is refused. Every sender words it this way.
 *
 * @example
 * describeRefusedAddress('localhost', '127.0.0.1', { range: 'loopback' })
 * // 'refused to connect to localhost (127.0.0.1): loopback address; set allowPrivateNetwork to allow it'
 */
export function describeRefusedAddress(host: string, address: string, verdict: AddressClass): string {
  const range = verdict.range === 'public' ? 'reserved' : verdict.range;
  let reason = DESCRIPTIONS[range];
  if (verdict.embeddedIPv4 !== undefined) reason += ` (embeds ${verdict.embeddedIPv4})`;
  if (METADATA_ADDRESSES.has(verdict.embeddedIPv4 ?? address)) reason += ', a cloud metadata service';
  return `refused to connect to ${host} (${address}): ${reason}; set allowPrivateNetwork to allow it`;
}

/**
 * What can be said of a URL's host before any name is resolved: a literal address is judged
 * by its range, `localhost` and `*.localhost` are loopback (RFC 6761), any other name is
 * `undefined` (only the connected address can tell).
 */
export function classifyHost(hostname: string): AddressClass | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return { range: 'loopback' };
  return classifyAddress(host);
}
