import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { CancelledError, InvalidOptionsError } from '../../graph/errors.ts';
import { latestTime, SECONDS_PER_DAY } from '../../graph/views/time.ts';
import { loadGraph } from '../load/graph.ts';
import type { Engine } from '../engines/engine.ts';
import type { Hooks } from '../hooks.ts';
import { readScoreColumns } from '../load/score-columns.ts';
import { STALE_AFTER_MS, type GraphStore, type LockHolder } from '../stores/contract.ts';
import { LockHeldError } from '../stores/errors.ts';
import { formatDuration } from '../../graph/scores/format.ts';
import type { ScoreSetTime } from '../../graph/scores/types.ts';
import { computeMovers, computeWindowMovers, MOVERS_COLUMNS, type Movers, type WindowMovers } from './movers.ts';
import { engineOptionsOf } from './engine-choice.ts';
import { parseDate, parseOptions } from './options.ts';
import { scoreOptions, scoreStore, type ScoreOptions, type ScorePhase } from './score.ts';

/**
 * The batch re-scoring behind `sway rescore` and the API's re-scoring jobs: takes the store's re-scoring lock, scores
 * (score.ts: load, compute, write a new version atomically) and reports the biggest movers since the previous
 * version. Interrupted (signal), it stops at the next safe point and the previous version stays current; killed, the
 * store's atomic switch guarantees the same, and the lock goes stale.
 */
export const RESCORE_LOCK = 'rescore';

/** A lock whose holder stopped refreshing it for this long is taken over (a killed run). */
export const LOCK_STALE_AFTER_SECONDS = STALE_AFTER_MS / 1000;

export const rescoreOptions = scoreOptions.extend({
  lockStaleAfterSeconds: z.number().positive().default(LOCK_STALE_AFTER_SECONDS),
  /**
   * Score this many windows in one run, each as of its own date, oldest first (so the latest becomes current), each
   * published as a kept score version: what the explorer's time control steps through. Default: one, as of `asOf`.
   */
  windows: z.number().int().min(1).max(1000).optional(),
  /** Days between the ends of consecutive windows. Default: the window (`windowDays`), or 90. */
  windowEveryDays: z.number().positive().max(36_500).optional(),
});

export type RescoreOptions = z.input<typeof rescoreOptions>;

export type RescorePhase = 'lock' | ScorePhase | 'movers';

export interface RescoreSummary {
  version: number;
  previousVersion: number | null;
  people: number;
  relationships: number;
  families: string[];
  /** Which engine computed the new version (local, spark). */
  engine: string;
  phasesMs: Record<string, number>;
  movers: Movers | null;
  /** Risers and fallers against the previous window of the same length (trend columns); null without times. */
  windowMovers: WindowMovers | null;
  /** The time the set describes (as of, window, half-life, trend period). */
  time: ScoreSetTime | null;
  summary: Record<string, unknown>;
  /** With `windows`: every version published by the run and its as-of date, oldest first (the last is current). */
  windows?: Array<{ version: number; asOf: string | null }>;
}

/** Days between window ends when neither `windowEveryDays` nor `windowDays` says. */
export const DEFAULT_WINDOW_EVERY_DAYS = 90;

export async function rescore(
  store: GraphStore,
  options: RescoreOptions,
  hooks: Hooks & { engine?: Engine } = {},
): Promise<RescoreSummary> {
  const o = parseOptions(rescoreOptions, options, 'scoring');
  checkWindows(o, 'scoring');
  const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
  const staleAfterMs = o.lockStaleAfterSeconds * 1000;
  hooks.onPhase?.('lock');
  if (!(await store.acquireLock(RESCORE_LOCK, owner, { staleAfterMs })))
    throw new LockHeldError(describeHolder(await store.lockHolder(RESCORE_LOCK), staleAfterMs, Date.now()));
  // Refresh the lock while working so that only a dead run's lock goes stale.
  const heartbeat = setInterval(
    () => {
      store.acquireLock(RESCORE_LOCK, owner, { staleAfterMs }).catch(() => undefined);
    },
    Math.max(1000, staleAfterMs / 4),
  );
  heartbeat.unref();
  try {
    const asOfs = o.windows === undefined ? [o.asOf] : await windowEnds(store, o);
    const published: Array<{ version: number; asOf: string | null }> = [];
    // Every window but the last is published as it is scored; the last one goes through the full run (movers).
    for (const asOf of asOfs.slice(0, -1)) {
      const window = await scoreStore(store, { ...scoringOf(o), asOf }, hooks);
      published.push({ version: window.version, asOf: window.set.meta.time?.asOf ?? null });
    }
    const previous = await store.currentScoreVersion();
    const phasesMs: Record<string, number> = {};
    let phaseStarted = performance.now();
    let phase: RescorePhase = 'lock';
    const enter = (next: RescorePhase) => {
      phasesMs[phase] = Math.round(performance.now() - phaseStarted);
      phase = next;
      phaseStarted = performance.now();
      hooks.onPhase?.(next);
    };
    const result = await scoreStore(
      store,
      { ...scoringOf(o), asOf: asOfs[asOfs.length - 1] },
      { ...hooks, onPhase: (next) => enter(next as ScorePhase) },
    );
    if (o.windows !== undefined) published.push({ version: result.version, asOf: result.set.meta.time?.asOf ?? null });
    enter('movers');
    let movers: Movers | null = null;
    if (previous) {
      // The previous version read into the new set's order; the new one is still in memory.
      const before = await readScoreColumns(store, result.ids, { version: previous.version, columns: MOVERS_COLUMNS });
      if (before) movers = computeMovers(result.set, before);
    }
    phasesMs.movers = Math.round(performance.now() - phaseStarted);
    return {
      version: result.version,
      previousVersion: previous?.version ?? null,
      people: result.people,
      relationships: result.relationships,
      families: result.set.meta.families,
      engine: result.set.meta.engine ?? 'local',
      phasesMs: {
        ...phasesMs,
        ...Object.fromEntries(Object.entries(result.set.meta.durationsMs).map(([k, v]) => [`compute.${k}`, v])),
      },
      movers,
      windowMovers: computeWindowMovers(result.set),
      time: result.set.meta.time ?? null,
      summary: result.set.meta.summary,
      ...(o.windows === undefined ? {} : { windows: published }),
    };
  } catch (error) {
    if (hooks.signal?.aborted || error instanceof CancelledError) {
      throw new CancelledError('interrupted: nothing was published; the previous score version stays current');
    }
    throw error;
  } finally {
    clearInterval(heartbeat);
    await store.releaseLock(RESCORE_LOCK, owner).catch(() => undefined);
  }
}

type ParsedRescore = z.output<typeof rescoreOptions>;

/**
 * Refuses more windows than the store keeps score versions: the oldest would be dropped as soon as they were written.
 * `names` names the options as the caller's users know them (the CLI's flags).
 */
export function checkWindows(
  o: { windows?: number; keepVersions: number },
  where: string,
  names: { windows: string; keepVersions: string } = { windows: 'windows', keepVersions: 'keepVersions' },
): void {
  if (o.windows !== undefined && o.windows > o.keepVersions)
    throw new InvalidOptionsError(
      where,
      `${names.windows} asks for ${o.windows} windows but only ${o.keepVersions} score versions are kept ` +
        `(${names.keepVersions}), so the oldest windows would be dropped as soon as they were written; ` +
        'ask for fewer windows or keep more versions',
    );
}

/** The scoring options of a re-scoring run (what score.ts takes). */
function scoringOf(o: ParsedRescore): ScoreOptions {
  return {
    only: o.only,
    seed: o.seed,
    asOf: o.asOf,
    windowDays: o.windowDays,
    halfLifeDays: o.halfLifeDays,
    periodDays: o.periodDays,
    communityMethod: o.communityMethod,
    resolution: o.resolution,
    keepVersions: o.keepVersions,
    keepDays: o.keepDays,
    ...engineOptionsOf(o),
  };
}

/**
 * The as-of dates of `windows` windows, oldest first, `windowEveryDays` apart: the last one ends at `asOf` or, without
 * it, at the latest relationship time in the store (what a single scoring defaults to).
 */
async function windowEnds(store: GraphStore, o: ParsedRescore): Promise<string[]> {
  let end = o.asOf === undefined ? null : parseDate(o.asOf);
  if (end === null) {
    end = latestTime((await loadGraph(store)).snapshot);
    if (end === null)
      throw new InvalidOptionsError(
        'scoring',
        'windows: no relationship has a time, so every window would score the same graph; import relationships with times',
      );
  }
  const every = (o.windowEveryDays ?? o.windowDays ?? DEFAULT_WINDOW_EVERY_DAYS) * SECONDS_PER_DAY;
  const count = o.windows ?? 1;
  return Array.from({ length: count }, (_, k) => new Date((end - (count - 1 - k) * every) * 1000).toISOString());
}

/** Who holds the re-scoring lock, its last heartbeat and when the lock goes stale, in the words of the refusal. */
function describeHolder(holder: LockHolder | null, staleAfterMs: number, now: number): string {
  if (!holder) return 'another re-scoring run held the lock a moment ago and has just released it; try again';
  const at = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
  const ago = (ms: number) => formatDuration(Math.max(0, now - ms));
  const who = holder.pid === null ? 'a run' : `process ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}`;
  const staleAt = holder.refreshedAt + staleAfterMs;
  return (
    `another re-scoring run holds the lock: ${who}, since ${at(holder.acquiredAt)}, last heartbeat ${ago(holder.refreshedAt)} ago (${at(holder.refreshedAt)}). ` +
    `If it stops refreshing the lock, the lock becomes stale at ${at(staleAt)} (in ${formatDuration(Math.max(0, staleAt - now))}) and the next run takes it over; ` +
    'try again when it has finished'
  );
}
