import type { TRPCError } from '@trpc/server';
import { SwayError, type SwayErrorCode } from '../graph/errors.ts';

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

type TrpcCode = ConstructorParameters<typeof TRPCError>[0]['code'];

/** A job's error as it crosses the thread boundary: a code and a message safe to show to any API caller. */
export interface JobError {
  code: 'INVALID_OPTIONS' | 'INVALID_INPUT' | 'NOT_FOUND' | 'CONFLICT' | 'CANCELLED' | 'INTERNAL';
  message: string;
}

interface Outcome {
  /** The `sway` command's exit code. */
  exitCode: number;
  /** The API's tRPC code (and so its HTTP status). */
  trpc: TrpcCode;
  /** The code a failed job reports. */
  job: JobError['code'];
  /**
   * What the API and jobs say instead of the error's own message, where that may name hosts, paths or internals;
   * absent: the message itself, which Sway's errors write for users. The CLI always prints the error's own message.
   */
  publicMessage?: string;
  /** What a job says instead (overrides publicMessage for jobs). */
  jobMessage?: string;
}

/** The one table from an error to what each surface reports. INTERNAL is anything that is not a SwayError: a bug. */
export const ERROR_OUTCOMES: Record<SwayErrorCode | 'INTERNAL', Outcome> = {
  INVALID_OPTIONS: { exitCode: EXIT.badConfiguration, trpc: 'BAD_REQUEST', job: 'INVALID_OPTIONS' },
  INVALID_INPUT: { exitCode: EXIT.badInput, trpc: 'BAD_REQUEST', job: 'INVALID_INPUT' },
  NOT_FOUND: { exitCode: EXIT.notFound, trpc: 'NOT_FOUND', job: 'NOT_FOUND' },
  CONFLICT: { exitCode: EXIT.failure, trpc: 'CONFLICT', job: 'CONFLICT' },
  CANCELLED: {
    exitCode: EXIT.computationFailed,
    trpc: 'CLIENT_CLOSED_REQUEST',
    job: 'CANCELLED',
    jobMessage: 'the job was cancelled',
  },
  STORE_UNAVAILABLE: {
    exitCode: EXIT.storeUnreachable,
    trpc: 'SERVICE_UNAVAILABLE',
    job: 'INTERNAL',
    publicMessage: 'The store cannot be reached right now; try again shortly.',
  },
  LOCK_HELD: { exitCode: EXIT.lockHeld, trpc: 'CONFLICT', job: 'CONFLICT' },
  // The message names the engine's files and hosts: the CLI prints it, the API and jobs do not.
  COMPUTATION_FAILED: {
    exitCode: EXIT.computationFailed,
    trpc: 'INTERNAL_SERVER_ERROR',
    job: 'INTERNAL',
    publicMessage: 'The computation failed on its engine; the server log says why.',
  },
  INTERNAL: {
    exitCode: EXIT.failure,
    trpc: 'INTERNAL_SERVER_ERROR',
    job: 'INTERNAL',
    jobMessage: 'the job failed with an internal error',
  },
};

/** The table's row for an error. */
export function errorOutcome(error: unknown): Outcome & { code: SwayErrorCode | 'INTERNAL' } {
  const code = error instanceof SwayError ? error.code : 'INTERNAL';
  return { ...ERROR_OUTCOMES[code], code };
}

/** The error a job reports (the worker sends it to the API thread). */
export function toJobError(error: unknown): JobError {
  const outcome = errorOutcome(error);
  return { code: outcome.job, message: outcome.jobMessage ?? outcome.publicMessage ?? (error as Error).message };
}
