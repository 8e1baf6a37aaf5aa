// Refreshes the README's screenshots: the three pages at desktop and phone widths, over the same
// real app the browser tests use. Run: pnpm --filter @webhooks/dashboard screenshots
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/chromium.js';
import { ADMIN_COOKIE, startFixtureApp } from '../test/fixture-app.js';

const out = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });
const app = await startFixtureApp();
const browser = await launchChromium();
try {
  const dead = (await app.webhooks.deliveryLog.find({ endpoint: 'warehouse', state: 'dead', limit: 1 }))[0]!;
  const pages = { deliveries: '/', delivery: `/deliveries/${dead.job.deliveryId}`, endpoints: '/endpoints' };
  const sizes = { desktop: { width: 1280, height: 900, deviceScaleFactor: 1 }, phone: { width: 390, height: 844, deviceScaleFactor: 2 } };
  for (const [size, { deviceScaleFactor, ...viewport }] of Object.entries(sizes)) {
    const context = await browser.newContext({ viewport, deviceScaleFactor });
    await context.addCookies([{ ...ADMIN_COOKIE, url: app.origin }]);
    const page = await context.newPage();
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(app.url(path));
      const file = `${out}${name}-${size}.png`;
      await page.screenshot({ path: file });
      console.log(`wrote ${file}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await app.close();
}
