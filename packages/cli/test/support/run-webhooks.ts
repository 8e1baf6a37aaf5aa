// Runs the BUILT binary as a child process, the way a user runs it: no test here calls a command function.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Fails early, and says why, when the package has not been built. */
export function requireBuild(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`pnpm build\` first (these tests run the built binary)`);
}

export interface RunOptions {
  cwd?: string;
  /** Added to a clean environment (PATH, HOME and the like; never an inherited WEBHOOK_SECRET). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. */
  input?: string;
  timeoutMs?: number;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a child gets: the machine's basics only, plus what the test says. Colour switches are dropped too:
 * Node's `hasColors()` answers no whenever `CI` is set, so a CI runner would otherwise decide what the colour tests see.
 */
export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const { WEBHOOK_SECRET: _secret, NO_COLOR: _noColor, FORCE_COLOR: _force, NODE_DISABLE_COLORS: _disable, CI: _ci, ...base } = process.env;
  return { ...base, ...extra };
}

/** `webhooks <args>`: resolves with its exit code and output once it exits. */
export function webhooks(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? FIXTURES, env: childEnv(options.env), stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`webhooks ${args.join(' ')} did not exit within ${options.timeoutMs ?? 30_000} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A running `webhooks listen`. */
export interface Listener {
  url: string;
  child: ChildProcess;
  /** Everything printed on stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout has `count` lines. */
  waitForLines(count: number, timeoutMs?: number): Promise<string[]>;
  /** Ctrl-C: resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `webhooks listen --port 0 <args>` and waits until it says where it listens. */
export function startListener(args: readonly string[], options: RunOptions = {}): Promise<Listener> {
  return startServer('listen', args, /Listening on (http:\/\/\S+)/, options);
}

/** Starts `webhooks <command> --port 0 <args>` and waits until its stderr shows the URL `announced` captures. */
export async function startServer(command: string, args: readonly string[], announced: RegExp, options: RunOptions = {}): Promise<Listener> {
  const child = spawn(process.execPath, [BIN, command, '--port', '0', ...args], { cwd: options.cwd ?? FIXTURES, env: childEnv(options.env), stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = await until(() => announced.exec(stderr)?.[1], options.timeoutMs ?? 15_000, () => `${command} did not start: ${stderr}`);
  return {
    url,
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    waitForLines: (count, timeoutMs = 10_000) =>
      until(
        () => {
          const lines = stdout.split('\n').filter((line) => line !== '');
          return lines.length >= count ? lines : undefined;
        },
        timeoutMs,
        () => `expected ${count} lines from listen, got:\n${stdout}`,
      ),
    async stop() {
      child.kill('SIGINT');
      return exited;
    },
  };
}

async function until<T>(value: () => T | undefined, timeoutMs: number, failure: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = value();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
