import type { Command } from 'commander';
import { registerAdvocates } from './advocates.ts';
import { registerExport } from './export.ts';
import { registerImport } from './import.ts';
import { registerRescore } from './rescore.ts';
import { registerScore } from './score.ts';
import { registerServe } from './serve.ts';
import { registerToken } from './token.ts';

/** Every subcommand module registers itself on the program; add new ones here. */
export const commands: Array<(program: Command) => void> = [
  registerImport,
  registerScore,
  registerExport,
  registerRescore,
  registerServe,
  registerToken,
  registerAdvocates,
];
