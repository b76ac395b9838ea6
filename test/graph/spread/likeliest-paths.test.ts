import { describe, expect, it } from 'vitest';
import { likeliestPaths } from '../../../graph/algorithms/spread/likeliest-paths.ts';
import { InvalidOptionsError } from '../../../graph/errors.ts';
import { snapshotFromEdges } from '../../../graph/snapshot.ts';

/**
 * A hand-made graph with relationship probabilities as weights (IC, `weight`), starting people s and s2, target t.
 * The simple paths into t that start at a starting person and pass through no other, with their probabilities:
 *   s-a-t 0.9 x 0.9 = 0.81;  s2-c-t 0.8 x 0.7 = 0.56;  s-a-b-t 0.9 x 0.6 x 1 = 0.54;  s-b-t 0.5 x 1 = 0.5;
 *   s2-c-b-t 0.8 x 0.5 x 1 = 0.4;  s-t 0.3;  s-a-c-t 0.9 x 0.2 x 0.7 = 0.126;  s-a-c-b-t 0.9 x 0.2 x 0.5 = 0.09.
 * s2 -> s (0.99) would make s2-s-a-t 0.80, but s already has the message: it must never be followed.
 */
const EDGES: Array<[string, string, number]> = [
  ['s', 'a', 0.9],
  ['a', 't', 0.9],
  ['a', 'b', 0.6],
  ['s', 'b', 0.5],
  ['b', 't', 1],
  ['s', 't', 0.3],
  ['s2', 'c', 0.8],
  ['c', 't', 0.7],
  ['c', 'b', 0.5],
  ['a', 'c', 0.2],
  ['s2', 's', 0.99],
  ['t', 'z', 0.5],
];
const snapshot = snapshotFromEdges(EDGES);
const index = (id: string) => snapshot.indexOfOrThrow(id);
const options = { probability: 'weight' as const };

describe('most likely paths', () => {
  it('lists the distinct paths by decreasing probability, never through another starting person', () => {
    const result = likeliestPaths(snapshot, [index('s'), index('s2')], index('t'), { ...options, k: 10 });
    expect(result.paths.map((p) => p.ids.join('-'))).toEqual([
      's-a-t',
      's2-c-t',
      's-a-b-t',
      's-b-t',
      's2-c-b-t',
      's-t',
      's-a-c-t',
      's-a-c-b-t',
    ]);
    const expected = [0.81, 0.56, 0.54, 0.5, 0.4, 0.3, 0.126, 0.09];
    result.paths.forEach((p, i) => {
      expect(p.probability).toBeCloseTo(expected[i], 6);
      expect(p.steps.reduce((a, b) => a * b, 1)).toBeCloseTo(p.probability, 12);
      expect(p.people.map((v) => snapshot.ids.idOf(v))).toEqual(p.ids);
    });
    expect(result.targetId).toBe('t');
    expect(result.description).toMatch(/Independent Cascade/);
  });

  it('gives the first k, one path for a starting person, none for someone out of reach', () => {
    const top2 = likeliestPaths(snapshot, [index('s'), index('s2')], index('t'), { ...options, k: 2 });
    expect(top2.paths.map((p) => p.ids.join('-'))).toEqual(['s-a-t', 's2-c-t']);
    const start = likeliestPaths(snapshot, [index('s'), index('s2')], index('s'), options);
    expect(start.paths.map((p) => [p.ids, p.probability])).toEqual([[['s'], 1]]);
    const none = likeliestPaths(snapshot, [index('t')], index('s'), options);
    expect(none.paths).toEqual([]);
    expect(none.note).toMatch(/cannot reach/);
    // Through t: z's paths are t's with one more step (0.5).
    const z = likeliestPaths(snapshot, [index('s')], index('z'), { ...options, k: 2 });
    expect(z.paths.map((p) => [p.ids.join('-'), Number(p.probability.toFixed(6))])).toEqual([
      ['s-a-t-z', 0.405],
      ['s-a-b-t-z', 0.27],
    ]);
  });

  it('under weighted cascade, a path probability is the product of 1 / in-degree along it', () => {
    // In-degrees: a 1 (s), c 2 (s2, a), b 3 (a, s, c), t 4 (a, b, s, c). So s-t = 1/4 and s-a-t = 1 x 1/4 tie,
    // then s-a-c-t = 1 x 1/2 x 1/4, then s-b-t and s-a-b-t at 1/12.
    const wc = likeliestPaths(snapshot, [index('s')], index('t'), { k: 5 });
    expect(wc.paths.map((p) => p.probability)).toEqual(
      [0.25, 0.25, 0.125, 1 / 12, 1 / 12].map((x) => expect.closeTo(x, 7)),
    );
    expect(new Set(wc.paths.slice(0, 2).map((p) => p.ids.join('-')))).toEqual(new Set(['s-t', 's-a-t']));
    expect(wc.paths[2].ids.join('-')).toBe('s-a-c-t');
    expect(new Set(wc.paths.slice(3).map((p) => p.ids.join('-')))).toEqual(new Set(['s-b-t', 's-a-b-t']));
    expect(likeliestPaths(snapshot, [index('s')], index('t'), { k: 5 })).toEqual(wc);
  });

  it('checks its options', () => {
    expect(() => likeliestPaths(snapshot, [index('s')], 99)).toThrow(InvalidOptionsError);
    expect(() => likeliestPaths(snapshot, [index('s')], 99)).toThrow(/^likeliest paths: target person index 99/);
    expect(() => likeliestPaths(snapshot, [], index('t'))).toThrow(/at least one person/);
    expect(() => likeliestPaths(snapshot, [index('s')], index('t'), { k: 0 })).toThrow(/"k" must be at least 1/);
  });
});
