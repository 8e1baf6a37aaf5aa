import type { CliIO, Output } from './output/output.js';

/** What every command gets: the streams and environment, the output, and where to put its exit code. */
export interface CliContext {
  io: CliIO;
  out: Output;
  exitCode: number;
}
