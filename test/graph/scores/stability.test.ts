import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readSnapshot } from '../../../graph/import/index.ts';
import {
  calendarYears,
  compareConsecutive,
  influenceByPeriod,
  type PeriodInfluence,
} from '../../../graph/scores/stability.ts';
import { snapshotFrom } from '../../../graph/snapshot.ts';
import { datasetPath } from '../../datasets.ts';

const at = (iso: string) => Date.parse(iso) / 1000;

describe('calendar years', () => {
  const base = snapshotFrom(
    [],
    [
      { source: 'a', target: 'b', kind: 'influences', weight: 1, time: at('2019-12-31T23:59:59Z') },
      { source: 'b', target: 'c', kind: 'influences', weight: 1, time: at('2020-01-01T00:00:00Z') },
      { source: 'c', target: 'a', kind: 'influences', weight: 1, time: at('2021-07-01T00:00:00Z') },
      { source: 'd', target: 'a', kind: 'influences', weight: 1 },
    ],
  );

  it('runs from the earliest relationship year to the latest, each year a window of its own days', () => {
    expect(calendarYears(base)).toEqual([
      { label: '2019', asOf: at('2020-01-01T00:00:00Z') - 1, windowDays: 365 },
      { label: '2020', asOf: at('2021-01-01T00:00:00Z') - 1, windowDays: 366 },
      { label: '2021', asOf: at('2022-01-01T00:00:00Z') - 1, windowDays: 365 },
    ]);
    // Each year holds its own relationships (the first second of 2020 is 2020's), plus the one without a time.
    expect(influenceByPeriod(base, calendarYears(base)).map((p) => p.relationships)).toEqual([2, 2, 2]);
    expect(influenceByPeriod(base, calendarYears(base, { cumulative: true })).map((p) => p.relationships)).toEqual([
      2, 3, 4,
    ]);
  });
});

describe('comparing consecutive periods', () => {
  const period = (label: string, influence: number[]): PeriodInfluence => ({
    period: { label, asOf: 0, windowDays: 1 },
    relationships: 0,
    present: influence.filter((x) => !Number.isNaN(x)).length,
    influence: Float64Array.from(influence),
  });

  it('counts the shared top and correlates the people present in both', () => {
    const [ab, bc] = compareConsecutive(
      [period('a', [4, 3, 2, 1, NaN]), period('b', [4, 3, 2, NaN, 1]), period('c', [1, 2, 3, 4, 5])],
      { top: 2 },
    );
    expect(ab).toEqual({
      from: 'a',
      to: 'b',
      common: 3,
      topOverlap: 1,
      spearman: 1,
      kendall: 1,
      topPeople: 2,
      topSpearman: 1,
      topKendall: 1,
    });
    // b to c: the order of the four people in both is reversed; b's top (0, 1) is c's bottom.
    expect(bc).toMatchObject({
      common: 4,
      topOverlap: 0,
      spearman: -1,
      kendall: -1,
      topPeople: 2,
      topSpearman: -1,
      topKendall: -1,
    });
  });
});

describe('Bitcoin OTC by year', () => {
  it("each year's view holds the ratings the file dates in that year", async () => {
    const file = datasetPath('bitcoin-otc.csv');
    const perYear = new Map<string, number>();
    const bytes = readFileSync(file);
    // Plain or gzip-compressed (by the magic bytes), as Sway's importers read it.
    const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
    for (const line of text.split('\n').slice(1)) {
      if (!line.trim()) continue;
      const year = String(new Date(Number(line.split(',')[3]) * 1000).getUTCFullYear());
      perYear.set(year, (perYear.get(year) ?? 0) + 1);
    }
    const snapshot = await readSnapshot(file, { format: 'signed-csv' });
    const years = influenceByPeriod(snapshot, calendarYears(snapshot));
    expect(years.map((p) => [p.period.label, p.relationships])).toEqual([...perYear.entries()].sort());
    expect(years.map((p) => p.period.label)).toEqual(['2010', '2011', '2012', '2013', '2014', '2015', '2016']);
    // Influence is averaged over the people present: it sums to their number.
    for (const p of years)
      expect(p.influence.reduce((sum, x) => (Number.isNaN(x) ? sum : sum + x), 0)).toBeCloseTo(p.present, 6);
  });
});
