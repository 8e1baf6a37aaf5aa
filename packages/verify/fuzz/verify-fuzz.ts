// Fuzzes the verifier: genuinely signed requests of both schemes, each changed in one to three ways
// (body bytes, header characters, timestamps, ids, signatures, deleted or doubled headers, truncated
// bodies...), then verified. Anything accepted must mean exactly what was signed: the same body bytes,
// the same timestamp, and no id header naming another event. Reports false accepts and crashes (a
// throw that is not a WebhookVerificationError, or a verification that never settles).
// Run: pnpm --filter @webhooks/verify fuzz [-- --cases 1000000 --seed 1]   (cases per scheme)
import { parseArgs } from 'node:util';
import { readHeader, type HeaderSource, type SignatureScheme } from '@webhooks/core';
import { verifyWebhook } from '../src/index.js';
import { baseRequests, NOW_SECONDS, SECRETS, type BaseRequest } from './base-requests.js';
import { MUTATIONS, type FuzzRequest } from './mutations.js';
import { createRandom, type Random } from './random.js';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '1000000' }, seed: { type: 'string', default: '1' } } });
const CASES = Number(values.cases);
const SEED = Number(values.seed);
const SCHEMES: SignatureScheme[] = ['hmac-sha256', 'standard-webhooks'];
const names = Object.keys(MUTATIONS);
let progress = 0; // cases run so far, watched for a stall

interface Tally {
  cases: number;
  falseAccepts: number;
  crashes: number;
  acceptedUnchanged: number;
  codes: Map<string, number>;
  examples: string[];
}

/** The headers as a receiver may hand them over: a plain object, Node's lowercase names, or a Web Headers. */
function asReceived(headers: FuzzRequest['headers'], random: Random): HeaderSource {
  const form = random.int(3);
  if (form === 0) return headers;
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  if (form === 1) return lower;
  try {
    const web = new Headers();
    for (const [k, v] of Object.entries(headers)) for (const one of Array.isArray(v) ? v : [v]) web.append(k, one);
    return web;
  } catch {
    return lower; // a value a Web Headers refuses (a NUL, say) cannot arrive that way
  }
}

/** Why an accepted request means something other than what the sender signed; undefined when it means the same. */
function misread(result: Awaited<ReturnType<typeof verifyWebhook>>, headers: HeaderSource, base: BaseRequest): string | undefined {
  if (result.rawBody !== base.body) return 'body differs from the signed one';
  if (result.timestamp !== base.timestamp) return 'timestamp differs from the signed one';
  if (result.event.id !== base.eventId) return 'event id differs from the signed one';
  const idHeader = readHeader(headers, base.scheme === 'hmac-sha256' ? 'x-webhook-event-id' : 'webhook-id');
  if (idHeader !== undefined && idHeader !== base.eventId) return 'id header names another event';
  return undefined;
}

async function fuzzScheme(scheme: SignatureScheme, random: Random): Promise<Tally> {
  const bases = await baseRequests(scheme, 64, random);
  const options = { secret: SECRETS[scheme], scheme, now: NOW_SECONDS * 1000 };
  for (const base of bases) await verifyWebhook({ headers: base.headers, body: base.body }, options); // each genuine one passes
  const tally: Tally = { cases: 0, falseAccepts: 0, crashes: 0, acceptedUnchanged: 0, codes: new Map(), examples: [] };
  for (let i = 0; i < CASES; i++) {
    const base = random.pick(bases);
    const request: FuzzRequest = { headers: { ...base.headers }, body: random.chance(0.5) ? base.body : new TextEncoder().encode(base.body) };
    const applied: string[] = [];
    for (let n = 1 + random.int(3); n > 0; n--) {
      const name = random.pick(names);
      applied.push(name);
      await MUTATIONS[name]!(request, base, bases, random);
    }
    tally.cases++;
    progress++;
    try {
      const headers = asReceived(request.headers, random);
      const result = await verifyWebhook({ headers, body: request.body }, options);
      const why = misread(result, headers, base);
      if (why === undefined) tally.acceptedUnchanged++;
      else {
        tally.falseAccepts++;
        if (tally.examples.length < 5) tally.examples.push(`false accept (${why}) after ${applied.join(' + ')}`);
      }
    } catch (err) {
      const e = err as { name?: string; code?: string };
      if (e?.name === 'WebhookVerificationError' && typeof e.code === 'string') {
        tally.codes.set(e.code, (tally.codes.get(e.code) ?? 0) + 1);
      } else {
        tally.crashes++;
        if (tally.examples.length < 5) tally.examples.push(`crash (${String(err)}) after ${applied.join(' + ')}`);
      }
    }
  }
  return tally;
}

// A verification that never settles leaves the loop stuck: report it as a crash instead of hanging.
let lastProgress = -1;
const watchdog = setInterval(() => {
  if (progress === lastProgress) {
    console.error('crash: a verification did not settle within 30 s');
    process.exit(1);
  }
  lastProgress = progress;
}, 30_000);

const started = performance.now();
const columns: Record<string, Record<string, number>> = {};
let failed = false;
for (const scheme of SCHEMES) {
  const tally = await fuzzScheme(scheme, createRandom(SEED + SCHEMES.indexOf(scheme)));
  failed ||= tally.falseAccepts > 0 || tally.crashes > 0;
  columns[scheme] = {
    cases: tally.cases,
    'false accepts': tally.falseAccepts,
    crashes: tally.crashes,
    'accepted, meaning unchanged': tally.acceptedUnchanged,
    ...Object.fromEntries([...tally.codes].sort((a, b) => b[1] - a[1])),
  };
  for (const example of tally.examples) console.error(`${scheme}: ${example}`);
}
clearInterval(watchdog);
console.log(`verifier fuzz, seed ${SEED}, ${CASES} cases per scheme, ${((performance.now() - started) / 1000).toFixed(1)} s`);
// One column per scheme, one row per outcome: the rejection codes make too many columns to read across.
const outcomes = [...new Set(Object.values(columns).flatMap(Object.keys))];
console.table(Object.fromEntries(outcomes.map((row) => [row, Object.fromEntries(SCHEMES.map((s) => [s, columns[s]![row] ?? 0]))])));
if (failed) {
  console.error('FAILED: the verifier accepted a request that means something else than what was signed, or crashed');
  process.exit(1);
}
