import type { ChannelEntry } from './definitions.ts';
/**
 * A score set: one row per person (in snapshot index order) and one Float64Array per column. NaN means "no value"
 * (a person with no ratings has no reputation, not zero); integer columns hold integral floats.
 */
export interface ScoreSet {
  /** Person ids, row i belongs to ids[i]. */
  ids: readonly string[] | { readonly length: number; [i: number]: string };
  columns: Record<string, Float64Array>;
  meta: ScoreSetMeta;
}

export interface ScoreSetMeta {
  /**
   * What computed the set: Sway's own engine, or the Spark application (server/engines/spark). Sets published before
   * engines existed lack it (local).
   */
  engine?: string;
  /** Engine-specific facts (Spark: version, master, partitions, and how the work split). */
  engineDetails?: Record<string, unknown>;
  /** The store's graph version the scores were computed from (0 when computed outside a store). */
  graphVersion: number;
  /** ISO time the computation finished. */
  computedAt: string;
  /** The score families computed, in order (see graph/scores/registry.ts). */
  families: string[];
  /** Options each family ran with, so a score set says how it was made. */
  options: Record<string, unknown>;
  /** Figures about the whole graph that belong with the set (e.g. modularity, PageRank residual). */
  summary: Record<string, number | string | boolean | null>;
  /** Milliseconds each family took. */
  durationsMs: Record<string, number>;
  /**
   * The time the scores describe (graph/views/time.ts): the graph as of `asOf` (ISO date; null when no relationship
   * has a time), over the last `windowDays` days (null: all), weights halved every `halfLifeDays` days (null: no
   * decay); the trend columns compare with the window `periodDays` earlier. Absent in sets written before time scores.
   */
  time?: ScoreSetTime;
  /** The channels scored one by one (the `channels` family), with the keys their columns carry; absent otherwise. */
  channels?: ChannelEntry[];
  /** Set on a table narrowed to one channel's columns (an export with --channel): that channel. */
  channel?: ChannelEntry;
}

export interface ScoreSetTime {
  asOf: string | null;
  windowDays: number | null;
  halfLifeDays: number | null;
  periodDays: number;
}
