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
/** The character code of the low five bits of `n`. */
const code = (n: number): number => CODES[n & 31]!;
// The time part's ten character codes, worked out again only when the millisecond changes.
const timeCodes = new Array<number>(10).fill(0);
let timeCodesFor = -1;

/**
 * A ULID-style id after a 4-character prefix: 48-bit millisecond time then 80
 * random bits, Crockford base32. Ids sort by creation time; within one
 * millisecond the random part is incremented so ids from one process stay
 * strictly increasing. The string is made in one `fromCharCode` call with every
 * code as an argument: appending characters one at a time would build a chain
 * of cons strings (about 0.5 KB per id until flattened), and `apply` over an
 * array was a fifth slower.
 */
function ulid(prefix: string, now: number): string {
  if (now <= lastTime) {
    increment(lastRandom);
  } else {
    lastTime = now;
    fillRandom(lastRandom);
  }
  if (timeCodesFor !== lastTime) {
    let time = lastTime;
    for (let i = 9; i >= 0; i--) {
      timeCodes[i] = CODES[time % 32]!;
      time = Math.floor(time / 32);
    }
    timeCodesFor = lastTime;
  }
  const t = timeCodes;
  const r = lastRandom;
  // 80 bits as 16 characters of five bits each, most significant first: two runs of five bytes.
  return String.fromCharCode(
    prefix.charCodeAt(0), prefix.charCodeAt(1), prefix.charCodeAt(2), prefix.charCodeAt(3),
    t[0]!, t[1]!, t[2]!, t[3]!, t[4]!, t[5]!, t[6]!, t[7]!, t[8]!, t[9]!,
    code(r[0]! >> 3), code((r[0]! << 2) | (r[1]! >> 6)), code(r[1]! >> 1), code((r[1]! << 4) | (r[2]! >> 4)),
    code((r[2]! << 1) | (r[3]! >> 7)), code(r[3]! >> 2), code((r[3]! << 3) | (r[4]! >> 5)), code(r[4]!),
    code(r[5]! >> 3), code((r[5]! << 2) | (r[6]! >> 6)), code(r[6]! >> 1), code((r[6]! << 4) | (r[7]! >> 4)),
    code((r[7]! << 1) | (r[8]! >> 7)), code(r[8]! >> 2), code((r[8]! << 3) | (r[9]! >> 5)), code(r[9]!),
  );
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
