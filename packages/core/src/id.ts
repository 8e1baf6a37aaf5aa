const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
const lastRandom = new Uint8Array(10);
// Random bytes fetched in bulk: one getRandomValues call serves 409 ids.
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function fillRandom(target: Uint8Array): void {
  if (poolOffset + target.length > pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  target.set(pool.subarray(poolOffset, poolOffset + target.length));
  poolOffset += target.length;
}

const CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));
// The id's character codes, prefix included, turned into a string in one call: appending one
// character at a time builds a chain of cons strings that costs ~0.5 KB per id until flattened.
const chars = new Array<number>(30).fill(0);

/**
 * A ULID-style id after a 4-character prefix: 48-bit millisecond time then 80
 * random bits, Crockford base32. Ids sort by creation time; within one
 * millisecond the random part is incremented so ids from one process stay
 * strictly increasing.
 */
function ulid(prefix: string, now: number): string {
  if (now <= lastTime) {
    increment(lastRandom);
  } else {
    lastTime = now;
    fillRandom(lastRandom);
  }
  for (let i = 0; i < 4; i++) chars[i] = prefix.charCodeAt(i);
  let time = lastTime;
  for (let i = 13; i >= 4; i--) {
    chars[i] = CODES[time % 32]!;
    time = Math.floor(time / 32);
  }
  // 80 bits = 16 base32 characters, read 5 bits at a time.
  let acc = 0;
  let bits = 0;
  let at = 14;
  for (const byte of lastRandom) {
    acc = (acc << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      chars[at++] = CODES[(acc >> bits) & 31]!;
    }
    acc &= (1 << bits) - 1;
  }
  return String.fromCharCode.apply(null, chars);
}

function increment(bytes: Uint8Array): void {
  for (let i = bytes.length - 1; i >= 0; i--) {
    bytes[i] = (bytes[i]! + 1) & 0xff;
    if (bytes[i] !== 0) return;
  }
}

/** A new event id: `evt_` followed by a sortable unique id. */
export function createEventId(now: number = Date.now()): string {
  return ulid('evt_', now);
}

/** A new delivery id (one per event and endpoint): `dlv_` followed by a sortable unique id. */
export function createDeliveryId(now: number = Date.now()): string {
  return ulid('dlv_', now);
}

/** A name for one engine instance on the leases it takes: `wkr_` followed by a unique id. */
export function createOwnerId(now: number = Date.now()): string {
  return ulid('wkr_', now);
}
