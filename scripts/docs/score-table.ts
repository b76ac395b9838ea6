import { readFileSync, writeFileSync } from 'node:fs';
import { SCORE_FAMILIES } from '../../graph/scores/registry.ts';

/**
 * The README's score table, generated from the score registry (the one place scores are declared). `npm run docs`
 * rewrites the part of README.md between the scores markers; a test fails when the README is out of date.
 */
export function scoreTableMarkdown(): string {
  const rows = [
    '| column | family | what it means | unit | why a person scores so |',
    '|---|---|---|---|---|',
    ...SCORE_FAMILIES.flatMap((family) =>
      family.scores.map(
        (score) =>
          `| \`${score.column}\` | ${family.label} | ${score.description} | ${score.unit}${score.range ? ` [${score.range[0]}, ${score.range[1]}]` : ''} | ${score.explanation} |`,
      ),
    ),
  ];
  const references = SCORE_FAMILIES.map((family) => `- ${family.label}: ${family.reference}.`);
  return [...rows, '', 'References:', ...references].join('\n');
}

const START = '<!-- scores:start -->';
const END = '<!-- scores:end -->';

export function withScoreTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} ... ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${scoreTableMarkdown()}\n${readme.slice(end)}`;
}

if (process.argv[1]?.endsWith('score-table.ts')) {
  const path = new URL('../../README.md', import.meta.url);
  writeFileSync(path, withScoreTable(readFileSync(path, 'utf8')));
  console.log('README.md score table updated');
}
