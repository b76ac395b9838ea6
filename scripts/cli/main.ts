import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { EXIT } from '../../server/errors.ts';
import { commands } from './commands/index.ts';
import { reportError } from './errors.ts';

/** The version of this checkout, from package.json. */
export const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** Entry point of the `sway` command: builds the commander program from the subcommand modules and runs it. */
export async function main(argv: string[]): Promise<number> {
  const program = new Command('sway')
    .description('Sway: influence, reach, reputation and customer network value for the network around a business.')
    .version(VERSION, '-V, --version', 'print the version of Sway')
    // Program options only before the command name, so that `export scores --version 3` means a score version.
    .enablePositionalOptions()
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
