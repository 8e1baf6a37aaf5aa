/** An IP address as raw bytes: 4 for IPv4, 16 for IPv6. */
export type IpBytes = Uint8Array;

/**
 * Parses a literal IP address (dotted-decimal IPv4, or IPv6 with optional
 * brackets, zone id and trailing dotted quad) into bytes; `undefined` when it
 * is not one. Only canonical forms are accepted: URLs are normalised by the
 * WHATWG parser first and resolvers return canonical text, so `0x7f.1` never
 * reaches here as an address.
 *
 * @example
 * parseIpAddress('::ffff:127.0.0.1') // 16 bytes, the last four 127, 0, 0, 1
 */
export function parseIpAddress(text: string): IpBytes | undefined {
  let address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  if (isIPv4(address)) return parseIPv4(address);
  if (isIPv6(address)) return parseIPv6(address);
  return undefined;
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);
const GROUP = /^[0-9a-f]{1,4}$/i;

/** Dotted-decimal IPv4 in canonical form: four octets, no leading zeros. */
export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

/** IPv6 text (without brackets or zone): eight groups, `::` once for a run of zeros, optionally a dotted quad last. */
export function isIPv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((half) => (half === '' ? [] : half.split(':')));
  let slots = groups.length;
  const last = groups.at(-1);
  if (last !== undefined && last.includes('.')) {
    if (!isIPv4(last) || text.endsWith(':')) return false;
    groups.pop();
    slots += 1; // a dotted quad fills two groups
  }
  if (!groups.every((group) => GROUP.test(group))) return false;
  // With `::`, it stands for at least one group of zeros; without it, all eight are written.
  return halves.length === 2 ? slots <= 7 : slots === 8;
}

function parseIPv4(address: string): IpBytes {
  return Uint8Array.from(address.split('.'), Number);
}

function parseIPv6(address: string): IpBytes {
  const bytes = new Uint8Array(16);
  let text = address;
  // A trailing dotted quad fills the last two groups.
  const lastColon = text.lastIndexOf(':');
  const dottedTail = text.slice(lastColon + 1).includes('.');
  if (dottedTail) {
    bytes.set(parseIPv4(text.slice(lastColon + 1)), 12);
    text = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = text.split('::');
  const before = head === '' ? [] : head.split(':');
  const after = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = [...before, ...Array<string>(8 - before.length - after.length).fill('0'), ...after];
  for (let i = 0; i < (dottedTail ? 6 : 8); i += 1) {
    const value = Number.parseInt(groups[i] as string, 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
  }
  return bytes;
}
