import { describe, expect, it } from 'vitest';
import { generateDemoNetwork } from '../../graph/demo/customer-community.ts';
import { snapshotFrom } from '../../graph/snapshot.ts';

describe('the synthetic demo network', () => {
  const network = generateDemoNetwork();

  it('is the same for the same seed and different for another', () => {
    const again = generateDemoNetwork();
    expect(again.people).toEqual(network.people);
    expect(again.relationships).toEqual(network.relationships);
    expect(generateDemoNetwork({ seed: 7 }).relationships).not.toEqual(network.relationships);
  });

  it('labels everyone as synthetic', () => {
    expect(network.people).toHaveLength(3000);
    expect(
      network.people.filter((p) => !/\(synthetic\)$/.test(p.label!) || !p.handle!.startsWith('synthetic_')),
    ).toEqual([]);
  });

  it('has customers, values, sentiment and detractors in their ranges', () => {
    const customers = network.people.filter((p) => p.customer).length / network.people.length;
    expect(customers).toBeGreaterThan(0.4);
    expect(customers).toBeLessThan(0.75);
    expect(network.people.filter((p) => !(p.clv! >= 0 && p.sentiment! >= -1 && p.sentiment! <= 1))).toEqual([]);
    const detractors = network.people.filter((p) => p.sentiment! < -0.25).length / network.people.length;
    expect(detractors).toBeGreaterThan(0.04);
    expect(detractors).toBeLessThan(0.15);
    // Customers are worth more than prospects of the same segment, on average.
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(network.people.filter((p) => p.customer).map((p) => p.clv!))).toBeGreaterThan(
      2 * mean(network.people.filter((p) => !p.customer).map((p) => p.clv!)),
    );
  });

  it('stores "u follows v" as v influences u, with ratings only on trust ties', () => {
    const ids = new Set(network.people.map((p) => p.id));
    const wrong = network.relationships.filter(
      (r) =>
        !ids.has(r.source) ||
        !ids.has(r.target) ||
        r.source === r.target ||
        (r.kind === 'trusts' ? !(r.rating! >= -1 && r.rating! <= 1) : r.kind !== 'follows' || r.rating !== undefined),
    );
    expect(wrong).toEqual([]);
    const trusts = network.relationships.filter((r) => r.kind === 'trusts').length / network.relationships.length;
    expect(trusts).toBeGreaterThan(0.25);
    expect(trusts).toBeLessThan(0.4);
  });

  it('keeps most ties inside the planted communities, with heavy-tailed attention', () => {
    const index = new Map(network.people.map((p, i) => [p.id, i]));
    const inside = network.relationships.filter(
      (r) => network.plantedCommunity[index.get(r.source)!] === network.plantedCommunity[index.get(r.target)!],
    ).length;
    // 85% of ties are drawn inside; the rest land inside by chance in proportion to community size.
    expect(inside / network.relationships.length).toBeGreaterThan(0.85);
    const snapshot = snapshotFrom(network.people, network.relationships);
    const audiences = Array.from({ length: snapshot.nodeCount }, (_, i) => snapshot.outDegree(i)).sort((a, b) => b - a);
    const mean = network.relationships.length / network.people.length;
    expect(audiences[0]).toBeGreaterThan(20 * mean);
  });

  it('validates its options', () => {
    expect(() => generateDemoNetwork({ people: 1 })).toThrow(/"people" must be at least 2/);
    expect(() => generateDemoNetwork({ withinCommunity: 2 })).toThrow(/"withinCommunity" must be at most 1/);
    // @ts-expect-error: an unknown option on purpose
    expect(() => generateDemoNetwork({ size: 10 })).toThrow(/unknown option "size"/);
  });
});
