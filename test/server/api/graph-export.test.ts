import { DirectedGraph, MultiGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
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

  it("names each person's community in every format as the communities screen does, also in one community's file", async () => {
    const list = await callerAs('viewer').communities.list({ limit: 1000 });
    const names = new Map(list.communities.map((c) => [c.community, c.name]));
    expect(names.size).toBeGreaterThan(1);
    const analyst = callerAs('analyst');
    const read = {
      gexf: (text: string) => parseGexf(MultiGraph, text),
      graphml: (text: string) => parseGraphml(MultiGraph, text),
      json: (text: string) => DirectedGraph.from(JSON.parse(text)),
    };
    for (const format of ['gexf', 'graphml', 'json'] as const) {
      const graph = read[format]((await analyst.graph.export({ format })).text);
      expect(graph.order).toBe(400);
      graph.forEachNode((id, a) => {
        expect(names.has(a.community), `${format} ${id}`).toBe(true);
        expect(a.community_name, `${format} ${id}`).toBe(names.get(a.community));
      });
    }
    // Named on the whole network, so a file of one community names it as the screen does.
    const chosen = list.communities[1];
    const one = read.json((await analyst.graph.export({ format: 'json', community: chosen.community })).text);
    expect(one.order).toBe(chosen.size);
    one.forEachNode((_, a) => expect(a.community_name).toBe(chosen.name));
  });

  it("refuses viewers: the file holds every person's fields", async () => {
    await expect(callerAs('viewer').graph.export({ format: 'gexf' })).rejects.toThrow(/analyst/);
  });
});
