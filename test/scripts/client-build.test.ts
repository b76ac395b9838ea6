import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clientBuildReason } from '../../scripts/cli/client-build.ts';

describe('when `sway serve` builds the app first', () => {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));
  const at = (path: string, seconds: number) => utimesSync(path, seconds, seconds);

  function checkout(): string {
    const root = mkdtempSync(join(tmpdir(), 'sway-client-'));
    roots.push(root);
    mkdirSync(join(root, 'src', 'views'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html>');
    writeFileSync(join(root, 'src', 'views', 'Explorer.svelte'), '<p>explorer</p>');
    for (const path of [
      join(root, 'index.html'),
      join(root, 'src', 'views', 'Explorer.svelte'),
      join(root, 'src', 'views'),
      join(root, 'src'),
    ])
      at(path, 1000);
    return root;
  }

  it('builds when client/dist is missing, or older than a source file; not when it is up to date', () => {
    const root = checkout();
    expect(clientBuildReason(root)).toBe(`${join(root, 'dist')} has no built app yet`);
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html>');
    at(join(root, 'dist', 'index.html'), 2000);
    expect(clientBuildReason(root)).toBeNull();
    // A pull or an edit changes a file deep in src/.
    at(join(root, 'src', 'views', 'Explorer.svelte'), 3000);
    expect(clientBuildReason(root)).toBe(`${join(root, 'src')} changed since the app was last built`);
  });
});
