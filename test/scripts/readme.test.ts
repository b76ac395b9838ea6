import { existsSync, readFileSync } from 'node:fs';
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

  it('gives the two commands: run and test, first', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
    expect(readme.indexOf('npm install && npm start')).toBeLessThan(readme.indexOf('## The `sway` command'));
  });

  it('says how to install where prebuilt native modules cannot be downloaded', () => {
    expect(readme).toContain('npm_config_nodedir=/usr npm install');
  });

  it('points its examples at the datasets the project ships, and at nothing outside it', () => {
    const paths = [...readme.matchAll(/\bdatasets\/[\w.-]+\.gz\b/g)].map((m) => m[0]);
    expect(paths.length).toBeGreaterThan(3);
    for (const path of paths) expect(existsSync(new URL(`../../${path}`, import.meta.url)), path).toBe(true);
    expect(readme).not.toContain('../shared');
  });

  it('states each figure once: the top out-degree baseline on nethept is the measured 786.6', () => {
    // It appears twice (the advocates section and the speed figures); it used to be 810 in one and 787 in the other.
    expect(readme.split('786.6').length - 1).toBe(2);
    expect(readme).not.toMatch(/\b(810|787|786\.8)\b/);
  });
});
