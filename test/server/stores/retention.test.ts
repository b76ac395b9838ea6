import { describe, expect, it } from 'vitest';
import { RETENTION_DEFAULTS, versionsToDrop } from '../../../server/stores/retention.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 30);

describe('the score retention rule', () => {
  // Version k written k * 20 days before NOW, newest (k = 1) last: v1 is the oldest, v15 the newest.
  const versions = Array.from({ length: 15 }, (_, i) => ({ version: i + 1, writtenAtMs: NOW - (15 - i) * 20 * DAY }));

  it('by default keeps the 12 newest versions, none written more than 180 days ago', () => {
    expect(RETENTION_DEFAULTS).toEqual({ versions: 12, days: 180 });
    // Ages: v15 20 days, v14 40, ..., v7 180 (kept: not older than 180), v6 200 (dropped); count 12 would keep v4..v15.
    expect(versionsToDrop(versions, [15, 14], RETENTION_DEFAULTS, NOW)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('keeps the current and the previous version whatever their age or rank', () => {
    // v15 (20 days, the newest) fits both limits; v3 and v2 stay as current and previous; the rest go.
    expect(versionsToDrop(versions, [3, 2], { versions: 2, days: 30 }, NOW)).toEqual([
      14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 1,
    ]);
    expect(versionsToDrop(versions.slice(0, 2), [2, 1], { versions: 1, days: 0 }, NOW)).toEqual([]);
  });

  it('counts versions from the newest', () => {
    expect(versionsToDrop(versions, [15, 14], { versions: 3, days: 1000 }, NOW)).toEqual([
      12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1,
    ]);
  });
});
