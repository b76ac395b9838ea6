import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreDefinitions } from '../../graph/scores/definitions.ts';
import { SCORE_FAMILIES } from '../../graph/scores/registry.ts';

const ROOT = join(import.meta.dirname, '../..');

function sources(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(ROOT, folder, file));
}

/**
 * An internal name: camelCase or PascalCase with a capital inside (selectAdvocates, SnapshotBuilder), or a dotted
 * path.
 */
const INTERNAL = /\b[a-z]+[A-Z]\w*|\b[A-Z][a-z]+[A-Z]\w*|\b\w+\.\w+\b/;
// PageRank is a name people use.
const allowed = (text: string) => text.replace(/\bPageRank\b/g, 'pagerank');

describe("messages name things in the users' words", () => {
  it('every error origin (the text before ":" in an option error) is a word a user knows', () => {
    const origins: Array<{ file: string; origin: string }> = [];
    const patterns = [
      /\b(?:InvalidOptionsError|checkNumber|checkOneOf|checkProbability|parseProbability|predictOptions|limitOption|indexOfOrThrow)\(\s*(['`])([^'`$]*)\1/g,
      /\bwithDefaults\([^,()]+,\s*[^,()]+,\s*(['`])([^'`$]*)\1\)/g,
      /\bconst (?:WHERE|where) = (['`])([^'`$]*)\1/g,
    ];
    for (const file of [...sources('graph'), ...sources('server'), ...sources('scripts/cli')]) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of patterns)
        for (const match of text.matchAll(pattern)) origins.push({ file: relative(ROOT, file), origin: match[2] });
    }
    expect(origins.length).toBeGreaterThan(40);
    const internal = origins.filter(({ origin }) => INTERNAL.test(allowed(origin)));
    expect(internal).toEqual([]);
  });

  it('score explanations and descriptions name no function or internal field', () => {
    for (const definition of scoreDefinitions()) {
      for (const text of [definition.description, definition.explanation]) {
        expect(allowed(text), `${definition.column}: ${text}`).not.toMatch(/\b[a-z]+[A-Z]\w*|\bsee \w+\(?|\w+_\w+/);
      }
    }
  });

  it('every graph-level figure a family writes is declared with a label', () => {
    for (const family of SCORE_FAMILIES) {
      const source = readFileSync(join(ROOT, 'graph/scores/families', `${family.id}.ts`), 'utf8');
      const written = [...source.matchAll(/\bsummary\.(\w+)\s*=/g)].map((m) => m[1]);
      expect(Object.keys(family.figures ?? {}).sort(), family.id).toEqual([...new Set(written)].sort());
      for (const figure of Object.values(family.figures ?? {}))
        expect(allowed(figure.label)).not.toMatch(/\b[a-z]+[A-Z]\w*/);
    }
  });
});
