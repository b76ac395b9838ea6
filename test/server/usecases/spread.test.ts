import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBatches } from '../../../graph/import/index.ts';
import { InvalidOptionsError, NotFoundError } from '../../../graph/errors.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';
import { scoreStore } from '../../../server/usecases/score.ts';
import { spreadMessage } from '../../../server/usecases/spread.ts';
import { expectWithin } from '../../graph/diffusion/expect-estimate.ts';
import {
  exactCompeting,
  exactIC,
  exactLT,
  SMALL_EDGES,
  SMALL_NODES,
  weightedCascade,
} from '../../graph/diffusion/live-edge-worlds.ts';

const RUNS = 20_000;
const WC = weightedCascade(SMALL_EDGES);

/**
 * The spread use case on the small graph of the diffusion tests, stored in the embedded store and scored (Louvain
 * communities): its probabilities, community figures, comparison and contest against exact enumeration of every
 * live-edge world, its paths against hand-computed products of 1 / in-degree.
 */
describe('the spread use case (store → spread report)', () => {
  let data: string;
  let store: GraphStore;
  let community: Map<string, number>;
  let influence: Map<string, number>;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'sway-spread-'));
    const file = join(data, 'small.edgelist');
    writeFileSync(file, SMALL_EDGES.map(([s, t]) => `${s} ${t}`).join('\n'));
    store = await openStore({ data });
    await store.importBatches(readBatches(file, { format: 'edgelist' }), { source: 'small.edgelist' });
    await scoreStore(store, {});
    community = new Map();
    influence = new Map();
    for await (const row of (await store.readScores())!.rows) {
      community.set(row.id, row.scores.community!);
      influence.set(row.id, row.scores.influence!);
    }
  });
  afterAll(async () => {
    await store?.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('each person and each community against exact enumeration, IC and LT', async () => {
    for (const model of ['ic', 'lt'] as const) {
      const exact = model === 'ic' ? exactIC : exactLT;
      const report = await spreadMessage(store, { from: { people: ['a'] }, model, runs: RUNS, top: 10 });
      expect(report.starting).toEqual([{ id: 'a', label: null }]);
      expectWithin(report.total, exact(SMALL_NODES, WC, ['a']), `${model} total`);
      for (const c of report.communities!) {
        const members = SMALL_NODES.filter((id) => community.get(id) === c.community);
        expect(c.size).toBe(members.length);
        const inside = (id: string) => (community.get(id) === c.community ? 1 : 0);
        expectWithin(c.expected, exact(SMALL_NODES, WC, ['a'], inside), `${model} community ${c.community}`);
        // The people carry no attributes, so a community is named after its most influential member, as in the app.
        const leader = members.reduce((best, id) => (influence.get(id)! > influence.get(best)! ? id : best));
        expect(c.name).toBe(`${leader}'s circle`);
      }
      for (const person of report.top)
        expect(person.communityName).toBe(report.communities!.find((c) => c.community === person.community)!.name);
      // Each person's probability within its 95% Wilson interval's neighbourhood of the exact value.
      const exactOf = (id: string) => exact(SMALL_NODES, WC, ['a'], (v) => (v === id ? 1 : 0));
      for (const person of report.top) {
        const p = exactOf(person.id);
        expect(Math.abs(person.probability - p)).toBeLessThanOrEqual(4.5 * Math.sqrt((p * (1 - p)) / RUNS) + 1e-12);
        expect(person.low).toBeLessThanOrEqual(person.probability);
        expect(person.high).toBeGreaterThanOrEqual(person.probability);
      }
      // e reaches nobody from a; everyone else downstream of a is listed, most likely first.
      expect(report.top.map((p) => p.id).sort()).toEqual(['b', 'c', 'd', 'f']);
      expect(report.people.map(([id]) => id)).toEqual(['a', ...report.top.map((p) => p.id)]);
    }
  });

  it('one sampled cascade, labelled as one sample, starting from the starting people', async () => {
    const report = await spreadMessage(store, { from: { people: ['a', 'e'] }, runs: 100 });
    expect(report.sample.note).toMatch(/one random sample of many/i);
    expect(report.sample.hops[0].map((h) => h.id).sort()).toEqual(['a', 'e']);
    const reached = new Set(['a', 'e']);
    for (const hop of report.sample.hops.slice(1))
      for (const step of hop) {
        // Who convinced them was reached before them, through a relationship of the graph.
        expect(reached.has(step.by!)).toBe(true);
        expect(SMALL_EDGES).toContainEqual([step.by, step.id]);
        reached.add(step.id);
      }
    expect(reached.size).toBe(report.sample.reached);
  });

  it('compares two starting sets and pits a complaint against a reply, against enumeration', async () => {
    const report = await spreadMessage(store, {
      from: { people: ['a'] },
      compareWith: { people: ['e'] },
      runs: RUNS,
    });
    const c = report.comparison!;
    expect(c.starting.map((p) => p.id)).toEqual(['e']);
    expectWithin(c.first, exactIC(SMALL_NODES, WC, ['a']));
    expectWithin(c.second, exactIC(SMALL_NODES, WC, ['e']));
    expectWithin(c.difference, exactIC(SMALL_NODES, WC, ['a']) - exactIC(SMALL_NODES, WC, ['e']));

    const contest = (await spreadMessage(store, { from: { people: ['a'] }, response: { people: ['e'] }, runs: RUNS }))
      .contest!;
    const exact = exactCompeting(SMALL_NODES, WC, ['a'], ['e'], 'reply');
    expectWithin(contest.without, exactIC(SMALL_NODES, WC, ['a']));
    expectWithin(contest.with, exact.complaint);
    expectWithin(contest.reply, exact.reply);
    expectWithin(contest.spared, exactIC(SMALL_NODES, WC, ['a']) - exact.complaint);
  });

  it('explains why a person is reached: the most likely paths, with products of 1 / in-degree', async () => {
    const report = await spreadMessage(store, { from: { people: ['a'] }, runs: 100, explain: ['f'], paths: 5 });
    const [why] = report.paths;
    expect(why.target.id).toBe('f');
    // In-degrees: b 2 (a, d), c 2 (a, b), d 2 (c, e), f 2 (d, b): every step passes with 1/2. The simple paths a → f.
    expect(why.paths.map((p) => p.probability)).toEqual([1 / 4, 1 / 8, 1 / 16, 1 / 16]);
    expect(why.paths.slice(0, 2).map((p) => p.ids.join(''))).toEqual(['abf', 'acdf']);
    expect(
      why.paths
        .slice(2)
        .map((p) => p.ids.join(''))
        .sort(),
    ).toEqual(['abcdf', 'acdbf']);
    for (const p of why.paths) expect(p.steps).toEqual(p.ids.slice(1).map(() => 1 / 2));
  });

  it('starts from a community leaders and from a plan advocates', async () => {
    const label = community.get('d')!;
    const leaders = await spreadMessage(store, { from: { community: label, leaders: 1 }, runs: 100 });
    expect(leaders.starting).toHaveLength(1);
    expect(community.get(leaders.starting[0].id)).toBe(label);
    const plan = await spreadMessage(store, { from: { plan: { k: 2, evaluationRuns: 0 } }, runs: 100 });
    expect(plan.starting).toHaveLength(2);
  });

  it('refuses unknown people, a reply under Linear Threshold and bad options', async () => {
    await expect(spreadMessage(store, { from: { people: ['zz'] } })).rejects.toThrow(NotFoundError);
    await expect(spreadMessage(store, { from: { people: ['a'] }, explain: ['zz'] })).rejects.toThrow(/zz/);
    await expect(
      spreadMessage(store, { from: { people: ['a'] }, model: 'lt', response: { people: ['e'] } }),
    ).rejects.toThrow(InvalidOptionsError);
    await expect(spreadMessage(store, { from: { people: ['a'] }, runs: 0 })).rejects.toThrow(/runs: must be at least/);
  });
});
