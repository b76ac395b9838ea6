import { beforeAll, describe, expect, it } from 'vitest';
import { selectAdvocates } from '../../../graph/algorithms/advocates/select.ts';
import type { DiffusionModel } from '../../../graph/algorithms/diffusion/probabilities.ts';
import { readSnapshot } from '../../../graph/import/index.ts';
import type { Snapshot } from '../../../graph/snapshot.ts';
import { datasetPath } from '../../datasets.ts';

/**
 * Published figures (datasets/README.md): the OPIM-C reference implementation's 50 seeds at epsilon 0.1,
 * weighted cascade, edges as given, each checked by an independent Monte Carlo evaluation of 10,000 runs; and the 50
 * people of highest out-degree (about 810 on nethept by the dataset's notes; Sway measures 786.8, within 3%). On
 * epinions the baselines are left to `npm run bench` (section advocates): their
 * 10,000-run evaluations take another 30 s of CPU, too much for every test run on two shared cores.
 */
const REFERENCE: Record<string, Record<DiffusionModel, number>> = {
  nethept: { ic: 1250, lt: 1580 },
  epinions: { ic: 11_480, lt: 15_690 },
};
/**
 * 10,000 Monte Carlo runs of a 50-seed cascade on epinions take 30 s on a quiet two-core machine and several times that
 * when other work shares the cores; the time is not what these tests check.
 */
const DATASET_TIMEOUT_MS = 600_000;
const TOP_OUT_DEGREE_IC: Record<string, number> = { nethept: 810 };
/**
 * What Sway's selection reached before its RR sets were drawn in parallel chunks (README, 10,000 runs each): the
 * selection must still reach it, within the evaluation's 95% confidence interval.
 */
const BEFORE: Record<string, Record<DiffusionModel, number>> = {
  nethept: { ic: 1274, lt: 1681 },
  epinions: { ic: 11_918, lt: 16_229 },
};

for (const dataset of ['nethept', 'epinions'] as const) {
  describe(`advocates on ${dataset} (k = 50, epsilon 0.1, 10,000 independent Monte Carlo runs)`, () => {
    let snapshot: Snapshot;
    beforeAll(async () => {
      snapshot = await readSnapshot(datasetPath(`${dataset}.edgelist`), { format: 'edgelist', kind: 'influences' });
    });

    for (const model of ['ic', 'lt'] as const) {
      it(
        `${model.toUpperCase()}: at least 99% of the reference spread`,
        () => {
          // The out-degree baseline has a published figure for IC; npm run bench compares every baseline.
          const baselines = model === 'ic' && dataset === 'nethept';
          const result = selectAdvocates(snapshot, { k: 50, epsilon: 0.1, model, evaluationRuns: 10_000, baselines });
          const spread = result.evaluation!.selection.reach;
          const reference = REFERENCE[dataset][model];
          console.log(
            `${dataset} ${model}: spread ${spread.mean.toFixed(0)} (95% CI ${spread.ci95.map((x) => x.toFixed(0)).join('-')}), ` +
              `${((100 * spread.mean) / reference).toFixed(1)}% of the reference ${reference}; certified ratio ` +
              `${result.guarantee.certifiedRatio.toFixed(3)}; ${result.rr.sets} RR sets to choose and ${result.rr.validationSets} to check; selection ${result.timings.selectionMs.toFixed(0)} ms`,
          );
          expect(result.advocates).toHaveLength(50);
          expect(result.guarantee.met).toBe(true);
          expect(result.guarantee.certifiedRatio).toBeGreaterThanOrEqual(1 - 1 / Math.E - 0.1);
          expect(spread.mean).toBeGreaterThanOrEqual(0.99 * reference);
          expect(spread.ci95[1]).toBeGreaterThanOrEqual(BEFORE[dataset][model]);
          // The RR-set estimate of the selection agrees with the independent evaluation (5%).
          expect(Math.abs(result.curve[49] - spread.mean) / spread.mean).toBeLessThan(0.05);
          // Each advocate's gain is what they add to those above (on sets independent of the choice): it never rises
          // down
          // the list, and the gains add up to the reach curve.
          let total = 0;
          result.advocates.forEach((advocate, i) => {
            if (i > 0)
              expect(advocate.marginalGain, `rank ${advocate.rank}`).toBeLessThanOrEqual(
                result.advocates[i - 1].marginalGain,
              );
            total += advocate.marginalGain;
            expect(advocate.cumulative).toBeCloseTo(total, 6);
            expect(result.curve[i]).toBe(advocate.cumulative);
          });
          if (baselines) {
            const byDegree = result.evaluation!.baselines[0].spread.reach.mean;
            expect(Math.abs(byDegree - TOP_OUT_DEGREE_IC[dataset]) / TOP_OUT_DEGREE_IC[dataset]).toBeLessThan(0.05);
            expect(spread.mean).toBeGreaterThan(1.4 * byDegree);
            // Clearly ahead of both baselines: no warning that one reached more.
            expect(result.warnings.filter((w) => w.includes('reached more'))).toEqual([]);
          }
        },
        DATASET_TIMEOUT_MS,
      );
    }
  });
}
