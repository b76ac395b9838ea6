import { describe, expect, it } from 'vitest';
import { findLookalikes, similarity, type LookalikeOptions } from '../../graph/algorithms/similarity.ts';
import { readSnapshot } from '../../graph/import/index.ts';
import { snapshotFromEdges, type Snapshot } from '../../graph/snapshot.ts';
import { datasetPath } from '../datasets.ts';
import { loadOracle } from '../oracles.ts';

type Scores = { jaccard: Record<string, number>; adamicAdar: Record<string, number> };
type DirectedScores = Record<
  string,
  { jaccard: number; adamicAdar: number; sharedListeners: number; sharedInfluencers: number }
>;
const facebookOracle = loadOracle<Record<string, Scores>>('lookalikes-facebook').values;
const emailOracle =
  loadOracle<Record<string, { directed: DirectedScores; undirected: Scores }>>('lookalikes-email').values;

/** Every lookalike of one person (k large enough for all), keyed by id. */
function everyone(snapshot: Snapshot, id: string, options: LookalikeOptions) {
  const found = findLookalikes(snapshot, [snapshot.indexOfOrThrow(id)], { ...options, k: 10_000 });
  return new Map(found.map((f) => [snapshot.ids.idOf(f.index), f]));
}

/** The reference's nonzero scores, with the ranking ties broken by id as Sway breaks them by index. */
function expectSame(
  snapshot: Snapshot,
  found: Map<string, { score: number }>,
  reference: Record<string, number>,
): void {
  const nonzero = Object.entries(reference).filter(([, value]) => value > 0);
  expect(found.size).toBe(nonzero.length);
  for (const [v, value] of nonzero) expect(found.get(v)?.score, `lookalike ${v}`).toBeCloseTo(value, 12);
}

describe('lookalikes by hand', () => {
  // a and b both influence x and y, and both listen to h; c influences x only; d listens to a.
  const snapshot = snapshotFromEdges([
    ['a', 'x'],
    ['a', 'y'],
    ['b', 'x'],
    ['b', 'y'],
    ['c', 'x'],
    ['h', 'a'],
    ['h', 'b'],
    ['a', 'd'],
  ]);
  const at = (id: string) => snapshot.indexOfOrThrow(id);

  it('Jaccard per direction: shared listeners and influencers over the union of each side', () => {
    // L(a) = {x, y, d}, L(b) = {x, y}: 2 shared of 3; I(a) = I(b) = {h}: 1 of 1. (2 + 1) / (3 + 1) = 0.75.
    expect(similarity(snapshot, at('a'), at('b'))).toBeCloseTo(0.75, 12);
    // L(c) = {x}: 1 shared of 3 on the listener side; I(c) empty, I(a) = {h}: (1 + 0) / (3 + 1) = 0.25.
    expect(similarity(snapshot, at('a'), at('c'))).toBeCloseTo(0.25, 12);
    const [first, second] = findLookalikes(snapshot, [at('a')]);
    expect(first).toEqual({
      index: at('b'),
      score: expect.closeTo(0.75, 12),
      sharedListeners: 2,
      sharedInfluencers: 1,
      sharedNeighbours: 3,
      closestTo: at('a'),
    });
    expect(second).toMatchObject({ index: at('c'), sharedListeners: 1, sharedInfluencers: 0 });
  });

  it('Adamic–Adar per direction: rarer shared connections weigh more', () => {
    // Shared listeners x (3 influencers) and y (2), shared influencer h (audience 2): (1/ln 3 + 1/ln 2 + 1/ln 2) / 2.
    expect(similarity(snapshot, at('a'), at('b'), { measure: 'adamic-adar' })).toBeCloseTo(
      (1 / Math.log(3) + 2 / Math.log(2)) / 2,
      12,
    );
  });

  it('undirected: one neighbourhood, so listening to whom the other is heard by counts too', () => {
    // N(d) = {a}, N(h) = {a, b}: they share a; union {a, b}: 0.5. Per direction they share nothing (d listens to a,
    // h is listened to by a).
    expect(similarity(snapshot, at('d'), at('h'), { neighbourhood: 'undirected' })).toBeCloseTo(0.5, 12);
    expect(similarity(snapshot, at('d'), at('h'))).toBe(0);
  });

  it('for a set: the mean similarity to its members, the people shared with the set, and the closest member', () => {
    // Candidates for {a, c}: b (0.75 with a; with c: L 1 of 2, I 0 of 1: 1/3) scores (0.75 + 1/3) / 2.
    const found = findLookalikes(snapshot, [at('a'), at('c')]);
    expect(found[0]).toEqual({
      index: at('b'),
      score: expect.closeTo((0.75 + 1 / 3) / 2, 12),
      sharedListeners: 2,
      sharedInfluencers: 1,
      sharedNeighbours: 3,
      closestTo: at('a'),
    });
    expect(found.map((f) => f.index)).not.toContain(at('a'));
    expect(found.map((f) => f.index)).not.toContain(at('c'));
  });

  it('says what is wrong with its input', () => {
    expect(() => findLookalikes(snapshot, [])).toThrow(/lookalikes: give at least one person/);
    expect(() => findLookalikes(snapshot, [99])).toThrow(/lookalikes: person index 99 is outside/);
    expect(() => findLookalikes(snapshot, [0], { measure: 'cosine' as never })).toThrow(
      /"measure" must be one of jaccard, adamic-adar/,
    );
  });
});

describe('lookalikes against NetworkX', () => {
  it('facebook (friendships both ways): jaccard_coefficient and adamic_adar_index, in both neighbourhoods', async () => {
    const snapshot = await readSnapshot(datasetPath('facebook.edgelist'), { format: 'edgelist', undirected: true });
    for (const [u, reference] of Object.entries(facebookOracle)) {
      for (const neighbourhood of ['directed', 'undirected'] as const) {
        expectSame(snapshot, everyone(snapshot, u, { neighbourhood }), reference.jaccard);
        expectSame(snapshot, everyone(snapshot, u, { neighbourhood, measure: 'adamic-adar' }), reference.adamicAdar);
      }
    }
  });

  it('email-eu-core (directed): per direction against NetworkX successor/predecessor sets, undirected against NetworkX', async () => {
    const snapshot = await readSnapshot(datasetPath('email-eu-core.edgelist'), { format: 'edgelist' });
    for (const [u, reference] of Object.entries(emailOracle)) {
      const jaccard = everyone(snapshot, u, {});
      expectSame(
        snapshot,
        jaccard,
        Object.fromEntries(Object.entries(reference.directed).map(([v, r]) => [v, r.jaccard])),
      );
      for (const [v, r] of Object.entries(reference.directed)) {
        expect(jaccard.get(v)).toMatchObject({
          sharedListeners: r.sharedListeners,
          sharedInfluencers: r.sharedInfluencers,
        });
      }
      expectSame(
        snapshot,
        everyone(snapshot, u, { measure: 'adamic-adar' }),
        Object.fromEntries(Object.entries(reference.directed).map(([v, r]) => [v, r.adamicAdar])),
      );
      expectSame(snapshot, everyone(snapshot, u, { neighbourhood: 'undirected' }), reference.undirected.jaccard);
      expectSame(
        snapshot,
        everyone(snapshot, u, { neighbourhood: 'undirected', measure: 'adamic-adar' }),
        reference.undirected.adamicAdar,
      );
    }
  });

  it('ranks by score, ties by index, and returns k', async () => {
    const snapshot = await readSnapshot(datasetPath('facebook.edgelist'), { format: 'edgelist', undirected: true });
    const [u, reference] = Object.entries(facebookOracle)[0];
    const found = findLookalikes(snapshot, [snapshot.indexOfOrThrow(u)], { k: 5 });
    const best = Object.entries(reference.jaccard)
      .map(([v, value]) => ({ index: snapshot.indexOfOrThrow(v), value }))
      .sort((a, b) => b.value - a.value || a.index - b.index)
      .slice(0, 5);
    expect(found.map((f) => f.index)).toEqual(best.map((b) => b.index));
  });
});
