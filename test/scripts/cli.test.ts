import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagerank } from '../../graph/algorithms/pagerank.ts';
import { readSnapshot } from '../../graph/import/index.ts';
import { scoreDefinitions } from '../../graph/scores/definitions.ts';
import { openStore } from '../../server/stores/open.ts';
import { planAdvocates } from '../../server/usecases/advocates.ts';
import { FIXTURES_DIR } from '../datasets.ts';
import { escapeRegExp } from '../regexp.ts';

const run = promisify(execFile);
const SWAY = join(import.meta.dirname, '../../scripts/sway.mjs');
const fixture = (name: string) => join(FIXTURES_DIR, 'import', name);

async function sway(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SWAY, ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** What a command said on stderr, without the JSON progress lines it writes there when stderr is not a terminal. */
function said(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !line.startsWith('{"time"'))
    .join('\n');
}

function parseCsv(text: string): Array<Record<string, string>> {
  const [header, ...lines] = text.trim().split('\n');
  const columns = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((value, i) => [columns[i], value])));
}

describe('sway import, score, export (embedded store)', () => {
  let data: string;
  beforeAll(() => {
    data = mkdtempSync(join(tmpdir(), 'sway-cli-'));
  });
  afterAll(() => rmSync(data, { recursive: true, force: true }));

  it('imports a network, scores it and exports the scores', async () => {
    const imported = await sway([
      'import',
      fixture('relationships.csv'),
      '--format',
      'csv',
      '--people',
      fixture('people.csv'),
      '--data',
      data,
      '--json',
    ]);
    expect(imported.stderr).not.toMatch(/error/i);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ people: 5, relationships: 4 });

    const scored = await sway(['score', '--data', data, '--json']);
    expect(scored.code).toBe(0);
    expect(JSON.parse(scored.stdout)).toMatchObject({ version: 1, people: 5, relationships: 4 });

    const exported = await sway(['export', 'scores', '--format', 'csv', '--data', data]);
    expect(exported.code).toBe(0);
    const rows = parseCsv(exported.stdout);
    expect(rows.map((r) => r.id).sort()).toEqual(['ana', 'ben', 'cy', 'dee', 'eve']);
    for (const column of [
      'id',
      'influence',
      'influence_score',
      'pagerank',
      'audience',
      'reach2',
      'core',
      'community',
    ]) {
      expect(Object.keys(rows[0])).toContain(column);
    }
    for (const definition of scoreDefinitions()) expect(Object.keys(rows[0])).toContain(definition.column);
    // The exported PageRank is the library's, computed independently here on the same file.
    const snapshot = await readSnapshot(fixture('relationships.csv'), { format: 'csv', people: fixture('people.csv') });
    const expected = pagerank(snapshot).scores;
    for (const row of rows) expect(Number(row.pagerank)).toBeCloseTo(expected[snapshot.indexOfOrThrow(row.id)], 12);
    // ana is followed/trusted by ben and cy and influences dee: audience 3.
    expect(rows.find((r) => r.id === 'ana')!.audience).toBe('3');

    const json = await sway(['export', 'scores', '--format', 'json', '--data', data]);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.version).toBe(1);
    expect(parsed.rows).toHaveLength(5);
  });

  it('rejects a bad file naming file, line and field, and keeps what was stored', async () => {
    const before = await sway(['export', 'scores', '--format', 'csv', '--data', data]);
    const bad = await sway(['import', fixture('bad-relationships.csv'), '--format', 'csv', '--data', data]);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('bad-relationships.csv:3: field "weight": "heavy" is not a number');
    expect(bad.stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    const after = await sway(['export', 'scores', '--format', 'csv', '--data', data]);
    expect(after.stdout).toBe(before.stdout);
    const rescored = await sway(['score', '--data', data, '--json']);
    expect(JSON.parse(rescored.stdout)).toMatchObject({ people: 5, relationships: 4 });
  });

  it('plans advocates with the same options and defaults as the API (one use case)', async () => {
    const run = await sway([
      'advocates',
      '--k',
      '2',
      '--runs',
      '100',
      '--probability',
      'uniform:0.5',
      '--json',
      '--data',
      data,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const plan = JSON.parse(run.stdout);
    const store = await openStore({ data });
    try {
      const direct = await planAdvocates(store, { k: 2, evaluationRuns: 100, probability: 'uniform:0.5' });
      expect(plan.advocates.map((a: { id: string }) => a.id)).toEqual(direct.advocates.map((a) => a.id));
      expect(plan.curve).toEqual(direct.curve);
      expect(plan).toMatchObject({
        k: 2,
        model: 'ic',
        objective: 'reach',
        probability: 'uniform:0.5',
        evaluation: { runs: 100, seed: 43 },
      });
    } finally {
      await store.close();
    }
    // As text: each advocate's row, with the name from people.csv last (eve has none: her row ends with the figures).
    const text = await sway(['advocates', '--k', '2', '--runs', '0', '--probability', 'uniform:0.5', '--data', data]);
    expect(text.code, text.stderr).toBe(0);
    const chosen = plan.advocates as Array<{ rank: number; id: string; label: string | null }>;
    expect(chosen.some((a) => a.label !== null)).toBe(true);
    for (const a of chosen)
      expect(text.stdout).toMatch(
        new RegExp(`^ +${a.rank}  ${escapeRegExp(a.id)} .*[\\d.]${a.label ? `  ${escapeRegExp(a.label)}` : ''}$`, 'm'),
      );
    const bad = await sway(['advocates', '--k', 'two', '--data', data]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--k/);
  });

  it('chooses the same advocates on one thread as on two (--threads)', async () => {
    const plan = async (threads: string) => {
      const args = ['advocates', '--k', '2', '--runs', '200', '--model', 'lt', '--threads', threads, '--json'];
      const result = await sway([...args, '--data', data]);
      expect(result.code, result.stderr).toBe(0);
      const { timings: _timings, ...rest } = JSON.parse(result.stdout);
      return rest;
    };
    expect(await plan('1')).toEqual(await plan('2'));
  });

  it('simulates the same spread on one thread as on two (--threads)', async () => {
    const spread = async (threads: string) => {
      const args = ['spread', '--from', 'ana', '--runs', '2000', '--threads', threads, '--json', '--data', data];
      const result = await sway(args);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout);
    };
    expect(await spread('1')).toEqual(await spread('2'));
  });

  it('reports bad options with exit code 2', async () => {
    const result = await sway(['import', fixture('tiny.edgelist'), '--format', 'xml', '--data', data]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/xml/);
  });
});

/** A temporary folder for a describe block, with the fixture network imported into its data folder (removed after). */
function withImportedStore(prefix: string): { work: string; data: string } {
  const folders = { work: '', data: '' };
  beforeAll(async () => {
    folders.work = mkdtempSync(join(tmpdir(), prefix));
    folders.data = join(folders.work, 'data');
    const imported = await sway([
      'import',
      fixture('relationships.csv'),
      '--format',
      'csv',
      '--people',
      fixture('people.csv'),
      '--data',
      folders.data,
    ]);
    expect(imported.code).toBe(0);
  });
  afterAll(() => rmSync(folders.work, { recursive: true, force: true }));
  return folders;
}

describe('wrong paths and bad input: clear messages and the documented exit codes', () => {
  const folders = withImportedStore('sway-cli-bad-');
  let work: string;
  let data: string;
  beforeAll(() => {
    ({ work, data } = folders);
  });
  const write = (name: string, content: string | Buffer) => {
    const path = join(work, name);
    writeFileSync(path, content);
    return path;
  };

  it('refuses to read a store that is not there (exit 4, naming the folder), and creates nothing', async () => {
    const typo = join(work, 'dta');
    const empty = join(work, 'empty-folder');
    mkdirSync(empty);
    for (const [folder, commands] of [
      [typo, [['score'], ['rescore'], ['export', 'scores'], ['advocates', '--k', '2'], ['serve', '--port', '0']]],
      [empty, [['score'], ['serve', '--port', '0']]],
    ] as const) {
      for (const args of commands) {
        const result = await sway([...args, '--data', folder]);
        expect(result.code, `${args.join(' ')} --data ${folder}: ${result.stderr}`).toBe(4);
        expect(result.stderr).toMatch(
          new RegExp(
            `^sway: no Sway store in ${escapeRegExp(folder)} \\(the folder (does not exist|has no sway\\.db)\\)`,
          ),
        );
        expect(result.stdout).toBe('');
      }
      const tokens = await sway(['token', 'list', '--data', folder]);
      expect(tokens.code).toBe(4);
      expect(tokens.stderr).toContain(`no API tokens in ${folder}`);
    }
    expect(existsSync(typo)).toBe(false);
    expect(readdirSync(empty)).toEqual([]);
  });

  it('reads a gzip file by its first bytes, and says "1 person" for one', async () => {
    const gz = write('one-edge.txt', gzipSync('# one edge\nsolo\tsolo2\n'));
    const result = await sway(['import', gz, '--data', join(work, 'gz')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Imported 2 people and 1 relationship from one-edge\.txt in /);
    const single = await sway(['import', fixture('people.csv'), '--format', 'csv', '--data', join(work, 'gz')]);
    expect(single.code).toBe(3); // people.csv as the relationships file: its header is not a relationships header
    const person = write('person.csv', 'source,target\nsolo,solo\n');
    const self = await sway(['import', person, '--format', 'csv', '--data', join(work, 'gz')]);
    expect(self.stdout).toMatch(/^Imported 1 person and 1 relationship /);
  });

  it('refuses an empty or comment-only file (exit 3, "no relationships in")', async () => {
    for (const [name, content] of [
      ['empty.edgelist', ''],
      ['comments.edgelist', '# exported 2026-01-01\n# nothing changed\n'],
    ]) {
      const result = await sway(['import', write(name, content), '--data', data]);
      expect(result.code).toBe(3);
      expect(said(result.stderr)).toBe(
        `sway: ${name}: no relationships in this file (it is empty or holds only comments and blank lines)\n`,
      );
    }
  });

  it('refuses a folder given to a file format as a bad argument (exit 2), not a crash', async () => {
    const result = await sway(['import', work, '--format', 'edgelist', '--data', data]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `sway: import: ${work} is a folder, not a file: give the file to import (only the csv format reads a folder, one holding people.csv and relationships.csv)\n`,
    );
  });

  it('reports malformed GEXF and GraphML in one line naming the file (exit 3)', async () => {
    const gexf = write(
      'broken.gexf',
      '<?xml version="1.0"?>\n<gexf>\n  <graph>\n    <nodes>\n      <node id="a" label="A"',
    );
    const result = await sway(['import', gexf, '--format', 'gexf', '--data', data]);
    expect(result.code).toBe(3);
    expect(said(result.stderr).trim().split('\n')).toHaveLength(1);
    expect(said(result.stderr)).toMatch(/^sway: broken\.gexf:\d+: is not well-formed XML: /);
    expect(result.stderr).not.toMatch(/xmldom|getAttribute/);
    const graphml = await sway([
      'import',
      write('page.graphml', '<html><body>not a graph</body></html>'),
      '--format',
      'graphml',
      '--data',
      data,
    ]);
    expect(graphml.code).toBe(3);
    expect(said(graphml.stderr)).toBe(
      'sway: page.graphml: is not a GraphML file: its root element is <html>, expected <graphml>\n',
    );
  });

  it('says that a binary or differently compressed file is not text, and which formats are accepted (exit 3)', async () => {
    const bytes = Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 2654435761) >>> 24));
    const binary = await sway(['import', write('export.edgelist', bytes), '--data', data]);
    expect(binary.code).toBe(3);
    expect(said(binary.stderr)).toMatch(
      /^sway: export\.edgelist: looks like a binary file, not text; accepted formats are edge lists, signed CSV, CSV, graphology JSON, GEXF and GraphML, as plain UTF-8 text or gzip-compressed \(\.gz\)\n$/,
    );
    const bzip2 = await sway([
      'import',
      write('export.bz2', Buffer.concat([Buffer.from('BZh91AY&SY'), bytes])),
      '--data',
      data,
    ]);
    expect(bzip2.code).toBe(3);
    expect(said(bzip2.stderr)).toMatch(/^sway: export\.bz2: looks like a bzip2-compressed file/);
  });

  it('export --version: names the versions kept; a version that is not a whole number is a bad argument', async () => {
    const versions = join(work, 'versions');
    expect((await sway(['import', fixture('tiny.edgelist'), '--data', versions])).code).toBe(0);
    const none = await sway(['export', 'scores', '--data', versions]);
    expect([none.code, none.stderr]).toEqual([7, 'sway: no score set yet: run `sway score` first\n']);
    for (let i = 0; i < 2; i++) expect((await sway(['score', '--only', 'influence', '--data', versions])).code).toBe(0);
    const third = await sway(['score', '--only', 'influence', '--keep-versions', '2', '--data', versions]);
    expect(third.code).toBe(0);
    // Versions 2 and 3 are kept (--keep-versions 2); 1 was pruned.
    const tooFew = await sway(['score', '--keep-versions', '1', '--keep-days', 'soon', '--data', versions]);
    expect(tooFew.code).toBe(2);
    expect(tooFew.stderr).toContain('--keep-versions must be at least 2 (got "1")');
    expect(tooFew.stderr).toContain('--keep-days');
    // sway serve checks the same flags for its jobs before it starts.
    const serveTooFew = await sway(['serve', '--port', '0', '--keep-versions', '1', '--data', versions]);
    expect([serveTooFew.code, serveTooFew.stderr]).toEqual([
      2,
      'sway: sway serve: --keep-versions must be at least 2 (got "1")\n',
    ]);
    for (const asked of ['1', '99']) {
      const result = await sway(['export', 'scores', '--version', asked, '--data', versions]);
      expect(result.code).toBe(7);
      expect(result.stderr).toBe(
        `sway: score version ${asked} is not in the store, which keeps versions 2 and 3 (sway score --keep-versions and --keep-days say how many it keeps); leave out --version for the current one\n`,
      );
    }
    const kept = await sway(['export', 'scores', '--version', '2', '--data', versions]);
    expect(kept.code).toBe(0);
    for (const bad of ['abc', '1.5', '0']) {
      const result = await sway(['export', 'scores', '--version', bad, '--data', versions]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`option '--version <n>' argument '${bad}' is invalid`);
    }
  });
});

describe("messages and numbers in the users' words", () => {
  const folders = withImportedStore('sway-cli-words-');
  let data: string;
  beforeAll(() => {
    ({ data } = folders);
  });

  it('prints its version', async () => {
    const version = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version;
    expect(await sway(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('checks options before any work starts (exit 2, nothing computed)', async () => {
    for (const args of [
      ['score', '--seed', 'abc'],
      ['score', '--only', 'influence,popularity'],
      ['rescore', '--seed', '4.2'],
      ['rescore', '--lock-stale-after', '-1'],
      ['advocates', '--k', 'ten'],
      ['advocates', '--probability', 'often'],
      ['advocates', '--eps', '2'],
      ['advocates', '--threads', '0'],
      ['score', '--threads', '65'],
      ['spread', '--from', 'ana', '--threads', 'two'],
      ['import', fixture('tiny-signed.csv'), '--format', 'signed-csv', '--rating-range', '10,-10'],
    ]) {
      const result = await sway([...args, '--data', data, '--json']);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(2);
      // The flag and, for a value, what was typed, in words: `sway: sway score: --seed must be a number (got "abc")`.
      expect(result.stderr).toMatch(/^sway: sway [a-z]+: --[a-z-]+ must /);
      expect(result.stderr).not.toContain('"event"'); // no phase or progress line: nothing started
    }
  });

  it('names no internal function in an error (advocates with an unknown person)', async () => {
    const result = await sway(['advocates', '--k', '2', '--exclude', 'nobody', '--runs', '0', '--data', data]);
    expect(result.code).toBe(2);
    expect(said(result.stderr)).toBe('sway: advocates: unknown person id "nobody"\n');
  });

  it('labels the score summary in words, with one number format', async () => {
    const result = await sway(['score', '--data', data]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Scored 5 people and 4 relationships: score version \d+\.\n/);
    expect(result.stdout).toMatch(/\n {2}PageRank iterations +\d+\n/);
    expect(result.stdout).toMatch(/\n {2}Modularity +-?\d\.\d{3}\n/);
    expect(result.stdout).toMatch(/\n {2}Reputation change at the last iteration +(0|\d\.\de-\d+|\d\.\d+)\n/);
    // No camelCase key (valueRRSets, reputationChange) and no raw float (8.566e-11 with four digits).
    expect(result.stdout).not.toMatch(/\b[a-z]+[A-Z][A-Za-z]*\b/);
    expect(result.stdout).not.toMatch(/\d\.\d{3,}e-/);
  });

  it('leaves no progress bar behind on a terminal', async () => {
    // `script` gives the command a terminal; the screen it leaves is worked out from the bytes it wrote.
    const run = await new Promise<string>((resolve) => {
      execFile(
        'script',
        ['-qec', `${process.execPath} ${SWAY} score --only influence --data ${data}`, '/dev/null'],
        (_error, stdout) => resolve(stdout),
      );
    });
    const screen = terminalScreen(run);
    expect(screen.join('\n')).toMatch(/^Scored 5 people and 4 relationships/);
    expect(screen.join('\n')).not.toMatch(/[░█▒▓|]{3}|%/);
  });
});

/** The lines a terminal shows after `output`: carriage returns, cursor-to-column-1, erase-line and save/restore. */
function terminalScreen(output: string): string[] {
  const lines: string[] = [''];
  let column = 0;
  let saved: [number, number] | null = null;
  let row = 0;
  // eslint-disable-next-line no-control-regex -- terminal escapes are what this reads
  const tokens = output.match(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[78]|\r|\n|[^\x1b\r\n]/g) ?? [];
  for (const token of tokens) {
    if (token === '\n') {
      row++;
      lines[row] ??= '';
      column = 0;
    } else if (token === '\r' || token === '\x1b[1G' || token === '\x1b[G') column = 0;
    else if (token === '\x1b7') saved = [row, column];
    else if (token === '\x1b8' && saved) [row, column] = saved;
    else if (token === '\x1b[2K') lines[row] = '';
    else if (token === '\x1b[0K' || token === '\x1b[K') lines[row] = lines[row].slice(0, column);
    else if (token.startsWith('\x1b')) continue;
    else {
      lines[row] = lines[row].slice(0, column) + token + lines[row].slice(column + 1);
      column++;
    }
  }
  return lines.map((line) => line.trimEnd()).filter((line) => line !== '');
}
