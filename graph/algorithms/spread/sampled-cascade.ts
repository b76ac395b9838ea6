import { checkNumber, withDefaults } from '../../options.ts';
import type { Snapshot } from '../../snapshot.ts';
import { CascadeSimulator } from '../diffusion/cascade.ts';
import type { DiffusionModel } from '../diffusion/probabilities.ts';
import {
  checkSeed,
  checkStartingPeople,
  describeModel,
  MODEL_DEFAULTS,
  resolveModel,
  type SpreadModelOptions,
} from './worlds.ts';

export interface SampledCascadeOptions extends SpreadModelOptions {
  /**
   * Which simulated world to show (an integer >= 0). Default 0. World w of a seed is the one reachProbabilities counts
   * as its w-th run, so the animation is one of the runs behind the probabilities.
   */
  world?: number;
}

export const DEFAULTS = { ...MODEL_DEFAULTS, world: 0 };

/** One person newly reached at a hop, and who convinced them (null for the starting people). */
export interface CascadeActivation {
  index: number;
  id: string;
  byIndex: number | null;
  by: string | null;
  /** In a contest (sampleContest): the message this person adopted. */
  message?: 'complaint' | 'reply';
}

export interface SampledCascade {
  model: DiffusionModel;
  probability: string;
  description: string;
  seed: number;
  world: number;
  /** hops[0]: the starting people; hops[h]: the people first reached at hop h. */
  hops: CascadeActivation[][];
  /** People reached in this sample, starting people included. */
  reached: number;
  /** Says in words that this is one random sample. */
  note: string;
}

const WHERE = 'sampled cascade';

/**
 * One sampled cascade, hop by hop: the people a message started by `starting` reaches in one random live-edge world,
 * and who convinced whom. Under IC the one who convinced v is v's first influencer, in the order the hop before was
 * reached, whose relationship to v passed the message (each active influencer has one independent chance, Kempe,
 * Kleinberg and Tardos 2003; which of several successful ones counts first is a convention); under LT it is the
 * influencer whose weight brought v to their threshold. It is one sample of many: reachProbabilities gives the odds.
 */
export function sampleCascade(
  snapshot: Snapshot,
  starting: ArrayLike<number>,
  options?: SampledCascadeOptions,
): SampledCascade {
  const o = withDefaults(DEFAULTS, options, WHERE);
  const graph = resolveModel(WHERE, snapshot, o.model, o.probability);
  const seed = checkSeed(WHERE, o.seed);
  const world = checkNumber(WHERE, 'world', o.world, { min: 0, max: 2 ** 31 - 1, integer: true });
  const seeds = checkStartingPeople(WHERE, starting, snapshot.nodeCount);

  const simulator = new CascadeSimulator(graph, { trace: true });
  const count = simulator.runInWorld(seeds, seed, world);
  const hops = hopByHop(snapshot, simulator, count, null);
  return {
    ...describeModel(graph),
    seed,
    world,
    hops,
    reached: count,
    note:
      `One random sample of many (world ${world} of seed ${seed}): in this sample the message reached ${count} ` +
      `${count === 1 ? 'person' : 'people'} in ${hops.length - 1} ${hops.length === 2 ? 'hop' : 'hops'}; other samples differ.`,
  };
}

/**
 * The last run of a tracing simulator as hops: hops[h] the people first reached at hop h, with who convinced them (and,
 * for a contest, `messages(i)` naming the message of active[i]).
 */
export function hopByHop(
  snapshot: Snapshot,
  simulator: CascadeSimulator,
  count: number,
  messages: ((position: number) => 'complaint' | 'reply') | null,
): CascadeActivation[][] {
  const { active } = simulator;
  const by = simulator.by!;
  // The queue is first in, first out, so an influencer's hop is known before the people they reach.
  const hopOf = new Map<number, number>();
  const hops: CascadeActivation[][] = [];
  const { ids } = snapshot;
  for (let i = 0; i < count; i++) {
    const v = active[i];
    const from = by[i];
    const hop = from < 0 ? 0 : hopOf.get(from)! + 1;
    hopOf.set(v, hop);
    const activation: CascadeActivation = {
      index: v,
      id: ids.idOf(v),
      byIndex: from < 0 ? null : from,
      by: from < 0 ? null : ids.idOf(from),
    };
    if (messages) activation.message = messages(i);
    (hops[hop] ??= []).push(activation);
  }
  return hops;
}
