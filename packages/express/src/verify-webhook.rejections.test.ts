import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventBody, listen, nowSeconds, post, SECRET, signed } from '../test/fixtures.js';
import { verifyWebhook } from './verify-webhook.js';

let url = '';
/** The same checks after express.raw(), where verification finishes without a promise. */
let rawUrl = '';
let close: () => Promise<void>;
let handled = 0;

beforeAll(async () => {
  const app = express();
  app.post('/webhooks', verifyWebhook({ secret: SECRET, maxBodyBytes: 4096, idempotency: true, duplicateStatus: 409 }), (_req, res) => {
    handled++;
    res.sendStatus(204);
  });
  app.post('/raw', express.raw({ type: 'application/json' }), verifyWebhook({ secret: SECRET, maxBodyBytes: 4096 }), (_req, res) => {
    handled++;
    res.sendStatus(204);
  });
  const server = await listen(app);
  url = `${server.url}/webhooks`;
  rawUrl = `${server.url}/raw`;
  close = server.close;
});
afterAll(() => close());

type Case = [name: string, status: number, code: string, request: () => Promise<{ body: string; headers: Record<string, string> }>];

const body = eventBody({ id: 1, status: 'PAID' });
const signature = (headers: Record<string, string>) => headers['X-Webhook-Signature']!;

const cases: Case[] = [
  ['the signature headers are missing', 401, 'missing_header', async () => ({ body, headers: {} })],
  ['the timestamp header is missing', 401, 'missing_header', async () => {
    const { 'X-Webhook-Timestamp': _, ...headers } = await signed(body);
    return { body, headers };
  }],
  ['the signature is wrong', 401, 'no_matching_signature', async () => ({
    body,
    headers: { ...(await signed(body)), 'X-Webhook-Signature': `sha256=${'ab'.repeat(32)}` },
  })],
  ['it was signed with another secret', 401, 'no_matching_signature', async () => ({ body, headers: await signed(body, { secret: 'other' }) })],
  ['the timestamp is stale', 401, 'timestamp_too_old', async () => ({ body, headers: await signed(body, { timestamp: nowSeconds() - 600 }) })],
  ['the timestamp is in the future', 401, 'timestamp_too_new', async () => ({ body, headers: await signed(body, { timestamp: nowSeconds() + 600 }) })],
  ['the body was tampered with', 401, 'no_matching_signature', async () => ({ body: body.replace('PAID', 'FREE'), headers: await signed(body) })],
  ['the signature is truncated', 401, 'malformed_header', async () => {
    const headers = await signed(body);
    return { body, headers: { ...headers, 'X-Webhook-Signature': signature(headers).slice(0, 40) } };
  }],
  ['the id header names another event than the signed body', 400, 'event_id_mismatch', async () => ({
    body,
    headers: await signed(body, { eventId: 'evt_replayed_with_a_new_id' }),
  })],
  ['a signed body is not an event', 400, 'malformed_body', async () => ({ body: '{"hello":"world"}', headers: await signed('{"hello":"world"}') })],
  ['the body is over the limit', 413, 'body_too_large', async () => {
    const big = eventBody({ id: 2, padding: 'x'.repeat(5000) });
    return { body: big, headers: await signed(big) };
  }],
];

describe('verifyWebhook() rejections', () => {
  it('processes an event whose first copy came with a forged id header, and refuses the forgery again once it was processed', async () => {
    const event = eventBody({ id: 3, status: 'PAID' });
    const forged = await signed(event, { eventId: 'evt_forged' });
    const before = handled;
    expect((await post(url, event, forged)).status).toBe(400);
    expect((await post(url, event, await signed(event))).status).toBe(204);
    const again = await post(url, event, forged);
    expect(again.status).toBe(400);
    expect(again.json.error?.code).toBe('event_id_mismatch');
    expect(handled).toBe(before + 1);
  });

  it.each(cases.flatMap(([name, ...rest]): Case[] => [[name, ...rest], [`${name} (after express.raw())`, ...rest]]))('answers %s with %i %s', async (name, status, code, request) => {
    const before = handled;
    const { body: sent, headers } = await request();
    const answer = await post(name.endsWith('(after express.raw())') ? rawUrl : url, sent, headers);
    expect(answer.status).toBe(status);
    expect(answer.json.error?.code).toBe(code);
    expect(answer.json.error?.message).not.toContain(SECRET);
    expect(handled).toBe(before);
  });

  it('answers a redelivered event id with 409 duplicate_event without running the handler again', async () => {
    const event = eventBody();
    const first = await post(url, event, await signed(event));
    const before = handled;
    const again = await post(url, event, await signed(event, { timestamp: nowSeconds() + 1 }));
    expect(first.status).toBe(204);
    expect(again.status).toBe(409);
    expect(again.json.error?.code).toBe('duplicate_event');
    expect(handled).toBe(before);
  });
});
