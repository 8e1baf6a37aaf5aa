import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitFor } from '@webhooks/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../test/chromium.js';
import { ADMIN_COOKIE, HOSTILE_NOTE, HOSTILE_RESPONSE, startFixtureApp } from '../test/fixture-app.js';

// Real Chromium against a real app: Express, Sequelize on SQLite, deliveries sent to a loopback receiver.
let app: Awaited<ReturnType<typeof startFixtureApp>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [app, browser] = await Promise.all([startFixtureApp(), launchChromium()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});
beforeEach(async () => {
  context = await browser.newContext();
  await context.addCookies([{ ...ADMIN_COOKIE, url: app.origin }]);
  page = await context.newPage();
});
afterEach(() => context?.close());

const deliveryOf = async (endpoint: string, match: (body: string) => boolean = () => true) => {
  const found = (await app.webhooks.deliveryLog.find({ endpoint, limit: 100 })).find((r) => match(r.job.body));
  if (!found) throw new Error(`no delivery to ${endpoint} matches`);
  return found;
};

describe('the dashboard in Chromium', () => {
  it('loads the deliveries page and filters it to dead deliveries', async () => {
    await page.goto(app.url('/'));
    await expect(page.locator('tbody tr').count()).resolves.toBe(await app.webhooks.deliveryLog.count({}));
    await page.getByLabel('State').selectOption('dead');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/state=dead/);
    const states = await page.locator('tbody tr td[data-label="State"]').allInnerTexts();
    expect(states).toEqual(new Array(await app.webhooks.deliveryLog.count({ state: 'dead' })).fill('dead'));
    expect(states.length).toBeGreaterThan(0);
    expect(await page.locator('tbody tr td[data-label="Endpoint"]').allInnerTexts()).toEqual(expect.arrayContaining(['legacy', 'warehouse']));
  });

  it('opens a dead delivery and sees every attempt with status, duration and next retry', async () => {
    const dead = await deliveryOf('warehouse');
    await page.goto(app.url('/?state=dead&endpoint=warehouse'));
    await page.getByRole('link', { name: 'order.shipped' }).click();
    await page.waitForURL(`**/deliveries/${dead.job.deliveryId}`);
    await expect(page.getByRole('heading', { name: 'Attempts (2)' }).isVisible()).resolves.toBe(true);
    const attempts = page.locator('ol.timeline > li');
    expect(await attempts.count()).toBe(2);
    const first = await attempts.nth(0).innerText();
    expect(first).toMatch(/Attempt 1\s+HTTP 503\s+failed, will retry\s+\d+ ms/);
    expect(first).toContain('Service Unavailable');
    expect(first).toContain('Next retry');
    expect(await attempts.nth(1).innerText()).toMatch(/Attempt 2\s+HTTP 503\s+failed/);
    expect(await page.getByLabel('Body', { exact: true }).innerText()).toContain('"carrier": "DHL"');
  });

  it('presses Replay, and the receiver gets the event again', async () => {
    const dead = await deliveryOf('legacy', (body) => body.includes('"1003"'));
    app.reply('/legacy', { status: 200, body: 'fixed' });
    await page.goto(app.url(`/deliveries/${dead.job.deliveryId}`));
    const before = app.receiver.requests.length;
    await page.getByRole('button', { name: 'Replay' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('Replayed');
    await waitFor(() => app.receiver.requests.length > before, { timeoutMs: 10_000, what: 'the replayed request' });
    const replayed = app.receiver.requests.slice(before).find((r) => r.headers['x-webhook-delivery-id'] === dead.job.deliveryId)!;
    expect(replayed.headers['x-webhook-event-id']).toBe(dead.job.eventId);
    expect(replayed.body).toBe(dead.job.body);
    await waitFor(async () => (await app.webhooks.deliveryLog.get(dead.job.deliveryId))?.state === 'succeeded', { what: 'success' });
    await page.reload();
    await expect(page.locator('h1 .badge').innerText()).resolves.toBe('succeeded');
    await expect(page.locator('ol.timeline > li').count()).resolves.toBe(2);
  });

  it('disables an endpoint with a reason, then enables it again', async () => {
    await page.goto(app.url('/endpoints'));
    const row = page.locator('tbody tr', { has: page.getByText('billing', { exact: true }) });
    await row.getByPlaceholder('Reason (optional)').fill('Billing is moving to a new host');
    await row.getByRole('button', { name: 'Disable' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('Endpoint disabled');
    expect(await row.locator('td[data-label="Health"]').innerText()).toMatch(/disabled\s+Billing is moving to a new host/);
    expect((await app.webhooks.listEndpoints()).find((s) => s.endpoint === 'billing')?.state).toBe('disabled');
    await row.getByRole('button', { name: 'Enable' }).click();
    await expect(page.getByRole('status').innerText()).resolves.toContain('Endpoint enabled');
    expect(await row.locator('td[data-label="Health"]').innerText()).toBe('active');
    expect((await app.webhooks.listEndpoints()).find((s) => s.endpoint === 'billing')?.state).toBe('active');
  });

  it('refuses a browser without authorization, a POST without the CSRF token, and a form from another site', async () => {
    const stranger = await browser.newContext();
    const response = await (await stranger.newPage()).goto(app.url('/'));
    expect(response!.status()).toBe(403);
    expect(await response!.text()).not.toContain('order.paid');
    await stranger.close();

    const dead = await deliveryOf('warehouse');
    const action = app.url(`/deliveries/${dead.job.deliveryId}/replay`);
    await page.goto(app.url(`/deliveries/${dead.job.deliveryId}`)); // the browser now has its CSRF cookie
    const before = app.receiver.requests.length;
    const noToken = await page.request.post(action, { form: { version: String(dead.updatedAt) }, maxRedirects: 0 });
    expect(noToken.status()).toBe(403);

    // Another site (localhost is not 127.0.0.1) with a form aimed at the dashboard.
    const attacker: Server = createServer((_, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<form method="post" action="${action}"><input name="_csrf" value="guessed"><input name="version" value="${dead.updatedAt}"><button>Win a prize</button></form>`);
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => attacker.once('listening', resolve));
    try {
      await page.goto(`http://localhost:${(attacker.address() as AddressInfo).port}/`);
      const [answer] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Win a prize' }).click()]);
      expect(answer!.status()).toBe(403);
    } finally {
      attacker.close();
    }
    expect(app.receiver.requests.length).toBe(before);
    expect((await app.webhooks.deliveryLog.get(dead.job.deliveryId))?.state).toBe('dead');
  });

  it('shows a <script> in an event body and in a response as text, and runs neither', async () => {
    const hostile = await deliveryOf('crm', (body) => body.includes('__pwned'));
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => void dialogs.push(dialog.message()));
    await page.goto(app.url(`/deliveries/${hostile.job.deliveryId}`));
    const body = await page.getByLabel('Body', { exact: true }).innerText();
    expect(body).toContain(JSON.stringify(HOSTILE_NOTE).slice(1, -1));
    expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.locator('script, img').count()).toBe(0);

    const refused = (await app.webhooks.deliveryLog.find({ endpoint: 'legacy', state: 'dead', limit: 1 }))[0]!;
    await page.goto(app.url(`/deliveries/${refused.job.deliveryId}`));
    expect(await page.getByLabel('Response body').innerText()).toBe(HOSTILE_RESPONSE);
    expect(await page.evaluate(() => (window as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.locator('script, img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
