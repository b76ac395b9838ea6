import { relative, resolve } from 'node:path';
import { build, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';

/**
 * The built client carries no computation: of graph/ it may bundle only the score declarations
 * (graph/scores/definitions.ts) and the number formats (graph/scores/format.ts), and nothing of the server. The
 * client is built with vite as for production, in memory, and every module of every chunk is listed.
 */
const ROOT = resolve(import.meta.dirname, '../..');

describe('the built client', () => {
  it('bundles no algorithm, no score computation and no server code', async () => {
    const result = await build({
      configFile: resolve(ROOT, 'client/vite.config.ts'),
      logLevel: 'silent',
      build: { write: false },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
    const chunks = outputs
      .flatMap((output) => output.output)
      .filter((item): item is Rolldown.OutputChunk => item.type === 'chunk');
    const modules = chunks
      .flatMap((chunk) => Object.keys(chunk.modules))
      .map((id) => relative(ROOT, id.replace(/\?.*$/, '')));
    expect(modules.some((module) => module.startsWith('client/src/'))).toBe(true);
    const fromGraph = modules.filter((module) => module.startsWith('graph/'));
    expect(fromGraph.sort()).toEqual(['graph/scores/definitions.ts', 'graph/scores/format.ts']);
    expect(modules.filter((module) => module.startsWith('server/') && module !== 'server/auth/roles.ts')).toEqual([]);
  });
});
