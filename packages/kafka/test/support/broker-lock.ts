import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sleep } from '@webhooks/testing';

// Vitest runs test files in parallel. The broker-restart test must not stop the broker
// under another file, so files that use the broker hold a shared lock, and the restart
// takes it exclusively. Lock files live beside the broker's state and name their
// process, so a run that died leaves nothing that blocks the next one.
const dir = fileURLToPath(new URL('../../../../.kafka/test-locks/', import.meta.url));
const exclusiveMark = `${dir}exclusive-${process.pid}`;

function alive(name: string): boolean {
  const pid = Number(name.split('-')[1]);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function holders(kind: 'shared' | 'exclusive', except?: string): string[] {
  return readdirSync(dir).filter((name) => name.startsWith(`${kind}-`) && `${dir}${name}` !== except && alive(name));
}

/** Holds the broker against restarts until the returned release is called. */
export async function shareBroker(): Promise<() => void> {
  mkdirSync(dir, { recursive: true });
  const mine = `${dir}shared-${process.pid}-${crypto.randomUUID()}`;
  for (;;) {
    writeFileSync(mine, '');
    if (holders('exclusive').length === 0) return () => rmSync(mine, { force: true });
    rmSync(mine, { force: true });
    await sleep(200);
  }
}

/** Runs `fn` once no other test file uses the broker; files that start meanwhile wait. */
export async function withBrokerExclusively<T>(fn: () => Promise<T>, timeoutMs = 120_000): Promise<T> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(exclusiveMark, '');
  try {
    const deadline = Date.now() + timeoutMs;
    while (holders('shared').length > 0) {
      if (Date.now() > deadline) throw new Error(`other test files kept the broker for ${timeoutMs} ms`);
      await sleep(200);
    }
    return await fn();
  } finally {
    rmSync(exclusiveMark, { force: true });
  }
}
