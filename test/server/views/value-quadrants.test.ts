import { describe, expect, it } from 'vitest';
import { valueQuadrants } from '../../../server/views/value-quadrants.ts';

// Five people: lifetime value and network value; person 4 has a total value of its own.
const clv = [1, 2, 3, 4, 5];
const networkValue = [50, 10, 40, 20, 30];
const totalValue = [Number.NaN, Number.NaN, Number.NaN, Number.NaN, 100];
const everyone = [0, 1, 2, 3, 4];
const byIndex = (a: number, b: number) => a - b;

describe('valueQuadrants', () => {
  it('splits each axis at the median and counts everyone in a quadrant (strictly above means high), by hand', () => {
    const result = valueQuadrants({
      clv,
      networkValue,
      totalValue,
      people: everyone,
      split: 'median',
      limit: 10,
      tieBreak: byIndex,
    });
    expect(result.thresholds).toEqual({ clv: 3, networkValue: 30 });
    // 0: (1, 50) connector; 1: (2, 10) other; 2: (3, 40) connector (3 is not above 3); 3: (4, 20) valuable; 4: (5, 30)
    // valuable.
    expect(result.counts).toEqual({ champions: 0, valuable: 2, connectors: 2, others: 1 });
    expect(everyone.map(result.quadrantOf)).toEqual(['connectors', 'others', 'connectors', 'valuable', 'valuable']);
    expect(result.shown).toEqual(everyone);
  });

  it('splits at the mean when asked', () => {
    const result = valueQuadrants({ clv, networkValue, people: everyone, split: 'mean', limit: 10, tieBreak: byIndex });
    expect(result.thresholds).toEqual({ clv: 3, networkValue: 30 });
    expect(
      valueQuadrants({ clv, networkValue, people: [0, 1], split: 'mean', limit: 10, tieBreak: byIndex }).thresholds,
    ).toEqual({ clv: 1.5, networkValue: 30 });
  });

  it('keeps the highest total values and an even sample of the rest when they do not fit', () => {
    const result = valueQuadrants({
      clv,
      networkValue,
      totalValue,
      people: everyone,
      split: 'median',
      limit: 3,
      tieBreak: byIndex,
    });
    // Totals: 51, 12, 43, 24, 100 (given). Head of ceil(3/2) = 2: 4 (100), 0 (51); then 1 of the rest [2, 3, 1] at step
    // 3.
    expect(result.shown).toEqual([4, 0, 2]);
    expect(result.totalOf(4)).toBe(100);
    expect(result.totalOf(0)).toBe(51);
  });

  it('breaks ties in total value with the given order', () => {
    const tied = valueQuadrants({
      clv: [1, 1, 1],
      networkValue: [1, 1, 1],
      people: [2, 0, 1],
      split: 'median',
      limit: 2,
      tieBreak: byIndex,
    });
    expect(tied.shown).toEqual([0, 1]);
  });
});
