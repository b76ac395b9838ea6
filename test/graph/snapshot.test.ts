import { describe, expect, it } from 'vitest';
import { fromGraphology, toGraphology } from '../../graph/convert.ts';
import { SnapshotBuilder, snapshotFrom, snapshotFromEdges } from '../../graph/snapshot.ts';

describe('snapshot builder', () => {
  it('sorts neighbours, drops self-loops and keeps the last of repeated edges', () => {
    const snapshot = snapshotFromEdges([
      ['c', 'a', 1],
      ['a', 'c', 1],
      ['a', 'b', 1],
      ['a', 'a', 1],
      ['a', 'c', 7],
    ]);
    const a = snapshot.indexOfOrThrow('a');
    expect(snapshot.edgeCount).toBe(3);
    const out = Array.from(snapshot.outTargets.subarray(snapshot.outOffsets[a], snapshot.outOffsets[a + 1]));
    expect(out.map((i) => snapshot.ids.idOf(i))).toEqual(
      ['c', 'b'].sort((x, y) => snapshot.indexOfOrThrow(x) - snapshot.indexOfOrThrow(y)),
    );
    const weightToC = snapshot.outWeights[snapshot.outOffsets[a] + out.indexOf(snapshot.indexOfOrThrow('c'))];
    expect(weightToC).toBe(7);
  });

  it('orders and deduplicates as a plain sort does, on more people than one pass of the sort covers', () => {
    // 6,000 people: the person numbers take 13 bits, so the sort runs two passes a key (11 bits each).
    const n = 6000;
    let state = 12345;
    const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) % n;
    const builder = new SnapshotBuilder({ order: 'arrival' }).useIntegerIds(n);
    const last = new Map<string, number>();
    for (let e = 0; e < 40_000; e++) {
      // Few distinct sources, so pairs repeat; weights differ, so the kept one is known.
      const source = next() % 400;
      const target = next();
      const weight = (e % 13) + 1;
      builder.addEdgeByIndex(source, target, weight);
      if (source !== target) last.set(`${source}>${target}`, weight);
    }
    const snapshot = builder.build();
    const expected = [...last.entries()]
      .map(([pair, weight]) => [...pair.split('>').map(Number), weight])
      .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
    const got: number[][] = [];
    for (let s = 0; s < n; s++) {
      for (let e = snapshot.outOffsets[s]; e < snapshot.outOffsets[s + 1]; e++) {
        got.push([s, snapshot.outTargets[e], snapshot.outWeights[e]]);
      }
    }
    expect(got).toEqual(expected);
  });

  it('indexes every edge both ways with the same weights and ratings', () => {
    const snapshot = snapshotFrom(
      [{ id: 'x', clv: 5, sentiment: -0.5, customer: true }],
      [
        { source: 'x', target: 'y', kind: 'influences', weight: 2, rating: 0.5 },
        { source: 'y', target: 'z', kind: 'influences', weight: 3 },
        { source: 'z', target: 'x', kind: 'influences', weight: 4, rating: -1 },
      ],
    );
    const byOut: string[] = [];
    const byIn: string[] = [];
    for (let s = 0; s < snapshot.nodeCount; s++) {
      for (let e = snapshot.outOffsets[s]; e < snapshot.outOffsets[s + 1]; e++) {
        byOut.push(`${s}>${snapshot.outTargets[e]}:${snapshot.outWeights[e]}:${snapshot.outRatings![e]}`);
      }
      for (let e = snapshot.inOffsets[s]; e < snapshot.inOffsets[s + 1]; e++) {
        byIn.push(`${snapshot.inSources[e]}>${s}:${snapshot.inWeights[e]}:${snapshot.inRatings![e]}`);
      }
    }
    expect(byIn.sort()).toEqual(byOut.sort());
    expect(byOut).toContain('1>2:3:NaN');
    const x = snapshot.indexOfOrThrow('x');
    expect(snapshot.attributes.clv![x]).toBe(5);
    expect(snapshot.attributes.customer![snapshot.indexOfOrThrow('y')]).toBe(255);
  });

  it("keeps each relationship's time and channels with its edge, from the last occurrence of a repeated pair", () => {
    const snapshot = snapshotFrom(
      [],
      [
        { source: 'a', target: 'b', kind: 'influences', weight: 1, time: 100, channel: 'forum' },
        { source: 'c', target: 'b', kind: 'influences', weight: 1, channel: 'email;forum' },
        { source: 'a', target: 'b', kind: 'influences', weight: 2, time: 300, channel: 'sms' },
        { source: 'b', target: 'a', kind: 'influences', weight: 1, time: 200 },
      ],
    );
    const { time, channels, channelNames } = snapshot.edgeAttributes;
    expect(channelNames).toEqual(['forum', 'email', 'sms']);
    const facts: Record<string, [number, number]> = {};
    for (let s = 0; s < snapshot.nodeCount; s++) {
      for (let e = snapshot.outOffsets[s]; e < snapshot.outOffsets[s + 1]; e++) {
        facts[`${snapshot.ids.idOf(s)}>${snapshot.ids.idOf(snapshot.outTargets[e])}`] = [time![e], channels![e]];
      }
    }
    expect(facts).toEqual({ 'a>b': [300, 0b100], 'c>b': [NaN, 0b011], 'b>a': [200, 0] });
    // 8 bytes a time and 4 a channel mask, only because some relationship has them.
    const bare = snapshotFromEdges([
      ['a', 'b'],
      ['c', 'b'],
      ['b', 'a'],
    ]);
    expect(snapshot.byteSize() - bare.byteSize()).toBe(3 * 12);
    expect(bare.edgeAttributes).toEqual({ time: null, channels: null, channelNames: [] });
  });

  it('uses at most 24 bytes an edge in its typed arrays', () => {
    const builder = new SnapshotBuilder().useIntegerIds(1000);
    for (let i = 0; i < 100_000; i++) builder.addEdgeByIndex(i % 1000, Math.floor(i / 1000) + 500, 1, (i % 3) - 1);
    const snapshot = builder.build();
    expect(snapshot.byteSize() / snapshot.edgeCount).toBeLessThanOrEqual(
      24 + (2 * 4 * 1001) / snapshot.edgeCount + 1e-9,
    );
    expect(snapshot.ids.idOf(999)).toBe('999');
    expect(snapshot.ids.indexOf('007')).toBe(-1);
  });

  it('rejects edges outside the declared people', () => {
    const builder = new SnapshotBuilder().useIntegerIds(2);
    builder.addEdgeByIndex(0, 5);
    expect(() => builder.build()).toThrow(/outside 0..1/);
  });
});

describe('graphology conversion', () => {
  it('round-trips people, edges, weights and ratings', () => {
    const snapshot = snapshotFrom(
      [{ id: 'p', clv: 3 }],
      [
        { source: 'p', target: 'q', kind: 'influences', weight: 2, rating: 0.25 },
        { source: 'q', target: 'p', kind: 'influences', weight: 1 },
      ],
    );
    const graph = toGraphology(snapshot, { nodeAttributes: (i) => ({ clv: snapshot.attributes.clv![i] }) });
    expect(graph.order).toBe(2);
    expect(graph.getEdgeAttributes('p', 'q')).toEqual({ weight: 2, rating: 0.25 });
    const back = fromGraphology(graph);
    expect(back.edgeCount).toBe(2);
    expect(back.outRatings![back.outOffsets[back.indexOfOrThrow('p')]]).toBe(0.25);
    const undirected = toGraphology(snapshot, { type: 'undirected' });
    expect(undirected.size).toBe(1);
    expect(undirected.getEdgeAttribute('p', 'q', 'weight')).toBe(3);
  });

  it('converts a subgraph of chosen people', () => {
    const snapshot = snapshotFromEdges([
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'a'],
    ]);
    const graph = toGraphology(snapshot, { nodes: [snapshot.indexOfOrThrow('a'), snapshot.indexOfOrThrow('b')] });
    expect(graph.nodes().sort()).toEqual(['a', 'b']);
    expect(graph.size).toBe(1);
  });
});
