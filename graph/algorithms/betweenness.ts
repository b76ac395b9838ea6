import { checkNumber, RUN_OPTIONS, withDefaults } from '../options.ts';
import { runChunks } from '../parallel/run.ts';
import { sharedAdjacency, type SharedAdjacency } from '../parallel/shared.ts';
import { defineTask } from '../parallel/task.ts';
import { resolveThreads } from '../parallel/threads.ts';
import { DEFAULT_SEED, Random } from '../random.ts';
import type { Snapshot } from '../snapshot.ts';

/**
 * Betweenness centrality on the influence graph (directed, unweighted) by Brandes' algorithm (2001), estimated from a
 * seeded sample of source people (Brandes and Pich, 2007): each sampled source contributes its exact dependencies and
 * the sum is scaled by n / samples. With `samples >= n` it is exact and equals
 * `networkx.betweenness_centrality(G, normalized=...)`. Normalised values divide by (n - 1)(n - 2), as NetworkX does
 * for directed graphs. High betweenness marks bridges: people through whom messages pass between communities.
 *
 * Sources are processed in chunks of SOURCE_CHUNK on every thread asked for; each chunk's dependencies are summed
 * apart and the chunk sums added in chunk order, so the result is the same whatever the number of threads.
 */
export interface BetweennessOptions {
  /** Source people sampled. Default 256 (exact when the graph has no more people). */
  samples?: number;
  /** Default true. */
  normalized?: boolean;
  seed?: number;
  /** Threads, this one included; null: every core (parallel/threads.ts). The result is the same. */
  threads?: number | null;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

/** The options' defaults (graphology's `fn.defaults`): the structure score family reads `samples`. */
export const DEFAULTS = { samples: 256, normalized: true, seed: DEFAULT_SEED, threads: null as number | null };

export function betweenness(snapshot: Snapshot, options?: BetweennessOptions): Float64Array {
  const o = withDefaults({ ...DEFAULTS, ...RUN_OPTIONS }, options, 'betweenness');
  const samples = checkNumber('betweenness', 'samples', o.samples, { min: 1, integer: true });
  const n = snapshot.nodeCount;
  const centrality = new Float64Array(n);
  if (n < 3) return centrality;
  const threads = resolveThreads('betweenness', o.threads);
  const sources = pickSources(n, samples, o.seed);
  const chunks = Math.ceil(sources.length / SOURCE_CHUNK);
  runChunks({
    task: betweennessTask,
    context: sharedAdjacency(snapshot),
    params: sources,
    chunks,
    threads,
    signal: o.signal,
    onResult: (dependencies, chunk) => {
      for (let v = 0; v < n; v++) centrality[v] += dependencies[v];
      o.onProgress?.((chunk + 1) / chunks);
    },
  });
  const scale = (n / sources.length) * (o.normalized ? 1 / ((n - 1) * (n - 2)) : 1);
  for (let v = 0; v < n; v++) centrality[v] *= scale;
  o.onProgress?.(1);
  return centrality;
}

/** Sources per chunk of parallel work. */
const SOURCE_CHUNK = 4;

/** Chunk i: the summed dependencies of sources[4i .. 4i + 3] on every person (Brandes's two sweeps per source). */
export const betweennessTask = defineTask({
  name: 'betweenness',
  prepare: (context: SharedAdjacency) => ({
    context,
    sigma: new Float64Array(context.nodeCount),
    distance: new Int32Array(context.nodeCount).fill(-1),
    delta: new Float64Array(context.nodeCount),
    order: new Int32Array(context.nodeCount),
  }),
  run(state, sources: Int32Array, chunk: number): Float64Array {
    const { context, sigma, distance, delta, order } = state;
    const { outOffsets, outTargets } = context;
    const sum = new Float64Array(context.nodeCount);
    for (const s of sources.subarray(chunk * SOURCE_CHUNK, (chunk + 1) * SOURCE_CHUNK)) {
      // Breadth-first search from s, recording the visit order and shortest-path counts.
      distance[s] = 0;
      sigma[s] = 1;
      order[0] = s;
      let head = 0;
      let tail = 1;
      while (head < tail) {
        const v = order[head++];
        const dv = distance[v] + 1;
        for (let e = outOffsets[v]; e < outOffsets[v + 1]; e++) {
          const w = outTargets[e];
          if (distance[w] < 0) {
            distance[w] = dv;
            sigma[w] = 0;
            order[tail++] = w;
          }
          if (distance[w] === dv) sigma[w] += sigma[v];
        }
      }
      // Dependencies accumulate in reverse visit order:
      // delta(v) = sum over successors w of sigma(v)/sigma(w) (1 + delta(w)).
      for (let i = 0; i < tail; i++) delta[order[i]] = 0;
      for (let i = tail - 1; i > 0; i--) {
        const v = order[i];
        const dv = distance[v] + 1;
        let dependency = 0;
        for (let e = outOffsets[v]; e < outOffsets[v + 1]; e++) {
          const w = outTargets[e];
          if (distance[w] === dv) dependency += (1 + delta[w]) / sigma[w];
        }
        delta[v] = sigma[v] * dependency;
        sum[v] += delta[v];
      }
      // Only the people reached were touched: reset them for the next source.
      for (let i = 0; i < tail; i++) distance[order[i]] = -1;
    }
    return sum;
  },
});

/** All people when samples >= n, else a seeded uniform sample without replacement (partial Fisher-Yates). */
function pickSources(n: number, samples: number, seed: number): Int32Array {
  const all = Int32Array.from({ length: n }, (_, i) => i);
  if (samples >= n) return all;
  const random = new Random(seed);
  for (let i = 0; i < samples; i++) {
    const j = i + random.nextInt(n - i);
    [all[i], all[j]] = [all[j], all[i]];
  }
  return all.slice(0, samples).sort();
}
