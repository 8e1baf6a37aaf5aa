import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The child processes' entry points, compiled to JavaScript. */
export interface ChildEntries {
  sender: string;
  receiver: string;
  /** Removes the compiled files. */
  remove(): void;
}

const SOURCES = {
  sender: fileURLToPath(new URL('../sender/sender-main.ts', import.meta.url)),
  receiver: fileURLToPath(new URL('../receiver/receiver-main.ts', import.meta.url)),
};

/**
 * Compiles the sender and receiver entries once per run, into `torture/.build/<run>/` (inside the
 * package, so their imports resolve from its node_modules). A sender started with plain `node`
 * is up about half a second sooner than one under tsx, and start-up is time no kill lands in a
 * running stack.
 *
 * @example
 * const entries = await buildChildEntries('6zi9slg');
 * spawn(process.execPath, ['--enable-source-maps', entries.sender]);
 */
export async function buildChildEntries(run: string): Promise<ChildEntries> {
  const outdir = fileURLToPath(new URL(`../../.build/${run}/`, import.meta.url));
  await build({
    entryPoints: SOURCES,
    outdir,
    bundle: true,
    splitting: true, // the sender loads one ORM's code only, through dynamic imports
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return {
    sender: join(outdir, 'sender.js'),
    receiver: join(outdir, 'receiver.js'),
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
