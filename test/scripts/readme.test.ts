import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FAMILY_DECLARATIONS } from '../../graph/scores/definitions.ts';
import { withScoreTable } from '../../scripts/docs/score-table.ts';

describe('README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('has the score table the registry generates (run `npm run docs` after changing a score)', () => {
    expect(readme).toBe(withScoreTable(readme));
  });

  it('lists every score column', () => {
    for (const family of FAMILY_DECLARATIONS)
      for (const score of family.scores) expect(readme).toContain(`\`${score.column}\``);
  });

  it('gives the two commands: run and test', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });
});
