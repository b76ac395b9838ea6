import { beforeAll, describe, expect, it } from 'vitest';
import { reach } from '../../graph/algorithms/reach.ts';
import { readSnapshot } from '../../graph/import/index.ts';
import { computeScores } from '../../graph/scores/compute.ts';
import type { ScoreSet } from '../../graph/scores/types.ts';
import type { Snapshot } from '../../graph/snapshot.ts';
import { computeScoresOnSpark } from '../../server/engines/spark/index.ts';
import { datasetPath } from '../datasets.ts';
import { sparkReady, TEST_SPARK } from './app.ts';

const ready = sparkReady();

function l1(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum;
}

/**
 * The Spark application against the local engine on epinions (75,879 people, 508,837 relationships), every family
 * but communities (test/spark/communities.test.ts) and reputation (no ratings here; reputation.test.ts), in one run of
 * the application on local[2]. Betweenness uses 16 sampled sources in both engines (the same sources: the application
 * draws them with the local engine's generator), to keep the run short.
 */
describe.skipIf(!ready)('Spark engine against the local engine on epinions', () => {
  const options = {
    only: ['influence', 'reach', 'structure', 'value'],
    options: { structure: { betweennessSamples: 16 } },
  };
  let snapshot: Snapshot;
  let local: ScoreSet;
  let spark: ScoreSet;

  beforeAll(async () => {
    snapshot = await readSnapshot(datasetPath('epinions.edgelist'), { format: 'edgelist', kind: 'trusts' });
    local = await computeScores(snapshot, options);
    spark = await computeScoresOnSpark(snapshot, { ...options, spark: TEST_SPARK });
  }, 1_800_000);

  it('records the engine and the same families', () => {
    expect(spark.meta.engine).toBe('spark');
    expect(local.meta.engine).toBe('local');
    expect(spark.meta.families).toEqual(local.meta.families);
    expect(spark.ids).toEqual(local.ids);
  });

  it('PageRank: L1 distance below 1e-6 (the same fixed point, to the tolerance 1e-10)', () => {
    const distance = l1(spark.columns.pagerank, local.columns.pagerank);
    console.log(
      `epinions PageRank: L1 distance ${distance.toExponential(2)}, ${spark.meta.summary.pagerankIterations} power iterations on Spark`,
    );
    expect(distance).toBeLessThan(1e-6);
    expect(spark.meta.summary.pagerankConverged).toBe(true);
    // The same fixed point by different roads: Spark runs the power method (every block of people at once, stopping on
    // the L1 change), the local engine Gauss-Seidel sweeps stopping on a bound of the distance to the fixed point.
    expect(spark.meta.summary.pagerankIterations).toBeGreaterThan(0);
    expect(l1(spark.columns.influence, local.columns.influence) / snapshot.nodeCount).toBeLessThan(1e-6);
  });

  it('degrees, weights, audience and k-core are identical', () => {
    for (const column of ['in_degree', 'out_degree', 'in_weight', 'out_weight', 'audience', 'core']) {
      expect(Array.from(spark.columns[column]), column).toEqual(Array.from(local.columns[column]));
    }
  });

  it('two-hop reach: identical where exact, within the stated HyperLogLog error where estimated', () => {
    const { estimated, relativeError } = reach(snapshot);
    let exact = 0;
    let exactDiffer = 0;
    let sketched = 0;
    let sketchedEqual = 0;
    let largestRelative = 0;
    for (let i = 0; i < snapshot.nodeCount; i++) {
      const a = spark.columns.reach2[i];
      const b = local.columns.reach2[i];
      if (estimated[i] === 0) {
        exact++;
        if (a !== b) exactDiffer++;
      } else {
        sketched++;
        if (a === b) sketchedEqual++;
        largestRelative = Math.max(largestRelative, Math.abs(a - b) / b);
      }
    }
    console.log(
      `epinions reach2: ${exact} exact (${exactDiffer} differ), ${sketched} estimated (${sketchedEqual} equal, largest relative difference ${largestRelative})`,
    );
    expect(exactDiffer).toBe(0);
    // Both estimate the same count with relative standard error 1.6%; three of them bound the difference. (With the
    // snapshot's numbering, the same hash and the same sketched sets, the registers are the same, and so the values.)
    expect(largestRelative).toBeLessThanOrEqual(3 * relativeError);
    expect(sketched).toBe(spark.meta.summary.reach2Estimated);
    expect(exact + sketched).toBe(snapshot.nodeCount);
  });

  it('sampled betweenness from the same sources: the same values', () => {
    const distance = l1(spark.columns.betweenness, local.columns.betweenness);
    console.log(`epinions betweenness (16 sources): L1 distance ${distance.toExponential(2)}`);
    expect(distance).toBeLessThan(1e-9);
  });

  it('spread and network value: both estimates within the stated error of each other', () => {
    const floor = Number(spark.meta.summary.valueErrorFloor);
    const epsilon = Number(spark.meta.summary.valueRelativeError);
    const delta = Number(spark.meta.summary.valueErrorProbability);
    expect(spark.meta.summary.valueRRSets).toBe(local.meta.summary.valueRRSets);
    // Each is within epsilon x max(reach beyond the person, floor) of the truth with probability 1 - delta, so the two
    // are within twice that of each other but for at most a 2 delta share of people (plus sampling slack).
    let outside = 0;
    for (let i = 0; i < snapshot.nodeCount; i++) {
      const beyond = local.columns.spread[i] - 1;
      if (Math.abs(spark.columns.spread[i] - local.columns.spread[i]) > 2 * epsilon * Math.max(beyond, floor))
        outside++;
    }
    console.log(
      `epinions spread: ${outside} of ${snapshot.nodeCount} people outside twice the stated error of each other`,
    );
    expect(outside / snapshot.nodeCount).toBeLessThan(2 * delta + 0.005);
    expect(Array.from(spark.columns.clv)).toEqual(Array.from(local.columns.clv));
  });
});
