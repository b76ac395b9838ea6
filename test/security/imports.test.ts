import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SwayError } from '../../graph/errors.ts';
import { readBatches, type ImportFileOptions } from '../../graph/import/index.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sway-security-imports-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function count(path: string, options: ImportFileOptions): Promise<{ people: number; relationships: number }> {
  const total = { people: 0, relationships: 0 };
  for await (const batch of readBatches(path, options)) {
    total.people += batch.people.length;
    total.relationships += batch.relationships.length;
  }
  return total;
}

/** The message of the error an import raises (a SwayError with code INVALID_INPUT). */
async function refusal(path: string, options: ImportFileOptions): Promise<string> {
  try {
    await count(path, options);
  } catch (error) {
    expect(error).toBeInstanceOf(SwayError);
    expect((error as SwayError).code).toBe('INVALID_INPUT');
    return (error as Error).message;
  }
  throw new Error(`expected ${path} to be refused`);
}

describe('security: imports refuse malformed input, naming file, line and field', () => {
  it('refuses ids holding NUL in every text format', async () => {
    // Past the first kilobyte, which is sniffed to tell text from binary: a NUL there is refused as binary already.
    const padding = 'x y\n'.repeat(400);
    const paddingLines = 400;
    expect(await refusal(write('nul.txt', `${padding}a b\nc\x00x d\n`), { format: 'edgelist' })).toBe(
      `nul.txt:${paddingLines + 2}: field "source": contains a NUL character`,
    );
    expect(
      await refusal(write('nul-signed.csv', `${'x,y,1\n'.repeat(400)}u1,u\x002,5\n`), {
        format: 'signed-csv',
      }),
    ).toBe(`nul-signed.csv:${paddingLines + 1}: field "target": contains a NUL character`);
    expect(
      await refusal(write('relationships.csv', `source,target\n${padding.replaceAll(' ', ',')}"c\x00at",bob\n`), {
        format: 'csv',
      }),
    ).toBe(`relationships.csv:${paddingLines + 2}: field "source": contains a NUL character`);
    // JSON carries NUL as an escape, anywhere in the file.
    const json = JSON.stringify({ nodes: [{ key: 'a' }, { key: 'b\u0000' }], edges: [] });
    expect(await refusal(write('nul.json', json), { format: 'json' })).toMatch(
      /^nul\.json:1: field "id": contains a NUL character$/,
    );
  });

  it('refuses an unterminated quote instead of importing the quote as part of an id', async () => {
    expect(await refusal(write('quote.csv', 'u0,u1,2\n"u1,u2,1\n'), { format: 'signed-csv' })).toBe(
      'quote.csv:2: field "source": has an unterminated or misplaced double quote',
    );
    // Quoted fields that do close are read without their quotes.
    expect(await count(write('quoted.csv', '"u1","u2",1\n'), { format: 'signed-csv' })).toEqual({
      people: 2,
      relationships: 1,
    });
    const csv = await refusal(write('open-quote.csv', 'source,target\nann,bob\n"u1,u2\n'), { format: 'csv' });
    expect(csv).toMatch(/^open-quote\.csv:3: field "row": /);
  });

  it('refuses a CSV header naming a column twice', async () => {
    expect(await refusal(write('twice.csv', 'source,source,target\na,b,c\n'), { format: 'csv' })).toBe(
      'twice.csv:1: field "source": appears twice in the header row',
    );
  });

  it('refuses JSON that is not a graph object instead of importing nothing', async () => {
    expect(await refusal(write('nested.json', '[[[1, 2], [3]]]'), { format: 'json' })).toMatch(
      /^nested\.json:1: field "nodes": is missing: a graphology JSON graph is an object with "nodes" and "edges" arrays, this file holds an array$/,
    );
    expect(await refusal(write('nodes.json', '{\n  "nodes": {"a": 1}\n}'), { format: 'json' })).toBe(
      'nodes.json:2: field "nodes": must be an array',
    );
  });

  it('refuses GEXF and GraphML with a DOCTYPE (entities would become labels)', async () => {
    const gexf = `<?xml version="1.0"?>
<!DOCTYPE gexf [<!ENTITY name "Entity Text">]>
<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="directed">
<nodes><node id="a" label="&name;"/><node id="b"/></nodes><edges><edge id="e" source="a" target="b"/></edges>
</graph></gexf>`;
    expect(await refusal(write('doctype.gexf', gexf), { format: 'gexf' })).toBe(
      'doctype.gexf:2: field "DOCTYPE": is not allowed in GEXF files',
    );
    const graphml = `<?xml version="1.0"?>
<!DOCTYPE graphml SYSTEM "http://example.invalid/graphml.dtd">
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">
<node id="a"/><node id="b"/><edge source="a" target="b"/></graph></graphml>`;
    expect(await refusal(write('doctype.graphml', graphml), { format: 'graphml' })).toBe(
      'doctype.graphml:2: field "DOCTYPE": is not allowed in GraphML files',
    );
  });
});

describe('security: GEXF and GraphML imports take time linear in the edges', () => {
  // On the main this suite was written against, 16,000 edges took 173 s (each edge rescanned the text for its line):
  // the timeout below fails that, while the linear import takes a few seconds even on a busy machine. No timing is
  // asserted.
  it('imports a 20,000-edge GEXF and GraphML, every edge kept', { timeout: 60_000 }, async () => {
    const people = 2_000;
    const edges = 20_000;
    const nodes = Array.from({ length: people }, (_, i) => `<node id="n${i}" label="Person ${i}"/>`).join('\n');
    const pairs = Array.from({ length: edges }, (_, e) => [`n${e % people}`, `n${(e * 7 + 1) % people}`]);
    const gexf = `<?xml version="1.0"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph defaultedgetype="directed">
<nodes>\n${nodes}\n</nodes><edges>
${pairs.map(([s, t], e) => `<edge id="e${e}" source="${s}" target="${t}" weight="1"/>`).join('\n')}
</edges></graph></gexf>`;
    expect(await count(write('big.gexf', gexf), { format: 'gexf' })).toEqual({ people, relationships: edges });
    const graphml = `<?xml version="1.0"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">
${Array.from({ length: people }, (_, i) => `<node id="n${i}"/>`).join('\n')}
${pairs.map(([s, t], e) => `<edge id="e${e}" source="${s}" target="${t}"/>`).join('\n')}
</graph></graphml>`;
    expect(await count(write('big.graphml', graphml), { format: 'graphml' })).toEqual({ people, relationships: edges });
  });
});
