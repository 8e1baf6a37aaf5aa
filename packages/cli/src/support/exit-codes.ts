/**
 * The exit codes of the `webhooks` binary, as documented in its help and README.
 *
 * @example
 * process.exitCode = EXIT.failed; // a signature did not verify
 */
export const EXIT = {
  /** Done: valid, sent with a 2xx, replayed, changed. */
  ok: 0,
  /** What was asked about failed: an invalid signature, a non-2xx answer, a delivery not found or not replayable. */
  failed: 1,
  /** The command line is wrong: an unknown command or option, a missing or bad value. */
  usage: 2,
  /** The config file is missing or invalid, or has no delivery log for a command that needs one. */
  config: 3,
} as const;

/** The text `webhooks --help` ends with. */
export const EXIT_CODES_HELP = `
Exit codes:
  0  done (valid, 2xx, replayed, changed)
  1  what you asked about failed (invalid signature, non-2xx answer, delivery not found or not replayable)
  2  usage error (unknown command or option, missing or bad value)
  3  configuration error (no or invalid webhooks.config file, no delivery log)`;
