import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../graph/import/index.ts';
import { computeScores } from '../../graph/scores/compute.ts';
import type { GraphStore } from '../../server/stores/contract.ts';
import { datasetPath } from '../datasets.ts';

const SWAY = join(import.meta.dirname, '../../scripts/sway.mjs');

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `sway`; `onLine` sees each stderr line as it comes and may kill the child. */
export function sway(args: string[], onLine?: (line: string, kill: () => void) => void): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SWAY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let pending = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      pending += chunk;
      let end: number;
      while ((end = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        onLine?.(line, () => child.kill('SIGKILL'));
      }
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Where a rescore suite runs: the `sway` arguments that name the store, and how the test opens it to look. */
export interface RescoreTarget {
  name: string;
  /** `--data <dir>` or `--store <url>`. */
  storeArgs: string[];
  open(): Promise<GraphStore>;
  /** Empties the store before the suite imports epinions. */
  reset(): Promise<void>;
  cleanup(): Promise<void>;
}

async function currentRows(
  target: RescoreTarget,
): Promise<{ version: number | null; rows: number; complete: boolean }> {
  const store = await target.open();
  try {
    const table = await store.readScores();
    if (!table) return { version: null, rows: 0, complete: true };
    let rows = 0;
    let complete = true;
    for await (const row of table.rows) {
      rows++;
      if (row.scores.pagerank === null || row.scores.pagerank === undefined) complete = false;
    }
    return { version: table.version, rows, complete };
  } finally {
    await store.close();
  }
}

/** The proof on one store: a full run, two concurrent runs, a run killed while writing, a run interrupted. */
export function rescoreSuite(target: RescoreTarget): void {
  describe(`sway rescore (${target.name})`, () => {
    const at = target.storeArgs;
    let firstVersion: number;
    beforeAll(async () => {
      await target.reset();
      const imported = await sway([
        'import',
        datasetPath('epinions.edgelist'),
        '--format',
        'edgelist',
        '--kind',
        'trusts',
        ...at,
        '--json',
      ]);
      expect(imported.code, imported.stderr).toBe(0);
      firstVersion = ((await currentRows(target)).version ?? 0) + 1;
    });
    afterAll(() => target.cleanup());

    it('publishes a version and prints phases as JSON lines', async () => {
      const run = await sway(['rescore', ...at, '--json', '--only', 'influence,reach']);
      expect(run.code, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout);
      expect(summary).toMatchObject({
        version: firstVersion,
        previousVersion: null,
        people: 75_879,
        relationships: 508_837,
      });
      const phases = run.stderr
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line))
        .filter((r) => r.event === 'phase')
        .map((r) => r.phase);
      expect(phases).toEqual(['lock', 'load', 'compute', 'write', 'movers']);
      expect(await currentRows(target)).toEqual({ version: firstVersion, rows: 75_879, complete: true });
    });

    it('lets only one of two concurrent runs work; the other exits 5', async () => {
      const [a, b] = await Promise.all([
        sway(['rescore', ...at, '--json', '--only', 'influence']),
        sway(['rescore', ...at, '--json', '--only', 'influence']),
      ]);
      expect([a.code, b.code].sort()).toEqual([0, 5]);
      expect((a.code === 5 ? a : b).stderr).toMatch(/holds the lock/);
    });

    it('killed while writing, leaves a whole current version; the next run starts cleanly', async () => {
      const before = await currentRows(target);
      const killed = await sway(
        ['rescore', ...at, '--json', '--only', 'influence,reach', '--lock-stale-after', '1'],
        (line, kill) => {
          if (line.includes('"phase":"write"')) kill();
        },
      );
      expect(killed.signal).toBe('SIGKILL');
      const after = await currentRows(target);
      // Either the old version or the new one, never a mix: whole and complete.
      expect(after.rows).toBe(75_879);
      expect(after.complete).toBe(true);
      expect([before.version, before.version! + 1]).toContain(after.version);
      await new Promise((resolve) => setTimeout(resolve, 1500)); // the dead run's lock goes stale
      const clean = await sway(['rescore', ...at, '--json', '--only', 'influence,reach', '--lock-stale-after', '1']);
      expect(clean.code, clean.stderr).toBe(0);
      expect((await currentRows(target)).version).toBe(JSON.parse(clean.stdout).version);
    });

    it('stops on SIGINT at a safe point, keeping the current version', async () => {
      const before = await currentRows(target);
      const interrupted = await new Promise<Run>((resolve) => {
        const child = spawn(
          process.execPath,
          [SWAY, 'rescore', ...at, '--json', '--only', 'influence,reach,structure'],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        let stderr = '';
        let sent = false;
        child.stderr.on('data', (chunk) => {
          stderr += chunk;
          if (!sent && stderr.includes('"phase":"compute"')) {
            sent = true;
            child.kill('SIGINT');
          }
        });
        child.on('close', (code, signal) => resolve({ code, signal, stdout: '', stderr }));
      });
      expect(interrupted.code).toBe(6);
      expect(interrupted.stderr).toMatch(/previous score version stays current/);
      expect(await currentRows(target)).toEqual(before);
    });
  });
}

/** The movers summary, on the embedded store. */
export function moversSuite(): void {
  describe('movers between versions of a changed graph', () => {
    it('reports who rose and fell in influence as the library computes it', async () => {
      const data = mkdtempSync(join(tmpdir(), 'sway-movers-'));
      try {
        const first = join(data, 'first.edgelist');
        const second = join(data, 'second.edgelist');
        // Version 1: a influences b, c, d. Version 2 adds e -> a... and many listeners for e.
        writeFileSync(first, 'a\tb\na\tc\na\td\nb\tc\n');
        writeFileSync(second, 'e\tb\ne\tc\ne\td\ne\ta\n');
        expect((await sway(['import', first, '--data', data])).code).toBe(0);
        expect((await sway(['rescore', '--data', data, '--json', '--only', 'influence'])).code).toBe(0);
        expect((await sway(['import', second, '--data', data])).code).toBe(0);
        const run = await sway(['rescore', '--data', data, '--json', '--only', 'influence']);
        const { movers } = JSON.parse(run.stdout);
        // Independently: the library's scores on the two graphs.
        writeFileSync(join(data, 'both.edgelist'), 'a\tb\na\tc\na\td\nb\tc\ne\tb\ne\tc\ne\td\ne\ta\n');
        const v1 = await computeScores(await readSnapshot(first, { format: 'edgelist' }), { only: ['influence'] });
        const v2 = await computeScores(await readSnapshot(join(data, 'both.edgelist'), { format: 'edgelist' }), {
          only: ['influence'],
        });
        const score = (set: typeof v1, id: string) => set.columns.influence_score[(set.ids as string[]).indexOf(id)];
        const changes = ['a', 'b', 'c', 'd']
          .map((id) => ({ id, change: score(v2, id) - score(v1, id) }))
          .filter((m) => m.change !== 0)
          .sort((x, y) => Math.abs(y.change) - Math.abs(x.change));
        expect(movers.newcomers).toBe(1);
        expect([...movers.risers, ...movers.fallers].map((m: { id: string }) => m.id).sort()).toEqual(
          changes.map((m) => m.id).sort(),
        );
        for (const m of [...movers.risers, ...movers.fallers]) {
          expect(m.change).toBeCloseTo(changes.find((c) => c.id === m.id)!.change, 9);
        }
      } finally {
        rmSync(data, { recursive: true, force: true });
      }
    });
  });
}
