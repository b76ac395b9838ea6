import { beforeAll, describe, expect, it } from 'vitest';
import type { DiffusionModel } from '../../../graph/algorithms/diffusion/probabilities.ts';
import { detectCommunities } from '../../../graph/algorithms/communities.ts';
import { reachProbabilities } from '../../../graph/algorithms/spread/reach-probabilities.ts';
import { readSnapshot } from '../../../graph/import/index.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import { datasetPath, readDatasetText } from '../../datasets.ts';

const RUNS = 5_000;

/**
 * An independent Monte Carlo of the same models, written plainly: the edge list read line by line into arrays of
 * neighbours, weighted cascade p(u, v) = 1 / in-degree(v), one coin per relationship tried (IC), thresholds drawn for
 * everyone touched (LT), and its own random numbers (mulberry32). Nothing is shared with the library's samplers.
 */
class PlainSimulation {
  readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly out: number[][] = [];
  private readonly inDegree: number[] = [];
  private state = 0x9e3779b9;

  constructor(text: string) {
    const id = (name: string) => {
      let i = this.index.get(name);
      if (i === undefined) {
        i = this.ids.length;
        this.index.set(name, i);
        this.ids.push(name);
        this.out.push([]);
        this.inDegree.push(0);
      }
      return i;
    };
    for (const line of text.split('\n')) {
      if (line.startsWith('#') || line.trim() === '') continue;
      const [u, v] = line.split(/\s+/);
      const [a, b] = [id(u), id(v)];
      this.out[a].push(b);
      this.inDegree[b]++;
    }
  }

  indexOf(name: string): number {
    return this.index.get(name)!;
  }

  private random(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Worlds (of `runs`) in which each person is reached. */
  reachedCounts(model: DiffusionModel, seeds: number[], runs: number): Uint32Array {
    const n = this.ids.length;
    const counts = new Uint32Array(n);
    const activeIn = new Int32Array(n).fill(-1); // the run in which a person became active
    const touchedIn = new Int32Array(n).fill(-1); // LT: the run in which a person's threshold was drawn
    const received = new Float64Array(n);
    const threshold = new Float64Array(n);
    const queue: number[] = [];
    for (let run = 0; run < runs; run++) {
      queue.length = 0;
      for (const s of seeds) {
        if (activeIn[s] === run) continue;
        activeIn[s] = run;
        queue.push(s);
      }
      for (let head = 0; head < queue.length; head++) {
        const u = queue[head];
        for (const v of this.out[u]) {
          if (activeIn[v] === run) continue;
          const p = 1 / this.inDegree[v];
          let convinced: boolean;
          if (model === 'ic') convinced = this.random() < p;
          else {
            if (touchedIn[v] !== run) {
              touchedIn[v] = run;
              threshold[v] = 1 - this.random();
              received[v] = 0;
            }
            received[v] += p;
            convinced = received[v] >= threshold[v] - 1e-12;
          }
          if (convinced) {
            activeIn[v] = run;
            queue.push(v);
          }
        }
      }
      for (const v of queue) counts[v]++;
    }
    return counts;
  }
}

describe(`reach probabilities on nethept against an independent Monte Carlo (${RUNS.toLocaleString('en-US')} runs each)`, () => {
  let snapshot: Snapshot;
  let plain: PlainSimulation;
  let communities: Int32Array;
  let starting: string[];
  beforeAll(async () => {
    snapshot = await readSnapshot(datasetPath('nethept.edgelist'), { format: 'edgelist', kind: 'influences' });
    plain = new PlainSimulation(readDatasetText('nethept.edgelist'));
    communities = detectCommunities(snapshot).community;
    // 50 starting people: the most out-going, ties by id.
    starting = [...plain.ids]
      .sort(
        (a, b) =>
          snapshot.outDegree(snapshot.indexOfOrThrow(b)) - snapshot.outDegree(snapshot.indexOfOrThrow(a)) ||
          Number(a) - Number(b),
      )
      .slice(0, 50);
  });

  for (const model of ['ic', 'lt'] as const) {
    it(`${model.toUpperCase()}: each person's probability, each community's expected reach and the total agree within their intervals`, () => {
      const sway = reachProbabilities(
        snapshot,
        starting.map((id) => snapshot.indexOfOrThrow(id)),
        { model, runs: RUNS, communities },
      );
      const other = plain.reachedCounts(
        model,
        starting.map((id) => plain.indexOf(id)),
        RUNS,
      );

      // Two-proportion z for everyone reached at least once by either: about 5% beyond 1.96, nobody beyond 5.
      let compared = 0;
      let beyond95 = 0;
      let worst = 0;
      const otherTotalByCommunity = new Map<number, number>();
      for (const id of plain.ids) {
        const v = snapshot.indexOfOrThrow(id);
        const x = sway.people.reached[v];
        const y = other[plain.indexOf(id)];
        otherTotalByCommunity.set(communities[v], (otherTotalByCommunity.get(communities[v]) ?? 0) + y);
        if (x === 0 && y === 0) continue;
        const pooled = (x + y) / (2 * RUNS);
        const se = Math.sqrt((2 * pooled * (1 - pooled)) / RUNS);
        const z = se > 0 ? Math.abs(x - y) / RUNS / se : 0;
        compared++;
        if (z > 1.96) beyond95++;
        worst = Math.max(worst, z);
      }
      console.log(
        `nethept ${model}: ${compared} people compared, ${((100 * beyond95) / compared).toFixed(1)}% beyond 1.96, largest |z| ${worst.toFixed(2)}; reach ${sway.total.mean.toFixed(1)}`,
      );
      expect(compared).toBeGreaterThan(500);
      expect(beyond95 / compared).toBeLessThan(0.08);
      expect(worst).toBeLessThan(5.5);

      // The plain simulation's mean reach per community lies within 4.5 standard errors (both estimates' errors).
      for (const c of sway.communities!) {
        const mean = (otherTotalByCommunity.get(c.community) ?? 0) / RUNS;
        const se = Math.sqrt(2) * c.expected.standardError;
        expect(Math.abs(c.expected.mean - mean), `community ${c.community}`).toBeLessThanOrEqual(4.5 * se + 1e-9);
      }
      const otherTotal = other.reduce((a, b) => a + b, 0) / RUNS;
      expect(Math.abs(sway.total.mean - otherTotal)).toBeLessThanOrEqual(4.5 * Math.sqrt(2) * sway.total.standardError);
    });
  }
});
