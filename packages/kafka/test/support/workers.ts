import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BROKERS } from './broker.js';

const script = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A worker process; `stop()` asks it to close gracefully (SIGTERM) and waits for it to exit. */
export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** Forks a worker and resolves once it has joined the consumer group. */
export async function startWorker(name: string, env: Record<string, string>): Promise<WorkerProcess> {
  const child = fork(script, [], {
    cwd: packageRoot,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env, KAFKA_BROKERS: BROKERS, WORKER_NAME: name },
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker ${name} did not join within 60 s:\n${stderr}`)), 60_000);
    child.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker ${name} exited with ${code}:\n${stderr}`));
    });
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { name, child, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}
