import { MultiGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { exportGraph } from '../../../server/usecases/export-graph.ts';
import { withDemoApi } from './demo-caller.ts';

describe('graph.export (the explorer\'s "Download for Gephi")', () => {
  const demo = withDemoApi(400);
  const callerAs = (role: 'viewer' | 'analyst') => demo.callerAs(role);
  let store: GraphStore;
  beforeAll(() => {
    store = demo.store;
  });

  it('gives analysts the same file as `sway export graph`, which graphology reads back', async () => {
    const file = await callerAs('analyst').graph.export({ format: 'gexf', top: 50 });
    let expected = '';
    for await (const chunk of (await exportGraph(store, { format: 'gexf', top: 50 })).chunks) expected += chunk;
    expect(file.text).toBe(expected);
    expect(file).toMatchObject({ filename: 'sway-graph-top-50.gexf', mediaType: 'application/gexf+xml', people: 50 });
    const graph = parseGexf(MultiGraph, file.text);
    expect(graph.order).toBe(50);
    expect(graph.size).toBe(file.relationships);
    graph.forEachNode((_, attributes) => expect(typeof attributes.influence_score).toBe('number'));
  });

  it("refuses viewers: the file holds every person's fields", async () => {
    await expect(callerAs('viewer').graph.export({ format: 'gexf' })).rejects.toThrow(/analyst/);
  });
});
