/**
 * Exact expected spread on small graphs by enumerating every live-edge world, written independently of the library's
 * samplers (plain objects and arrays, no snapshot): the oracle the Monte Carlo and RR-set estimators are tested
 * against.
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
/** Models and seed sets the estimators are checked with on the small graph: one seed upstream, two inside the cycle. */
export const SMALL_CASES: Array<['ic' | 'lt', string[]]> = [
  ['ic', ['a']],
  ['ic', ['e', 'c']],
  ['lt', ['a']],
  ['lt', ['e', 'c']],
];

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

/** Hop at which each person reachable from the seeds over live edges is first reached (breadth-first distance). */
export function hopsFrom(nodes: string[], live: ProbabilityEdge[], seeds: string[]): Map<string, number> {
  const out = new Map<string, string[]>(nodes.map((v) => [v, []]));
  for (const e of live) out.get(e.source)!.push(e.target);
  const hop = new Map<string, number>(seeds.map((s) => [s, 0]));
  const queue = [...hop.keys()];
  while (queue.length > 0) {
    const u = queue.shift()!;
    for (const w of out.get(u)!) {
      if (!hop.has(w)) {
        hop.set(w, hop.get(u)! + 1);
        queue.push(w);
      }
    }
  }
  return hop;
}

function reached(nodes: string[], live: ProbabilityEdge[], seeds: string[]): Set<string> {
  return new Set(hopsFrom(nodes, live, seeds).keys());
}

/** Every IC live-edge world (each edge live independently with its p) with its probability. */
export function* worldsIC(edges: ProbabilityEdge[]): Generator<{ probability: number; live: ProbabilityEdge[] }> {
  if (edges.length > 20) throw new Error('too many edges to enumerate');
  for (let mask = 0; mask < 2 ** edges.length; mask++) {
    let probability = 1;
    const live: ProbabilityEdge[] = [];
    edges.forEach((e, i) => {
      if (mask & (1 << i)) {
        probability *= e.p;
        live.push(e);
      } else probability *= 1 - e.p;
    });
    if (probability > 0) yield { probability, live };
  }
}

/** Every LT live-edge world (each person keeps at most one in-edge) with its probability. */
export function* worldsLT(
  nodes: string[],
  edges: ProbabilityEdge[],
): Generator<{ probability: number; live: ProbabilityEdge[] }> {
  const choices = nodes.map((v) => {
    const incoming = edges.filter((e) => e.target === v);
    const none = 1 - incoming.reduce((sum, e) => sum + e.p, 0);
    if (none < -1e-9) throw new Error(`LT probabilities into ${v} sum past 1`);
    return [
      ...incoming.map((e) => ({ edge: e as ProbabilityEdge | null, p: e.p })),
      { edge: null, p: Math.max(0, none) },
    ];
  });
  function* visit(
    i: number,
    probability: number,
    live: ProbabilityEdge[],
  ): Generator<{ probability: number; live: ProbabilityEdge[] }> {
    if (probability === 0) return;
    if (i === nodes.length) {
      yield { probability, live };
      return;
    }
    for (const choice of choices[i])
      yield* visit(i + 1, probability * choice.p, choice.edge ? [...live, choice.edge] : live);
  }
  yield* visit(0, 1, []);
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
  let expected = 0;
  for (const { probability, live } of worldsIC(edges))
    expected += probability * worth(reached(nodes, live, seeds), value);
  return expected;
}

/** Expected number (or value) of people reached under LT (probabilities into each person must sum to at most 1). */
export function exactLT(
  nodes: string[],
  edges: ProbabilityEdge[],
  seeds: string[],
  value?: (id: string) => number,
): number {
  let expected = 0;
  for (const { probability, live } of worldsLT(nodes, edges))
    expected += probability * worth(reached(nodes, live, seeds), value);
  return expected;
}

/**
 * Expected value of the people who adopt each message under competing IC (Budak, Agrawal and El Abbadi 2011): in each
 * live-edge world, a person's hop is their distance from either set of seeds; they adopt the message(s) of their live
 * in-neighbours one hop closer, and when both messages arrive at once, `tie` decides ('random': each with 1/2, as two
 * branches of the world). Returns the expected value adopting the complaint and the reply.
 */
export function exactCompeting(
  nodes: string[],
  edges: ProbabilityEdge[],
  complaint: string[],
  reply: string[],
  tie: 'reply' | 'complaint' | 'random',
  value: (id: string) => number = () => 1,
): { complaint: number; reply: number } {
  const expected = { complaint: 0, reply: 0 };
  for (const { probability, live } of worldsIC(edges)) {
    const hop = hopsFrom(nodes, live, [...complaint, ...reply]);
    const order = [...hop.keys()].filter((v) => hop.get(v)! > 0).sort((a, b) => hop.get(a)! - hop.get(b)!);
    const assign = (i: number, message: Map<string, 'complaint' | 'reply'>, weight: number): void => {
      if (i === order.length) {
        for (const [v, m] of message) expected[m] += probability * weight * value(v);
        return;
      }
      const v = order[i];
      const arriving = new Set(
        live.filter((e) => e.target === v && hop.get(e.source) === hop.get(v)! - 1).map((e) => message.get(e.source)!),
      );
      const options: Array<['complaint' | 'reply', number]> =
        arriving.size === 1
          ? [[[...arriving][0], 1]]
          : tie === 'random'
            ? [
                ['complaint', 0.5],
                ['reply', 0.5],
              ]
            : [[tie, 1]];
      for (const [m, w] of options) assign(i + 1, new Map(message).set(v, m), weight * w);
    };
    assign(
      0,
      new Map([...complaint.map((v) => [v, 'complaint'] as const), ...reply.map((v) => [v, 'reply'] as const)]),
      1,
    );
  }
  return expected;
}
