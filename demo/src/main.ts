// The demo: a sender and a receiver on loopback, everything embedded. It changes records,
// fires a custom event, shows what the receiver verified and what the delivery log recorded,
// and mounts the dashboard over that log. Exits non-zero unless everything it shows happened.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runWithUser, type DeliveryRecord } from '@webhooks/core';
import { startDashboard } from './dashboard.js';
import { startReceiver, type Received } from './receiver.js';
import { startSender } from './sender.js';
import { checkOutcome, printLog } from './report.js';

const dir = mkdtempSync(join(tmpdir(), 'webhooks-demo-'));
const received: Received[] = [];
const receiver = await startReceiver((r) => {
  received.push(r);
  console.log(`  receiver ✔ /hooks/${r.route.padEnd(7)} ${r.event.event.padEnd(16)} attempt ${r.attempt}  object ${JSON.stringify(r.event.object)}`);
});
const sender = await startSender(join(dir, 'shop.sqlite'), receiver.url, (e) => {
  if (e.type === 'attempt' && e.attempt.outcome !== 'success') {
    const next = e.attempt.nextRetryAt ? `, retry in ${e.attempt.nextRetryAt - Date.now()} ms` : '';
    console.log(`  sender   ✘ ${e.job.endpoint.padEnd(14)} ${e.job.eventName.padEnd(16)} attempt ${e.attempt.attempt}: ${e.attempt.reason} → ${e.state}${next}`);
  }
});

console.log('\n1. Creating an order and a customer (one transaction each)');
const { Order, Customer, sequelize, integration } = sender;
const order = await runWithUser({ id: 1, username: 'admin' }, () =>
  sequelize.transaction((transaction) => Order.create({ reference: 'ORD-123', total: '150.00' }, { transaction })),
);
const customer = await sequelize.transaction((transaction) => Customer.create({ name: 'Ann', email: 'ann@example.com' }, { transaction }));
await pause();
console.log('\n2. Paying the order: an update and a custom order.paid event, in one transaction');
await sequelize.transaction(async (transaction) => {
  await order.update({ status: 'PAID' }, { transaction });
  await integration.dispatchModelEvent('order.paid', order, { transaction, changes: { status: { old: 'PENDING', new: 'PAID' } } });
});
await pause();
console.log('\n3. A rolled-back change (sends nothing), then deleting the customer');
await sequelize
  .transaction(async (transaction) => {
    await Order.create({ reference: 'ORD-ROLLED-BACK', total: '1.00' }, { transaction });
    throw new Error('rolled back');
  })
  .catch(() => {});
await sequelize.transaction((transaction) => customer.destroy({ transaction }));

console.log('\n4. Waiting for every delivery to finish (the flaky endpoint needs a retry)');
const records = await settle(sender.webhooks.deliveryLog, 12, 20_000);
printLog(records);
const problems = checkOutcome(records, received);

const dashboard = await startDashboard(sender.webhooks);
console.log(`\n5. The same log in a browser: ${dashboard.url}  (user ${dashboard.user}, password ${dashboard.password})`);
problems.push(...(await dashboard.check()));
if (process.argv.includes('--serve')) {
  console.log('   Serving until Ctrl-C.');
  await new Promise((resolve) => process.once('SIGINT', resolve));
} else {
  console.log('   (pnpm demo -- --serve keeps it open to look at)');
}
await dashboard.close();
await sender.close();
await receiver.close();
rmSync(dir, { recursive: true, force: true });
if (problems.length > 0) {
  console.error(`\ndemo FAILED:\n  - ${problems.join('\n  - ')}`);
  process.exit(1);
}
console.log('\ndemo ok: every endpoint got what its configuration allows; the wrong secret ended dead.');

function pause() {
  return new Promise((resolve) => setTimeout(resolve, 300));
}

async function settle(log: typeof sender.webhooks.deliveryLog, count: number, timeoutMs: number): Promise<DeliveryRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const records = await log.find({ limit: 100 });
    const finished = records.filter((r) => r.state === 'succeeded' || r.state === 'dead');
    if (finished.length >= count || Date.now() > deadline) return records.reverse();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
