import { describe, expect, it } from 'vitest';
import { webhookErrorStatus } from './webhook-error-status.js';

describe('webhookErrorStatus', () => {
  it('answers signature and timestamp failures 401, a bad body or a mismatched id header 400, a duplicate 409, one still in flight 503, too large 413', () => {
    for (const code of ['missing_header', 'malformed_header', 'no_matching_signature', 'timestamp_too_old', 'timestamp_too_new']) {
      expect(webhookErrorStatus(code)).toBe(401);
    }
    expect(webhookErrorStatus('malformed_body')).toBe(400);
    expect(webhookErrorStatus('event_id_mismatch')).toBe(400);
    expect(webhookErrorStatus('duplicate_event')).toBe(409);
    expect(webhookErrorStatus('event_in_flight')).toBe(503);
    expect(webhookErrorStatus('body_too_large')).toBe(413);
  });

  it('answers a setup mistake or an unknown code 500', () => {
    expect(webhookErrorStatus('body_already_parsed')).toBe(500);
    expect(webhookErrorStatus('invalid_argument')).toBe(500);
  });
});
