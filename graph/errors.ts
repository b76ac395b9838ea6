/**
 * Sway's one error taxonomy. Every error Sway raises on purpose is a SwayError with one of these codes; its message is
 * meant for users (it names the option, file, line or field, never an internal function). The server maps each code
 * to the CLI's exit code, the API's tRPC code and a job's error in one table (server/errors.ts; docs/ARCHITECTURE.md,
 * "Errors"). Anything else is a bug.
 *
 * - INVALID_OPTIONS: options or a command line that cannot be honoured;
 * - INVALID_INPUT: bad data in an input file (file, line and field named);
 * - NOT_FOUND: the thing asked for does not exist;
 * - CONFLICT: another writer holds the store;
 * - CANCELLED: a computation was cancelled or interrupted;
 * - STORE_UNAVAILABLE: the store could not be reached or opened (raised by the server's stores);
 * - LOCK_HELD: another run holds the re-scoring lock (raised by the server's re-scoring);
 * - COMPUTATION_FAILED: a computation that ran elsewhere (the Spark application) failed.
 */
export type SwayErrorCode =
  | 'INVALID_OPTIONS'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'CANCELLED'
  | 'STORE_UNAVAILABLE'
  | 'LOCK_HELD'
  | 'COMPUTATION_FAILED';

export class SwayError extends Error {
  readonly code: SwayErrorCode;
  constructor(code: SwayErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A library function was called with options it cannot honour. */
export class InvalidOptionsError extends SwayError {
  constructor(where: string, message: string) {
    super('INVALID_OPTIONS', `${where}: ${message}`);
  }
}

/** Bad data in an input file: names the file, the 1-based line and the field, as users need to fix it. */
export class InputError extends SwayError {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  constructor(file: string, line: number, field: string, problem: string) {
    super('INVALID_INPUT', `${file}:${line}: field "${field}": ${problem}`);
    this.file = file;
    this.line = line;
    this.field = field;
  }
}

/**
 * A whole input file is unusable (not text, an unknown container, malformed XML, nothing in it): names the file and,
 * where one is known, the line.
 */
export class InputFileError extends SwayError {
  readonly file: string;
  readonly line: number | null;
  constructor(file: string, problem: string, line: number | null = null) {
    super('INVALID_INPUT', `${file}${line === null ? '' : `:${line}`}: ${problem}`);
    this.file = file;
    this.line = line;
  }
}

export class NotFoundError extends SwayError {
  constructor(message: string) {
    super('NOT_FOUND', message);
  }
}

/** A computation that ran elsewhere (the Spark application) failed; the message says where and why. */
export class ComputationFailedError extends SwayError {
  constructor(message: string) {
    super('COMPUTATION_FAILED', message);
  }
}

/** Thrown by long computations when their AbortSignal fires. */
export class CancelledError extends SwayError {
  constructor(message = 'cancelled') {
    super('CANCELLED', message);
  }
}

/** Throws CancelledError if the signal has fired; long loops call it at safe points. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError(typeof signal.reason === 'string' ? signal.reason : 'cancelled');
}
