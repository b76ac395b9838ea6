import { describe, expect, it } from 'vitest';
import { communityLinks } from '../../graph/algorithms/community-links.ts';
import { inducedEdges } from '../../graph/algorithms/induced-subgraph.ts';
import { snapshotFromEdges } from '../../graph/snapshot.ts';

// a -> b -> c -> a (a triangle), c -> d, d -> e, e -> d, b -> e.
const snapshot = snapshotFromEdges([
  ['a', 'b'],
  ['b', 'c'],
  ['c', 'a'],
  ['c', 'd'],
  ['d', 'e', 2],
  ['e', 'd'],
  ['b', 'e'],
]);
const at = (id: string) => snapshot.indexOfOrThrow(id);
const named = (pairs: ArrayLike<number>, targets: ArrayLike<number>) =>
  Array.from(pairs, (s, i) => `${snapshot.ids.idOf(s)}>${snapshot.ids.idOf(targets[i])}`);

describe('inducedEdges', () => {
  it('keeps exactly the relationships with both ends chosen, person by person in the order given', () => {
    const edges = inducedEdges(snapshot, [at('c'), at('a'), at('b')]);
    expect(named(edges.sources, edges.targets)).toEqual(['c>a', 'a>b', 'b>c']);
    expect(edges.truncated).toBe(false);
    const tail = inducedEdges(snapshot, [at('d'), at('e'), at('a')]);
    expect(named(tail.sources, tail.targets)).toEqual(['d>e', 'e>d']);
    expect(Array.from(tail.weights)).toEqual([2, 1]);
  });

  it('stops at the limit and says so', () => {
    const edges = inducedEdges(snapshot, [at('a'), at('b'), at('c')], { limit: 2 });
    expect(edges.sources.length).toBe(2);
    expect(edges.truncated).toBe(true);
    expect(inducedEdges(snapshot, [at('a'), at('b'), at('c')], { limit: 3 }).truncated).toBe(false);
  });
});

describe('communityLinks', () => {
  it('counts links inside, across each pair (either direction) and per person, by hand', () => {
    // Community 0: a, b, c; community 1: d, e; nobody labels a person without a community.
    const community = new Float64Array(snapshot.nodeCount);
    for (const id of ['d', 'e']) community[at(id)] = 1;
    const links = communityLinks(snapshot, community);
    expect(Object.fromEntries(links.internal)).toEqual({ 0: 3, 1: 2 });
    // c -> d and b -> e cross: each counts for both communities.
    expect(Object.fromEntries(links.external)).toEqual({ 0: 2, 1: 2 });
    expect(links.pairs).toEqual([{ a: 0, b: 1, links: 2 }]);
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => links.externalByPerson[at(id)])).toEqual([0, 1, 1, 1, 1]);
  });

  it('leaves out people without a community (NaN) and their relationships', () => {
    const community = new Float64Array(snapshot.nodeCount);
    community[at('d')] = Number.NaN;
    community[at('e')] = 2;
    const links = communityLinks(snapshot, community);
    expect(Object.fromEntries(links.internal)).toEqual({ 0: 3, 2: 0 });
    expect(links.pairs).toEqual([{ a: 0, b: 2, links: 1 }]);
    expect(links.externalByPerson[at('d')]).toBe(0);
  });
});
