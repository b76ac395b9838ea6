import { throwIfAborted } from '../errors.ts';
import { checkNumber, withDefaults } from '../options.ts';
import type { Snapshot } from '../snapshot.ts';
import { hllAdd, hllEstimate, hllMerge, hllRelativeError } from './hyperloglog.ts';

/**
 * Audience and two-hop reach on the influence graph.
 * - audience(u): people u directly influences (distinct out-neighbours).
 * - reach2(u): distinct people within two hops of u (u's audience and their audiences), u excluded.
 *
 * reach2 is exact (a stamped visit of every two-hop path) when a person's two-hop work, the sum of their audience's
 * audience sizes, is at most `exactLimit`; above it the value is a HyperLogLog estimate with relative standard error
 * 1.04 / sqrt(2^hllPrecision) (1.6% at the default precision 12). For estimates, audience members whose own audience
 * exceeds `hubDegree` contribute a precomputed sketch of their closed neighbourhood instead of a walk of their list,
 * which bounds the work per person by (audience size) x max(hubDegree, 2^precision).
 * `hubDegree: null` sketches no hubs.
 */
export interface ReachOptions {
  /** Largest two-hop work (paths walked) for which reach2 is exact. Default 2^15 = 32,768. */
  exactLimit?: number;
  /** log2 of the HyperLogLog register count. Default 12. */
  hllPrecision?: number;
  /**
   * Audience size above which a person's neighbourhood is sketched once and merged rather than walked: merging 2^p
   * registers (four at a time) costs about as much as hashing a hundred people. Default 128.
   */
  hubDegree?: number | null;
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}

export interface ReachResult {
  audience: Float64Array;
  reach2: Float64Array;
  /** 1 where reach2 is a HyperLogLog estimate. */
  estimated: Uint8Array;
  estimatedCount: number;
  /** Relative standard error of the estimates. */
  relativeError: number;
}

const DEFAULTS = {
  exactLimit: 2 ** 15,
  hllPrecision: 12,
  hubDegree: 128 as number | null,
  signal: undefined as AbortSignal | undefined,
  onProgress: undefined as ((f: number) => void) | undefined,
};

export function reach(snapshot: Snapshot, options?: ReachOptions): ReachResult {
  const o = withDefaults(DEFAULTS, options, 'reach');
  const exactLimit = checkNumber('reach', 'exactLimit', o.exactLimit, { min: 0 });
  const p = checkNumber('reach', 'hllPrecision', o.hllPrecision, { min: 4, max: 16, integer: true });
  const m = 2 ** p;
  const hubDegree =
    o.hubDegree === null ? Infinity : checkNumber('reach', 'hubDegree', o.hubDegree, { min: 0, integer: true });
  const n = snapshot.nodeCount;
  const { outOffsets, outTargets } = snapshot;
  const audience = new Float64Array(n);
  const reach2 = new Float64Array(n);
  const estimated = new Uint8Array(n);
  const stamp = new Int32Array(n).fill(-1);
  const hubSketch = new Int32Array(n).fill(-1);
  let hubPool: Uint8Array | null = null;
  let hubWords: Uint32Array | null = null;
  let hubCount = 0;
  const sketch = new Uint8Array(m);
  const sketchWords = new Uint32Array(sketch.buffer);
  let estimatedCount = 0;

  const sketchOfHub = (v: number): number => {
    if (hubSketch[v] >= 0) return hubSketch[v];
    // Lazily sketch v's closed neighbourhood {v} ∪ audience(v) into a growing pool.
    const slot = hubCount++;
    if (hubPool === null || hubPool.length < hubCount * m) {
      const grown = new Uint8Array(Math.max(hubCount, (2 * (hubPool?.length ?? 0)) / m) * m);
      if (hubPool) grown.set(hubPool);
      hubPool = grown;
      hubWords = new Uint32Array(grown.buffer);
    }
    const offset = slot * m;
    hllAdd(hubPool, offset, p, v);
    for (let e = outOffsets[v]; e < outOffsets[v + 1]; e++) hllAdd(hubPool, offset, p, outTargets[e]);
    hubSketch[v] = offset;
    return offset;
  };

  for (let u = 0; u < n; u++) {
    if ((u & 1023) === 0) {
      throwIfAborted(o.signal);
      o.onProgress?.(u / n);
    }
    const start = outOffsets[u];
    const end = outOffsets[u + 1];
    audience[u] = end - start;
    let work = 0;
    for (let e = start; e < end; e++) work += outOffsets[outTargets[e] + 1] - outOffsets[outTargets[e]];
    if (work <= exactLimit) {
      stamp[u] = u;
      let count = 0;
      for (let e = start; e < end; e++) {
        const v = outTargets[e];
        if (stamp[v] !== u) {
          stamp[v] = u;
          count++;
        }
        for (let f = outOffsets[v]; f < outOffsets[v + 1]; f++) {
          const w = outTargets[f];
          if (stamp[w] !== u) {
            stamp[w] = u;
            count++;
          }
        }
      }
      reach2[u] = count;
      continue;
    }
    sketch.fill(0);
    let selfInSketch = false;
    for (let e = start; e < end; e++) {
      const v = outTargets[e];
      const degree = outOffsets[v + 1] - outOffsets[v];
      if (degree > hubDegree) {
        const offset = sketchOfHub(v);
        hllMerge(sketchWords, 0, hubWords!, offset >>> 2, m >>> 2);
        if (!selfInSketch) selfInSketch = influences(snapshot, v, u);
      } else {
        hllAdd(sketch, 0, p, v);
        for (let f = outOffsets[v]; f < outOffsets[v + 1]; f++) {
          const w = outTargets[f];
          if (w !== u) hllAdd(sketch, 0, p, w);
        }
      }
    }
    // u itself may sit in a merged hub sketch; the estimate counts it once, so take it back out.
    reach2[u] = Math.max(audience[u], Math.round(hllEstimate(sketch, 0, p)) - (selfInSketch ? 1 : 0));
    estimated[u] = 1;
    estimatedCount++;
  }
  o.onProgress?.(1);
  return { audience, reach2, estimated, estimatedCount, relativeError: hllRelativeError(p) };
}

/** Whether v influences u directly (binary search in v's sorted audience). */
function influences(snapshot: Snapshot, v: number, u: number): boolean {
  let lo = snapshot.outOffsets[v];
  let hi = snapshot.outOffsets[v + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const x = snapshot.outTargets[mid];
    if (x === u) return true;
    if (x < u) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
