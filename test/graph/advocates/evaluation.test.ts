import { describe, expect, it } from 'vitest';
import { evaluationWarnings, type AdvocateEvaluation } from '../../../graph/algorithms/advocates/evaluation.ts';
import { selectAdvocates } from '../../../graph/algorithms/advocates/select.ts';
import type { Estimate, SpreadResult } from '../../../graph/algorithms/diffusion/monte-carlo.ts';
import { readSnapshot } from '../../../graph/import/index.ts';
import { datasetPath } from '../../datasets.ts';

/** An estimate with its 95% interval, as the Monte Carlo evaluation reports one. */
function estimate(mean: number, halfWidth: number): Estimate {
  return { mean, standardError: halfWidth / 1.96, ci95: [mean - halfWidth, mean + halfWidth] };
}

function spread(reach: Estimate, value: Estimate | null = null): SpreadResult {
  return { model: 'ic', probability: 'wc', description: '', runs: 1000, seed: 1, seedCount: 10, reach, value };
}

function evaluation(selection: SpreadResult, byDegree: SpreadResult, byInfluence: SpreadResult): AdvocateEvaluation {
  return {
    runs: 1000,
    seed: 1,
    selection,
    baselines: [
      { name: 'top out-degree', description: '', ids: [], spread: byDegree },
      { name: 'top influence score', description: '', ids: [], spread: byInfluence },
    ],
  };
}

describe('evaluationWarnings', () => {
  it('names a baseline whose 95% interval lies above the selection, with both figures', () => {
    // Selection 13.7 in [13.6, 13.8]; top out-degree 14.3 in [14.2, 14.4]: apart. Influence 13.75 in [13.6, 13.9]:
    // overlapping, so not named.
    const warnings = evaluationWarnings(
      evaluation(spread(estimate(13.7, 0.1)), spread(estimate(14.3, 0.1)), spread(estimate(13.75, 0.15))),
      'people',
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('the top out-degree reached more people than the advocates');
    expect(warnings[0]).toContain('(14.3 against 13.7, 95% intervals apart)');
  });

  it('says nothing when the intervals touch or the selection is ahead, or without an evaluation', () => {
    // 10 + 0.5 = 10.5 = 11 - 0.5: the intervals meet, which is no evidence either way.
    expect(
      evaluationWarnings(
        evaluation(spread(estimate(10, 0.5)), spread(estimate(11, 0.5)), spread(estimate(9, 1))),
        'people',
      ),
    ).toEqual([]);
    expect(evaluationWarnings(null, 'people')).toEqual([]);
  });

  it('compares value reached under the value objective', () => {
    // Ahead in people (20 against 12) but behind in value (500 against 800, intervals apart): the value is what counts.
    const byValue = evaluation(
      spread(estimate(12, 0.5), estimate(500, 20)),
      spread(estimate(20, 0.5), estimate(800, 20)),
      spread(estimate(11, 0.5), estimate(400, 20)),
    );
    const warnings = evaluationWarnings(byValue, 'value');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('the top out-degree reached more value than the advocates');
    // Lifetime value in whole units, as the command and the app show it.
    expect(warnings[0]).toContain('(800 against 500, 95% intervals apart)');
    expect(evaluationWarnings(byValue, 'people')).toHaveLength(1);
  });
});

describe('advocates where word of mouth barely travels (nethept, LT, every relationship weighing 0.01)', () => {
  it('warns that the top out-degree reached more, as the evaluation shows', async () => {
    // The known limit in the README: 10 advocates reach about 13.7 people, the 10 best-connected about 14.3.
    const snapshot = await readSnapshot(datasetPath('nethept.edgelist'), { format: 'edgelist', kind: 'influences' });
    const result = selectAdvocates(snapshot, {
      k: 10,
      model: 'lt',
      probability: 'uniform:0.01',
      evaluationRuns: 10_000,
    });
    const chosen = result.evaluation!.selection.reach;
    const byDegree = result.evaluation!.baselines.find((b) => b.name === 'top out-degree')!.spread.reach;
    expect(byDegree.ci95[0]).toBeGreaterThan(chosen.ci95[1]);
    const warning = result.warnings.find((w) => w.startsWith('the top out-degree reached more people'));
    expect(warning).toContain(`(${byDegree.mean.toFixed(1)} against ${chosen.mean.toFixed(1)}, 95% intervals apart)`);
  }, 120_000);
});
