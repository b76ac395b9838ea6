import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../server/errors.ts';
import { openStore } from '../../server/stores/open.ts';
import { spreadMessage, type SpreadReport } from '../../server/usecases/spread.ts';
import { SMALL_EDGES } from '../graph/diffusion/live-edge-worlds.ts';
import { escapeRegExp } from '../regexp.ts';

const run = promisify(execFile);
const SWAY = join(import.meta.dirname, '../../scripts/sway.mjs');

async function sway(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SWAY, ...args], { maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('sway spread (the spread use case from the command line)', () => {
  let data: string;
  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sway-spread-cli-'));
    const file = join(folder, 'small.edgelist');
    writeFileSync(file, SMALL_EDGES.map(([s, t]) => `${s} ${t}`).join('\n'));
    data = join(folder, 'data');
    expect((await sway(['import', file, '--format', 'edgelist', '--data', data])).code).toBe(0);
    expect((await sway(['score', '--data', data])).code).toBe(0);
  });
  afterAll(() => rmSync(join(data, '..'), { recursive: true, force: true }));

  it('gives the use case result with the same options, as JSON and as text per community', async () => {
    const args = ['--from', 'a', '--runs', '3000', '--seed', '7', '--compare-with', 'e', '--explain', 'f'];
    const json = await sway(['spread', ...args, '--json', '--data', data]);
    expect(json.code).toBe(0);
    const fromCli = JSON.parse(json.stdout) as SpreadReport;
    const store = await openStore({ data });
    let direct: SpreadReport;
    try {
      direct = await spreadMessage(store, {
        from: { people: ['a'] },
        runs: 3000,
        seed: 7,
        compareWith: { people: ['e'] },
        explain: ['f'],
      });
    } finally {
      await store.close();
    }
    expect(fromCli).toEqual(JSON.parse(JSON.stringify(direct)));

    const text = await sway(['spread', ...args, '--data', data]);
    expect(text.code).toBe(0);
    for (const c of direct.communities!)
      expect(text.stdout).toMatch(
        new RegExp(`^ +${c.community} +${c.size} +${c.expected.mean.toFixed(1)} .*%  ${escapeRegExp(c.name!)}$`, 'm'),
      );
    for (const p of direct.top)
      expect(text.stdout).toMatch(new RegExp(`^  ${p.id} +${p.probability.toFixed(3)} `, 'm'));
    expect(text.stdout).toContain('a → b → f');
    expect(text.stdout).toMatch(/One random sample of many/);
  });

  it('refuses bad options before any work (exit 2) and unknown people (the not-found exit code)', async () => {
    const bad = await sway(['spread', '--from', 'a', '--runs', 'many', '--data', data]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--runs must be a number (got "many")');
    const none = await sway(['spread', '--runs', '100', '--data', data]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give exactly one of --from, --from-plan and --from-community');
    const unknown = await sway(['spread', '--from', 'nobody', '--data', data]);
    expect(unknown.code).toBe(EXIT.notFound);
    expect(unknown.stderr).toContain('no person with id "nobody"');
  });
});
