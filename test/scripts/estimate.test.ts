import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateMemory } from '../../graph/estimate.ts';
import { datasetPath } from '../datasets.ts';
import { sway } from './rescore-suite.ts';

describe('sway estimate', () => {
  it('reads the counts from the store and prints the estimate per family', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sway-estimate-'));
    try {
      const data = join(folder, 'data');
      expect(
        (await sway(['import', datasetPath('email-eu-core.edgelist'), '--format', 'edgelist', '--data', data])).code,
      ).toBe(0);
      const run = await sway(['estimate', '--data', data]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Memory the local engine needs for 986 people and 24,929 relationships:/);
      for (const family of ['influence', 'reach', 'structure', 'communities', 'value', 'reputation'])
        expect(run.stdout).toMatch(new RegExp(`\\n  ${family} +\\+ `));
      expect(run.stdout).toMatch(/The local engine fits this machine\.\n$/);
      const json = JSON.parse((await sway(['estimate', '--data', data, '--json', '--only', 'influence'])).stdout);
      expect(json.verdict).toBe('fits');
      expect(json.peak.min).toBe(
        estimateMemory({ people: 986, relationships: 24_929 }, { families: ['influence'] }).peak.min,
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
