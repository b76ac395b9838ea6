import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../graph/errors.ts';
import { EdgeListParser } from '../../graph/import/edgelist-parser.ts';
import { readSnapshot } from '../../graph/import/index.ts';

/** Parses `text` delivered in chunks of `size` bytes; returns the edges as id pairs with weight and line. */
function parse(text: string, size = 1 << 20): Array<[string, string, number, number | undefined, number]> {
  const edges: Array<[string, string, number, number | undefined, number]> = [];
  const parser = new EdgeListParser('test.edgelist', (u, v, weight, time, line) => {
    edges.push([parser.ids.idOf(u), parser.ids.idOf(v), weight, time, line]);
  });
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += size) parser.push(bytes.subarray(i, i + size));
  parser.end();
  return edges;
}

describe('edge-list byte parser', () => {
  const text = '# comment\n% another\n1\t2\r\n  2 3 2.5\n\n3\t1 1 1700000000\n4 1'; // CRLF, blanks, no final newline
  const expected = [
    ['1', '2', 1, undefined, 3],
    ['2', '3', 2.5, undefined, 4],
    ['3', '1', 1, 1700000000, 6],
    ['4', '1', 1, undefined, 7],
  ];

  it('reads comments, tabs, spaces, CRLF, weights and times, naming each line', () => {
    expect(parse(text)).toEqual(expected);
  });

  it('gives the same edges whatever the chunk boundaries (lines split across chunks)', () => {
    for (const size of [1, 2, 3, 5, 7, 13]) expect(parse(text, size)).toEqual(expected);
  });

  it('holds integer ids as numbers, and keeps "007" and "7" apart once an id is not a plain integer', () => {
    const parser = new EdgeListParser('x', () => {});
    parser.push(Buffer.from('7 8\n2147483647 0\n'));
    expect(parser.ids.numeric).toBe(true);
    expect(parser.ids.indexOf('2147483647')).toBe(2);
    expect(parser.ids.indexOf('007')).toBe(-1);
    parser.push(Buffer.from('007 7\n2147483648 x\n'));
    expect(parser.ids.numeric).toBe(false);
    expect(Array.from({ length: parser.ids.size }, (_, i) => parser.ids.idOf(i))).toEqual([
      '7',
      '8',
      '2147483647',
      '0',
      '007',
      '2147483648',
      'x',
    ]);
    expect(parser.ids.indexOf('7')).toBe(0);
    expect(parser.ids.indexOf('007')).toBe(4);
  });

  it('names file, line and field of a bad line', () => {
    const failure = (body: string) => {
      try {
        parse(body);
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        const e = error as InputError;
        return [e.file, e.line, e.field, e.message];
      }
      throw new Error('no error');
    };
    expect(failure('1 2\n3\n')).toEqual([
      'test.edgelist',
      2,
      'target',
      'test.edgelist:2: field "target": is missing (expected "source target [weight [time]]")',
    ]);
    expect(failure('1 2 1 5 9\n')).toEqual([
      'test.edgelist',
      1,
      'line',
      'test.edgelist:1: field "line": has 5 fields, expected 2 to 4',
    ]);
    expect(failure('# x\n1 2 heavy\n')[2]).toBe('weight');
    expect(failure('1 2 -1\n')[2]).toBe('weight');
    expect(failure('1 2 1 yesterday\n')[2]).toBe('time');
    expect(failure(`${'a'.repeat(257)} 2\n`)[2]).toBe('source');
  });

  it('builds the same snapshot from integer and from string ids', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sway-parser-'));
    writeFileSync(join(folder, 'numbers.edgelist'), '10 20\n20 30\n30 10\n10 30\n');
    writeFileSync(join(folder, 'names.edgelist'), 'a b\nb c\nc a\na c\n');
    const numbers = await readSnapshot(join(folder, 'numbers.edgelist'), { format: 'edgelist' });
    const names = await readSnapshot(join(folder, 'names.edgelist'), { format: 'edgelist' });
    const rename: Record<string, string> = { '10': 'a', '20': 'b', '30': 'c' };
    const edges = (snapshot: typeof numbers, map: (id: string) => string) => {
      const out: string[] = [];
      for (let s = 0; s < snapshot.nodeCount; s++) {
        for (let e = snapshot.outOffsets[s]; e < snapshot.outOffsets[s + 1]; e++) {
          out.push(`${map(snapshot.ids.idOf(s))}>${map(snapshot.ids.idOf(snapshot.outTargets[e]))}`);
        }
      }
      return out.sort();
    };
    expect(edges(numbers, (id) => rename[id])).toEqual(edges(names, (id) => id));
    expect(numbers.indexOfOrThrow('20')).toBe(names.indexOfOrThrow('b'));
  });
});

describe('ids given as text (the stores, snapshotFrom)', () => {
  it('are held as numbers while they are plain integers, and "007" stays apart from "7"', async () => {
    const { ParsedIds } = await import('../../graph/ids.ts');
    const ids = new ParsedIds();
    expect(['7', '0', '2147483647'].map((id) => ids.intern(id))).toEqual([0, 1, 2]);
    expect(ids.intern('7')).toBe(0);
    expect(ids.numeric).toBe(true);
    expect(ids.indexOf('2147483648')).toBe(-1);
    expect(ids.intern('007')).toBe(3);
    expect(ids.numeric).toBe(false);
    expect([ids.indexOf('7'), ids.indexOf('007'), ids.idOf(2)]).toEqual([0, 3, '2147483647']);
  });
});
