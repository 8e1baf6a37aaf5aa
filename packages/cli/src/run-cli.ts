import { CommanderError } from 'commander';
import type { CliContext } from './cli-context.js';
import { createOutput, type CliIO } from './output/output.js';
import { createProgram } from './program.js';
import { exitCodeFor } from './support/exit-code-for.js';
import { EXIT } from './support/exit-codes.js';

/**
 * Runs the `webhooks` command line with `argv` (as `process.argv`) and resolves with its exit
 * code. Errors are printed as one line on stderr, never with a secret.
 *
 * @example
 * process.exitCode = await runCli(process.argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() });
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const context: CliContext = { io, out: createOutput(io), exitCode: EXIT.ok };
  const program = createProgram(context);
  // Commander's own errors and help are written by commander; every sub-command inherits these settings.
  try {
    await program.parseAsync([...argv]);
    return context.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; a bad command line is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    context.out.note(`${context.out.errorColor.red('error:')} ${message}`);
    return exitCodeFor(error);
  }
}
