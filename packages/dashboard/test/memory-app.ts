import { createFetchSender, createWebhooks, defineWebhooks, type Webhooks } from '@webhooks/core';
import { startTestReceiver, type TestReceiver } from '@webhooks/testing';
import express from 'express';
import { listen } from './listen.js';
import { webhooksDashboard, type ExpressDashboardOptions } from '../src/index.js';

export const SECRET = 'a-secret-that-must-never-be-shown';
export const ADMIN_COOKIE = 'session=admin';

/**
 * A small real app for HTTP-level tests: inline delivery over the memory log to a loopback
 * receiver that answers 200 on /ok and 400 on /broken, and the dashboard mounted in Express
 * under /admin/webhooks for requests that carry the admin cookie.
 */
export async function startMemoryApp(options: Partial<ExpressDashboardOptions> = {}) {
  const receiver: TestReceiver = await startTestReceiver((request) =>
    request.path.startsWith('/broken') ? { status: 400, body: 'bad <b>request</b>' } : { status: 200, body: 'ok' },
  );
  const webhooks: Webhooks = createWebhooks(
    defineWebhooks({
      asyncDelivery: false,
      allowPrivateNetwork: true,
      maxRetries: 0,
      endpoints: [
        { name: 'ok', url: receiver.url('/ok/hooks?token=url-token-that-is-a-secret'), secret: SECRET, events: ['*'] },
        { name: 'broken', url: receiver.url('/broken'), secret: SECRET, events: ['*'] },
      ],
    }),
    { sender: createFetchSender() },
  );
  const app = express();
  app.use(
    '/admin/webhooks',
    webhooksDashboard({ webhooks, authorize: (req) => req.headers.cookie?.includes(ADMIN_COOKIE) === true, ...options }),
  );
  const { origin, close: stopServer } = await listen(app);
  return {
    webhooks,
    receiver,
    origin,
    url: (path = '/') => `${origin}/admin/webhooks${path}`,
    async close() {
      await stopServer();
      await webhooks.close();
      await receiver.close();
    },
  };
}

/** A browser-like client: keeps the cookies the dashboard sets and sends the admin cookie. */
export function createClient(cookies: string[] = [ADMIN_COOKIE]) {
  const jar = new Map(cookies.map((c) => c.split('=') as [string, string]));
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, value] = pair!.split('=') as [string, string];
      jar.set(name, value);
    }
    return response;
  };
  return {
    get: async (url: string) => remember(await fetch(url, { headers: { cookie: cookieHeader() }, redirect: 'manual' })),
    post: async (url: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
      remember(
        await fetch(url, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams(form).toString(),
        }),
      ),
  };
}

/** The value of a hidden form field in a page. */
export function field(page: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  if (!match) throw new Error(`no ${name} field in the page`);
  return match[1]!;
}
