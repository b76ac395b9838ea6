import { checkNumber, withDefaults } from '../../options.ts';
import type { Snapshot } from '../../snapshot.ts';
import type { DiffusionGraph, DiffusionModel, ProbabilityChoice } from '../diffusion/probabilities.ts';
import { PathSearch } from './path-search.ts';
import { checkStartingPeople, checkTarget, describeModel, MODEL_DEFAULTS, resolveModel } from './worlds.ts';

export interface LikeliestPathsOptions {
  /** `ic` (default) or `lt`. */
  model?: DiffusionModel;
  /** `wc` (default), `uniform:p`, `weight`. */
  probability?: ProbabilityChoice | string;
  /** How many distinct paths, most likely first. Default 3. */
  k?: number;
}

export const DEFAULTS = { model: MODEL_DEFAULTS.model, probability: MODEL_DEFAULTS.probability, k: 3 };

export interface LikelyPath {
  /** Person indices from a starting person to the target. */
  people: number[];
  ids: string[];
  /** The probability of each relationship along the path, p(people[i], people[i + 1]). */
  steps: number[];
  /** The probability that the message passes along the whole path: the product of the steps. */
  probability: number;
}

export interface LikeliestPathsResult {
  model: DiffusionModel;
  probability: string;
  description: string;
  target: number;
  targetId: string;
  /** Most likely first; fewer than k when fewer simple paths exist; empty when the target cannot be reached. */
  paths: LikelyPath[];
  note: string;
}

const WHERE = 'likeliest paths';

/**
 * Why a person is reached: the k most likely paths from the starting people to them. A path's probability is the
 * product of its relationships' probabilities: under IC the chance that every relationship on it passes the message,
 * under LT the chance that each person on it listens to the one before (the live-edge form of the threshold model,
 * Kempe, Kleinberg and Tardos, KDD 2003). Maximising a product of probabilities is a shortest-path problem with
 * weights -ln p(u, v) >= 0, solved by Dijkstra's algorithm; the next most likely distinct simple paths come from Yen's
 * algorithm (Yen, "Finding the k shortest loopless paths in a network", Management Science 1971), run from a virtual
 * source joined to every starting person. A path starts at a starting person and passes through no other (the message
 * is already there), so relationships into starting people are never followed.
 *
 * A path's probability is a lower bound on the chance of being reached through it; the probability of being reached at
 * all (reachProbabilities) counts every path together.
 */
export function likeliestPaths(
  snapshot: Snapshot,
  starting: ArrayLike<number>,
  target: number,
  options?: LikeliestPathsOptions,
): LikeliestPathsResult {
  const o = withDefaults(DEFAULTS, options, WHERE);
  const graph = resolveModel(WHERE, snapshot, o.model, o.probability);
  const k = checkNumber(WHERE, 'k', o.k, { min: 1, max: 100, integer: true });
  return likeliestPathsOn(graph, starting, target, k);
}

/** likeliestPaths on probabilities already resolved. */
export function likeliestPathsOn(
  graph: DiffusionGraph,
  starting: ArrayLike<number>,
  target: number,
  k: number,
): LikeliestPathsResult {
  const { snapshot } = graph;
  const n = snapshot.nodeCount;
  const seeds = checkStartingPeople(WHERE, starting, n);
  checkTarget(WHERE, target, n);
  const search = new PathSearch(graph, seeds, target);
  const found = yen(search, Array.from(seeds), k);
  const paths = found.map((people) => describePath(graph, search, people));
  const targetId = snapshot.ids.idOf(target);
  return {
    ...describeModel(graph),
    target,
    targetId,
    paths,
    note:
      paths.length === 0
        ? `No path leads from the starting people to ${targetId}: the message cannot reach them.`
        : `A path's probability is the chance that the message passes along every relationship on it; the chance of ` +
          `being reached at all counts every path together.`,
  };
}

function describePath(graph: DiffusionGraph, search: PathSearch, people: number[]): LikelyPath {
  const steps: number[] = [];
  let probability = 1;
  for (let i = 0; i + 1 < people.length; i++) {
    const p = graph.outProbability[search.edgeIndex(people[i], people[i + 1])];
    steps.push(p);
    probability *= p;
  }
  return { people, ids: people.map((v) => graph.snapshot.ids.idOf(v)), steps, probability };
}

interface Candidate {
  people: number[];
  cost: number;
  key: string;
}

/** Yen's k shortest simple paths from the virtual source (joined to every seed) to the search's target. */
function yen(search: PathSearch, seeds: number[], k: number): number[][] {
  const first = search.shortest(seeds);
  if (first === null) return [];
  const accepted: Candidate[] = [{ people: first, cost: search.cost(first), key: first.join(',') }];
  const candidates: Candidate[] = [];
  const known = new Set([accepted[0].key]);
  while (accepted.length < k) {
    const previous = accepted[accepted.length - 1].people;
    // Spur at the virtual source (i = -1), then at each person of the previous path but the target.
    for (let i = -1; i < previous.length - 1; i++) {
      let spurPath: number[] | null;
      if (i === -1) {
        // Every accepted path leaves the virtual source through its first person: those first steps are banned.
        const used = new Set(accepted.map((c) => c.people[0]));
        spurPath = search.shortest(seeds.filter((s) => !used.has(s)));
      } else {
        const root = previous.slice(0, i + 1);
        for (const c of accepted) {
          if (c.people.length > i + 1 && root.every((v, j) => c.people[j] === v))
            search.banEdge(c.people[i], c.people[i + 1]);
        }
        for (let j = 0; j < i; j++) search.banNode(root[j]);
        const spur = search.shortest([root[i]]);
        spurPath = spur && [...root.slice(0, i), ...spur];
        search.clearBans();
      }
      if (spurPath === null) continue;
      const key = spurPath.join(',');
      if (known.has(key)) continue;
      known.add(key);
      candidates.push({ people: spurPath, cost: search.cost(spurPath), key });
    }
    if (candidates.length === 0) break;
    let best = 0;
    for (let c = 1; c < candidates.length; c++) if (before(candidates[c], candidates[best])) best = c;
    accepted.push(candidates[best]);
    candidates.splice(best, 1);
  }
  return accepted.map((c) => c.people);
}

/** Lower cost first; equal costs by the person indices along the path, so the order is reproducible. */
function before(a: Candidate, b: Candidate): boolean {
  if (a.cost !== b.cost) return a.cost < b.cost;
  for (let i = 0; i < Math.min(a.people.length, b.people.length); i++)
    if (a.people[i] !== b.people[i]) return a.people[i] < b.people[i];
  return a.people.length < b.people.length;
}
