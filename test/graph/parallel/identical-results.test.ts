import { beforeAll, describe, expect, it } from 'vitest';
import { selectAdvocates } from '../../../graph/algorithms/advocates/select.ts';
import { betweenness } from '../../../graph/algorithms/betweenness.ts';
import { expectedSpread } from '../../../graph/algorithms/diffusion/monte-carlo.ts';
import { networkValue } from '../../../graph/algorithms/diffusion/network-value.ts';
import { reach } from '../../../graph/algorithms/reach.ts';
import { readSnapshot } from '../../../graph/import/index.ts';
import { whenWorkersReady } from '../../../graph/parallel/pool.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import { datasetPath } from '../../datasets.ts';

/**
 * Every family that runs on several threads gives the same result, bit for bit, on 1, 2 and 3 threads: work is cut
 * into chunks that do not depend on the thread count, each with its own random stream derived from the seed, and
 * chunk results are combined in chunk order. Three threads on a two-core machine still exercise two workers.
 */
const THREADS = [1, 2, 3] as const;

describe('results do not depend on the number of threads', () => {
  let nethept: Snapshot;
  beforeAll(async () => {
    nethept = await readSnapshot(datasetPath('nethept.edgelist'), { format: 'edgelist', kind: 'influences' });
    // Jobs never wait for workers still starting; here they must take part, so wait until both are ready.
    await whenWorkersReady(2);
  });

  it('advocates (RR sets on both collections, Monte Carlo evaluation), IC and LT', () => {
    for (const model of ['ic', 'lt'] as const) {
      const runs = THREADS.map((threads) =>
        selectAdvocates(nethept, { model, threads, evaluationRuns: 3_000, baselines: false, minRRSets: 8_192 }),
      );
      for (const run of runs.slice(1)) {
        expect(run.advocates).toEqual(runs[0].advocates);
        expect(run.guarantee).toEqual(runs[0].guarantee);
        expect(run.rr).toEqual(runs[0].rr);
        expect(run.evaluation!.selection).toEqual(runs[0].evaluation!.selection);
      }
    }
  });

  it('Monte Carlo spread with values', () => {
    const values = Float64Array.from({ length: nethept.nodeCount }, (_, i) => (i % 7) + 0.5);
    const seeds = [0, 5, 17, 200];
    const runs = THREADS.map((threads) => expectedSpread(nethept, seeds, { runs: 4_000, values, threads, seed: 9 }));
    for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
  });

  it('network value (RR sets counted per person)', () => {
    const runs = THREADS.map((threads) => networkValue(nethept, { rrSets: 30_000, threads }));
    for (const run of runs.slice(1)) {
      expect(run.spread).toEqual(runs[0].spread);
      expect(run.networkValue).toEqual(runs[0].networkValue);
    }
  });

  it('betweenness from sampled sources', () => {
    const runs = THREADS.map((threads) => betweenness(nethept, { samples: 64, threads }));
    for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
  });

  it('two-hop reach, exact and estimated', () => {
    // A low exact limit sends many people through the HyperLogLog path and its hub sketches.
    const runs = THREADS.map((threads) => reach(nethept, { exactLimit: 64, hubDegree: 8, threads }));
    expect(runs[0].estimatedCount).toBeGreaterThan(100);
    for (const run of runs.slice(1)) {
      expect(run.reach2).toEqual(runs[0].reach2);
      expect(run.estimated).toEqual(runs[0].estimated);
      expect(run.estimatedCount).toBe(runs[0].estimatedCount);
    }
  });
});

describe('PageRank does not depend on the number of threads either', () => {
  it('power sweeps split into blocks give the same scores and sweep count on 1, 2 and 3 threads', async () => {
    const { pagerank } = await import('../../../graph/algorithms/pagerank.ts');
    const epinions = await readSnapshot(datasetPath('epinions.edgelist'), { format: 'edgelist', kind: 'trusts' });
    const runs = THREADS.map((threads) => pagerank(epinions, { solver: 'power', threads }));
    for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
  });
});
