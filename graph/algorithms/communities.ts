import { InvalidOptionsError } from '../errors.ts';
import { checkNumber, checkOneOf, withDefaults } from '../options.ts';
import { DEFAULT_SEED, Random } from '../random.ts';
import type { Snapshot } from '../snapshot.ts';
import { leiden, type LeidenQuality } from './leiden.ts';
import { louvain } from './louvain.ts';
import { modularity } from './modularity.ts';
import { weightedAdjacency } from './undirected.ts';

/**
 * Communities on the underlying undirected graph (a reciprocal pair adds its weights), by the Leiden algorithm
 * (Traag, Waltman and van Eck 2019; leiden.ts), whose communities are always connected, or by the Louvain method
 * (Blondel, Guillaume, Lambiotte and Lefebvre 2008; louvain.ts). Seeded, so the same graph and options give the same
 * partition. Communities are renumbered by size, largest first (community 0), ties by their first person.
 */
export const COMMUNITY_METHODS = ['leiden', 'louvain'] as const;
export type CommunityMethod = (typeof COMMUNITY_METHODS)[number];
export const COMMUNITY_QUALITIES = ['modularity', 'cpm'] as const;

export interface CommunityOptions {
  /** `leiden` (default) or `louvain`. */
  method?: CommunityMethod;
  /**
   * What is maximised: `modularity` (default) or `cpm`, the Constant Potts Model (Leiden only), which keeps a
   * community when its density of links exceeds the resolution, however large the network.
   */
  quality?: LeidenQuality;
  /** γ: a higher resolution gives more, smaller communities. Default 1. */
  resolution?: number;
  /** Use relationship weights. Default true. */
  weighted?: boolean;
  /** Leiden: iterations of the whole procedure, each refining the last (stops early when nothing moves). Default 2. */
  iterations?: number;
  /** Leiden: randomness of the refinement, θ (Traag et al.: 0.01); 0 always takes the best part. Default 0.01. */
  randomness?: number;
  /** Louvain: stop when a level raises modularity by at most this. Default 1e-7 (NetworkX's default). */
  threshold?: number;
  seed?: number;
}

export interface CommunityResult {
  community: Int32Array;
  count: number;
  /** Modularity of the partition at resolution 1 (Newman's), whatever was maximised: comparable across runs. */
  modularity: number;
  /** The value of what was maximised: modularity at the resolution given, or the Constant Potts Model's value. */
  quality: number;
  sizes: Int32Array;
}

/** The options' defaults (graphology's `fn.defaults`): the communities score family spreads them. */
export const DEFAULTS = {
  method: 'leiden' as CommunityMethod,
  quality: 'modularity' as LeidenQuality,
  resolution: 1,
  weighted: true,
  iterations: 2,
  randomness: 0.01,
  threshold: 1e-7,
  seed: DEFAULT_SEED,
};

export function detectCommunities(snapshot: Snapshot, options?: CommunityOptions): CommunityResult {
  const where = 'communities';
  const o = withDefaults(DEFAULTS, options, where);
  checkOneOf(where, 'method', o.method, COMMUNITY_METHODS);
  checkOneOf(where, 'quality', o.quality, COMMUNITY_QUALITIES);
  checkNumber(where, 'resolution', o.resolution, { min: 0, exclusiveMin: true });
  checkNumber(where, 'iterations', o.iterations, { min: 1, max: 100, integer: true });
  checkNumber(where, 'randomness', o.randomness, { min: 0 });
  checkNumber(where, 'threshold', o.threshold, { min: 0 });
  if (typeof o.weighted !== 'boolean') throw new InvalidOptionsError(where, '"weighted" must be true or false');
  if (o.method === 'louvain' && o.quality !== 'modularity') {
    throw new InvalidOptionsError(where, 'the Constant Potts Model ("quality": "cpm") needs the Leiden method');
  }
  const random = new Random(o.seed);
  if (o.method === 'leiden') {
    // Built when Leiden asks, so that it can let the graph go while it works on the levels above (leiden.ts).
    const settings = {
      quality: o.quality,
      resolution: o.resolution,
      randomness: o.randomness,
      iterations: o.iterations,
      random,
    };
    const found = leiden(() => weightedAdjacency(snapshot, o.weighted), settings);
    return { ...rankBySize(found.community, found.count), modularity: found.modularity, quality: found.quality };
  }
  const graph = weightedAdjacency(snapshot, o.weighted);
  const found = louvain(graph, { resolution: o.resolution, threshold: o.threshold, random });
  const standard = o.resolution === 1 ? found.modularity : modularity(graph, found.community, 1);
  return { ...rankBySize(found.community, found.count), modularity: standard, quality: found.modularity };
}

/** Renumbers communities by size (then by smallest member) so that ids read as a ranking and are stable across runs. */
function rankBySize(raw: Int32Array, count: number): { community: Int32Array; count: number; sizes: Int32Array } {
  const n = raw.length;
  const rawSizes = new Int32Array(count);
  for (let i = 0; i < n; i++) rawSizes[raw[i]]++;
  const firstMember = new Int32Array(count).fill(n);
  for (let i = n - 1; i >= 0; i--) firstMember[raw[i]] = i;
  const byRank = Array.from({ length: count }, (_, c) => c).sort(
    (a, b) => rawSizes[b] - rawSizes[a] || firstMember[a] - firstMember[b],
  );
  const rename = new Int32Array(count);
  byRank.forEach((c, rank) => (rename[c] = rank));
  const community = new Int32Array(n);
  const sizes = new Int32Array(count);
  for (let i = 0; i < n; i++) {
    community[i] = rename[raw[i]];
    sizes[community[i]]++;
  }
  return { community, count, sizes };
}
