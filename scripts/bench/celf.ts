import { CascadeSimulator } from '../../graph/algorithms/diffusion/cascade.ts';
import type { DiffusionGraph } from '../../graph/algorithms/diffusion/probabilities.ts';
import { Random } from '../../graph/random.ts';

export interface CelfResult {
  seeds: number[];
  /** Spread simulations run (one cascade each). */
  simulations: number;
  /** Spread estimates made (each of `runs` simulations); the greedy without lazy evaluation would make about n * k. */
  estimates: number;
  ms: number;
  /** Milliseconds the first pass (one estimate per person) took. */
  firstPassMs: number;
  /** True when the time budget ran out before k seeds were chosen. */
  stopped: boolean;
}

/**
 * The bench's baseline for advocate selection: greedy hill climbing with Monte Carlo spread estimates and CELF's lazy
 * evaluation of marginal gains (Leskovec et al., KDD 2007) — the method graph databases offer (Neo4j GDS
 * `gds.influenceMaximization.celf`, default 100 simulations per estimate). Submodularity makes a gain computed in an
 * earlier round an upper bound of the current one, so a candidate is re-estimated only when it reaches the top of the
 * queue. It gives no certified ratio: each estimate carries Monte Carlo noise.
 */
export function celf(graph: DiffusionGraph, k: number, runs: number, seed: number, budgetMs = Infinity): CelfResult {
  const started = performance.now();
  const n = graph.snapshot.nodeCount;
  const simulator = new CascadeSimulator(graph);
  const rng = new Random(seed);
  let simulations = 0;
  let estimates = 0;
  const seeds: number[] = [];
  const spread = (set: number[]): number => {
    let total = 0;
    for (let r = 0; r < runs; r++) total += simulator.run(set, rng);
    simulations += runs;
    estimates++;
    return total / runs;
  };

  // A max-heap of candidates by their last known gain, with the round in which it was computed.
  const gain = new Float64Array(n);
  const round = new Int32Array(n);
  const heap: number[] = [];
  const above = (a: number, b: number) =>
    gain[heap[a]] > gain[heap[b]] || (gain[heap[a]] === gain[heap[b]] && heap[a] < heap[b]);
  const swap = (a: number, b: number) => ([heap[a], heap[b]] = [heap[b], heap[a]]);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && above(l, top)) top = l;
      if (r < heap.length && above(r, top)) top = r;
      if (top === i) return;
      swap(i, top);
      i = top;
    }
  };
  const single: number[] = [0];
  for (let v = 0; v < n; v++) {
    single[0] = v;
    gain[v] = spread(single);
    heap.push(v);
  }
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
  const firstPassMs = performance.now() - started;

  let current = 0;
  let stopped = false;
  while (seeds.length < k && heap.length > 0) {
    if (performance.now() - started > budgetMs) {
      stopped = true;
      break;
    }
    const v = heap[0];
    if (round[v] === seeds.length) {
      seeds.push(v);
      current += gain[v];
      heap[0] = heap[heap.length - 1];
      heap.pop();
      down(0);
      continue;
    }
    gain[v] = spread([...seeds, v]) - current;
    round[v] = seeds.length;
    down(0);
  }
  return { seeds, simulations, estimates, ms: performance.now() - started, firstPassMs, stopped };
}
