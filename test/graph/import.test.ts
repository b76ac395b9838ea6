import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../graph/errors.ts';
import { readBatches, readSnapshot } from '../../graph/import/index.ts';
import type { ImportBatch } from '../../graph/model.ts';
import { FIXTURES_DIR } from '../datasets.ts';

const fixture = (name: string) => join(FIXTURES_DIR, 'import', name);

async function collect(iterable: AsyncIterable<ImportBatch>): Promise<ImportBatch> {
  const all: ImportBatch = { people: [], relationships: [] };
  for await (const batch of iterable) {
    all.people.push(...batch.people);
    all.relationships.push(...batch.relationships);
  }
  return all;
}

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('edge list importer', () => {
  it('reads comments, tabs, spaces, weights; reverses follows/trusts', async () => {
    const given = await collect(readBatches(fixture('tiny.edgelist'), { format: 'edgelist' }));
    expect(given.relationships.map((r) => [r.source, r.target, r.weight])).toEqual([
      ['1', '2', 1],
      ['2', '3', 2.5],
      ['3', '1', 1],
    ]);
    expect(given.people.map((p) => p.id)).toEqual(['1', '2', '3']);
    const trusts = await collect(readBatches(fixture('tiny.edgelist'), { format: 'edgelist', kind: 'trusts' }));
    expect(trusts.relationships.map((r) => [r.source, r.target, r.kind])).toEqual([
      ['2', '1', 'trusts'],
      ['3', '2', 'trusts'],
      ['1', '3', 'trusts'],
    ]);
  });

  it('stores both directions of an undirected edge list', async () => {
    const snapshot = await readSnapshot(fixture('tiny.edgelist'), { format: 'edgelist', undirected: true });
    expect(snapshot.edgeCount).toBe(6);
  });

  it('batches a large file without holding it', async () => {
    let batches = 0;
    for await (const batch of readBatches(fixture('tiny.edgelist'), { format: 'edgelist', batchSize: 2 })) {
      batches++;
      expect(batch.people.length + batch.relationships.length).toBeLessThanOrEqual(3);
    }
    expect(batches).toBeGreaterThan(2);
  });

  it('names file, line and field of a bad row', async () => {
    const error = await inputError(collect(readBatches(fixture('bad.edgelist'), { format: 'edgelist' })));
    expect([error.file, error.line, error.field]).toEqual(['bad.edgelist', 2, 'target']);
    expect(error.message).toBe('bad.edgelist:2: field "target": is missing (expected "source target [weight [time]]")');
  });
});

describe('signed CSV importer', () => {
  it('scales ratings onto [-1, 1] and stores them on the listener -> speaker reversal', async () => {
    const all = await collect(readBatches(fixture('tiny-signed.csv'), { format: 'signed-csv' }));
    // "a rated b 10": b influences a, and the rating is a's (the target's) rating of b.
    expect(all.relationships.map((r) => [r.source, r.target, r.rating, r.time])).toEqual([
      ['b', 'a', 1, 1],
      ['c', 'b', -1, 2],
      ['a', 'c', 0, 3],
    ]);
    const custom = await collect(
      readBatches(fixture('tiny-signed.csv'), { format: 'signed-csv', ratingRange: [-20, 20] }),
    );
    expect(custom.relationships[0].rating).toBe(0.5);
  });

  it('rejects a rating outside the declared range', async () => {
    const error = await inputError(collect(readBatches(fixture('bad-signed.csv'), { format: 'signed-csv' })));
    expect([error.line, error.field]).toEqual([1, 'rating']);
  });

  it('refuses kind "influences" (a rating means the rater listens)', async () => {
    await expect(
      collect(readBatches(fixture('tiny-signed.csv'), { format: 'signed-csv', kind: 'influences' })),
    ).rejects.toThrow(/trusts/);
  });
});

describe('people and relationships CSV importer', () => {
  it('reads every attribute', async () => {
    const all = await collect(
      readBatches(fixture('relationships.csv'), { format: 'csv', people: fixture('people.csv') }),
    );
    expect(all.people[0]).toEqual({
      id: 'ana',
      label: 'Ana Silva',
      handle: '@ana',
      segment: 'premium',
      region: 'north',
      channels: ['email', 'sms'],
      customer: true,
      clv: 1200,
      sentiment: 0.8,
    });
    expect(all.people[2]).toEqual({
      id: 'cy',
      label: 'Cy Park',
      segment: 'basic',
      region: 'north',
      customer: false,
      sentiment: 0,
    });
    // eve appears only in a relationship: a bare person.
    expect(all.people.map((p) => p.id)).toEqual(['ana', 'ben', 'cy', 'dee', 'eve']);
    expect(all.relationships).toEqual([
      { source: 'ana', target: 'ben', kind: 'follows', weight: 2, channel: 'instagram', rating: 0.9, time: 1705276800 },
      { source: 'ana', target: 'cy', kind: 'trusts', weight: 1, time: 1700000000 },
      { source: 'ana', target: 'dee', kind: 'influences', weight: 0.5, channel: 'email', rating: -0.4 },
      { source: 'eve', target: 'ben', kind: 'influences', weight: 1 },
    ]);
  });

  it('names file, line and field of a bad value', async () => {
    const error = await inputError(collect(readBatches(fixture('bad-relationships.csv'), { format: 'csv' })));
    expect(error.message).toBe('bad-relationships.csv:3: field "weight": "heavy" is not a number');
    const kind = await inputError(collect(readBatches(fixture('bad-kind.csv'), { format: 'csv' })));
    expect([kind.line, kind.field]).toEqual([2, 'kind']);
  });

  it('puts people attributes into the snapshot', async () => {
    const snapshot = await readSnapshot(fixture('relationships.csv'), { format: 'csv', people: fixture('people.csv') });
    const ana = snapshot.indexOfOrThrow('ana');
    expect(snapshot.attributes.clv![ana]).toBe(1200);
    expect(snapshot.attributes.customer![snapshot.indexOfOrThrow('cy')]).toBe(0);
    expect(Number.isNaN(snapshot.attributes.clv![snapshot.indexOfOrThrow('cy')])).toBe(true);
    expect(snapshot.outDegree(ana)).toBe(3);
  });
});

describe('graphology formats', () => {
  it('GEXF through graphology-gexf', async () => {
    const all = await collect(readBatches(fixture('tiny.gexf'), { format: 'gexf' }));
    expect(all.people).toEqual([
      { id: 'a', label: 'Alpha', clv: 10 },
      { id: 'b', label: 'Beta' },
      { id: 'c', label: 'Gamma' },
    ]);
    expect(all.relationships.map((r) => [r.source, r.target, r.weight])).toEqual([
      ['a', 'b', 2],
      ['b', 'c', 1],
    ]);
  });

  it('graphology JSON with per-edge kind', async () => {
    const all = await collect(readBatches(fixture('tiny.json'), { format: 'json' }));
    expect(all.people).toEqual([
      { id: 'a', label: 'Alpha', customer: true },
      { id: 'b', clv: 5 },
    ]);
    expect(all.relationships).toEqual([{ source: 'b', target: 'a', kind: 'follows', weight: 2 }]);
  });

  it('GraphML with a bad attribute names the line of the node', async () => {
    const error = await inputError(collect(readBatches(fixture('tiny.graphml'), { format: 'graphml' })));
    expect([error.file, error.line, error.field]).toEqual(['tiny.graphml', 7, 'sentiment']);
  });
});

describe('import options', () => {
  it('are validated', () => {
    expect(() => readBatches(fixture('tiny.edgelist'), { format: 'xml' as never })).toThrow(/format/);
    expect(() => readBatches(fixture('nope.edgelist'), { format: 'edgelist' })).toThrow(/file not found/);
    expect(() => readBatches(fixture('tiny.gexf'), { format: 'gexf', undirected: true })).toThrow(
      /edgelist format only/,
    );
  });
});
