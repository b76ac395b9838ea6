import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pagerank } from '../../graph/algorithms/pagerank.ts';
import { readSnapshot } from '../../graph/import/index.ts';
import { scoreDefinitions } from '../../graph/scores/registry.ts';
import { FIXTURES_DIR } from '../datasets.ts';

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

  it('reports bad options with exit code 2', async () => {
    const result = await sway(['import', fixture('tiny.edgelist'), '--format', 'xml', '--data', data]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/xml/);
  });
});
