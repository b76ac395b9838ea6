import { withDefaults } from '../../options.ts';
import { runChunks } from '../../parallel/run.ts';
import { shareable } from '../../parallel/shared.ts';
import { defineTask } from '../../parallel/task.ts';
import { resolveThreads } from '../../parallel/threads.ts';
import type { Snapshot } from '../../snapshot.ts';
import { CascadeSimulator, cascadeContext, type CascadeContext } from '../diffusion/cascade.ts';
import type { Estimate } from '../diffusion/monte-carlo.ts';
import type { DiffusionGraph, DiffusionModel } from '../diffusion/probabilities.ts';
import { wilsonInterval } from './intervals.ts';
import { WorldCounts, WorldMoments, type CommunityGroups, type GroupsOfPeople } from './tally.ts';
import {
  checkRuns,
  checkSeed,
  CHUNK_WORLDS,
  checkStartingPeople,
  communityGroups,
  DEFAULT_RUNS,
  describeModel,
  MODEL_DEFAULTS,
  resolveModel,
  type SpreadModelOptions,
} from './worlds.ts';

export interface ReachOptions extends SpreadModelOptions {
  /** Number of simulated worlds. Default DEFAULT_RUNS (1,000; see worlds.ts for the precision it gives). */
  runs?: number;
  /** A community label per person (NaN or negative: none), for the expected reach per community. */
  communities?: ArrayLike<number> | null;
  /** Threads simulating, this one included; null: every core (parallel/threads.ts). The result is the same. */
  threads?: number | null;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export const DEFAULTS = {
  ...MODEL_DEFAULTS,
  runs: DEFAULT_RUNS,
  communities: null as ArrayLike<number> | null,
  threads: null as number | null,
  signal: undefined as AbortSignal | undefined,
  onProgress: undefined as ((fraction: number) => void) | undefined,
};

export interface CommunityReach {
  /** The community's label. */
  community: number;
  /** Members. */
  size: number;
  /** Starting people in it. */
  starting: number;
  /** Expected number of members reached, starting people included; the interval is clipped to [0, size]. */
  expected: Estimate;
  /** expected.mean / size. */
  share: number;
}

export interface ReachResult {
  model: DiffusionModel;
  probability: string;
  /** The model and probabilities in words. */
  description: string;
  runs: number;
  seed: number;
  /** The distinct starting people (indices). */
  starting: Int32Array;
  /** Per person: worlds that reached them, the probability of being reached (reached / runs) and its 95% interval. */
  people: { reached: Uint32Array; probability: Float64Array; low: Float64Array; high: Float64Array };
  /** People reached, starting people included. */
  total: Estimate;
  /** Per community, by decreasing expected reach; null without `communities`. */
  communities: CommunityReach[] | null;
  /** How the intervals were computed, in words. */
  intervals: string;
}

const WHERE = 'reach probabilities';

/**
 * For every person, the probability that a message started by `starting` (person indices) reaches them, and for every
 * community the expected number of its members reached, under Independent Cascade or Linear Threshold, by Monte
 * Carlo over `runs` live-edge worlds (Kempe, Kleinberg and Tardos, KDD 2003):
 *   P(v reached) = (worlds in which v is reachable from the starting people over live relationships) / runs,
 * with a Wilson score interval per person and a normal interval for each community's expected count (intervals.ts).
 * Reproducible: world w of `seed` is the same whatever else runs (CascadeSimulator.runInWorld), and the worlds run in
 * chunks on every core (`threads`), whose counts add up exactly, so the result is the same whatever the thread count.
 */
export function reachProbabilities(
  snapshot: Snapshot,
  starting: ArrayLike<number>,
  options?: ReachOptions,
): ReachResult {
  const o = withDefaults(DEFAULTS, options, WHERE);
  const { model, probability, ...rest } = o;
  return reachOn(resolveModel(WHERE, snapshot, model, probability), starting, rest);
}

/** reachProbabilities on probabilities already resolved (callers estimating several seed sets resolve them once). */
export function reachOn(
  graph: DiffusionGraph,
  starting: ArrayLike<number>,
  options: Omit<ReachOptions, 'model' | 'probability'> = {},
): ReachResult {
  const o = withDefaults({ ...DEFAULTS, model: undefined, probability: undefined }, options, WHERE);
  const n = graph.snapshot.nodeCount;
  const seeds = checkStartingPeople(WHERE, starting, n);
  const runs = checkRuns(WHERE, o.runs);
  const seed = checkSeed(WHERE, o.seed);
  const groups = communityGroups(WHERE, o.communities, n);

  const threads = resolveThreads(WHERE, o.threads);

  const tally = new ReachTally(n, groups);
  const chunks = Math.ceil(runs / CHUNK_WORLDS);
  runChunks({
    task: reachWorldsTask,
    context: {
      cascade: cascadeContext(graph),
      groupOf: groups && shareable(groups.groupOf),
      groupCount: groups?.count ?? 0,
    },
    params: { seeds, seed, runs },
    chunks,
    threads,
    signal: o.signal,
    onResult: (chunk, i) => {
      tally.add(chunk);
      o.onProgress?.(Math.min(runs, (i + 1) * CHUNK_WORLDS) / runs);
    },
  });
  return {
    ...describeModel(graph),
    runs,
    seed,
    starting: seeds,
    people: personIntervals(tally.reached, runs),
    total: tally.moments.everyoneEstimate(runs, seeds.length, n),
    communities: groups && communityReach(groups, tally.moments, seeds, runs),
    intervals: INTERVALS,
  };
}

export const INTERVALS =
  `95% intervals: Wilson score intervals for each person's probability, normal intervals (mean +- 1.96 standard ` +
  `errors over the simulated worlds) for expected numbers of people.`;

/** What a chunk of worlds adds up to; tallies of disjoint chunks merge exactly. */
export class ReachTally {
  /** Worlds in which each person was reached. */
  readonly reached: Uint32Array;
  readonly moments: WorldMoments;
  private readonly world: WorldCounts;

  constructor(n: number, groups: GroupsOfPeople | null) {
    this.reached = new Uint32Array(n);
    this.moments = new WorldMoments(groups?.count ?? 0);
    this.world = new WorldCounts(groups);
  }

  /** Runs worlds first..first+worlds-1 of `seed` from `seeds` and counts them. */
  addWorlds(simulator: CascadeSimulator, seeds: Int32Array, seed: number, first: number, worlds: number): void {
    for (let w = first; w < first + worlds; w++) this.addWorld(simulator.active, simulator.runInWorld(seeds, seed, w));
  }

  /** Counts one world that reached people[0..count). */
  addWorld(people: Int32Array, count: number): void {
    const { world } = this;
    world.clear();
    world.countPeople(people, count, this.reached);
    this.moments.add(world);
  }

  /** The last world counted, per group. */
  get lastWorld(): WorldCounts {
    return this.world;
  }

  merge(other: ReachTally): void {
    this.add({ reached: other.reached, sum: other.moments.sum, sumOfSquares: other.moments.sumOfSquares });
  }

  /** Adds another tally's counts, as a chunk of worlds computed on another thread sends them back. */
  add(counts: ReachChunk): void {
    for (let v = 0; v < this.reached.length; v++) this.reached[v] += counts.reached[v];
    this.moments.mergeSums(counts.sum, counts.sumOfSquares);
  }
}

/** What one chunk of worlds reached: per person, and the per-community sums (WorldMoments). */
interface ReachChunk {
  reached: Uint32Array;
  sum: Float64Array;
  sumOfSquares: Float64Array;
}

interface ReachWorldsContext {
  cascade: CascadeContext;
  /** Community group of each person (-1: none), in shared memory; null without communities. */
  groupOf: Int32Array | null;
  groupCount: number;
}

/** Worlds first..first+CHUNK_WORLDS-1 of chunk i, counted by the thread that ran them (graph/parallel/tasks.ts). */
export const reachWorldsTask = defineTask({
  name: 'reach-worlds',
  prepare: (context: ReachWorldsContext) => ({
    simulator: new CascadeSimulator(context.cascade),
    n: context.cascade.nodeCount,
    groups: context.groupOf && { groupOf: context.groupOf, count: context.groupCount },
  }),
  run(state, params: { seeds: Int32Array; seed: number; runs: number }, chunk: number): ReachChunk {
    const tally = new ReachTally(state.n, state.groups);
    const first = chunk * CHUNK_WORLDS;
    tally.addWorlds(state.simulator, params.seeds, params.seed, first, Math.min(CHUNK_WORLDS, params.runs - first));
    return { reached: tally.reached, sum: tally.moments.sum, sumOfSquares: tally.moments.sumOfSquares };
  },
});

/** The people most likely to be reached, starting people left out, most likely first (ties by person index). */
export function mostLikelyReached(result: Pick<ReachResult, 'people' | 'starting'>, limit: number): number[] {
  const starting = new Set(result.starting);
  const { probability } = result.people;
  const chosen: number[] = [];
  for (let v = 0; v < probability.length; v++) if (probability[v] > 0 && !starting.has(v)) chosen.push(v);
  return chosen.sort((a, b) => probability[b] - probability[a] || a - b).slice(0, Math.max(0, limit));
}

/** Probabilities and Wilson intervals from per-person world counts. */
export function personIntervals(reached: Uint32Array, runs: number): ReachResult['people'] {
  const n = reached.length;
  const probability = new Float64Array(n);
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  // Most people share a handful of counts (0 above all): compute each distinct count's interval once.
  const cache = new Map<number, [number, number]>();
  for (let v = 0; v < n; v++) {
    const x = reached[v];
    probability[v] = x / runs;
    let interval = cache.get(x);
    if (interval === undefined) {
      interval = wilsonInterval(x, runs);
      cache.set(x, interval);
    }
    low[v] = interval[0];
    high[v] = interval[1];
  }
  return { reached, probability, low, high };
}

export function communityReach(
  groups: CommunityGroups,
  moments: WorldMoments,
  seeds: Int32Array,
  runs: number,
): CommunityReach[] {
  const starting = new Int32Array(groups.count);
  for (const v of seeds) if (groups.groupOf[v] >= 0) starting[groups.groupOf[v]]++;
  return groups.labels
    .map((community, g) => {
      const expected = moments.estimate(g, runs, starting[g], groups.sizes[g]);
      return {
        community,
        size: groups.sizes[g],
        starting: starting[g],
        expected,
        share: expected.mean / groups.sizes[g],
      };
    })
    .sort((a, b) => b.expected.mean - a.expected.mean || a.community - b.community);
}
