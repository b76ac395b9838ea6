import { describe, expect, it } from 'vitest';
import { StringIds } from '../../../graph/ids.ts';
import { alignScoreTable } from '../../../server/load/score-columns.ts';
import { scoreTable } from '../../../server/stores/contract.ts';
import { computeMovers } from '../../../server/usecases/movers.ts';

type Row = { id: string; scores: { influence_score: number | null; detractor?: number } };

const row = (id: string, influence_score: number | null, detractor?: number): Row => ({
  id,
  scores: { influence_score, ...(detractor !== undefined && { detractor }) },
});

/** The movers of a new set (rows in memory) against a previous version (rows as a store would give them). */
async function movers(before: Row[], after: Row[], options: { limit?: number } = {}) {
  const columns = ['influence_score', 'detractor'];
  const ids = new StringIds();
  for (const r of after) ids.intern(r.id);
  const column = (name: 'influence_score' | 'detractor') => Float64Array.from(after, (r) => r.scores[name] ?? NaN);
  const current = {
    ids: after.map((r) => r.id),
    columns: { influence_score: column('influence_score'), detractor: column('detractor') },
  };
  const sorted = [...before].sort((a, b) => (a.id < b.id ? -1 : 1));
  const table = scoreTable(
    1,
    { graphVersion: 0, computedAt: '', families: [], options: {}, summary: {}, durationsMs: {} },
    columns,
    () => sorted.map((r) => [r.id, [r.scores.influence_score, r.scores.detractor ?? null]] as const),
  );
  return computeMovers(current, await alignScoreTable(table, ids), options);
}

describe('movers between two score versions', () => {
  it('ranks risers and fallers by change and finds new detractors', async () => {
    const before = [row('a', 10, 0), row('b', 50, 0), row('c', 30, 1), row('d', 20), row('gone', 5)];
    const after = [row('a', 40, 1), row('b', 45, 0), row('c', 30, 1), row('d', 2, 1), row('new', 99, 1)];
    const result = await movers(before, after, { limit: 2 });
    // a: +30, b: -5, c: 0, d: -18.
    expect(result.risers).toEqual([{ id: 'a', before: 10, after: 40, change: 30 }]);
    expect(result.fallers).toEqual([
      { id: 'd', before: 20, after: 2, change: -18 },
      { id: 'b', before: 50, after: 45, change: -5 },
    ]);
    expect(result.newDetractors).toEqual(['a', 'd', 'new']);
    expect(result.newcomers).toBe(1);
    expect(result.departed).toBe(1);
  });

  it('ignores people without a value in either version', async () => {
    const result = await movers([row('a', null)], [row('a', 3)]);
    expect(result.risers).toEqual([]);
  });
});
