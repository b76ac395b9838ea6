import { dirname } from 'node:path';
import { z } from 'zod';
import { SwayError } from '../../graph/errors.ts';
import { DEFAULTS, IMPORT_FORMATS, readBatches } from '../../graph/import/index.ts';
import { RELATIONSHIP_KINDS } from '../../graph/model.ts';
import type { Hooks } from '../hooks.ts';
import type { GraphStore, ImportResult } from '../stores/contract.ts';
import { parseOptions, type RetentionChoice } from './options.ts';
import type { EngineChoice } from './engine-choice.ts';
import { rescore, type RescoreSummary } from './rescore.ts';

/** How to read a network file (`sway import` and the API's imports.create), with the importers' defaults. */
export const importOptions = z.object({
  format: z.enum(IMPORT_FORMATS).default(DEFAULTS.format),
  /** What a file's edge `u v` means; default per format (graph/import). */
  kind: z.enum(RELATIONSHIP_KINDS).optional(),
  /** edgelist: each line is a mutual relationship, stored both ways. */
  undirected: z.boolean().default(DEFAULTS.undirected),
  /** signed-csv: the range ratings are given in, scaled onto [-1, 1]. */
  ratingRange: z
    .tuple([z.number(), z.number()])
    .refine(([low, high]) => low < high, { message: 'must be low,high with low < high' })
    .default([...DEFAULTS.ratingRange]),
});

export type ImportOptions = z.input<typeof importOptions>;

export interface ImportRequest extends ImportOptions {
  /** The file to read. */
  file: string;
  /** csv: the people file, when `file` is the relationships file. */
  people?: string;
  /** The name users know the file by (the audit trail; errors name it instead of the path read). */
  source: string;
  /** Re-score after the import when it changed the graph (or nothing was scored yet). Default false. */
  rescore?: boolean;
  /** The engine that re-scores, its settings (default the local one), and which score versions to keep. */
  scoring?: EngineChoice & RetentionChoice;
  /** Relationships the file is expected to hold, to report progress as a fraction (default: unknown, 0). */
  expectedRelationships?: number;
  /** The file is an upload in a temporary folder: errors leave that folder out. */
  uploaded?: boolean;
}

export interface ImportSummary extends ImportResult {
  source: string;
  /** The re-scoring that followed, when asked for and the graph changed. */
  scoring: RescoreSummary | null;
  /**
   * Why the re-scoring asked for did not run although the import was committed (another run, e.g. `sway rescore`
   * from cron, held the lock); null when it ran or was not needed. The import itself succeeded either way.
   */
  scoringDeferred: string | null;
}

/**
 * Imports a network file through the store's all-or-nothing import (phase `import`), then, when asked, re-scores
 * (phases `score: lock`, `score: load`, ...). Errors about an upload name the file as the user called it, never the
 * temporary folder it was written to.
 */
export async function importNetwork(
  store: GraphStore,
  request: ImportRequest,
  hooks: Hooks = {},
): Promise<ImportSummary> {
  const o = parseOptions(
    importOptions,
    { format: request.format, kind: request.kind, undirected: request.undirected, ratingRange: request.ratingRange },
    'import',
  );
  const folder = `${dirname(request.file)}/`;
  try {
    const batches = readBatches(request.file, { ...o, people: request.people });
    const before = await store.counts();
    hooks.onPhase?.('import');
    const expected = request.expectedRelationships;
    const imported = await store.importBatches(batches, {
      source: request.source,
      signal: hooks.signal,
      onProgress: ({ relationships }) =>
        hooks.onProgress?.(
          expected ? Math.min(0.99, relationships / expected) : 0,
          `${relationships.toLocaleString('en-US')} relationships`,
        ),
    });
    let scoring: RescoreSummary | null = null;
    let scoringDeferred: string | null = null;
    const changed = imported.graphVersion !== before.graphVersion || before.scoreVersion === null;
    if (request.rescore && changed) {
      try {
        scoring = await rescore(
          store,
          { ...request.scoring },
          { ...hooks, onPhase: (phase) => hooks.onPhase?.(`score: ${phase}`) },
        );
      } catch (error) {
        // The import is committed: failing the whole job here would report an import that the store holds as failed.
        if (!(error instanceof SwayError && error.code === 'LOCK_HELD')) throw error;
        scoringDeferred = `the import was committed; re-scoring was deferred because ${error.message}`;
      }
    }
    return { ...imported, source: request.source, scoring, scoringDeferred };
  } catch (error) {
    if (request.uploaded && error instanceof SwayError && error.message.includes(folder)) {
      throw new SwayError(error.code, error.message.split(folder).join(''));
    }
    throw error;
  }
}
