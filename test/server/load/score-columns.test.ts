import { describe, expect, it } from 'vitest';
import { StringIds } from '../../../graph/ids.ts';
import { alignScoreTable } from '../../../server/load/score-columns.ts';
import { scoreTable } from '../../../server/stores/contract.ts';

const meta = {
  graphVersion: 3,
  computedAt: '2025-01-01T00:00:00Z',
  families: ['x'],
  options: {},
  summary: {},
  durationsMs: {},
};

describe('alignScoreTable', () => {
  it("puts each row at its person's snapshot index, NaN where there is no value or no row", async () => {
    const ids = new StringIds();
    for (const id of ['carol', 'alice', 'new', 'bob']) ids.intern(id);
    // Rows in id order as stores keep them; "gone" is not in the snapshot.
    const table = scoreTable(7, meta, ['influence', 'community'], () => [
      ['alice', [0.5, 1]],
      ['bob', [null, 2]],
      ['carol', [0.25, null]],
      ['gone', [9, 9]],
    ]);
    const aligned = await alignScoreTable(table, ids);
    expect(aligned.version).toBe(7);
    expect(aligned.meta).toEqual(meta);
    expect(Array.from(aligned.columns.get('influence')!)).toEqual([0.25, 0.5, Number.NaN, Number.NaN]);
    expect(Array.from(aligned.columns.get('community')!)).toEqual([Number.NaN, 1, Number.NaN, 2]);
    expect(Array.from(aligned.row)).toEqual([2, 0, -1, 1]);
    expect(aligned.unmatched).toBe(1);
  });

  it('reads only the columns asked for that the version has', async () => {
    const ids = new StringIds();
    ids.intern('alice');
    const table = scoreTable(1, meta, ['influence', 'community'], () => [['alice', [0.5, 1]]]);
    const aligned = await alignScoreTable(table, ids, { columns: ['community', 'reputation'] });
    expect([...aligned.columns.keys()]).toEqual(['community']);
  });
});
