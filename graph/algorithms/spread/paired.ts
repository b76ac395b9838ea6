import { InvalidOptionsError } from '../../errors.ts';
import type { Snapshot } from '../../snapshot.ts';
import type { CascadeSimulator } from '../diffusion/cascade.ts';
import type { Estimate } from '../diffusion/monte-carlo.ts';
import type { DiffusionGraph } from '../diffusion/probabilities.ts';
import { pairedDifferenceInterval } from './intervals.ts';
import { personIntervals, ReachTally, type ReachOptions, type ReachResult } from './reach-probabilities.ts';
import { WorldMoments, type CommunityGroups } from './tally.ts';
import { checkRuns, checkSeed, checkStartingPeople, communityGroups, resolveModel } from './worlds.ts';

/** The options every paired analysis (compareReach, competingReach) resolves, with their defaults applied. */
export type PairedOptions = Required<Pick<ReachOptions, 'model' | 'probability' | 'seed' | 'runs'>> &
  Pick<ReachOptions, 'communities'>;

/** Two starting sets to run in the same worlds, and how messages name them. */
export interface StartingPair {
  first: ArrayLike<number>;
  second: ArrayLike<number>;
  names: readonly [string, string];
  /**
   * The two messages when they compete (a complaint and its reply): nobody may then start both. A comparison of two
   * sets of starting people for one message allows people in both.
   */
  competing?: readonly [string, string];
}

/** A paired analysis ready to run: its diffusion graph, worlds, two checked starting sets and communities. */
export interface PairedRun {
  graph: DiffusionGraph;
  seed: number;
  runs: number;
  first: Int32Array;
  second: Int32Array;
  groups: CommunityGroups | null;
}

/**
 * What compareReach and competingReach resolve the same way, in one place so that both check and name things alike:
 * the model and probabilities, the seed, the number of worlds, both starting sets and the community labels.
 */
export function resolvePaired(where: string, snapshot: Snapshot, o: PairedOptions, pair: StartingPair): PairedRun {
  const graph = resolveModel(where, snapshot, o.model, o.probability);
  const seed = checkSeed(where, o.seed);
  const runs = checkRuns(where, o.runs);
  const [first, second] = checkStartingPair(where, snapshot, pair);
  return {
    graph,
    seed,
    runs,
    first,
    second,
    groups: communityGroups(where, o.communities ?? null, snapshot.nodeCount),
  };
}

/** Both sets' distinct person indices, checked; for competing messages, nobody in both. */
export function checkStartingPair(where: string, snapshot: Snapshot, pair: StartingPair): [Int32Array, Int32Array] {
  const n = snapshot.nodeCount;
  const first = checkStartingPeople(where, pair.first, n, pair.names[0]);
  const second = checkStartingPeople(where, pair.second, n, pair.names[1]);
  if (pair.competing) {
    const inSecond = new Set(second);
    const both = first.find((v) => inSecond.has(v));
    const [one, other] = pair.competing;
    if (both !== undefined)
      throw new InvalidOptionsError(where, `${snapshot.ids.idOf(both)} cannot start both the ${one} and the ${other}`);
  }
  return [first, second];
}

/**
 * Two spreads measured in the same worlds (common random numbers): for each world, who the first reaches and who the
 * second reaches. Because both see the same live relationships, their difference varies far less than two independent
 * estimates would, and a person's difference gets a paired interval (Newcombe's, intervals.ts).
 */
export class PairedTally {
  readonly first: ReachTally;
  readonly second: ReachTally;
  /** Worlds in which each person was reached by both. */
  readonly both: Uint32Array;
  /** Per world, the first's count minus the second's, per group and in all. */
  readonly difference: WorldMoments;
  private readonly mark: Uint8Array;

  constructor(n: number, groups: CommunityGroups | null) {
    this.first = new ReachTally(n, groups);
    this.second = new ReachTally(n, groups);
    this.both = new Uint32Array(n);
    this.difference = new WorldMoments(groups?.count ?? 0);
    this.mark = new Uint8Array(n);
  }

  /** Runs worlds start..start+worlds-1 of `seed` from the two seed sets (one simulator each) and counts them. */
  addWorlds(
    firstRun: CascadeSimulator,
    secondRun: CascadeSimulator,
    firstSeeds: Int32Array,
    secondSeeds: Int32Array,
    seed: number,
    start: number,
    worlds: number,
  ): void {
    for (let w = start; w < start + worlds; w++) {
      const firstCount = firstRun.runInWorld(firstSeeds, seed, w);
      const secondCount = secondRun.runInWorld(secondSeeds, seed, w);
      this.addWorld(firstRun.active, firstCount, secondRun.active, secondCount);
    }
  }

  /** Counts one world: the first reached firstPeople[0..firstCount), the second secondPeople[0..secondCount). */
  addWorld(firstPeople: Int32Array, firstCount: number, secondPeople: Int32Array, secondCount: number): void {
    const { mark, both } = this;
    this.first.addWorld(firstPeople, firstCount);
    this.second.addWorld(secondPeople, secondCount);
    for (let i = 0; i < firstCount; i++) mark[firstPeople[i]] = 1;
    for (let i = 0; i < secondCount; i++) if (mark[secondPeople[i]] === 1) both[secondPeople[i]]++;
    for (let i = 0; i < firstCount; i++) mark[firstPeople[i]] = 0;
    this.difference.addDifference(this.first.lastWorld, this.second.lastWorld);
  }

  merge(other: PairedTally): void {
    this.first.merge(other.first);
    this.second.merge(other.second);
    for (let v = 0; v < this.both.length; v++) this.both[v] += other.both[v];
    this.difference.merge(other.difference);
  }
}

/** Per person: P(reached by the first) - P(reached by the second), with Newcombe's paired 95% interval. */
export interface PersonDifference {
  /** Worlds that reached the person from both sides (with each side's `reached`, the paired table). */
  both: Uint32Array;
  difference: Float64Array;
  low: Float64Array;
  high: Float64Array;
}

/** One side of a comparison: per person probabilities and the expected number reached in all. */
export interface SpreadSide {
  people: ReachResult['people'];
  total: Estimate;
}

export interface CommunityComparison {
  community: number;
  size: number;
  /** Expected members reached by each side, and the expected difference (first - second) with its paired interval. */
  first: Estimate;
  second: Estimate;
  difference: Estimate;
}

export function side(tally: ReachTally, runs: number, low: number, high: number): SpreadSide {
  return { people: personIntervals(tally.reached, runs), total: tally.moments.everyoneEstimate(runs, low, high) };
}

export function personDifferences(tally: PairedTally, runs: number): PersonDifference {
  const n = tally.both.length;
  const difference = new Float64Array(n);
  const low = new Float64Array(n);
  const high = new Float64Array(n);
  const a = tally.first.reached;
  const b = tally.second.reached;
  // Most people of a large graph are reached by neither side in any world: their interval is computed once.
  const [neverLow, neverHigh] = pairedDifferenceInterval(0, 0, 0, runs);
  for (let v = 0; v < n; v++) {
    const both = tally.both[v];
    const firstOnly = a[v] - both;
    const secondOnly = b[v] - both;
    difference[v] = (a[v] - b[v]) / runs;
    if (a[v] === 0 && b[v] === 0) [low[v], high[v]] = [neverLow, neverHigh];
    else
      [low[v], high[v]] = pairedDifferenceInterval(both, firstOnly, secondOnly, runs - both - firstOnly - secondOnly);
  }
  return { both: tally.both, difference, low, high };
}

/** Per community, by decreasing |difference|; seeds bound each side's interval from below. */
export function communityComparison(
  groups: CommunityGroups,
  tally: PairedTally,
  runs: number,
  firstSeeds: Int32Array,
  secondSeeds: Int32Array,
): CommunityComparison[] {
  const inGroup = (seeds: Int32Array) => {
    const counts = new Int32Array(groups.count);
    for (const v of seeds) if (groups.groupOf[v] >= 0) counts[groups.groupOf[v]]++;
    return counts;
  };
  const firstStarting = inGroup(firstSeeds);
  const secondStarting = inGroup(secondSeeds);
  return groups.labels
    .map((community, g) => {
      const size = groups.sizes[g];
      return {
        community,
        size,
        first: tally.first.moments.estimate(g, runs, firstStarting[g], size),
        second: tally.second.moments.estimate(g, runs, secondStarting[g], size),
        difference: tally.difference.estimate(g, runs, -size, size),
      };
    })
    .sort((x, y) => Math.abs(y.difference.mean) - Math.abs(x.difference.mean) || x.community - y.community);
}
