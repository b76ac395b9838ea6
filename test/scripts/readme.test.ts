import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCORE_FAMILIES } from '../../graph/scores/registry.ts';
import { withScoreTable } from '../../scripts/docs/score-table.ts';

describe('README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('has the score table the registry generates (run `npm run docs` after changing a score)', () => {
    expect(readme).toBe(withScoreTable(readme));
  });

  it('lists every score column', () => {
    for (const family of SCORE_FAMILIES)
      for (const score of family.scores) expect(readme).toContain(`\`${score.column}\``);
  });

  it('gives the two commands: run and test', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });
});
