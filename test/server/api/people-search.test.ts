import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { batchesOf, startTestServer, type TestServer } from './harness.ts';

/**
 * Four people match "dario": one by id, one by handle, two by name. Dario Zed influences three people and the others
 * nobody, so PageRank makes him the most influential of the four.
 */
async function seedDarios(store: GraphStore): Promise<void> {
  const people = [
    { id: 'dario', label: 'Someone Else' },
    { id: 'p1', label: 'Dario Abara' },
    { id: 'p2', label: 'Dario Zed' },
    { id: 'p3', label: 'Zoe Quinn', handle: 'dario' },
    { id: 'x1' },
    { id: 'x2' },
    { id: 'x3' },
  ];
  // A relationship's source influences its target, whatever its kind.
  const relationships = ['x1', 'x2', 'x3'].map((id) => ({
    source: 'p2',
    target: id,
    kind: 'follows' as const,
    weight: 1,
  }));
  await store.importBatches(batchesOf({ people, relationships }), { source: 'search fixture' });
}

describe('people search ranking (real HTTP)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: seedDarios, score: true });
  });
  afterAll(() => server?.close());

  it('lists whoever the query names exactly first, then the most influential', async () => {
    const found = await server.client('viewer').people.search.query({ query: 'Dario' });
    // The store's own order would be dario, p1, p2, p3 (id matches, then names alphabetically, then handles).
    expect(found.map((p) => p.id)).toEqual(['dario', 'p3', 'p2', 'p1']);
    expect(found[2].influence!).toBeGreaterThan(found[3].influence!);
  });

  it('keeps the most influential match within a short limit', async () => {
    // The store's first three would end with Dario Abara, the least influential.
    const found = await server.client('viewer').people.search.query({ query: 'dario', limit: 3 });
    expect(found.map((p) => p.id)).toEqual(['dario', 'p3', 'p2']);
  });
});
