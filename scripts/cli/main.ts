import { Command, CommanderError } from 'commander';
import { SwayError } from '../../graph/errors.ts';
import { StoreUnavailableError } from '../../server/stores/errors.ts';
import { EXIT } from './exit-codes.ts';
import { commands } from './commands/index.ts';

/**
 * Entry point of the `sway` command: builds the commander program from the subcommand modules and maps errors to
 * messages and exit codes (a SwayError prints its message alone; anything else is a bug and prints its stack).
 */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('sway')
    .description('Sway: influence, reach, reputation and customer network value for the network around a business.')
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (error) {
    return reportError(error);
  }
}

export function reportError(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT.ok : EXIT.badConfiguration;
  }
  if (error instanceof CliError) {
    process.stderr.write(`sway: ${error.message}\n`);
    return error.exitCode;
  }
  if ((error as NodeJS.ErrnoException)?.code === 'EPIPE') return EXIT.ok; // the reader (e.g. `| head`) has had enough
  if (error instanceof StoreUnavailableError) {
    process.stderr.write(`sway: ${error.message}\n`);
    return EXIT.storeUnreachable;
  }
  if (error instanceof SwayError) {
    process.stderr.write(`sway: ${error.message}\n`);
    switch (error.code) {
      case 'INVALID_INPUT':
        return EXIT.badInput;
      case 'INVALID_OPTIONS':
        return EXIT.badConfiguration;
      case 'NOT_FOUND':
        return EXIT.notFound;
      case 'CANCELLED':
        return EXIT.computationFailed;
      default:
        return EXIT.failure;
    }
  }
  process.stderr.write(
    `sway: unexpected error\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return EXIT.failure;
}

/** An error a command raises on purpose, with the exit code it means. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
