import { CommanderError } from 'commander';
import { SwayError } from '../../graph/errors.ts';
import { errorOutcome, EXIT } from '../../server/errors.ts';

/**
 * How the `sway` command ends on an error: Sway's own errors print their message alone and exit with the code of the
 * one error table (server/errors.ts); anything else is a bug and prints its stack.
 */
export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT.ok : EXIT.badConfiguration;
  }
  if ((error as NodeJS.ErrnoException)?.code === 'EPIPE') return EXIT.ok; // the reader (e.g. `| head`) has had enough
  if (error instanceof SwayError) {
    process.stderr.write(`sway: ${error.message}\n`);
    return errorOutcome(error).exitCode;
  }
  process.stderr.write(
    `sway: unexpected error\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return EXIT.failure;
}
