import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SwayError } from '../../../graph/errors.ts';
import { readBatches } from '../../../graph/import/index.ts';
import type { GraphStore, ImportResult } from '../../stores/contract.ts';
import type { RescoreSummary } from '../rescore.ts';
import type { ImportTaskParams } from '../protocol.ts';
import type { TaskContext } from './context.ts';
import { runScoreTask } from './score-task.ts';

export interface ImportTaskResult extends ImportResult {
  source: string;
  /** The re-scoring that followed, when asked for and the graph changed. */
  scoring: RescoreSummary | null;
}

/**
 * Imports an uploaded file through the store's all-or-nothing import, then re-scores. Errors name the file as the user
 * called it, never the temporary path it was written to.
 */
export async function runImportTask(
  store: GraphStore,
  params: ImportTaskParams,
  context: TaskContext,
): Promise<ImportTaskResult> {
  const folder = `${dirname(params.file)}/`;
  try {
    const before = await store.counts();
    const lines = Math.max(1, countLines(params.file));
    context.progress({ fraction: 0, phase: 'import' });
    const batches = readBatches(params.file, {
      format: params.format,
      kind: params.kind,
      undirected: params.undirected ?? false,
      ratingRange: params.ratingRange,
      people: params.people,
    });
    const share = params.score ? 0.4 : 1;
    const imported = await store.importBatches(batches, {
      source: params.source,
      signal: context.signal,
      onProgress: ({ relationships }) =>
        context.progress({
          fraction: share * Math.min(0.99, relationships / lines),
          phase: 'import',
          detail: `${relationships} relationships`,
        }),
    });
    let scoring: RescoreSummary | null = null;
    const changed = imported.graphVersion !== before.graphVersion || before.scoreVersion === null;
    if (params.score && changed) {
      scoring = await runScoreTask(
        store,
        {},
        {
          ...context,
          progress: (progress) =>
            context.progress({
              ...progress,
              fraction: share + (1 - share) * progress.fraction,
              phase: `score: ${progress.phase}`,
            }),
        },
      );
    }
    return { ...imported, source: params.source, scoring };
  } catch (error) {
    if (error instanceof SwayError && error.message.includes(folder)) {
      throw new SwayError(error.code, error.message.split(folder).join(''));
    }
    throw error;
  }
}

/** Lines in the file, to turn the importer's relationship count into a fraction (uploads are bounded in size). */
function countLines(file: string): number {
  const bytes = readFileSync(file);
  let lines = 0;
  for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++;
  return lines;
}
