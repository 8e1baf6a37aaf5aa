import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, childEnv, requireBuild, webhooks } from './support/run-webhooks.js';

beforeAll(requireBuild);

describe('webhooks --help', () => {
  it('lists every command, examples, where secrets come from and the exit codes', async () => {
    const { code, stdout } = await webhooks(['--help']);
    expect(code).toBe(0);
    for (const command of ['listen', 'sign', 'verify', 'send', 'deliveries', 'endpoints']) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(stdout).toContain('Examples:');
    expect(stdout).toContain('WEBHOOK_SECRET');
    expect(stdout).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}3 /);
  });

  it.each([
    ['listen'],
    ['sign'],
    ['verify'],
    ['send'],
    ['deliveries', 'list'],
    ['deliveries', 'show'],
    ['deliveries', 'replay'],
    ['endpoints', 'list'],
    ['endpoints', 'enable'],
    ['endpoints', 'disable'],
  ])('shows usage and examples for %s %s', async (...command) => {
    const { code, stdout } = await webhooks([...command.filter(Boolean), '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: webhooks ${command.filter(Boolean).join(' ')}`);
    expect(stdout).toMatch(/Examples:\n {2}\$ /);
  });

  it('says where --secret is also read from', async () => {
    const { stdout } = await webhooks(['sign', '--help']);
    expect(stdout).toMatch(/--secret <secret>.*\n?.*\(env: WEBHOOK_SECRET\)/);
  });

  it('prints the version', async () => {
    const { code, stdout } = await webhooks(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on an unknown command or option, and says what was wrong', async () => {
    const unknown = await webhooks(['deliver']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'deliver'");
    const option = await webhooks(['sign', '--sekret', 'x']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--sekret'");
    expect(option.stderr).not.toContain("'x'");
  });
});

describe('colours', () => {
  // `script` gives the binary a real terminal, where colours belong.
  const inTerminal = (env: Record<string, string> = {}) =>
    promisify(execFile)('script', ['-qec', `${process.execPath} ${BIN} sign --id evt_1 --secret s --file /dev/null --curl http://x --bogus`, '/dev/null'], {
      env: childEnv({ TERM: 'xterm-256color', ...env }),
    }).catch((error: { stdout: string }) => error);

  it('are used on a terminal', async () => {
    const { stdout } = await inTerminal();
    expect(stdout).toContain('\u001b[31m');
  });

  it('are never used with NO_COLOR', async () => {
    const { stdout } = await inTerminal({ NO_COLOR: '1' });
    expect(stdout).toContain("unknown option '--bogus'");
    expect(stdout).not.toContain('\u001b[');
  });

  it('are not used when output is piped', async () => {
    const { stderr } = await webhooks(['sign', '--bogus']);
    expect(stderr).toContain("unknown option '--bogus'");
    expect(stderr).not.toContain('\u001b[');
  });
});
