import { InvalidOptionsError } from '../errors.ts';
import { checkNumber, withDefaults } from '../options.ts';
import { DEFAULT_SEED, Random } from '../random.ts';
import type { Snapshot } from '../snapshot.ts';
import { louvain } from './louvain.ts';
import { weightedAdjacency } from './undirected.ts';

/**
 * Communities by the Louvain method (Blondel, Guillaume, Lambiotte and Lefebvre, 2008; louvain.ts) on the underlying
 * undirected graph (a reciprocal pair adds its weights). Seeded, so the same graph gives the same partition.
 * Communities are renumbered by size, largest first (community 0).
 */
export interface CommunityOptions {
  /** Modularity resolution: above 1 gives more, smaller communities. Default 1. */
  resolution?: number;
  /** Use relationship weights. Default true. */
  weighted?: boolean;
  /** Stop when a level raises modularity by at most this. Default 1e-7 (NetworkX's default). */
  threshold?: number;
  seed?: number;
}

export interface CommunityResult {
  community: Int32Array;
  count: number;
  modularity: number;
  sizes: Int32Array;
}

const DEFAULTS = { resolution: 1, weighted: true, threshold: 1e-7, seed: DEFAULT_SEED };

export function detectCommunities(snapshot: Snapshot, options?: CommunityOptions): CommunityResult {
  const o = withDefaults(DEFAULTS, options, 'communities');
  checkNumber('communities', 'resolution', o.resolution, { min: 0, exclusiveMin: true });
  checkNumber('communities', 'threshold', o.threshold, { min: 0 });
  if (typeof o.weighted !== 'boolean') throw new InvalidOptionsError('communities', '"weighted" must be true or false');
  const n = snapshot.nodeCount;
  const result = louvain(weightedAdjacency(snapshot, o.weighted), {
    resolution: o.resolution,
    threshold: o.threshold,
    random: new Random(o.seed),
  });
  const raw = result.community;
  const rawSizes = new Int32Array(result.count);
  for (let i = 0; i < n; i++) rawSizes[raw[i]]++;
  // Renumber by size (then by smallest member) so community ids read as a ranking and are stable across runs.
  const firstMember = new Int32Array(result.count).fill(n);
  for (let i = n - 1; i >= 0; i--) firstMember[raw[i]] = i;
  const byRank = Array.from({ length: result.count }, (_, c) => c).sort(
    (a, b) => rawSizes[b] - rawSizes[a] || firstMember[a] - firstMember[b],
  );
  const rename = new Int32Array(result.count);
  byRank.forEach((c, rank) => (rename[c] = rank));
  const community = new Int32Array(n);
  const sizes = new Int32Array(result.count);
  for (let i = 0; i < n; i++) {
    community[i] = rename[raw[i]];
    sizes[community[i]]++;
  }
  return { community, count: result.count, modularity: result.modularity, sizes };
}
