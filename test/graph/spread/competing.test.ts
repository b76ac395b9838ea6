import { describe, expect, it } from 'vitest';
import { CascadeSimulator, FIRST_MESSAGE, SECOND_MESSAGE } from '../../../graph/algorithms/diffusion/cascade.ts';
import { diffusionGraph } from '../../../graph/algorithms/diffusion/probabilities.ts';
import { compareReach, type CompareOptions } from '../../../graph/algorithms/spread/compare.ts';
import { CompetitionTally, competingReach } from '../../../graph/algorithms/spread/competing.ts';
import { CommunityGroups } from '../../../graph/algorithms/spread/tally.ts';
import { InvalidOptionsError } from '../../../graph/errors.ts';
import { snapshotFromEdges } from '../../../graph/snapshot.ts';
import {
  exactCompeting,
  exactIC,
  SMALL_EDGES,
  SMALL_NODES,
  weightedCascade,
  type ProbabilityEdge,
} from '../diffusion/live-edge-worlds.ts';
import { expectWithin } from '../diffusion/expect-estimate.ts';

const snapshot = snapshotFromEdges(SMALL_EDGES);
const index = (id: string) => snapshot.indexOfOrThrow(id);
const COMMUNITY: Record<string, number> = { a: 0, b: 0, c: 1, d: 1, e: 2, f: 2 };
const communities = Float64Array.from({ length: snapshot.nodeCount }, (_, v) => COMMUNITY[snapshot.ids.idOf(v)]);

describe('a complaint with and without a reply (competing Independent Cascade)', () => {
  const cases: Array<[string, ProbabilityEdge[], 'wc' | 'uniform:0.6']> = [
    ['weighted cascade', weightedCascade(SMALL_EDGES), 'wc'],
    ['uniform 0.6', SMALL_EDGES.map(([source, target]) => ({ source, target, p: 0.6 })), 'uniform:0.6'],
  ];
  for (const [name, edges, probability] of cases) {
    for (const tieRule of ['reply', 'complaint', 'random'] as const) {
      it(`${name}, ties to ${tieRule}: totals and communities against enumeration`, () => {
        // The complaint starts at a; the reply at e, who reaches d, through whom both messages can reach b and f.
        const result = competingReach(snapshot, [index('a')], [index('e')], {
          probability,
          tieRule,
          runs: 60_000,
          communities,
          seed: 3,
        });
        const exact = exactCompeting(SMALL_NODES, edges, ['a'], ['e'], tieRule);
        const alone = exactIC(SMALL_NODES, edges, ['a']);
        expectWithin(result.without.total, alone, 'without');
        expectWithin(result.with.total, exact.complaint, 'with');
        expectWithin(result.reply.total, exact.reply, 'reply');
        expectWithin(result.sparedTotal, alone - exact.complaint, 'spared');
        for (const c of result.communities!) {
          const member = (id: string) => (COMMUNITY[id] === c.community ? 1 : 0);
          const inCommunity = exactCompeting(SMALL_NODES, edges, ['a'], ['e'], tieRule, member);
          expectWithin(c.without, exactIC(SMALL_NODES, edges, ['a'], member), `community ${c.community} without`);
          expectWithin(c.with, inCommunity.complaint, `community ${c.community} with`);
          expectWithin(c.reply, inCommunity.reply, `community ${c.community} reply`);
          expect(c.spared.mean).toBeGreaterThanOrEqual(0);
        }
        for (const id of SMALL_NODES) {
          const v = index(id);
          const one = (w: string) => (w === id ? 1 : 0);
          const p = exactCompeting(SMALL_NODES, edges, ['a'], ['e'], tieRule, one).complaint;
          const observed = result.with.people.probability[v];
          expect(Math.abs(observed - p), id).toBeLessThanOrEqual(4.5 * Math.sqrt((p * (1 - p)) / result.runs) + 1e-12);
        }
      });
    }
  }

  it('the tie rule decides a person both messages reach at the same hop', () => {
    // s (complaint) and r (reply) both pass to v with certainty at hop 1; v passes on to w.
    const tie = snapshotFromEdges([
      ['s', 'v'],
      ['r', 'v'],
      ['v', 'w'],
    ]);
    const at = (id: string) => tie.indexOfOrThrow(id);
    const run = (tieRule: 'reply' | 'complaint' | 'random') =>
      competingReach(tie, [at('s')], [at('r')], { probability: 'uniform:1', tieRule, runs: 4_000 });
    expect(run('reply').with.total.mean).toBe(1);
    expect(run('reply').reply.total.mean).toBe(3);
    expect(run('complaint').with.total.mean).toBe(3);
    const random = run('random');
    // v and w follow one coin: the complaint reaches 3 or 1 people, 2 on average.
    expectWithin(random.with.total, 2, 'random');
    expect(random.with.people.probability[at('w')]).toBe(random.with.people.probability[at('v')]);
    expect(random.spared.difference[at('w')]).toBeCloseTo(1 - random.with.people.probability[at('w')], 12);
  });

  it('in every world the reply only takes people away from the complaint, and an empty contest is plain IC', () => {
    const graph = diffusionGraph(snapshot, 'ic', { kind: 'wc' });
    const alone = new CascadeSimulator(graph);
    const contest = new CascadeSimulator(graph);
    for (let world = 0; world < 500; world++) {
      const reached = new Set(alone.active.slice(0, alone.runInWorld([index('a')], 1, world)));
      const count = contest.runCompeting([index('a')], [], 1, world, 'second');
      expect(new Set(contest.active.slice(0, count))).toEqual(reached);
      const withReply = contest.runCompeting([index('a')], [index('e')], 1, world, 'second');
      for (let i = 0; i < withReply; i++) {
        const message = contest.messageAt(i);
        expect([FIRST_MESSAGE, SECOND_MESSAGE]).toContain(message);
        if (message === FIRST_MESSAGE) expect(reached.has(contest.active[i])).toBe(true);
      }
    }
    const result = competingReach(snapshot, [index('a')], [index('e')], { runs: 2_000 });
    for (let v = 0; v < snapshot.nodeCount; v++) {
      expect(result.with.people.reached[v]).toBeLessThanOrEqual(result.without.people.reached[v]);
      expect(result.spared.both[v]).toBe(result.with.people.reached[v]);
    }
  });

  it('checks its options', () => {
    expect(() => competingReach(snapshot, [index('a')], [index('a')])).toThrow(
      /^competing messages: a cannot start both the complaint and the reply/,
    );
    expect(() => competingReach(snapshot, [index('a')], [index('e')], { model: 'lt' })).toThrow(
      /Independent Cascade only/,
    );
    expect(() => competingReach(snapshot, [index('a')], [index('e')], { tieRule: 'first' as never })).toThrow(
      InvalidOptionsError,
    );
    expect(() => competingReach(snapshot, [], [index('e')])).toThrow(
      /people starting the complaint: choose at least one person/,
    );
  });

  it('resolves its options as a comparison of two sets does (one resolver), each naming itself', () => {
    const bad: Array<[CompareOptions, RegExp]> = [
      [{ runs: 0 }, /"runs" must be at least 1/],
      [{ seed: 1.5 }, /"seed" must be an integer/],
      [{ probability: 'uniform:2' }, /probability/],
      [{ communities: [0] }, /communit/],
    ];
    for (const [options, message] of bad) {
      const comparing = () => compareReach(snapshot, [index('a')], [index('e')], options);
      const competing = () => competingReach(snapshot, [index('a')], [index('e')], options);
      expect(comparing).toThrow(message);
      expect(comparing).toThrow(/^reach comparison: /);
      expect(competing).toThrow(message);
      expect(competing).toThrow(/^competing messages: /);
    }
    // A comparison may share starting people between its sets; competing messages may not.
    expect(compareReach(snapshot, [index('a')], [index('a')], { runs: 10 }).difference.mean).toBe(0);
    expect(() => compareReach(snapshot, [index('a')], [99])).toThrow(/second set of starting people: person index 99/);
    expect(() => competingReach(snapshot, [index('a')], [99])).toThrow(/people starting the reply: person index 99/);
  });
});

describe('a contest split into chunks', () => {
  it('gives the same tally in any order of chunks', () => {
    const graph = diffusionGraph(snapshot, 'ic', { kind: 'wc' });
    const groups = new CommunityGroups(communities, snapshot.nodeCount, 'test');
    const [bad, good] = [Int32Array.of(index('a')), Int32Array.of(index('e'))];
    const run = (tally: CompetitionTally, start: number, worlds: number) =>
      tally.addWorlds(new CascadeSimulator(graph), new CascadeSimulator(graph), bad, good, 2, 'random', start, worlds);
    const whole = new CompetitionTally(snapshot.nodeCount, groups);
    run(whole, 0, 700);
    const later = new CompetitionTally(snapshot.nodeCount, groups);
    run(later, 300, 400);
    const earlier = new CompetitionTally(snapshot.nodeCount, groups);
    run(earlier, 0, 300);
    later.merge(earlier);
    const counts = (t: CompetitionTally) => [
      t.complaint.first.reached,
      t.complaint.second.reached,
      t.complaint.both,
      t.reply.reached,
      ...[t.complaint.first.moments, t.complaint.second.moments, t.complaint.difference, t.reply.moments].flatMap(
        (m) => [m.sum, m.sumOfSquares],
      ),
    ];
    expect(counts(later)).toEqual(counts(whole));
  });
});
