import { Command } from 'commander';
import { EXIT } from '../../server/errors.ts';
import { commands } from './commands/index.ts';
import { reportError } from './errors.ts';

/** Entry point of the `sway` command: builds the commander program from the subcommand modules and runs it. */
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
