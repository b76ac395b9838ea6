import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import type { Attributes } from 'graphology-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityProfilesOf } from '../../../graph/scores/community-profiles.ts';
import { loadGraph } from '../../../server/load/graph.ts';
import { readScoreColumns } from '../../../server/load/score-columns.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { exportStore, exportStoreText, EXPORT_STORE_FORMATS } from '../../../scripts/oracles/export-store.ts';
import { loadOracle } from '../../oracles.ts';

/**
 * The store's own export as NetworkX reads it (oracle export-store-networkx, made by scripts/oracles/export_readers.py
 * from the files scripts/oracles/export-store.ts writes): the same small graph imported into a fresh SQLite store and
 * scored here must hold what NetworkX found in its export, and its export must read the same. When a score family
 * changes what it gives on this graph, make the reference again (`npm run oracles`).
 */
type Person = {
  community?: number;
  community_name?: string;
  pagerank?: number;
  influence_score?: number;
  audience?: number;
  core?: number;
};
type Reading = { nodes: number; edges: number; people: Record<string, Person> };
const networkx = loadOracle<Record<'gexf' | 'graphml' | 'json', Reading>>('export-store-networkx').values;
const ATTRIBUTES = ['community', 'community_name', 'pagerank', 'influence_score', 'audience', 'core'] as const;

/** What a reader found, kept to the attributes the reference records. */
function reading(nodes: Array<[string, Attributes]>, edges: number): Reading {
  const people: Record<string, Person> = {};
  for (const [id, attributes] of nodes)
    people[id] = Object.fromEntries(ATTRIBUTES.filter((a) => a in attributes).map((a) => [a, attributes[a]]));
  return { nodes: nodes.length, edges, people };
}

describe('the store exported, read by NetworkX (read_gexf, read_graphml, json; oracle export-store-networkx)', () => {
  let work: string;
  let store: GraphStore;
  const texts: Record<string, string> = {};
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sway-export-store-'));
    store = await exportStore(join(work, 'data'));
    for (const format of EXPORT_STORE_FORMATS) texts[format] = await exportStoreText(store, format);
  });
  afterAll(async () => {
    await store?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("NetworkX found every person and relationship, each person's community, its name and scores as stored", async () => {
    const counts = await store.counts();
    const scores = (await store.readScores())!;
    const stored = new Map<string, Record<string, number | null | undefined>>();
    for await (const row of scores.rows) stored.set(row.id, row.scores);
    // The names as the app makes them (the API's cache calls the same function on the same graph and scores).
    const graph = await loadGraph(store, { people: true });
    const columns = (await readScoreColumns(store, graph.snapshot.ids))!.columns;
    const names = communityProfilesOf(graph.snapshot, graph.people, columns);
    expect(names.size).toBeGreaterThan(1);

    for (const format of EXPORT_STORE_FORMATS) {
      const read = networkx[format];
      expect(read.nodes, format).toBe(counts.people);
      expect(read.edges, format).toBe(counts.relationships);
      expect(Object.keys(read.people).sort(), format).toEqual([...stored.keys()].sort());
      for (const [id, values] of stored) {
        const person = read.people[id];
        const where = `${format} ${id}`;
        expect(person.community, where).toBe(values.community);
        expect(person.community_name, where).toBe(names.get(values.community!)!.name);
        expect(person.pagerank, where).toBeCloseTo(values.pagerank!, 14);
        expect(person.influence_score, where).toBeCloseTo(values.influence_score!, 12);
        expect(person.audience, where).toBe(values.audience);
        expect(person.core, where).toBe(values.core);
      }
    }
  });

  it('the export made here reads as NetworkX read it (graphology-gexf, graphology-graphml, JSON.parse)', () => {
    const gexf = parseGexf(MultiGraph, texts.gexf);
    expect(
      reading(
        gexf.mapNodes((id, a) => [id, a]),
        gexf.size,
      ),
    ).toEqual(networkx.gexf);
    const graphml = parseGraphml(MultiGraph, texts.graphml);
    expect(
      reading(
        graphml.mapNodes((id, a) => [id, a]),
        graphml.size,
      ),
    ).toEqual(networkx.graphml);
    const json = JSON.parse(texts.json) as { nodes: Array<{ key: string; attributes: Attributes }>; edges: unknown[] };
    expect(
      reading(
        json.nodes.map((n) => [n.key, n.attributes]),
        json.edges.length,
      ),
    ).toEqual(networkx.json);
  });
});
