import { describe, expect, it } from 'vitest';
import { competingReach } from '../../../graph/algorithms/spread/competing.ts';
import { sampleContest } from '../../../graph/algorithms/spread/sampled-contest.ts';
import { snapshotFromEdges } from '../../../graph/snapshot.ts';
import { SMALL_EDGES } from '../diffusion/live-edge-worlds.ts';

describe('one sampled contest between a complaint and a reply, hop by hop', () => {
  it('a tie gives the person, and who convinced them, to the message the rule says', () => {
    // s (complaint) and r (reply) both surely reach v at hop 1; v passes on to w.
    const tie = snapshotFromEdges([
      ['s', 'v'],
      ['r', 'v'],
      ['v', 'w'],
    ]);
    const at = (id: string) => tie.indexOfOrThrow(id);
    const show = (tieRule: 'reply' | 'complaint' | 'random', world = 0) =>
      sampleContest(tie, [at('s')], [at('r')], { probability: 'uniform:1', tieRule, world })
        .hops.flat()
        .map((p) => `${p.id}:${p.message}:${p.by ?? '-'}`);
    expect(show('reply').sort()).toEqual(['r:reply:-', 's:complaint:-', 'v:reply:r', 'w:reply:v']);
    expect(show('complaint').sort()).toEqual(['r:reply:-', 's:complaint:-', 'v:complaint:s', 'w:complaint:v']);
    const messages = new Set<string>();
    for (let world = 0; world < 40; world++) {
      const v = show('random', world).find((p) => p.startsWith('v:'))!;
      expect(['v:reply:r', 'v:complaint:s']).toContain(v);
      messages.add(v);
    }
    expect(messages.size).toBe(2);
  });

  it('its samples are the worlds competingReach counts, each person convinced by someone with the same message', () => {
    const graph = snapshotFromEdges(SMALL_EDGES);
    const at = (id: string) => graph.indexOfOrThrow(id);
    const runs = 2_000;
    const complaintWorlds = new Map<string, number>();
    for (let world = 0; world < runs; world++) {
      const contest = sampleContest(graph, [at('a')], [at('e')], { world, seed: 6, tieRule: 'random' });
      const messageOf = new Map(contest.hops.flat().map((p) => [p.id, p.message]));
      contest.hops.forEach((people, hop) => {
        for (const p of people) {
          if (hop > 0) expect(messageOf.get(p.by!), `${p.id} in world ${world}`).toBe(p.message);
          if (p.message === 'complaint') complaintWorlds.set(p.id, (complaintWorlds.get(p.id) ?? 0) + 1);
        }
      });
      expect(contest.complaint + contest.reply).toBe(contest.reached);
    }
    const estimate = competingReach(graph, [at('a')], [at('e')], { runs, seed: 6, tieRule: 'random' });
    for (let v = 0; v < graph.nodeCount; v++)
      expect(complaintWorlds.get(graph.ids.idOf(v)) ?? 0).toBe(estimate.with.people.reached[v]);
  });

  it('says it is one sample and checks the starting people', () => {
    const graph = snapshotFromEdges(SMALL_EDGES);
    const at = (id: string) => graph.indexOfOrThrow(id);
    expect(sampleContest(graph, [at('a')], [at('e')], { world: 2 }).note).toMatch(
      /^One random sample of many \(world 2 of seed 42\)/,
    );
    expect(() => sampleContest(graph, [at('a')], [at('a')])).toThrow(/^sampled contest: a cannot start both/);
  });
});
