import type { Command } from 'commander';
import { CancelledError } from '../../../graph/errors.ts';
import { SCORE_FAMILIES } from '../../../graph/scores/registry.ts';
import { LockHeldError, rescore, type RescoreSummary } from '../../../server/jobs/rescore.ts';
import { EXIT } from '../exit-codes.ts';
import { CliError } from '../main.ts';
import { createProgress } from '../progress.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

interface RescoreCliOptions extends StoreCliOptions {
  only?: string;
  seed: string;
  json?: boolean;
  lockStaleAfter: string;
}

export function registerRescore(program: Command): void {
  withStoreOptions(
    program
      .command('rescore')
      .description(
        'Batch job: recompute every score from the store and publish them as a new version atomically (for cron or a systemd timer).',
      )
      .option(
        '--only <families>',
        `comma-separated score families (${SCORE_FAMILIES.map((f) => f.id).join(', ')}); default all`,
      )
      .option('--seed <n>', 'seed for the randomized algorithms', '42')
      .option(
        '--lock-stale-after <seconds>',
        'take over a lock whose holder stopped refreshing it this long ago (a killed run)',
        '60',
      )
      .option('--json', 'one JSON line per phase and percent on stderr, a JSON summary on stdout'),
  ).action(async (options: RescoreCliOptions) => {
    const controller = new AbortController();
    const progress = createProgress({ json: options.json });
    let interrupts = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      interrupts++;
      if (interrupts > 1) process.exit(EXIT.computationFailed);
      process.stderr.write(
        `\nsway rescore: ${signal} received; stopping at the next safe point (the current scores stay as they are)\n`,
      );
      controller.abort(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const summary = await useStore(options, (store) =>
        rescore(store, {
          only: options.only
            ?.split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          seed: Number(options.seed),
          lockStaleAfterMs: Number(options.lockStaleAfter) * 1000,
          signal: controller.signal,
          onPhase: (phase) => progress.phase(phase),
          onProgress: (fraction, detail) => progress.update(fraction, detail),
        }),
      );
      progress.stop();
      process.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
    } catch (error) {
      progress.stop();
      if (error instanceof LockHeldError) throw new CliError(error.message, EXIT.lockHeld);
      if (error instanceof CancelledError || controller.signal.aborted) {
        throw new CliError(
          'interrupted: nothing was published; the previous score version stays current',
          EXIT.computationFailed,
        );
      }
      throw error;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}

function formatSummary(summary: RescoreSummary): string {
  const lines = [
    `Published score version ${summary.version}${summary.previousVersion === null ? '' : ` (previous ${summary.previousVersion})`}: ` +
      `${summary.people.toLocaleString('en-US')} people, ${summary.relationships.toLocaleString('en-US')} relationships, families ${summary.families.join(', ')}.`,
    'Time per phase:',
    ...Object.entries(summary.phasesMs).map(([phase, ms]) => `  ${phase.padEnd(22)} ${ms.toLocaleString('en-US')} ms`),
  ];
  const movers = summary.movers;
  if (movers) {
    const show = (list: typeof movers.risers) =>
      list.length === 0
        ? ['  (none)']
        : list.map(
            (m) =>
              `  ${m.id.padEnd(20)} ${m.before.toFixed(1)} -> ${m.after.toFixed(1)} (${m.change > 0 ? '+' : ''}${m.change.toFixed(1)})`,
          );
    lines.push(
      `Biggest risers in ${movers.column}:`,
      ...show(movers.risers),
      `Biggest fallers in ${movers.column}:`,
      ...show(movers.fallers),
    );
    lines.push(
      `New detractors: ${movers.newDetractors.length === 0 ? 'none' : movers.newDetractors.slice(0, 20).join(', ')}${movers.newDetractors.length > 20 ? ', ...' : ''}`,
    );
    lines.push(`Newcomers: ${movers.newcomers}, departed: ${movers.departed}`);
  } else lines.push('First score version: no movers to report.');
  return `${lines.join('\n')}\n`;
}
