import { describe, expect, it } from 'vitest';
import { reachProbabilities } from '../../../graph/algorithms/spread/reach-probabilities.ts';
import { sampleCascade } from '../../../graph/algorithms/spread/sampled-cascade.ts';
import { InvalidOptionsError } from '../../../graph/errors.ts';
import { snapshotFromEdges } from '../../../graph/snapshot.ts';
import {
  hopsFrom,
  SMALL_EDGES,
  SMALL_NODES,
  weightedCascade,
  worldsIC,
  worldsLT,
} from '../diffusion/live-edge-worlds.ts';

const snapshot = snapshotFromEdges(SMALL_EDGES);
const index = (id: string) => snapshot.indexOfOrThrow(id);
const hasEdge = (u: string, v: string) => SMALL_EDGES.some(([s, t]) => s === u && t === v);

describe('one sampled cascade, hop by hop', () => {
  for (const model of ['ic', 'lt'] as const) {
    it(`${model.toUpperCase()}: each person is convinced by someone reached the hop before, over a relationship`, () => {
      for (let world = 0; world < 300; world++) {
        const cascade = sampleCascade(snapshot, [index('a'), index('e')], { model, world });
        expect(cascade.hops[0].map((p) => p.id).sort()).toEqual(['a', 'e']);
        expect(cascade.hops[0].every((p) => p.by === null && p.byIndex === null)).toBe(true);
        const hopOf = new Map(cascade.hops.flatMap((people, hop) => people.map((p) => [p.id, hop] as const)));
        expect(hopOf.size).toBe(cascade.reached);
        for (let hop = 1; hop < cascade.hops.length; hop++) {
          expect(cascade.hops[hop].length).toBeGreaterThan(0);
          for (const p of cascade.hops[hop]) {
            expect(hopOf.get(p.by!)).toBe(hop - 1);
            expect(hasEdge(p.by!, p.id)).toBe(true);
            expect(snapshot.ids.idOf(p.byIndex!)).toBe(p.by);
            expect(snapshot.ids.idOf(p.index)).toBe(p.id);
          }
        }
      }
    });

    it(`${model.toUpperCase()}: the samples are the worlds reachProbabilities counts, with exact hop frequencies`, () => {
      const worlds = 20_000;
      const starting = [index('a')];
      const seen = new Map<string, number>();
      const hopCounts = new Map<string, number>(); // "person@hop"
      for (let world = 0; world < worlds; world++) {
        const cascade = sampleCascade(snapshot, starting, { model, world, seed: 5 });
        cascade.hops.forEach((people, hop) => {
          for (const p of people) {
            seen.set(p.id, (seen.get(p.id) ?? 0) + 1);
            hopCounts.set(`${p.id}@${hop}`, (hopCounts.get(`${p.id}@${hop}`) ?? 0) + 1);
          }
        });
      }
      const probabilities = reachProbabilities(snapshot, starting, { model, runs: worlds, seed: 5 });
      for (const id of SMALL_NODES) expect(seen.get(id) ?? 0).toBe(probabilities.people.reached[index(id)]);

      // The hop of a person is their breadth-first distance over live relationships: P(v first reached at hop h)
      // exactly.
      const wc = weightedCascade(SMALL_EDGES);
      const exact = new Map<string, number>();
      for (const { probability, live } of model === 'ic' ? worldsIC(wc) : worldsLT(SMALL_NODES, wc)) {
        for (const [id, hop] of hopsFrom(SMALL_NODES, live, ['a']))
          exact.set(`${id}@${hop}`, (exact.get(`${id}@${hop}`) ?? 0) + probability);
      }
      for (const key of new Set([...exact.keys(), ...hopCounts.keys()])) {
        const p = exact.get(key) ?? 0;
        const observed = (hopCounts.get(key) ?? 0) / worlds;
        expect(Math.abs(observed - p), key).toBeLessThanOrEqual(4.5 * Math.sqrt((p * (1 - p)) / worlds) + 1e-12);
      }
    });
  }

  it('says it is one sample, is reproducible, and checks its options', () => {
    const a = sampleCascade(snapshot, [index('a')], { world: 3, seed: 9 });
    expect(sampleCascade(snapshot, [index('a')], { world: 3, seed: 9 })).toEqual(a);
    expect(a.note).toMatch(/^One random sample of many \(world 3 of seed 9\)/);
    expect(a.description).toMatch(/Independent Cascade/);
    expect(() => sampleCascade(snapshot, [index('a')], { world: -1 })).toThrow(InvalidOptionsError);
    expect(() => sampleCascade(snapshot, [index('a')], { world: 1.5 })).toThrow(/"world" must be an integer/);
    expect(() => sampleCascade(snapshot, [42])).toThrow(/^sampled cascade: starting people/);
  });
});
