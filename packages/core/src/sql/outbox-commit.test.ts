import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hideStatement, outboxCommitSql, textLiteral } from './outbox-commit.js';

const row = (jobs: string) => ({ jobs, jobCount: 1, createdAt: 1_700_000_000_000 });

describe('outbox insert and COMMIT as one statement', () => {
  it('puts nothing but hex digits between the quotes, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        for (const dialect of ['postgres', 'mariadb'] as const) {
          const quoted = textLiteral(dialect, text).match(/'([^']*)'/)![1]!;
          expect(quoted).toMatch(/^[0-9a-f]*$/);
          const bytes = Uint8Array.from(quoted.match(/../g) ?? [], (pair) => parseInt(pair, 16));
          // Lone surrogates become U+FFFD, as in every driver's UTF-8 encoding of a bound text.
          expect(new TextDecoder().decode(bytes)).toBe(new TextDecoder().decode(new TextEncoder().encode(text)));
        }
      }),
    );
  });

  it('ends the insert with COMMIT on Postgres and wraps both in a block on MariaDB', () => {
    expect(outboxCommitSql('postgres', '"webhook_outbox"', [row('[]'), row('x')])).toBe(
      `INSERT INTO "webhook_outbox" (jobs, job_count, created_at) VALUES (convert_from(decode('5b5d', 'hex'), 'UTF8'), 1, 1700000000000), ` +
        `(convert_from(decode('78', 'hex'), 'UTF8'), 1, 1700000000000); COMMIT`,
    );
    expect(outboxCommitSql('mariadb', '`webhook_outbox`', [row('[]')])).toBe(
      "BEGIN NOT ATOMIC SET @webhooks_outbox_step = 0; INSERT INTO `webhook_outbox` (jobs, job_count, created_at) VALUES (_utf8mb4 X'5b5d', 1, 1700000000000); " +
        'SET @webhooks_outbox_step = 1; COMMIT; END',
    );
  });

  it('leaves large rows, and NUL on Postgres, to the bound insert', () => {
    expect(outboxCommitSql('mariadb', 't', [row('x'.repeat(200_000)), row('y'.repeat(100_000))])).toBeUndefined();
    expect(outboxCommitSql('postgres', 't', [row('a\0b')])).toBeUndefined();
    expect(outboxCommitSql('mariadb', 't', [row('a\0b')])).toContain("X'610062'");
  });

  it('shows a failed statement in an error as the COMMIT alone, quoted whole or cut short', () => {
    const sql = `INSERT INTO "webhook_outbox" (jobs, job_count, created_at) VALUES (convert_from(decode('${'ab'.repeat(400)}', 'hex'), 'UTF8'), 1, 1); COMMIT`;
    const driver = { message: `(conn:1) refused\nsql: ${sql.slice(0, 256)}... - parameters:[]`, sql };
    const err = { message: `${sql} - refused`, sql, original: driver };
    hideStatement(err, sql, 'COMMIT;');
    expect(err).toEqual({ message: 'COMMIT; - refused', sql: 'COMMIT;', original: { message: '(conn:1) refused\nsql: COMMIT; - parameters:[]', sql: 'COMMIT;' } });
  });
});
