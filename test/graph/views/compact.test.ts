import { describe, expect, it } from 'vitest';
import { snapshotFrom } from '../../../graph/snapshot.ts';
import { channelView } from '../../../graph/views/channels.ts';
import { compactView, toBaseColumn, toCompactColumn } from '../../../graph/views/compact.ts';

describe('compact views', () => {
  const base = snapshotFrom(
    [
      { id: 'a', clv: 10 },
      { id: 'b', clv: 20 },
      { id: 'c', clv: 30 },
      { id: 'd', clv: 40 },
    ],
    [
      { source: 'a', target: 'b', kind: 'influences', weight: 2, channel: 'forum' },
      { source: 'b', target: 'd', kind: 'influences', weight: 3, channel: 'forum' },
      { source: 'c', target: 'a', kind: 'influences', weight: 1, channel: 'email' },
    ],
  );
  const view = channelView(base, 'forum');
  const compact = compactView(view);

  it('keeps only the people present, with their ids, attributes and relationships', () => {
    const { snapshot } = compact;
    expect(snapshot.nodeCount).toBe(3);
    const ids = Array.from({ length: 3 }, (_, i) => snapshot.ids.idOf(i));
    expect([...ids].sort()).toEqual(['a', 'b', 'd']);
    expect(snapshot.ids.indexOf('c')).toBe(-1);
    for (const id of ids)
      expect(snapshot.attributes.clv![snapshot.ids.indexOf(id)]).toBe(base.attributes.clv![base.indexOfOrThrow(id)]);
    const edges: string[] = [];
    for (let s = 0; s < 3; s++) {
      for (let e = snapshot.outOffsets[s]; e < snapshot.outOffsets[s + 1]; e++)
        edges.push(`${ids[s]}>${ids[snapshot.outTargets[e]]}:${snapshot.outWeights[e]}`);
      for (let e = snapshot.inOffsets[s]; e < snapshot.inOffsets[s + 1]; e++)
        edges.push(`in ${ids[snapshot.inSources[e]]}>${ids[s]}:${snapshot.inWeights[e]}`);
    }
    expect(edges.sort()).toEqual(['a>b:2', 'b>d:3', 'in a>b:2', 'in b>d:3']);
  });

  it('moves columns between the two indexings, the absent empty', () => {
    const column = Float64Array.from({ length: base.nodeCount }, (_, i) => Number(base.attributes.clv![i]));
    const back = toBaseColumn(compact, toCompactColumn(compact, column));
    expect(back[base.indexOfOrThrow('c')]).toBeNaN();
    for (const id of ['a', 'b', 'd']) expect(back[base.indexOfOrThrow(id)]).toBe(column[base.indexOfOrThrow(id)]);
  });
});
