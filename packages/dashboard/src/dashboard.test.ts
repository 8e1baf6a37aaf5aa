import { createServer } from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../test/listen.js';
import { createClient, field, SECRET, startMemoryApp } from '../test/memory-app.js';
import { createDashboardHandler, createDashboardListener, webhooksDashboard } from './index.js';

let app: Awaited<ReturnType<typeof startMemoryApp>>;
afterEach(() => app?.close());

const hostile = { id: 7, note: '</pre><script>alert("x")</script>', quote: `it's "quoted" & <b>bold</b>` };

async function withDeliveries() {
  app = await startMemoryApp();
  const { event, deliveries } = await app.webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: hostile });
  return { event, ok: deliveries.find((d) => d.endpoint === 'ok')!, broken: deliveries.find((d) => d.endpoint === 'broken')! };
}

/** A dead delivery's page opened in a client: its replay form's fields and where it posts. */
async function openReplayForm() {
  const { broken } = await withDeliveries();
  const client = createClient();
  const page = await (await client.get(app.url(`/deliveries/${broken.deliveryId}`))).text();
  const form = { _csrf: field(page, '_csrf'), version: field(page, 'version') };
  return { broken, client, form, replay: app.url(`/deliveries/${broken.deliveryId}/replay`), before: app.receiver.requests.length };
}

describe('the dashboard over HTTP', () => {
  it('refuses to be created without authorize, with a message that says why', () => {
    const webhooks = {} as never;
    for (const create of [webhooksDashboard, createDashboardListener, createDashboardHandler] as ((o: never) => unknown)[]) {
      expect(() => create({ webhooks } as never)).toThrow(/authorize\(request\) is required/);
    }
  });

  it('answers 403 to a request authorize refuses, without reading the log', async () => {
    await withDeliveries();
    let reads = 0;
    const find = app.webhooks.deliveryLog.find.bind(app.webhooks.deliveryLog);
    app.webhooks.deliveryLog.find = (q) => (reads++, find(q));
    const response = await createClient([]).get(app.url('/'));
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain('order.paid');
    expect(reads).toBe(0);
  });

  it('sends the Response authorize returns, such as a 401 challenge', async () => {
    app = await startMemoryApp({
      authorize: () => new Response('sign in', { status: 401, headers: { 'www-authenticate': 'Basic realm="webhooks"' } }),
    });
    const response = await createClient().get(app.url('/'));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Basic realm="webhooks"');
  });

  it('serves every page with a CSP that allows no script and only its own stylesheet', async () => {
    const { broken } = await withDeliveries();
    const client = createClient();
    for (const path of ['/', `/deliveries/${broken.deliveryId}`, '/endpoints', '/endpoints/broken/replay-dead']) {
      const response = await client.get(app.url(path));
      expect(response.status, path).toBe(200);
      const csp = response.headers.get('content-security-policy')!;
      expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).not.toMatch(/<script|\son\w+=/i);
    }
  });

  it('shows data as text: a body, a response and a reason holding markup are escaped', async () => {
    const { broken } = await withDeliveries();
    const page = await (await createClient().get(app.url(`/deliveries/${broken.deliveryId}`))).text();
    expect(page).toContain('&lt;/pre&gt;&lt;script&gt;alert(\\&quot;x\\&quot;)&lt;/script&gt;');
    expect(page).toContain('it&#39;s \\&quot;quoted\\&quot; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(page).toContain('bad &lt;b&gt;request&lt;/b&gt;');
    expect(page).not.toContain('<script>');
  });

  it('never renders a secret: not the signing secret, not the path or query of an endpoint URL', async () => {
    const { ok, broken } = await withDeliveries();
    const client = createClient();
    for (const path of ['/', `/deliveries/${ok.deliveryId}`, `/deliveries/${broken.deliveryId}`, '/endpoints']) {
      const page = await (await client.get(app.url(path))).text();
      expect(page).not.toContain(SECRET);
      expect(page).not.toContain('url-token-that-is-a-secret');
    }
    expect(await (await client.get(app.url('/endpoints'))).text()).toContain(app.receiver.origin);
  });

  it('refuses a POST without the CSRF token, or from another origin, and sends nothing', async () => {
    const { broken, client, form, replay, before } = await openReplayForm();
    expect((await client.post(replay, { version: form.version })).status).toBe(403);
    expect((await client.post(replay, { ...form, _csrf: `${form._csrf.slice(0, -2)}AA` })).status).toBe(403);
    expect((await client.post(replay, form, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await client.post(replay, form, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await createClient().post(replay, form)).status).toBe(403); // the token belongs to another browser's cookie
    expect(app.receiver.requests.length).toBe(before);
    const accepted = await client.post(replay, form, { origin: app.origin, 'sec-fetch-site': 'same-origin' });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe(`/admin/webhooks/deliveries/${broken.deliveryId}?done=replayed`);
    expect(app.receiver.requests.length).toBe(before + 1);
  });

  it('replays once when the same replay form is posted twice', async () => {
    const { broken, client, form, replay, before } = await openReplayForm();
    const [first, second] = await Promise.all([client.post(replay, form), client.post(replay, form)]);
    expect([first.headers.get('location'), second.headers.get('location')].sort()).toEqual([
      `/admin/webhooks/deliveries/${broken.deliveryId}?done=replayed`,
      `/admin/webhooks/deliveries/${broken.deliveryId}?done=stale`,
    ]);
    expect(app.receiver.requests.length).toBe(before + 1);
  });

  it('disables and enables an endpoint; asking twice changes nothing more', async () => {
    await withDeliveries();
    const client = createClient();
    const token = field(await (await client.get(app.url('/endpoints'))).text(), '_csrf');
    const post = async (action: string) => (await client.post(app.url(`/endpoints/ok/${action}`), { _csrf: token, reason: 'maintenance <window>' })).headers.get('location');
    expect(await post('disable')).toBe('/admin/webhooks/endpoints?done=disabled');
    expect(await post('disable')).toBe('/admin/webhooks/endpoints?done=unchanged');
    const page = await (await client.get(app.url('/endpoints'))).text();
    expect(page).toContain('maintenance &lt;window&gt;');
    expect((await app.webhooks.listEndpoints()).find((s) => s.endpoint === 'ok')).toMatchObject({ state: 'disabled', reason: 'maintenance <window>' });
    expect(await post('enable')).toBe('/admin/webhooks/endpoints?done=enabled');
    expect(await post('enable')).toBe('/admin/webhooks/endpoints?done=unchanged');
  });

  it('replays all dead deliveries of an endpoint after showing how many, and not again on a second post', async () => {
    app = await startMemoryApp({ replayBatch: 2 });
    for (let i = 0; i < 3; i++) await app.webhooks.dispatch({ event: 'order.paid', model: 'store.Order', object: { id: i } });
    const client = createClient();
    const confirm = await (await client.get(app.url('/endpoints/broken/replay-dead'))).text();
    expect(confirm).toContain('<strong class="num">3</strong> dead deliveries');
    const form = { _csrf: field(confirm, '_csrf'), asOf: field(confirm, 'asOf') };
    const before = app.receiver.requests.length;
    const first = await client.post(app.url('/endpoints/broken/replay-dead'), form);
    expect(first.headers.get('location')).toBe('/admin/webhooks/endpoints/broken/replay-dead?done=bulk&n=2');
    const second = await client.post(app.url('/endpoints/broken/replay-dead'), form);
    expect(second.headers.get('location')).toBe('/admin/webhooks/endpoints?done=bulk&n=1');
    const third = await client.post(app.url('/endpoints/broken/replay-dead'), form);
    expect(third.headers.get('location')).toBe('/admin/webhooks/endpoints?done=bulk&n=0');
    expect(app.receiver.requests.length - before).toBe(3);
  });

  it('filters, searches by delivery or event id, and pages with a cursor', async () => {
    app = await startMemoryApp({ pageSize: 2 });
    const events = [];
    for (let i = 0; i < 3; i++) events.push(await app.webhooks.dispatch({ event: i === 0 ? 'order.shipped' : 'order.paid', model: 'store.Order', object: { id: i } }));
    const client = createClient();
    const ids = (page: string) => [...page.matchAll(/href="\/admin\/webhooks\/deliveries\/(dlv_[^"]+)"/g)].map((m) => m[1]);
    const dead = await (await client.get(app.url('/?state=dead'))).text();
    const deadIds = events.map((e) => e.deliveries.find((d) => d.endpoint === 'broken')!.deliveryId).reverse();
    expect(ids(dead)).toEqual(deadIds.slice(0, 2));
    const older = /href="([^"]+)">Older/.exec(dead)![1]!.replace(/&amp;/g, '&');
    expect(ids(await (await client.get(`${app.origin}${older}`)).text())).toEqual(deadIds.slice(2));
    expect(ids(await (await client.get(app.url('/?event=order.shipped&endpoint=ok'))).text())).toEqual([events[0]!.deliveries[0]!.deliveryId]);
    expect(ids(await (await client.get(app.url(`/?q=${deadIds[1]}`))).text())).toEqual([deadIds[1]]);
    expect(ids(await (await client.get(app.url(`/?q=${events[2]!.event.id}`))).text()).sort()).toEqual(events[2]!.deliveries.map((d) => d.deliveryId).sort());
  });

  it('keeps working behind express.urlencoded(), and answers 404 and 405 as pages', async () => {
    const { broken } = await withDeliveries();
    const parsed = express();
    parsed.use(express.urlencoded({ extended: false }));
    parsed.use('/admin', webhooksDashboard({ webhooks: app.webhooks, authorize: () => true }));
    const { origin, close } = await listen(parsed);
    try {
      const client = createClient();
      const page = await (await client.get(`${origin}/admin/deliveries/${broken.deliveryId}`)).text();
      const replayed = await client.post(`${origin}/admin/deliveries/${broken.deliveryId}/replay`, { _csrf: field(page, '_csrf'), version: field(page, 'version') });
      expect(replayed.headers.get('location')).toBe(`/admin/deliveries/${broken.deliveryId}?done=replayed`);
      expect((await client.get(`${origin}/admin/nothing`)).status).toBe(404);
      const wrongMethod = await client.get(`${origin}/admin/deliveries/${broken.deliveryId}/replay`);
      expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'POST']);
    } finally {
      await close();
    }
  });

  it('serves the same pages from node:http and as a Web handler', async () => {
    await withDeliveries();
    const listener = createDashboardListener({ webhooks: app.webhooks, authorize: () => true, basePath: '/dash' });
    const server = await listen(createServer(listener));
    try {
      const response = await fetch(`${server.origin}/dash/endpoints`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('href="/dash/endpoints" aria-current="page"');
    } finally {
      await server.close();
    }
    const handler = createDashboardHandler({ webhooks: app.webhooks, authorize: (request) => request.headers.get('x-admin') === 'yes', basePath: '/hooks' });
    expect((await handler(new Request('http://app.test/hooks/'))).status).toBe(403);
    const page = await handler(new Request('http://app.test/hooks/?state=dead', { headers: { 'x-admin': 'yes' } }));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<span class="badge s-dead">dead</span>');
    expect((await handler(new Request('http://app.test/elsewhere', { headers: { 'x-admin': 'yes' } }))).status).toBe(404);
  });
});
