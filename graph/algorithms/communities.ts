import louvainModule from 'graphology-communities-louvain';
import { toGraphology } from '../convert.ts';
import { InvalidOptionsError } from '../errors.ts';
import { checkNumber, withDefaults } from '../options.ts';
import { DEFAULT_SEED, Random } from '../random.ts';
import type { Snapshot } from '../snapshot.ts';

/**
 * Communities by the Louvain method (Blondel, Guillaume, Lambiotte and Lefebvre, 2008) as implemented by
 * graphology-communities-louvain, on the underlying undirected graph (a reciprocal pair adds its weights). Seeded, so
 * the same graph gives the same partition. Communities are renumbered by size, largest first (community 0).
 * graphology holds about 550 bytes an edge, so graphs above `maxEdges` are refused with a clear error rather than
 * exhausting memory.
 */
export interface CommunityOptions {
  /** Modularity resolution: above 1 gives more, smaller communities. Default 1. */
  resolution?: number;
  /** Use relationship weights. Default true. */
  weighted?: boolean;
  seed?: number;
  /** Largest edge count handed to graphology. Default 10,000,000. */
  maxEdges?: number;
}

export interface CommunityResult {
  community: Int32Array;
  count: number;
  modularity: number;
  sizes: Int32Array;
}

// The package is CommonJS typed as an ES default export: at run time the default import is the function itself.
const louvain = louvainModule as unknown as typeof louvainModule.default;

const DEFAULTS = { resolution: 1, weighted: true, seed: DEFAULT_SEED, maxEdges: 10_000_000 };

export function detectCommunities(snapshot: Snapshot, options?: CommunityOptions): CommunityResult {
  const o = withDefaults(DEFAULTS, options, 'communities');
  checkNumber('communities', 'resolution', o.resolution, { min: 0, exclusiveMin: true });
  if (snapshot.edgeCount > o.maxEdges) {
    throw new InvalidOptionsError(
      'communities',
      `the graph has ${snapshot.edgeCount} edges, above "maxEdges" (${o.maxEdges}); raise it if memory allows (about 550 bytes an edge)`,
    );
  }
  const n = snapshot.nodeCount;
  const graph = toGraphology(snapshot, { type: 'undirected' });
  const result = louvain.detailed(graph, {
    resolution: o.resolution,
    rng: new Random(o.seed).asFunction(),
    getEdgeWeight: o.weighted ? 'weight' : null,
  });
  const raw = new Int32Array(n);
  const rawSizes = new Int32Array(result.count);
  for (let i = 0; i < n; i++) {
    raw[i] = result.communities[snapshot.ids.idOf(i)];
    rawSizes[raw[i]]++;
  }
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
