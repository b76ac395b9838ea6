import { InvalidOptionsError, throwIfAborted } from '../../errors.ts';
import { checkNumber, checkOneOf } from '../../options.ts';
import { DEFAULT_SEED } from '../../random.ts';
import type { Snapshot } from '../../snapshot.ts';
import {
  checkProbability,
  DIFFUSION_MODELS,
  describeProbability,
  diffusionGraph,
  type DiffusionGraph,
  type DiffusionModel,
  type ProbabilityChoice,
} from '../diffusion/probabilities.ts';
import { CommunityGroups } from './tally.ts';

/**
 * What every spread analysis shares: the model and probabilities, the seed, and the worlds. World w of seed s is one
 * live-edge world (CascadeSimulator.runInWorld): which relationships pass a message on, the same for every seed set.
 * Analyses run worlds 0..runs-1 in fixed chunks of CHUNK_WORLDS; a chunk's result depends only on (seed, its worlds),
 * and chunks add up exactly (sums of integers), so a pool of threads can run the chunks in any order and give
 * identical results: each thread fills a tally of its own with `addWorlds` (ReachTally, PairedTally,
 * CompetitionTally) and the tallies are merged (`merge`).
 */
export const CHUNK_WORLDS = 256;

/** The defaults every spread analysis shares: Independent Cascade, weighted cascade, the project's seed. */
export const MODEL_DEFAULTS = {
  model: 'ic' as DiffusionModel,
  probability: 'wc' as ProbabilityChoice | string,
  seed: DEFAULT_SEED,
};

/**
 * Simulated worlds when not given: 1,000, so that every person's probability from 50 starting people on epinions comes
 * within the 2 s an interactive view allows (bench section spread). Each person's 95% interval is then at most
 * +-0.031 wide (+-0.014 for a probability near 0.05), plenty to colour a map; expected numbers of people reached are
 * sharper (on epinions +-0.3% for the whole reach). Ask for more runs for finer probabilities.
 */
export const DEFAULT_RUNS = 1_000;

export interface SpreadModelOptions {
  /** `ic` (default) or `lt`. */
  model?: DiffusionModel;
  /** `wc` (default), `uniform:p`, `weight`, or the object form (see diffusion/probabilities.ts). */
  probability?: ProbabilityChoice | string;
  /** Default DEFAULT_SEED: the same seed, graph and starting people give the same result. */
  seed?: number;
}

/**
 * The few diffusion graphs last resolved per snapshot, most recent last: asking for a path or a sampled cascade after
 * the probabilities costs milliseconds, not another 50 ms resolving epinions' probabilities and forward edges.
 */
const resolved = new WeakMap<Snapshot, Map<string, DiffusionGraph>>();
const RESOLVED_PER_SNAPSHOT = 4;

/** The diffusion graph of a model and probability choice, both checked; reused for the same snapshot and choice. */
export function resolveModel(
  where: string,
  snapshot: Snapshot,
  model: DiffusionModel,
  probability: ProbabilityChoice | string,
): DiffusionGraph {
  const checkedModel = checkOneOf(where, 'model', model, DIFFUSION_MODELS);
  const choice = checkProbability(where, probability);
  const key = `${checkedModel} ${describeProbability(choice)}`;
  let graphs = resolved.get(snapshot);
  if (!graphs) resolved.set(snapshot, (graphs = new Map()));
  let graph = graphs.get(key);
  if (graph) graphs.delete(key);
  else graph = diffusionGraph(snapshot, checkedModel, choice);
  graphs.set(key, graph);
  if (graphs.size > RESOLVED_PER_SNAPSHOT) graphs.delete(graphs.keys().next().value!);
  return graph;
}

export function checkSeed(where: string, seed: unknown): number {
  return checkNumber(where, 'seed', seed, { integer: true });
}

export function checkRuns(where: string, runs: unknown): number {
  return checkNumber(where, 'runs', runs, { min: 1, max: 2 ** 31 - 1, integer: true });
}

/** Distinct person indices of a set of starting people, checked; `what` names the set in messages. */
export function checkStartingPeople(
  where: string,
  people: ArrayLike<number>,
  n: number,
  what = 'starting people',
): Int32Array {
  const seen = new Set<number>();
  for (let i = 0; i < people.length; i++) {
    const v = people[i];
    if (!Number.isInteger(v) || v < 0 || v >= n)
      throw new InvalidOptionsError(where, `${what}: person index ${v} is outside 0..${n - 1}`);
    seen.add(v);
  }
  if (seen.size === 0) throw new InvalidOptionsError(where, `${what}: choose at least one person`);
  return Int32Array.from(seen);
}

/** A target person index, checked. */
export function checkTarget(where: string, target: number, n: number): number {
  if (!Number.isInteger(target) || target < 0 || target >= n)
    throw new InvalidOptionsError(where, `target person index ${target} is outside 0..${n - 1}`);
  return target;
}

/** What every result states about its model: the model, the probability choice, and both in words. */
export function describeModel(graph: DiffusionGraph): {
  model: DiffusionModel;
  probability: string;
  description: string;
} {
  return { model: graph.model, probability: describeProbability(graph.probability), description: graph.description };
}

export function communityGroups(where: string, labels: ArrayLike<number> | null, n: number): CommunityGroups | null {
  return labels === null ? null : new CommunityGroups(labels, n, where);
}

/**
 * Calls `chunk(firstWorld, worlds)` for worlds 0..runs-1 in chunks of CHUNK_WORLDS, checking `signal` between chunks
 * and reporting the fraction done.
 */
export function forEachChunk(
  runs: number,
  signal: AbortSignal | undefined,
  onProgress: ((fraction: number) => void) | undefined,
  chunk: (firstWorld: number, worlds: number) => void,
): void {
  for (let first = 0; first < runs; first += CHUNK_WORLDS) {
    throwIfAborted(signal);
    const worlds = Math.min(CHUNK_WORLDS, runs - first);
    chunk(first, worlds);
    onProgress?.((first + worlds) / runs);
  }
}
