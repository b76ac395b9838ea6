import type { Command } from 'commander';
import { DEFAULT_SEED } from '../../../graph/random.ts';
import { FAMILY_DECLARATIONS } from '../../../graph/scores/definitions.ts';
import { scoreOptions, scoreStore } from '../../../server/usecases/score.ts';
import { listFlag, numberFlag, parseFlags } from '../flags.ts';
import { createProgress, progressHooks } from '../progress.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface ScoreCliOptions extends StoreCliOptions {
  only?: string;
  seed?: string;
  json?: boolean;
}

/** The --only and --seed flags of `sway score` and `sway rescore` (the scoring options, server/usecases/score.ts). */
export function withScoringOptions(command: Command): Command {
  return command
    .option(
      '--only <families>',
      `comma-separated score families (${FAMILY_DECLARATIONS.map((f) => f.id).join(', ')}); default all`,
    )
    .option('--seed <n>', `seed for the randomized algorithms (default ${DEFAULT_SEED})`);
}

/** The scoring options from the flags, checked before any work starts. */
export function scoringFlags(options: { only?: string; seed?: string }, command: string) {
  return parseFlags(
    scoreOptions,
    { only: listFlag(options.only), seed: numberFlag(options.seed) },
    command,
    {},
    { seed: options.seed },
  );
}

export function registerScore(program: Command): void {
  withStoreOptions(
    withScoringOptions(
      program
        .command('score')
        .description('Compute every score on the stored graph and publish it as the new current score version.'),
    ).option('--json', 'JSON progress lines on stderr and a JSON summary on stdout'),
  ).action(async (options: ScoreCliOptions) => {
    const scoring = scoringFlags(options, 'sway score');
    const progress = createProgress({ json: options.json });
    const result = await useStore(options, (store) =>
      scoreStore(store, scoring, progressHooks(progress)).finally(() => progress.stop()),
    );
    const summary = {
      version: result.version,
      people: result.people,
      relationships: result.relationships,
      families: result.set.meta.families,
      phasesMs: result.phasesMs,
      familiesMs: result.set.meta.durationsMs,
      summary: result.set.meta.summary,
    };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return;
    }
    const lines = [
      `Scored ${summary.people.toLocaleString('en-US')} people and ${summary.relationships.toLocaleString('en-US')} relationships: score version ${summary.version}.`,
      `  load ${summary.phasesMs.load} ms, compute ${summary.phasesMs.compute} ms, write ${summary.phasesMs.write} ms`,
      ...Object.entries(summary.familiesMs).map(([family, ms]) => `  ${family.padEnd(12)} ${ms} ms`),
      ...Object.entries(summary.summary).map(
        ([key, value]) =>
          `  ${key}: ${typeof value === 'number' && !Number.isInteger(value) ? value.toPrecision(4) : value}`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}
