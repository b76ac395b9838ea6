import { InvalidOptionsError } from './errors.ts';
import { checkNumber } from './options.ts';
import { selectFamilies } from './scores/compute.ts';

/**
 * How much memory the local engine needs for a graph, from its counts alone, before anything is loaded (as Neo4j GDS's
 * estimate procedures do): a range per phase and per score family, and the peak of a whole run. The byte costs are
 * read off the code that allocates them (file named at each); `npm run bench -- --only spark` prints the estimate next
 * to the peak RSS measured on epinions and an R-MAT graph.
 *
 * What the counts cannot say is given as a range: how many relationships are reciprocal (the undirected merge holds
 * between m and 2m entries), whether people carry lifetime values and sentiments, how many people are hubs whose
 * two-hop reach is sketched. Ratings are assumed on every relationship unless `ratings` says how many there are.
 */
export interface GraphCounts {
  people: number;
  relationships: number;
  /** Relationships that carry a rating; default all of them (the upper bound). */
  ratings?: number;
}

export interface ByteRange {
  min: number;
  max: number;
}

export interface PhaseEstimate extends ByteRange {
  phase: string;
  /** What the bytes are, in a few words. */
  what: string;
}

export interface MemoryEstimate {
  /** Loading: the snapshot while it is built, and the ids. */
  load: PhaseEstimate;
  /** Held for the whole run: the snapshot, the ids and the score columns as they are computed. */
  held: PhaseEstimate;
  /** Each family's working memory on top of what is held. */
  families: PhaseEstimate[];
  /** The peak of a run: the process itself, plus the largest of loading and (held + the largest family). */
  peak: ByteRange;
}

/** Bytes each structure costs, with where it is allocated. */
export const COSTS = {
  /** A Node process with Sway's modules loaded, before any graph (measured RSS of `sway score` on an empty store). */
  process: 150 * 2 ** 20,
  /** graph/ids.ts StringIds: the id string, its Map entry and its array slot (calibrated on epinions' numeric ids). */
  idBytesPerPerson: 160,
  /** graph/snapshot.ts: out and in rows, 4-byte neighbour and Float32 weight each way. */
  snapshotPerEdge: 16,
  /** ...and a Float32 rating each way when any relationship has one. */
  snapshotRatingsPerEdge: 8,
  /** Two Int32 offsets arrays, plus clv and sentiment (Float64) and customer (Uint8) when known. */
  snapshotPerPerson: { min: 8, max: 8 + 17 },
  /**
   * SnapshotBuilder.build: the arrival-order source, target and weight arrays (12), two counting sorts and the kept
   * positions (12), and the finished rows (16), all alive at once; ratings add 4 + 8.
   */
  buildPerEdge: 40,
  buildRatingsPerEdge: 12,
  /** A score column: one Float64 a person (graph/scores/types.ts). */
  column: 8,
} as const;

/** Working memory of each family beyond what is held, per edge and per person, as [min, max]. */
const FAMILY_COSTS: Record<
  string,
  { what: string; perEdge: [number, number]; perPerson: [number, number]; perRating?: number }
> = {
  // pagerank.ts: invW, rank, share, nextShare.
  influence: { what: 'four Float64 vectors (PageRank)', perEdge: [0, 0], perPerson: [32, 32] },
  // reach.ts: stamp, hubSketch, estimated; a 4 KiB sketch per hub (out-degree > 128), at most m / 129 hubs.
  reach: { what: 'visit stamps; 4 KiB HyperLogLog sketch per hub', perEdge: [0, 4096 / 129], perPerson: [9, 9] },
  // undirected.ts merge buffer (2m Int32) and its slice (m..2m entries); cores.ts five Int32 arrays; betweenness.ts
  // sigma, distance, delta, order.
  structure: { what: 'undirected merge, core buckets, one BFS', perEdge: [12, 16], perPerson: [44, 44] },
  // undirected.ts weighted merge: 2m Int32 + 2m Float64 buffers and their slices (m..2m entries of 12 bytes);
  // louvain.ts per level: strength, community, total, order, link weights, stamps, touched, queued.
  communities: { what: 'weighted undirected merge, Louvain levels', perEdge: [36, 48], perPerson: [45, 45] },
  // probabilities.ts: a Float32 probability per in-edge, shared probability and total per person; rr-sets.ts visited,
  // logFail; network-value.ts counts; alias.ts tables when lifetime values are known.
  value: { what: 'edge probabilities, RR-set counts', perEdge: [4, 4], perPerson: [33, 65] },
  // reputation/ratings.ts: received and given rows (32 bytes a rating, 8 a person); fairness and goodness.
  reputation: { what: 'rating rows, fairness and goodness', perEdge: [0, 0], perPerson: [24, 24], perRating: 32 },
  // trend.ts: the previous window as a view (views/compact.ts: its own CSR, targets and weights, both directions),
  // scored by PageRank and reach as above.
  trend: { what: 'the previous window as a view, its PageRank and reach', perEdge: [0, 16], perPerson: [49, 57] },
  // The channels family scores one channel's view at a time: the same as one window, released before the next.
  channels: { what: "one channel's view at a time, its PageRank and reach", perEdge: [0, 16], perPerson: [49, 57] },
};

/** Columns each family adds to the score set (graph/scores/families). */
const COLUMNS: Record<string, number> = {
  influence: 3,
  reach: 2,
  structure: 6,
  communities: 1,
  value: 4,
  reputation: 4,
  trend: 3,
  // Three a channel; counted for one channel (the store's counts do not say how many there are).
  channels: 3,
};

export function estimateMemory(
  counts: GraphCounts,
  options: { families?: string[]; idBytesPerPerson?: number } = {},
): MemoryEstimate {
  const where = 'estimate';
  const n = checkNumber(where, 'people', counts.people, { min: 0, integer: true });
  const m = checkNumber(where, 'relationships', counts.relationships, { min: 0, integer: true });
  const ratings =
    counts.ratings === undefined ? m : checkNumber(where, 'ratings', counts.ratings, { min: 0, max: m, integer: true });
  const families = selectFamilies(options.families).map((family) => family.id);
  for (const id of families)
    if (!(id in FAMILY_COSTS)) throw new InvalidOptionsError(where, `no memory estimate for family "${id}"`);
  const rated = ratings > 0;
  const ids = n * (options.idBytesPerPerson ?? COSTS.idBytesPerPerson);
  const snapshotEdges = m * (COSTS.snapshotPerEdge + (rated ? COSTS.snapshotRatingsPerEdge : 0));
  const snapshot: ByteRange = {
    min: snapshotEdges + n * COSTS.snapshotPerPerson.min,
    max: snapshotEdges + n * COSTS.snapshotPerPerson.max,
  };
  const build = m * (COSTS.buildPerEdge + (rated ? COSTS.buildRatingsPerEdge : 0));
  const load: PhaseEstimate = {
    phase: 'load',
    what: 'snapshot being built, ids',
    min: ids + build + snapshot.min,
    max: ids + build + snapshot.max,
  };
  const columns = families.reduce((sum, id) => sum + COLUMNS[id], 0) * n * COSTS.column + n * 8;
  const held: PhaseEstimate = {
    phase: 'held',
    what: `snapshot, ids, ${families.reduce((sum, id) => sum + COLUMNS[id], 0)} score columns`,
    min: snapshot.min + ids + columns,
    max: snapshot.max + ids + columns,
  };
  const familyEstimates = families.map((id): PhaseEstimate => {
    const cost = FAMILY_COSTS[id];
    const extra = (cost.perRating ?? 0) * ratings;
    return {
      phase: id,
      what: cost.what,
      min: m * cost.perEdge[0] + n * cost.perPerson[0] + extra,
      max: m * cost.perEdge[1] + n * cost.perPerson[1] + extra,
    };
  });
  const largest = (pick: 'min' | 'max') => Math.max(0, ...familyEstimates.map((f) => f[pick]));
  return {
    load,
    held,
    families: familyEstimates,
    peak: {
      min: COSTS.process + Math.max(load.min, held.min + largest('min')),
      max: COSTS.process + Math.max(load.max, held.max + largest('max')),
    },
  };
}

/** Whether a run fits a machine with `available` bytes: surely, maybe, or surely not. */
export function verdict(estimate: MemoryEstimate, available: number): 'fits' | 'may exceed' | 'exceeds' {
  if (estimate.peak.min > available) return 'exceeds';
  if (estimate.peak.max > available) return 'may exceed';
  return 'fits';
}
