import type { Command } from 'commander';
import {
  checkWindows,
  DEFAULT_WINDOW_EVERY_DAYS,
  LOCK_STALE_AFTER_SECONDS,
  rescore,
  rescoreOptions,
  type RescoreSummary,
} from '../../../server/usecases/rescore.ts';
import { EXIT } from '../../../server/errors.ts';
import { SwayError } from '../../../graph/errors.ts';
import { formatDuration, formatFixed, formatPeople, formatQuantity } from '../../../graph/scores/format.ts';
import { numberFlag, parseFlags } from '../flags.ts';
import { createProgress, progressHooks } from '../progress.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';
import { scoringFlags, timeLine, withScoringOptions, type ScoringCliOptions } from './score.ts';

interface RescoreCliOptions extends StoreCliOptions, ScoringCliOptions {
  json?: boolean;
  lockStaleAfter?: string;
  movers?: string;
  windows?: string;
  every?: string;
}

/** How much of the movers a run prints: nothing, how many, or who (their ids). */
const MOVERS_DETAIL = ['none', 'counts', 'ids'] as const;
type MoversDetail = (typeof MOVERS_DETAIL)[number];

export function registerRescore(program: Command): void {
  withStoreOptions(
    withScoringOptions(
      program
        .command('rescore')
        .description(
          'Batch job: recompute every score from the store and publish them as a new version atomically (for cron or a systemd timer).',
        ),
    )
      .option(
        '--lock-stale-after <seconds>',
        `take over a lock whose holder stopped refreshing it this long ago (a run killed on another machine; a dead run of this machine is taken over at once; default ${LOCK_STALE_AFTER_SECONDS})`,
      )
      .option(
        '--windows <count>',
        "score this many windows, each as of its own date and published as a kept score version, oldest first (the last ends at --as-of, default the latest relationship time): what the explorer's time control plays through; at most --keep-versions",
      )
      .option(
        '--every <days>',
        `days between the ends of consecutive windows (default: --window, or ${DEFAULT_WINDOW_EVERY_DAYS})`,
      )
      .option('--json', 'one JSON line per phase and percent on stderr, a JSON summary on stdout')
      .option(
        '--movers <detail>',
        "what the summary says of the movers: none, counts, or ids (people's ids, e.g. into a log file); default counts with --json, ids otherwise",
      ),
  ).action(async (options: RescoreCliOptions) => {
    const scoring = scoringFlags(options, 'sway rescore');
    const moversDetail = (options.movers ?? (options.json ? 'counts' : 'ids')) as MoversDetail;
    if (!MOVERS_DETAIL.includes(moversDetail))
      throw new SwayError('INVALID_OPTIONS', `sway rescore: --movers must be one of ${MOVERS_DETAIL.join(', ')}`);
    const lock = parseFlags(
      rescoreOptions.pick({ lockStaleAfterSeconds: true, windows: true, windowEveryDays: true }),
      {
        lockStaleAfterSeconds: numberFlag(options.lockStaleAfter),
        windows: numberFlag(options.windows),
        windowEveryDays: numberFlag(options.every),
      },
      'sway rescore',
      { lockStaleAfterSeconds: '--lock-stale-after', windowEveryDays: '--every' },
      { lockStaleAfterSeconds: options.lockStaleAfter, windows: options.windows, windowEveryDays: options.every },
    );
    checkWindows({ ...scoring, ...lock }, 'sway rescore', { windows: '--windows', keepVersions: '--keep-versions' });
    const controller = new AbortController();
    const progress = createProgress({ json: options.json });
    let interrupts = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      interrupts++;
      if (interrupts > 1) process.exit(EXIT.computationFailed);
      progress.stop();
      process.stderr.write(
        `\nsway rescore: ${signal} received; stopping at the next safe point (the current scores stay as they are)\n`,
      );
      controller.abort(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const summary = await useStore(options, (store) =>
        rescore(store, { ...scoring, ...lock }, progressHooks(progress, controller.signal)),
      );
      progress.stop();
      const shown = withMovers(summary, moversDetail);
      process.stdout.write(options.json ? `${JSON.stringify(shown)}\n` : formatSummary(shown, moversDetail));
    } finally {
      progress.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  });
}

/** Movers as counts: how many rose, fell and became detractors, without naming anyone. */
export interface MoverCounts {
  column: string;
  risers: number;
  fallers: number;
  newDetractors: number;
  newcomers: number;
  departed: number;
}

type ShownSummary = Omit<RescoreSummary, 'movers'> & { movers: RescoreSummary['movers'] | MoverCounts };

/** The summary with its movers at the detail asked for (a cron log should not collect people's ids by default). */
function withMovers(summary: RescoreSummary, detail: MoversDetail): ShownSummary {
  const { movers, ...rest } = summary;
  if (detail === 'ids' || movers === null) return summary;
  if (detail === 'none') return { ...rest, movers: null };
  return {
    ...rest,
    movers: {
      column: movers.column,
      risers: movers.risers.length,
      fallers: movers.fallers.length,
      newDetractors: movers.newDetractors.length,
      newcomers: movers.newcomers,
      departed: movers.departed,
    },
  };
}

/** The phases of a run as people name them (the JSON summary keeps the keys). */
const PHASE_LABELS: Record<string, string> = {
  lock: 'taking the lock',
  load: 'loading the graph',
  compute: 'computing',
  write: 'writing the scores',
  movers: 'finding the movers',
};

function phaseLabel(phase: string): string {
  return phase.startsWith('compute.') ? `  ${phase.slice('compute.'.length)}` : (PHASE_LABELS[phase] ?? phase);
}

function formatSummary(summary: ShownSummary, detail: MoversDetail): string {
  const lines = [
    `Published score version ${summary.version}${summary.previousVersion === null ? '' : ` (previous ${summary.previousVersion})`}: ` +
      `${formatPeople(summary.people)}, ${formatQuantity(summary.relationships, 'relationship')}, families ${summary.families.join(', ')}` +
      `${summary.engine === 'local' ? '' : `, computed on the ${summary.engine} engine`}.`,
    'Time per phase:',
    ...Object.entries(summary.phasesMs).map(([phase, ms]) => `  ${phaseLabel(phase).padEnd(22)} ${formatDuration(ms)}`),
  ];
  if (summary.windows)
    lines.push(
      `Windows published (${summary.windows.length}, oldest first): ` +
        summary.windows.map((w) => `version ${w.version} as of ${w.asOf?.slice(0, 10) ?? 'all time'}`).join(', ') +
        '.',
    );
  const time = timeLine(summary.time ?? undefined);
  if (time) lines.push(time);
  const window = summary.windowMovers;
  if (window) {
    const signed = (x: number, digits: number) =>
      Number.isFinite(x) ? `${x > 0 ? '+' : ''}${formatFixed(x, digits)}` : 'n/a';
    const show = (list: typeof window.risers) =>
      list.length === 0
        ? ['  (none)']
        : list.map(
            (m) =>
              `  ${m.id.padEnd(20)} influence ${signed(m.change, 2)}, rank ${signed(m.rankChange, 0)}, reach ${signed(m.reachChange, 0)}`,
          );
    lines.push(
      `Risers against the previous ${window.periodDays} days (influence change, places gained, two-hop reach change):`,
      ...show(window.risers),
      `Fallers against the previous ${window.periodDays} days:`,
      ...show(window.fallers),
    );
  }
  const movers = summary.movers;
  if (movers && typeof movers.risers === 'number') {
    const counts = movers as MoverCounts;
    lines.push(
      `Movers in ${counts.column.replaceAll('_', ' ')}: ${counts.risers} risers, ${counts.fallers} fallers, ` +
        `${counts.newDetractors} new detractors; newcomers ${formatPeople(counts.newcomers)}, departed ${formatPeople(counts.departed)}.`,
    );
  } else if (movers) {
    const named = movers as NonNullable<RescoreSummary['movers']>;
    const score = (x: number) => formatFixed(x, 1);
    const show = (list: typeof named.risers) =>
      list.length === 0
        ? ['  (none)']
        : list.map(
            (m) =>
              `  ${m.id.padEnd(20)} ${score(m.before)} -> ${score(m.after)} (${m.change > 0 ? '+' : ''}${score(m.change)})`,
          );
    const column = named.column.replaceAll('_', ' ');
    lines.push(
      `Biggest risers in ${column}:`,
      ...show(named.risers),
      `Biggest fallers in ${column}:`,
      ...show(named.fallers),
    );
    lines.push(
      `New detractors: ${named.newDetractors.length === 0 ? 'none' : named.newDetractors.slice(0, 20).join(', ')}${named.newDetractors.length > 20 ? ', ...' : ''}`,
    );
    lines.push(`Newcomers: ${formatPeople(named.newcomers)}; departed: ${formatPeople(named.departed)}.`);
  } else if (detail === 'none') lines.push('Movers not shown (--movers none).');
  else lines.push('First score version: no movers to report.');
  return `${lines.join('\n')}\n`;
}
