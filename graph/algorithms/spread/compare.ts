import { withDefaults } from '../../options.ts';
import type { Snapshot } from '../../snapshot.ts';
import { CascadeSimulator } from '../diffusion/cascade.ts';
import type { Estimate } from '../diffusion/monte-carlo.ts';
import type { DiffusionModel } from '../diffusion/probabilities.ts';
import {
  communityComparison,
  PairedTally,
  personDifferences,
  resolvePaired,
  side,
  type CommunityComparison,
  type PersonDifference,
  type SpreadSide,
} from './paired.ts';
import { DEFAULTS as REACH_DEFAULTS, INTERVALS, type ReachOptions } from './reach-probabilities.ts';
import { describeModel, forEachChunk } from './worlds.ts';

/** The options of reachProbabilities, with the same defaults. */
export type CompareOptions = ReachOptions;
export const DEFAULTS = REACH_DEFAULTS;

export interface ComparisonResult {
  model: DiffusionModel;
  probability: string;
  description: string;
  runs: number;
  seed: number;
  /** The distinct starting people of each set. */
  firstStarting: Int32Array;
  secondStarting: Int32Array;
  first: SpreadSide;
  second: SpreadSide;
  /** Per person, P(reached from the first set) - P(reached from the second). */
  people: PersonDifference;
  /** Expected people reached by the first set minus by the second, with its paired interval. */
  difference: Estimate;
  /** Per community, by decreasing size of the difference; null without `communities`. */
  communities: CommunityComparison[] | null;
  intervals: string;
}

const WHERE = 'reach comparison';

/**
 * Two sets of starting people side by side (say, the advocates of a plan against the most-followed people): each
 * person's probability of being reached from either, the difference, and the expected reach per community, in the
 * same simulated worlds (common random numbers: both sets see the same live relationships in world w, so where they
 * reach the same people they cancel exactly). Differences get paired intervals: Newcombe's for a person's
 * probabilities, the normal interval of the per-world differences for expected numbers.
 */
export function compareReach(
  snapshot: Snapshot,
  first: ArrayLike<number>,
  second: ArrayLike<number>,
  options?: CompareOptions,
): ComparisonResult {
  const o = withDefaults(DEFAULTS, options, WHERE);
  const names = ['first set of starting people', 'second set of starting people'] as const;
  const run = resolvePaired(WHERE, snapshot, o, { first, second, names });
  const { graph, seed, runs, groups } = run;
  const [a, b] = [run.first, run.second];
  const n = snapshot.nodeCount;

  const tally = new PairedTally(n, groups);
  const firstRun = new CascadeSimulator(graph);
  const secondRun = new CascadeSimulator(graph);
  forEachChunk(runs, o.signal, o.onProgress, (start, worlds) =>
    tally.addWorlds(firstRun, secondRun, a, b, seed, start, worlds),
  );
  return {
    ...describeModel(graph),
    runs,
    seed,
    firstStarting: a,
    secondStarting: b,
    first: side(tally.first, runs, a.length, n),
    second: side(tally.second, runs, b.length, n),
    people: personDifferences(tally, runs),
    difference: tally.difference.everyoneEstimate(runs, -n, n),
    communities: groups && communityComparison(groups, tally, runs, a, b),
    intervals: `${INTERVALS} Differences: Newcombe's paired interval for a person, normal intervals of the per-world differences for numbers of people.`,
  };
}
