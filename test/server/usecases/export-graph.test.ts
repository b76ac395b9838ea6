import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBatches } from '../../../graph/demo/customer-community.ts';
import { readBatches } from '../../../graph/import/index.ts';
import type { Person, Relationship } from '../../../graph/model.ts';
import type { GraphStore } from '../../../server/stores/contract.ts';
import { openStore } from '../../../server/stores/open.ts';
import { exportGraph } from '../../../server/usecases/export-graph.ts';
import { scoreStore } from '../../../server/usecases/score.ts';

/** What a stored graph holds, in a form two graphs can be compared by: people by id, relationships sorted. */
function canonical(people: Iterable<Person>, relationships: Iterable<Relationship>) {
  const clean = <T extends object>(value: T) =>
    Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
  return {
    people: new Map([...people].map((p) => [p.id, clean(p)])),
    relationships: [...relationships].map((r) => JSON.stringify(clean(r))).sort(),
  };
}

async function stored(store: GraphStore) {
  const people: Person[] = [];
  const relationships: Relationship[] = [];
  await store.streamGraph({
    addPerson: (p) => void people.push(p),
    addRelationship: (r) => void relationships.push(r),
  });
  return canonical(people, relationships);
}

async function text(chunks: AsyncGenerator<string>): Promise<string> {
  let all = '';
  for await (const chunk of chunks) all += chunk;
  return all;
}

describe('graph export of the store (sway export graph, the API)', () => {
  let work: string;
  let store: GraphStore;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'sway-export-graph-'));
    store = await openStore({ data: join(work, 'data') });
    await store.importBatches(demoBatches({ people: 600 }), { source: 'demo' });
    await scoreStore(store, {});
  });
  afterAll(async () => {
    await store?.close();
    rmSync(work, { recursive: true, force: true });
  });

  for (const format of ['gexf', 'graphml', 'json'] as const) {
    it(`${format}: importing Sway's own export gives back the same graph (round trip)`, async () => {
      const exported = await exportGraph(store, { format });
      const file = join(work, `demo.${format}`);
      writeFileSync(file, await text(exported.chunks));
      const copy = await openStore({ data: join(work, `copy-${format}`) });
      try {
        await copy.importBatches(readBatches(file, { format }), { source: file });
        const [original, again] = await Promise.all([stored(store), stored(copy)]);
        expect(again.people.size).toBe(original.people.size);
        expect(again.people).toEqual(original.people);
        expect(again.relationships).toEqual(original.relationships);
        expect(exported.relationships).toBe(original.relationships.length);
      } finally {
        await copy.close();
      }
    });
  }

  it('writes every score column and the drawing, and keeps one community or the top people when asked', async () => {
    const scores = (await store.readScores())!;
    const community = new Map<string, number>();
    const influence: Array<[string, number]> = [];
    for await (const row of scores.rows) {
      community.set(row.id, row.scores.community!);
      influence.push([row.id, row.scores.influence ?? -Infinity]);
    }
    const whole = await text((await exportGraph(store, { format: 'gexf' })).chunks);
    for (const column of scores.columns.filter((c) => c !== 'clv')) expect(whole).toContain(`title="${column}"`);
    expect(whole).toMatch(/<viz:color r="\d+" g="\d+" b="\d+"/);

    const one = await exportGraph(store, { format: 'json', community: 2 });
    const graph = JSON.parse(await text(one.chunks)) as { nodes: Array<{ key: string }> };
    const members = [...community].filter(([, c]) => c === 2).map(([id]) => id);
    expect(graph.nodes.map((n) => n.key).sort()).toEqual(members.sort());

    const top = await exportGraph(store, { format: 'json', top: 25 });
    const topGraph = JSON.parse(await text(top.chunks)) as { nodes: Array<{ key: string }> };
    influence.sort((a, b) => b[1] - a[1]);
    expect(new Set(topGraph.nodes.map((n) => n.key))).toEqual(new Set(influence.slice(0, 25).map(([id]) => id)));
  });

  it('refuses two parts of the graph at once, and an unknown person', async () => {
    await expect(exportGraph(store, { top: 5, community: 1 })).rejects.toThrow(/top: cannot be given with community/);
    await expect(exportGraph(store, { ego: 'nobody-here' })).rejects.toThrow(/nobody-here/);
  });
});
