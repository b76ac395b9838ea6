import type { Command } from 'commander';
import { SCORE_FAMILIES } from '../../../graph/scores/registry.ts';
import { scoreStore } from '../../../server/jobs/score.ts';
import { createProgress } from '../progress.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface ScoreCliOptions extends StoreCliOptions {
  only?: string;
  seed: string;
  json?: boolean;
}

export function registerScore(program: Command): void {
  withStoreOptions(
    program
      .command('score')
      .description('Compute every score on the stored graph and publish it as the new current score version.')
      .option(
        '--only <families>',
        `comma-separated score families (${SCORE_FAMILIES.map((f) => f.id).join(', ')}); default all`,
      )
      .option('--seed <n>', 'seed for the randomized algorithms', '42')
      .option('--json', 'JSON progress lines on stderr and a JSON summary on stdout'),
  ).action(async (options: ScoreCliOptions) => {
    const progress = createProgress({ json: options.json });
    const result = await useStore(options, (store) =>
      scoreStore(store, {
        only: options.only
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        seed: Number(options.seed),
        onPhase: (phase) => progress.phase(phase),
        onProgress: ({ family, overall }) => progress.update(overall, family),
      }).finally(() => progress.stop()),
    );
    const summary = {
      version: result.version,
      people: result.snapshot.nodeCount,
      relationships: result.snapshot.edgeCount,
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
