import { throwIfAborted } from '../errors.ts';
import { checkNumber, withDefaults } from '../options.ts';
import { DEFAULT_SEED, Random } from '../random.ts';
import type { Snapshot } from '../snapshot.ts';

/**
 * Betweenness centrality on the influence graph (directed, unweighted) by Brandes' algorithm (2001), estimated from a
 * seeded sample of source people (Brandes and Pich, 2007): each sampled source contributes its exact dependencies and
 * the sum is scaled by n / samples. With `samples >= n` it is exact and equals
 * `networkx.betweenness_centrality(G, normalized=...)`. Normalised values divide by (n - 1)(n - 2), as NetworkX does for
 * directed graphs. High betweenness marks bridges: people through whom messages pass between communities.
 */
export interface BetweennessOptions {
  /** Source people sampled. Default 256 (exact when the graph has no more people). */
  samples?: number;
  /** Default true. */
  normalized?: boolean;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

const DEFAULTS = {
  samples: 256,
  normalized: true,
  seed: DEFAULT_SEED,
  signal: undefined as AbortSignal | undefined,
  onProgress: undefined as ((f: number) => void) | undefined,
};

export function betweenness(snapshot: Snapshot, options?: BetweennessOptions): Float64Array {
  const o = withDefaults(DEFAULTS, options, 'betweenness');
  const samples = checkNumber('betweenness', 'samples', o.samples, { min: 1, integer: true });
  const n = snapshot.nodeCount;
  const centrality = new Float64Array(n);
  if (n < 3) return centrality;
  const sources = pickSources(n, samples, o.seed);
  const { outOffsets, outTargets } = snapshot;
  const sigma = new Float64Array(n);
  const distance = new Int32Array(n);
  const delta = new Float64Array(n);
  const order = new Int32Array(n);
  for (const [k, s] of sources.entries()) {
    if ((k & 15) === 0) {
      throwIfAborted(o.signal);
      o.onProgress?.(k / sources.length);
    }
    // Breadth-first search from s, recording the visit order and shortest-path counts.
    distance.fill(-1);
    sigma.fill(0);
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
          order[tail++] = w;
        }
        if (distance[w] === dv) sigma[w] += sigma[v];
      }
    }
    // Dependencies accumulate in reverse visit order: delta(v) = sum over successors w of sigma(v)/sigma(w) (1 + delta(w)).
    for (let i = 0; i < tail; i++) delta[order[i]] = 0;
    for (let i = tail - 1; i > 0; i--) {
      const v = order[i];
      const dv = distance[v] + 1;
      let sum = 0;
      for (let e = outOffsets[v]; e < outOffsets[v + 1]; e++) {
        const w = outTargets[e];
        if (distance[w] === dv) sum += (1 + delta[w]) / sigma[w];
      }
      delta[v] = sigma[v] * sum;
      centrality[v] += delta[v];
    }
  }
  const scale = (n / sources.length) * (o.normalized ? 1 / ((n - 1) * (n - 2)) : 1);
  for (let v = 0; v < n; v++) centrality[v] *= scale;
  o.onProgress?.(1);
  return centrality;
}

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
