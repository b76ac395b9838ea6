import { InvalidOptionsError, throwIfAborted } from '../errors.ts';
import { DEFAULT_SEED } from '../random.ts';
import type { Snapshot } from '../snapshot.ts';
import { wholeView } from '../views/view.ts';
import { resolveTimeOptions, timeView, type TimeView, type TimeViewOptions } from '../views/time.ts';
import { channelCounts } from '../views/channels.ts';
import { channelKeys, type ChannelEntry } from './definitions.ts';
import type { ScoreFamily } from './family.ts';
import { SCORE_FAMILIES } from './registry.ts';
import { DEFAULT_PERIOD_DAYS } from './trend.ts';
import type { ScoreSet, ScoreSetTime } from './types.ts';

/** The time a run scores (graph/views/time.ts), and the period its trend columns compare over. */
export interface ScoreTimeOptions extends TimeViewOptions {
  /** Days between the scored window and the one the trend compares with. Default: the window, or 90 days. */
  periodDays?: number | null;
}

export interface ComputeScoresOptions {
  /** Family ids to compute (default: all). Families they depend on are added. */
  only?: string[];
  /** Per-family options, keyed by family id; merged over each family's defaults. */
  options?: Record<string, Record<string, unknown>>;
  seed?: number;
  /**
   * Threads for every family that can use several (reach, structure, value, influence), unless its own options say;
   * default: each family's default, every core. Scores are the same whatever the number.
   */
  threads?: number | null;
  graphVersion?: number;
  /**
   * Score the graph as of a date, over a window, with a half-life (every family runs on that view; PageRank reads the
   * decayed weights). Default: the whole graph as stored, its latest relationship time as the as-of date.
   */
  time?: ScoreTimeOptions;
  signal?: AbortSignal;
  /** Called as families start and progress: overall fraction 0..1. */
  onProgress?: (progress: { family: string; fraction: number; overall: number }) => void;
}

/**
 * Computes a score set on a snapshot: the selected families in registry order, each timed, with their options and
 * graph-level figures recorded in the set's meta.
 */
export async function computeScores(base: Snapshot, options: ComputeScoresOptions = {}): Promise<ScoreSet> {
  const selected = selectFamilies(options.only);
  const view = scoredView(base, options.time ?? {});
  const snapshot = view.snapshot;
  const decayed = view.time.halfLifeDays !== null;
  const periodDays = options.time?.periodDays ?? view.time.windowDays ?? DEFAULT_PERIOD_DAYS;
  const time = { base, view, periodDays };
  const seed = options.seed ?? DEFAULT_SEED;
  const columns: Record<string, Float64Array> = {};
  const summary: Record<string, number | string | boolean | null> = {};
  const usedOptions: Record<string, unknown> = { seed };
  const durationsMs: Record<string, number> = {};
  for (const [position, family] of selected.entries()) {
    throwIfAborted(options.signal);
    const given = options.options?.[family.id] ?? {};
    const familyOptions = familyOptionsOf(family, options.options);
    if (options.threads !== undefined && 'threads' in family.defaults && !('threads' in given)) {
      (familyOptions as Record<string, unknown>).threads = options.threads;
    }
    // Decay lives in the weights: a family that can ignore weights must read them, or the half-life changes nothing.
    if (decayed && 'weighted' in family.defaults && !('weighted' in given)) {
      (familyOptions as Record<string, unknown>).weighted = true;
    }
    usedOptions[family.id] = familyOptions;
    const report = (fraction: number): void =>
      options.onProgress?.({
        family: family.id,
        fraction,
        overall: (position + Math.min(1, fraction)) / selected.length,
      });
    report(0);
    const started = performance.now();
    const produced = await family.compute({
      snapshot,
      options: familyOptions,
      seed,
      signal: options.signal,
      onProgress: report,
      columns,
      summary,
      time,
    });
    durationsMs[family.id] = Math.round(performance.now() - started);
    for (const definition of family.scores) {
      const values = produced[definition.column];
      if (!values || values.length !== snapshot.nodeCount) {
        throw new Error(`score family "${family.id}" did not produce column "${definition.column}" for every person`);
      }
      columns[definition.column] = values;
    }
    if (family.dataColumns) {
      for (const [column, values] of Object.entries(produced)) {
        if (values.length !== snapshot.nodeCount)
          throw new Error(`score family "${family.id}" produced column "${column}" without a value for every person`);
        columns[column] = values;
      }
    }
    report(1);
  }
  const idArray = Array.from({ length: base.nodeCount }, (_, i) => base.ids.idOf(i));
  const setTime: ScoreSetTime = {
    asOf: view.time.asOf === null ? null : new Date(view.time.asOf * 1000).toISOString(),
    windowDays: view.time.windowDays,
    halfLifeDays: view.time.halfLifeDays,
    periodDays,
  };
  return {
    ids: idArray,
    columns,
    meta: {
      engine: 'local',
      graphVersion: options.graphVersion ?? 0,
      computedAt: new Date().toISOString(),
      families: selected.map((family) => family.id),
      options: usedOptions,
      summary,
      durationsMs,
      time: setTime,
      ...(selected.some((family) => family.id === 'channels') ? { channels: channelEntries(snapshot) } : {}),
    },
  };
}

/**
 * The view a run scores: the graph as of a date, over a window, decayed (graph/views/time.ts); the stored graph itself
 * (no copy) when no time option is given.
 */
function scoredView(base: Snapshot, time: ScoreTimeOptions): TimeView {
  const { periodDays, ...viewOptions } = time;
  if (periodDays !== undefined && periodDays !== null && !(periodDays > 0))
    throw new InvalidOptionsError('scores', '"periodDays" must be a positive number of days');
  const given = Object.values(viewOptions).some((value) => value !== undefined && value !== null);
  if (given) return timeView(base, viewOptions);
  return { ...wholeView(base), time: resolveTimeOptions(base, {}) };
}

/** A family's options: the given ones (unknown names refused) over the family's defaults. */
export function familyOptionsOf(
  family: Pick<ScoreFamily, 'id' | 'label' | 'defaults'>,
  given: ComputeScoresOptions['options'],
): Record<string, unknown> {
  const own = given?.[family.id] ?? {};
  for (const key of Object.keys(own)) {
    if (!(key in family.defaults))
      throw new InvalidOptionsError(`${family.label.toLowerCase()} scores`, `unknown option "${key}"`);
  }
  return { ...family.defaults, ...own };
}

/** Resolves the families to run: the requested ones plus their dependencies, in registry order. */
export function selectFamilies(only?: string[]) {
  if (!only || only.length === 0) return [...SCORE_FAMILIES];
  const wanted = new Set<string>();
  const visit = (id: string): void => {
    const family = SCORE_FAMILIES.find((f) => f.id === id);
    if (!family) {
      throw new InvalidOptionsError(
        'scores',
        `unknown score family "${id}" (known: ${SCORE_FAMILIES.map((f) => f.id).join(', ')})`,
      );
    }
    if (wanted.has(id)) return;
    wanted.add(id);
    for (const dependency of family.dependsOn ?? []) visit(dependency);
  };
  for (const id of only) visit(id);
  return SCORE_FAMILIES.filter((family) => wanted.has(family.id));
}

/** The channels the `channels` family scored, with their column keys (definitions.ts channelKeys). */
function channelEntries(snapshot: Snapshot): ChannelEntry[] {
  const names = snapshot.edgeAttributes.channelNames;
  const keys = channelKeys(names);
  return channelCounts(snapshot).map(({ channel, relationships }) => ({
    name: channel,
    key: keys[names.indexOf(channel)],
    relationships,
  }));
}
