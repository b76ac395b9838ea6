import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers only point down (docs/ARCHITECTURE.md, "Layers"): graph imports nothing above it, the server nothing from
 * the scripts or the client, and the client only declarations and types from graph and server (no algorithm may reach
 * the browser). Every import of every source file is checked, read as text.
 */
const ROOT = resolve(import.meta.dirname, '..');

interface Import {
  file: string;
  target: string;
  typeOnly: boolean;
}

function sourceFiles(): string[] {
  return execFileSync('git', ['ls-files', '-co', '--exclude-standard', 'graph', 'server', 'scripts', 'client/src'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => /\.(ts|mts|mjs|js|svelte)$/.test(file));
}

/** Relative imports (static, dynamic and re-exports) of a file, resolved to paths from the project's root. */
function importsOf(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found: Import[] = [];
  const pattern =
    /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(pattern)) {
    const specifier = match[3] ?? match[4];
    found.push({
      file,
      target: relative(ROOT, resolve(dirname(join(ROOT, file)), specifier)),
      typeOnly: Boolean(match[2]),
    });
  }
  return found;
}

const imports = sourceFiles().flatMap(importsOf);
const under = (folder: string) => (path: string) => path.startsWith(`${folder}/`);
const violations = (from: (file: string) => boolean, allowed: (i: Import) => boolean) =>
  imports
    .filter((i) => from(i.file) && !allowed(i))
    .map((i) => `${i.file} -> ${i.target}${i.typeOnly ? ' (type)' : ''}`);

/**
 * What the client may import from graph and server as values: declarations and the number formats people read (the
 * same in the CLI and the app), no computation.
 */
const CLIENT_VALUE_IMPORTS = new Set(['graph/scores/definitions.ts', 'graph/scores/format.ts', 'server/auth/roles.ts']);

describe('layering', () => {
  it('finds the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(300);
    expect(imports.some((i) => i.file.startsWith('client/src/') && i.target === 'graph/scores/definitions.ts')).toBe(
      true,
    );
  });

  it('graph imports nothing from server, client or scripts', () => {
    expect(violations(under('graph'), (i) => under('graph')(i.target))).toEqual([]);
  });

  it('the server imports nothing from scripts or the client', () => {
    expect(violations(under('server'), (i) => under('graph')(i.target) || under('server')(i.target))).toEqual([]);
  });

  it('the client imports only declarations and types from graph and server', () => {
    const allowed = (i: Import) =>
      under('client/src')(i.target) ||
      ((under('graph')(i.target) || under('server')(i.target)) && (i.typeOnly || CLIENT_VALUE_IMPORTS.has(i.target)));
    expect(violations(under('client/src'), allowed)).toEqual([]);
  });

  it("the client's lib imports nothing from its controllers", () => {
    expect(violations(under('client/src/lib'), (i) => !under('client/src/controllers')(i.target))).toEqual([]);
  });

  it('the routers import no computation from graph (only declarations; the use cases and views compute)', () => {
    const computation = (path: string) =>
      under('graph/algorithms')(path) ||
      (under('graph/scores')(path) && !['graph/scores/definitions.ts', 'graph/scores/format.ts'].includes(path));
    expect(violations(under('server/routers'), (i) => !computation(i.target))).toEqual([]);
  });
});
