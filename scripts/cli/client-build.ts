import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The client's sources and the folder `vite build` writes, in this checkout. */
export const CLIENT_ROOT = fileURLToPath(new URL('../../client', import.meta.url));
export const CLIENT_DIST = join(CLIENT_ROOT, 'dist');

/** What the built client is made from: a change to any of these makes client/dist stale. */
function sourcesOf(root: string): string[] {
  return ['src', 'public', 'index.html', 'vite.config.ts']
    .map((name) => join(root, name))
    .filter((path) => existsSync(path));
}

function newestModification(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path, { recursive: true, encoding: 'utf8' }))
    newest = Math.max(newest, statSync(join(path, entry)).mtimeMs);
  return newest;
}

/**
 * Why the client in `dist` must be built before it is served: it is missing, or older than a source file (a pull or an
 * edit since the last build); null when it is up to date.
 */
export function clientBuildReason(root = CLIENT_ROOT, dist = join(root, 'dist')): string | null {
  const index = join(dist, 'index.html');
  if (!existsSync(index)) return `${dist} has no built app yet`;
  const built = statSync(index).mtimeMs;
  const changed = sourcesOf(root).find((source) => newestModification(source) > built);
  return changed ? `${changed} changed since the app was last built` : null;
}

/**
 * Builds the client with Vite into `dist` when it is missing or stale (see clientBuildReason); returns what it did.
 * Vite is a development dependency: where it is not installed, the error says how to build the client elsewhere.
 */
export async function ensureClientBuilt(
  options: { root?: string; dist?: string; onBuild?: (reason: string) => void } = {},
): Promise<'built' | 'up to date'> {
  const root = options.root ?? CLIENT_ROOT;
  const dist = options.dist ?? join(root, 'dist');
  const reason = clientBuildReason(root, dist);
  if (reason === null) return 'up to date';
  options.onBuild?.(reason);
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new Error(
      `the app must be built (${reason}), and Vite is not installed here: run \`npm install\` (with development dependencies), then \`npm run build\``,
    );
  }
  await vite.build({
    configFile: join(root, 'vite.config.ts'),
    root,
    logLevel: 'error',
    build: { outDir: dist, emptyOutDir: true },
  });
  return 'built';
}
