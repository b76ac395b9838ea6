import { describe, expect, it } from 'vitest';
import { detractorFlags, detractorReach } from '../../../graph/algorithms/reputation/detractors.ts';
import { explainReputation } from '../../../graph/algorithms/reputation/explain.ts';
import { fairnessGoodness } from '../../../graph/algorithms/reputation/fairness-goodness.ts';
import { SnapshotBuilder, type Snapshot } from '../../../graph/snapshot.ts';
import { computeScores } from '../../../graph/scores/compute.ts';
import { reputationFamily } from '../../../graph/scores/families/reputation.ts';
import { HAND_EXAMPLE, signedSnapshot } from './signed-graphs.ts';

// The hand-computed example of fairness-goodness.test.ts: f(A) = 23/31, f(B) = 59/62, f(D) = 14/31, g(C) = 3/31,
// g(B) = 23/62.

/*
 * The example plus D -> F -0.75, and sentiments A -0.5, B 0.9, E -0.1. By hand, with c = g(C), g(F) = -0.75 d:
 *   f(D) = 1 - (|-1 - c| + |-0.75 + 0.75 d|) / 4 = 1 - (1.75 + c - 0.75 d) / 4  =>  d = (9 - 4c) / 13
 *   f(A) = 0.625 + c/4 + a/8 (as before)                                       =>  a = 5/7 + 2c/7
 *   c = (a - d) / 3  =>  273c = 65 + 26c - 63 + 28c  =>  c = 2/219, a = 157/219, d = 151/219, b = 1 - c/2 = 218/219
 *   g(F) = -0.75 x 151/219 = -151/292, g(B) = a/2 = 157/438 (signs as assumed: 0 < c, a < 1, d < 1).
 */
function exampleWithSentiment(): Snapshot {
  const builder = new SnapshotBuilder();
  for (const [rater, ratee, rating] of [...HAND_EXAMPLE, ['D', 'F', -0.75] as const]) {
    builder.addRelationship({ source: ratee, target: rater, kind: 'trusts', weight: 1, rating });
  }
  builder.addPerson({ id: 'A', sentiment: -0.5 });
  builder.addPerson({ id: 'B', sentiment: 0.9 });
  builder.addPerson({ id: 'E', sentiment: -0.1 });
  return builder.build();
}

function compute(snapshot: Snapshot, options: Record<string, unknown> = {}, spread?: Float64Array) {
  const summary: Record<string, number | string | boolean | null> = {};
  const columns = reputationFamily.compute({
    snapshot,
    options: { ...reputationFamily.defaults, ...options },
    seed: 42,
    onProgress: () => {},
    columns: spread ? { spread } : {},
    summary,
  }) as Record<string, Float64Array>;
  return { columns, summary };
}

function flaggedIds(snapshot: Snapshot, flags: Float64Array): string[] {
  return Array.from({ length: snapshot.nodeCount }, (_, i) => snapshot.ids.idOf(i))
    .filter((id) => flags[snapshot.indexOfOrThrow(id)] === 1)
    .sort();
}

describe('reputation score family', () => {
  it('declares its columns with what users need to read them', () => {
    expect(reputationFamily.scores.map((s) => s.column)).toEqual([
      'reputation',
      'fairness',
      'detractor',
      'detractor_reach',
    ]);
    for (const score of reputationFamily.scores) {
      expect(
        score.label.length > 0 && score.description.length > 0 && score.unit.length > 0 && score.explanation.length > 0,
      ).toBe(true);
    }
    expect(reputationFamily.dependsOn).toContain('value');
  });

  it('computes reputation, fairness, detractors and their reach', () => {
    const snapshot = exampleWithSentiment();
    const at = (id: string) => snapshot.indexOfOrThrow(id);
    const spread = Float64Array.from({ length: snapshot.nodeCount }, (_, i) => 10 + i);
    const { columns, summary } = compute(snapshot, {}, spread);
    expect(columns.reputation[at('C')]).toBeCloseTo(2 / 219, 9);
    expect(columns.reputation[at('F')]).toBeCloseTo(-151 / 292, 9);
    expect(columns.reputation[at('B')]).toBeCloseTo(157 / 438, 9);
    expect(columns.fairness[at('A')]).toBeCloseTo(157 / 219, 9);
    expect(columns.fairness[at('B')]).toBeCloseTo(218 / 219, 9);
    expect(columns.fairness[at('D')]).toBeCloseTo(151 / 219, 9);
    for (const id of ['A', 'D', 'E']) expect(columns.reputation[at(id)]).toBeNaN();
    for (const id of ['C', 'E', 'F']) expect(columns.fairness[at(id)]).toBeNaN();
    // Detractors at -0.2: A (sentiment -0.5) and F (reputation -0.52); not E (sentiment -0.1), B, C or D.
    expect(flaggedIds(snapshot, columns.detractor)).toEqual(['A', 'F']);
    expect(summary.detractors).toBe(2);
    expect(columns.detractor_reach[at('A')]).toBe(spread[at('A')]);
    expect(columns.detractor_reach[at('F')]).toBe(spread[at('F')]);
    expect(columns.detractor_reach[at('B')]).toBeNaN();
    expect(summary.reputationConverged).toBe(true);
  });

  it('takes the detractor threshold as an option, and leaves reach empty without a spread column', () => {
    const snapshot = exampleWithSentiment();
    const at = (id: string) => snapshot.indexOfOrThrow(id);
    const { columns } = compute(snapshot, { detractorThreshold: 0 });
    // At 0 E (sentiment -0.1) joins; C's reputation 2/219 is still above.
    expect(flaggedIds(snapshot, columns.detractor)).toEqual(['A', 'E', 'F']);
    expect(columns.detractor_reach[at('A')]).toBeNaN();
    expect([...columns.detractor_reach].every(Number.isNaN)).toBe(true);
    expect(() => compute(snapshot, { detractorThreshold: -2 })).toThrow(/detractorThreshold/);
  });
});

describe('reputation in the score pipeline', () => {
  it('runs after the value family and reads its spread for detractor reach', async () => {
    const snapshot = exampleWithSentiment();
    const scores = await computeScores(snapshot, { only: ['reputation'] });
    expect(scores.meta.families).toEqual(['value', 'reputation']);
    const { detractor, detractor_reach: reach, spread } = scores.columns;
    for (let i = 0; i < snapshot.nodeCount; i++) {
      if (detractor[i] === 1) expect(reach[i]).toBe(spread[i]);
      else expect(reach[i]).toBeNaN();
    }
    // A reaches at least themself.
    expect(reach[snapshot.indexOfOrThrow('A')]).toBeGreaterThanOrEqual(1);
  });
});

describe('detractors', () => {
  it('flags reputation or sentiment below the threshold; unknown is not a detractor', () => {
    const flags = detractorFlags([NaN, -0.5, 0.3, NaN, -0.2], [0.1, NaN, -0.3, NaN, 0], { threshold: -0.2 });
    expect(Array.from(flags)).toEqual([0, 1, 1, 0, 0]);
    expect(Array.from(detractorReach(flags, [5, 6, 7, 8, 9]))).toEqual([NaN, 6, 7, NaN, NaN]);
    expect(() => detractorFlags([0], null, { threshold: 3 })).toThrow(/threshold/);
  });
});

describe('explainReputation', () => {
  it("lists the ratings behind a reputation, each rater's fairness and term, summing to the reputation", () => {
    const snapshot = signedSnapshot(HAND_EXAMPLE);
    const at = (id: string) => snapshot.indexOfOrThrow(id);
    const scores = fairnessGoodness(snapshot, { tolerance: 1e-13 });
    const explanation = explainReputation(snapshot, scores, at('C'));
    expect(explanation.reputation).toBeCloseTo(3 / 31, 12);
    expect(explanation.fairness).toBeNull(); // C rated nobody
    expect(explanation.ratingsReceived).toBe(3);
    expect(explanation.ratingsGiven).toBe(0);
    // Terms f x w / 3: A 23/93, D -14/93, B 0; largest magnitude first.
    expect(explanation.ratings.map((r) => snapshot.ids.idOf(r.rater))).toEqual(['A', 'D', 'B']);
    expect(explanation.ratings[0].contribution).toBeCloseTo(23 / 93, 12);
    expect(explanation.ratings[1].raterFairness).toBeCloseTo(14 / 31, 12);
    expect(explanation.ratings[1].rating).toBe(-1);
    const sum = explanation.ratings.reduce((total, r) => total + r.contribution, 0);
    expect(sum).toBeCloseTo(3 / 31, 12);

    const limited = explainReputation(snapshot, scores, at('C'), { limit: 1 });
    expect(limited.ratings).toHaveLength(1);
    expect(limited.otherContribution).toBeCloseTo(-14 / 93, 12);

    const unrated = explainReputation(snapshot, scores, at('A'));
    expect(unrated.reputation).toBeNull();
    expect(unrated.ratings).toEqual([]);
    expect(unrated.ratingsGiven).toBe(2);
    expect(() => explainReputation(snapshot, scores, 99)).toThrow(/outside/);
  });
});
