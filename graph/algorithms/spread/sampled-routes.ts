import { checkNumber, withDefaults } from '../../options.ts';
import type { Snapshot } from '../../snapshot.ts';
import { CascadeSimulator } from '../diffusion/cascade.ts';
import type { DiffusionModel } from '../diffusion/probabilities.ts';
import { wilsonInterval } from './intervals.ts';
import {
  checkRuns,
  checkSeed,
  checkStartingPeople,
  checkTarget,
  DEFAULT_RUNS,
  describeModel,
  forEachChunk,
  MODEL_DEFAULTS,
  resolveModel,
  type SpreadModelOptions,
} from './worlds.ts';

export interface SampledRoutesOptions extends SpreadModelOptions {
  /** Simulated worlds. Default DEFAULT_RUNS, as reachProbabilities: the same worlds. */
  runs?: number;
  /** How many routes to return, most frequent first. Default 5. */
  top?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export const DEFAULTS = {
  ...MODEL_DEFAULTS,
  runs: DEFAULT_RUNS,
  top: 5,
  signal: undefined as AbortSignal | undefined,
  onProgress: undefined as ((fraction: number) => void) | undefined,
};

export interface SampledRoute {
  /** Person indices from a starting person to the target. */
  people: number[];
  ids: string[];
  /** Worlds in which the message reached the target along this route. */
  worlds: number;
  /** worlds / runs, with its Wilson 95% interval. */
  probability: number;
  low: number;
  high: number;
}

export interface SampledRoutesResult {
  model: DiffusionModel;
  probability: string;
  description: string;
  runs: number;
  seed: number;
  target: number;
  targetId: string;
  /** Worlds in which the target was reached, and that probability with its Wilson interval. */
  reached: { worlds: number; probability: number; low: number; high: number };
  /** Distinct routes seen. */
  distinct: number;
  /** The most frequent routes; their probabilities add up, with the routes not listed, to the reach probability. */
  routes: SampledRoute[];
  note: string;
}

const WHERE = 'sampled routes';

/**
 * Through whom a message reaches a person: in each simulated world that reaches `target`, the route it arrived by,
 * following who convinced whom (sampleCascade) back from the target to a starting person; routes are counted over the
 * worlds. Unlike the most likely paths (likeliestPaths), which rank single paths by their own probability, the
 * frequencies here split the probability of being reached among the routes that actually carried the message, other
 * paths and all: each world that reaches the target counts for exactly one route. The worlds are reachProbabilities'
 * (the same seed and runs give the same worlds).
 */
export function sampledRoutes(
  snapshot: Snapshot,
  starting: ArrayLike<number>,
  target: number,
  options?: SampledRoutesOptions,
): SampledRoutesResult {
  const o = withDefaults(DEFAULTS, options, WHERE);
  const graph = resolveModel(WHERE, snapshot, o.model, o.probability);
  const seed = checkSeed(WHERE, o.seed);
  const runs = checkRuns(WHERE, o.runs);
  const top = checkNumber(WHERE, 'top', o.top, { min: 1, max: 1000, integer: true });
  const n = snapshot.nodeCount;
  const seeds = checkStartingPeople(WHERE, starting, n);
  checkTarget(WHERE, target, n);

  const simulator = new CascadeSimulator(graph, { trace: true });
  const by = simulator.by!;
  const { active } = simulator;
  // Position of each person in the current world's activation order (who convinced whom points at active people).
  const position = new Int32Array(n);
  const counts = new Map<string, { people: number[]; worlds: number }>();
  let reachedWorlds = 0;
  forEachChunk(runs, o.signal, o.onProgress, (first, worlds) => {
    for (let w = first; w < first + worlds; w++) {
      const count = simulator.runInWorld(seeds, seed, w);
      let at = -1;
      for (let i = 0; i < count; i++) {
        position[active[i]] = i;
        if (active[i] === target) at = i;
      }
      if (at < 0) continue;
      reachedWorlds++;
      const route: number[] = [];
      for (let i = at; ; i = position[by[i]]) {
        route.push(active[i]);
        if (by[i] < 0) break;
      }
      route.reverse();
      const key = route.join(',');
      const known = counts.get(key);
      if (known) known.worlds++;
      else counts.set(key, { people: route, worlds: 1 });
    }
  });

  const routes = [...counts.values()]
    .sort((a, b) => b.worlds - a.worlds || compareRoutes(a.people, b.people))
    .slice(0, top)
    .map(({ people, worlds }) => {
      const [low, high] = wilsonInterval(worlds, runs);
      return { people, ids: people.map((v) => snapshot.ids.idOf(v)), worlds, probability: worlds / runs, low, high };
    });
  const [low, high] = wilsonInterval(reachedWorlds, runs);
  const targetId = snapshot.ids.idOf(target);
  return {
    ...describeModel(graph),
    runs,
    seed,
    target,
    targetId,
    reached: { worlds: reachedWorlds, probability: reachedWorlds / runs, low, high },
    distinct: counts.size,
    routes,
    note:
      reachedWorlds === 0
        ? `The message reached ${targetId} in none of ${runs} simulated worlds.`
        : `In ${reachedWorlds} of ${runs} simulated worlds the message reached ${targetId}, along ${counts.size} different ` +
          `${counts.size === 1 ? 'route' : 'routes'}; a route's share is the chance the message arrived that way.`,
  };
}

function compareRoutes(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}
