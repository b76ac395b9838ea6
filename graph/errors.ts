/**
 * Typed errors of the analytics library. The CLI prints `message` without a stack trace and exits non-zero; the API
 * maps `code` to a tRPC error code (see ARCHITECTURE.md, "Errors").
 */
export type SwayErrorCode =
  'INVALID_OPTIONS' | 'INVALID_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'CANCELLED' | 'COMPUTATION_FAILED';

export class SwayError extends Error {
  readonly code: SwayErrorCode;
  constructor(code: SwayErrorCode, message: string) {
    super(message);
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
