import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { InputError, InputFileError, InvalidOptionsError, SwayError } from '../../graph/errors.ts';
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
      { source: 'ana', target: 'dee', kind: 'influences', weight: 0.5, channel: 'email;sms', rating: -0.4 },
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

  it('graphology JSON with per-edge kind, a list of channels written as "forum;email"', async () => {
    const all = await collect(readBatches(fixture('tiny.json'), { format: 'json' }));
    expect(all.people).toEqual([
      { id: 'a', label: 'Alpha', customer: true },
      { id: 'b', clv: 5 },
    ]);
    expect(all.relationships).toEqual([
      { source: 'b', target: 'a', kind: 'follows', weight: 2, channel: 'forum;email' },
    ]);
  });

  it('GraphML with a bad attribute names the line of the node', async () => {
    const error = await inputError(collect(readBatches(fixture('tiny.graphml'), { format: 'graphml' })));
    expect([error.file, error.line, error.field]).toEqual(['tiny.graphml', 7, 'sentiment']);
  });
});

describe('GEXF and GraphML, read as a stream', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sway-xml-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('GraphML: declared keys and their defaults, CDATA, an edge before its nodes, a direction per edge', async () => {
    const path = write(
      'mixed.graphml',
      `<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k0" for="node" attr.name="segment" attr.type="string"><default>retail</default></key>
  <key id="k1" for="edge" attr.name="kind" attr.type="string"/>
  <key id="k2" for="edge" attr.name="weight" attr.type="double"/>
  <graph edgedefault="undirected">
    <edge source="a" target="b"><data key="k2">2</data></edge>
    <node id="a"><data key="k0"><![CDATA[B2B & wholesale]]></data></node>
    <node id="b"/>
    <edge source="b" target="a" directed="true"><data key="k1">follows</data></edge>
  </graph>
</graphml>`,
    );
    const all = await collect(readBatches(path, { format: 'graphml' }));
    expect(all.people).toEqual([
      { id: 'a', segment: 'B2B & wholesale' },
      { id: 'b', segment: 'retail' },
    ]);
    // The undirected edge both ways; "b follows a" is a influencing b.
    expect(all.relationships).toEqual([
      { source: 'a', target: 'b', kind: 'influences', weight: 2 },
      { source: 'b', target: 'a', kind: 'influences', weight: 2 },
      { source: 'a', target: 'b', kind: 'follows', weight: 1 },
    ]);
  });

  it('GraphML: directed="false" makes an edge mutual in a directed graph', async () => {
    const path = write(
      'mutual.graphml',
      '<graphml><graph edgedefault="directed"><node id="a"/><node id="b"/>' +
        '<edge source="a" target="b" directed="false"/><edge source="b" target="a"/></graph></graphml>',
    );
    expect((await collect(readBatches(path, { format: 'graphml' }))).relationships).toEqual([
      { source: 'a', target: 'b', kind: 'influences', weight: 1 },
      { source: 'b', target: 'a', kind: 'influences', weight: 1 },
      { source: 'b', target: 'a', kind: 'influences', weight: 1 },
    ]);
  });

  it('yields batches while reading, the same rows in the same order', async () => {
    const batches: ImportBatch[] = [];
    for await (const batch of readBatches(fixture('tiny.gexf'), { format: 'gexf', batchSize: 2 })) batches.push(batch);
    // 3 people and 2 relationships, in batches of 2 rows.
    expect(batches.map((b) => b.people.length + b.relationships.length)).toEqual([2, 2, 1]);
    const whole = await collect(readBatches(fixture('tiny.gexf'), { format: 'gexf' }));
    expect({
      people: batches.flatMap((b) => b.people),
      relationships: batches.flatMap((b) => b.relationships),
    }).toEqual(whole);
  });

  it('GEXF: attributes by title, lists, defaults, label, kind and weight on the element, a type per edge', async () => {
    const path = write(
      'typed.gexf',
      `<gexf version="1.3">
  <graph defaultedgetype="directed">
    <attributes class="node">
      <attribute id="0" title="channels" type="liststring"/>
      <attribute id="1" title="customer" type="boolean"><default>false</default></attribute>
    </attributes>
    <nodes>
      <node id="a" label="Ana"><attvalues><attvalue for="0" value="[email, sms]"/></attvalues></node>
      <node id="b"><attvalues><attvalue for="1" value="true"/></attvalues></node>
    </nodes>
    <edges>
      <edge source="a" target="b" type="undirected" kind="trusts"/>
      <edge source="b" target="a" weight="0.5"/>
    </edges>
  </graph>
</gexf>`,
    );
    const all = await collect(readBatches(path, { format: 'gexf' }));
    expect(all.people).toEqual([
      { id: 'a', label: 'Ana', channels: ['email', 'sms'], customer: false },
      { id: 'b', customer: true },
    ]);
    expect(all.relationships).toEqual([
      { source: 'b', target: 'a', kind: 'trusts', weight: 1 },
      { source: 'a', target: 'b', kind: 'trusts', weight: 1 },
      { source: 'b', target: 'a', kind: 'influences', weight: 0.5 },
    ]);
  });

  it('names the file, line and field of a node declared twice, an edge to no node and a bad value', async () => {
    const nodes = '<gexf><graph defaultedgetype="directed"><nodes>\n<node id="a"/>\n<node id="b"/>\n';
    const cases: Array<[string, string, [number, string], RegExp]> = [
      ['twice.gexf', `${nodes}<node id="a"/>\n</nodes></graph></gexf>`, [4, 'id'], /"a" is declared as a node twice/],
      [
        'dangling.gexf',
        `${nodes}</nodes><edges>\n<edge source="a" target="b"/>\n<edge source="a"\n target="zz"/>\n</edges></graph></gexf>`,
        // The line where the edge's start tag begins, though it ends on the next.
        [6, 'target'],
        /^dangling\.gexf:6: field "target": "zz" is not a node of this file \(no <node id="zz">\)$/,
      ],
      [
        'weight.gexf',
        `${nodes}</nodes><edges>\n<edge source="a" target="b" weight="heavy"/>\n</edges></graph></gexf>`,
        [5, 'weight'],
        /"heavy" is not a number/,
      ],
    ];
    for (const [name, content, [line, field], message] of cases) {
      const error = await inputError(collect(readBatches(write(name, content), { format: 'gexf' })));
      expect([error.file, error.line, error.field]).toEqual([name, line, field]);
      expect(error.message).toMatch(message);
    }
    const graphml = await inputError(
      collect(
        readBatches(
          write(
            'dangling.graphml',
            '<graphml><graph edgedefault="directed"><node id="a"/><edge source="a" target="zz"/></graph></graphml>',
          ),
          { format: 'graphml' },
        ),
      ),
    );
    expect(graphml.message).toBe(
      'dangling.graphml:1: field "target": "zz" is not a node of this file (no <node id="zz">)',
    );
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

describe('input files: gzip by magic bytes, folders, binary and empty files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sway-input-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const failure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SwayError);
    return error as SwayError;
  };

  it('reads a gzip-compressed file of every format by its first bytes, whatever its name', async () => {
    for (const [name, format] of [
      ['tiny.edgelist', 'edgelist'],
      ['tiny-signed.csv', 'signed-csv'],
      ['relationships.csv', 'csv'],
      ['tiny.gexf', 'gexf'],
      ['tiny.json', 'json'],
    ] as const) {
      const plain = await collect(readBatches(fixture(name), { format }));
      const gzipped = gzipSync(readFileSync(fixture(name)));
      // Named as the plain file (no .gz), and with .gz: the magic bytes decide.
      expect(await collect(readBatches(write(`as-plain-${name}`, gzipped), { format }))).toEqual(plain);
      expect(await collect(readBatches(write(`${name}.gz`, gzipped), { format }))).toEqual(plain);
    }
    // The people file of the csv format too.
    const people = write('people.csv.gz', gzipSync(readFileSync(fixture('people.csv'))));
    expect(await collect(readBatches(fixture('relationships.csv'), { format: 'csv', people }))).toEqual(
      await collect(readBatches(fixture('relationships.csv'), { format: 'csv', people: fixture('people.csv') })),
    );
  });

  it('reads a gzip file larger than one chunk in the same order as the plain one', async () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `${i}\t${(i * 7919) % 200_000}`).join('\n');
    const path = write('big.txt', gzipSync(lines));
    let count = 0;
    let last: [string, string] | null = null;
    for await (const batch of readBatches(path, { format: 'edgelist' })) {
      count += batch.relationships.length;
      const r = batch.relationships.at(-1);
      if (r) last = [r.source, r.target];
    }
    expect(count).toBe(200_000);
    expect(last).toEqual(['199999', String((199_999 * 7919) % 200_000)]);
  });

  it('refuses a folder where a file is expected, as a bad argument naming the path', () => {
    const folder = join(dir, 'a-folder');
    mkdirSync(folder, { recursive: true });
    expect(() => readBatches(folder, { format: 'edgelist' })).toThrow(InvalidOptionsError);
    expect(() => readBatches(folder, { format: 'gexf' })).toThrow(`${folder} is a folder, not a file`);
  });

  it('says that a binary or differently compressed file is not text, and which formats it reads', async () => {
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 2654435761) >>> 24;
    const cases: Array<[string, Buffer, RegExp]> = [
      [
        'photo.edgelist',
        binary,
        /^photo\.edgelist: looks like a binary file, not text; accepted formats are edge lists, .*gzip/,
      ],
      ['archive.edgelist', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), binary]), /looks like a zip archive/],
      ['data.bz2', Buffer.concat([Buffer.from('BZh91AY&SY'), binary]), /looks like a bzip2-compressed file/],
      [
        'data.xz',
        Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), binary]),
        /looks like an xz-compressed file/,
      ],
      ['data.zst', Buffer.concat([Buffer.from([0x28, 0xb5, 0x2f, 0xfd]), binary]), /looks like a zstd-compressed file/],
      ['inner.gz', gzipSync(binary), /looks like a binary file \(after gunzip\)/],
      ['utf16.csv', Buffer.from('\ufeffsource,target,rating\n1,2,3\n', 'utf16le'), /UTF-16 text \(save it as UTF-8\)/],
    ];
    for (const [name, content, message] of cases) {
      const error = await failure(
        collect(readBatches(write(name, content), { format: name.endsWith('.csv') ? 'signed-csv' : 'edgelist' })),
      );
      expect(error).toBeInstanceOf(InputFileError);
      expect(error.code).toBe('INVALID_INPUT');
      expect(error.message).toMatch(message);
    }
    // A truncated gzip file is named as such.
    const truncated = gzipSync(readFileSync(fixture('tiny.edgelist'))).subarray(0, 20);
    expect((await failure(collect(readBatches(write('cut.gz', truncated), { format: 'edgelist' })))).message).toMatch(
      /^cut\.gz: is not a valid gzip file/,
    );
    // A Latin-1 file with a few accents is still text.
    const latin1 = write('latin1.edgelist', Buffer.from('# réseau élémentaire\nJosé\tRené\n', 'latin1'));
    expect((await collect(readBatches(latin1, { format: 'edgelist' }))).relationships).toHaveLength(1);
  });

  it('refuses a file with no relationships: empty, comments only, header only', async () => {
    for (const [name, content, format] of [
      ['empty.edgelist', '', 'edgelist'],
      ['comments.edgelist', '# nothing here\n% nor here\n\n', 'edgelist'],
      ['header.csv', 'source,target,rating,time\n', 'signed-csv'],
      ['empty.txt.gz', gzipSync(''), 'edgelist'],
    ] as const) {
      const error = await failure(collect(readBatches(write(name, content), { format })));
      expect(error).toBeInstanceOf(InputFileError);
      expect(error.message).toBe(
        `${name}: no relationships in this file (it is empty or holds only comments and blank lines)`,
      );
    }
  });

  it('reports malformed GEXF and GraphML in one line with the file and line, and prints nothing', async () => {
    const printed = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const logged = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const truncated = readFileSync(fixture('tiny.gexf'), 'utf8').slice(0, 300);
      const cases: Array<[string, string, 'gexf' | 'graphml', RegExp]> = [
        ['cut.gexf', truncated, 'gexf', /^cut\.gexf:\d+: is not well-formed XML: /],
        [
          'quotes.gexf',
          '<gexf><graph defaultedgetype=directed><nodes/></graph></gexf>',
          'gexf',
          /^quotes\.gexf:1: is not well-formed XML: unquoted attribute value$/,
        ],
        [
          'edges.gexf',
          'a b\nc d\n',
          'gexf',
          /^edges\.gexf:1: is not XML: a GEXF file starts with <gexf> \(is --format right\?\)$/,
        ],
        [
          'page.graphml',
          '<html><body>hi</body></html>',
          'graphml',
          /^page\.graphml: is not a GraphML file: its root element is <html>, expected <graphml>$/,
        ],
        ['nograph.gexf', '<gexf version="1.3"><meta/></gexf>', 'gexf', /^nograph\.gexf: has no <graph> element/],
      ];
      for (const [name, content, format, message] of cases) {
        const error = await failure(collect(readBatches(write(name, content), { format })));
        expect(error).toBeInstanceOf(InputFileError);
        expect(error.message).toMatch(message);
        expect(error.message).not.toContain('\n');
        expect(error.message).not.toMatch(/xmldom|getAttribute|graphology-/);
      }
      const json = await failure(collect(readBatches(write('bad.json', '{\n  "nodes": [\n  }\n'), { format: 'json' })));
      expect(json.message).toMatch(/^bad\.json(:3)?: is not valid JSON \(Unexpected token '?\}'?\)$/);
      expect(printed).not.toHaveBeenCalled();
      expect(errors).not.toHaveBeenCalled();
      expect(logged).not.toHaveBeenCalled();
    } finally {
      printed.mockRestore();
      errors.mockRestore();
      logged.mockRestore();
    }
  });
});
