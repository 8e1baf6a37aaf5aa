import { colorsFor, type Colors } from './colors-for.js';

/** Where a command writes: data on stdout, messages and progress on stderr. */
export interface Output {
  /** Colours for stdout. */
  readonly color: Colors;
  /** Colours for stderr. */
  readonly errorColor: Colors;
  /** True when stderr is a terminal: progress bars go there. */
  readonly interactive: boolean;
  readonly stderr: NodeJS.WritableStream;
  /** A line of data on stdout. */
  line(text?: string): void;
  /** A line for the person on stderr (banners, summaries, warnings). */
  note(text?: string): void;
  /** A value as JSON on stdout: indented, or one line (`compact`) for a stream of records. */
  json(value: unknown, compact?: boolean): void;
}

/** The streams and environment the CLI runs with (the process's, or a test's). */
export interface CliIO {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * The output of one run, with colours decided per stream.
 *
 * @example
 * const out = createOutput(io);
 * out.line(out.color.green('valid'));
 */
export function createOutput(io: CliIO): Output {
  return {
    color: colorsFor(io.stdout, io.env),
    errorColor: colorsFor(io.stderr, io.env),
    interactive: io.stderr.isTTY === true,
    stderr: io.stderr,
    line: (text = '') => void io.stdout.write(`${text}\n`),
    note: (text = '') => void io.stderr.write(`${text}\n`),
    json: (value, compact = false) => void io.stdout.write(`${JSON.stringify(value, null, compact ? undefined : 2)}\n`),
  };
}
