import { InvalidOptionsError, throwIfAborted } from '../errors.ts';
import { DEFAULT_SEED } from '../random.ts';
import type { Snapshot } from '../snapshot.ts';
import { SCORE_FAMILIES } from './registry.ts';
import type { ScoreSet } from './types.ts';

export interface ComputeScoresOptions {
  /** Family ids to compute (default: all). Families they depend on are added. */
  only?: string[];
  /** Per-family options, keyed by family id; merged over each family's defaults. */
  options?: Record<string, Record<string, unknown>>;
  seed?: number;
  graphVersion?: number;
  signal?: AbortSignal;
  /** Called as families start and progress: overall fraction 0..1. */
  onProgress?: (progress: { family: string; fraction: number; overall: number }) => void;
}

/**
 * Computes a score set on a snapshot: the selected families in registry order, each timed, with their options and
 * graph-level figures recorded in the set's meta.
 */
export async function computeScores(snapshot: Snapshot, options: ComputeScoresOptions = {}): Promise<ScoreSet> {
  const selected = selectFamilies(options.only);
  const seed = options.seed ?? DEFAULT_SEED;
  const columns: Record<string, Float64Array> = {};
  const summary: Record<string, number | string | boolean | null> = {};
  const usedOptions: Record<string, unknown> = { seed };
  const durationsMs: Record<string, number> = {};
  for (const [position, family] of selected.entries()) {
    throwIfAborted(options.signal);
    const given = options.options?.[family.id] ?? {};
    for (const key of Object.keys(given)) {
      if (!(key in family.defaults)) throw new InvalidOptionsError(`scores.${family.id}`, `unknown option "${key}"`);
    }
    const familyOptions = { ...family.defaults, ...given };
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
    });
    durationsMs[family.id] = Math.round(performance.now() - started);
    for (const definition of family.scores) {
      const values = produced[definition.column];
      if (!values || values.length !== snapshot.nodeCount) {
        throw new Error(`score family "${family.id}" did not produce column "${definition.column}" for every person`);
      }
      columns[definition.column] = values;
    }
    report(1);
  }
  const idArray = Array.from({ length: snapshot.nodeCount }, (_, i) => snapshot.ids.idOf(i));
  return {
    ids: idArray,
    columns,
    meta: {
      graphVersion: options.graphVersion ?? 0,
      computedAt: new Date().toISOString(),
      families: selected.map((family) => family.id),
      options: usedOptions,
      summary,
      durationsMs,
    },
  };
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
