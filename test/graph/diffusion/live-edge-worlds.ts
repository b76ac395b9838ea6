/**
 * Exact expected spread on small graphs by enumerating every live-edge world, written independently of the library's
 * samplers (plain objects and arrays, no snapshot): the oracle the Monte Carlo and RR-set estimators are tested against.
 *
 * - IC: each edge is live independently with its probability p: 2^m worlds.
 * - LT: each person keeps at most one in-edge, edge e with probability p(e) and none with 1 - sum p (the live-edge
 *   form of the threshold model, Kempe, Kleinberg and Tardos, KDD 2003, Theorem 2.5): prod (in-degree + 1) worlds.
 * In each world the people reached are those reachable from the seeds over live edges.
 */
/** A small graph with cycles (b -> c -> d -> b), a person reached two ways (f) and one who only influences (e). */
export const SMALL_EDGES: Array<[string, string]> = [
  ['a', 'b'],
  ['a', 'c'],
  ['b', 'c'],
  ['c', 'd'],
  ['d', 'b'],
  ['e', 'd'],
  ['d', 'f'],
  ['b', 'f'],
];
export const SMALL_NODES = ['a', 'b', 'c', 'd', 'e', 'f'];

export interface ProbabilityEdge {
  source: string;
  target: string;
  p: number;
}

/** Weighted cascade: p = 1 / in-degree(target), counting each (source, target) pair once. */
export function weightedCascade(edges: Array<[string, string]>): ProbabilityEdge[] {
  const inDegree = new Map<string, number>();
  for (const [, target] of edges) inDegree.set(target, (inDegree.get(target) ?? 0) + 1);
  return edges.map(([source, target]) => ({ source, target, p: 1 / inDegree.get(target)! }));
}

function reached(nodes: string[], live: ProbabilityEdge[], seeds: string[]): Set<string> {
  const out = new Map<string, string[]>(nodes.map((v) => [v, []]));
  for (const e of live) out.get(e.source)!.push(e.target);
  const seen = new Set(seeds);
  const queue = [...seen];
  while (queue.length > 0) {
    for (const w of out.get(queue.shift()!)!) {
      if (!seen.has(w)) {
        seen.add(w);
        queue.push(w);
      }
    }
  }
  return seen;
}

function worth(set: Set<string>, value?: (id: string) => number): number {
  let sum = 0;
  for (const v of set) sum += value ? value(v) : 1;
  return sum;
}

/** Expected number (or value) of people reached under IC. */
export function exactIC(
  nodes: string[],
  edges: ProbabilityEdge[],
  seeds: string[],
  value?: (id: string) => number,
): number {
  if (edges.length > 20) throw new Error('too many edges to enumerate');
  let expected = 0;
  for (let mask = 0; mask < 2 ** edges.length; mask++) {
    let probability = 1;
    const live: ProbabilityEdge[] = [];
    edges.forEach((e, i) => {
      if (mask & (1 << i)) {
        probability *= e.p;
        live.push(e);
      } else probability *= 1 - e.p;
    });
    if (probability > 0) expected += probability * worth(reached(nodes, live, seeds), value);
  }
  return expected;
}

/** Expected number (or value) of people reached under LT (probabilities into each person must sum to at most 1). */
export function exactLT(
  nodes: string[],
  edges: ProbabilityEdge[],
  seeds: string[],
  value?: (id: string) => number,
): number {
  const choices = nodes.map((v) => {
    const incoming = edges.filter((e) => e.target === v);
    const none = 1 - incoming.reduce((sum, e) => sum + e.p, 0);
    if (none < -1e-9) throw new Error(`LT probabilities into ${v} sum past 1`);
    return [
      ...incoming.map((e) => ({ edge: e as ProbabilityEdge | null, p: e.p })),
      { edge: null, p: Math.max(0, none) },
    ];
  });
  let expected = 0;
  const visit = (i: number, probability: number, live: ProbabilityEdge[]): void => {
    if (probability === 0) return;
    if (i === nodes.length) {
      expected += probability * worth(reached(nodes, live, seeds), value);
      return;
    }
    for (const choice of choices[i]) visit(i + 1, probability * choice.p, choice.edge ? [...live, choice.edge] : live);
  };
  visit(0, 1, []);
  return expected;
}
