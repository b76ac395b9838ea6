import { describe, expect, it } from 'vitest';
import { computeMovers } from '../../../server/jobs/movers.ts';

const row = (id: string, influence_score: number | null, detractor?: number) => ({
  id,
  scores: { influence_score, ...(detractor !== undefined && { detractor }) },
});

describe('movers between two score versions', () => {
  it('ranks risers and fallers by change and finds new detractors', async () => {
    const before = [row('a', 10, 0), row('b', 50, 0), row('c', 30, 1), row('d', 20), row('gone', 5)];
    const after = [row('a', 40, 1), row('b', 45, 0), row('c', 30, 1), row('d', 2, 1), row('new', 99, 1)];
    const movers = await computeMovers(before, after, { limit: 2 });
    // a: +30, b: -5, c: 0, d: -18.
    expect(movers.risers).toEqual([{ id: 'a', before: 10, after: 40, change: 30 }]);
    expect(movers.fallers).toEqual([
      { id: 'd', before: 20, after: 2, change: -18 },
      { id: 'b', before: 50, after: 45, change: -5 },
    ]);
    expect(movers.newDetractors).toEqual(['a', 'd', 'new']);
    expect(movers.newcomers).toBe(1);
    expect(movers.departed).toBe(1);
  });

  it('ignores people without a value in either version', async () => {
    const movers = await computeMovers([row('a', null)], [row('a', 3)]);
    expect(movers.risers).toEqual([]);
  });
});
