import { describe, expect, it } from 'vitest';
import { pagerank } from '../../../graph/algorithms/pagerank.ts';
import { channelsOf, MAX_CHANNELS } from '../../../graph/channels.ts';
import { generateDemoNetwork } from '../../../graph/demo/customer-community.ts';
import type { Relationship } from '../../../graph/model.ts';
import { scoreChannels } from '../../../graph/scores/channel-scores.ts';
import { snapshotFrom, type Snapshot } from '../../../graph/snapshot.ts';
import { channelCounts, channelView } from '../../../graph/views/channels.ts';
import { loadOracle } from '../../oracles.ts';

const rel = (source: string, target: string, channel?: string): Relationship => ({
  source,
  target,
  kind: 'influences',
  weight: 1,
  ...(channel !== undefined && { channel }),
});

function outNeighbours(snapshot: Snapshot, i: number): number[] {
  return Array.from(snapshot.outTargets.subarray(snapshot.outOffsets[i], snapshot.outOffsets[i + 1]));
}

describe('channels of relationships', () => {
  it("reads one or more channels from the text, as a person's channels are read", () => {
    expect(channelsOf('forum')).toEqual(['forum']);
    expect(channelsOf(' forum ; email|forum ')).toEqual(['forum', 'email']);
    expect(channelsOf('')).toEqual([]);
    expect(channelsOf(undefined)).toEqual([]);
  });

  it("holds each relationship's channels as a bitmask over the snapshot's channel names", () => {
    const snapshot = snapshotFrom([], [rel('a', 'b', 'forum;email'), rel('b', 'c', 'email'), rel('c', 'a')]);
    const { channels, channelNames } = snapshot.edgeAttributes;
    expect(channelNames).toEqual(['forum', 'email']);
    const maskOf = (s: string, t: string) => {
      const i = snapshot.indexOfOrThrow(s);
      return channels![snapshot.outOffsets[i] + outNeighbours(snapshot, i).indexOf(snapshot.indexOfOrThrow(t))];
    };
    expect(maskOf('a', 'b')).toBe(0b11);
    expect(maskOf('b', 'c')).toBe(0b10);
    expect(maskOf('c', 'a')).toBe(0);
    expect(channelCounts(snapshot)).toEqual([
      { channel: 'forum', relationships: 1 },
      { channel: 'email', relationships: 2 },
    ]);
    expect(snapshot.edgeAttributes.time).toBeNull();
  });

  it(`refuses more than ${MAX_CHANNELS} channels, naming the one too many`, () => {
    const relationships = Array.from({ length: MAX_CHANNELS + 1 }, (_, k) => rel(`p${k}`, `q${k}`, `c${k}`));
    expect(() => snapshotFrom([], relationships)).toThrow(
      new RegExp(`more than ${MAX_CHANNELS} channels.*"c${MAX_CHANNELS}" is one too many`),
    );
    expect(() => snapshotFrom([], relationships.slice(0, MAX_CHANNELS))).not.toThrow();
  });

  it("a channel view keeps the relationships on that channel, the base's people and indexing", () => {
    const base = snapshotFrom(
      [{ id: 'z' }],
      [rel('a', 'b', 'forum;email'), rel('b', 'c', 'email'), rel('c', 'a'), rel('c', 'd', 'forum')],
    );
    const forum = channelView(base, 'forum');
    expect(forum.snapshot.ids).toBe(base.ids);
    expect(forum.snapshot.edgeCount).toBe(2);
    const present = (view: typeof forum) =>
      ['a', 'b', 'c', 'd', 'z'].filter((id) => view.present[base.indexOfOrThrow(id)] === 1);
    expect(present(forum)).toEqual(['a', 'b', 'c', 'd']);
    expect(present(channelView(base, 'email'))).toEqual(['a', 'b', 'c']);
    expect(() => channelView(base, 'tiktok')).toThrow(
      /channel view: no relationship is on channel "tiktok" \(channels: forum, email\)/,
    );
  });
});

describe('per-channel influence on the demo network', () => {
  const oracle = loadOracle<{ people: number; channels: Record<string, Record<string, number>> }>(
    'pagerank-channels-demo',
  ).values;
  const network = generateDemoNetwork({ people: oracle.people });
  const base = snapshotFrom(network.people, network.relationships);
  const scored = scoreChannels(base);

  it('puts every relationship on one or more channels, many on several, over two years', () => {
    expect(network.relationships.every((r) => channelsOf(r.channel).length >= 1)).toBe(true);
    const several =
      network.relationships.filter((r) => channelsOf(r.channel).length > 1).length / network.relationships.length;
    expect(several).toBeGreaterThan(0.1);
    const times = network.relationships.map((r) => r.time!);
    expect((Math.max(...times) - Math.min(...times)) / 86_400).toBeGreaterThan(600);
  });

  it("equals nx.pagerank on each channel's subgraph", () => {
    expect(scored.map((c) => c.channel).sort()).toEqual(Object.keys(oracle.channels).sort());
    for (const { channel, scores } of scored) {
      const expected = oracle.channels[channel];
      const ids = Object.keys(expected);
      // The people present on the channel are exactly the subgraph's nodes.
      expect(scores.presentCount).toBe(ids.length);
      let distance = 0;
      for (const id of ids)
        distance += Math.abs(scores.influence[base.indexOfOrThrow(id)] / scores.presentCount - expected[id]);
      expect(distance, channel).toBeLessThan(1e-9);
    }
  });

  it('the union of every channel is the all-channel graph: same relationships, same PageRank', () => {
    const union = channelView(base, base.edgeAttributes.channelNames);
    expect(union.snapshot.edgeCount).toBe(base.edgeCount);
    expect(Array.from(union.snapshot.outTargets)).toEqual(Array.from(base.outTargets));
    const all = pagerank(base).scores;
    const ofUnion = pagerank(union.snapshot).scores;
    let distance = 0;
    for (let i = 0; i < base.nodeCount; i++) distance += Math.abs(all[i] - ofUnion[i]);
    expect(distance).toBeLessThan(1e-12);
    // Each person's all-channel audience is the union of their audiences on the channels.
    const views = base.edgeAttributes.channelNames.map((c) => channelView(base, c).snapshot);
    for (let i = 0; i < base.nodeCount; i++) {
      const merged = new Set(views.flatMap((view) => outNeighbours(view, i)));
      expect(merged.size).toBe(base.outDegree(i));
    }
  });

  it("audience and two-hop reach on a channel count the channel's relationships, empty for people absent from it", () => {
    for (const { channel, scores } of scored) {
      // Counted from the relationships themselves, not from the snapshot.
      const audiences = new Map<string, Set<string>>();
      for (const r of network.relationships) {
        if (!channelsOf(r.channel).includes(channel)) continue;
        if (!audiences.has(r.source)) audiences.set(r.source, new Set());
        if (!audiences.has(r.target)) audiences.set(r.target, new Set());
        audiences.get(r.source)!.add(r.target);
      }
      for (const { id } of network.people) {
        const i = base.indexOfOrThrow(id);
        const audience = audiences.get(id);
        if (audience === undefined) {
          expect(scores.present[i]).toBe(0);
          expect(scores.influence[i]).toBeNaN();
          expect(scores.audience[i]).toBeNaN();
          expect(scores.reach2![i]).toBeNaN();
          continue;
        }
        const twoHops = new Set(audience);
        for (const v of audience) for (const w of audiences.get(v)!) twoHops.add(w);
        twoHops.delete(id);
        expect(scores.audience[i]).toBe(audience.size);
        expect(scores.reach2![i]).toBe(twoHops.size);
      }
    }
  });
});

describe('a person on one channel only', () => {
  it('gets values there and empty values (not 0) on the other channels', () => {
    const base = snapshotFrom(
      [],
      [
        rel('solo', 'x', 'forum'),
        rel('y', 'solo', 'forum'),
        rel('x', 'y', 'forum;tiktok'),
        rel('y', 'w', 'tiktok'),
        rel('w', 'x', 'newsletter'),
      ],
    );
    const byChannel = new Map(scoreChannels(base).map((c) => [c.channel, c.scores]));
    const solo = base.indexOfOrThrow('solo');
    expect(byChannel.get('forum')!.influence[solo]).toBeGreaterThan(0);
    expect(byChannel.get('forum')!.audience[solo]).toBe(1);
    expect(byChannel.get('forum')!.reach2![solo]).toBe(2);
    for (const channel of ['tiktok', 'newsletter']) {
      const scores = byChannel.get(channel)!;
      expect(scores.influence[solo]).toBeNaN();
      expect(scores.audience[solo]).toBeNaN();
      expect(scores.reach2![solo]).toBeNaN();
    }
    // On tiktok x influences y; on the newsletter x only listens (to w): present there with an audience of 0.
    expect(byChannel.get('tiktok')!.audience[base.indexOfOrThrow('x')]).toBe(1);
    expect(byChannel.get('newsletter')!.audience[base.indexOfOrThrow('x')]).toBe(0);
  });
});
