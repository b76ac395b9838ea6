import { beforeAll, describe, expect, it } from 'vitest';
import { explainInfluence, pagerank } from '../../graph/algorithms/pagerank.ts';
import { readSnapshot } from '../../graph/import/index.ts';
import { snapshotFromEdges, type Snapshot } from '../../graph/snapshot.ts';
import { influenceScore } from '../../graph/scores/families/influence.ts';
import { datasetPath } from '../datasets.ts';
import { loadOracle } from '../oracles.ts';

function l1Distance(snapshot: Snapshot, scores: Float64Array, expected: Record<string, number>): number {
  let distance = 0;
  let seen = 0;
  for (const [id, value] of Object.entries(expected)) {
    distance += Math.abs(scores[snapshot.indexOfOrThrow(id)] - value);
    seen++;
  }
  expect(seen).toBe(snapshot.nodeCount);
  return distance;
}

describe('pagerank against NetworkX', () => {
  let epinions: Snapshot;
  beforeAll(async () => {
    // u -> v in the file means u trusts v: imported with kind "trusts", influence flows v -> u, and PageRank runs
    // on u -> v.
    epinions = await readSnapshot(datasetPath('epinions.edgelist'), { format: 'edgelist', kind: 'trusts' });
  });

  // The oracle is NetworkX's fixed point to within 1e-12 (tol 1e-18): at the default tolerance 1e-10 both solvers
  // must land within 1e-10 of it, the power sweeps on one thread and on three.
  for (const [solver, threads] of [
    ['gauss-seidel', 1],
    ['power', 1],
    ['power', 3],
  ] as const) {
    it(`matches networkx.pagerank on epinions to L1 distance 1e-10 (${solver}, ${threads} thread${threads > 1 ? 's' : ''})`, () => {
      const result = pagerank(epinions, { solver, threads });
      expect(result.converged).toBe(true);
      const distance = l1Distance(epinions, result.scores, loadOracle('pagerank-epinions').values);
      console.log(
        `epinions PageRank (${solver}): ${result.iterations} sweeps, L1 distance to NetworkX ${distance.toExponential(2)}`,
      );
      expect(distance).toBeLessThan(1e-10);
    });
  }

  it('Gauss-Seidel needs fewer sweeps than the power method for the same tolerance', () => {
    expect(pagerank(epinions, { extrapolate: false }).iterations).toBeLessThan(
      0.7 * pagerank(epinions, { solver: 'power', threads: 1 }).iterations,
    );
  });

  it('extrapolation cuts the Gauss-Seidel sweeps by a third or more and lands as close to NetworkX', () => {
    const oracle = loadOracle('pagerank-epinions').values;
    const plain = pagerank(epinions, { extrapolate: false });
    const extrapolated = pagerank(epinions);
    console.log(
      `epinions PageRank sweeps to 1e-10: ${plain.iterations} plain, ${extrapolated.iterations} extrapolated`,
    );
    expect(extrapolated.iterations).toBeLessThan((2 / 3) * plain.iterations);
    expect(l1Distance(epinions, plain.scores, oracle)).toBeLessThan(1e-10);
    expect(l1Distance(epinions, extrapolated.scores, oracle)).toBeLessThan(1e-10);
  });

  it('matches networkx.pagerank on facebook friendships (undirected)', async () => {
    const facebook = await readSnapshot(datasetPath('facebook.edgelist'), { format: 'edgelist', undirected: true });
    const result = pagerank(facebook);
    expect(l1Distance(facebook, result.scores, loadOracle('pagerank-facebook').values)).toBeLessThan(1e-10);
  });

  it('returns its residual instead of throwing when it runs out of iterations', () => {
    const result = pagerank(epinions, { maxIterations: 3 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(3);
    expect(result.residual).toBeGreaterThan(1e-10);
    expect(result.scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });
});

describe('weighted and personalized pagerank against NetworkX', () => {
  const oracle = loadOracle<{
    nodes: string[];
    edges: [string, string, number][];
    personalization: Record<string, number>;
    weighted: Record<string, number>;
    personalized: Record<string, number>;
    weighted_personalized: Record<string, number>;
  }>('pagerank-small-weighted').values;
  // NetworkX ran on the edges as given (attention direction): influence runs the other way.
  const snapshot = snapshotFromEdges([
    ...oracle.nodes.map((v) => [v, v] as [string, string]),
    ...oracle.edges.map(([u, v, w]) => [v, u, w] as [string, string, number]),
  ]);
  const personalization = Array.from(
    { length: snapshot.nodeCount },
    (_, i) => oracle.personalization[snapshot.ids.idOf(i)],
  );

  // Snapshots keep weights in Float32 (7 significant digits), which bounds the agreement with NetworkX's doubles.
  it('weighted', () => {
    expect(l1Distance(snapshot, pagerank(snapshot, { weighted: true }).scores, oracle.weighted)).toBeLessThan(1e-7);
  });
  it('personalized', () => {
    expect(l1Distance(snapshot, pagerank(snapshot, { personalization }).scores, oracle.personalized)).toBeLessThan(
      1e-9,
    );
  });
  it('weighted and personalized', () => {
    const scores = pagerank(snapshot, { weighted: true, personalization }).scores;
    expect(l1Distance(snapshot, scores, oracle.weighted_personalized)).toBeLessThan(1e-7);
  });
});

describe('pagerank by hand', () => {
  // A cycle is periodic, the case where a steady rate of convergence can hide an error that flips sign: whatever the
  // extrapolation does, the result must be the fixed point. Influence edges i -> i+1 (mod n): i+1 listens to i, so rank
  // flows from i+1 to i, and with every jump landing on person 0 the person k steps downstream of 0, (n - k) mod n,
  // holds (1 - d) d^k / (1 - d^n).
  it('solves a personalized cycle, with and without extrapolation, on both solvers', () => {
    const n = 9;
    const d = 0.85;
    const snapshot = snapshotFromEdges(Array.from({ length: n }, (_, i) => [`p${i}`, `p${(i + 1) % n}`] as const));
    const personalization = Array.from({ length: n }, (_, i) => (snapshot.ids.idOf(i) === 'p0' ? 1 : 0));
    for (const options of [{}, { extrapolate: false }, { solver: 'power' as const, threads: 1 }]) {
      const { scores, converged } = pagerank(snapshot, { ...options, personalization, tolerance: 1e-13 });
      expect(converged).toBe(true);
      for (let k = 0; k < n; k++) {
        const expected = ((1 - d) * d ** k) / (1 - d ** n);
        expect(scores[snapshot.indexOfOrThrow(`p${(n - k) % n}`)]).toBeCloseTo(expected, 12);
      }
    }
  });

  // Influence edges a -> b, a -> c, b -> c (so b and c listen to a, c listens to b). Attention graph: b -> a, c -> a,
  // c -> b; a listens to nobody (dangling). With d = 0.5 and n = 3 the fixed point solves
  //   a = 0.5/3 + 0.5 (a/3 + b + c/2),  b = 0.5/3 + 0.5 (a/3 + c/2),  c = 0.5/3 + 0.5 (a/3),  a + b + c = 1
  // giving a = 14/27 + ..., solved exactly: c = 1/6 + a/6, b = 1/6 + a/6 + c/4, a = 1 - b - c.
  it('solves a three-person example', () => {
    const snapshot = snapshotFromEdges([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
    const { scores } = pagerank(snapshot, { damping: 0.5, tolerance: 1e-14 });
    // From c = (1 + a)/6 and b = (1 + a)/6 + (1 + a)/24 = 5(1 + a)/24: a = 1 - 9(1 + a)/24  =>  a = 15/33 = 5/11.
    const a = 5 / 11;
    const c = (1 + a) / 6;
    const b = (5 * (1 + a)) / 24;
    expect(scores[snapshot.indexOfOrThrow('a')]).toBeCloseTo(a, 12);
    expect(scores[snapshot.indexOfOrThrow('b')]).toBeCloseTo(b, 12);
    expect(scores[snapshot.indexOfOrThrow('c')]).toBeCloseTo(c, 12);
  });

  it('explains a score by the listeners contributing to it, shares adding up to one', () => {
    const snapshot = snapshotFromEdges([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ]);
    const { scores } = pagerank(snapshot, { damping: 0.5, tolerance: 1e-14 });
    const explanation = explainInfluence(snapshot, scores, snapshot.indexOfOrThrow('a'), { damping: 0.5 });
    // a's listeners: b (listens only to a: passes d*rank(b)) and c (listens to a and b: passes d*rank(c)/2).
    const rb = scores[snapshot.indexOfOrThrow('b')];
    const rc = scores[snapshot.indexOfOrThrow('c')];
    expect(explanation.contributors.map((c) => snapshot.ids.idOf(c.index))).toEqual(
      rb > rc / 2 ? ['b', 'c'] : ['c', 'b'],
    );
    expect(explanation.contributors[0].contribution).toBeCloseTo(Math.max(0.5 * rb, 0.25 * rc), 12);
    const total =
      explanation.contributors.reduce((sum, c) => sum + c.share, 0) +
      explanation.baselineShare +
      explanation.otherShare;
    expect(total).toBeCloseTo(1, 12);
  });

  it('validates its options', () => {
    const snapshot = snapshotFromEdges([['a', 'b']]);
    expect(() => pagerank(snapshot, { damping: 1 })).toThrow(/damping/);
    expect(() => pagerank(snapshot, { personalization: [1] })).toThrow(/one weight per person/);
    expect(() => pagerank(snapshot, { tolerance: 0 })).toThrow(/tolerance/);
    expect(() => pagerank(snapshot, { solver: 'newton' as never })).toThrow(/solver/);
    expect(() => pagerank(snapshot, { solver: 'power', threads: 0 })).toThrow(/threads/);
    expect(() => pagerank(snapshot, { bogus: 1 } as never)).toThrow(/unknown option "bogus"/);
  });
});

describe('influence score', () => {
  it('maps PageRank to 0-100 on a log scale', () => {
    // min 0.001, max 0.1: 0.01 is halfway in log terms.
    expect(Array.from(influenceScore(Float64Array.from([0.001, 0.01, 0.1])))).toEqual([0, 50, 100]);
  });
});

describe('pagerank from a start vector', () => {
  it('reaches the same fixed point from any start, in fewer iterations from a nearby one', () => {
    const oracle = loadOracle<{ nodes: string[]; edges: [string, string, number][]; weighted: Record<string, number> }>(
      'pagerank-small-weighted',
    ).values;
    const snapshot = snapshotFromEdges([
      ...oracle.nodes.map((v) => [v, v] as [string, string]),
      ...oracle.edges.map(([u, v, w]) => [v, u, w] as [string, string, number]),
    ]);
    const cold = pagerank(snapshot, { weighted: true });
    const skewed = Float64Array.from({ length: snapshot.nodeCount }, (_, i) => (i === 0 ? 1 : 0));
    const fromSkewed = pagerank(snapshot, { weighted: true, start: skewed });
    expect(l1Distance(snapshot, fromSkewed.scores, oracle.weighted)).toBeLessThan(1e-7);
    // The fixed point itself, unnormalised: one iteration to confirm it.
    const warm = pagerank(snapshot, { weighted: true, start: cold.scores.map((x) => 3 * x) });
    expect(l1Distance(snapshot, warm.scores, oracle.weighted)).toBeLessThan(1e-7);
    expect(warm.iterations).toBeLessThan(cold.iterations);
    expect(() => pagerank(snapshot, { start: [1, 2] })).toThrow(/PageRank: "start" must have one weight per person/);
  });
});
