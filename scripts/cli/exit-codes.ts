/** Exit codes of the `sway` command, documented in the README. */
export const EXIT = {
  ok: 0,
  /** Unexpected failure (a bug): the stack trace is printed. */
  failure: 1,
  /** Bad command line or configuration (unknown option, invalid value). */
  badConfiguration: 2,
  /** Bad input data: the message names file, line and field. */
  badInput: 3,
  /** The store could not be reached or opened. */
  storeUnreachable: 4,
  /** Another run holds the re-scoring lock. */
  lockHeld: 5,
  /** A computation failed or was cancelled (SIGINT/SIGTERM). */
  computationFailed: 6,
  /** The thing asked for does not exist. */
  notFound: 7,
} as const;
