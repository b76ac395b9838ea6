import { describe, expect, it } from 'vitest';
import {
  formatCompact,
  formatCount,
  formatDuration,
  formatExpectedPeople,
  formatFigure,
  formatFixed,
  formatInfluence,
  formatMoney,
  formatObjective,
  formatPeople,
  formatPercent,
  formatPercentile,
  formatQuantity,
  formatScore,
  formatTiny,
  MISSING,
  unitSuffix,
} from '../../graph/scores/format.ts';
import { scoreDefinition } from '../../graph/scores/definitions.ts';

describe('one number format for the CLI and the app', () => {
  it('separates thousands and keeps a fixed number of decimals per kind of quantity', () => {
    expect(formatFixed(1234.44, 1)).toBe('1,234.4');
    expect(formatFixed(-0.04, 1)).toBe('0.0');
    expect(formatCount(1274.4)).toBe('1,274');
    // Expected people: one decimal, with separators, whatever the size (the planner showed 779.3 beside 1,017.61).
    expect(formatExpectedPeople(779.34)).toBe('779.3');
    expect(formatExpectedPeople(1017.61)).toBe('1,017.6');
    expect(formatExpectedPeople(1234.4)).toBe('1,234.4');
    expect(formatMoney(12480.6)).toBe('12,481');
    expect(formatObjective(1017.61, 'people')).toBe('1,017.6');
    expect(formatObjective(1017.61, 'value')).toBe('1,018');
    expect(formatInfluence(2.456)).toBe('2.46');
    for (const f of [
      formatFixed.bind(null, NaN, 1),
      () => formatCount(null),
      () => formatMoney(undefined),
      () => formatInfluence(NaN),
    ])
      expect(f()).toBe(MISSING);
  });

  it('says "1 person" and "2 people"', () => {
    expect(formatPeople(1)).toBe('1 person');
    expect(formatPeople(0)).toBe('0 people');
    expect(formatPeople(3000)).toBe('3,000 people');
    expect(formatQuantity(1, 'relationship')).toBe('1 relationship');
    expect(formatQuantity(508_837, 'relationship')).toBe('508,837 relationships');
  });

  it('shortens large numbers for axes and captions', () => {
    expect([1, 10, 100, 999, 1000, 10_000, 100_000, 1_234_567, 25_000, 2_500].map(formatCompact)).toEqual([
      '1',
      '10',
      '100',
      '999',
      '1K',
      '10K',
      '100K',
      '1.2M',
      '25K',
      '2.5K',
    ]);
  });

  it('writes shares, percentiles, durations and residuals as people read them', () => {
    expect(formatPercent(0.125, 1)).toBe('12.5%');
    expect(formatPercent(0.5)).toBe('50%');
    expect(formatPercentile(99.8)).toBe('top 1%');
    expect(formatPercentile(97.5)).toBe('top 3%');
    expect(formatPercentile(20)).toBe('bottom 20%');
    expect(formatPercentile(null)).toBe(MISSING);
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(6400)).toBe('6.4 s');
    expect(formatDuration(192_000)).toBe('3.2 min');
    expect(formatTiny(8.566e-11)).toBe('8.6e-11');
    expect(formatTiny(0)).toBe('0');
  });

  it('shows each score by its declared unit', () => {
    const show = (column: string, value: number) =>
      formatScore(scoreDefinition(column)!, value) + unitSuffix(scoreDefinition(column)!);
    expect(show('influence', 12.3456)).toBe('12.35 x average');
    expect(show('influence_score', 87.25)).toBe('87.3 0-100');
    expect(show('pagerank', 0.0123456)).toBe('0.0123 probability');
    expect(show('pagerank', 0.0000123456)).toBe('0.0000123 probability');
    expect(show('audience', 1234)).toBe('1,234 people');
    expect(show('spread', 1234.56)).toBe('1,234.6 people');
    expect(show('network_value', 1234.56)).toBe('1,235 value');
    expect(show('reputation', -0.456)).toBe('-0.46 rating');
    expect(show('community', 3)).toBe('3');
    expect(show('detractor', 1)).toBe('yes');
  });

  it('shows graph-level figures by their declared kind', () => {
    expect(formatFigure({ label: 'iterations', kind: 'count' }, 1234)).toBe('1,234');
    expect(formatFigure({ label: 'error', kind: 'percent' }, 0.016)).toBe('1.6%');
    expect(formatFigure({ label: 'change', kind: 'tiny' }, 8.566e-11)).toBe('8.6e-11');
    expect(formatFigure({ label: 'modularity', kind: 'decimal' }, 0.42345)).toBe('0.423');
    expect(formatFigure({ label: 'converged', kind: 'yes/no' }, true)).toBe('yes');
    expect(formatFigure({ label: 'model', kind: 'text' }, 'Independent Cascade')).toBe('Independent Cascade');
  });
});
