import type { Command } from 'commander';
import { COMMUNITY_METHODS, DEFAULTS as COMMUNITY_DEFAULTS } from '../../../graph/algorithms/communities.ts';
import { DEFAULT_SEED } from '../../../graph/random.ts';
import { FAMILY_DECLARATIONS } from '../../../graph/scores/definitions.ts';
import { scoreOptions, scoreStore } from '../../../server/usecases/score.ts';
import { retentionFields } from '../../../server/usecases/options.ts';
import { RETENTION_DEFAULTS } from '../../../server/stores/retention.ts';
import { z } from 'zod';
import {
  formatDuration,
  formatFigure,
  formatFixed,
  formatPeople,
  formatQuantity,
} from '../../../graph/scores/format.ts';
import type { ScoreSetMeta } from '../../../graph/scores/types.ts';
import { engineFlags, withEngineOptions, type EngineCliOptions } from '../engine-options.ts';
import { listFlag, numberFlag, parseFlags } from '../flags.ts';
import { createProgress, progressHooks } from '../progress.ts';
import { useStore, withStoreOptions, type StoreCliOptions } from '../store-options.ts';

/** The retention flags as commander gives them (text). */
export interface RetentionCliOptions {
  keepVersions?: string;
  keepDays?: string;
}

/**
 * The --keep-versions and --keep-days flags of `sway score`, `sway rescore` and `sway serve`: which score versions the
 * store keeps after a scoring (server/stores/retention.ts).
 */
export function withRetentionOptions(command: Command): Command {
  return command
    .option(
      '--keep-versions <n>',
      `score versions to keep, for people's history (default ${RETENTION_DEFAULTS.versions}; the current one and the one before it always stay)`,
    )
    .option(
      '--keep-days <days>',
      `drop score versions computed longer ago than this many days (default ${RETENTION_DEFAULTS.days}; the current one and the one before it always stay)`,
    );
}

/** The retention flags' values, for a schema that holds the retention fields. */
function retentionValues(options: RetentionCliOptions) {
  return { keepVersions: numberFlag(options.keepVersions), keepDays: numberFlag(options.keepDays) };
}

/** The retention options alone, checked (`sway serve`). */
export function retentionFlags(options: RetentionCliOptions, command: string) {
  return parseFlags(
    z.object(retentionFields),
    retentionValues(options),
    command,
    {},
    {
      keepVersions: options.keepVersions,
      keepDays: options.keepDays,
    },
  );
}

/** The scoring flags as commander gives them (text). */
export interface ScoringCliOptions extends EngineCliOptions, RetentionCliOptions {
  only?: string;
  seed?: string;
  asOf?: string;
  window?: string;
  halfLife?: string;
  period?: string;
  communityMethod?: string;
  resolution?: string;
}

interface ScoreCliOptions extends StoreCliOptions, ScoringCliOptions {
  json?: boolean;
}

/**
 * The --only, --seed, --community-method, --resolution, time (--as-of, --window, --half-life, --period), --engine and
 * --spark-* flags of `sway score` and `sway rescore` (the scoring options, server/usecases/score.ts).
 */
export function withScoringOptions(command: Command): Command {
  return withRetentionOptions(withEngineOptions(command))
    .option(
      '--only <families>',
      `comma-separated score families (${FAMILY_DECLARATIONS.map((f) => f.id).join(', ')}); default all`,
    )
    .option('--seed <n>', `seed for the randomized algorithms (default ${DEFAULT_SEED})`)
    .option(
      '--as-of <date>',
      'score the graph as it stood at this date (2016-01-31: the end of that day, UTC); later relationships are left out (default: all)',
    )
    .option('--window <days>', 'leave out relationships older than this many days before the as-of date')
    .option('--half-life <days>', "halve a relationship's weight every this many days of age at the as-of date")
    .option('--period <days>', 'days back to the window the trend columns compare with (default: the window, or 90)')
    .option(
      '--community-method <method>',
      `how communities are found: ${COMMUNITY_METHODS.join(' or ')} (default ${COMMUNITY_DEFAULTS.method})`,
    )
    .option(
      '--resolution <gamma>',
      `communities' resolution: higher gives more, smaller communities (default ${COMMUNITY_DEFAULTS.resolution})`,
    );
}

/** The scoring options from the flags, checked before any work starts. */
export function scoringFlags(options: ScoringCliOptions, command: string) {
  return parseFlags(
    scoreOptions,
    {
      only: listFlag(options.only),
      seed: numberFlag(options.seed),
      asOf: options.asOf,
      windowDays: numberFlag(options.window),
      halfLifeDays: numberFlag(options.halfLife),
      periodDays: numberFlag(options.period),
      communityMethod: options.communityMethod,
      resolution: numberFlag(options.resolution),
      ...retentionValues(options),
      ...engineFlags(options),
    },
    command,
    { asOf: '--as-of', windowDays: '--window', halfLifeDays: '--half-life', periodDays: '--period' },
    {
      seed: options.seed,
      asOf: options.asOf,
      windowDays: options.window,
      halfLifeDays: options.halfLife,
      periodDays: options.period,
      sparkPartitions: options.sparkPartitions,
      threads: options.threads,
      communityMethod: options.communityMethod,
      resolution: options.resolution,
      keepVersions: options.keepVersions,
      keepDays: options.keepDays,
    },
  );
}

/**
 * The time a score set describes, in words (meta.time): relationships without a time count as always present and
 * undecayed, which the line says.
 */
export function timeLine(time: ScoreSetMeta['time']): string | null {
  if (!time) return null;
  if (time.asOf === null) return 'Time: the relationships carry no time; every relationship counts, undecayed.';
  const parts = [`as of ${time.asOf.slice(0, 10)}`];
  if (time.windowDays !== null) parts.push(`over the last ${time.windowDays} days`);
  if (time.halfLifeDays !== null) parts.push(`weights halved every ${time.halfLifeDays} days of age`);
  parts.push(`trend against ${time.periodDays} days earlier`);
  return `Time: ${parts.join(', ')} (relationships without a time count as always present, undecayed).`;
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
      engine: result.set.meta.engine ?? 'local',
      phasesMs: result.phasesMs,
      familiesMs: result.set.meta.durationsMs,
      summary: result.set.meta.summary,
      time: result.set.meta.time ?? null,
    };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      return;
    }
    const lines = [
      `Scored ${formatPeople(summary.people)} and ${formatQuantity(summary.relationships, 'relationship')}${summary.engine === 'local' ? '' : ` on the ${summary.engine} engine`}: score version ${summary.version}.`,
      `Time: load ${formatDuration(summary.phasesMs.load)}, compute ${formatDuration(summary.phasesMs.compute)}, write ${formatDuration(summary.phasesMs.write)}.`,
      ...Object.entries(summary.familiesMs).map(
        ([family, ms]) => `  ${familyLabel(family).padEnd(16)} ${formatDuration(ms)}`,
      ),
      ...[timeLine(result.set.meta.time)].filter((line) => line !== null),
      'About the whole network:',
      ...figureLines(result.set.meta),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
}

function familyLabel(id: string): string {
  return FAMILY_DECLARATIONS.find((family) => family.id === id)?.label ?? id;
}

/** The score set's graph-level figures with the labels their families declare, in the families' order. */
export function figureLines(meta: ScoreSetMeta): string[] {
  const rows: Array<[string, string]> = [];
  const shown = new Set<string>();
  for (const family of FAMILY_DECLARATIONS) {
    for (const [key, definition] of Object.entries(family.figures ?? {})) {
      if (!(key in meta.summary)) continue;
      rows.push([definition.label, formatFigure(definition, meta.summary[key])]);
      shown.add(key);
    }
  }
  // A figure no family declares (written by a newer Sway) is still shown, under its key.
  for (const [key, value] of Object.entries(meta.summary)) {
    if (!shown.has(key))
      rows.push([
        key,
        typeof value === 'number' && !Number.isInteger(value)
          ? formatFixed(value, 3)
          : formatFigure({ label: key, kind: 'count' }, value),
      ]);
  }
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
}
