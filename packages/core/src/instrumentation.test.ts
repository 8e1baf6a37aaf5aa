import { describe, expect, it } from 'vitest';
import { createWebhooks, defineWebhooks, type DeliveryJob, type Sender, type SendRequest, type WebhooksInstrumentation } from './index.js';
import { decodeJobs, encodeJobs } from './sql/index.js';

const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const config = defineWebhooks({
  allowPrivateNetwork: true,
  asyncDelivery: false,
  endpoints: [{ name: 'crm', url: 'http://127.0.0.1:1/hooks', secret: 's', events: ['order.paid'] }],
});
const paid = { event: 'order.paid', model: 'store.Order', object: { id: 1 } };

/** A sender that answers 200 and keeps what it was asked to send. */
function recordingSender(): Sender & { requests: SendRequest[] } {
  const requests: SendRequest[] = [];
  return { requests, send: async (request) => (requests.push(request), { status: 200, headers: {}, body: '', bodyTruncated: false, durationMs: 1 }) };
}

describe('instrumentation hooks', () => {
  it('stores the trace context the plan hook gives with every planned job, and sends the one the attempt hook gives', async () => {
    const calls: string[] = [];
    const instrumentation: WebhooksInstrumentation = {
      plan: (info, run) => (calls.push(info.operation), run({ traceparent, tracestate: 'vendor=1' })),
      attempt: (job, info, run) => (calls.push(`attempt ${job.trace?.traceparent === traceparent} ${info.url}`), run({ traceparent: traceparent.replace('b7ad', 'aaaa') })),
      event: (event) => void calls.push(event.type),
    };
    const sender = recordingSender();
    const webhooks = createWebhooks(config, { sender, instrumentation });
    expect(webhooks.plan(paid).jobs[0]!.trace).toEqual({ traceparent, tracestate: 'vendor=1' });
    await webhooks.dispatch(paid);
    expect(calls).toEqual(['plan', 'dispatch', 'attempt true http://127.0.0.1:1/hooks', 'attempt']);
    expect(sender.requests[0]!.trace).toEqual({ traceparent: traceparent.replace('b7ad', 'aaaa') });
  });

  it('leaves jobs without a trace context when no instrumentation is given', () => {
    const webhooks = createWebhooks(config, { sender: recordingSender() });
    expect('trace' in webhooks.plan(paid).jobs[0]!).toBe(false);
  });

  it('keeps a job’s trace context through an outbox row, and drops a malformed one', () => {
    const job: DeliveryJob = { deliveryId: 'dlv_1', eventId: 'evt_1', eventName: 'order.paid', endpoint: 'crm', body: '{}', attempt: 1, key: 'k', createdAt: 1 };
    const jobs = [{ ...job, trace: { traceparent, tracestate: 'a=1,b=2' } }, { ...job, deliveryId: 'dlv_2' }, { ...job, deliveryId: 'dlv_3', trace: { traceparent: 'nonsense' } }];
    const decoded = decodeJobs(encodeJobs(jobs));
    expect(decoded[0]!.trace).toEqual({ traceparent, tracestate: 'a=1,b=2' });
    expect(decoded[1]!.trace).toBeUndefined();
    expect(decoded[2]!.trace).toBeUndefined();
  });
});
