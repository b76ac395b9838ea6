import { readInput } from '../../graph/import/input.ts';
import type { Hooks } from '../hooks.ts';
import type { EngineChoice } from '../usecases/engine-choice.ts';
import type { RetentionChoice } from '../usecases/options.ts';
import type { GraphStore } from '../stores/contract.ts';
import { planAdvocates } from '../usecases/advocates.ts';
import { importNetwork } from '../usecases/import.ts';
import { rescore } from '../usecases/rescore.ts';
import { spreadMessage } from '../usecases/spread.ts';
import type { JobProgress, TaskRequest } from './protocol.ts';

/** What a task gets from the worker that runs it. */
export interface TaskContext {
  jobId: string;
  signal: AbortSignal;
  /** The engine the server is configured with (sway serve --engine): the API's requests do not choose it. */
  engine: EngineChoice;
  /** Which score versions re-scorings keep (sway serve --keep-versions --keep-days): not the API's choice either. */
  retention: RetentionChoice;
  progress(progress: JobProgress): void;
}

/** Where each phase of a use case starts in its job's 0..1 progress (a phase ends where the next starts). */
const SCORE_PHASES = { lock: 0, load: 0.02, compute: 0.1, write: 0.9, movers: 0.97 };
const ADVOCATE_PHASES = { load: 0, communities: 0.05, selecting: 0.1, evaluating: 0.5 };
/** A spread's phases; compare, contest and paths run only when asked for (a phase skipped is passed over). */
const SPREAD_PHASES = { load: 0, starting: 0.1, reach: 0.15, compare: 0.55, contest: 0.75, paths: 0.95 };
/** An import that re-scores spends the first 40% importing. */
const IMPORT_SHARE = 0.4;

/** Runs one job's task against an open store (in a worker thread; see worker.ts): the use case the kind names. */
export async function runTask(store: GraphStore, task: TaskRequest, context: TaskContext): Promise<unknown> {
  switch (task.kind) {
    case 'score':
      return rescore(
        store,
        { ...task.params, ...context.engine, ...context.retention },
        jobHooks(context, SCORE_PHASES),
      );
    case 'advocates':
      return planAdvocates(store, { ...task.params, ...context.engine }, jobHooks(context, ADVOCATE_PHASES));
    case 'spread':
      return spreadMessage(store, task.params, jobHooks(context, SPREAD_PHASES), { threads: context.engine.threads });
    case 'import': {
      const share = task.params.rescore ? IMPORT_SHARE : 1;
      const phases: Record<string, number> = { import: 0 };
      for (const [phase, start] of Object.entries(SCORE_PHASES))
        phases[`score: ${phase}`] = share + (1 - share) * start;
      const lines = Math.max(1, await countLines(task.params.file));
      return importNetwork(
        store,
        {
          ...task.params,
          expectedRelationships: lines,
          uploaded: true,
          scoring: { ...context.engine, ...context.retention },
        },
        jobHooks(context, phases),
      );
    }
  }
}

/** Turns a use case's phases and in-phase progress into the job's progress over the whole job. */
function jobHooks(context: TaskContext, starts: Record<string, number>): Hooks {
  const phases = Object.keys(starts);
  let phase = phases[0];
  const span = (name: string): [number, number] => {
    const at = phases.indexOf(name);
    const start = starts[name] ?? 0;
    return [start, at >= 0 && at + 1 < phases.length ? starts[phases[at + 1]] : 1];
  };
  return {
    signal: context.signal,
    onPhase(next) {
      phase = next;
      context.progress({ fraction: span(next)[0], phase: next });
    },
    onProgress(fraction, detail) {
      const [start, end] = span(phase);
      context.progress({ fraction: start + (end - start) * Math.min(1, Math.max(0, fraction)), phase, detail });
    },
  };
}

/** Lines in the file (gunzipped if need be), to turn the importer's relationship count into a fraction. */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const bytes of readInput(file))
    for (let i = bytes.indexOf(10); i !== -1; i = bytes.indexOf(10, i + 1)) lines++;
  return lines;
}
