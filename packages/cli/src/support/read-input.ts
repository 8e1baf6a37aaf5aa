import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { WebhookError } from '@webhooks/core';

/** A body read from a file or from stdin, byte for byte (as UTF-8 text). */
export interface Input {
  text: string;
  /** The file, as given on the command line; undefined for stdin. */
  file?: string;
}

/**
 * Reads `--file` (relative to `cwd`), or stdin when no file (or `-`) is given. Refuses to wait
 * on a terminal's stdin: the body must be piped in.
 *
 * @example
 * const { text } = await readInput(options.file, io); // `webhooks sign --file body.json` or `cat body.json | webhooks sign`
 */
export async function readInput(file: string | undefined, io: { stdin: NodeJS.ReadStream; cwd: string }): Promise<Input> {
  if (file !== undefined && file !== '-') {
    try {
      return { text: await readFile(resolve(io.cwd, file), 'utf8'), file };
    } catch (error) {
      throw new WebhookError('invalid_argument', `cannot read --file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
  }
  if (io.stdin.isTTY) throw new WebhookError('invalid_argument', 'no body: pass --file <path>, or pipe it in (cat body.json | webhooks …)');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return { text: Buffer.concat(chunks).toString('utf8') };
}
