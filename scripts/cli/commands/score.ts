import type { Command } from 'commander';
import { SCORE_FAMILIES } from '../../../graph/scores/registry.ts';
import { scoreStore } from '../../../server/jobs/score.ts';
import { createProgress, sparkAware } from '../progress.ts';
import { familyList, refuseIfTooLarge } from './estimate.ts';
import { engineFromCli, withEngineOptions, type EngineCliOptions } from '../engine-options.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface ScoreCliOptions extends StoreCliOptions, EngineCliOptions {
  only?: string;
  seed: string;
  json?: boolean;
}

export function registerScore(program: Command): void {
  withStoreOptions(
    withEngineOptions(
      program
        .command('score')
        .description('Compute every score on the stored graph and publish it as the new current score version.')
        .option(
          '--only <families>',
          `comma-separated score families (${SCORE_FAMILIES.map((f) => f.id).join(', ')}); default all`,
        )
        .option('--seed <n>', 'seed for the randomized algorithms', '42')
        .option('--json', 'JSON progress lines on stderr and a JSON summary on stdout'),
    ),
  ).action(async (options: ScoreCliOptions) => {
    const engine = engineFromCli(options);
    const progress = createProgress({ json: options.json });
    const only = familyList(options.only);
    const relay = sparkAware(progress);
    const result = await useStore(options, async (store) => {
      if (engine.engine === 'local') await refuseIfTooLarge(store, only);
      return scoreStore(store, {
        only,
        seed: Number(options.seed),
        engine,
        onPhase: (phase) => progress.phase(phase),
        onProgress: ({ family, overall }) => relay.update(overall, family),
        onSparkEvent: relay.onSparkEvent,
      }).finally(() => progress.stop());
    });
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
