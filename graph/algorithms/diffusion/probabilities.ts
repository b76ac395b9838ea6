import { InvalidOptionsError } from '../../errors.ts';
import { sharedArray } from '../../parallel/shared.ts';
import type { Snapshot } from '../../snapshot.ts';
import { placeArrays, sharedMemory } from '../../wasm/memory.ts';
import { probabilityKernels } from './probabilities-kernel.ts';

/**
 * Diffusion models and the edge probabilities they run with, on the snapshot's influence edges (u -> v: u influences
 * v).
 *
 * - Independent Cascade (IC, Kempe, Kleinberg and Tardos, KDD 2003): a newly active u gets one chance to activate each
 *   inactive v it influences, succeeding with probability p(u, v), independently.
 * - Linear Threshold (LT, same paper): v draws a threshold uniformly in (0, 1] and becomes active once the weights
 *   p(u, v) of its active influencers add up to it. The weights into each person must sum to at most 1.
 *
 * Probability choices (every result states the one it used):
 * - `wc`, weighted cascade (default): p(u, v) = 1 / in-degree(v), the convention of the influence-maximization
 *   literature (Kempe et al. 2003; Tang et al. 2014, 2015, 2018). For LT the weights into v then sum to exactly 1.
 * - `uniform` with p: every edge p for IC. For LT each weight into v is p, unless in-degree(v) x p exceeds 1, in which
 *   case v's weights become 1 / in-degree(v) (they are scaled down to sum to 1, the most a threshold model allows).
 * - `weight`: from relationship weights. IC reads a weight as a probability and clips it to [0, 1] (weights default
 *   to 1, so unweighted data means "always passes on"). LT normalises: p(u, v) = w(u, v) / (sum of the weights into v),
 *   so each person's weights sum to 1, the same relative shape as weighted cascade.
 */
export type DiffusionModel = 'ic' | 'lt';
export const DIFFUSION_MODELS: readonly DiffusionModel[] = ['ic', 'lt'];

export type ProbabilityChoice = { kind: 'wc' } | { kind: 'uniform'; p: number } | { kind: 'weight' };

/** Parses `wc`, `uniform:0.01` or `weight` (the CLI's --probability). */
export function parseProbability(text: string, where = 'diffusion'): ProbabilityChoice {
  const value = text.trim();
  if (value === 'wc') return { kind: 'wc' };
  if (value === 'weight') return { kind: 'weight' };
  if (value.startsWith('uniform:')) {
    const p = Number(value.slice('uniform:'.length));
    if (!Number.isFinite(p) || p <= 0 || p > 1) {
      throw new InvalidOptionsError(where, `"probability" uniform:p needs 0 < p <= 1, got "${value}"`);
    }
    return { kind: 'uniform', p };
  }
  throw new InvalidOptionsError(where, `"probability" must be wc, uniform:p or weight, got "${value}"`);
}

/** Checks a probability choice given as an object or as text; returns the object form. */
export function checkProbability(where: string, value: unknown): ProbabilityChoice {
  if (typeof value === 'string') return parseProbability(value, where);
  if (value && typeof value === 'object') {
    const choice = value as ProbabilityChoice;
    if (choice.kind === 'wc' || choice.kind === 'weight') return { kind: choice.kind };
    if (choice.kind === 'uniform') return parseProbability(`uniform:${(choice as { p: unknown }).p}`, where);
  }
  throw new InvalidOptionsError(where, '"probability" must be wc, uniform:p or weight');
}

export function describeProbability(choice: ProbabilityChoice): string {
  return choice.kind === 'uniform' ? `uniform:${choice.p}` : choice.kind;
}

/** A plain-language statement of the model and probabilities, for results and reports. */
export function describeDiffusion(model: DiffusionModel, choice: ProbabilityChoice): string {
  const name = model === 'ic' ? 'Independent Cascade' : 'Linear Threshold';
  switch (choice.kind) {
    case 'wc':
      return `${name}, weighted cascade: p(u,v) = 1 / in-degree(v)`;
    case 'uniform':
      return model === 'ic'
        ? `${name}, uniform p = ${choice.p} on every edge`
        : `${name}, uniform weight ${choice.p} (scaled to 1 / in-degree(v) where in-degree(v) x p > 1)`;
    case 'weight':
      return model === 'ic'
        ? `${name}, p(u,v) = relationship weight clipped to [0, 1]`
        : `${name}, p(u,v) = w(u,v) / sum of the weights into v`;
  }
}

/**
 * A snapshot with its edge probabilities resolved once, in the layouts the samplers read: in-edge order for reverse
 * sampling (RR sets), out-edge order for forward simulation (Monte Carlo, computed on first use: selection alone never
 * needs it).
 */
const TOO_LARGE =
  'diffusion: the graph has too many relationships for the 4 GiB of memory that holds their probabilities; the Spark ' +
  'engine takes larger graphs';

export class DiffusionGraph {
  /** describeDiffusion(model, probability). */
  readonly description: string;
  /** p(u, v) per in-edge (snapshot.inSources order). */
  readonly inProbability: Float32Array;
  /**
   * The probability every in-edge of v shares, or NaN when they differ. Weighted cascade and uniform probabilities
   * share one per person, which lets the samplers skip over failing edges geometrically instead of drawing per edge.
   */
  readonly sharedInProbability: Float64Array;
  /** Sum of the probabilities into v (LT: the chance that v picks any live in-edge). */
  readonly inTotal: Float64Array;
  /**
   * The shared WebAssembly memory holding the arrays above and the in-edge offsets, with their byte addresses: RR
   * sampling appends what it reads to it (rr-sets.ts).
   */
  readonly memory: WebAssembly.Memory;
  readonly at: { inOffsets: number; inProbability: number; shared: number; inTotal: number };
  private outOrder: Float32Array | null = null;

  constructor(
    readonly snapshot: Snapshot,
    readonly model: DiffusionModel,
    readonly probability: ProbabilityChoice,
  ) {
    this.description = describeDiffusion(model, probability);
    const n = snapshot.nodeCount;
    const m = snapshot.edgeCount;
    const { inOffsets, inWeights } = snapshot;
    // In one shared WebAssembly memory: RR sampling reads them from every thread (rr-sets.ts), and where every
    // in-edge of a person shares its probability a kernel computes them (probabilities-kernel.ts).
    const { at, end } = placeArrays({ inOffsets: (n + 1) * 4, inProbability: m * 4, shared: n * 8, inTotal: n * 8 });
    const memory = sharedMemory(end, TOO_LARGE);
    this.memory = memory;
    this.at = at;
    const { buffer } = memory;
    const inProbability = new Float32Array(buffer, at.inProbability, m);
    const sharedInProbability = new Float64Array(buffer, at.shared, n);
    const inTotal = new Float64Array(buffer, at.inTotal, n);
    new Int32Array(buffer, at.inOffsets, n + 1).set(inOffsets);
    if (probability.kind !== 'weight') {
      const uniform = probability.kind === 'uniform';
      probabilityKernels(memory).shared(
        n,
        at.inOffsets,
        uniform ? 1 : 0,
        uniform ? probability.p : 0,
        model === 'lt' ? 1 : 0,
        at.inProbability,
        at.shared,
        at.inTotal,
      );
    } else {
      for (let v = 0; v < n; v++) {
        const start = inOffsets[v];
        const end = inOffsets[v + 1];
        if (start === end) continue;
        let total = 0;
        for (let e = start; e < end; e++) total += Math.max(0, inWeights[e]);
        for (let e = start; e < end; e++) {
          const w = Math.max(0, inWeights[e]);
          inProbability[e] = model === 'ic' ? Math.min(1, w) : total > 0 ? w / total : 0;
        }
        let shared = inProbability[start];
        let sum = 0;
        for (let e = start; e < end; e++) {
          sum += inProbability[e];
          if (inProbability[e] !== shared) shared = NaN;
        }
        sharedInProbability[v] = shared;
        inTotal[v] = model === 'lt' ? Math.min(1, sum) : sum;
      }
    }
    this.inProbability = inProbability;
    this.sharedInProbability = sharedInProbability;
    this.inTotal = inTotal;
  }

  /** p(u, v) per out-edge (snapshot.outTargets order). */
  get outProbability(): Float32Array {
    this.outOrder ??= toOutEdgeOrder(this.snapshot, this.inProbability);
    return this.outOrder;
  }
}

/** Resolves the probabilities of `choice` under `model` on the snapshot's edges. */
export function diffusionGraph(snapshot: Snapshot, model: DiffusionModel, choice: ProbabilityChoice): DiffusionGraph {
  return new DiffusionGraph(snapshot, model, choice);
}

/**
 * Reorders per-in-edge values into out-edge order. In-edges of each target are sorted by source, so walking sources
 * in increasing order and advancing a cursor per target visits every in-edge position exactly once.
 */
function toOutEdgeOrder(snapshot: Snapshot, inValues: Float32Array): Float32Array {
  const n = snapshot.nodeCount;
  const { outOffsets, outTargets, inOffsets } = snapshot;
  const cursor = inOffsets.slice(0, n);
  const out = sharedArray(Float32Array, inValues.length);
  for (let s = 0; s < n; s++) {
    for (let e = outOffsets[s]; e < outOffsets[s + 1]; e++) out[e] = inValues[cursor[outTargets[e]]++];
  }
  return out;
}
