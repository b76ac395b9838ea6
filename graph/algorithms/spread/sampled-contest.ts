import { checkNumber, checkOneOf, withDefaults } from '../../options.ts';
import type { Snapshot } from '../../snapshot.ts';
import { CascadeSimulator, FIRST_MESSAGE } from '../diffusion/cascade.ts';
import { CONTEST_TIE_RULES, CONTESTANTS, TIE, type CompetingOptions, type ContestTieRule } from './competing.ts';
import { checkStartingPair } from './paired.ts';
import { hopByHop, type SampledCascade } from './sampled-cascade.ts';
import { checkSeed, describeModel, MODEL_DEFAULTS, resolveModel } from './worlds.ts';

export interface SampledContestOptions extends Pick<CompetingOptions, 'probability' | 'seed' | 'tieRule'> {
  /** Which simulated world to show. Default 0: competingReach's world 0 for the same seed. */
  world?: number;
}

export const DEFAULTS = {
  probability: MODEL_DEFAULTS.probability,
  seed: MODEL_DEFAULTS.seed,
  tieRule: 'reply' as ContestTieRule,
  world: 0,
};

export interface SampledContest extends SampledCascade {
  /** People who adopted each message in this sample, starting people included. */
  complaint: number;
  reply: number;
}

const WHERE = 'sampled contest';

/**
 * One sampled contest between a complaint and a reply, hop by hop (competing Independent Cascade, as competingReach):
 * who heard which message first, and from whom. One world of many, labelled as such.
 */
export function sampleContest(
  snapshot: Snapshot,
  complaint: ArrayLike<number>,
  reply: ArrayLike<number>,
  options?: SampledContestOptions,
): SampledContest {
  const o = withDefaults(DEFAULTS, options, WHERE);
  const graph = resolveModel(WHERE, snapshot, 'ic', o.probability);
  const seed = checkSeed(WHERE, o.seed);
  const tieRule = checkOneOf(WHERE, 'tieRule', o.tieRule, CONTEST_TIE_RULES);
  const world = checkNumber(WHERE, 'world', o.world, { min: 0, max: 2 ** 31 - 1, integer: true });
  const [bad, good] = checkStartingPair(WHERE, snapshot, { first: complaint, second: reply, ...CONTESTANTS });

  const simulator = new CascadeSimulator(graph, { trace: true });
  const count = simulator.runCompeting(bad, good, seed, world, TIE[tieRule]);
  let complaints = 0;
  const hops = hopByHop(snapshot, simulator, count, (i) => {
    if (simulator.messageAt(i) !== FIRST_MESSAGE) return 'reply';
    complaints++;
    return 'complaint';
  });
  return {
    ...describeModel(graph),
    seed,
    world,
    hops,
    reached: count,
    complaint: complaints,
    reply: count - complaints,
    note:
      `One random sample of many (world ${world} of seed ${seed}): in this sample the complaint reached ${complaints} ` +
      `and the reply ${count - complaints} people, in ${hops.length - 1} hops; other samples differ.`,
  };
}
