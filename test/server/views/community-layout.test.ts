import { describe, expect, it } from 'vitest';
import { communityLayout } from '../../../server/views/community-layout.ts';

const distance = (p: { x: number; y: number }, q: { x: number; y: number }) => Math.hypot(p.x - q.x, p.y - q.y);

describe('communityLayout', () => {
  const nodes = [
    { id: 'a', size: 40 },
    { id: 'b', size: 30 },
    { id: 'c', size: 20 },
    { id: 'd', size: 10 },
  ];
  // a and b are strongly linked; c and d are linked to each other only.
  const edges = [
    { source: 'a', target: 'b', weight: 50 },
    { source: 'c', target: 'd', weight: 50 },
    { source: 'b', target: 'c', weight: 1 },
  ];

  it('places every community at a finite position, the same each time', () => {
    const first = communityLayout(nodes, edges);
    expect(Object.keys(first).sort()).toEqual(['a', 'b', 'c', 'd']);
    for (const p of Object.values(first)) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
    expect(communityLayout(nodes, edges)).toEqual(first);
  });

  it('draws strongly linked communities closer than unlinked ones', () => {
    const p = communityLayout(nodes, edges);
    expect(distance(p.a, p.b)).toBeLessThan(distance(p.a, p.d));
    expect(distance(p.c, p.d)).toBeLessThan(distance(p.a, p.d));
  });

  it('keeps a single community at its starting point', () => {
    expect(communityLayout([{ id: 'only', size: 3 }], [])).toEqual({ only: { x: 100, y: 0 } });
  });
});
