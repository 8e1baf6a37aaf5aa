// The delivery log in a browser: @webhooks/dashboard mounted in an Express app, behind Basic auth
// with a password made for this run (authorize answers the 401 challenge itself).
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Webhooks } from '@webhooks/core';
import { webhooksDashboard } from '@webhooks/dashboard';
import express from 'express';

export async function startDashboard(webhooks: Webhooks) {
  const password = randomBytes(9).toString('base64url');
  const expected = `Basic ${Buffer.from(`demo:${password}`).toString('base64')}`;
  const app = express();
  app.use(
    '/admin/webhooks',
    webhooksDashboard({
      webhooks,
      authorize: (req) =>
        req.headers.authorization === expected ||
        new Response('Sign in to see the webhook deliveries.', { status: 401, headers: { 'www-authenticate': 'Basic realm="webhooks demo"' } }),
    }),
  );
  const server = app.listen(Number(process.env.DASHBOARD_PORT ?? 0), '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/admin/webhooks`;
  return {
    url,
    user: 'demo',
    password,
    /** What a visitor would see: refused without the password, the log with it. */
    async check(): Promise<string[]> {
      const problems: string[] = [];
      const anonymous = await fetch(url);
      if (anonymous.status !== 401) problems.push(`the dashboard answered ${anonymous.status} without a password, not 401`);
      const page = await fetch(`${url}/?state=dead`, { headers: { authorization: expected } });
      const html = await page.text();
      if (page.status !== 200 || !html.includes('<td data-label="Endpoint">wrong</td>')) problems.push('the dashboard did not list the dead delivery to "wrong"');
      return problems;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
