import { describe, expect, it } from 'vitest';
import { COSTS, estimateMemory, verdict } from '../../graph/estimate.ts';
import { memoryAdvice } from '../../server/engines/memory.ts';

describe('memory estimate of the local engine', () => {
  it('adds up the documented costs, by hand for PageRank alone', () => {
    const people = 1000;
    const relationships = 10_000;
    const estimate = estimateMemory({ people, relationships, ratings: 0 }, { families: ['influence'] });
    const ids = people * COSTS.idBytesPerPerson;
    const snapshotMin = relationships * 16 + people * 8;
    const snapshotMax = relationships * 16 + people * 25;
    // Loading: the snapshot being built (40 bytes an edge), the finished one, the ids.
    expect(estimate.load.min).toBe(ids + relationships * 40 + snapshotMin);
    expect(estimate.load.max).toBe(ids + relationships * 40 + snapshotMax);
    // Held: snapshot, ids, three Float64 columns and the id list of the score set.
    expect(estimate.held.min).toBe(snapshotMin + ids + people * (3 * 8 + 8));
    // PageRank's four Float64 vectors.
    expect(estimate.families).toEqual([
      { phase: 'influence', what: 'four Float64 vectors (PageRank)', min: people * 32, max: people * 32 },
    ]);
    expect(estimate.peak.min).toBe(COSTS.process + Math.max(estimate.load.min, estimate.held.min + people * 32));
  });

  it('adds the families a family depends on, and ratings only when there are some', () => {
    const counts = { people: 5000, relationships: 40_000 };
    const families = estimateMemory(counts, { families: ['reputation'] }).families.map((f) => f.phase);
    expect(families).toEqual(['value', 'reputation']);
    const rated = estimateMemory(counts, { families: ['reputation'] });
    const unrated = estimateMemory({ ...counts, ratings: 0 }, { families: ['reputation'] });
    // 32 bytes a rating in the rating rows, and 8 more an edge in the snapshot (both directions).
    expect(rated.families[1].min - unrated.families[1].min).toBe(40_000 * 32);
    expect(rated.held.min - unrated.held.min).toBe(40_000 * 8);
  });

  it('grows with the graph and says when the Spark engine is needed', () => {
    const small = estimateMemory({ people: 1e5, relationships: 1e6 });
    const large = estimateMemory({ people: 1e8, relationships: 2e9 });
    expect(large.peak.min).toBeGreaterThan(100 * small.peak.min);
    expect(verdict(small, 24 * 2 ** 30)).toBe('fits');
    expect(verdict(large, 24 * 2 ** 30)).toBe('exceeds');
    expect(memoryAdvice(large, 24 * 2 ** 30)).toMatch(
      /^The local engine needs at least [\d.]+ GiB, more than this machine's 24\.0 GiB: use --engine spark/,
    );
    // Between the bounds: may exceed.
    const middle = (small.peak.min + small.peak.max) / 2;
    expect(verdict(small, middle)).toBe(small.peak.min < small.peak.max ? 'may exceed' : 'fits');
  });

  it('refuses counts that are not counts, and families it does not know', () => {
    expect(() => estimateMemory({ people: -1, relationships: 0 })).toThrow(/"people" must be at least 0/);
    expect(() => estimateMemory({ people: 10, relationships: 5, ratings: 6 })).toThrow(/"ratings" must be at most 5/);
    expect(() => estimateMemory({ people: 10, relationships: 5 }, { families: ['nope'] })).toThrow(
      /unknown score family "nope"/,
    );
  });
});
