import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import type { Attributes } from 'graphology-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphChunks, selectGraph } from '../../graph/export/index.ts';
import { exportColumnsOf, type ExportColumn, type ExportPerson } from '../../graph/export/options.ts';
import { COMMUNITY_COLOURS, drawByScores } from '../../graph/export/style.ts';
import { scoreDefinitions } from '../../graph/scores/definitions.ts';
import { readBatches } from '../../graph/import/index.ts';
import type { Person, Relationship } from '../../graph/model.ts';
import { snapshotFromEdges } from '../../graph/snapshot.ts';
import { exportSample, exportSampleText, type ExportSample } from '../../scripts/oracles/export-sample.ts';
import { loadOracle } from '../oracles.ts';

type Read = { directed: boolean; nodes: Record<string, Attributes>; edges: Array<[string, string, Attributes]> };
const networkx = loadOracle<{ gexf: Read; graphml: Read }>('export-networkx').values;

let sample: ExportSample;
const texts: Record<string, string> = {};
let folder: string;

beforeAll(async () => {
  sample = exportSample();
  for (const format of ['gexf', 'graphml', 'json'] as const) texts[format] = await exportSampleText(sample, format);
  folder = mkdtempSync(join(tmpdir(), 'sway-export-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/**
 * What a person's attributes should read as: fields, the community's name, then scores by type; nothing where there is
 * no value.
 */
function expectedPerson(
  person: ExportPerson,
  columns: readonly ExportColumn[],
  channels: 'joined' | 'list',
): Attributes {
  const expected: Attributes = {};
  for (const field of ['label', 'handle', 'segment', 'region'] as const)
    if (person[field] !== undefined) expected[field] = person[field];
  if (person.channels) expected.channels = channels === 'joined' ? person.channels.join(';') : person.channels;
  if (person.customer !== undefined) expected.customer = person.customer;
  if (person.clv !== undefined) expected.clv = person.clv;
  if (person.sentiment !== undefined) expected.sentiment = person.sentiment;
  if (person.communityName !== undefined) expected.community_name = person.communityName;
  for (const column of columns) {
    const value = person.scores?.[column.name];
    if (value === null || value === undefined || Number.isNaN(value)) continue;
    expected[column.name] =
      column.type === 'boolean' ? value !== 0 : column.type === 'integer' ? Math.round(value) : value;
  }
  return expected;
}

/** The relationship as an edge reads: endpoints in the direction its kind names, and its attributes. */
function expectedEdge(relationship: Relationship): [string, string, Attributes] {
  const [from, to] =
    relationship.kind === 'influences'
      ? [relationship.source, relationship.target]
      : [relationship.target, relationship.source];
  const attributes: Attributes = { kind: relationship.kind, weight: relationship.weight };
  for (const field of ['channel', 'rating', 'time'] as const)
    if (relationship[field] !== undefined) attributes[field] = relationship[field];
  return [from, to, attributes];
}

function without(attributes: Attributes, keys: string[]): Attributes {
  return Object.fromEntries(Object.entries(attributes).filter(([key, value]) => !keys.includes(key) && value !== null));
}

const byEndpoints = (edges: Array<[string, string, Attributes]>) =>
  new Map(edges.map(([u, v, a]) => [`${u} -> ${v}`, a]));

describe('graph export read by NetworkX (read_gexf, read_graphml; oracle export-networkx)', () => {
  for (const format of ['gexf', 'graphml'] as const) {
    it(`${format}: every person's fields, scores and drawing, every relationship's attributes`, () => {
      const read = networkx[format];
      expect(read.directed).toBe(true);
      expect(Object.keys(read.nodes).sort()).toEqual(sample.people.map((p) => p.id).sort());
      for (const person of sample.people) {
        const attributes = read.nodes[person.id];
        const drawing = format === 'gexf' ? ['viz'] : ['x', 'y', 'size', 'r', 'g', 'b'];
        expect(without(attributes, drawing), person.id).toEqual(expectedPerson(person, sample.columns, 'joined'));
        const [r, g, b] = [1, 3, 5].map((k) => parseInt(person.color!.slice(k, k + 2), 16));
        if (format === 'gexf') {
          expect(attributes.viz).toEqual({
            color: { r, g, b, a: 1 },
            size: person.size,
            position: { x: person.x, y: person.y, z: 0 },
          });
        } else {
          expect({
            x: attributes.x,
            y: attributes.y,
            size: attributes.size,
            r: attributes.r,
            g: attributes.g,
            b: attributes.b,
          }).toEqual({ x: person.x, y: person.y, size: person.size, r, g, b });
        }
      }
      const edges = byEndpoints(read.edges.map(([u, v, a]) => [u, v, without(a, ['id'])]));
      expect(edges.size).toBe(sample.relationships.length);
      for (const relationship of sample.relationships) {
        const [from, to, attributes] = expectedEdge(relationship);
        expect(edges.get(`${from} -> ${to}`), `${from} -> ${to}`).toEqual(attributes);
      }
    });
  }
});

describe("graph export read by graphology's parsers", () => {
  const check = (
    graph: MultiGraph,
    drawing: string[],
    channels: 'joined' | 'list',
    drawn: (a: Attributes, p: ExportPerson) => void,
  ) => {
    expect(graph.order).toBe(sample.people.length);
    for (const person of sample.people) {
      const attributes = graph.getNodeAttributes(person.id);
      expect(without(attributes, drawing), person.id).toEqual(expectedPerson(person, sample.columns, channels));
      drawn(attributes, person);
    }
    const edges = byEndpoints(graph.mapEdges((_, a, u, v) => [u, v, a] as [string, string, Attributes]));
    expect(edges.size).toBe(sample.relationships.length);
    for (const relationship of sample.relationships) {
      const [from, to, attributes] = expectedEdge(relationship);
      expect(edges.get(`${from} -> ${to}`), `${from} -> ${to}`).toEqual(attributes);
    }
  };
  const rgbOf = (color: string) => [1, 3, 5].map((k) => parseInt(color.slice(k, k + 2), 16)).join(',');

  it('GEXF (graphology-gexf): attributes typed, viz as x, y, size and colour', () => {
    check(parseGexf(MultiGraph, texts.gexf), ['x', 'y', 'z', 'size', 'color'], 'joined', (a, p) => {
      expect({ x: a.x, y: a.y, size: a.size, color: a.color }).toEqual({
        x: p.x,
        y: p.y,
        size: p.size,
        color: `rgb(${rgbOf(p.color!)})`,
      });
    });
  });

  it('GraphML (graphology-graphml): attributes typed, drawing as Gephi keys (r, g, b read back as a colour)', () => {
    check(parseGraphml(MultiGraph, texts.graphml), ['x', 'y', 'size', 'color'], 'joined', (a, p) => {
      expect({ x: a.x, y: a.y, size: a.size, color: a.color }).toEqual({
        x: p.x,
        y: p.y,
        size: p.size,
        color: p.color,
      });
    });
  });

  it("JSON (graph.import): graphology's serialisation, sigma's drawing attributes", () => {
    const graph = new MultiGraph();
    graph.import(JSON.parse(texts.json));
    check(graph, ['x', 'y', 'size', 'color'], 'list', (a, p) => {
      expect({ x: a.x, y: a.y, size: a.size, color: a.color }).toEqual({
        x: p.x,
        y: p.y,
        size: p.size,
        color: p.color,
      });
    });
  });
});

describe("graph export imported by Sway's importers gives back the same graph", () => {
  for (const format of ['gexf', 'graphml', 'json'] as const) {
    it(format, async () => {
      const path = join(folder, `round-trip.${format}`);
      writeFileSync(path, texts[format]);
      const people: Person[] = [];
      const relationships: Relationship[] = [];
      for await (const batch of readBatches(path, { format })) {
        people.push(...batch.people);
        relationships.push(...batch.relationships);
      }
      const fields = [
        'id',
        'label',
        'handle',
        'segment',
        'region',
        'channels',
        'customer',
        'clv',
        'sentiment',
      ] as const;
      const asPerson = (p: Person) =>
        Object.fromEntries(fields.filter((f) => p[f] !== undefined).map((f) => [f, p[f]]));
      expect(people.map(asPerson)).toEqual(sample.people.map(asPerson));
      const key = (r: Relationship) => `${r.source} -> ${r.target}`;
      expect(new Map(relationships.map((r) => [key(r), r]))).toEqual(
        new Map(sample.relationships.map((r) => [key(r), r])),
      );
    });
  }
});

describe('graph export: streaming and options', () => {
  it('streams a large graph in chunks without holding the text', async () => {
    const people = (function* () {
      for (let i = 0; i < 20_000; i++) yield { id: `p${i}`, label: `Person ${i}` };
    })();
    let chunks = 0;
    let largest = 0;
    let length = 0;
    for await (const chunk of graphChunks('gexf', { people, relationships: [] })) {
      chunks++;
      largest = Math.max(largest, chunk.length);
      length += chunk.length;
    }
    expect(chunks).toBeGreaterThan(10);
    expect(largest).toBeLessThan(length / 5);
  });

  it('refuses what it cannot write faithfully', async () => {
    const input = { people: [], relationships: [] };
    await expect(graphChunks('gexf', input, { columns: [{ name: 'label', type: 'double' }] }).next()).rejects.toThrow(
      /GEXF export: score column "label" would hide the person's own "label"/,
    );
    await expect(graphChunks('graphml', input, { columns: [{ name: 'a b', type: 'double' }] }).next()).rejects.toThrow(
      /is not a plain name/,
    );
    expect(() => graphChunks('csv' as never, input)).toThrow(/"format" must be one of gexf, graphml, json/);
  });
});

describe('export columns and drawing', () => {
  it('declares every score column by its kind, leaving a person field to the person', () => {
    const columns = exportColumnsOf(scoreDefinitions());
    const byName = Object.fromEntries(columns.map((c) => [c.name, c.type]));
    expect(byName).toMatchObject({
      pagerank: 'double',
      audience: 'integer',
      community: 'integer',
      detractor: 'boolean',
    });
    expect(byName.clv).toBeUndefined();
    expect(columns).toHaveLength(scoreDefinitions().length - 1);
  });

  it('colours by community and sizes by influence score', () => {
    const draw = drawByScores([0, 1, 12, NaN], [0, 100, 50, NaN]);
    expect(draw(0)).toEqual({ color: COMMUNITY_COLOURS[0], size: 2 });
    expect(draw(1)).toEqual({ color: COMMUNITY_COLOURS[1], size: 20 });
    expect(draw(2)).toEqual({ color: COMMUNITY_COLOURS[0], size: 11 });
    expect(draw(3)).toEqual({ color: '#bbbbbb', size: 2 });
    expect(new Set(COMMUNITY_COLOURS).size).toBe(12);
    for (const colour of COMMUNITY_COLOURS) expect(colour).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('graph selection', () => {
  // a -> b -> c -> d, e -> a; f alone.
  const snapshot = snapshotFromEdges([
    ['a', 'b'],
    ['b', 'c'],
    ['c', 'd'],
    ['e', 'a'],
  ]);
  const ids = (people: Int32Array) => Array.from(people, (i) => snapshot.ids.idOf(i)).sort();
  const column = (values: Record<string, number>) =>
    Float64Array.from({ length: snapshot.nodeCount }, (_, i) => values[snapshot.ids.idOf(i)]);

  it('top N by a column, ties to the first index, with the relationships among them', () => {
    const influence = column({ a: 5, b: 9, c: 1, d: 7, e: Number.NaN });
    const top = selectGraph(snapshot, { kind: 'top', column: 'influence', count: 3 }, { influence });
    expect(ids(top.people)).toEqual(['a', 'b', 'd']);
    expect(top.relationships).toBe(1);
    expect(top.hasRelationship({ source: 'a', target: 'b' })).toBe(true);
    expect(top.hasRelationship({ source: 'b', target: 'c' })).toBe(false);
  });

  it('one community', () => {
    const community = column({ a: 0, b: 0, c: 1, d: 1, e: 0 });
    const one = selectGraph(snapshot, { kind: 'community', community: 1 }, { community });
    expect(ids(one.people)).toEqual(['c', 'd']);
    expect(one.relationships).toBe(1);
    expect(() => selectGraph(snapshot, { kind: 'community', community: 7 }, { community })).toThrow(
      /there is no community 7/,
    );
    expect(() => selectGraph(snapshot, { kind: 'community', community: 0 })).toThrow(/no score column "community"/);
  });

  it('an ego network follows relationships either way, to the depth asked', () => {
    expect(ids(selectGraph(snapshot, { kind: 'ego', person: 'b', depth: 1 }).people)).toEqual(['a', 'b', 'c']);
    expect(ids(selectGraph(snapshot, { kind: 'ego', person: 'b', depth: 2 }).people)).toEqual([
      'a',
      'b',
      'c',
      'd',
      'e',
    ]);
    expect(selectGraph(snapshot, { kind: 'ego', person: 'b', depth: 2 }).relationships).toBe(4);
    expect(() => selectGraph(snapshot, { kind: 'ego', person: 'zed', depth: 1 })).toThrow(/unknown person id "zed"/);
    expect(() => selectGraph(snapshot, { kind: 'ego', person: 'b', depth: 4 })).toThrow(/"depth" must be at most 3/);
  });
});
